"""Write snapshots into storage: the import side of packages (and of demo data).

`import_entities` checks every conflict with the database before it writes anything
and then writes in the caller's transaction, so a refused file leaves the database
exactly as it was. An existing entity (same ubigeo) is merged: its settings are
updated and units, positions and resources are matched by code; an existing procedure
(same code) is refused unless `replace` (or `skip_existing`, the demo's) is set. What was
written comes back as an `ImportResult`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import tables as t
from procedures import snapshots as s
from procedures.errors import InputError, Location, Problem, ProblemCode
from procedures.i18n import _, ngettext
from procedures.progress import Progress, no_progress
from procedures.results import CreatedUnit, ImportResult, Outcome, ProcedureResult
from procedures.ubigeo import district_of


def check_conflicts(
    session: Session, entities: Iterable[s.Entity], replace: bool, file: str = ""
) -> None:
    """Raise `InputError` for procedures that exist already (unless replacing)."""
    if replace:
        return
    problems: list[Problem] = []
    for index, entity in enumerate(entities):
        entity_id = session.scalar(select(t.Entity.id).where(t.Entity.ubigeo == entity.ubigeo))
        if entity_id is None or not entity.procedures:
            continue
        existing = set(session.scalars(
            select(t.Procedure.code).where(
                t.Procedure.entity_id == entity_id,
                t.Procedure.code.in_([p.code for p in entity.procedures]),
            )
        ))
        for position, procedure in enumerate(entity.procedures):
            if procedure.code in existing:
                problems.append(Problem(
                    Location(file=file, path=f"entities[{index}].procedures[{position}].code"),
                    _("procedure {code!r} already exists in {ubigeo}").format(
                        code=procedure.code, ubigeo=entity.ubigeo),
                    ProblemCode.EXISTING_PROCEDURE,
                ))
    if problems:
        raise InputError(problems)


def import_entities(
    session: Session,
    entities: Iterable[s.Entity],
    *,
    replace: bool = False,
    skip_existing: bool = False,
    author: str = "",
    file: str = "",
    progress: Progress = no_progress,
) -> ImportResult:
    """Write validated snapshots; the caller's transaction makes it all-or-nothing."""
    entities = list(entities)
    if not skip_existing:
        check_conflicts(session, entities, replace, file)
    outcomes: list[ProcedureResult] = []
    created_entities: list[str] = []
    new_units: list[CreatedUnit] = []
    total = sum(len(e.procedures) for e in entities) or 1
    done = 0
    taken_uuids = _UuidGuard(session)
    for entity in entities:
        row, created = _upsert_entity(session, entity)
        if created:
            created_entities.append(entity.ubigeo)
        units = _merge_units(session, row, entity.units, new_units)
        positions = _merge_positions(session, row, entity.positions, units)
        resources = _merge_resources(session, row, entity.resources, units)
        _merge_days(session, row, entity.non_working_days)
        session.flush()
        next_position = (session.scalar(
            select(t.Procedure.position).where(t.Procedure.entity_id == row.id)
            .order_by(t.Procedure.position.desc()).limit(1)
        ) or 0) + 1
        written = 0
        for procedure in entity.procedures:
            old = session.scalar(select(t.Procedure).where(
                t.Procedure.entity_id == row.id, t.Procedure.code == procedure.code))
            position = next_position
            outcome = Outcome.CREATED
            if old is not None and skip_existing:
                outcomes.append(ProcedureResult(entity.ubigeo, old.code, old.uuid,
                                                Outcome.SKIPPED))
                done += 1
                progress(done, total, procedure.name)
                continue
            if old is not None:
                position = old.position
                taken_uuids.release(session, old)
                session.delete(old)
                session.flush()
                outcome = Outcome.REPLACED
            else:
                next_position += 1
            new = write_procedure(session, row, procedure, units, positions, resources,
                                  position, taken_uuids)
            outcomes.append(ProcedureResult(
                entity.ubigeo, new.code, new.uuid, outcome,
                versions=tuple(v.uuid for v in new.versions),
                activities=sum(len(v.activities) for v in procedure.versions)))
            written += 1
            done += 1
            progress(done, total, procedure.name)
        log_change(session, row.id, "entity", row.uuid, "import",
                   ngettext("Imported {count} procedure", "Imported {count} procedures",
                            written).format(count=written)
                   + (f" ({file})" if file else ""), author)
    session.flush()
    return ImportResult(file=file, procedures=tuple(outcomes),
                        entities=tuple(e.ubigeo for e in entities),
                        entities_created=tuple(created_entities),
                        units_created=tuple(new_units))


def log_change(
    session: Session, entity_id: int | None, kind: str, object_uuid: str, action: str,
    summary: str, author: str = "",
) -> None:
    session.add(t.ChangeLog(entity_id=entity_id, object_kind=kind, object_uuid=object_uuid,
                            action=action, summary=summary, author=author))


def _upsert_entity(session: Session, entity: s.Entity) -> tuple[t.Entity, bool]:
    row = session.scalar(select(t.Entity).where(t.Entity.ubigeo == entity.ubigeo))
    created = row is None
    if row is None:
        row = t.Entity(ubigeo=entity.ubigeo)
        session.add(row)
    settings = entity.settings
    row.name = entity.name
    row.kind = entity.kind
    if created:
        place = district_of(entity.ubigeo)
        if place is not None:
            row.department, row.province, row.district = place
    if entity.province:
        row.province = entity.province
    row.year = settings.year
    row.hours_per_day = settings.hours_per_day
    row.days_per_month = settings.days_per_month
    row.minutes_per_working_day = settings.minutes_per_working_day
    row.rounding = settings.rounding
    row.citizen_hour_value = settings.citizen_hour_value
    row.travel_minutes = settings.travel_minutes
    row.travel_fare = settings.travel_fare
    row.uit = settings.uit
    for key in ("address", "office_hours", "phone", "email", "website", "reference_url"):
        value = getattr(entity, key)
        if value or created:
            setattr(row, key, value)
    session.flush()
    return row, created


def _merge_units(session: Session, row: t.Entity, units: tuple[s.Unit, ...],
                 created: list[CreatedUnit]) -> dict[str, int]:
    """Units matched by code; the new ones are added to `created`."""
    existing = {u.code: u for u in row.units}
    new: list[t.Unit] = []
    for unit in units:
        target = existing.get(unit.code)
        if target is None:
            target = t.Unit(code=unit.code)
            row.units.append(target)
            existing[unit.code] = target
            new.append(target)
        target.name = unit.name
        target.other_tupa_minutes = unit.other_tupa_minutes
    session.flush()
    created.extend(CreatedUnit(row.ubigeo, u.uuid, u.code, u.name) for u in new)
    return {code: u.id for code, u in existing.items()}


def _merge_positions(
    session: Session, row: t.Entity, positions: tuple[s.Position, ...], units: dict[str, int]
) -> dict[str, int]:
    existing = {p.code: p for p in row.positions}
    for position in positions:
        target = existing.get(position.code)
        if target is None:
            target = t.Position(code=position.code)
            row.positions.append(target)
            existing[position.code] = target
        target.name = position.name
        target.annual_cost = position.annual_cost
        target.unit_id = units.get(position.unit) if position.unit else None
    session.flush()
    return {code: p.id for code, p in existing.items()}


def _merge_resources(
    session: Session, row: t.Entity, resources: tuple[s.Resource, ...], units: dict[str, int]
) -> dict[str, int]:
    existing = {r.code: r for r in row.resources}
    for resource in resources:
        target = existing.get(resource.code)
        if target is None:
            target = t.Resource(code=resource.code)
            row.resources.append(target)
            existing[resource.code] = target
        target.name = resource.name
        target.element = resource.element
        target.unit_cost = resource.unit_cost
        target.annual_cost = resource.annual_cost
        target.quantity = resource.quantity
        target.acquisition_cost = resource.acquisition_cost
        target.rate = resource.rate
        target.driver = resource.driver
        drivers = dict(resource.driver_values)
        factors = dict(resource.tupa_factor)
        target.allocations.clear()
        session.flush()
        for code in sorted(set(drivers) | set(factors), key=lambda c: units[c]):
            target.allocations.append(t.ResourceUnit(
                unit_id=units[code], driver_value=drivers.get(code), tupa_factor=factors.get(code)
            ))
    session.flush()
    return {code: r.id for code, r in existing.items()}


def _merge_days(session: Session, row: t.Entity, days: tuple[s.NonWorkingDay, ...]) -> None:
    existing = {d.day: d for d in row.non_working_days}
    for day in days:
        target = existing.get(day.day)
        if target is None:
            row.non_working_days.append(t.NonWorkingDay(day=day.day, name=day.name))
        elif day.name:
            target.name = day.name


class _UuidGuard:
    """Keeps imported uuids unique: a uuid already used elsewhere gets a fresh one."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.released: set[str] = set()
        self.used: set[str] = set()

    def release(self, session: Session, procedure: t.Procedure) -> None:
        """Uuids of a procedure being replaced may be reused by its new version."""
        self.released.add(procedure.uuid)
        for version in procedure.versions:
            self.released.add(version.uuid)
            self.released.update(a.uuid for a in version.activities)

    def fresh(self, table: type[t.Procedure | t.Version | t.Activity], wanted: str) -> str:
        if not wanted or wanted in self.used:
            return str(uuid.uuid4())
        self.used.add(wanted)
        if wanted in self.released:
            self.released.discard(wanted)
            return wanted
        clash = self.session.scalar(select(table.id).where(table.uuid == wanted))
        return str(uuid.uuid4()) if clash is not None else wanted


def write_procedure(
    session: Session,
    entity: t.Entity,
    procedure: s.Procedure,
    units: dict[str, int],
    positions: dict[str, int],
    resources: dict[str, int],
    position: int,
    uuids: _UuidGuard | None = None,
) -> t.Procedure:
    """Insert one procedure snapshot with its versions and activities."""
    uuids = uuids or _UuidGuard(session)
    row = t.Procedure(
        entity_id=entity.id,
        position=position,
        uuid=uuids.fresh(t.Procedure, procedure.uid),
        code=procedure.code,
        name=procedure.name,
        kind=procedure.kind,
        calificacion=procedure.calificacion,
        plazo=procedure.plazo,
        plazo_unit=procedure.plazo_unit,
        annual_demand=procedure.annual_demand,
        preparation_minutes=procedure.preparation_minutes,
        filed_at_id=units.get(procedure.filed_at) if procedure.filed_at else None,
        approved_by_id=units.get(procedure.approved_by) if procedure.approved_by else None,
        description=procedure.description,
        who_may_apply=procedure.who_may_apply,
        legal_basis=procedure.legal_basis,
        channels=procedure.channels,
        contact=procedure.contact,
        steps_note=procedure.steps_note,
        reconsideration_authority=procedure.reconsideration_authority,
        appeal_authority=procedure.appeal_authority,
        standard_code=procedure.standard_code,
    )
    row.requirements = [_requirement(q, i) for i, q in enumerate(procedure.requirements)]
    session.add(row)
    by_name: dict[str, t.Version] = {}
    for index, version in enumerate(procedure.versions):
        version_row = write_version(session, version, units, positions, resources, index, uuids)
        row.versions.append(version_row)
        by_name[version.name] = version_row
    session.flush()
    for version in procedure.versions:
        if version.based_on and version.based_on in by_name:
            by_name[version.name].based_on_id = by_name[version.based_on].id
    return row


def _requirement(requirement: s.Requirement, position: int) -> t.Requirement:
    return t.Requirement(
        position=position,
        name=requirement.name,
        kind=requirement.kind,
        cost=requirement.cost,
        legal_basis=requirement.legal_basis,
    )


def write_version(
    session: Session,
    version: s.Version,
    units: dict[str, int],
    positions: dict[str, int],
    resources: dict[str, int],
    position: int,
    uuids: _UuidGuard | None = None,
) -> t.Version:
    uuids = uuids or _UuidGuard(session)
    row = t.Version(
        uuid=uuids.fresh(t.Version, version.uid),
        position=position,
        name=version.name,
        kind=version.kind,
        fee=version.fee,
        calificacion=version.calificacion,
        plazo=version.plazo,
        plazo_unit=version.plazo_unit,
        overrides_requirements=version.requirements is not None,
        adopted=version.adopted,
        note=version.note,
    )
    if version.requirements is not None:
        row.requirements = [_requirement(q, i) for i, q in enumerate(version.requirements)]
    row.activities = [
        activity_row(a, i + 1, units, positions, resources, uuids)
        for i, a in enumerate(version.activities)
    ]
    return row


def activity_row(
    activity: s.Activity,
    position: int,
    units: dict[str, int],
    positions: dict[str, int],
    resources: dict[str, int],
    uuids: _UuidGuard | None = None,
) -> t.Activity:
    wanted = uuids.fresh(t.Activity, activity.uid) if uuids else (activity.uid or None)
    row = t.Activity(
        position=position,
        description=activity.description,
        unit_id=units[activity.unit] if activity.unit is not None else None,
        type=activity.type,
        value=activity.value,
        minutes=activity.minutes,
        probability=activity.probability,
        parallel=activity.parallel,
        in_person=activity.in_person,
        action=activity.action,
        note=activity.note,
        time_source=activity.time_source,
        time_date=activity.time_date,
        time_by=activity.time_by,
        based_on=activity.based_on,
    )
    if wanted:
        row.uuid = wanted
    row.staff = [
        t.ActivityStaff(position_id=positions[x.position], count=x.count) for x in activity.staff
    ]
    row.resources = [
        t.ActivityResource(resource_id=resources[x.resource], qty=x.qty)
        for x in activity.resources
    ]
    return row
