"""Noticing others' commits (models/watch.py), on a real SQLite file and a real
PostgreSQL server: what another connection commits is reported (with the municipality
and what changed), one's own writes are not, and nothing is heard before the commit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models.db import Database, open_database
from models.watch import PgListener, SqliteWatch, own_entries
from procedures.services import activities as ea
from procedures.services.imports import import_package
from procedures.services.queries import procedure_header, procedure_index
from tests.conftest import EXAMPLE


def _first_activity(db: Database) -> str:
    with db.session() as session:
        header = procedure_header(session, procedure_index(session)[0].uuid)
        return ea.activity_uuids(session, header.versions[0].uuid)[0]


def _other(db: Database) -> Database:
    return open_database(db.path if db.is_sqlite else
                         db.url.render_as_string(hide_password=False))


def test_others_commits_are_reported_and_own_ones_are_not(any_db: Database) -> None:
    with any_db.session() as session, session.begin():
        import_package(session, EXAMPLE)
    uuid = _first_activity(any_db)
    watch = SqliteWatch(any_db.path) if any_db.is_sqlite else \
        PgListener(any_db.engine, any_db.source)
    other = _other(any_db)
    try:
        assert watch.poll() is None
        # Our own write: not reported.
        with any_db.session() as session, session.begin():
            ea.update_activity(session, uuid, "note", "mía", "luis")
            session.flush()
            mine = own_entries(session)
        assert mine
        if isinstance(watch, SqliteWatch):
            watch.wrote(mine)
        assert watch.poll() is None
        # Another connection's transaction: nothing until it commits.
        with other.session() as session:
            session.begin()
            ea.update_activity(session, uuid, "minutes", Decimal(33), "ana")
            session.flush()
            assert watch.poll() is None, "nothing is heard before the commit"
            session.commit()
        changed = watch.poll()
        assert changed is not None and not changed.everything
        assert uuid in changed.uuids and "activity" in changed.kinds
        assert changed.entities, "the municipality is named"
        assert watch.poll() is None, "reported once"
    finally:
        watch.close()
        other.close()


def test_a_restored_copy_is_reported_as_everything(db_path: object, tmp_path: object) -> None:
    """The change log going back (a copy restored over the file) means anything changed."""
    from pathlib import Path

    path = Path(str(db_path))
    database = open_database(path)
    try:
        with database.session() as session, session.begin():
            import_package(session, EXAMPLE)
        watch = SqliteWatch(path)
        with database.engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM change_log")
        changed = watch.poll()
        assert changed is not None and changed.everything
        watch.close()
    finally:
        database.close()


def test_an_import_sends_one_notice(any_db: Database) -> None:
    """One NOTIFY per transaction, whatever the number of rows (within 8,000 bytes)."""
    if any_db.is_sqlite:
        pytest.skip("NOTIFY is PostgreSQL's")
    listener = PgListener(any_db.engine, "someone else")
    try:
        with any_db.session() as session, session.begin():
            import_package(session, EXAMPLE)
        notices = list(listener.connection.notifies(timeout=0.5, stop_after=None))
        assert len(notices) == 1 and len(notices[0].payload) < 8000
    finally:
        listener.close()
