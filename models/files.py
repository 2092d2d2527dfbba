"""What a database is before anything is written to it: ours (and at which schema),
damaged, another program's, not a database at all, or not there yet.

Pure storage knowledge, no words: callers turn a `FileState` into a sentence. A SQLite
file is read without changing a byte of it: its header first, as plain bytes, then (when
it is a SQLite file) through a read-only connection that creates no side files, so a
foreign or damaged file stays exactly as it was.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:  # SQLAlchemy is imported by the server's inspection only
    from sqlalchemy import Engine

#: `PRAGMA application_id` of our SQLite files ("TrCl"): another program's file never has it.
APPLICATION_ID = 0x5472436C
HEADER = b"SQLite format 3\x00"
#: Tables every Trámite Claro database has had (files made before the application id was
#: written are recognised by them).
CORE_TABLES = frozenset({"alembic_version", "entity", "procedure", "version", "activity"})


class FileKind(StrEnum):
    MISSING = "missing"  # nothing there yet: a new database may be created
    EMPTY = "empty"  # an empty file or a database without any table: safe to set up
    CURRENT = "current"  # ours, at the newest schema
    OLDER = "older"  # ours, at an older schema: migrate (after a copy)
    NEWER = "newer"  # ours, from a newer version of the program: refuse, touch nothing
    DAMAGED = "damaged"  # a SQLite file that cannot be read whole
    FOREIGN = "foreign"  # another program's database
    NOT_DATABASE = "not_database"  # not a database at all (a text file, a folder…)


#: Kinds that may be opened (after creating or migrating the schema).
USABLE = frozenset({FileKind.MISSING, FileKind.EMPTY, FileKind.CURRENT, FileKind.OLDER})


@dataclass(frozen=True, slots=True)
class FileState:
    kind: FileKind
    #: The schema revision found (ours) or None.
    revision: str | None = None
    #: SQLite's own words about a damaged file (for a technician; English).
    detail: str = ""
    tables: tuple[str, ...] = field(default=())

    @property
    def usable(self) -> bool:
        return self.kind in USABLE


def known_revisions() -> tuple[frozenset[str], str]:
    """Every schema revision this program knows, and the newest one."""
    from models.migrate import head_revision, revisions

    return revisions(), head_revision()


def _by_revision(revision: str | None, tables: tuple[str, ...]) -> FileState:
    known, head = known_revisions()
    if revision == head:
        return FileState(FileKind.CURRENT, revision, tables=tables)
    if revision is None or revision in known:
        return FileState(FileKind.OLDER, revision, tables=tables)
    return FileState(FileKind.NEWER, revision, tables=tables)


def read_only_uri(path: Path) -> str:
    """A URI that reads `path` and writes nothing beside it.

    Without a `-wal` file nobody has the database open in WAL mode, and `immutable=1`
    reads the main file alone (a plain read-only connection would create `-wal` and
    `-shm` files next to it); with one, the side files exist already.
    """
    wal = path.with_name(path.name + "-wal")
    mode = "mode=ro" if wal.exists() else "immutable=1"
    return f"file:{quote(str(path))}?{mode}"


def _header(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(100)


def inspect_sqlite(path: Path, *, thorough: bool = True) -> FileState:
    """What the SQLite file at `path` is. `thorough` reads every page (quick_check)."""
    if not path.exists():
        return FileState(FileKind.MISSING)
    if not path.is_file():
        return FileState(FileKind.NOT_DATABASE)
    try:
        header = _header(path)
    except OSError as error:
        return FileState(FileKind.NOT_DATABASE, detail=str(error))
    if not header:
        return FileState(FileKind.EMPTY)
    if not header.startswith(HEADER[:len(header)]):
        return FileState(FileKind.NOT_DATABASE)
    if len(header) < 100:
        return FileState(FileKind.DAMAGED, detail="the file ends inside its header")
    application_id = int.from_bytes(header[68:72], "big")
    if application_id not in (0, APPLICATION_ID):
        return FileState(FileKind.FOREIGN)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages, counter, valid_for = (int.from_bytes(header[a:a + 4], "big") for a in (28, 24, 92))
    wal = path.with_name(path.name + "-wal")
    if (pages and counter == valid_for and not wal.exists()
            and path.stat().st_size < pages * page_size):
        return FileState(FileKind.DAMAGED, detail="the file is shorter than its header says")
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as error:
        return FileState(FileKind.DAMAGED, detail=str(error))
    try:
        return _inspect_connection(connection, application_id, thorough)
    except sqlite3.DatabaseError as error:
        return FileState(FileKind.DAMAGED, detail=str(error))
    finally:
        connection.close()


def in_wal_mode(path: Path) -> bool:
    """True when the file's header says WAL (opening it for work then writes nothing
    into it: only the `-wal` and `-shm` files beside it)."""
    try:
        header = _header(path)
    except OSError:
        return False
    return len(header) == 100 and header[18] == 2 and header[19] == 2


def integrity_problems(path: Path, limit: int = 20) -> list[str]:
    """SQLite's `quick_check` of the file (every page read; [] when sound). Through a
    read-only connection, which may share the WAL of connections already open."""
    try:
        connection = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return [str(error)]
    try:
        problems = [row[0] for row in connection.execute(f"PRAGMA quick_check({limit})")]
    except sqlite3.DatabaseError as error:
        return [str(error)]
    finally:
        connection.close()
    return [] if problems == ["ok"] else problems


def _inspect_connection(connection: sqlite3.Connection, application_id: int,
                        thorough: bool) -> FileState:
    names = tuple(sorted(row[0] for row in connection.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table'")))
    ours = application_id == APPLICATION_ID or set(names) >= CORE_TABLES
    if not names:
        user_version = connection.execute("PRAGMA user_version").fetchone()[0]
        if ours or (application_id == 0 and user_version == 0):
            return FileState(FileKind.EMPTY)
        return FileState(FileKind.FOREIGN)
    if not ours:
        return FileState(FileKind.FOREIGN, tables=names)
    if thorough:
        problems = [row[0] for row in connection.execute("PRAGMA quick_check(20)")]
        if problems != ["ok"]:
            return FileState(FileKind.DAMAGED, detail="; ".join(problems), tables=names)
    revision = None
    if "alembic_version" in names:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    return _by_revision(revision, names)


def inspect_engine(engine: Engine) -> FileState:
    """What the database behind `engine` is (a server database; nothing is written)."""
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        names = tuple(sorted(inspect(connection).get_table_names()))
        if not names:
            return FileState(FileKind.EMPTY)
        if not set(names) >= CORE_TABLES:
            return FileState(FileKind.FOREIGN, tables=names)
        revision = connection.execute(text("SELECT version_num FROM alembic_version")
                                      ).scalar()
    return _by_revision(revision, names)


