"""Where data came from: this database's identity, the state a municipality is in (its
newest change), and the origins packages brought in (issue #14, point 1 groundwork).

A package records `Origin(database, last_change)` per municipality. With every change in
the history (field, old, new), the state the package left in is the present state with
the changes made after `last_change` taken back: what a merge compares both sides with.
An import records the origin it brought (`ORIGIN_FIELD`), so that a package exported
again from the importing database says what it had been based on.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    return s.Origin(database_id(session), last_change(session, entity_id),
                    tuple(based_on[:MAX_BASED_ON]))


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
