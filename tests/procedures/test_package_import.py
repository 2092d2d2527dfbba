"""Importing packages into storage: all-or-nothing, merge, replace, round trip (both backends)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import tables as t
from procedures.errors import InputError
from procedures.services.packages import export_package, import_package
from tests.conftest import EXAMPLE, table_dump
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
        summary = import_package(session, EXAMPLE)
    assert summary.procedures_created == 1 and summary.activities == 9
    assert count(any_db, t.Unit) == 3
    assert count(any_db, t.Activity) == 9
    assert count(any_db, t.ActivityStaff) == 8
    assert count(any_db, t.ResourceUnit) == 6
    with any_db.session() as session:
        fee = session.scalar(select(t.Version.fee))
        position = session.scalar(select(t.Position).where(t.Position.code == "SDU"))
        assert position.unit.code == "DU"
        actions = list(session.scalars(select(t.ChangeLog.action)))
    assert fee == Decimal("45.90")
    assert actions == ["import"]


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
    assert first.read_bytes() == second.read_bytes()
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
    assert table_dump(any_db) == before
    with any_db.session() as session, session.begin():
        summary = import_package(session, EXAMPLE, replace=True)
    assert summary.procedures_replaced == 1
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
        summary = import_package(session, write(tmp_path / "more.tramite.json", data))
    assert summary.entities_merged == 1 and summary.procedures_created == 1
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
