"""The UIT and RMV a new year of the reference table starts with (DOMAIN §7).

Both are decreed each year; until the person types them, a new year carries the latest
year's values (a fee is measured against some UIT, never against none).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from procedures.snapshots import ReferenceValues

#: The latest values the program knows (2026), for a table without any year.
LATEST_UIT = Decimal(5500)
LATEST_RMV = Decimal(1130)


def new_year_values(table: Iterable[ReferenceValues]) -> tuple[Decimal, Decimal]:
    """(UIT, RMV) for a year added to `table`: those of its latest year."""
    latest = max(table, key=lambda row: row.year, default=None)
    return (latest.uit, latest.rmv) if latest is not None else (LATEST_UIT, LATEST_RMV)
