"""Packages of many municipalities: a province or the department in one file, imported in
bulk a municipality at a time (both backends)."""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import tables as t
from procedures.errors import Cancelled, InputError, Location, NotFoundError, Problem, ProblemCode
from procedures.exchange.package_read import read_package_file
from procedures.exchange.package_write import dumps_package, package_document
from procedures.results import Outcome
from procedures.services.exports import export_package
from procedures.services.imports import import_package
from procedures.storage.read import load_entity
from procedures.storage.write import import_entities
from tests.conftest import ROOT, package_content, table_dump
from tests.procedures.builders import english_messages

_english = english_messages()  # these tests assert the English messages (msgids)

DEMO = ROOT / "resources" / "demo" / "cajamarca.tramite.json"
#: Three municipalities of two provinces: 0601 (060101, 060102) and 0602 (060201).
UBIGEOS = ("060101", "060102", "060201")


def _uuid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def region_package(path: Path, ubigeos: tuple[str, ...] = UBIGEOS) -> Path:
    """The demo's municipality (to-be versions, requirements, days off) copied under
    several ubigeos, each copy with its own uuids."""
    (entity,) = json.loads(DEMO.read_text(encoding="utf-8"))["entities"]
    entities = []
    for number, ubigeo in enumerate(ubigeos):
        copied = copy.deepcopy(entity)
        copied["ubigeo"] = ubigeo
        copied["name"] = f"{entity['name']} {number}"
        for procedure in copied["procedures"]:
            where = f"{ubigeo}/{procedure['code']}"
            procedure["id"] = _uuid(where)
            for version in procedure["versions"]:
                version["id"] = _uuid(f"{where}/{version['name']}")
                for index, activity in enumerate(version["activities"]):
                    activity["id"] = _uuid(f"{where}/{version['name']}/{index}")
        entities.append(copied)
    document = {"format": "tramite-claro-package", "version": 1, "entities": entities}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")
    return path


def count(db, table) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(table))


def ubigeos_in(path: Path) -> list[str]:
    return [e["ubigeo"] for e in json.loads(path.read_text(encoding="utf-8"))["entities"]]


@pytest.mark.parametrize(("code", "expected"), [
    ("0601", ["060101", "060102"]), ("06", ["060101", "060102", "060201"]),
    ("060201", ["060201"])])
def test_a_province_or_the_department_round_trips_byte_identical(
        any_db, tmp_path: Path, code: str, expected: list[str]) -> None:
    with any_db.session() as session, session.begin():
        import_package(session, region_package(tmp_path / "region.tramite.json"))
    first, second = tmp_path / "first.tramite.json", tmp_path / "second.tramite.json"
    with any_db.session() as session:
        assert export_package(session, code, first) == (len(expected), 8 * len(expected))
    assert ubigeos_in(first) == expected
    from models.db import open_database

    other = open_database(tmp_path / "other.sqlite")
    try:
        with other.session() as session, session.begin():
            result = import_package(session, first)
        assert result.entities == result.entities_created == tuple(expected)
        assert result.count(Outcome.CREATED) == 8 * len(expected)
        with other.session() as session:
            export_package(session, code, second)
    finally:
        other.close()
    # Byte for byte, but for each municipality's origin: the second names the database
    # it left (and the first's as the one it was based on).
    assert package_content(first) == package_content(second)
    origins = [e["origin"] for e in json.loads(second.read_text(encoding="utf-8"))["entities"]]
    firsts = [e["origin"] for e in json.loads(first.read_text(encoding="utf-8"))["entities"]]
    assert all(o["database"] != f["database"] for o, f in zip(origins, firsts, strict=True))


def test_the_streamed_file_is_the_canonical_document(tmp_path: Path) -> None:
    entities = tuple(read_package_file(region_package(tmp_path / "r.tramite.json")))
    for chosen in ((), entities[:1], entities):
        assert dumps_package(chosen) == json.dumps(
            package_document(chosen), ensure_ascii=False, indent=2) + "\n"


def test_a_code_with_nothing_under_it_writes_no_file(sqlite_db, tmp_path: Path) -> None:
    with sqlite_db.session() as session, session.begin():
        import_package(session, region_package(tmp_path / "r.tramite.json"))
    out = tmp_path / "out.tramite.json"
    with sqlite_db.session() as session:
        with pytest.raises(NotFoundError, match="no municipality under 0603"):
            export_package(session, "0603", out)
        with pytest.raises(NotFoundError, match="no entity with ubigeo 060301"):
            export_package(session, "060301", out)
        with pytest.raises(NotFoundError, match="no procedure with code XX-99 under 06"):
            export_package(session, "06", out, procedure="XX-99")
        assert export_package(session, "0601", out, procedure="PA-01") == (2, 2)
    assert [[p["code"] for p in e["procedures"]]
            for e in json.loads(out.read_text(encoding="utf-8"))["entities"]] == [
        ["PA-01"], ["PA-01"]]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tramite-")] == []


def test_a_cancelled_import_writes_nothing(any_db, tmp_path: Path) -> None:
    package = region_package(tmp_path / "r.tramite.json")
    with any_db.session() as session, session.begin():
        import_package(session, region_package(tmp_path / "one.tramite.json", ("060301",)))
    before = table_dump(any_db)
    seen: list[tuple[int, int, str]] = []

    def progress(done: int, total: int, message: str = "") -> None:
        seen.append((done, total, message))
        if len(seen) == 2:  # the first municipality is written by now
            raise Cancelled

    with pytest.raises(Cancelled), any_db.session() as session, session.begin():
        import_package(session, package, progress=progress)
    assert table_dump(any_db) == before
    size = package.stat().st_size
    assert [total for _done, total, _name in seen] == [size, size]
    assert 0 < seen[0][0] <= seen[1][0] <= size and seen[0][2].startswith("Municipalidad")


def test_a_problem_in_the_last_municipality_writes_nothing(any_db, tmp_path: Path) -> None:
    path = region_package(tmp_path / "r.tramite.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["entities"][2]["procedures"][3]["versions"][0]["activities"][1]["unit"] = "XX"
    data["entities"][2]["procedures"][5]["versions"][0]["activities"][0]["minutes"] = -1
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = table_dump(any_db)
    with pytest.raises(InputError) as caught, any_db.session() as session, session.begin():
        import_package(session, path)
    assert [p.location.path for p in caught.value.problems] == [
        "entities[2].procedures[3].versions[0].activities[1].unit",
        "entities[2].procedures[5].versions[0].activities[0].minutes"]
    assert table_dump(any_db) == before


def test_existing_procedures_are_replaced_or_skipped_in_bulk(any_db, tmp_path: Path) -> None:
    """A file of three municipalities into a database holding one of them: refused
    without a choice, then replaced (uuids and TUPA positions kept), then skipped."""
    package = region_package(tmp_path / "r.tramite.json")
    with any_db.session() as session, session.begin():
        import_package(session, region_package(tmp_path / "one.tramite.json", ("060102",)))
    with any_db.session() as session, session.begin():
        # A procedure of its own (PA-07 renamed), not in the file, keeps its place.
        entity_id = session.scalar(select(t.Entity.id).where(t.Entity.ubigeo == "060102"))
        session.execute(t.Procedure.__table__.update().where(
            t.Procedure.entity_id == entity_id, t.Procedure.code == "PA-07").values(
            code="OWN-1"))
    before = table_dump(any_db)
    with pytest.raises(InputError) as caught, any_db.session() as session, session.begin():
        import_package(session, package)
    assert [p.location.path for p in caught.value.problems] == [
        f"entities[1].procedures[{i}].code" for i in range(7)]
    assert caught.value.codes == {ProblemCode.EXISTING_PROCEDURE}
    assert table_dump(any_db) == before

    with any_db.session() as session, session.begin():
        positions = dict(session.execute(select(t.Procedure.code, t.Procedure.position).where(
            t.Procedure.entity_id == entity_id)).all())
        replaced = import_package(session, package, replace=True)
    assert [p.outcome for p in replaced.procedures] == (
        [Outcome.CREATED] * 8 + [Outcome.REPLACED] * 7 + [Outcome.CREATED] + [Outcome.CREATED] * 8)
    assert replaced.entities_created == ("060101", "060201")
    with any_db.session() as session:
        stored = {(p.uuid, p.code, p.position) for p in session.scalars(
            select(t.Procedure).where(t.Procedure.entity_id == entity_id))}
        assert {code: position for _u, code, position in stored} == {
            **positions, "PA-07": max(positions.values()) + 1}
        assert {p.uuid for p in replaced.procedures if p.entity == "060102"} <= {
            u for u, _c, _p in stored}
        file_uuids = {p["code"]: p["id"] for p in json.loads(
            package.read_text(encoding="utf-8"))["entities"][1]["procedures"]}
        written = {p.code: p.uuid for p in replaced.procedures if p.entity == "060102"}
        # The replaced ones keep the file's uuids; PA-07's is held by OWN-1: a fresh one.
        assert {code: written[code] == file_uuids[code] for code in written} == {
            code: code != "PA-07" for code in file_uuids}
        entity = load_entity(session, "060102", procedures=True)
    assert len(entity.procedures) == 9
    proposal = next(p for p in entity.procedures if p.code == "PA-01").versions[1]
    assert proposal.based_on == "Actual" and proposal.requirements is not None

    rows = table_dump(any_db)
    with any_db.session() as session, session.begin():
        kept = import_entities(session, tuple(read_package_file(package)), skip_existing=True)
    assert {p.outcome for p in kept.procedures} == {Outcome.SKIPPED}
    assert [k for k, v in table_dump(any_db).items() if v != rows[k]] == ["change_log"]


def test_uuids_taken_elsewhere_are_replaced_by_fresh_ones(any_db, tmp_path: Path) -> None:
    """The same file under another ubigeo: its procedures, versions and activities get
    new uuids (a uuid names one row of a table), everything else is the file's."""
    with any_db.session() as session, session.begin():
        import_package(session, region_package(tmp_path / "a.tramite.json", ("060101",)))
    data = json.loads(region_package(tmp_path / "b.tramite.json", ("060101",)).read_text(
        encoding="utf-8"))
    data["entities"][0]["ubigeo"] = "060102"
    again = tmp_path / "again.tramite.json"
    again.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with any_db.session() as session, session.begin():
        result = import_package(session, again)
    assert result.count(Outcome.CREATED) == 8
    for table in (t.Procedure, t.Version, t.Activity):
        with any_db.session() as session:
            uuids = list(session.scalars(select(table.uuid)))
        assert len(uuids) == len(set(uuids)) == count(any_db, table) > 8
    with any_db.session() as session:
        first = load_entity(session, "060101", procedures=True)
        second = load_entity(session, "060102", procedures=True)
    assert [p.versions[0].activities[0].description for p in first.procedures] == [
        p.versions[0].activities[0].description for p in second.procedures]
    file_uuids = {p["id"] for p in data["entities"][0]["procedures"]}
    assert {p.uid for p in first.procedures} == file_uuids
    assert not {p.uid for p in second.procedures} & file_uuids
    assert not ({a.uid for p in first.procedures for v in p.versions for a in v.activities}
                & {a.uid for p in second.procedures for v in p.versions for a in v.activities})


def test_a_cancelled_export_leaves_the_old_file(sqlite_db, tmp_path: Path) -> None:
    with sqlite_db.session() as session, session.begin():
        import_package(session, region_package(tmp_path / "r.tramite.json"))
    out = tmp_path / "out.tramite.json"
    out.write_text("the file from before\n", encoding="utf-8")
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int, message: str = "") -> None:
        seen.append((done, total))
        if done == 2:
            raise Cancelled

    with sqlite_db.session() as session, pytest.raises(Cancelled):
        export_package(session, "06", out, progress=progress)
    assert seen == [(1, 3), (2, 3)]
    assert out.read_text(encoding="utf-8") == "the file from before\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tramite-")] == []


def test_work_after_the_rows_runs_in_the_import_transaction(
        sqlite_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`after_write` is called once, after every row of the file is written, in the
    import's transaction, with every version written; what it raises undoes the import."""
    from procedures.storage import write

    package = region_package(tmp_path / "r.tramite.json")
    calls: list[tuple[int, int, int]] = []

    def seen(session, result) -> None:
        written = session.scalar(select(func.count()).select_from(t.Version))
        calls.append((written, sum(len(p.versions) for p in result.procedures),
                      len(result.entities)))

    monkeypatch.setattr(write, "after_write", seen)
    with sqlite_db.session() as session, session.begin():
        import_package(session, package)
    versions = count(sqlite_db, t.Version)
    assert calls == [(versions, versions, 3)] and versions > 3

    before = table_dump(sqlite_db)

    def refuses(session, result) -> None:
        raise InputError(Problem(Location(file="r.tramite.json"), "no",
                                 ProblemCode.INVALID_VALUE))

    monkeypatch.setattr(write, "after_write", refuses)
    with pytest.raises(InputError), sqlite_db.session() as session, session.begin():
        import_package(session, region_package(tmp_path / "more.tramite.json", ("060301",)))
    assert table_dump(sqlite_db) == before


def test_which_procedures_of_a_package_exist_is_read_with_progress(any_db, tmp_path: Path
                                                                  ) -> None:
    from procedures.services.imports import package_overlap

    first = region_package(tmp_path / "first.tramite.json", UBIGEOS[:1])
    package = region_package(tmp_path / "region.tramite.json")
    with any_db.session() as session, session.begin():
        import_package(session, first)
    calls: list[tuple[int, int]] = []
    with any_db.session() as session:
        overlap = package_overlap(session, package, lambda done, total, _m="": calls.append(
            (done, total)))
    assert len(overlap.existing) == 8 and len(overlap.new) == 16
    assert all(name.endswith(f"({UBIGEOS[0]})") for name in overlap.existing)
    size = package.stat().st_size
    assert calls[-1] == (size, size) and len(calls) == len(UBIGEOS) + 1
    with any_db.session() as session, pytest.raises(Cancelled):
        package_overlap(session, package, _cancel)


def _cancel(done: int, total: int, message: str = "") -> None:
    raise Cancelled
