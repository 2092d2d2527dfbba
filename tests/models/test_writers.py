"""Writers never collide on SQLite: a unit of work takes the write lock when it begins
(`BEGIN IMMEDIATE`) and a second one waits for it; readers never wait."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from models import db as dbmod
from models import tables as t


def other_writer(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None, timeout=0)


def test_a_unit_of_work_holds_the_write_lock_from_its_start(sqlite_db) -> None:
    path = sqlite_db.path
    with sqlite_db.session() as session, session.begin():
        # Nothing written yet, and still another writer cannot start.
        other = other_writer(path)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()
    other = other_writer(path)
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    other.close()


def test_readers_do_not_wait_for_a_writer(sqlite_db) -> None:
    holder = other_writer(sqlite_db.path)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        with sqlite_db.session() as session:
            assert session.scalar(select(func.count()).select_from(t.ReferenceValue)) >= 3
        assert time.monotonic() - started < 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_second_writer_waits_for_the_first_and_both_are_stored(sqlite_db) -> None:
    """The first writer reads, waits a little and writes; the second starts meanwhile
    (a deferred BEGIN would fail at once with 'database is locked')."""
    started = threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        def work(session) -> None:  # type: ignore[no-untyped-def]
            session.execute(text("SELECT count(*) FROM entity"))
            started.set()
            time.sleep(0.8)
            session.execute(text("UPDATE reference_value SET uit = 1"))

        try:
            sqlite_db.transaction(work)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    thread = threading.Thread(target=first)
    thread.start()
    assert started.wait(5)
    sqlite_db.transaction(lambda session: session.execute(
        text("UPDATE reference_value SET rmv = 2")))
    thread.join()
    assert not errors
    with sqlite_db.session() as session:
        rows = session.execute(text("SELECT uit, rmv FROM reference_value")).all()
    assert rows and all(tuple(map(int, row)) == (1, 2) for row in rows)


def test_a_lock_that_outlasts_the_timeout_is_an_operational_error(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 200)
    database = dbmod.open_database(db_path)
    holder = other_writer(db_path)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(Exception) as raised:
            database.transaction(lambda session: session.execute(
                text("UPDATE reference_value SET uit = 1")))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        database.close()
    from procedures.services.database import busy, storage_problem

    assert str(storage_problem(raised.value)) == str(busy())
