"""The bulk path of a package (read a chunk at a time, the usual activity the quick way)
refuses exactly what the careful path (the file decoded whole, every field through
`ObjectReader`) refuses, with the same located problems; and the size limits are a
municipality's, so a package of many municipalities is read while one huge
municipality is still refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from procedures.errors import InputError, ProblemCode
from procedures.exchange import package_read
from procedures.exchange.package_read import (
    decode_json,
    parse_package,
    parse_package_text,
    read_package_file,
)
from tests.cli.test_bad_files import CASES
from tests.procedures import bad_files as b
from tests.procedures.builders import english_messages

_english = english_messages()

#: The JSON cases of the bad-file tests that are files (the folder is refused earlier;
#: deep nesting and the limits of size before any field is read: checked below).
JSON_CASES = [name for name in CASES if name.startswith("json_")
              and name not in ("json_folder", "json_deep_nesting", "json_three_million_zeros")]


def _activity(change: dict[str, Any] | Callable[[dict[str, Any]], Any], index: int = 0
              ) -> Callable[[Path], Path]:
    def edit(data: dict[str, Any]) -> None:
        item = b.activity(data, index)
        if callable(change):
            change(item)
        else:
            item.update(change)
    return lambda d: b.package(d / "activity.tramite.json", edit)


def _pop(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda item: item.pop(key, None)


#: Activities that break the activity rule or a bound, one field at a time.
ACTIVITIES: dict[str, Callable[[Path], Path]] = {
    "unknown_unit": _activity({"unit": "XX"}),
    "unit_and_citizen": _activity({"citizen": True}),
    "neither_unit_nor_citizen": _activity(_pop("unit")),
    "citizen_with_staff": _activity(lambda a: (a.pop("unit"), a.update(citizen=True))),
    "unit_in_person": _activity({"in_person": True}),
    "unknown_position": _activity({"staff": [{"position": "ZZ"}]}),
    "blank_position": _activity({"staff": [{"position": " "}]}),
    "headcount_zero": _activity(lambda a: a["staff"][0].update(count=0) if a.get("staff")
                                else a.update(staff=[{"position": "X", "count": 0}])),
    "headcount_5_decimals": _activity({"staff": [{"position": "ZZ", "count": 0.00001}]}),
    "unknown_resource": _activity({"resources": [{"resource": "ZZ"}]}),
    "negative_quantity": _activity({"resources": [{"resource": "ZZ", "qty": -1}]}),
    "minutes_3_decimals": _activity({"minutes": 10.555}),
    "minutes_negative": _activity({"minutes": -1}),
    "minutes_missing": _activity(_pop("minutes")),
    "minutes_text": _activity({"minutes": "diez"}),
    "probability_zero": _activity({"probability": 0}),
    "probability_above_one": _activity({"probability": 1.5}),
    "probability_5_decimals": _activity({"probability": 0.12345}),
    "type_unknown": _activity({"type": "operation"}),
    "value_missing": _activity(_pop("value")),
    "description_blank": _activity({"description": "  "}),
    "time_date_wrong": _activity({"time_date": "2026-02-30"}),
    "time_by_201": _activity({"time_by": "x" * 201}),
    "id_37": _activity({"id": "x" * 37}),
    "based_on_37": _activity({"based_on": "y" * 37}),
    "note_not_text": _activity({"note": 5}),
    "parallel_not_boolean": _activity({"parallel": "sí"}),
    "staff_not_a_list": _activity({"staff": {}}),
    "duplicate_id": _activity(lambda a: a.update(id="same"), 1),
}


def problems(read: Callable[[], object]) -> list[tuple[str, ProblemCode]]:
    with pytest.raises(InputError) as caught:
        read()
    return [(str(p), p.code) for p in caught.value.problems]


def both_paths(path: Path) -> tuple[list[tuple[str, ProblemCode]], list[tuple[str, ProblemCode]]]:
    careful = problems(lambda: parse_package(
        decode_json(path.read_text(encoding="utf-8-sig")), path.name))
    bulk = problems(lambda: list(read_package_file(path)))
    return careful, bulk


@pytest.mark.parametrize("name", JSON_CASES)
def test_the_bad_files_are_refused_alike_by_both_paths(name: str, tmp_path: Path) -> None:
    build, expected = CASES[name]
    careful, bulk = both_paths(build(tmp_path))
    assert bulk == careful
    for wanted in expected:
        assert any(wanted in line for line, _code in bulk), (wanted, bulk)


@pytest.mark.parametrize("name", ACTIVITIES)
def test_bad_activities_are_refused_alike_by_both_paths(name: str, tmp_path: Path) -> None:
    path = ACTIVITIES[name](tmp_path)
    if name == "duplicate_id":  # two activities with one id
        data = json.loads(path.read_text(encoding="utf-8"))
        b.activity(data, 0)["id"] = "same"
        path.write_text(json.dumps(data), encoding="utf-8")
    careful, bulk = both_paths(path)
    assert careful, "the case must be a bad one"
    assert bulk == careful


def test_a_bad_activity_in_a_later_municipality_is_refused_alike(tmp_path: Path) -> None:
    """Both paths locate a problem of the third municipality at entities[2]."""
    data = b.example()
    (entity,) = data["entities"]
    data["entities"] = []
    for number in range(3):
        copied = json.loads(json.dumps(entity))
        copied["ubigeo"] = f"06010{number + 1}"
        for procedure in copied["procedures"]:
            procedure.pop("id", None)
            for version in procedure["versions"]:
                version.pop("id", None)
                for activity in version["activities"]:
                    activity.pop("id", None)
                    activity.pop("based_on", None)
        data["entities"].append(copied)
    data["entities"][2]["procedures"][0]["versions"][0]["activities"][1]["unit"] = "XX"
    path = tmp_path / "three.tramite.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    careful, bulk = both_paths(path)
    assert bulk == careful
    assert [line for line, _code in bulk] == [
        "three.tramite.json: entities[2].procedures[0].versions[0].activities[1].unit: "
        "unknown unit 'XX'"]


def test_deep_nesting_is_one_line(tmp_path: Path) -> None:
    path = b.nested(tmp_path / "deep.tramite.json", 100_000)
    assert [line for line, _code in problems(lambda: list(read_package_file(path)))] == [
        "deep.tramite.json: the data is nested too deeply to be a package"]


# -- the limits are a municipality's ------------------------------------------------------

def _municipalities(path: Path, count: int, grown: int | None = None, extra: int = 0) -> Path:
    """The example's municipality `count` times (ubigeos 060101…), the one at `grown`
    with `extra` more copies of its first activity (no ids: each copy is new)."""
    (entity,) = b.example()["entities"]
    for procedure in entity["procedures"]:
        procedure.pop("id", None)
        for version in procedure["versions"]:
            version.pop("id", None)
            for activity in version["activities"]:
                activity.pop("id", None)
                activity.pop("based_on", None)
    entities = []
    for number in range(count):
        copied = json.loads(json.dumps(entity))
        copied["ubigeo"] = f"06{number + 1:04d}"
        if number == grown:
            activities = copied["procedures"][0]["versions"][0]["activities"]
            activities.extend(json.loads(json.dumps(activities[0])) for _ in range(extra))
        entities.append(copied)
    document = {"format": "tramite-claro-package", "version": 1, "entities": entities}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _values(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    return text.count(",") + text.count(":")


def test_many_municipalities_pass_the_limit_of_values_that_one_may_not(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = _values(_municipalities(tmp_path / "one.tramite.json", 1))
    monkeypatch.setattr(package_read, "MAX_JSON_VALUES", one + 50)
    region = _municipalities(tmp_path / "region.tramite.json", 12)
    assert _values(region) > 10 * (one + 50)  # the file as a whole is far over
    assert [e.ubigeo for e in read_package_file(region)] == [
        f"06{n:04d}" for n in range(1, 13)]
    assert len(parse_package_text(region.read_text(encoding="utf-8"))) == 12
    huge = _municipalities(tmp_path / "huge.tramite.json", 12, grown=7, extra=40)
    assert problems(lambda: list(read_package_file(huge))) == [(
        f"huge.tramite.json: municipality 8 (entities[7]) holds more than {one + 50} values; "
        "split it in smaller packages", ProblemCode.TOO_LARGE)]


def test_many_municipalities_pass_the_limit_of_size_that_one_may_not(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = len(json.dumps(b.example()["entities"][0], indent=2)) + 4096
    monkeypatch.setattr(package_read, "MAX_PACKAGE_BYTES", one * 2)
    region = _municipalities(tmp_path / "region.tramite.json", 12)
    assert region.stat().st_size > 4 * one  # the file as a whole is over
    assert len(list(read_package_file(region))) == 12
    huge = _municipalities(tmp_path / "huge.tramite.json", 12, grown=3, extra=400)
    found = problems(lambda: list(read_package_file(huge)))
    limit = one * 2 // (1024 * 1024)
    assert found == [(f"huge.tramite.json: municipality 4 (entities[3]) is too large (more "
                      f"than {limit} MB)", ProblemCode.TOO_LARGE)]


def test_a_top_level_field_has_the_limits_of_a_municipality(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Values outside `entities` (an unknown field of tiny values) are bounded too."""
    monkeypatch.setattr(package_read, "MAX_JSON_VALUES", 1000)
    path = tmp_path / "tiny.tramite.json"
    path.write_text('{"format": "tramite-claro-package", "version": 1, "x": ['
                    + ",".join(["0"] * 5000) + '], "entities": []}', encoding="utf-8")
    assert problems(lambda: list(read_package_file(path))) == [(
        "tiny.tramite.json: field 'x' holds more than 1000 values; split it in smaller "
        "packages", ProblemCode.TOO_LARGE)]
