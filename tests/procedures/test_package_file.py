"""The package file: validation with located problems, canonical writing, round trip."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest

from procedures.errors import InputError
from procedures.exchange.package_read import json_reason, parse_package, parse_package_text
from procedures.exchange.package_write import dumps_package
from procedures.i18n import use_language
from tests.conftest import EXAMPLE
from tests.procedures.builders import english_messages

_english = english_messages()  # these tests assert the English messages (msgids)


@pytest.fixture
def example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def problems_of(data: dict) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_package(data, "bad.tramite.json")
    return [str(p) for p in caught.value.problems]


def test_the_worked_example_reads_completely(example: dict) -> None:
    (entity,) = parse_package(example)
    assert entity.ubigeo == "060101"
    assert [u.code for u in entity.units] == ["TD", "DU", "OT"]
    light = next(r for r in entity.resources if r.code == "LUZ")
    assert light.yearly_cost == Decimal("18000.00")
    assert dict(light.tupa_factor)["TD"] == Decimal("0.80")
    pc = next(r for r in entity.resources if r.code == "PC")
    assert pc.yearly_cost == Decimal("7500.0000")
    (procedure,) = entity.procedures
    version = procedure.as_is
    assert version is not None and version.fee == Decimal("45.90")
    assert len(version.activities) == 9
    assert version.activities[3].minutes == 960
    assert version.activities[4].resources[0].resource == "MOV"


def test_writing_is_canonical_and_stable(example: dict) -> None:
    first = dumps_package(parse_package(example))
    second = dumps_package(parse_package_text(first))
    assert first == second
    assert json.loads(first)["entities"][0]["resources"][3]["tupa_factor"] == {
        "TD": "0.80",
        "DU": "0.50",
        "OT": "0.00",
    }


def test_broken_json_names_line_and_column() -> None:
    with pytest.raises(InputError) as caught:
        parse_package_text('{"format": "tramite-claro-package", "version": 1,,}', "x.json")
    (problem,) = caught.value.problems
    assert "x.json" in str(problem) and "line 1" in str(problem)


@pytest.mark.parametrize(("text", "where", "reason"), [
    ("{esto no es json", "línea 1, columna 2",
     "se esperaba un nombre de campo entre comillas dobles"),
    ('{"format": "tramite-claro-package",\n "version": 1,,}', "línea 2, columna 15",
     "se esperaba un nombre de campo entre comillas dobles"),
    ('{"format" "x"}', "línea 1, columna 11", "faltan los dos puntos (:)"),
    ('{"format": "x" "version": 1}', "línea 1, columna 16", "falta una coma (,)"),
    ('{"format": }', "línea 1, columna 12", "se esperaba un valor"),
    ('{"format": "x', "línea 1, columna 12",
     "un texto entre comillas empieza aquí y no se cierra"),
    ('{} {}', "línea 1, columna 4", "hay algo más después del final de los datos"),
    ('{"format": "a\tb"}', "línea 1, columna 14", "salto de línea o una tabulación"),
    ('{"format": "a\\qb"}', "línea 1, columna 14", "barra invertida"),
])
def test_broken_json_is_explained_in_spanish(text: str, where: str, reason: str) -> None:
    with use_language("es"), pytest.raises(InputError) as caught:
        parse_package_text(text, "x.json")
    (problem,) = caught.value.problems
    message = str(problem)
    assert f"JSON no válido ({where}): " in message, message
    assert reason in message, message
    assert "Expecting" not in message and "Invalid" not in message


def test_an_unknown_json_reason_is_shown_as_the_parser_gives_it() -> None:
    assert json_reason("Something new") == "Something new"
    with use_language("es"):
        assert json_reason("Something new") == "Something new"
        assert json_reason("Expecting value") == "aquí se esperaba un valor"


def test_newer_format_version_is_refused(example: dict) -> None:
    example["version"] = 2
    (line,) = problems_of(example)
    assert line.startswith("bad.tramite.json: version:") and "2" in line


def test_not_a_package_is_refused() -> None:
    (line,) = problems_of({"format": "something-else"})
    assert "format" in line


def test_missing_required_fields_are_each_reported(example: dict) -> None:
    entity = example["entities"][0]
    del entity["name"]
    del entity["units"][1]["code"]
    del entity["procedures"][0]["versions"][0]["activities"][2]["type"]
    lines = problems_of(example)
    assert "bad.tramite.json: entities[0].name: required field is missing" in lines
    assert "bad.tramite.json: entities[0].units[1].code: required field is missing" in lines
    assert (
        "bad.tramite.json: entities[0].procedures[0].versions[0].activities[2].type: "
        "required field is missing"
    ) in lines


def test_unknown_codes_name_their_path(example: dict) -> None:
    activities = example["entities"][0]["procedures"][0]["versions"][0]["activities"]
    activities[4]["unit"] = "XX"
    activities[0]["staff"][0]["position"] = "NOPE"
    activities[5]["resources"][0]["resource"] = "ZZ"
    lines = problems_of(example)
    base = "bad.tramite.json: entities[0].procedures[0].versions[0]"
    assert f"{base}.activities[4].unit: unknown unit 'XX'" in lines
    assert f"{base}.activities[0].staff[0].position: unknown position 'NOPE'" in lines
    assert f"{base}.activities[5].resources[0].resource: unknown resource 'ZZ'" in lines


def test_wrong_enumerations(example: dict) -> None:
    example["entities"][0]["kind"] = "regional"
    example["entities"][0]["procedures"][0]["calificacion"] = "silencio"
    example["entities"][0]["procedures"][0]["versions"][0]["activities"][1]["value"] = "VAX"
    lines = problems_of(example)
    assert any(
        line.startswith("bad.tramite.json: entities[0].kind: unknown value 'regional'")
        for line in lines
    )
    assert any("procedures[0].calificacion: unknown value 'silencio'" in line for line in lines)
    assert any(
        "activities[1].value: unknown value 'VAX'; expected one of: VA, CONTROL, SVA" in line
        for line in lines
    )
    assert len(lines) == 3


def test_negative_and_non_numeric_amounts(example: dict) -> None:
    entity = example["entities"][0]
    entity["positions"][0]["annual_cost"] = "-24000"
    entity["resources"][0]["unit_cost"] = "tres céntimos"
    version = entity["procedures"][0]["versions"][0]
    version["fee"] = "abc"
    version["activities"][0]["minutes"] = -5
    version["activities"][1]["minutes"] = "diez"
    lines = problems_of(example)
    assert len(lines) == 5
    assert any("positions[0].annual_cost: must not be below 0" in line for line in lines)
    assert any(
        "resources[0].unit_cost: expected a number, found 'tres céntimos'" in line for line in lines
    )
    assert any("versions[0].fee: expected a number" in line for line in lines)
    assert any("activities[0].minutes: must not be below 0, found -5" in line for line in lines)
    assert any("activities[1].minutes: expected a number, found 'diez'" in line for line in lines)


@pytest.mark.parametrize("probability", ["0", "1.2", -0.5, "x"])
def test_probability_outside_zero_one(example: dict, probability: object) -> None:
    example["entities"][0]["procedures"][0]["versions"][0]["activities"][2]["probability"] = (
        probability
    )
    (line,) = problems_of(example)
    assert "versions[0].activities[2].probability" in line


@pytest.mark.parametrize("probability", ["1", "0.25"])
def test_probability_up_to_one_is_accepted(example: dict, probability: str) -> None:
    activities = example["entities"][0]["procedures"][0]["versions"][0]["activities"]
    activities[2]["probability"] = probability
    (entity,) = parse_package(example)
    assert entity.procedures[0].versions[0].activities[2].probability == Decimal(probability)


def test_duplicate_codes(example: dict) -> None:
    entity = example["entities"][0]
    entity["units"].append({"code": "TD", "name": "Otra"})
    entity["procedures"].append(copy.deepcopy(entity["procedures"][0]))
    example["entities"].append(copy.deepcopy(example["entities"][0]))
    lines = problems_of(example)
    assert any(
        "entities[0].units[3].code: duplicate unit code 'TD' (also at "
        "entities[0].units[0].code)" in line
        for line in lines
    )
    assert any(
        "entities[0].procedures[1].code: duplicate procedure code 'PA-07'" in line for line in lines
    )
    assert any("entities[1].ubigeo: duplicate ubigeo '060101'" in line for line in lines)


def test_unknown_fields_are_ignored(example: dict) -> None:
    example["entities"][0]["mayor"] = "Alcalde"
    example["entities"][0]["procedures"][0]["versions"][0]["activities"][0]["colour"] = "red"
    (entity,) = parse_package(example)
    assert entity.procedures[0].code == "PA-07"


def test_allocated_resource_cannot_be_used_per_activity(example: dict) -> None:
    activity = example["entities"][0]["procedures"][0]["versions"][0]["activities"][0]
    activity["resources"] = [{"resource": "LUZ", "qty": 1}]
    (line,) = problems_of(example)
    assert "activities[0].resources[0].resource" in line and "LUZ" in line


def test_plain_json_numbers_are_accepted_for_money(example: dict) -> None:
    example["entities"][0]["procedures"][0]["versions"][0]["fee"] = 45.9
    (entity,) = parse_package(example)
    assert entity.procedures[0].versions[0].fee == Decimal("45.9")
