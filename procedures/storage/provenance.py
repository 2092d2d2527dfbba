"""Where data came from: this database's identity, the state a municipality is in (its
newest change), and the origins packages brought in (issue #14, point 1 groundwork).

A package records `Origin(database, last_change)` per municipality. With every change in
the history (field, old, new), the state the package left in is the present state with
the changes made after `last_change` taken back: what a merge compares both sides with.
An import records the origin it brought (`ORIGIN_FIELD`), so that a package exported
again from the importing database says what it had been based on.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import tables as t
from procedures import snapshots as s

#: The change-log field of an import's entry that keeps the origin it brought.
ORIGIN_FIELD = "origin"
#: How many earlier origins a package carries (the newest ones).
MAX_BASED_ON = 20


def database_id(session: Session) -> str:
    """This database's id ("" in a database not migrated to 0005 yet)."""
    return session.scalar(select(t.DatabaseInfo.value).where(t.DatabaseInfo.key == "id")) or ""


def last_change(session: Session, entity_id: int) -> int:
    """The id of the municipality's newest change-log entry (0 when it has none)."""
    return session.scalar(select(func.max(t.ChangeLog.id)).where(
        t.ChangeLog.entity_id == entity_id)) or 0


def origin_text(origin: s.Origin) -> str:
    """"<database>@<last change>", then the origins it was based on, separated by spaces:
    how an import's entry keeps what it brought."""
    pairs = [(origin.database, origin.last_change), *origin.based_on][:MAX_BASED_ON]
    return " ".join(f"{database}@{number}" for database, number in pairs)


def origins_from_text(text: str) -> list[tuple[str, int]]:
    """The (database, last change) pairs of an `origin_text` (unreadable parts left out)."""
    pairs = []
    for part in text.split():
        database, sep, number = part.rpartition("@")
        if sep and database and number.isdigit():
            pairs.append((database, int(number)))
    return pairs


def origin_of(session: Session, entity_id: int) -> s.Origin:
    """The origin a package exported now carries for the municipality: this database at
    its newest change, based on what earlier imports brought (newest first, once each)."""
    earlier = session.scalars(
        select(t.ChangeLog.new_value).where(t.ChangeLog.entity_id == entity_id,
                                            t.ChangeLog.field == ORIGIN_FIELD)
        .order_by(t.ChangeLog.id.desc()).limit(MAX_BASED_ON))
    based_on: list[tuple[str, int]] = []
    for text in earlier:
        for pair in origins_from_text(text):
            if pair not in based_on:
                based_on.append(pair)
    this = database_id(session)
    return s.Origin(this, last_change(session, entity_id), tuple(based_on[:MAX_BASED_ON]),
                    origin_changes(session, entity_id, this, based_on))


#: Kinds whose objects travel without a uuid (matched by code): their changes name the code.
BY_CODE = ("unit", "position", "resource")


def origin_changes(session: Session, entity_id: int, this: str,
                   based_on: list[tuple[str, int]]) -> tuple[s.OriginChange, ...]:
    """Who changed what here since the municipality came here last (its newest import
    from another database, or this database's own state a round trip came back from,
    whichever is older): the
    file's side of the conflicts a merge elsewhere lists. Nothing for a municipality
    that never came in a package."""
    c = t.ChangeLog
    came = None
    for entry_id, before, text in session.execute(
            select(c.id, c.old_value, c.new_value).where(
                c.entity_id == entity_id, c.field == ORIGIN_FIELD).order_by(c.id.desc())):
        brought = origins_from_text(text or "")
        if brought and brought[0][0] != this:  # not a package of this database's own
            came = int(entry_id)
            # The import's own field changes (an `import --replace` of an edited
            # package) are this database's work: kept, with who and when.
            start = int(before) if (before or "").isdigit() else came
            break
    if came is None:
        return ()
    own = [number for database, number in based_on if database == this]
    since = min([start, *own[:1]])
    rows = session.connection().execute(
        select(c.object_kind, c.object_uuid, c.object_label, c.field, c.author, c.at,
               c.version_uuid, c.procedure_uuid, c.id)
        .where(c.entity_id == entity_id, c.id > since, c.field != ORIGIN_FIELD,
               c.object_uuid != "")
        .order_by(c.id)).all()
    found: dict[tuple[str, str, str], s.OriginChange] = {}
    for kind, uuid, label, field, who, at, version, procedure, entry in rows:
        if start < entry < came and not field:
            continue  # what the import created or removed came with the package
        uid = label if kind in BY_CODE else uuid
        found[(kind, uid, field)] = s.OriginChange(
            kind, uid, field, who or "", at.isoformat(timespec="minutes") if at else "",
            version or "", procedure or "")
    return tuple(found.values())


@dataclass(frozen=True, slots=True)
class CommonState:
    """Where a package and this database last agreed: the change-log id here of that
    state (`base`), and the ranges of entries written since by imports of the package's
    own line (its values, not this database's changes: `(after, up_to)` ids)."""

    base: int
    imported: tuple[tuple[int, int], ...] = ()


def common_state(session: Session, entity_id: int, origin: s.Origin) -> CommonState | None:
    """The state a merge of the package starts from, or None when the package never came
    from this database.

    The package names this database in its origin or in what it was based on (a laptop's
    package of the office's data; several round trips): that state. Otherwise an import
    here that brought a state the package descends from (the office's later package on
    the laptop that took an earlier one): the state right after that import. Imports
    after the base that brought an earlier state of the package's own line (the same
    laptop merged before) are left out of this database's changes."""
    this = database_id(session)
    pairs = [(origin.database, origin.last_change), *origin.based_on]
    newest: dict[str, int] = {}
    for database, number in pairs:
        newest[database] = max(number, newest.get(database, 0))
    c = t.ChangeLog
    descends: list[tuple[int, int]] = []  # (entry id, first id of that import - 1)
    for entry_id, text, old in session.execute(
            select(c.id, c.new_value, c.old_value).where(
                c.entity_id == entity_id, c.field == ORIGIN_FIELD).order_by(c.id)):
        brought = origins_from_text(text or "")
        if brought and brought[0][0] != this and newest.get(brought[0][0], -1) >= brought[0][1]:
            start = int(old) if (old or "").isdigit() else int(entry_id) - 1
            descends.append((int(entry_id), start))
    if this in newest:
        base = newest[this]
    elif descends:
        base = descends[-1][0]
    else:
        return None
    return CommonState(base, tuple((start, entry) for entry, start in descends
                                   if entry > base))


@dataclass(frozen=True, slots=True)
class SinceChange:
    """What the database changed in one field (or to one object) after a package left:
    `base` is the value the package carries (the old value of the first change since),
    `now` the value the database holds (the new value of the last), with who and when
    of the last change. `field` is "" for an object added or deleted."""

    kind: str
    uuid: str
    field: str
    base: str
    now: str
    who: str
    when: datetime
    label: str
    action: str


def changes_since(session: Session, entity_id: int, last_change: int) -> tuple[SinceChange, ...]:
    """The municipality's changes after entry `last_change`, one per field or object (in
    the order they were first changed): the database's side of a merge."""
    c = t.ChangeLog
    rows = session.connection().execute(
        select(c.object_kind, c.object_uuid, c.field, c.old_value, c.new_value, c.author,
               c.at, c.object_label, c.action)
        .where(c.entity_id == entity_id, c.id > last_change, c.object_uuid != "",
               c.field != ORIGIN_FIELD)
        .order_by(c.id)).all()
    found: dict[tuple[str, str, str], SinceChange] = {}
    for kind, uuid, field, old, new, who, at, label, action in rows:
        key = (kind, uuid, field)
        first = found.get(key)
        found[key] = SinceChange(kind, uuid, field, first.base if first else old, new, who,
                                 at, label, action)
    return tuple(found.values())


@dataclass(frozen=True, slots=True)
class DatabaseSide:
    """What this database did to a municipality after a package's common state: each
    changed field (`fields`, by kind, uuid — a code for units, positions and resources —
    and field), the objects created and deleted since, and every object touched (itself,
    or something in it: a step's change touches its version and procedure)."""

    fields: dict[tuple[str, str, str], SinceChange]
    created: frozenset[str]
    deleted: dict[str, SinceChange]
    touched: dict[str, SinceChange]


#: Actions of an object's own entries (no field) that bring it into being.
CREATING = ("create", "import", "copy")


def database_side(session: Session, entity_id: int, state: CommonState) -> DatabaseSide:
    """The municipality's changes after the common state, read once in id order."""
    c = t.ChangeLog
    rows = session.connection().execute(
        select(c.object_kind, c.object_uuid, c.field, c.old_value, c.new_value, c.author,
               c.at, c.object_label, c.action, c.version_uuid, c.procedure_uuid, c.id)
        .where(c.entity_id == entity_id, c.id > state.base, c.object_uuid != "",
               c.field != ORIGIN_FIELD)
        .order_by(c.id)).all()
    rows = [row for row in rows
            if not any(after < row.id <= up_to for after, up_to in state.imported)]
    fields: dict[tuple[str, str, str], SinceChange] = {}
    created: set[str] = set()
    deleted: dict[str, SinceChange] = {}
    touched: dict[str, SinceChange] = {}
    first_action: dict[str, str] = {}
    for kind, uuid, field, old, new, who, at, label, action, version, procedure, _id in rows:
        uid = label if kind in BY_CODE else uuid
        change = SinceChange(kind, uid, field, old or "", new or "", who or "", at, label,
                             action)
        for owner in (uid, version, procedure):
            if owner:
                touched[owner] = change
        if field:
            key = (kind, uid, field)
            first = fields.get(key)
            fields[key] = replace(change, base=first.base) if first else change
            continue
        first_action.setdefault(uid, action)
        if action == "delete":
            deleted[uid] = change
        elif action in CREATING or action == "restore":
            deleted.pop(uid, None)
    created.update(uid for uid, action in first_action.items() if action in CREATING)
    return DatabaseSide(fields, frozenset(created), deleted, touched)
