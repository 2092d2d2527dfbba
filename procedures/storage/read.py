"""Build snapshots from storage. Read-only; the caller owns the session.

Loads use eager `selectinload` chains so a procedure (or a whole entity) arrives in a
handful of queries, then everything is copied into frozen dataclasses that may cross
threads; no ORM object leaves this module.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session, selectinload

from models import tables as t
from models.codes import ActivityType, ValueClass, VersionKind
from procedures import snapshots as s
from procedures.errors import NotFoundError
from procedures.i18n import _


def entity_row(session: Session, ubigeo: str) -> t.Entity:
    row = session.scalar(select(t.Entity).where(t.Entity.ubigeo == ubigeo))
    if row is None:
        raise NotFoundError(_("there is no entity with ubigeo {ubigeo}").format(ubigeo=ubigeo))
    return row


def procedure_row(session: Session, entity_id: int, code: str) -> t.Procedure:
    row = session.scalar(
        select(t.Procedure).where(t.Procedure.entity_id == entity_id, t.Procedure.code == code)
    )
    if row is None:
        raise NotFoundError(_("there is no procedure with code {code}").format(code=code))
    return row


def reference_values(session: Session, year: int) -> s.ReferenceValues | None:
    row = session.get(t.ReferenceValue, year)
    if row is None:
        return None
    return s.ReferenceValues(year=row.year, uit=row.uit, rmv=row.rmv)


def settings_of(row: t.Entity | Row[Any]) -> s.Settings:
    """The settings of an entity, from its ORM row or a row of its table."""
    return s.Settings(
        year=row.year,
        hours_per_day=row.hours_per_day,
        days_per_month=row.days_per_month,
        minutes_per_working_day=row.minutes_per_working_day,
        rounding=row.rounding,
        citizen_hour_value=row.citizen_hour_value,
        travel_minutes=row.travel_minutes,
        travel_fare=row.travel_fare,
        uit=row.uit,
        logo=row.logo,
    )


def _unit_codes(session: Session, entity_id: int) -> dict[int, str]:
    return dict(session.execute(
        select(t.Unit.id, t.Unit.code).where(t.Unit.entity_id == entity_id)
    ).all())


def load_entity(
    session: Session, ubigeo: str, procedures: bool | Iterable[str] = False
) -> s.Entity:
    """The entity with its organisation; with `procedures` True (or a list of codes)
    also those procedures, in TUPA order."""
    row = session.scalar(
        select(t.Entity)
        .where(t.Entity.ubigeo == ubigeo)
        .options(
            selectinload(t.Entity.units),
            selectinload(t.Entity.positions),
            selectinload(t.Entity.resources).selectinload(t.Resource.allocations),
            selectinload(t.Entity.non_working_days),
        )
    )
    if row is None:
        raise NotFoundError(_("there is no entity with ubigeo {ubigeo}").format(ubigeo=ubigeo))
    units = {unit.id: unit.code for unit in row.units}
    loaded: tuple[s.Procedure, ...] = ()
    if procedures:
        codes = None if procedures is True else list(procedures)
        loaded = load_procedures(session, row.id, codes, units)
    return s.Entity(
        ubigeo=row.ubigeo,
        name=row.name,
        kind=row.kind,
        settings=settings_of(row),
        units=tuple(
            s.Unit(code=u.code, name=u.name, other_tupa_minutes=u.other_tupa_minutes, uid=u.uuid,
                   revision=u.revision)
            for u in sorted(row.units, key=lambda u: u.id)
        ),
        positions=tuple(
            s.Position(
                code=p.code, name=p.name, unit=units.get(p.unit_id) if p.unit_id else None,
                annual_cost=p.annual_cost, uid=p.uuid, revision=p.revision,
            )
            for p in sorted(row.positions, key=lambda p: p.id)
        ),
        resources=tuple(_resource(r, units) for r in sorted(row.resources, key=lambda r: r.id)),
        procedures=loaded,
        non_working_days=tuple(
            s.NonWorkingDay(day=d.day, name=d.name) for d in row.non_working_days
        ),
        province=row.province,
        address=row.address,
        office_hours=row.office_hours,
        phone=row.phone,
        email=row.email,
        website=row.website,
        reference_url=row.reference_url,
        uid=row.uuid,
        revision=row.revision,
    )


def _resource(row: t.Resource, units: dict[int, str]) -> s.Resource:
    ordered = sorted(row.allocations, key=lambda a: a.unit_id)
    return s.Resource(
        code=row.code,
        name=row.name,
        element=row.element,
        unit_cost=row.unit_cost,
        annual_cost=row.annual_cost,
        quantity=row.quantity,
        acquisition_cost=row.acquisition_cost,
        rate=row.rate,
        driver=row.driver,
        driver_values=tuple(
            (units[a.unit_id], a.driver_value) for a in ordered if a.driver_value is not None
        ),
        tupa_factor=tuple(
            (units[a.unit_id], a.tupa_factor) for a in ordered if a.tupa_factor is not None
        ),
        uid=row.uuid,
        revision=row.revision,
    )


def _procedure_options() -> tuple:
    activities = selectinload(t.Procedure.versions).selectinload(t.Version.activities)
    return (
        selectinload(t.Procedure.requirements),
        selectinload(t.Procedure.versions).selectinload(t.Version.requirements),
        activities.selectinload(t.Activity.staff).selectinload(t.ActivityStaff.position),
        activities.selectinload(t.Activity.resources).selectinload(t.ActivityResource.resource),
    )


def _fields_options() -> tuple:
    """The procedure's TUPA data and versions without their steps (a form's needs)."""
    return (
        selectinload(t.Procedure.requirements),
        selectinload(t.Procedure.versions).selectinload(t.Version.requirements),
        selectinload(t.Procedure.versions),
    )


def load_procedures(
    session: Session,
    entity_id: int,
    codes: list[str] | None = None,
    units: dict[int, str] | None = None,
    steps: bool = True,
) -> tuple[s.Procedure, ...]:
    """The procedures of an entity (those of `codes`), each with every version; without
    `steps` the versions come without their activities (much less to read)."""
    units = units if units is not None else _unit_codes(session, entity_id)
    query = (
        select(t.Procedure)
        .where(t.Procedure.entity_id == entity_id)
        .order_by(t.Procedure.position, t.Procedure.id)
        .options(*(_procedure_options() if steps else _fields_options()))
    )
    if codes is not None:
        query = query.where(t.Procedure.code.in_(codes))
    return tuple(procedure_snapshot(row, units, steps) for row in session.scalars(query))


def load_procedure(session: Session, ubigeo: str, code: str,
                   steps: bool = True) -> tuple[s.Entity, s.Procedure]:
    """The entity (organisation only) and one of its procedures with every version
    (without their activities unless `steps`)."""
    entity = load_entity(session, ubigeo)
    entity_id = entity_row(session, ubigeo).id
    found = load_procedures(session, entity_id, [code], steps=steps)
    if not found:
        raise NotFoundError(_("there is no procedure with code {code} in {entity}").format(
            code=code, entity=entity.name
        ))
    return entity, found[0]


def load_procedure_by_uuid(session: Session, uuid: str) -> tuple[s.Entity, s.Procedure, int]:
    """The entity (organisation only), one procedure with every version, and the entity's
    row id (for the allocation portfolio), found by the procedure's uuid."""
    row = session.scalar(
        select(t.Procedure).where(t.Procedure.uuid == uuid).options(*_fields_options())
    )
    if row is None:
        raise NotFoundError(_("the procedure no longer exists (it may have been deleted)"))
    ubigeo = session.scalar(select(t.Entity.ubigeo).where(t.Entity.id == row.entity_id))
    entity = load_entity(session, ubigeo or "")
    units = _unit_codes(session, row.entity_id)
    procedure = procedure_snapshot(row, units, steps=False)
    # The steps through plain queries (no ORM objects): the window measures after edits.
    versions = tuple(replace(version, activities=version_activity_snapshots(session, v.id, units))
                     for version, v in zip(procedure.versions, row.versions, strict=True))
    return entity, replace(procedure, versions=versions), row.entity_id


def load_versions_by_uuid(session: Session, version_uuids: Sequence[str]
                          ) -> tuple[s.Entity, s.Procedure, tuple[s.Version, ...], int]:
    """What measuring some versions of one procedure needs, and no more: the entity
    (organisation only), their procedure with every version's fields but only those
    versions' steps, those versions with their steps (in the order asked), and the
    entity's row id (for the allocation portfolio)."""
    found = session.execute(
        select(t.Version.uuid, t.Version.id, t.Version.procedure_id, t.Procedure.entity_id,
               t.Entity.ubigeo)
        .join(t.Procedure, t.Procedure.id == t.Version.procedure_id)
        .join(t.Entity, t.Entity.id == t.Procedure.entity_id)
        .where(t.Version.uuid.in_(set(version_uuids)))).all()
    ids = {row.uuid: row.id for row in found}
    if len(ids) != len(set(version_uuids)) or len({row.procedure_id for row in found}) != 1:
        raise NotFoundError(_("the version no longer exists (it may have been deleted)"))
    procedure_id, entity_id, ubigeo = found[0].procedure_id, found[0].entity_id, found[0].ubigeo
    row = session.scalar(
        select(t.Procedure).where(t.Procedure.id == procedure_id).options(*_fields_options()))
    assert row is not None  # found by the same query's join
    entity = load_entity(session, ubigeo)
    units = _unit_codes(session, entity_id)
    procedure = procedure_snapshot(row, units, steps=False)
    versions = tuple(
        replace(v, activities=version_activity_snapshots(session, ids[v.uid], units))
        if v.uid in ids else v for v in procedure.versions)
    procedure = replace(procedure, versions=versions)
    chosen = {v.uid: v for v in versions}
    return entity, procedure, tuple(chosen[uuid] for uuid in version_uuids), entity_id


def procedure_snapshot(row: t.Procedure, units: dict[int, str],
                       steps: bool = True) -> s.Procedure:
    """`steps` False: the versions' activities are left out (and not read)."""
    versions = row.versions
    names = {v.id: v.name for v in versions}
    return s.Procedure(
        code=row.code,
        name=row.name,
        kind=row.kind,
        calificacion=row.calificacion,
        plazo=row.plazo,
        plazo_unit=row.plazo_unit,
        annual_demand=row.annual_demand,
        preparation_minutes=row.preparation_minutes,
        filed_at=units.get(row.filed_at_id) if row.filed_at_id else None,
        approved_by=units.get(row.approved_by_id) if row.approved_by_id else None,
        requirements=tuple(_requirement(q) for q in row.requirements),
        versions=tuple(_version(v, units, names, steps) for v in versions),
        description=row.description,
        who_may_apply=row.who_may_apply,
        legal_basis=row.legal_basis,
        channels=row.channels,
        contact=row.contact,
        steps_note=row.steps_note,
        reconsideration_authority=row.reconsideration_authority,
        appeal_authority=row.appeal_authority,
        uid=row.uuid,
        revision=row.revision,
        standard_code=row.standard_code,
    )


def _requirement(row: t.Requirement) -> s.Requirement:
    return s.Requirement(
        name=row.name, kind=row.kind, cost=row.cost, legal_basis=row.legal_basis, uid=row.uuid,
        revision=row.revision,
    )


def _version(row: t.Version, units: dict[int, str], names: dict[int, str],
             steps: bool = True) -> s.Version:
    return s.Version(
        name=row.name,
        kind=row.kind,
        fee=row.fee,
        activities=tuple(activity_snapshot(a, units) for a in row.activities) if steps else (),
        calificacion=row.calificacion,
        plazo=row.plazo,
        plazo_unit=row.plazo_unit,
        requirements=(
            tuple(_requirement(q) for q in row.requirements)
            if row.overrides_requirements else None
        ),
        based_on=names.get(row.based_on_id, "") if row.based_on_id else "",
        adopted=row.adopted,
        note=row.note,
        uid=row.uuid,
        revision=row.revision,
    )


def activity_snapshot(row: t.Activity, units: dict[int, str]) -> s.Activity:
    return s.Activity(
        description=row.description,
        unit=units[row.unit_id] if row.unit_id is not None else None,
        type=row.type,
        value=row.value,
        minutes=row.minutes,
        probability=row.probability,
        parallel=row.parallel,
        in_person=row.in_person,
        staff=tuple(s.StaffUse(position=x.position.code, count=x.count) for x in row.staff),
        resources=tuple(
            s.ResourceUse(resource=x.resource.code, qty=x.qty) for x in row.resources
        ),
        action=row.action,
        note=row.note,
        time_source=row.time_source,
        time_date=row.time_date,
        time_by=row.time_by,
        uid=row.uuid,
        based_on=row.based_on,
        revision=row.revision,
    )


def as_is_portfolio(session: Session, entity_id: int) -> tuple[s.Procedure, ...]:
    """Every procedure's baseline (first as-is version) reduced to what allocation needs.

    One query over the activity table instead of loading whole procedures: the
    allocation of a 250-procedure municipality needs only lane, type, minutes,
    probability and demand.
    """
    versions = session.execute(
        select(t.Version.id, t.Version.procedure_id, t.Procedure.code, t.Procedure.annual_demand)
        .join(t.Procedure, t.Version.procedure_id == t.Procedure.id)
        .where(t.Procedure.entity_id == entity_id, t.Version.kind == VersionKind.AS_IS)
        .order_by(t.Procedure.id, t.Version.position, t.Version.id)
    ).all()
    baseline: dict[int, tuple[int, str, int]] = {}
    for version_id, procedure_id, code, demand in versions:
        baseline.setdefault(procedure_id, (version_id, code, demand))
    chosen = {version_id: procedure_id for procedure_id, (version_id, _, _) in baseline.items()}
    units = _unit_codes(session, entity_id)
    # The value class plays no part in allocation; CONTROL is a placeholder.
    by_version: dict[int, list[s.Activity]] = {version_id: [] for version_id in chosen}
    rows = session.execute(
        select(t.Activity.version_id, t.Activity.unit_id, t.Activity.type,
               t.Activity.minutes, t.Activity.probability)
        .join(t.Version, t.Activity.version_id == t.Version.id)
        .join(t.Procedure, t.Version.procedure_id == t.Procedure.id)
        .where(t.Procedure.entity_id == entity_id, t.Version.kind == VersionKind.AS_IS,
               t.Activity.unit_id.is_not(None), t.Activity.type != ActivityType.ESPERA)
    ).all()
    for version_id, unit_id, kind, minutes, probability in rows:
        if version_id in by_version and unit_id is not None:
            by_version[version_id].append(s.Activity(
                description="", unit=units[unit_id], type=kind, value=ValueClass.CONTROL,
                minutes=minutes, probability=probability,
            ))
    return tuple(
        s.Procedure(
            code=code,
            name=code,
            annual_demand=demand,
            versions=(s.Version(name="", kind=VersionKind.AS_IS,
                                activities=tuple(by_version[version_id])),),
        )
        for procedure_id, (version_id, code, demand) in sorted(baseline.items())
    )



def version_activity_snapshots(session: Session, version_id: int,
                               units: dict[int, str], only: Collection[str] | None = None
                               ) -> tuple[s.Activity, ...]:
    """One version's activities as snapshots, in table order: three plain queries and no
    ORM objects (the window reads a version on every open and after every edit); with
    `only`, just the activities of those uuids (the rows one edit changed)."""
    a = t.Activity
    which = a.version_id == version_id
    if only is not None:
        which = which & a.uuid.in_(list(only))
    rows = session.execute(
        select(a.id, a.description, a.unit_id, a.type, a.value, a.minutes, a.probability,
               a.parallel, a.in_person, a.action, a.note, a.time_source, a.time_date,
               a.time_by, a.uuid, a.based_on, a.revision)
        .where(which).order_by(a.position, a.id)
    ).all()
    ids = select(a.id).where(which).scalar_subquery()
    staff: dict[int, list[s.StaffUse]] = {}
    for activity_id, code, count in session.execute(
            select(t.ActivityStaff.activity_id, t.Position.code, t.ActivityStaff.count)
            .join(t.Position, t.Position.id == t.ActivityStaff.position_id)
            .where(t.ActivityStaff.activity_id.in_(ids)).order_by(t.ActivityStaff.id)):
        staff.setdefault(activity_id, []).append(s.StaffUse(position=code, count=count))
    used: dict[int, list[s.ResourceUse]] = {}
    for activity_id, code, qty in session.execute(
            select(t.ActivityResource.activity_id, t.Resource.code, t.ActivityResource.qty)
            .join(t.Resource, t.Resource.id == t.ActivityResource.resource_id)
            .where(t.ActivityResource.activity_id.in_(ids)).order_by(t.ActivityResource.id)):
        used.setdefault(activity_id, []).append(s.ResourceUse(resource=code, qty=qty))
    return tuple(
        s.Activity(
            description=row.description,
            unit=units[row.unit_id] if row.unit_id is not None else None,
            type=row.type, value=row.value, minutes=row.minutes,
            probability=row.probability, parallel=row.parallel, in_person=row.in_person,
            staff=tuple(staff.get(row.id, ())), resources=tuple(used.get(row.id, ())),
            action=row.action, note=row.note, time_source=row.time_source,
            time_date=row.time_date, time_by=row.time_by, uid=row.uuid,
            based_on=row.based_on, revision=row.revision,
        )
        for row in rows
    )
