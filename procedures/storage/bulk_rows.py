"""Snapshots as rows for the bulk writer: keys assigned here, the file's uuids kept.

The package import writes a new municipality (its organisation) and every procedure
with its versions, requirements, activities, staff and resources as plain tuples
(`storage.bulk_write`), instead of ORM objects: about fifty times faster. The rows are
the ones `write.write_procedure` would make, column by column.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, select

from models import codes as c
from models import tables as t
from procedures import snapshots as s
from procedures.storage.bulk_write import BulkWriter
from procedures.ubigeo import district_of

ENTITY_COLUMNS = ("id", "uuid", "ubigeo", "name", "kind", "department", "province", "district",
                  "year", "hours_per_day", "days_per_month", "minutes_per_working_day",
                  "rounding", "citizen_hour_value", "travel_minutes", "travel_fare", "uit",
                  "address", "office_hours", "phone", "email", "website", "reference_url",
                  "logo")
DAY_COLUMNS = ("uuid", "entity_id", "day", "name")
UNIT_COLUMNS = ("id", "uuid", "entity_id", "code", "name", "other_tupa_minutes")
POSITION_COLUMNS = ("id", "uuid", "entity_id", "code", "name", "unit_id", "annual_cost")
RESOURCE_COLUMNS = ("id", "uuid", "entity_id", "code", "name", "element", "unit_cost",
                    "annual_cost", "quantity", "acquisition_cost", "rate", "driver")
RESOURCE_UNIT_COLUMNS = ("resource_id", "unit_id", "driver_value", "tupa_factor")
PROCEDURE_COLUMNS = ("id", "uuid", "entity_id", "position", "code", "name", "kind",
                     "calificacion", "plazo", "plazo_unit", "annual_demand",
                     "preparation_minutes", "filed_at_id", "approved_by_id", "description",
                     "who_may_apply", "legal_basis", "channels", "contact", "steps_note",
                     "reconsideration_authority", "appeal_authority", "standard_code")
REQUIREMENT_COLUMNS = ("uuid", "procedure_id", "version_id", "position", "name", "kind", "cost",
                       "legal_basis")
VERSION_COLUMNS = ("id", "uuid", "procedure_id", "position", "name", "kind", "fee",
                   "calificacion", "plazo", "plazo_unit", "overrides_requirements", "adopted",
                   "note")
ACTIVITY_COLUMNS = ("id", "uuid", "version_id", "position", "description", "unit_id", "type",
                    "value", "minutes", "probability", "parallel", "in_person", "action",
                    "note", "time_source", "time_date", "time_by", "based_on")
STAFF_COLUMNS = ("activity_id", "position_id", "count")
ACTIVITY_RESOURCE_COLUMNS = ("activity_id", "resource_id", "qty")

COLUMNS: dict[type[t.Base], tuple[str, ...]] = {
    t.Entity: ENTITY_COLUMNS, t.NonWorkingDay: DAY_COLUMNS, t.Unit: UNIT_COLUMNS,
    t.Position: POSITION_COLUMNS, t.Resource: RESOURCE_COLUMNS,
    t.ResourceUnit: RESOURCE_UNIT_COLUMNS, t.Procedure: PROCEDURE_COLUMNS,
    t.Version: VERSION_COLUMNS, t.Requirement: REQUIREMENT_COLUMNS,
    t.Activity: ACTIVITY_COLUMNS, t.ActivityStaff: STAFF_COLUMNS,
    t.ActivityResource: ACTIVITY_RESOURCE_COLUMNS,
}
#: The tables whose keys are assigned here.
KEYED: tuple[type[t.Base], ...] = (t.Entity, t.Unit, t.Position, t.Resource, t.Procedure,
                                   t.Version, t.Activity)
#: The tables whose uuids come from the file (the others get fresh ones, as before).
KEPT: tuple[type[t.Procedure | t.Version | t.Activity | t.Requirement], ...] = (
    t.Procedure, t.Version, t.Activity, t.Requirement)
#: Uuids per IN query when looking for the ones the database has already.
UUIDS_PER_QUERY = 500

_ENUMS: tuple[type[StrEnum], ...] = (
    c.EntityKind, c.Rounding, c.CostElement, c.ProcedureKind, c.Calificacion, c.PlazoUnit,
    c.RequirementKind, c.VersionKind, c.ActivityType, c.ValueClass, c.ImprovementAction,
    c.TimeSource,
)
#: An enumeration member -> its code as plain text (what the drivers are given).
_CODE: dict[Any, str] = {member: member.value for enum in _ENUMS for member in enum}


def _new_uuid() -> str:
    return str(uuid.uuid4())


class Uuids:
    """Keeps the file's uuids unique, as `write._UuidGuard` does row by row.

    A uuid used earlier in the import, or by another row of the same table in the
    database, is replaced by a fresh one; the uuids of procedures being replaced may be
    reused. The database is asked once per batch (`look_up`), not once per row.
    """

    def __init__(self, connection: Connection, empty: Iterable[type[t.Base]]) -> None:
        self.connection = connection
        self.empty = set(empty)  # tables empty before the import: nothing to look up
        self.used: set[str] = set()
        self.released: set[str] = set()
        self.taken: dict[type[t.Base], set[str]] = {table: set() for table in KEPT}

    def look_up(self, wanted: dict[type[t.Base], list[str]]) -> None:
        """Find which of `wanted` the database has already (before `fresh` is asked)."""
        for table, uuids in wanted.items():
            if table in self.empty:
                continue
            asked = [u for u in set(uuids) if u and u not in self.used and u not in self.released]
            column = table.__table__.c.uuid
            for start in range(0, len(asked), UUIDS_PER_QUERY):
                chunk = asked[start:start + UUIDS_PER_QUERY]
                self.taken[table].update(self.connection.scalars(
                    select(column).where(column.in_(chunk))))

    def fresh(self, table: type[t.Base], wanted: str) -> str:
        if not wanted or wanted in self.used:
            return _new_uuid()
        self.used.add(wanted)
        if wanted in self.released:
            self.released.discard(wanted)
            return wanted
        return _new_uuid() if wanted in self.taken[table] else wanted


def wanted_uuids(procedures: Iterable[s.Procedure]) -> dict[type[t.Base], list[str]]:
    """The uuids the file gives, per table."""
    found: dict[type[t.Base], list[str]] = {t.Procedure: [], t.Version: [], t.Activity: [],
                                            t.Requirement: []}
    for procedure in procedures:
        found[t.Procedure].append(procedure.uid)
        found[t.Requirement].extend(q.uid for q in procedure.requirements)
        for version in procedure.versions:
            found[t.Version].append(version.uid)
            found[t.Activity].extend(a.uid for a in version.activities)
            found[t.Requirement].extend(q.uid for q in version.requirements or ())
    return found


class Maps:
    """One entity's codes -> keys of its units, positions and resources."""

    def __init__(self, entity_id: int, units: dict[str, int], positions: dict[str, int],
                 resources: dict[str, int]) -> None:
        self.entity_id = entity_id
        self.units = units
        self.positions = positions
        self.resources = resources


class Rows:
    """Appends rows to the writer's buffers, taking keys from `ids` (next free key)."""

    def __init__(self, writer: BulkWriter, ids: dict[type[t.Base], int], uuids: Uuids) -> None:
        self.writer = writer
        self.ids = ids
        self.uuids = uuids
        self.decimal = writer.decimal
        #: (version id, id of the version it is based on), set once both are written.
        self.based_on: list[tuple[int, int]] = []

    def _take(self, table: type[t.Base], count: int = 1) -> int:
        first = self.ids[table]
        self.ids[table] = first + count
        return first

    def new_entity(self, entity: s.Entity) -> tuple[Maps, str, list[tuple[str, str, str]]]:
        """A municipality the database does not have, with its organisation.

        Returns its maps, its uuid and the (uuid, code, name) of its units."""
        buffers, decimal, day = self.writer.buffers, self.decimal, self.writer.day
        entity_id = self._take(t.Entity)
        entity_uuid = _new_uuid()
        department, province, district = district_of(entity.ubigeo) or ("", "", "")
        settings = entity.settings
        buffers[t.Entity].append((
            entity_id, entity_uuid, entity.ubigeo, entity.name, _CODE[entity.kind], department,
            entity.province or province, district, settings.year,
            decimal(settings.hours_per_day), decimal(settings.days_per_month),
            settings.minutes_per_working_day, _CODE[settings.rounding],
            decimal(settings.citizen_hour_value), decimal(settings.travel_minutes),
            decimal(settings.travel_fare),
            decimal(settings.uit) if settings.uit is not None else None, entity.address,
            entity.office_hours, entity.phone, entity.email, entity.website,
            entity.reference_url, settings.logo,
        ))
        for holiday in entity.non_working_days:
            buffers[t.NonWorkingDay].append((_new_uuid(), entity_id, day(holiday.day),
                                             holiday.name))
        units: dict[str, int] = {}
        created: list[tuple[str, str, str]] = []
        for unit in entity.units:
            unit_id = units[unit.code] = self._take(t.Unit)
            unit_uuid = _new_uuid()
            created.append((unit_uuid, unit.code, unit.name))
            buffers[t.Unit].append((unit_id, unit_uuid, entity_id, unit.code, unit.name,
                                    decimal(unit.other_tupa_minutes)))
        positions: dict[str, int] = {}
        for position in entity.positions:
            position_id = positions[position.code] = self._take(t.Position)
            buffers[t.Position].append((
                position_id, _new_uuid(), entity_id, position.code, position.name,
                units.get(position.unit) if position.unit else None,
                decimal(position.annual_cost)))
        resources: dict[str, int] = {}
        for resource in entity.resources:
            resource_id = resources[resource.code] = self._take(t.Resource)
            buffers[t.Resource].append((
                resource_id, _new_uuid(), entity_id, resource.code, resource.name,
                _CODE[resource.element], self._maybe(resource.unit_cost),
                self._maybe(resource.annual_cost), self._maybe(resource.quantity),
                self._maybe(resource.acquisition_cost), self._maybe(resource.rate),
                resource.driver))
            drivers, factors = dict(resource.driver_values), dict(resource.tupa_factor)
            for code in sorted(set(drivers) | set(factors), key=lambda code: units[code]):
                buffers[t.ResourceUnit].append((
                    resource_id, units[code], self._maybe(drivers.get(code)),
                    self._maybe(factors.get(code))))
        return Maps(entity_id, units, positions, resources), entity_uuid, created

    def _maybe(self, value: Any) -> Any:
        return None if value is None else self.decimal(value)

    def procedure(self, maps: Maps, procedure: s.Procedure, position: int) -> tuple[str, ...]:
        """One procedure with everything under it; returns its uuid and its versions'."""
        buffers, decimal, fresh, units = self.writer.buffers, self.decimal, self.uuids.fresh, \
            maps.units
        procedure_id = self._take(t.Procedure)
        procedure_uuid = fresh(t.Procedure, procedure.uid)
        buffers[t.Procedure].append((
            procedure_id, procedure_uuid, maps.entity_id, position, procedure.code,
            procedure.name, _CODE[procedure.kind], _CODE[procedure.calificacion],
            procedure.plazo, _CODE[procedure.plazo_unit], procedure.annual_demand,
            decimal(procedure.preparation_minutes),
            units.get(procedure.filed_at) if procedure.filed_at else None,
            units.get(procedure.approved_by) if procedure.approved_by else None,
            procedure.description, procedure.who_may_apply, procedure.legal_basis,
            procedure.channels, procedure.contact, procedure.steps_note,
            procedure.reconsideration_authority, procedure.appeal_authority,
            procedure.standard_code,
        ))
        self._requirements(procedure.requirements, procedure_id, None)
        uuids = [procedure_uuid]
        version_ids: dict[str, int] = {}
        for index, version in enumerate(procedure.versions):
            version_id = version_ids[version.name] = self._take(t.Version)
            version_uuid = fresh(t.Version, version.uid)
            uuids.append(version_uuid)
            buffers[t.Version].append((
                version_id, version_uuid, procedure_id, index, version.name,
                _CODE[version.kind], decimal(version.fee),
                _CODE[version.calificacion] if version.calificacion is not None else None,
                version.plazo,
                _CODE[version.plazo_unit] if version.plazo_unit is not None else None,
                version.requirements is not None, version.adopted, version.note,
            ))
            if version.requirements is not None:
                self._requirements(version.requirements, None, version_id)
            self._activities(maps, version.activities, version_id)
        for version in procedure.versions:
            if version.based_on and version.based_on in version_ids:
                self.based_on.append((version_ids[version.name], version_ids[version.based_on]))
        return tuple(uuids)

    def _requirements(self, requirements: tuple[s.Requirement, ...], procedure_id: int | None,
                      version_id: int | None) -> None:
        rows, decimal = self.writer.buffers[t.Requirement], self.decimal
        for index, requirement in enumerate(requirements):
            rows.append((self.uuids.fresh(t.Requirement, requirement.uid), procedure_id,
                         version_id, index, requirement.name,
                         _CODE[requirement.kind], decimal(requirement.cost),
                         requirement.legal_basis))

    def _activities(self, maps: Maps, activities: tuple[s.Activity, ...], version_id: int) -> None:
        """The hot loop of an import: a region has near a million activities."""
        buffers, decimal, day, fresh = (self.writer.buffers, self.decimal, self.writer.day,
                                        self.uuids.fresh)
        rows, staff_rows, resource_rows = (buffers[t.Activity], buffers[t.ActivityStaff],
                                           buffers[t.ActivityResource])
        units, positions, resources, code = maps.units, maps.positions, maps.resources, _CODE
        activity_id = self._take(t.Activity, len(activities))
        table = t.Activity
        for index, a in enumerate(activities, 1):
            rows.append((
                activity_id, fresh(table, a.uid), version_id, index, a.description,
                units[a.unit] if a.unit is not None else None, code[a.type], code[a.value],
                decimal(a.minutes), decimal(a.probability), a.parallel, a.in_person,
                code[a.action] if a.action is not None else None, a.note,
                code[a.time_source] if a.time_source is not None else None,
                day(a.time_date) if a.time_date is not None else None, a.time_by, a.based_on,
            ))
            for staff in a.staff:
                staff_rows.append((activity_id, positions[staff.position], decimal(staff.count)))
            for use in a.resources:
                resource_rows.append((activity_id, resources[use.resource], decimal(use.qty)))
            activity_id += 1

    def link_versions(self) -> None:
        """`based_on_id` of the versions written (a version may name a later one)."""
        if not self.based_on:
            return
        version = cast(Table, t.Version.__table__)
        statement = version.update().where(version.c.id == bindparam("version_id")).values(
            based_on_id=bindparam("based_on"))
        self.writer.connection.execute(statement, [
            {"version_id": version_id, "based_on": based_on}
            for version_id, based_on in self.based_on])
        self.based_on.clear()

