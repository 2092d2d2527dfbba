"""Engine and sessions: SQLite by default, PostgreSQL for a shared database.

`open_database(target)` accepts a file path or a SQLAlchemy URL. Before anything is
written it finds out what the target is (`models.files`): a Trámite Claro database is
opened (an older schema is migrated, `before_migration` called first), an empty file or
a path that does not exist gets a new schema (only with `create`), anything else —
damaged, another program's, from a newer version, not a database — is refused with
`DatabaseRefused` and left exactly as it was.
The one exception is `check_later` (the window's start-up): a current file in WAL mode is
opened before its every page is read, behind a `WriteGate` that holds every writer until
that check has passed.

Callers own their unit of work: `db.transaction(work)` runs `work(session)` in one
transaction and retries it when PostgreSQL asks (a deadlock, a serialization failure);
`with db.session() as s, s.begin(): ...` is the same without retries. On SQLite a
session's `begin()` starts a writer at once (`BEGIN IMMEDIATE`), so a second writer
waits for the first one (busy timeout) instead of failing half-way; reads start a plain
`BEGIN` and never wait (WAL).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from platformdirs import user_data_dir
from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.pool import StaticPool

from models.files import (
    APPLICATION_ID,
    FileKind,
    FileState,
    in_wal_mode,
    inspect_engine,
    inspect_sqlite,
)
from models.names import APP_AUTHOR, APP_NAME
from models.watch import new_source

DEFAULT_FILENAME = "tramite-claro.sqlite"
#: How long a writer waits for another one to finish (SQLite's busy timeout).
BUSY_TIMEOUT_MS = 10_000
#: How many times a PostgreSQL transaction is tried when the server asks to retry it.
ATTEMPTS = 5
#: SQLSTATEs after which PostgreSQL expects the transaction to be run again.
RETRY_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock detected, serialization failure

log = logging.getLogger("tramite.db")
T = TypeVar("T")

# SQLite has no DECIMAL type; SQLAlchemy converts through the column's scale, which is
# exact for Numeric(12, 2) money. The warning says nothing we have not accounted for.
warnings.filterwarnings(
    "ignore", message=r".*does \*not\* support Decimal objects natively.*", category=exc.SAWarning
)


class WriterBusy(Exception):
    """Another program holds SQLite's write lock; nothing ran (try again later)."""


class WriteGate:
    """Writes wait here until the integrity check an open left for later has passed.

    The window opens a large file at once and reads every page of it (`quick_check`)
    on a worker thread after it is shown (`open_database(check_later=True)`); until the
    check has passed (and the day's copy is made), a writer's `begin()` waits, so nothing
    is ever written to a file that turns out damaged: `refuse(problem)` makes every
    later writer raise `problem` instead.
    """

    def __init__(self) -> None:
        self._done = threading.Event()
        self.problem: BaseException | None = None

    @property
    def settled(self) -> bool:
        return self._done.is_set()

    def open(self) -> None:
        self._done.set()

    def refuse(self, problem: BaseException) -> None:
        self.problem = problem
        self._done.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the check (at most `timeout` seconds); True once it is settled."""
        return self._done.wait(timeout)

    def before_write(self, wait_ms: int | None) -> None:
        """Called by a writer's `begin()`: wait for the check (`WriterBusy` after
        `wait_ms`, so the window can stay painted), then refuse if it failed."""
        if not self._done.wait(None if wait_ms is None else wait_ms / 1000):
            raise WriterBusy()
        if self.problem is not None:
            raise self.problem


class DatabaseRefused(Exception):
    """The target cannot be opened as it is (`state` says why); nothing was written."""

    def __init__(self, state: FileState, label: str) -> None:
        super().__init__(f"{label}: {state.kind.value} {state.detail}".strip())
        self.state = state
        self.label = label


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


def server_url(host: str, database: str, user: str, password: str = "",
               port: int | None = None) -> str:
    """The URL of a PostgreSQL database from what a person types (server, database,
    user; a password only for this connection)."""
    return URL.create("postgresql+psycopg", username=user or None, password=password or None,
                      host=host or None, port=port or None,
                      database=database or None).render_as_string(hide_password=False)


def server_parts(target: str) -> dict[str, str]:
    """host, port, database and user of a remembered server URL (to fill the dialog)."""
    try:
        url = make_url(target)
    except Exception:
        return {}
    return {"host": url.host or "", "port": str(url.port or ""),
            "database": url.database or "", "user": url.username or ""}


def url_label(url: URL) -> str:
    """How to show a database to a person: a file's path, a server without password."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    return url.render_as_string(hide_password=True)


def url_key(url: URL) -> str:
    """What is remembered of a database (recent list, settings): never the password."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    return url.set(password=None).render_as_string(hide_password=False)


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
        # A writer takes the write lock first (waiting up to the busy timeout); a
        # deferred BEGIN that writes later fails at once when another writer is active.
        options = connection.get_execution_options()
        writer = options.get("tramite_writer", False)
        wait_ms = options.get("tramite_wait_ms")
        if writer and wait_ms:  # wait only this long here: the caller shows it waits
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(wait_ms)}")
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            finally:
                connection.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            return
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")


class _Session(Session):
    """A session whose explicit `begin()` is a writer's transaction (see the module)."""

    def begin(self, nested: bool = False) -> SessionTransaction:
        gate: WriteGate | None = self.info.get("gate")
        if gate is not None and not nested:
            gate.before_write(self.info.get("wait_ms"))
        transaction = super().begin(nested=nested)
        if not nested and self.info.get("sqlite"):
            self.connection(execution_options={"tramite_writer": True,
                                               "tramite_wait_ms": self.info.get("wait_ms")})
        return transaction


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


def must_retry(error: BaseException) -> bool:
    """Did the server ask for the transaction to be run again? (A row another
    transaction changed between our read and our write is one case: run again, the
    editing service then sees the new revision and refuses the edit in words.)"""
    if isinstance(error, StaleDataError):
        return True
    original = getattr(error, "orig", None)
    return getattr(original, "sqlstate", None) in RETRY_SQLSTATES


@dataclass
class Database:
    """An open, migrated database."""

    url: URL
    engine: Engine
    sessions: sessionmaker[Any]  # of `_Session`: a writer's begin() is BEGIN IMMEDIATE
    #: True when this open created the schema (a new file, an empty one, a bare server).
    created: bool = False
    #: True when this open migrated an older schema.
    migrated: bool = False
    #: Set when the integrity check was left for later (`open_database(check_later=…)`):
    #: writers wait for it.
    gate: WriteGate | None = None

    @property
    def source(self) -> str:
        """This open database's token in change notifications (its own are ignored)."""
        return str(self.sessions.kw.get("info", {}).get("source", ""))

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def path(self) -> Path | None:
        """The SQLite file (None for a server or an in-memory database)."""
        return sqlite_path(self.url)

    @property
    def is_default(self) -> bool:
        return self.path is not None and self.path == default_database_path().resolve()

    @property
    def label(self) -> str:
        """How to show this database to a person (never the password)."""
        return url_label(self.url)

    @property
    def key(self) -> str:
        """What to remember of this database (a path, or a URL without password)."""
        return url_key(self.url)

    @contextmanager
    def session(self, wait_ms: int | None = None) -> Iterator[Session]:
        """A session; `wait_ms`: how long its writer waits for another one on SQLite
        before `WriterBusy` (default: the busy timeout)."""
        with self.sessions(info={"wait_ms": wait_ms}) as session:
            yield session

    def transaction(self, work: Callable[[Session], T], attempts: int = ATTEMPTS,
                    wait_ms: int | None = None) -> T:
        """`work(session)` in one transaction, run again (a few times, a little later
        each time) when the server reports a deadlock or a serialization failure.

        With `wait_ms` (SQLite), a writer that cannot start within that time raises
        `WriterBusy` before anything ran, so the caller can say it waits and try again."""
        for attempt in range(1, attempts + 1):
            try:
                with self.session(wait_ms) as session, session.begin():
                    return work(session)
            except exc.OperationalError as error:
                if wait_ms and error.statement == "BEGIN IMMEDIATE" and \
                        "locked" in str(error.orig).lower():
                    raise WriterBusy() from error
                if attempt == attempts or not must_retry(error):
                    raise
                log.info("retrying a transaction the server asked to retry: %s",
                         getattr(error.orig, "sqlstate", ""))
                time.sleep(0.05 * attempt * attempt)
            except (exc.DBAPIError, StaleDataError) as error:
                if attempt == attempts or not must_retry(error):
                    raise
                log.info("retrying a transaction the server asked to retry: %s",
                         getattr(getattr(error, "orig", None), "sqlstate", "stale data"))
                time.sleep(0.05 * attempt * attempt)
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.engine.dispose()


def sqlite_path(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def inspect_target(target: str | Path | None) -> FileState:
    """What `target` is, without opening it for work (a server is connected to)."""
    url = database_url(target)
    path = sqlite_path(url)
    if path is not None:
        return inspect_sqlite(path)
    if url.get_backend_name() == "sqlite":
        return FileState(FileKind.MISSING)
    engine = create_db_engine(url)
    try:
        return inspect_engine(engine)
    finally:
        engine.dispose()


def open_database(target: str | Path | None = None, *, migrate: bool = True,
                  create: bool = True,
                  before_migration: Callable[[], object] | None = None,
                  check_later: bool = False, check_pages: bool = True) -> Database:
    """Open the database at `target` (None: the default file) for work.

    Raises `DatabaseRefused` (nothing written) for anything that is not a usable
    Trámite Claro database, and for a missing file unless `create`. An older schema is
    migrated after `before_migration()` (a copy of the file) has run. Without
    `check_pages` a file is not read through first (`PRAGMA quick_check`): for commands
    that only read, where SQLite finds damage in the pages they read.

    With `check_later`, a file of ours at the newest schema, in WAL mode (so opening it
    writes nothing into it), is opened without reading every page first: the returned
    database has a closed `gate`, and the caller runs the check (`integrity_problems`)
    and opens or refuses the gate. Any other file is checked first, as always.
    """
    from models.migrate import upgrade_to_head  # Alembic is only needed here

    url = database_url(target)
    path = sqlite_path(url)
    label = url_label(url)
    gate: WriteGate | None = None
    if path is not None:
        state = inspect_sqlite(path, thorough=check_pages and not check_later)
        if check_later:
            if state.kind is FileKind.CURRENT and in_wal_mode(path):
                gate = WriteGate()
            elif state.kind is not FileKind.MISSING:
                state = inspect_sqlite(path)
        if state.kind is FileKind.MISSING and not create:
            raise DatabaseRefused(state, label)
        if not state.usable:
            raise DatabaseRefused(state, label)
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_db_engine(url)
    else:
        engine = create_db_engine(url)
        if url.get_backend_name() == "sqlite":  # in memory
            state = FileState(FileKind.EMPTY)
        else:
            try:
                state = inspect_engine(engine)
            except BaseException:
                engine.dispose()
                raise
            if not state.usable:
                engine.dispose()
                raise DatabaseRefused(state, label)
    created = state.kind in (FileKind.MISSING, FileKind.EMPTY)
    migrated = False
    try:
        if migrate:
            migrated = upgrade_to_head(engine, backup=before_migration) and not created
        if path is not None:
            _mark_as_ours(engine)
    except BaseException:
        engine.dispose()
        raise
    sessions = sessionmaker(engine, class_=_Session, expire_on_commit=False,
                            info={"sqlite": url.get_backend_name() == "sqlite",
                                  "source": new_source(), "gate": gate})
    if path is None and url.get_backend_name() == "postgresql":
        from models import access  # roles exist only on a server

        if migrated:
            access.reguard(engine)
        access.guard(sessions)
    return Database(url=url, engine=engine, sessions=sessions, created=created,
                    migrated=migrated, gate=gate)


def _mark_as_ours(engine: Engine) -> None:
    """Write our application id into the file's header (once): another program's file
    never has it, so it is told from ours at a glance."""
    with engine.connect() as connection:
        current = connection.exec_driver_sql("PRAGMA application_id").scalar()
        connection.rollback()
        if current != APPLICATION_ID:
            connection.execution_options(tramite_writer=True)
            with connection.begin():
                connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")

