"""Burden on the resident (Standard Cost Model, DOMAIN §5) and yearly totals."""

from __future__ import annotations

from dataclasses import replace

from models.codes import VersionKind
from procedures.snapshots import Position, Requirement
from tests.procedures.builders import (
    D,
    act,
    citizen,
    english_messages,
    entity,
    measure,
    procedure,
    version,
    worked_example,
)

_english = english_messages()

REQUIREMENTS = (
    Requirement("Copia simple del plano", cost=D("1.50")),
    Requirement("Certificado de zonificación", cost=D("10.00")),
)


def _resident_case():
    v = version(
        citizen("Presentar la solicitud", 15, in_person=True),
        act("Recibir", "TD", minutes=10),
        citizen("Recoger el certificado", 10, in_person=True, probability="0.5"),
        citizen("Llenar el formulario en casa", 20),
        fee="20.00",
    )
    proc = procedure(v, demand=100, preparation_minutes=D(60), requirements=REQUIREMENTS)
    # Defaults: 60 travel minutes and S/ 6.00 per visit, S/ 5.43 per hour.
    return entity(), proc, v


def test_resident_time_money_and_cost_per_case() -> None:
    burden = measure(*_resident_case()).citizen
    assert burden.visits == D("1.5")
    # 15 + 10 × 0.5 + 20 own minutes, 1.5 × 60 travel, 60 preparation
    assert burden.activity_minutes == 40 and burden.travel_minutes == 90
    assert burden.minutes == 190
    # fares 1.5 × 6.00 + requirements 11.50 + fee 20.00
    assert burden.out_of_pocket == D("40.50")
    # 190 / 60 × 5.43 = 17.195 (a true half cent) + 40.50 = 57.695 -> 57.70
    assert burden.cost == D("57.70")


def test_resident_yearly_figures_use_the_shown_cents() -> None:
    metrics = measure(*_resident_case())
    assert metrics.yearly.citizen_hours == D(190 * 100) / 60
    assert metrics.yearly.citizen_cost == D("5770.00")
    data = metrics.to_json()
    assert data["citizen"] == {
        "minutes": 190,
        "visits": 1.5,
        "out_of_pocket": "40.50",
        "cost": "57.70",
    }
    assert data["yearly"]["citizen_hours"] == 316.67
    assert data["yearly"]["citizen_cost"] == "5770.00"
    assert data["citizen_visits"] == 1.5


def test_version_requirements_and_fee_override_the_procedure() -> None:
    ent, proc, v = _resident_case()
    to_be = replace(
        v, name="Propuesta", kind=VersionKind.TO_BE, fee=D("5.00"), requirements=REQUIREMENTS[:1]
    )
    burden = measure(ent, proc, to_be).citizen
    assert burden.requirements_cost == D("1.50")
    assert burden.out_of_pocket == D("15.50")  # 9.00 + 1.50 + 5.00
    assert burden.cost == D("32.70")  # 17.195 + 15.50 = 32.695 -> 32.70


def test_travel_settings_are_per_entity() -> None:
    _, proc, v = _resident_case()
    rural = entity(travel_minutes=D(180), travel_fare=D("15.00"), citizen_hour_value=D("4.71"))
    burden = measure(rural, proc, v).citizen
    assert burden.minutes == 40 + 270 + 60
    assert burden.out_of_pocket == D("22.50") + D("11.50") + D("20.00")
    assert burden.cost == D("83.05")  # 370 × 4.71 / 60 = 29.045 + 54.00 = 83.045 -> 83.05


def test_worked_example_burden_and_yearly() -> None:
    metrics = measure(*worked_example())
    assert metrics.citizen.minutes == 0 and metrics.citizen.visits == 0
    assert metrics.citizen.out_of_pocket == D("45.90") == metrics.citizen.cost
    data = metrics.to_json()
    assert data["yearly"] == {
        "cases": 240,
        "entity_cost": "11020.80",
        "entity_hours": 760,
        "citizen_hours": 0,
        "citizen_cost": "11016.00",
    }


def test_entity_hours_weight_headcount_and_probability() -> None:
    v = version(
        act("two clerks", "TD", minutes=30, staff=(("P", 2),)),
        act("sometimes", "TD", minutes=60, probability="0.25", staff=(("P", 1),)),
        citizen("file", 15, in_person=True),
    )
    ent = entity(positions=(Position("P", "P", "TD", D(24000)),))
    metrics = measure(ent, procedure(v, demand=12), v)
    # (2 × 30 + 1 × 60 × 0.25) = 75 staff minutes per case × 12 cases / 60 = 15 hours
    assert metrics.yearly.entity_hours == 15
    assert metrics.yearly.entity_cost == metrics.cost.unit_cost * 12
