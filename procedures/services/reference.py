"""The reference values by year (UIT and RMV), shared by every municipality of a database.

The UIT of a municipality's year measures its fees (fee above one UIT needs an
authorisation); a year without a row falls back to the settings' own UIT or to nothing.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import tables as t
from procedures import snapshots as s
from procedures.i18n import _
from procedures.services.fields import check_value, decimal, integer, log_change

_BIG = Decimal("9999999999.99")


def reference_table(session: Session) -> tuple[s.ReferenceValues, ...]:
    """Every year's UIT and RMV, oldest first (the settings' table)."""
    rows = session.scalars(select(t.ReferenceValue).order_by(t.ReferenceValue.year))
    return tuple(s.ReferenceValues(r.year, r.uit, r.rmv) for r in rows)


def set_reference(session: Session, year: int, uit: Decimal, rmv: Decimal,
                  author: str = "") -> s.ReferenceValues | None:
    """Create or change the UIT and RMV of `year`; return the previous values."""
    year = check_value(integer(1990, 2100), year, "reference_value.year")
    uit = check_value(decimal(Decimal(0), _BIG, above=True), uit, "reference_value.uit")
    rmv = check_value(decimal(Decimal(0), _BIG, above=True), rmv, "reference_value.rmv")
    row = session.get(t.ReferenceValue, year)
    old = s.ReferenceValues(year, row.uit, row.rmv) if row is not None else None
    if row is None:
        row = t.ReferenceValue(year=year, uit=uit, rmv=rmv)
        session.add(row)
    row.uit, row.rmv = uit, rmv
    session.flush()
    summary = _("Set UIT {uit} and RMV {rmv} for {year}").format(uit=uit, rmv=rmv, year=year)
    for name, before, after in (("uit", old.uit if old else None, uit),
                                ("rmv", old.rmv if old else None, rmv)):
        if before is None or before != after:
            log_change(session, None, "reference_value", "", "update" if old else "create",
                       summary, author, field=name, old=before, new=after, label=str(year))
    return old


def delete_reference(session: Session, year: int, author: str = "") -> s.ReferenceValues | None:
    row = session.get(t.ReferenceValue, year)
    if row is None:
        return None
    old = s.ReferenceValues(year, row.uit, row.rmv)
    session.delete(row)
    session.flush()
    summary = _("Deleted the reference values of {year}").format(year=year)
    for name, before in (("uit", old.uit), ("rmv", old.rmv)):
        log_change(session, None, "reference_value", "", "delete", summary, author,
                   field=name, old=before, label=str(year))
    return old
