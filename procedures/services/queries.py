"""Read-only queries the editor needs: the navigator, headers, lists, figures by uuid.

Everything returned is a frozen dataclass or a tuple of them (safe to hand between
threads and to cache in the window's models). The caller owns the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import tables as t
from models.codes import EntityKind, VersionKind
from procedures import snapshots as s
from procedures.i18n import _
from procedures.metrics import Comparison, compare_metrics
from procedures.rules.scenario import baseline_of
from procedures.rules.suggestions import Suggestion, suggest
from procedures.services.fields import row_by_uuid
from procedures.services.measurement import Measured, procedure_context
from procedures.storage.read import load_entity, load_procedure
from procedures.text import fold


@dataclass(frozen=True, slots=True)
class EntityItem:
    id: int
    ubigeo: str
    name: str
    kind: EntityKind
    province: str
    procedures: int


@dataclass(frozen=True, slots=True)
class ProcedureItem:
    entity_id: int
    uuid: str
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class VersionItem:
    uuid: str
    name: str
    kind: VersionKind
    adopted: bool
    based_on: str  # name of the version it copies, or ""


@dataclass(frozen=True, slots=True)
class ProcedureHeader:
    uuid: str
    code: str
    name: str
    ubigeo: str
    entity_name: str
    minutes_per_working_day: int
    versions: tuple[VersionItem, ...]

    def version(self, uuid: str) -> VersionItem | None:
        return next((v for v in self.versions if v.uuid == uuid), None)

    @property
    def baseline(self) -> VersionItem | None:
        return baseline_of(self.versions)


@dataclass(frozen=True, slots=True)
class DayItem:
    uuid: str
    day: date
    name: str


def navigator_entities(session: Session) -> tuple[EntityItem, ...]:
    """Every entity with its procedure count, by province (provincial one first)."""
    counts = dict(session.execute(
        select(t.Procedure.entity_id, func.count()).group_by(t.Procedure.entity_id)
    ).all())
    rows = session.execute(select(t.Entity.id, t.Entity.ubigeo, t.Entity.name, t.Entity.kind,
                                  t.Entity.province)).all()
    items = [EntityItem(id_, ubigeo, name, kind, province or _("(no province)"),
                        counts.get(id_, 0)) for id_, ubigeo, name, kind, province in rows]
    items.sort(key=lambda e: (e.ubigeo[:4], e.kind is not EntityKind.PROVINCIAL, fold(e.name)))
    return tuple(items)


def entity_procedures(session: Session, entity_id: int) -> tuple[ProcedureItem, ...]:
    """The procedures of one entity in TUPA order."""
    rows = session.execute(
        select(t.Procedure.uuid, t.Procedure.code, t.Procedure.name)
        .where(t.Procedure.entity_id == entity_id)
        .order_by(t.Procedure.position, t.Procedure.id)
    ).all()
    return tuple(ProcedureItem(entity_id, uuid, code, name) for uuid, code, name in rows)


def procedure_index(session: Session) -> tuple[ProcedureItem, ...]:
    """Every procedure of the database (uuid, code, name) for searching in memory."""
    rows = session.execute(
        select(t.Procedure.entity_id, t.Procedure.uuid, t.Procedure.code, t.Procedure.name)
        .order_by(t.Procedure.entity_id, t.Procedure.position, t.Procedure.id)
    ).all()
    return tuple(ProcedureItem(*row) for row in rows)


def procedure_header(session: Session, uuid: str) -> ProcedureHeader:
    procedure = row_by_uuid(session, t.Procedure, uuid)
    entity = session.get(t.Entity, procedure.entity_id)
    versions = list(session.scalars(select(t.Version).where(
        t.Version.procedure_id == procedure.id).order_by(t.Version.position, t.Version.id)))
    names = {v.id: v.name for v in versions}
    return ProcedureHeader(
        uuid=procedure.uuid, code=procedure.code, name=procedure.name, ubigeo=entity.ubigeo,
        entity_name=entity.name, minutes_per_working_day=entity.minutes_per_working_day,
        versions=tuple(VersionItem(v.uuid, v.name, v.kind, v.adopted,
                                   names.get(v.based_on_id, "") if v.based_on_id else "")
                       for v in versions))


def _context(session: Session, procedure_uuid: str):  # type: ignore[no-untyped-def]
    procedure = row_by_uuid(session, t.Procedure, procedure_uuid)
    ubigeo = session.scalar(select(t.Entity.ubigeo).where(t.Entity.id == procedure.entity_id))
    return procedure_context(session, ubigeo, procedure.code)


def _pick(procedure: s.Procedure, version_uuid: str) -> s.Version:
    found = next((v for v in procedure.versions if v.uid == version_uuid), None)
    if found is None:
        raise LookupError(version_uuid)
    return found


def measure_uuid(session: Session, procedure_uuid: str, version_uuid: str) -> Measured:
    """Every figure of one version (the engine's `Measured`), found by uuids."""
    context = _context(session, procedure_uuid)
    return context.measure(_pick(context.procedure, version_uuid))


def compare_uuids(
    session: Session, procedure_uuid: str, before_uuid: str, after_uuid: str
) -> Comparison:
    """The engine's comparison of two versions of one procedure."""
    context = _context(session, procedure_uuid)
    before = _pick(context.procedure, before_uuid)
    after = _pick(context.procedure, after_uuid)
    return compare_metrics(context.measure(before).metrics, context.measure(after).metrics,
                           before, after)


def suggestions_uuid(
    session: Session, procedure_uuid: str, version_uuid: str
) -> tuple[Suggestion, ...]:
    """The engine's simplification proposals for a version, each with its effect."""
    context = _context(session, procedure_uuid)
    return suggest(context.entity, context.procedure, _pick(context.procedure, version_uuid),
                   context.rates, context.reference)


def procedure_fields(session: Session, uuid: str) -> tuple[s.Entity, s.Procedure]:
    """The entity (organisation only) and the procedure's TUPA data with its versions."""
    procedure = row_by_uuid(session, t.Procedure, uuid)
    ubigeo = session.scalar(select(t.Entity.ubigeo).where(t.Entity.id == procedure.entity_id))
    return load_procedure(session, ubigeo, procedure.code)


def entity_snapshot(session: Session, ubigeo: str) -> s.Entity:
    """The entity with its units, positions, resources and days off (no procedures)."""
    return load_entity(session, ubigeo)


def entity_days(session: Session, ubigeo: str) -> tuple[DayItem, ...]:
    rows = session.execute(
        select(t.NonWorkingDay.uuid, t.NonWorkingDay.day, t.NonWorkingDay.name)
        .join(t.Entity).where(t.Entity.ubigeo == ubigeo).order_by(t.NonWorkingDay.day)
    ).all()
    return tuple(DayItem(*row) for row in rows)


def reference_table(session: Session) -> tuple[s.ReferenceValues, ...]:
    rows = session.scalars(select(t.ReferenceValue).order_by(t.ReferenceValue.year))
    return tuple(s.ReferenceValues(r.year, r.uit, r.rmv) for r in rows)


def procedure_of_version(session: Session, version_uuid: str) -> str:
    version = row_by_uuid(session, t.Version, version_uuid)
    return session.scalar(select(t.Procedure.uuid).where(t.Procedure.id == version.procedure_id))
