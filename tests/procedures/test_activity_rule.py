"""The activity rule, and the three doors that apply it (editor, step import, package
reader) refusing the same activities with the same words."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from models.codes import ActivityType, CostElement, ValueClass
from procedures import snapshots as s
from procedures.errors import InputError, Location
from procedures.exchange.package_read import load_package_file, parse_package_text
from procedures.exchange.package_write import dumps_package
from procedures.exchange.resolve import resolve_steps
from procedures.exchange.steps import ImportedStep, LaneRef, StepTable
from procedures.rules import activity as rule
from procedures.services.activities import check_activity
from tests.conftest import EXAMPLE
from tests.procedures.builders import english_messages

_english = english_messages()
D = Decimal
CODES = rule.Codes.from_items(
    ["TD", "DU"], ["TMP", "TDU"],
    [("A4", CostElement.MATERIAL_FUNGIBLE), ("MOV", CostElement.SERVICIO_IDENTIFICABLE),
     ("LUZ", CostElement.COSTOS_FIJOS), ("PC", CostElement.DEPRECIACION)])


def step(unit: str | None = "TD", **fields: object) -> s.Activity:
    return replace(s.Activity("Revisar", unit, ActivityType.REVISION, ValueClass.CONTROL,
                              D(10)), **fields)


def kinds(activity: s.Activity) -> list[str]:
    return [p.kind for p in rule.activity_problems(activity, CODES)]


def test_a_valid_step_has_no_problems() -> None:
    assert kinds(step(staff=(s.StaffUse("TMP", D("0.5")),),
                      resources=(s.ResourceUse("A4", D(0)), s.ResourceUse("MOV")),
                      probability=D(1))) == []
    assert kinds(step(None, in_person=True, probability=D("0.0001"))) == []


@pytest.mark.parametrize(("activity", "expected"), [
    (step("XX"), [rule.UNKNOWN_UNIT]),
    (step(None, staff=(s.StaffUse("TMP"),)), [rule.CITIZEN_STAFF]),
    (step(in_person=True), [rule.UNIT_IN_PERSON]),
    (step(minutes=D("-0.01")), [rule.MINUTES]),
    (step(probability=D(0)), [rule.PROBABILITY]),
    (step(probability=D("1.01")), [rule.PROBABILITY]),
    (step(staff=(s.StaffUse("TMP"), s.StaffUse("NOPE", D(0)))),
     [rule.UNKNOWN_POSITION, rule.HEADCOUNT]),
    (step(resources=(s.ResourceUse("ZZ"), s.ResourceUse("A4", D(-1)))),
     [rule.UNKNOWN_RESOURCE, rule.QUANTITY]),
    (step(resources=(s.ResourceUse("LUZ"), s.ResourceUse("PC"))),
     [rule.ALLOCATED_RESOURCE, rule.ALLOCATED_RESOURCE]),
])
def test_each_broken_rule_is_named(activity: s.Activity, expected: list[str]) -> None:
    assert kinds(activity) == expected


def test_problems_name_the_line_of_staff_or_resources() -> None:
    problems = rule.activity_problems(
        step(resources=(s.ResourceUse("A4"), s.ResourceUse("LUZ"))), CODES)
    assert [p.path("activities[3]") for p in problems] == ["activities[3].resources[1].resource"]
    assert "'LUZ' is allocated by driver (costos_fijos)" in problems[0].message
    (citizen,) = rule.activity_problems(step(None, staff=(s.StaffUse("TMP"),)), CODES)
    assert citizen.path("x") == "x.staff"


def test_moving_to_a_lane_clears_what_does_not_fit_there() -> None:
    staffed = step(staff=(s.StaffUse("TMP"),), resources=(s.ResourceUse("A4"),))
    to_citizen = rule.with_lane(staffed, None)
    assert to_citizen.unit is None and to_citizen.staff == ()
    assert to_citizen.resources == staffed.resources
    in_person = step(None, in_person=True)
    assert rule.with_lane(in_person, "DU") == replace(in_person, unit="DU", in_person=False)
    for moved in (to_citizen, rule.with_lane(in_person, "DU")):
        assert kinds(moved) == []


def test_the_picker_offers_what_a_step_may_use() -> None:
    (entity,) = load_package_file(EXAMPLE)
    assert [r.code for r in rule.offered_resources(entity)] == ["A4", "FOLDER", "MOV"]
    # One already on the step (stored before the rule) is shown, so it can be taken off.
    assert [r.code for r in rule.offered_resources(entity, ["PC"])] == [
        "A4", "FOLDER", "MOV", "PC"]
    assert [p.code for p in rule.offered_positions(entity, "DU")] == ["SDU", "TDU", "TMP"]
    assert [p.code for p in rule.offered_positions(entity, "TD")] == ["TMP", "SDU", "TDU"]
    assert [p.code for p in rule.offered_positions(entity, None)] == ["SDU", "TDU", "TMP"]


# -- the three doors ------------------------------------------------------------------------

BAD = [
    step(None, staff=(s.StaffUse("TMP"),)),
    step(resources=(s.ResourceUse("LUZ"),)),
    step(staff=(s.StaffUse("NOPE"),), resources=(s.ResourceUse("ZZ"),)),
]


def _editor(activity: s.Activity) -> list[str]:
    (entity,) = load_package_file(EXAMPLE)
    with pytest.raises(InputError) as raised:
        check_activity(rule.Codes.of(entity), activity, 0)
    return [p.message for p in raised.value.problems]


def _step_import(activity: s.Activity) -> list[str]:
    (entity,) = load_package_file(EXAMPLE)
    where = Location(file="steps.xlsx", sheet="Actividades", row=2)
    imported = ImportedStep(
        activity.description, LaneRef("", where, activity.unit or "") if activity.unit else None,
        activity.type, activity.value, where, activity.minutes, activity.probability,
        staff=activity.staff, resources=activity.resources)
    with pytest.raises(InputError) as raised:
        resolve_steps(StepTable((imported,)), entity, create_units=False)
    return [p.message for p in raised.value.problems]


def _package(activity: s.Activity) -> list[str]:
    (entity,) = load_package_file(EXAMPLE)
    procedure = entity.procedures[0]
    version = replace(procedure.versions[0], activities=(activity,))
    text = dumps_package([replace(entity, procedures=(replace(procedure,
                                                                versions=(version,)),))])
    with pytest.raises(InputError) as raised:
        parse_package_text(text)
    return [p.message for p in raised.value.problems]


@pytest.mark.parametrize("activity", BAD)
def test_every_door_refuses_the_same_step_with_the_same_words(activity: s.Activity) -> None:
    expected = [p.message for p in rule.activity_problems(activity, rule.Codes.of(
        load_package_file(EXAMPLE)[0]))]
    assert expected
    assert _editor(activity) == expected
    assert _step_import(activity) == expected
    assert _package(activity) == expected
