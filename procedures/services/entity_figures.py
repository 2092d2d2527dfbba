"""The one door through which the overview reads the figures of a municipality's
procedures (the version in force of each).

Today the figures are computed here by the engine (the portfolio's way: the municipality
loaded in bulk, allocation rates once, `compute_metrics` per procedure). When stored
per-version figures land, only `entity_figures` changes: every reader gets a tuple of
`ProcedureFigures`, whatever produced them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from models.codes import VersionKind
from procedures.errors import NotFoundError
from procedures.i18n import _
from procedures.services.reports import measure_loaded
from procedures.storage.bulk_read import iter_entities
from procedures.storage.read import reference_values


@dataclass(frozen=True, slots=True)
class ProcedureFigures:
    """A procedure's version in force, in the figures of the portfolio (DESIGN §5)."""

    uuid: str
    code: str
    name: str
    version: str
    activities: int
    has_proposal: bool
    cases: int  # yearly demand
    unit_cost: Decimal
    fee: Decimal
    business_days: int
    citizen_cost: Decimal  # burden on the resident, per case (time valued + money)
    citizen_hours: Decimal  # per case
    yearly_entity_cost: Decimal
    yearly_citizen_hours: Decimal
    yearly_citizen_cost: Decimal
    warnings: tuple[str, ...]

    @property
    def mapped(self) -> bool:
        """Whether its version in force has steps."""
        return self.activities > 0


def entity_figures(session: Session, ubigeo: str) -> tuple[ProcedureFigures, ...]:
    """The figures of every procedure of `ubigeo` that has a version, in TUPA order."""
    entity = next(iter_entities(session, [ubigeo]), None)
    if entity is None:
        raise NotFoundError(_("there is no entity with ubigeo {ubigeo}").format(ubigeo=ubigeo))
    measured = measure_loaded(entity, reference_values(session, entity.settings.year))
    return tuple(ProcedureFigures(
        uuid=procedure.uid, code=procedure.code, name=procedure.name, version=version.name,
        activities=metrics.activities,
        has_proposal=any(v.kind is VersionKind.TO_BE for v in procedure.versions),
        cases=metrics.yearly.cases, unit_cost=metrics.cost.unit_cost, fee=metrics.fee,
        business_days=metrics.business_days, citizen_cost=metrics.citizen.cost,
        citizen_hours=metrics.citizen.minutes / 60,
        yearly_entity_cost=metrics.yearly.entity_cost,
        yearly_citizen_hours=metrics.yearly.citizen_hours,
        yearly_citizen_cost=metrics.yearly.citizen_cost,
        warnings=tuple(str(w.code) for w in metrics.warnings),
    ) for procedure, version, metrics in measured.rows)
