"""Matching the same procedure across municipalities and the benchmark's figures."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from models import tables as t
from procedures.errors import ConflictError, InputError, NotFoundError
from procedures.services.benchmark import benchmark_by_reference, run_benchmark
from procedures.services.exports import export_package
from procedures.services.imports import import_package
from procedures.services.lookup import version_uuid
from procedures.services.matching import (
    link_procedures,
    matching_procedures,
    procedure_by_reference,
    set_standard_code,
    unlink_procedures,
)
from procedures.services.measurement import measure
from procedures.standard.benchmark import MatchKind, quantile
from tests.conftest import package_content
from tests.procedures.benchmark_data import region_package


@pytest.fixture
def region(sqlite_db: Any, tmp_path: Path) -> Any:
    with sqlite_db.session() as session, session.begin():
        import_package(session, region_package(tmp_path / "region.tramite.json"))
    return sqlite_db


def _uuid(session: Any, ubigeo: str, code: str) -> str:
    return procedure_by_reference(session, f"{ubigeo}/{code}")


def test_same_name_is_proposed_accents_case_and_spaces_aside(region: Any) -> None:
    with region.session() as session:
        matches = matching_procedures(session, _uuid(session, "060101", "PA-07"), "06")
    found = {m.ubigeo: m for m in matches}
    assert matches[0].kind is MatchKind.SELF and matches[0].ubigeo == "060101"
    assert found["060102"].kind is MatchKind.NAME and not found["060102"].confirmed
    assert found["060102"].code == "TR-3"
    assert "060105" not in found  # another procedure
    assert set(found) == {"060101", "060102", "060103", "060104", "060201"}


def test_scope_limits_the_municipalities(region: Any) -> None:
    with region.session() as session:
        uuid = _uuid(session, "060101", "PA-07")
        assert {m.ubigeo for m in matching_procedures(session, uuid, "0602")} == {
            "060101", "060201"}  # the procedure asked about always comes first
        with pytest.raises(InputError, match="0601x"):
            matching_procedures(session, uuid, "0601x")


def test_a_link_beats_the_name_and_chains(region: Any) -> None:
    with region.session() as session, session.begin():
        cajamarca = _uuid(session, "060101", "PA-07")
        encanada = _uuid(session, "060105", "LE-1")
        celendin = _uuid(session, "060201", "PA-07")
        assert link_procedures(session, encanada, celendin)
        assert not link_procedures(session, celendin, encanada)  # already linked
        assert link_procedures(session, cajamarca, celendin)
        found = {m.ubigeo: m.kind for m in matching_procedures(session, cajamarca, "06")}
        assert found["060105"] is MatchKind.LINK  # through Celendín
        assert found["060201"] is MatchKind.LINK
        with pytest.raises(ConflictError):
            link_procedures(session, cajamarca, cajamarca)
        assert unlink_procedures(session, cajamarca, celendin)
        found = {m.ubigeo: m.kind for m in matching_procedures(session, cajamarca, "06")}
        assert "060105" not in found and found["060201"] is MatchKind.NAME


def test_the_standard_code_finds_a_procedure_of_another_name(region: Any) -> None:
    with region.session() as session, session.begin():
        cajamarca = _uuid(session, "060101", "PA-07")
        set_standard_code(session, cajamarca, "LF-045-RB")
        set_standard_code(session, _uuid(session, "060105", "LE-1"), "LF-045-RB")
        found = {m.ubigeo: m.kind for m in matching_procedures(session, cajamarca, "06")}
        assert found["060105"] is MatchKind.STANDARD
        with pytest.raises(InputError, match="XX-1"):
            set_standard_code(session, cajamarca, "XX-1")


def test_benchmark_rows_are_the_engines_figures_of_the_version_in_force(region: Any) -> None:
    with region.session() as session:
        result = benchmark_by_reference(session, "06", "060101/PA-07")
        rows = {r.match.ubigeo: r for r in result.rows}
        assert set(rows) == {"060101", "060102", "060103", "060201"}
        assert [m.ubigeo for m in result.not_mapped] == ["060104"]
        for ubigeo, row in rows.items():
            code = row.match.code
            metrics = measure(session, version_uuid(session, ubigeo, code, None
                                                    if ubigeo != "060103" else "Propuesta"))
            expected = metrics.metrics.to_json()
            got = result.to_json()["rows"][[r.match.ubigeo for r in result.rows].index(ubigeo)]
            assert got["unit_cost"] == expected["cost"]["unit_cost"]
            assert got["fee"] == expected["fee"]
            assert got["business_days"] == expected["business_days"]
            assert got["activities"] == expected["activities"]
            assert got["handoffs"] == expected["handoffs"]
            assert got["citizen_visits"] == expected["citizen_visits"]
            assert got["citizen_hours"] == expected["yearly"]["citizen_hours"]
            assert got["warnings"] == list(dict.fromkeys(
                w["code"] for w in expected["warnings"]))
    assert rows["060103"].figures.version == "Propuesta"  # the adopted one is in force
    assert rows["060103"].figures.fee == Decimal("30.00")
    costs = [r.figures.unit_cost for r in result.rows]
    assert costs == sorted(costs)


def test_benchmark_json_shape(region: Any) -> None:
    with region.session() as session:
        data = benchmark_by_reference(session, "06", "060101/PA-07").to_json()
    assert set(data) == {"procedure", "rows", "median"}
    for row in data["rows"]:
        assert list(row) == ["ubigeo", "entity", "code", "name", "version", "unit_cost",
                             "fee", "business_days", "activities", "handoffs",
                             "citizen_visits", "citizen_hours", "annual_demand", "warnings"]
        assert isinstance(row["unit_cost"], str) and row["unit_cost"].count(".") == 1
        assert len(row["fee"].split(".")[1]) == 2
    fees = sorted(Decimal(r["fee"]) for r in data["rows"])
    assert Decimal(data["median"]["fee"]) == (fees[1] + fees[2]) / 2
    json.dumps(data)


def test_quantiles_and_outliers() -> None:
    values = [Decimal(v) for v in (1, 2, 3, 4, 100)]
    assert quantile(values, Decimal("0.5")) == 3
    assert quantile(values, Decimal("0.25")) == 2
    assert quantile([Decimal(1), Decimal(2)], Decimal("0.5")) == Decimal("1.5")


def test_outliers_and_best_quartile_are_marked(sqlite_db: Any, tmp_path: Path) -> None:
    with sqlite_db.session() as session, session.begin():
        import_package(session, region_package(tmp_path / "r.tramite.json",
                                               celendin_fee="900.00"))
    with sqlite_db.session() as session:
        result = run_benchmark(session, "06", _uuid(session, "060101", "PA-07"))
    rows = {r.match.ubigeo: r for r in result.rows}
    # fees 20, 30, 45.90, 900: Q1 27.50, Q3 259.43, fence 259.43 + 1.5 × 231.93
    assert "fee" in rows["060201"].outliers
    assert all("fee" not in r.outliers for u, r in rows.items() if u != "060201")
    assert result.quartile["fee"] == Decimal("27.5")
    assert "fee" in rows["060102"].best and "fee" not in rows["060101"].best
    assert rows["060201"].fee_over_cost is not None and rows["060201"].fee_over_cost > 1


def test_errors_are_worded(region: Any) -> None:
    from procedures.i18n import use_language

    with use_language("es"), region.session() as session:  # the words are Spanish
        with pytest.raises(NotFoundError, match="ninguna otra municipalidad"):
            benchmark_by_reference(session, "06", "060105/LE-1")
        with pytest.raises(NotFoundError, match="PA-99"):
            benchmark_by_reference(session, "06", "060101/PA-99")
        with pytest.raises(NotFoundError, match="999999"):
            benchmark_by_reference(session, "06", "999999/PA-07")
        with pytest.raises(InputError, match="UBIGEO/CÓDIGO"):
            benchmark_by_reference(session, "06", "PA-07")
        with pytest.raises(InputError):
            benchmark_by_reference(session, "6", "060101/PA-07")


def test_a_v1_package_without_standard_codes_still_imports(region: Any) -> None:
    with region.session() as session:
        assert session.scalar(select(t.Procedure.standard_code)) is None


def test_standard_code_round_trips_in_the_package(sqlite_db: Any, tmp_path: Path) -> None:
    with sqlite_db.session() as session, session.begin():
        import_package(session, region_package(tmp_path / "r.tramite.json", standard=True))
    out = tmp_path / "out.tramite.json"
    with sqlite_db.session() as session:
        codes = dict(session.execute(select(t.Procedure.code, t.Procedure.standard_code)
                                     .where(t.Procedure.standard_code.is_not(None))).all())
        assert codes == {"PA-07": "LF-045-RB", "LE-1": "LF-045-RB"}
        export_package(session, "060101", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["entities"][0]["procedures"][0]["standard_code"] == "LF-045-RB"
    again = tmp_path / "again.tramite.json"
    from models.db import open_database
    other = open_database(tmp_path / "other.sqlite")
    try:
        with other.session() as session, session.begin():
            import_package(session, out)
        with other.session() as session:
            export_package(session, "060101", again)
    finally:
        other.close()
    assert package_content(again) == package_content(out)  # origins name the database


def test_an_unknown_standard_code_in_a_package_is_refused_at_its_path(
        sqlite_db: Any, tmp_path: Path) -> None:
    path = region_package(tmp_path / "r.tramite.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["entities"][0]["procedures"][0]["standard_code"] = "NOT-IN-CATALOGUE"
    path.write_text(json.dumps(data), encoding="utf-8")
    with sqlite_db.session() as session, session.begin(), pytest.raises(InputError) as error:
        import_package(session, path)
    assert "entities[0].procedures[0].standard_code" in str(error.value.problems[0])


def test_links_travel_in_the_package(region: Any, tmp_path: Path) -> None:
    from models.db import open_database

    with region.session() as session, session.begin():
        link_procedures(session, _uuid(session, "060101", "PA-07"),
                        _uuid(session, "060201", "PA-07"))
    with region.session() as session:
        export_package(session, "060101", tmp_path / "a.tramite.json")
        export_package(session, "060201", tmp_path / "b.tramite.json")
    data = json.loads((tmp_path / "a.tramite.json").read_text(encoding="utf-8"))
    assert data["entities"][0]["procedures"][0]["same_as"] == ["060201/PA-07"]
    other = open_database(tmp_path / "other.sqlite")
    try:
        with other.session() as session, session.begin():
            import_package(session, tmp_path / "a.tramite.json")  # Celendín not there yet
        with other.session() as session:
            assert session.scalar(select(t.ProcedureLink.id)) is None
        with other.session() as session, session.begin():
            import_package(session, tmp_path / "b.tramite.json")  # its link comes with it
        with other.session() as session:
            found = {m.ubigeo: m.kind for m in matching_procedures(
                session, _uuid(session, "060101", "PA-07"), "06")}
            assert found == {"060101": MatchKind.SELF, "060201": MatchKind.LINK}
            export_package(session, "060101", tmp_path / "again.tramite.json")
    finally:
        other.close()
    assert package_content(tmp_path / "again.tramite.json") == package_content(
        tmp_path / "a.tramite.json")  # origins name the database


def test_a_bad_link_in_a_package_is_refused_at_its_path(sqlite_db: Any,
                                                        tmp_path: Path) -> None:
    path = region_package(tmp_path / "r.tramite.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["entities"][0]["procedures"][0]["same_as"] = ["060201/PA-07", "PA-07"]
    path.write_text(json.dumps(data), encoding="utf-8")
    with sqlite_db.session() as session, session.begin(), pytest.raises(InputError) as error:
        import_package(session, path)
    assert "entities[0].procedures[0].same_as[1]" in str(error.value.problems[0])
