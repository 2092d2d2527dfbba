"""Optimistic concurrency in the editing services: two real sessions on one database
(a SQLite file, and PostgreSQL with -m postgres); an edit of a row the other one changed
since it was read is refused with who, when and the value it holds now."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from sqlalchemy import select

from models import tables as t
from models.db import Database, open_database
from procedures import snapshots as s
from procedures.errors import ChangedMeanwhile, ProblemCode
from procedures.services import activities as ea
from procedures.services import entities as ee
from procedures.services import procedures as ep
from procedures.services import versions as ev
from procedures.services.imports import import_package
from procedures.services.revisions import revision_of
from tests.conftest import EXAMPLE


def _loaded(db: Database) -> tuple[str, str]:
    """The example package in `db`: (a version uuid, its first activity uuid)."""
    with db.session() as session, session.begin():
        import_package(session, EXAMPLE)
    with db.session() as session:
        version = session.scalars(select(t.Version).order_by(t.Version.id)).first()
        assert version is not None
        return version.uuid, ea.activity_uuids(session, version.uuid)[0]


def _second(db: Database) -> Database:
    """Another process's connection to the same database (its own engine)."""
    return open_database(db.url.render_as_string(hide_password=False)
                         if not db.is_sqlite else db.path)


def test_an_edit_of_a_row_changed_meanwhile_is_refused_with_who_when_and_the_value(
        any_db: Database) -> None:
    version, uuid = _loaded(any_db)
    other = _second(any_db)
    try:
        with any_db.session() as session:  # the window shows the table
            shown = next(a for a in ea.version_activities(session, version) if a.uid == uuid)
        assert shown.revision > 0
        with other.session() as session, session.begin():  # another clerk types 45
            ea.update_activity(session, uuid, "minutes", Decimal(45), "ana",
                               expected=shown.revision)
        with pytest.raises(ChangedMeanwhile) as refused, any_db.session() as session, \
                session.begin():
            ea.update_activity(session, uuid, "minutes", Decimal(60), "luis",
                               expected=shown.revision)
        error = refused.value
        assert error.fresh == Decimal(45) and error.refused == Decimal(60)
        assert error.problems[0].code is ProblemCode.CHANGED_MEANWHILE
        assert error.problems[0].location.path == "activities[0].minutes"
        text = str(error)
        # Who: the person set in Preferences on a file, the database user on a server.
        who = "ana" if any_db.is_sqlite else any_db.url.username
        assert who in text and "45" in text and "60" in text
        with any_db.session() as session:  # nothing was overwritten
            fresh = next(a for a in ea.version_activities(session, version) if a.uid == uuid)
        assert fresh.minutes == Decimal(45)
        # Seen again, the edit goes through.
        with any_db.session() as session, session.begin():
            ea.update_activity(session, uuid, "minutes", Decimal(60), "luis",
                               expected=fresh.revision)
    finally:
        other.close()


def test_every_edited_kind_counts_its_changes(any_db: Database) -> None:
    """Activity (fields, staff, resources), version, procedure, requirement, settings,
    unit, position and resource: each edit moves the row's counter; a stale one is
    refused; moving a row within its list (renumbering) is not an edit of it."""
    version, _first = _loaded(any_db)
    with any_db.session() as session:
        entity = session.scalars(select(t.Entity)).one()
        procedure = session.get_one(t.Procedure, session.scalars(select(t.Version).where(
            t.Version.uuid == version)).one().procedure_id)
        requirement = procedure.requirements[0].uuid
        unit = entity.units[0].uuid
        position = entity.positions[0].uuid
        resource = next(r for r in entity.resources if r.element.value == "material_fungible")
        ubigeo, proc_uuid, resource_uuid = entity.ubigeo, procedure.uuid, resource.uuid
        staffed = next(a for a in ea.version_activities(session, version) if a.staff)
    edits = [
        (t.Activity, staffed.uid, lambda ss, e: ea.update_activity(ss, staffed.uid, "note",
                                                                   "x", expected=e)),
        (t.Activity, staffed.uid, lambda ss, e: ea.set_staff(ss, staffed.uid, (), expected=e)),
        (t.Activity, staffed.uid, lambda ss, e: ea.set_resources(
            ss, staffed.uid, (s.ResourceUse(resource.code, Decimal(2)),), expected=e)),
        (t.Version, version, lambda ss, e: ev.update_version(ss, version, "fee", Decimal(9),
                                                             expected=e)),
        (t.Version, version, lambda ss, e: ev.rename_version(ss, version, "Otra",
                                                             expected=e)),
        (t.Procedure, proc_uuid, lambda ss, e: ep.update_procedure(ss, proc_uuid, "plazo", 9,
                                                                   expected=e)),
        (t.Requirement, requirement, lambda ss, e: ep.update_requirement(
            ss, requirement, "cost", Decimal(3), expected=e)),
        (t.Entity, entity.uuid, lambda ss, e: ee.update_entity(ss, ubigeo, "phone", "123",
                                                               expected=e)),
        (t.Unit, unit, lambda ss, e: ee.update_item(ss, "unit", unit, "name", "Nueva",
                                                    expected=e)),
        (t.Position, position, lambda ss, e: ee.update_item(ss, "position", position,
                                                            "annual_cost", Decimal(1),
                                                            expected=e)),
        (t.Resource, resource_uuid, lambda ss, e: ee.update_item(
            ss, "resource", resource_uuid, "name", "Papel", expected=e)),
    ]
    for table, row_uuid, edit in edits:
        with any_db.session() as session:
            before = revision_of(session, table, row_uuid)
        assert before is not None
        with any_db.session() as session, session.begin():
            edit(session, before)
        with any_db.session() as session:
            after = revision_of(session, table, row_uuid)
        assert after == before + 1, table
        with pytest.raises(ChangedMeanwhile), any_db.session() as session, session.begin():
            edit(session, before)
    # A row inserted above another renumbers it; that is not an edit of that row.
    with any_db.session() as session:
        first = ea.activity_uuids(session, version)[0]
        before = revision_of(session, t.Activity, first)
    with any_db.session() as session, session.begin():
        ea.insert_activities(session, version, 0, [ea.blank_activity()])
    with any_db.session() as session:
        assert revision_of(session, t.Activity, first) == before


def test_a_row_written_again_never_comes_back_with_a_counter_seen_before(
        any_db: Database) -> None:
    """An undone delete (or import --replace) writes the row again with its uuid: a
    window that saw the old row must still be refused."""
    version, uuid = _loaded(any_db)
    with any_db.session() as session:
        seen = revision_of(session, t.Activity, uuid)
    with any_db.session() as session, session.begin():
        removed = ea.delete_activities(session, [uuid])
    with any_db.session() as session, session.begin():
        ea.restore_activities(session, version, removed)
    with any_db.session() as session:
        assert revision_of(session, t.Activity, uuid) != seen
    with pytest.raises(ChangedMeanwhile), any_db.session() as session, session.begin():
        ea.update_activity(session, uuid, "minutes", Decimal(1), expected=seen)


def test_two_clerks_at_once_never_both_win(any_db: Database) -> None:
    """Both read the same revision and write at the same moment: one edit is stored,
    the other refused in words (PostgreSQL: the stale UPDATE is run again and refused)."""
    version, uuid = _loaded(any_db)
    other = _second(any_db)
    with any_db.session() as session:
        seen = revision_of(session, t.Activity, uuid)
    results: dict[str, object] = {}
    start = threading.Barrier(2)

    def clerk(name: str, db: Database, minutes: int) -> None:
        start.wait()
        try:
            db.transaction(lambda ss: ea.update_activity(ss, uuid, "minutes",
                                                         Decimal(minutes), name, expected=seen))
            results[name] = "stored"
        except ChangedMeanwhile as error:
            results[name] = error

    try:
        threads = [threading.Thread(target=clerk, args=("ana", any_db, 11)),
                   threading.Thread(target=clerk, args=("luis", other, 22))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        other.close()
    assert sorted(type(r).__name__ for r in results.values()) == ["ChangedMeanwhile", "str"]
    winner = next(n for n, r in results.items() if r == "stored")
    with any_db.session() as session:
        stored = next(a for a in ea.version_activities(session, version) if a.uid == uuid)
    assert stored.minutes == Decimal(11 if winner == "ana" else 22)


def test_the_time_of_the_change_is_said_in_local_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The log's time is UTC (SQLite stores it without a zone): said in the clerk's time."""
    import time
    from datetime import datetime

    from procedures.services.revisions import _when

    monkeypatch.setenv("TZ", "America/Lima")
    time.tzset()
    try:
        assert _when(datetime(2026, 12, 3, 18, 0)) == "03/12/2026 13:00"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_a_step_changed_meanwhile_is_not_deleted(any_db: Database) -> None:
    version, uuid = _loaded(any_db)
    with any_db.session() as session:
        seen = {a.uid: a.revision for a in ea.version_activities(session, version)[:2]}
    with any_db.session() as session, session.begin():
        ea.update_activity(session, uuid, "description", "Cambiada por Ana", "ana")
    with pytest.raises(ChangedMeanwhile) as refused, any_db.session() as session, \
            session.begin():
        ea.delete_activities(session, list(seen), "luis", seen)
    assert "Cambiada por Ana" in str(refused.value) and _who(any_db) in str(refused.value)
    with any_db.session() as session:
        assert len(ea.activity_uuids(session, version)) == 9, "nothing was deleted"


def _who(database: object) -> str:
    """Who the other clerk shows as: the name set in Preferences on a file, the
    database user on a server."""
    return "ana" if database.is_sqlite else str(database.url.username)  # type: ignore[attr-defined]
