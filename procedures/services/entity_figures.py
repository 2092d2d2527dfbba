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

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import tables as t
from models.codes import VersionKind
from procedures.errors import NotFoundError
from procedures.i18n import _
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
    """The figures of every procedure of `ubigeo` that has a version, in TUPA order: the
    stored ones (`version_figures`); measured by the engine while some are not stored."""
    stored = _stored(session, ubigeo)
    return stored if stored is not None else _measured(session, ubigeo)


def _stored(session: Session, ubigeo: str) -> tuple[ProcedureFigures, ...] | None:
    from procedures.services.figures import in_force_of

    procedures = session.execute(
        select(t.Procedure.id, t.Procedure.uuid, t.Procedure.code, t.Procedure.name)
        .join(t.Entity, t.Entity.id == t.Procedure.entity_id)
        .where(t.Entity.ubigeo == ubigeo)
        .order_by(t.Procedure.position, t.Procedure.id)).all()
    if not procedures and session.scalar(
            select(t.Entity.id).where(t.Entity.ubigeo == ubigeo)) is None:
        raise NotFoundError(_("there is no entity with ubigeo {ubigeo}").format(ubigeo=ubigeo))
    kinds: dict[int, set[VersionKind]] = {}
    for procedure_id, kind in session.execute(
            select(t.Version.procedure_id, t.Version.kind)
            .join(t.Procedure, t.Procedure.id == t.Version.procedure_id)
            .join(t.Entity, t.Entity.id == t.Procedure.entity_id)
            .where(t.Entity.ubigeo == ubigeo)):
        kinds.setdefault(procedure_id, set()).add(kind)
    found = in_force_of(session, [p.uuid for p in procedures])
    if len(found) < sum(1 for p in procedures if p.id in kinds):
        return None  # some not stored yet (a database being filled): measure instead
    rows = []
    for procedure in procedures:
        item = found.get(procedure.uuid)
        if item is None:
            continue
        f = item.figures
        yearly = f.yearly
        rows.append(ProcedureFigures(
            uuid=procedure.uuid, code=procedure.code, name=procedure.name,
            version=item.version, activities=f.activities,
            has_proposal=VersionKind.TO_BE in kinds.get(procedure.id, set()),
            cases=yearly.cases, unit_cost=f.unit_cost, fee=f.fee,
            business_days=f.business_days, citizen_cost=f.citizen_cost,
            citizen_hours=f.citizen_minutes / 60, yearly_entity_cost=yearly.entity_cost,
            yearly_citizen_hours=yearly.citizen_hours,
            yearly_citizen_cost=yearly.citizen_cost, warnings=tuple(f.warnings)))
    return tuple(rows)


def _measured(session: Session, ubigeo: str) -> tuple[ProcedureFigures, ...]:
    from procedures.services.reports import measure_loaded  # ReportLab: only when needed

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
