"""A package records where it came from and the state it left in (issue #14, point 1
groundwork): the database's id and the municipality's newest change there, and the
origins it had been based on; packages without one (format 1 as written before) import
as they did."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import tables as t
from models.db import open_database
from procedures.errors import InputError
from procedures.exchange.package_read import load_package_file
from procedures.services.exports import export_package
from procedures.services.imports import import_package
from procedures.storage.provenance import database_id
from tests.conftest import EXAMPLE
from tests.procedures.builders import english_messages

_english = english_messages()


def origin_in(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["entities"][0]["origin"]


def test_every_database_has_its_own_lasting_id(tmp_path: Path) -> None:
    ids = []
    for name in ("a.sqlite", "b.sqlite", "a.sqlite"):
        database = open_database(tmp_path / name)
        with database.session() as session:
            ids.append(database_id(session))
        database.close()
    assert len(ids[0]) == 36 and ids[0] != ids[1] and ids[0] == ids[2]


def test_an_export_names_its_database_and_newest_change(any_db: object,
                                                         tmp_path: Path) -> None:
    with any_db.session() as session, session.begin():  # type: ignore[attr-defined]
        import_package(session, EXAMPLE)
    out = tmp_path / "out.tramite.json"
    with any_db.session() as session:  # type: ignore[attr-defined]
        export_package(session, "060101", out)
        newest = session.scalar(select(func.max(t.ChangeLog.id)))
        assert origin_in(out) == {"database": database_id(session), "last_change": newest}
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == 1


def test_origins_travel_through_a_laptop_and_back(tmp_path: Path) -> None:
    office, laptop = open_database(tmp_path / "office.sqlite"), open_database(
        tmp_path / "laptop.sqlite")
    try:
        with office.session() as session, session.begin():
            import_package(session, EXAMPLE)
        to_laptop, back = tmp_path / "to.tramite.json", tmp_path / "back.tramite.json"
        with office.session() as session:
            export_package(session, "060101", to_laptop)
            office_id = database_id(session)
        left = origin_in(to_laptop)
        with laptop.session() as session, session.begin():
            import_package(session, to_laptop)
        with laptop.session() as session:
            export_package(session, "060101", back)
            laptop_id = database_id(session)
        came_back = origin_in(back)
        assert came_back["database"] == laptop_id != office_id
        assert came_back["based_on"] == [{"database": office_id,
                                          "last_change": left["last_change"]}]
        # Read back, the package keeps the whole chain.
        entity = load_package_file(back)[0]
        assert entity.origin is not None
        assert entity.origin.based_on == ((office_id, left["last_change"]),)
    finally:
        office.close()
        laptop.close()


def test_a_package_without_origin_still_imports(tmp_path: Path) -> None:
    assert "origin" not in EXAMPLE.read_text(encoding="utf-8")
    assert load_package_file(EXAMPLE)[0].origin is None


def test_a_bad_origin_is_refused_where_it_is(tmp_path: Path) -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["entities"][0]["origin"] = {"last_change": "x", "based_on": [7]}
    bad = tmp_path / "bad.tramite.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_package_file(bad)
    paths = {p.location.path for p in caught.value.problems}
    assert paths == {"entities[0].origin.database", "entities[0].origin.last_change",
                     "entities[0].origin.based_on[0]"}


def test_what_the_database_changed_since_a_package_left(any_db: object,
                                                        tmp_path: Path) -> None:
    """The database's side of a merge: per field, the value the package carries and the
    value the database holds now, with who changed it last."""
    from decimal import Decimal

    from procedures.services import activities as ea
    from procedures.services import versions as ev
    from procedures.services.lookup import version_uuid
    from procedures.storage.provenance import changes_since

    with any_db.session() as session, session.begin():  # type: ignore[attr-defined]
        import_package(session, EXAMPLE)
    out = tmp_path / "out.tramite.json"
    with any_db.session() as session:  # type: ignore[attr-defined]
        export_package(session, "060101", out)
        version = version_uuid(session, "060101", "PA-07", None)
    left = origin_in(out)["last_change"]
    with any_db.session() as session, session.begin():  # type: ignore[attr-defined]
        ev.update_version(session, version, "fee", Decimal("50"), "ana")
        ev.update_version(session, version, "fee", Decimal("60"), "luis")
        new = ea.insert_activities(session, version, 0, [ea.blank_activity("TD")], "ana")
    with any_db.session() as session:  # type: ignore[attr-defined]
        entity = session.scalar(select(t.Entity.id))
        since = changes_since(session, entity, left)
    fee = next(c for c in since if c.field == "fee")
    assert (fee.base, fee.now, fee.uuid) == ("45.90", "60", version)
    assert fee.who in ("luis", "postgres")
    added = next(c for c in since if c.uuid == new[0])
    assert (added.action, added.base, added.field) == ("create", "", "")
    assert len(since) == 2
