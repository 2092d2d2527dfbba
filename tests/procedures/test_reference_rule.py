"""The UIT and RMV a year added to the reference table starts with."""

from __future__ import annotations

from decimal import Decimal

from procedures.rules.reference import LATEST_RMV, LATEST_UIT, new_year_values
from procedures.snapshots import ReferenceValues


def test_a_new_year_starts_with_the_latest_years_values() -> None:
    table = [ReferenceValues(2025, Decimal(5350), Decimal(1130)),
             ReferenceValues(2026, Decimal(5500), Decimal(1130)),
             ReferenceValues(2019, Decimal(4200), Decimal(930))]
    assert new_year_values(table) == (Decimal(5500), Decimal(1130))
    assert new_year_values(table[2:]) == (Decimal(4200), Decimal(930))


def test_an_empty_table_starts_with_the_values_the_program_knows() -> None:
    """DOMAIN §7: 2026, UIT S/ 5,500 and RMV S/ 1,130."""
    assert new_year_values([]) == (LATEST_UIT, LATEST_RMV) == (Decimal(5500), Decimal(1130))
