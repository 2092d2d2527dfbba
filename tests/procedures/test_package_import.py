"""Importing packages into storage: all-or-nothing, merge, replace, round trip (both backends)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import tables as t
from procedures.errors import InputError, ProblemCode
from procedures.results import Outcome
from procedures.services.exports import export_package
from procedures.services.imports import import_package
from tests.conftest import EXAMPLE, package_content, table_dump
from tests.procedures.builders import english_messages

_english = english_messages()  # these tests assert the English messages (msgids)


def write(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def count(db, table) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(table))


def test_the_example_imports_with_all_its_rows(any_db) -> None:
    with any_db.session() as session, session.begin():
        result = import_package(session, EXAMPLE)
    assert result.count(Outcome.CREATED) == 1 and result.activities == 9
    assert count(any_db, t.Unit) == 3
    assert count(any_db, t.Activity) == 9
    assert count(any_db, t.ActivityStaff) == 8
    assert count(any_db, t.ResourceUnit) == 6
    with any_db.session() as session:
        fee = session.scalar(select(t.Version.fee))
        position = session.scalar(select(t.Position).where(t.Position.code == "SDU"))
        assert position.unit.code == "DU"
        actions = sorted(session.execute(select(t.ChangeLog.object_kind, t.ChangeLog.action)))
    assert fee == Decimal("45.90")
    # One entry per procedure written and one summary for the municipality.
    assert actions == [("entity", "import"), ("procedure", "import")]


def test_export_import_export_gives_the_same_file(any_db, tmp_path: Path) -> None:
    with any_db.session() as session, session.begin():
        import_package(session, EXAMPLE)
    first = tmp_path / "first.tramite.json"
    with any_db.session() as session:
        export_package(session, "060101", first)
    with any_db.session() as session, session.begin():
        import_package(session, first, replace=True)
    second = tmp_path / "second.tramite.json"
    with any_db.session() as session:
        export_package(session, "060101", second)
    # The same content; the origin names this database at its newest change each time.
    assert package_content(first) == package_content(second)
    assert second.read_bytes() != first.read_bytes()
    origins = [json.loads(p.read_text(encoding="utf-8"))["entities"][0]["origin"]
               for p in (first, second)]
    assert origins[0]["database"] == origins[1]["database"]
    assert origins[0]["last_change"] < origins[1]["last_change"]
    assert count(any_db, t.Activity) == 9


def test_a_bad_file_leaves_the_database_exactly_as_before(any_db, tmp_path: Path) -> None:
    with any_db.session() as session, session.begin():
        import_package(session, EXAMPLE)
    before = table_dump(any_db)
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["entities"][0]["ubigeo"] = "060102"
    data["entities"][0]["procedures"][0]["versions"][0]["activities"][4]["unit"] = "XX"
    bad = write(tmp_path / "bad.tramite.json", data)
    with pytest.raises(InputError) as caught, any_db.session() as session, session.begin():
        import_package(session, bad)
    assert [str(p) for p in caught.value.problems] == [
        "bad.tramite.json: entities[0].procedures[0].versions[0].activities[4].unit: "
        "unknown unit 'XX'"
    ]
    assert table_dump(any_db) == before


def test_existing_procedure_is_refused_unless_replace(any_db) -> None:
    with any_db.session() as session, session.begin():
        import_package(session, EXAMPLE)
    before = table_dump(any_db)
    with pytest.raises(InputError) as caught, any_db.session() as session, session.begin():
        import_package(session, EXAMPLE)
    assert "already exists" in str(caught.value)
    assert caught.value.codes == {ProblemCode.EXISTING_PROCEDURE}
    assert "--" not in str(caught.value), "the core names no command-line option"
    assert table_dump(any_db) == before
    with any_db.session() as session, session.begin():
        result = import_package(session, EXAMPLE, replace=True)
    assert result.count(Outcome.REPLACED) == 1
    assert count(any_db, t.Procedure) == 1 and count(any_db, t.Activity) == 9


def test_existing_entity_is_merged_by_code(any_db, tmp_path: Path) -> None:
    with any_db.session() as session, session.begin():
        import_package(session, EXAMPLE)
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    entity = data["entities"][0]
    entity["units"] = [
        {"code": "TD", "name": "Mesa de Partes", "other_tupa_minutes": 5000},
        {"code": "RC", "name": "Registro Civil"},
    ]
    entity["positions"] = [
        {"code": "REG", "name": "Registrador", "unit": "RC", "annual_cost": "36000.00"}
    ]
    entity["resources"] = []
    procedure = copy.deepcopy(entity["procedures"][0])
    procedure["code"] = "SE-01"
    procedure["name"] = "Copia certificada de partida"
    procedure["filed_at"] = "TD"
    procedure["approved_by"] = "RC"
    procedure["versions"][0]["activities"] = [
        {
            "description": "Buscar la partida",
            "unit": "RC",
            "type": "operacion",
            "value": "VA",
            "minutes": 20,
            "staff": [{"position": "REG", "count": 1}],
        }
    ]
    entity["procedures"] = [procedure]
    with any_db.session() as session, session.begin():
        result = import_package(session, write(tmp_path / "more.tramite.json", data))
    assert result.entities == ("060101",) and result.entities_created == ()
    assert result.count(Outcome.CREATED) == 1
    assert [(u.code, u.name) for u in result.units_created] == [("RC", "Registro Civil")]
    with any_db.session() as session:
        units = dict(session.execute(select(t.Unit.code, t.Unit.name)).all())
        td_minutes = session.scalar(select(t.Unit.other_tupa_minutes).where(t.Unit.code == "TD"))
        codes = set(session.scalars(select(t.Procedure.code)))
    assert units == {
        "TD": "Mesa de Partes",
        "DU": "Subgerencia de Desarrollo Urbano",
        "OT": "Otras unidades",
        "RC": "Registro Civil",
    }
    assert td_minutes == 5000
    assert codes == {"PA-07", "SE-01"}
    assert count(any_db, t.Position) == 4


def test_activity_identity_survives_the_round_trip(any_db, tmp_path: Path) -> None:
    with any_db.session() as session, session.begin():
        import_package(session, EXAMPLE)
    with any_db.session() as session:
        uuids = list(session.scalars(select(t.Activity.uuid).order_by(t.Activity.position)))
    out = tmp_path / "out.tramite.json"
    with any_db.session() as session:
        export_package(session, "060101", out, procedure="PA-07")
    exported = json.loads(out.read_text(encoding="utf-8"))
    activities = exported["entities"][0]["procedures"][0]["versions"][0]["activities"]
    assert [a["id"] for a in activities] == uuids


def test_the_result_says_what_became_of_each_procedure(any_db, tmp_path: Path) -> None:
    """Created, then refused (with its kind), then replaced, then skipped: per procedure,
    with the uuids the database holds, so no caller has to look again."""
    from procedures.results import describe
    from procedures.storage.write import import_entities

    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    second = copy.deepcopy(data["entities"][0]["procedures"][0])
    second.update(code="SE-01", name="Copia certificada de partida")
    data["entities"][0]["procedures"].append(second)
    package = write(tmp_path / "two.tramite.json", data)

    with any_db.session() as session, session.begin():
        first = import_package(session, package)
    def stored() -> dict[str, tuple[str, tuple[str, ...]]]:
        with any_db.session() as session:
            return {p.code: (p.uuid, tuple(v.uuid for v in sorted(p.versions,
                                                                  key=lambda v: v.position)))
                    for p in session.scalars(select(t.Procedure))}

    assert [(p.entity, p.code, p.outcome, p.activities) for p in first.procedures] == [
        ("060101", "PA-07", Outcome.CREATED, 9), ("060101", "SE-01", Outcome.CREATED, 9)]
    assert {p.code: (p.uuid, p.versions) for p in first.procedures} == stored()
    assert first.entities == first.entities_created == ("060101",)
    assert sorted(u.code for u in first.units_created) == ["DU", "OT", "TD"]
    assert describe(first) == "Imported 2 procedures (18 activities) into 060101."

    before = table_dump(any_db)
    with pytest.raises(InputError) as caught, any_db.session() as session, session.begin():
        import_package(session, package)
    assert [p.code for p in caught.value.problems] == [ProblemCode.EXISTING_PROCEDURE] * 2
    assert table_dump(any_db) == before

    with any_db.session() as session, session.begin():
        again = import_package(session, package, replace=True)
    assert [(p.code, p.outcome) for p in again.procedures] == [
        ("PA-07", Outcome.REPLACED), ("SE-01", Outcome.REPLACED)]
    assert {p.code: (p.uuid, p.versions) for p in again.procedures} == stored()
    assert again.entities_created == () and again.units_created == ()
    assert count(any_db, t.Procedure) == 2 and count(any_db, t.Activity) == 18

    from procedures.exchange.package_read import load_package_file

    with any_db.session() as session, session.begin():
        kept = import_entities(session, load_package_file(package), skip_existing=True)
    assert [(p.code, p.outcome, p.activities) for p in kept.procedures] == [
        ("PA-07", Outcome.SKIPPED, 0), ("SE-01", Outcome.SKIPPED, 0)]
    assert describe(kept) == ("Imported 0 procedures (0 activities) into 060101. 2 procedures "
                              "the database had already were left as they were.")
    assert count(any_db, t.Procedure) == 2 and count(any_db, t.Activity) == 18
