"""Noticing what other processes and clerks wrote, so that an open window can show it.

SQLite: `SqliteWatch` keeps one connection of its own and asks `PRAGMA data_version`
(a number that moves when another connection commits; it costs no read of the file),
then reads the change log's new entries and leaves out the ones this program wrote
itself (`Database.transaction` records them, see `own_entries`).

PostgreSQL: every transaction that changes edited rows or writes the change log sends
`NOTIFY tramite_changes` with a JSON payload (source, municipality ids, what changed:
kind and uuid), in the same transaction, so it arrives only once the change is committed.
`PgListener` LISTENs on a connection of its own (made by the engine, so a password typed
for this session is never stored anywhere else); `fileno()` lets a window wait on it
without a thread, `poll()` never blocks.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session

from models.reference import ChangeLog
from models.revisions import RevisionMixin

CHANNEL = "tramite_changes"
#: PostgreSQL refuses a payload of 8,000 bytes or more.
MAX_PAYLOAD = 7_000
log = logging.getLogger("tramite.watch")


@dataclass(frozen=True, slots=True)
class Changed:
    """What another process changed, as far as it is known (empty: anything)."""

    entities: frozenset[int] = frozenset()
    uuids: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    #: True when nothing is known of what changed (a restored copy, a write without log).
    everything: bool = False


def source_of(session: Session) -> str:
    """The token of the `Database` a session belongs to (set by `models.db`)."""
    return str(session.info.get("source", ""))


def new_source() -> str:
    return uuid.uuid4().hex


# ---- What a session wrote (both backends) -------------------------------------------


@event.listens_for(Session, "before_flush")
def _remember_log_entries(session: Session, _context: Any, _instances: Any) -> None:
    entries = session.info.setdefault("log_entries", [])
    entries.extend(obj for obj in session.new if isinstance(obj, ChangeLog))


def own_entries(session: Session) -> set[int]:
    """Ids of the change-log entries this session wrote (after a flush)."""
    return {entry.id for entry in session.info.get("log_entries", ()) if entry.id is not None}


# ---- PostgreSQL: NOTIFY in the writing transaction ------------------------------------


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _context: Any) -> None:
    """What this flush changed, for the one NOTIFY the transaction sends on commit."""
    if session.get_bind().dialect.name != "postgresql":
        return
    pending = session.info.setdefault("notify", {"entities": set(), "changed": [], "more": 0})
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, ChangeLog):
            if obj.entity_id is not None:
                pending["entities"].add(obj.entity_id)
            what = [obj.object_kind, obj.object_uuid]
        elif isinstance(obj, RevisionMixin):
            entity_id = getattr(obj, "entity_id", None)
            if isinstance(entity_id, int):
                pending["entities"].add(entity_id)
            what = [type(obj).__tablename__, getattr(obj, "uuid", "") or ""]  # type: ignore[attr-defined]
        else:
            continue
        if len(pending["changed"]) < 100:
            pending["changed"].append(what)
        else:
            pending["more"] += 1


@event.listens_for(Session, "before_commit")
def _notify(session: Session) -> None:
    """One NOTIFY per transaction, sent inside it: listeners hear of it on commit."""
    pending = session.info.pop("notify", None)
    if not pending or not (pending["changed"] or pending["entities"]):
        return
    payload = {"source": source_of(session), "entities": sorted(pending["entities"])[:500],
               "changed": [] if pending["more"] else pending["changed"]}
    words = json.dumps(payload, separators=(",", ":"))
    if len(words) > MAX_PAYLOAD:  # a large import: say only who and where
        words = json.dumps({**payload, "entities": payload["entities"][:50], "changed": []},
                           separators=(",", ":"))
    session.connection().execute(text("SELECT pg_notify(:channel, :payload)"),
                                 {"channel": CHANNEL, "payload": words})


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop("notify", None)


class PgListener:
    """LISTEN on a connection of its own; `poll()` returns what others changed."""

    def __init__(self, engine: Engine, source: str) -> None:
        self.source = source
        self._raw = engine.raw_connection()
        connection: Any = self._raw.driver_connection
        self._raw.detach()  # never goes back to the pool: it only listens
        self.connection = connection
        try:
            connection.rollback()  # the pool may have begun a transaction on it
            connection.autocommit = True
            connection.execute(f"LISTEN {CHANNEL}")
        except BaseException:
            connection.close()
            raise

    def fileno(self) -> int:
        return int(self.connection.fileno())

    def poll(self) -> Changed | None:
        """Notifications that arrived (never waits); None when only our own did."""
        found: list[dict[str, Any]] = []
        for notice in self.connection.notifies(timeout=0, stop_after=None):
            try:
                found.append(json.loads(notice.payload))
            except ValueError:
                found.append({})
        others = [p for p in found if p.get("source") != self.source]
        if not others:
            return None
        return Changed(
            entities=frozenset(e for p in others for e in p.get("entities", ())
                               if isinstance(e, int)),
            uuids=frozenset(str(c[1]) for p in others for c in p.get("changed", ())
                            if isinstance(c, list) and len(c) == 2),
            kinds=frozenset(str(c[0]) for p in others for c in p.get("changed", ())
                            if isinstance(c, list) and len(c) == 2),
            everything=any(not p.get("changed") for p in others))

    def close(self) -> None:
        try:
            self.connection.close()
        except Exception:  # a closed server connection is closed already
            log.debug("listener already closed", exc_info=True)


# ---- SQLite: PRAGMA data_version ------------------------------------------------------


@dataclass
class SqliteWatch:
    """Polls a SQLite file for commits of other connections (cheap: no file read)."""

    path: Path
    #: Change-log ids this program wrote itself (filled by the window's writes).
    own: set[int] = field(default_factory=set)
    wrote_since_poll: bool = False

    def __post_init__(self) -> None:
        self._connection = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True,
                                           check_same_thread=False, isolation_level=None)
        self._connection.execute("PRAGMA busy_timeout = 100")
        self._version = self._data_version()
        self._last = self._last_entry()

    def _data_version(self) -> int:
        return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def _last_entry(self) -> int:
        row = self._connection.execute("SELECT max(id) FROM change_log").fetchone()
        return int(row[0] or 0)

    def wrote(self, entries: set[int]) -> None:
        """This program committed a write whose log entries are `entries`."""
        self.own |= entries
        self.wrote_since_poll = True

    def poll(self) -> Changed | None:
        """What other connections committed since the last poll (None: nothing)."""
        try:
            version = self._data_version()
            if version == self._version:
                return None
            self._version = version
            rows = self._connection.execute(
                "SELECT id, entity_id, object_kind, object_uuid FROM change_log "
                "WHERE id > ? ORDER BY id", (self._last,)).fetchall()
            last = self._last_entry()
        except sqlite3.Error:
            log.info("the database could not be polled now", exc_info=True)
            return None
        wrote, self.wrote_since_poll = self.wrote_since_poll, False
        if last < self._last:  # the log went back: a copy was restored over it
            self._last, self.own = last, set()
            return Changed(everything=True)
        self._last = max(self._last, last)
        others = [row for row in rows if row[0] not in self.own]
        self.own = {entry for entry in self.own if entry > self._last}
        if not others:
            # Written without a log entry: by us (nothing to show) or by someone else.
            return None if wrote or rows else Changed(everything=True)
        return Changed(entities=frozenset(r[1] for r in others if r[1] is not None),
                       uuids=frozenset(r[3] for r in others if r[3]),
                       kinds=frozenset(r[2] for r in others))

    def close(self) -> None:
        self._connection.close()
