"""`portfolio --entity CODE [--json]` (DESIGN §5) and the portfolio PDF: every procedure's
figures under a municipality, a province or the department, read from the stored
figures.

The figures are those of each procedure's version in force (`rules.scenario.in_force`),
kept in `version_figures` in the same transaction as every change (#17) and read by one
query (`storage.in_force`); a version whose figures are not stored yet (a database being
filled) is measured by the engine, so the answer is the same either way (tests compare
it with `metrics --json`). The JSON, the text listing and the PDF all print these rows;
the rows and the JSON text are `procedures.portfolio`'s (also read without a Session).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from procedures.headline import EntityFigures, ProcedureFigures, from_metrics
from procedures.portfolio import check_code, json_pieces, rows_under
from procedures.storage.in_force import NotStored

__all__ = ["check_code", "json_pieces", "measured", "portfolio_rows"]


def portfolio_rows(session: Session, code: str) -> list[EntityFigures]:
    """Every municipality under `code`, in ubigeo order, with its procedures' figures
    (those with a version; a municipality with none has no rows)."""
    rows = rows_under(session, code, lambda missing: measured(session, missing))
    assert rows is not None  # every version is measured
    return rows


def measured(session: Session, missing: NotStored) -> ProcedureFigures:
    """The engine's figures of a version in force not stored yet."""
    from procedures.services.lookup import pick_version
    from procedures.services.measurement import procedure_context

    context = procedure_context(session, missing.uuid)
    version = pick_version(context.procedure, missing.version)
    return from_metrics(missing.uuid, missing.code, missing.name, missing.version,
                        missing.has_proposal, context.measure(version).metrics)


