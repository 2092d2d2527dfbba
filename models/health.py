"""A database's health: integrity, foreign keys, schema revision and rows per table.

Read-only (a SQLite file is read through a connection that writes nothing, not even
side files), so it can look at a damaged file or one from a newer version.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, func, inspect, select, table

from models.files import FileKind, FileState, inspect_engine, inspect_sqlite, read_only_uri
from models.tables import Base

#: Enough problems to judge a file by; a damaged one can have thousands.
MAX_PROBLEMS = 20


@dataclass(frozen=True, slots=True)
class Health:
    state: FileState
    head: str
    #: SQLite's integrity_check lines (empty: sound; None: not checked, e.g. a server).
    integrity: tuple[str, ...] | None = None
    #: (table, rowid, parent table) of rows whose parent does not exist.
    foreign_keys: tuple[tuple[str, int, str], ...] = ()
    #: Rows in each of our tables.
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def sound(self) -> bool:
        """Usable as it is (an older schema is updated when the database is opened)."""
        return (self.state.kind in (FileKind.CURRENT, FileKind.OLDER) and not self.integrity
                and not self.foreign_keys)


def check_sqlite(path: Path) -> Health:
    from models.migrate import head_revision

    state = inspect_sqlite(path, thorough=False)
    head = head_revision()
    if state.kind not in (FileKind.CURRENT, FileKind.OLDER, FileKind.NEWER, FileKind.DAMAGED):
        return Health(state, head)
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as error:
        return Health(state, head, integrity=(str(error),))
    try:
        try:
            integrity = [row[0] for row in connection.execute(
                f"PRAGMA integrity_check({MAX_PROBLEMS})")]
        except sqlite3.DatabaseError as error:
            return Health(state, head, integrity=(str(error),))
        problems = () if integrity == ["ok"] else tuple(integrity)
        if problems and state.kind is not FileKind.DAMAGED:
            state = FileState(FileKind.DAMAGED, state.revision, "; ".join(problems),
                              state.tables)
        try:
            keys = tuple((row[0], row[1], row[2]) for row in connection.execute(
                "PRAGMA foreign_key_check").fetchmany(MAX_PROBLEMS))
            rows = {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                    for name in sorted(Base.metadata.tables) if name in state.tables}
        except sqlite3.DatabaseError as error:
            return Health(state, head, integrity=problems or (str(error),))
    finally:
        connection.close()
    return Health(state, head, integrity=problems, foreign_keys=keys, rows=rows)


def check_engine(engine: Engine) -> Health:
    """A server database: the server keeps integrity and foreign keys; schema and rows."""
    from models.migrate import head_revision

    state = inspect_engine(engine)
    rows: dict[str, int] = {}
    if state.kind in (FileKind.CURRENT, FileKind.OLDER, FileKind.NEWER):
        with engine.connect() as connection:
            present = set(inspect(connection).get_table_names())
            for name in sorted(Base.metadata.tables):
                if name in present:
                    rows[name] = connection.execute(
                        select(func.count()).select_from(table(name))).scalar_one()
    return Health(state, head_revision(), rows=rows)
