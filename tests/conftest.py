"""Shared fixtures: offscreen Qt, migrated databases (SQLite and, when configured, PostgreSQL)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The log file (platformdirs' user log folder) of the processes tests start, and of the
# command line run in-process, goes to a throwaway folder, not the user's own.
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="tramite-tests-state-")

ROOT = Path(__file__).resolve().parent.parent
#: Real files from other systems (copied from the project's shared folder, with licences).
INTEROP = ROOT / "tests" / "data" / "interop"
EXAMPLE = ROOT / "tests" / "data" / "certificado_posesion.tramite.json"


@pytest.fixture(autouse=True)
def _user_data_folder(tmp_path_factory: pytest.TempPathFactory,
                      monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test has its own user data folder (the default database, automatic copies):
    no test ever touches the person's own."""
    folder = tmp_path_factory.mktemp("user-data")
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    return folder


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file per test session; each test gets a copy (fast)."""
    from models.db import open_database

    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    db = open_database(path)
    with db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def db_path(tmp_path: Path, _migrated_template: Path) -> Path:
    target = tmp_path / "test.sqlite"
    shutil.copyfile(_migrated_template, target)
    return target


@pytest.fixture
def sqlite_db(db_path: Path) -> Iterator[object]:
    from models.db import open_database

    db = open_database(db_path)
    yield db
    db.close()


def _postgres_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest, db_path: Path) -> Iterator[object]:
    """The same storage test on SQLite and, when TEST_DATABASE_URL is set, PostgreSQL."""
    from models.db import open_database

    if request.param == "sqlite":
        db = open_database(db_path)
    else:
        url = _postgres_url()
        if url is None:
            pytest.skip("TEST_DATABASE_URL is not set (CI sets it to a throwaway server)")
        _reset_postgres(url)
        db = open_database(url)
    yield db
    db.close()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", default=False,
                     help="also run the tests marked slow (as CI does; or RUN_SLOW=1)")


def run_slow(config: pytest.Config) -> bool:
    """Slow tests run in CI (CI=true), with --run-slow or with RUN_SLOW=1; else skipped."""
    wanted = os.environ.get("RUN_SLOW") or os.environ.get("CI") or ""
    return bool(config.getoption("--run-slow")) or wanted.lower() in ("1", "true", "yes")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests on `any_db` are storage tests: CI runs them again on PostgreSQL (-m postgres).
    Tests marked slow (more than a few seconds each) are skipped unless `run_slow`."""
    skip_slow = None if run_slow(config) else pytest.mark.skip(
        reason="slow: run with --run-slow or RUN_SLOW=1 (CI runs it)")
    for item in items:
        if "any_db" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)
        if skip_slow is not None and "slow" in item.keywords:
            item.add_marker(skip_slow)


def table_dump(db: object) -> dict[str, list[tuple]]:
    """Every row of every table, to prove that a refused import changed nothing."""
    from sqlalchemy import select

    from models.tables import Base

    dump: dict[str, list[tuple]] = {}
    with db.engine.connect() as connection:  # type: ignore[attr-defined]
        for name, table in Base.metadata.tables.items():
            rows = connection.execute(select(table)).all()
            dump[name] = sorted(tuple(map(repr, row)) for row in rows)
    return dump


def package_content(path: Path) -> str:
    """A package file as text without its entities' `origin` (the database it left and
    that database's newest change: it names the database, so it differs between two
    databases holding the same content). The rest is compared as written."""
    import json

    document = json.loads(path.read_text(encoding="utf-8"))
    for entity in document.get("entities", []):
        entity.pop("origin", None)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


#: The session's exit status, kept for `pytest_unconfigure`.
_EXIT_STATUS = pytest.StashKey[int]()


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config.stash[_EXIT_STATUS] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave without the interpreter's final garbage collection once Qt was loaded: after
    every test and the summary, PySide6 can crash while Python tears its objects down
    ("Fatal Python error: bool_dealloc" in a CI run whose tests had all passed), which
    would turn a green run red. Everything is written and reported by now."""
    if "PySide6" in sys.modules and _EXIT_STATUS in config.stash:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(config.stash[_EXIT_STATUS])
