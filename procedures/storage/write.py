"""Write snapshots into storage: the import side of packages (and of demo data).

`import_entities` writes in the caller's transaction, so a refused file leaves the
database exactly as it was (the caller rolls back). A new entity and every procedure are
written in bulk (`bulk_rows`, `bulk_write`: plain rows, keys assigned here, the file's
uuids kept unless taken); an existing entity (same ubigeo) is merged through the ORM: its
settings are updated and units, positions and resources are matched by code. An
existing procedure (same code) is refused unless `replace` (or `skip_existing`, the
demo's) is set. What was written comes back as an `ImportResult`. `write_procedure`
and `write_version` write one snapshot through the ORM (the editing services' undo).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.orm import Session

from models import tables as t
from procedures import snapshots as s
from procedures.changes import bounded, value_text
from procedures.errors import InputError, Location, Problem, ProblemCode
from procedures.i18n import _, ngettext
from procedures.progress import Progress, no_progress
from procedures.results import CreatedUnit, ImportResult, Outcome, ProcedureResult
from procedures.storage.bulk_rows import (
    COLUMNS,
    KEPT,
    KEYED,
    UUIDS_PER_QUERY,
    Maps,
    Rows,
    Uuids,
    wanted_uuids,
)
from procedures.storage.bulk_write import BulkWriter
from procedures.storage.provenance import ORIGIN_FIELD, origin_text
from procedures.storage.read import procedure_snapshot
from procedures.storage.replaced import differences
from procedures.ubigeo import district_of


def import_entities(
    session: Session,
    entities: Iterable[s.Entity],
    *,
    replace: bool = False,
    skip_existing: bool = False,
    author: str = "",
    file: str = "",
    progress: Progress = no_progress,
    merging: bool = False,
) -> ImportResult:
    """Write validated snapshots in bulk; the caller's transaction makes it all-or-nothing.

    `entities` may be a stream (a package is read one municipality at a time). Each one
    is checked against the database before it is written; from the first procedure that
    exists already (without `replace` or `skip_existing`) nothing more is written, the
    rest is only checked, and `InputError` lists every such procedure at the end (the
    caller's rollback takes back what was written). A list or tuple is counted first, for
    `progress`; a stream reports its own. `merging`: the snapshots are what
    `services.merge` made of a package and the database (recorded as a merge).

    The municipality's import entry keeps the origin the file brought (new value) and
    the newest change-log id before this import (old value): the entries in between are
    the file's values, which a later merge of the same file's database does not count as
    this database's own changes.
    """
    start = session.scalar(select(func.max(t.ChangeLog.id))) or 0
    counted = isinstance(entities, Sequence)
    total = (sum(len(e.procedures) for e in entities) or 1) if counted else 0
    job = _Import(session, replace=replace, skip_existing=skip_existing, file=file,
                  author=author, merging=merging)
    done = 0
    with job.writer:
        for index, entity in enumerate(entities):
            job.add(index, entity)
            if total:
                done += len(entity.procedures)
                progress(done, total, entity.name)
    if job.conflicts:
        raise InputError(job.conflicts)
    job.log_procedures()
    for entity_id, entity_uuid, count, name, origin in job.logged:
        log_change(session, entity_id, "entity", entity_uuid, "import",
                   ngettext("Imported {count} procedure", "Imported {count} procedures",
                            count).format(count=count)
                   + (f" ({file})" if file else ""), author, label=name,
                   field=ORIGIN_FIELD if origin else "",
                   old=start if origin else None,
                   new=origin_text(origin) if origin else None)
    session.flush()
    result = ImportResult(file=file, procedures=tuple(job.outcomes),
                          entities=tuple(job.ubigeos),
                          entities_created=tuple(job.created_entities),
                          units_created=tuple(job.new_units))
    # after-write: stored figures are refreshed here
    after_write(session, result)
    return result


def after_write(session: Session, result: ImportResult) -> None:
    """The one place for work that must happen in the import's own transaction once all
    its rows are written and flushed: what is derived from them and stored next to them
    (the stored per-version figures, `version_figures`). `result` names every version
    written (`ProcedureResult.versions`; skipped procedures have none). A problem raised
    here rolls the whole import back with the caller's transaction."""


class _Import:
    """One import: the bulk writer, the next keys, and what was written so far."""

    def __init__(self, session: Session, *, replace: bool, skip_existing: bool,
                 file: str, author: str = "", merging: bool = False) -> None:
        self.session = session
        self.merging = merging
        self.author = author
        #: The change-log rows of the procedures written (one insert at the end).
        self.procedure_entries: list[dict[str, Any]] = []
        #: (entity id, procedure uuid, the procedure as it was) of those replaced.
        self.replaced_before: list[tuple[int, str, s.Procedure]] = []
        self.replace = replace
        self.skip_existing = skip_existing
        self.file = file
        self.writer = BulkWriter(session, COLUMNS)
        self.connection = self.writer.connection
        self.ids = self.writer.next_ids(KEYED)
        self.uuids = Uuids(self.connection, [table for table in KEPT
                                             if self.ids.get(table) == 1])
        self.rows = Rows(self.writer, self.ids, self.uuids)
        self.conflicts: list[Problem] = []
        self.outcomes: list[ProcedureResult] = []
        self.ubigeos: list[str] = []
        self.created_entities: list[str] = []
        self.new_units: list[CreatedUnit] = []
        #: (entity id, its uuid, procedures written, its name, the origin the file brings)
        self.logged: list[tuple[int, str, int, str, s.Origin | None]] = []

    def add(self, index: int, entity: s.Entity) -> None:
        self.ubigeos.append(entity.ubigeo)
        found = self.connection.execute(select(_ENTITY.c.id, _ENTITY.c.uuid).where(
            _ENTITY.c.ubigeo == entity.ubigeo)).first()
        existing = self._existing(found[0]) if found is not None else {}
        if not (self.replace or self.skip_existing):
            self._check(index, entity, existing)
        if self.conflicts:
            return  # refused: the rest of the file is only checked
        before = dict(self.ids)
        if found is None:
            maps, entity_uuid, units = self.rows.new_entity(entity)
            entity_id = maps.entity_id
            self.created_entities.append(entity.ubigeo)
            self.new_units.extend(CreatedUnit(entity.ubigeo, *unit) for unit in units)
        else:
            maps = self._merge(entity)
            entity_id, entity_uuid = found
        plan: list[tuple[s.Procedure, int, Outcome]] = []
        replaced: list[int] = []
        next_position = max((old[2] for old in existing.values()), default=0) + 1
        for procedure in entity.procedures:
            old = existing.get(procedure.code)
            if old is None:
                plan.append((procedure, next_position, Outcome.CREATED))
                next_position += 1
            elif self.skip_existing:
                self.outcomes.append(ProcedureResult(entity.ubigeo, procedure.code, old[1],
                                                     Outcome.SKIPPED))
            else:
                replaced.append(old[0])
                plan.append((procedure, old[2], Outcome.REPLACED))
        before_by_code = self._remember(entity_id, replaced) if replaced else {}
        if replaced:
            self._delete(replaced)
        self.uuids.look_up(wanted_uuids(p for p, _position, _outcome in plan))
        for procedure, position, outcome in plan:
            uuids = self.rows.procedure(maps, procedure, position)
            self._entry(entity_id, procedure, uuids[0], outcome)
            if outcome is Outcome.REPLACED and procedure.code in before_by_code:
                self.replaced_before.append((entity_id, uuids[0],
                                             before_by_code[procedure.code]))
            self.outcomes.append(ProcedureResult(
                entity.ubigeo, procedure.code, uuids[0], outcome, versions=uuids[1:],
                activities=sum(len(v.activities) for v in procedure.versions)))
        self.writer.flush()
        self.rows.link_versions()
        # Keys were taken from max(id): move PostgreSQL's sequences past them before any
        # ORM insert, and read the next keys again (a merge inserts through the ORM).
        self.writer.sync_sequences({table: self.ids[table] - 1 for table in KEYED
                                    if self.ids[table] != before[table]})
        self.ids.update(self.writer.next_ids(KEYED))
        self.logged.append((entity_id, entity_uuid, len(plan), entity.name, entity.origin))

    def _entry(self, entity_id: int, procedure: s.Procedure, uuid: str,
               outcome: Outcome) -> None:
        """The procedure's own change-log entry: created, or replaced, by this import."""
        steps = sum(len(v.activities) for v in procedure.versions)
        counts = ngettext("{count} version", "{count} versions",
                          len(procedure.versions)).format(count=len(procedure.versions)) \
            + ", " + ngettext("{count} activity", "{count} activities", steps).format(
                count=steps)
        replaced = outcome is Outcome.REPLACED
        if self.merging:
            action = "merge"
            summary = (_("Merged from a package: {counts}") if replaced
                       else _("Created by a merge: {counts}"))
        else:
            action = "import_replace" if replaced else "import"
            summary = (_("Replaced by an import: {counts}") if replaced
                       else _("Created by an import: {counts}"))
        self.procedure_entries.append(dict(
            entity_id=entity_id, object_kind="procedure", object_uuid=uuid,
            action=action, summary=summary.format(counts=counts)
            + (f" ({self.file})" if self.file else ""),
            field="", old_value=None, new_value=None,
            object_label=bounded(procedure.name, 300), procedure_uuid=uuid,
            procedure_label=bounded(procedure.code, 300), version_uuid="", version_label="",
        ))

    def _remember(self, entity_id: int, procedure_ids: list[int]) -> dict[str, s.Procedure]:
        """The procedures about to be replaced, as they are, by code (each difference
        from what replaces them is recorded)."""
        units = {u.id: u.code for u in self.session.scalars(
            select(t.Unit).where(t.Unit.entity_id == entity_id))}
        before = {old.code: procedure_snapshot(old, units) for old in self.session.scalars(
            select(t.Procedure).where(t.Procedure.id.in_(procedure_ids)))}
        # The rows go by a plain DELETE next: what was read of them leaves the session.
        for obj in list(self.session):
            if isinstance(obj, (t.Procedure, t.Version, t.Requirement, t.Activity,
                                t.ActivityStaff, t.ActivityResource)) and obj in self.session:
                self.session.expunge(obj)  # (a procedure takes what it holds with it)
        return before

    def log_procedures(self) -> None:
        """Every procedure's entry in one insert, then each replaced one's differences."""
        session = self.session
        if self.procedure_entries:
            session.execute(insert(t.ChangeLog).values(author=who(session, self.author)),
                            self.procedure_entries)
        for entity_id, procedure_uuid, before in self.replaced_before:
            new = session.scalar(select(t.Procedure).where(
                t.Procedure.uuid == procedure_uuid))
            entity = session.get(t.Entity, entity_id)
            if new is None or entity is None:
                continue  # kept the uuid of another row: no longer the same procedure
            _record_replacement(session, entity, before, new, self.author, self.file,
                                self.merging)

    def _existing(self, entity_id: int) -> dict[str, tuple[int, str, int]]:
        """code -> (id, uuid, position) of the entity's procedures in the database."""
        rows = self.connection.execute(select(
            _PROCEDURE.c.code, _PROCEDURE.c.id, _PROCEDURE.c.uuid, _PROCEDURE.c.position,
        ).where(_PROCEDURE.c.entity_id == entity_id))
        return {code: (row_id, row_uuid, position) for code, row_id, row_uuid, position in rows}

    def _check(self, index: int, entity: s.Entity,
               existing: dict[str, tuple[int, str, int]]) -> None:
        for position, procedure in enumerate(entity.procedures):
            if procedure.code in existing:
                self.conflicts.append(Problem(
                    Location(file=self.file,
                             path=f"entities[{index}].procedures[{position}].code"),
                    _("procedure {code!r} already exists in {ubigeo}").format(
                        code=procedure.code, ubigeo=entity.ubigeo),
                    ProblemCode.EXISTING_PROCEDURE,
                ))

    def _merge(self, entity: s.Entity) -> Maps:
        """An entity the database has: settings updated, organisation merged by code."""
        session = self.session
        row, _created, changed = _upsert_entity(session, entity)
        for name, was, now in changed:
            log_change(session, row.id, "entity", row.uuid, "update",
                       (_("Changed by a merge") if self.merging else _("Changed by an import"))
                       + (f" ({self.file})" if self.file else ""),
                       self.author, field=name, old=was, new=now, label=row.name)
        units = _merge_units(session, row, entity.units, self.new_units)
        positions = _merge_positions(session, row, entity.positions, units)
        resources = _merge_resources(session, row, entity.resources, units)
        _merge_days(session, row, entity.non_working_days)
        session.flush()
        return Maps(row.id, units, positions, resources)

    def _delete(self, procedure_ids: list[int]) -> None:
        """The procedures being replaced (the database cascades to what is under them);
        their uuids may be taken by their new versions."""
        version, activity = t.Version.__table__, t.Activity.__table__
        execute = self.connection.execute
        for start in range(0, len(procedure_ids), UUIDS_PER_QUERY):
            ids = procedure_ids[start:start + UUIDS_PER_QUERY]
            self.uuids.released.update(execute(
                select(_PROCEDURE.c.uuid).where(_PROCEDURE.c.id.in_(ids))).scalars())
            self.uuids.released.update(execute(
                select(version.c.uuid).where(version.c.procedure_id.in_(ids))).scalars())
            self.uuids.released.update(execute(
                select(activity.c.uuid).join(version, activity.c.version_id == version.c.id)
                .where(version.c.procedure_id.in_(ids))).scalars())
            execute(delete(_PROCEDURE).where(_PROCEDURE.c.id.in_(ids)))


_ENTITY = cast(Table, t.Entity.__table__)
_PROCEDURE = cast(Table, t.Procedure.__table__)


def log_change(
    session: Session, entity_id: int | None, kind: str, object_uuid: str, action: str,
    summary: str, author: str = "", *, field: str = "", old: Any = None, new: Any = None,
    label: str = "", procedure: t.Procedure | None = None, version: t.Version | None = None,
) -> t.ChangeLog:
    """Record one change in the caller's transaction (so it is kept exactly when the
    change is): who, when, what (`kind` + `object_uuid`, named `label` as it is now, in
    `procedure`/`version`), which `field` and its `old` and `new` values as bounded text.

    Who is the database user on a server (`current_user`: the login the server checked,
    not a name the app was told) and `author` (the person set in Preferences) on a file.
    """
    if version is not None and procedure is None:
        procedure = session.get(t.Procedure, version.procedure_id)
    entry = t.ChangeLog(
        entity_id=entity_id, object_kind=kind, object_uuid=object_uuid, action=action,
        summary=summary, field=field, old_value=value_text(old), new_value=value_text(new),
        object_label=bounded(label, 300),
        procedure_uuid=procedure.uuid if procedure is not None else "",
        procedure_label=bounded(procedure.code, 300) if procedure is not None else "",
        version_uuid=version.uuid if version is not None else "",
        version_label=bounded(version.name, 100) if version is not None else "",
    )
    entry.author = who(session, author)  # an SQL expression on a server
    session.add(entry)
    return entry


def _record_replacement(session: Session, entity: t.Entity, before: s.Procedure,
                        new: t.Procedure, author: str, file: str,
                        merging: bool = False) -> None:
    """Each difference between the replaced procedure and the file's, as an edit."""
    after = procedure_snapshot(new, {u.id: u.code for u in entity.units})
    versions = {v.uuid: v for v in new.versions}
    summary = (_("Changed by a merge") if merging else _("Changed by an import")) \
        + (f" ({file})" if file else "")
    for difference in differences(before, after):
        log_change(session, entity.id, difference.kind, difference.uuid, difference.action,
                   summary, author, field=difference.field, old=difference.old,
                   new=difference.new, label=difference.label, procedure=new,
                   version=versions.get(difference.version))


def who(session: Session, author: str) -> Any:
    """The author of a change: the server's `current_user`, or `author` on SQLite."""
    if session.get_bind().dialect.name == "postgresql":
        return func.current_user()
    return bounded(author, 100)


#: Settings a package import may change on an existing municipality (recorded one by one).
_SETTINGS = ("name", "kind", "year", "hours_per_day", "days_per_month",
             "minutes_per_working_day", "rounding", "citizen_hour_value", "travel_minutes",
             "travel_fare", "uit")


def _upsert_entity(session: Session, entity: s.Entity
                   ) -> tuple[t.Entity, bool, list[tuple[str, Any, Any]]]:
    """The entity row, whether it was created, and the (field, old, new) it changed."""
    row = session.scalar(select(t.Entity).where(t.Entity.ubigeo == entity.ubigeo))
    created = row is None
    if row is None:
        row = t.Entity(ubigeo=entity.ubigeo)
        session.add(row)
    before = {name: getattr(row, name) for name in _SETTINGS} if not created else {}
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
    if settings.logo is not None or created:
        row.logo = settings.logo  # a package without a logo keeps the one set here
    for key in ("address", "office_hours", "phone", "email", "website", "reference_url"):
        value = getattr(entity, key)
        if value or created:
            setattr(row, key, value)
    session.flush()
    changed = [(name, old, getattr(row, name)) for name, old in before.items()
               if old != getattr(row, name)]
    return row, created, changed


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
        wanted = [(units[code], drivers.get(code), factors.get(code))
                  for code in sorted(set(drivers) | set(factors), key=lambda c: units[c])]
        held = [(a.unit_id, a.driver_value, a.tupa_factor)
                for a in sorted(target.allocations, key=lambda a: a.unit_id)]
        if target.id is not None and held == wanted:
            continue  # the same values per unit: nothing to write (no revision moves)
        target.allocations.clear()
        session.flush()
        for unit_id, driver_value, tupa_factor in wanted:
            target.allocations.append(t.ResourceUnit(
                unit_id=unit_id, driver_value=driver_value, tupa_factor=tupa_factor
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
