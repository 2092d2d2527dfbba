"""Read-only queries the editor needs: the navigator, headers, lists (figures: measurement).

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
from procedures.rules.scenario import baseline_of
from procedures.services.fields import row_by_uuid
from procedures.storage.read import load_entity, load_procedure, load_procedures
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
    revision: int = 0  # the row's counter as read (what a rename expects)


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
    """Every entity with its procedure count, by province (provincial one first).

    Plain table columns, not the mapped classes: the window's first query then does not
    configure every ORM mapper (a tenth of a second of its start-up)."""
    procedure, entity = t.Procedure.__table__.c, t.Entity.__table__.c
    counts: dict[int, int] = dict(session.execute(
        select(procedure.entity_id, func.count()).group_by(procedure.entity_id)
    ).all())
    rows = session.execute(select(entity.id, entity.ubigeo, entity.name, entity.kind,
                                  entity.province)).all()
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
    entity = session.get_one(t.Entity, procedure.entity_id)
    versions = list(session.scalars(select(t.Version).where(
        t.Version.procedure_id == procedure.id).order_by(t.Version.position, t.Version.id)))
    names = {v.id: v.name for v in versions}
    return ProcedureHeader(
        uuid=procedure.uuid, code=procedure.code, name=procedure.name, ubigeo=entity.ubigeo,
        entity_name=entity.name, minutes_per_working_day=entity.minutes_per_working_day,
        versions=tuple(VersionItem(v.uuid, v.name, v.kind, v.adopted,
                                   names.get(v.based_on_id, "") if v.based_on_id else "",
                                   v.revision)
                       for v in versions))


def procedure_fields(session: Session, uuid: str) -> tuple[s.Entity, s.Procedure]:
    """The entity (organisation only) and the procedure's TUPA data with its versions
    (their activities are not read: the form does not show them)."""
    procedure = row_by_uuid(session, t.Procedure, uuid)
    ubigeo = session.execute(
        select(t.Entity.ubigeo).where(t.Entity.id == procedure.entity_id)).scalar_one()
    return load_procedure(session, ubigeo, procedure.code, steps=False)


@dataclass(frozen=True)
class ProcedureForm:
    """What the TUPA form shows: the procedure's data with its versions (no steps), and
    its municipality's units as (code, name) for the "filed at" and "approved by"."""

    ubigeo: str
    units: tuple[tuple[str, str], ...]
    procedure: s.Procedure


def procedure_form(session: Session, uuid: str) -> ProcedureForm:
    """The TUPA form's data: fewer reads than `procedure_fields` (no positions,
    resources or days off), on every open of a procedure."""
    procedure = row_by_uuid(session, t.Procedure, uuid)
    entity_id = procedure.entity_id
    ubigeo = session.execute(
        select(t.Entity.ubigeo).where(t.Entity.id == entity_id)).scalar_one()
    units = session.execute(select(t.Unit.id, t.Unit.code, t.Unit.name)
                            .where(t.Unit.entity_id == entity_id).order_by(t.Unit.id)).all()
    found = load_procedures(session, entity_id, [procedure.code],
                            {unit_id: code for unit_id, code, _name in units}, steps=False)
    return ProcedureForm(ubigeo, tuple((code, name) for _id, code, name in units), found[0])


def entity_snapshot(session: Session, ubigeo: str) -> s.Entity:
    """The entity with its units, positions, resources and days off (no procedures)."""
    return load_entity(session, ubigeo)


def entity_days(session: Session, ubigeo: str) -> tuple[DayItem, ...]:
    rows = session.execute(
        select(t.NonWorkingDay.uuid, t.NonWorkingDay.day, t.NonWorkingDay.name)
        .join(t.Entity).where(t.Entity.ubigeo == ubigeo).order_by(t.NonWorkingDay.day)
    ).all()
    return tuple(DayItem(*row) for row in rows)
