"""Engine and sessions: SQLite by default, PostgreSQL for a shared database.

`open_database(target)` accepts a file path or a SQLAlchemy URL, migrates the schema to
the newest revision (backing up an existing SQLite file first) and returns a `Database`
holding the engine and a session factory. Callers own their unit of work:
`with db.session() as s, s.begin(): ...`.
"""

from __future__ import annotations

import sqlite3
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

APP_NAME = "TramiteClaro"
APP_AUTHOR = "TramiteClaro"
DEFAULT_FILENAME = "tramite-claro.sqlite"
BUSY_TIMEOUT_MS = 10_000

# SQLite has no DECIMAL type; SQLAlchemy converts through the column's scale, which is
# exact for Numeric(12, 2) money. The warning says nothing we have not accounted for.
warnings.filterwarnings(
    "ignore", message=r".*does \*not\* support Decimal objects natively.*", category=exc.SAWarning
)


def default_database_path() -> Path:
    """The user's own SQLite file, in the platform's data folder."""
    return Path(user_data_dir(APP_NAME, APP_AUTHOR)) / DEFAULT_FILENAME


def database_url(target: str | Path | None) -> URL:
    """Turn a path or URL (or None for the default file) into a SQLAlchemy URL."""
    if target is None:
        target = default_database_path()
    text = str(target)
    if text == ":memory:":
        return URL.create("sqlite+pysqlite", database=":memory:")
    if "://" in text:
        return make_url(text)
    return URL.create("sqlite+pysqlite", database=str(Path(text).expanduser().resolve()))


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy own transactions (pysqlite's implicit BEGIN is off).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")


def create_db_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        memory = not url.database or url.database == ":memory:"
        engine = create_engine(
            url,
            # The window also reads and writes on a worker thread; the pool hands each
            # connection to one thread at a time, so pysqlite's same-thread check is off.
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            poolclass=StaticPool if memory else None,
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


@dataclass
class Database:
    """An open, migrated database."""

    url: URL
    engine: Engine
    sessions: sessionmaker[Session]
    created: bool = False

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def label(self) -> str:
        """How to show this database to a person (never the password)."""
        if self.is_sqlite:
            return str(self.url.database)
        return self.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def sqlite_path(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def backup_sqlite(path: Path) -> Path:
    """Copy a SQLite file (with SQLite's online backup, so WAL content is included)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-{stamp}{path.suffix}")
    source = sqlite3.connect(path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    return target


def open_database(target: str | Path | None = None, *, migrate: bool = True) -> Database:
    """Open (creating if needed) and migrate the database at `target`."""
    from models.migrate import upgrade_to_head  # Alembic is only needed here

    url = database_url(target)
    path = sqlite_path(url)
    created = path is not None and not path.exists()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_db_engine(url)
    if migrate:
        backup = (lambda: backup_sqlite(path)) if path and not created else None
        upgrade_to_head(engine, backup=backup)
    sessions = sessionmaker(engine, expire_on_commit=False)
    return Database(url=url, engine=engine, sessions=sessions, created=created)
