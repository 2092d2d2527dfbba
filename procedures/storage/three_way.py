"""A three-way merge of one municipality: what this database holds (mine), what a
package brings (theirs) and the state both started from (the base), field by field.

The base is not stored: it is what the history says a field held at the common state
(the old value of its first change since — `provenance.database_side`), or the present
value when this database has not changed it since. So this database changed a field
when its base differs from its value now, and the file did when the file's value
differs from the base. Only one side changed: that side's value. Both changed to
different values: a conflict, the preferred side's value kept. Objects are matched by
uuid (versions also by name, procedures by code, requirements by name, units,
positions and resources by code). One created on either side is kept; one deleted on
one side is deleted when the other side did not touch it, and a conflict otherwise.

Pure: no session, no writes; `procedures.services.merge` reads and writes around it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from procedures import snapshots as s
from procedures.changes import activity_label, order_text, value_text
from procedures.storage.provenance import DatabaseSide, SinceChange
from procedures.storage.replaced import (
    ACTIVITY_FIELDS,
    PROCEDURE_FIELDS,
    REQUIREMENT_FIELDS,
    VERSION_FIELDS,
)

SETTINGS_FIELDS = ("year", "hours_per_day", "days_per_month", "minutes_per_working_day",
                   "rounding", "citizen_hour_value", "travel_minutes", "travel_fare", "uit")
ENTITY_TEXTS = ("name", "address", "office_hours", "phone", "email", "website",
                "reference_url")
UNIT_FIELDS = ("name", "other_tupa_minutes")
POSITION_FIELDS = ("name", "unit", "annual_cost")
RESOURCE_FIELDS = ("name", "element", "unit_cost", "annual_cost", "quantity",
                   "acquisition_cost", "rate", "driver")

def _codes_used(procedures: Sequence[s.Procedure], positions: Sequence[s.Position],
                resources: Sequence[s.Resource]) -> set[tuple[str, str]]:
    """(kind, code) of every unit, position and resource something merged names."""
    used: set[tuple[str, str]] = set()
    for procedure in procedures:
        used.update(("unit", c) for c in (procedure.filed_at, procedure.approved_by) if c)
        for version in procedure.versions:
            for step in version.activities:
                if step.unit:
                    used.add(("unit", step.unit))
                used.update(("position", use.position) for use in step.staff)
                used.update(("resource", use.resource) for use in step.resources)
    used.update(("unit", p.unit) for p in positions if p.unit)
    for resource in resources:
        used.update(("unit", c) for c, _v in (*resource.driver_values, *resource.tupa_factor))
    return used


#: What owns each kind of object a merge may delete (a requirement names its own).
OWNER_KINDS = {"procedure": "entity", "version": "procedure", "activity": "version",
               "requirement": "procedure"}

#: A conflict's `deleted`: which side deleted the object (the other changed it).
DELETED_IN_DATABASE, DELETED_IN_FILE = "database", "file"


@dataclass(frozen=True, slots=True)
class Conflict:
    """Both sides changed the same field of the same thing (or one deleted what the
    other changed). Values are the history's texts (`changes.value_text`); `theirs` is
    the file's typed value, what deciding for the file writes."""

    ubigeo: str
    procedure: str  # code ("" for the municipality's own settings, units…)
    procedure_name: str
    version: str
    step: str  # "3. Revisar la solicitud" or ""
    kind: str  # entity | unit | position | resource | procedure | version | activity | requirement
    uid: str  # uuid (code for units, positions, resources)
    field: str  # "" when an object was deleted on one side
    database: str
    file: str
    database_who: str
    database_when: str
    file_who: str
    file_when: str
    kept: str  # "database" | "file": whose value the merge wrote
    deleted: str = ""  # DELETED_IN_DATABASE | DELETED_IN_FILE for a deletion conflict
    #: A deletion conflict's owner (("version", uuid) for a step, ("procedure" | "version",
    #: uuid) for a requirement, ("procedure", uuid) for a version, ("entity", uuid) for a
    #: procedure) and its place in the owner's list on the side that still has it.
    owner: tuple[str, str] = ("", "")
    position: int = 0
    theirs: Any = dataclass_field(default=None, compare=False)
    mine: Any = dataclass_field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class FileChange:
    who: str
    at: str


class FileSide:
    """Who changed what in the database the package was exported from (its origin's
    `changes`): the file's who and when, and what it touched (for deletions)."""

    def __init__(self, changes: Sequence[s.OriginChange]) -> None:
        self.fields: dict[tuple[str, str, str], FileChange] = {}
        self.touched: set[str] = set()
        for change in changes:
            uid = "" if change.kind == "entity" else change.uid
            self.fields[(change.kind, uid, change.field)] = FileChange(change.who, change.at)
            self.touched.update(filter(None, (change.uid, change.version, change.procedure)))

    def stamp(self, kind: str, uid: str, field_name: str) -> FileChange | None:
        return self.fields.get((kind, "" if kind == "entity" else uid, field_name))


def comparable(text: str) -> str:
    """A value's text as compared: numbers by value ("10.00" is "10")."""
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return text
    if not number.is_finite():
        return text
    return format(number.normalize(), "f") if number else "0"


@dataclass(frozen=True, slots=True)
class Place:
    """Where a field is, for a conflict's line."""

    procedure: str = ""
    procedure_name: str = ""
    version: str = ""
    step: str = ""


T = TypeVar("T")


class Merger:
    """One municipality's merge; `conflicts` and `taken` (fields taken from the file)
    fill as it goes."""

    def __init__(self, ubigeo: str, db: DatabaseSide, file: FileSide,
                 prefer_file: bool = False) -> None:
        self.ubigeo = ubigeo
        self.db = db
        self.file = file
        self.prefer_file = prefer_file
        self.conflicts: list[Conflict] = []
        self.taken = 0
        #: Units, positions and resources the file deleted, to delete after the write
        #: (kind, code): the writer only adds and updates them.
        self.dropped: list[tuple[str, str]] = []

    # -- one field ---------------------------------------------------------------------

    def value(self, place: Place, kind: str, uid: str, name: str, mine: Any,
              theirs: Any) -> Any:
        """The merged value of one field."""
        mine_text, theirs_text = value_text(mine), value_text(theirs)
        since = self.db.fields.get((kind, uid, name))
        base = comparable(since.base) if since is not None else comparable(mine_text)
        db_changed = since is not None and base != comparable(mine_text)
        file_changed = comparable(theirs_text) != base
        if not file_changed or comparable(theirs_text) == comparable(mine_text):
            return mine
        if not db_changed:
            self.taken += 1
            return theirs
        stamp = self.file.stamp(kind, uid, name)
        assert since is not None
        self._conflict(place, kind, uid, name, mine_text, theirs_text, since, stamp,
                       theirs=theirs, mine=mine)
        if self.prefer_file:
            self.taken += 1
            return theirs
        return mine

    def _conflict(self, place: Place, kind: str, uid: str, name: str, mine_text: str,
                  theirs_text: str, since: SinceChange | None, stamp: FileChange | None,
                  deleted: str = "", **values: Any) -> None:
        self.conflicts.append(Conflict(
            self.ubigeo, place.procedure, place.procedure_name, place.version, place.step,
            kind, uid, name, mine_text, theirs_text,
            since.who if since else "", since.when.isoformat(timespec="minutes")
            if since and since.when else "",
            stamp.who if stamp else "", stamp.at if stamp else "",
            "file" if self.prefer_file else "database", deleted, **values))

    def fields(self, place: Place, kind: str, mine: T, theirs: T, names: Sequence[str],
               uid: str) -> T:
        """`mine` with each of `names` merged with `theirs`."""
        changes = {}
        for name in names:
            merged = self.value(place, kind, uid, name, getattr(mine, name),
                                getattr(theirs, name))
            if merged is not getattr(mine, name):
                changes[name] = merged
        return replace(mine, **changes) if changes else mine  # type: ignore[type-var]

    # -- objects -----------------------------------------------------------------------

    def objects(self, mine: Sequence[T], theirs: Sequence[T], *, kind: str, owner: str,
                uid: Callable[[T], str], key: Callable[[T], str],
                merge: Callable[[T, T], T], place: Callable[[T], Place],
                label: Callable[[T], str], owner_kind: str = "") -> tuple[T, ...]:
        """Merge two lists of objects: matched by `uid` then by `key`; each pair merged
        by `merge`; one side's additions kept; deletions as the module says. The order
        is the file's unless this database reordered them (`owner`'s field "order")."""
        matched = _match(mine, theirs, uid, key)
        mine_kept: dict[int, T] = {}
        result_of_theirs: dict[int, T] = {}
        taken_ids = {id(m) for m in matched.values()}
        for index, item in enumerate(theirs):
            partner = matched.get(index)
            if partner is not None:
                result_of_theirs[index] = merge(partner, item)
                continue
            gone = self.db.deleted.get(uid(item)) if uid(item) else next(
                (c for c in self.db.deleted.values() if c.kind == kind and key(item)
                 and c.label == key(item)), None)  # one without uuid: by its name
            if gone is None:
                self.taken += 1
                result_of_theirs[index] = item  # new in the file
            elif uid(item) in self.file.touched:
                self._conflict(place(item), kind, uid(item), "", "", label(item), gone,
                               self._object_stamp(uid(item)), DELETED_IN_DATABASE,
                               theirs=item, position=index,
                               owner=(owner_kind or OWNER_KINDS[kind], owner))
                if self.prefer_file:
                    self.taken += 1
                    result_of_theirs[index] = item
        for index, item in enumerate(mine):
            if id(item) in taken_ids:
                continue
            if uid(item) in self.db.created:
                mine_kept[index] = item  # new in this database
            elif uid(item) in self.db.touched:
                self._conflict(place(item), kind, uid(item), "", label(item), "",
                               self.db.touched[uid(item)], self.file.stamp(kind, uid(item), ""),
                               DELETED_IN_FILE, mine=item, position=index,
                               owner=(owner_kind or OWNER_KINDS[kind], owner))
                if not self.prefer_file:
                    mine_kept[index] = item
            else:
                self.taken += 1  # deleted in the file
        reordered = ("version", owner, "order") in self.db.fields
        if reordered and kind == "activity" and self._order_conflict(
                mine, theirs, matched, owner, place) and self.prefer_file:
            reordered = False
        return _ordered(mine, theirs, matched, mine_kept, result_of_theirs,
                        reordered=reordered)

    def _order_conflict(self, mine: Sequence[T], theirs: Sequence[T], matched: dict[int, T],
                        owner: str, place: Callable[[T], Place]) -> bool:
        """Both sides reordered a version's steps into different orders: a conflict of
        the version's "order", shown by the database's step numbers."""
        stamp = self.file.stamp("version", owner, "order")
        if stamp is None or not mine:
            return False
        number = {id(item): index for index, item in enumerate(mine, start=1)}
        in_file = [number[id(matched[index])] for index in sorted(matched)]
        if in_file == sorted(in_file):
            return False
        uid: Callable[[Any], str] = lambda item: item.uid  # noqa: E731
        self._conflict(replace(place(mine[0]), step=""), "version", owner, "order",
                       order_text(sorted(in_file)), order_text(in_file),
                       self.db.fields[("version", owner, "order")], stamp,
                       mine=tuple(uid(item) for item in mine),
                       theirs=tuple(uid(item) for item in theirs))
        if self.prefer_file:
            self.taken += 1
        return True

    def _object_stamp(self, uid: str) -> FileChange | None:
        return next((stamp for (kind_, u, _f), stamp in self.file.fields.items() if u == uid),
                    None)

    # -- the municipality ----------------------------------------------------------------

    def entity(self, mine: s.Entity, theirs: s.Entity) -> s.Entity:
        """The merged municipality: settings, organisation and every procedure."""
        here = Place()
        settings = self.fields(here, "entity", mine.settings, theirs.settings,
                               SETTINGS_FIELDS, mine.uid)
        merged = self.fields(here, "entity", mine, theirs, ENTITY_TEXTS, mine.uid)
        procedures = self.objects(
            mine.procedures, theirs.procedures, kind="procedure", owner=mine.uid,
            uid=lambda p: p.uid, key=lambda p: p.code, merge=self.procedure,
            place=lambda p: Place(p.code, p.name), label=lambda p: f"{p.code} {p.name}")
        used = _codes_used(procedures, (*mine.positions, *theirs.positions),
                           (*mine.resources, *theirs.resources))
        units = self._by_code(mine.units, theirs.units, "unit", UNIT_FIELDS, used)
        positions = self._by_code(mine.positions, theirs.positions, "position",
                                  POSITION_FIELDS, used)
        resources = self._by_code(mine.resources, theirs.resources, "resource",
                                  RESOURCE_FIELDS, used)
        return replace(merged, settings=settings, units=units, positions=positions,
                       resources=resources, procedures=procedures, origin=theirs.origin)

    def _by_code(self, mine: Sequence[T], theirs: Sequence[T], kind: str,
                 names: Sequence[str], used: set[tuple[str, str]]) -> tuple[T, ...]:
        """Units, positions or resources, matched by code: fields merged; one new in the
        file added; one that only one side deleted is deleted (`dropped` for the
        file's), a conflict when the other side changed it, and kept while anything
        merged still names it."""
        code: Callable[[Any], str] = lambda item: item.code  # noqa: E731
        mine_codes = {code(item): item for item in mine}
        theirs_codes = {code(item) for item in theirs}
        out = []
        for index, item in enumerate(theirs):
            if code(item) in mine_codes:
                out.append(self.fields(Place(), kind, mine_codes[code(item)], item, names,
                                       code(item)))
                continue
            gone = self.db.deleted.get(code(item))
            if gone is None or gone.kind != kind or (kind, code(item)) in used:
                out.append(item)  # new in the file (or still named by a step)
            elif code(item) in self.file.touched:
                self._conflict(Place(), kind, code(item), "", "", code(item), gone,
                               self._object_stamp(code(item)), DELETED_IN_DATABASE,
                               theirs=item, position=index)
                if self.prefer_file:
                    self.taken += 1
                    out.append(item)
        for index, item in enumerate(mine):
            if code(item) in theirs_codes:
                continue
            out.append(item)  # the writer never deletes one: `dropped` does
            if code(item) in self.db.created or (kind, code(item)) in used:
                continue
            since = self.db.touched.get(code(item))
            if since is not None and since.kind == kind:
                self._conflict(Place(), kind, code(item), "", code(item), "", since,
                               self.file.stamp(kind, code(item), ""), DELETED_IN_FILE,
                               mine=item, position=index)
                if not self.prefer_file:
                    continue
            self.taken += 1
            self.dropped.append((kind, code(item)))
        return tuple(out)

    def procedure(self, mine: s.Procedure, theirs: s.Procedure) -> s.Procedure:
        place = Place(mine.code, mine.name)
        merged = self.fields(place, "procedure", mine, theirs, PROCEDURE_FIELDS, mine.uid)
        requirements = self.requirements(place, mine.requirements, theirs.requirements,
                                         mine.uid, "procedure")
        versions = self.objects(
            mine.versions, theirs.versions, kind="version", owner=mine.uid,
            uid=lambda v: v.uid, key=lambda v: v.name,
            merge=lambda a, b: self.version(place, a, b),
            place=lambda v: replace(place, version=v.name), label=lambda v: v.name)
        return replace(merged, requirements=requirements, versions=versions)

    def requirements(self, place: Place, mine: tuple[s.Requirement, ...],
                     theirs: tuple[s.Requirement, ...], owner: str,
                     owner_kind: str) -> tuple[s.Requirement, ...]:
        return self.objects(
            mine, theirs, kind="requirement", owner=owner, owner_kind=owner_kind,
            uid=lambda q: q.uid,
            key=lambda q: q.name,
            merge=lambda a, b: self.fields(replace(place, step=a.name), "requirement", a, b,
                                           REQUIREMENT_FIELDS, a.uid),
            place=lambda q: replace(place, step=q.name), label=lambda q: q.name)

    def version(self, place: Place, mine: s.Version, theirs: s.Version) -> s.Version:
        here = replace(place, version=mine.name)
        merged = self.fields(here, "version", mine, theirs, VERSION_FIELDS, mine.uid)
        if mine.requirements is None or theirs.requirements is None:
            own = mine.requirements if theirs.requirements is None else theirs.requirements
        else:
            own = self.requirements(here, mine.requirements, theirs.requirements, mine.uid,
                                    "version")
        numbers = {a.uid: index for index, a in enumerate(mine.activities, start=1)}

        def step(activity: s.Activity) -> Place:
            number = numbers.get(activity.uid)
            return replace(here, step=activity_label(number, activity.description)
                           if number else activity.description)

        activities = self.objects(
            mine.activities, theirs.activities, kind="activity", owner=mine.uid,
            uid=lambda a: a.uid, key=lambda a: "",
            merge=lambda a, b: self.fields(step(a), "activity", a, b, ACTIVITY_FIELDS, a.uid),
            place=step, label=lambda a: a.description)
        return replace(merged, requirements=own, activities=activities)


def _match(mine: Sequence[T], theirs: Sequence[T], uid: Callable[[T], str],
           key: Callable[[T], str]) -> dict[int, T]:
    """theirs' index -> the object of mine it is: by uuid first, then by key."""
    by_uid = {uid(item): item for item in mine if uid(item)}
    found: dict[int, T] = {}
    used: set[int] = set()
    for index, item in enumerate(theirs):
        partner = by_uid.get(uid(item)) if uid(item) else None
        if partner is not None:
            found[index] = partner
            used.add(id(partner))
    theirs_uids = {uid(item) for item in theirs if uid(item)}
    by_key: dict[str, T] = {}
    for item in mine:
        if id(item) not in used and key(item) and uid(item) not in theirs_uids:
            by_key.setdefault(key(item), item)
    for index, item in enumerate(theirs):
        if index in found or not key(item) or (uid(item) and uid(item) in by_uid):
            continue
        partner = by_key.pop(key(item), None)
        if partner is not None:
            found[index] = partner
    return found


def _ordered(mine: Sequence[T], theirs: Sequence[T], matched: dict[int, T],
             mine_kept: dict[int, T], result_of_theirs: dict[int, T], *,
             reordered: bool) -> tuple[T, ...]:
    """The merged objects in order: the file's order (this database's when it reordered
    them), each object only one side has placed after the one before it on its side."""
    partner_index = {id(m): index for index, m in enumerate(mine)}
    mine_to_theirs = {partner_index[id(m)]: index for index, m in matched.items()}
    if not reordered:
        order: list[tuple[str, int]] = [("t", i) for i in range(len(theirs))
                                        if i in result_of_theirs]
        extras = [("m", i) for i in sorted(mine_kept)]
        follow = [("m", i) if i not in mine_to_theirs else ("t", mine_to_theirs[i])
                  for i in range(len(mine))]
    else:
        theirs_to_mine = {v: k for k, v in mine_to_theirs.items()}
        order = [("t", mine_to_theirs[i]) if i in mine_to_theirs else ("m", i)
                 for i in range(len(mine))
                 if i in mine_kept or (i in mine_to_theirs
                                       and mine_to_theirs[i] in result_of_theirs)]
        extras = [("t", i) for i in range(len(theirs))
                  if i in result_of_theirs and i not in theirs_to_mine]
        follow = [("t", i) for i in range(len(theirs))]
    for extra in extras:
        at = follow.index(extra) if extra in follow else -1
        previous = next((p for p in reversed(follow[:at]) if p in order), None) \
            if at > 0 else None
        order.insert(order.index(previous) + 1 if previous is not None else 0, extra)
    return tuple(result_of_theirs[i] if side == "t" else mine_kept[i] for side, i in order)
