"""Time figures (DOMAIN §6): hand-computed cases, probabilities and parallel stages."""

from __future__ import annotations

from decimal import Decimal

from models.codes import ActivityType, ValueClass
from procedures.metrics.timing import business_days, compute_timing, unit_minutes
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


def test_worked_example_time_figures() -> None:
    _, _, as_is = worked_example()
    timing = compute_timing(as_is.activities, 480)
    assert timing.activities == 9
    assert timing.total_minutes == 1150
    assert timing.effort_minutes == 190  # TD 45 + DU 145; the 960-minute wait is not effort
    assert timing.lead_time_minutes == 1150
    assert timing.business_days == 3
    assert timing.va_minutes == 145
    assert timing.va_share == D(145) / D(1150)
    assert timing.handoffs == 2  # TD -> DU at row 4, DU -> TD at row 8
    assert timing.citizen_visits == 0
    assert timing.by_type == {
        ActivityType.OPERACION: 4,
        ActivityType.REVISION: 2,
        ActivityType.TRASLADO: 1,
        ActivityType.ESPERA: 1,
        ActivityType.ARCHIVO: 1,
    }
    assert timing.by_value == {ValueClass.VA: 3, ValueClass.CONTROL: 3, ValueClass.SVA: 3}


def test_probability_weights_every_figure() -> None:
    timing = compute_timing(
        [
            act("receive", "TD", "revision", "CONTROL", 10),
            act("file observed, returned", "TD", "traslado", "SVA", 5, probability="0.2"),
            act("inspect", "DU", "operacion", "VA", 90, probability="0.5"),
            act("waits", "DU", "espera", "SVA", 480, probability="0.5"),
        ],
        480,
    )
    assert timing.total_minutes == D("10") + D("1") + D("45") + D("240")  # 296
    assert timing.effort_minutes == D("56")
    assert timing.va_minutes == D("45")
    assert timing.lead_time_minutes == D("296")
    assert timing.business_days == 1
    assert timing.activities == 4  # counts are plain counts, not weighted


def test_parallel_activities_share_the_stage_of_the_one_before() -> None:
    timing = compute_timing(
        [
            act("a", "TD", minutes=30, parallel=True),  # first flag is ignored
            act("b", "AL", minutes=50, parallel=True),
            act("c", "DU", minutes=20),
            act("d", "AL", minutes=100, parallel=True, probability="0.1"),  # expected 10
            act("e", "DU", minutes=5),
        ],
        480,
    )
    # Stages: max(30, 50) + max(20, 10) + 5 = 75; total still adds everything.
    assert timing.lead_time_minutes == 75
    assert timing.total_minutes == 30 + 50 + 20 + 10 + 5
    assert timing.business_days == 1


def test_business_days_is_the_ceiling_of_lead_time() -> None:
    assert business_days(D(0), 480) == 0
    assert business_days(D(480), 480) == 1
    assert business_days(D("480.5"), 480) == 2
    assert business_days(D(1150), 480) == 3
    assert business_days(D(840), 420) == 2
    assert business_days(D(841), 420) == 3


def test_handoffs_count_lane_changes_with_the_citizen_as_a_lane() -> None:
    timing = compute_timing(
        [
            citizen("file", 15, in_person=True),
            act("receive", "TD"),
            act("register", "TD"),
            citizen("correct the file", 30),
            act("review", "DU"),
            act("legal", "AL", parallel=True),
        ],
        480,
    )
    assert timing.handoffs == 4  # Ciudadano->TD, TD->Ciudadano, Ciudadano->DU, DU->AL


def test_citizen_visits_add_probabilities_of_in_person_citizen_steps() -> None:
    timing = compute_timing(
        [
            citizen("file the request", 15, in_person=True),
            citizen("fill the form at home", 30),
            act("desk", "TD", in_person=True),  # the flag means nothing on an entity lane
            citizen("collect the certificate", 10, in_person=True, probability="0.5"),
        ],
        480,
    )
    assert timing.citizen_visits == D("1.5")
    assert timing.effort_minutes == 10  # citizen minutes are not the entity's effort


def test_empty_version_measures_zero() -> None:
    timing = compute_timing([], 480)
    assert (timing.total_minutes, timing.lead_time_minutes, timing.business_days) == (0, 0, 0)
    assert timing.va_share == 0 and timing.handoffs == 0


def test_unit_minutes_skip_waits_and_the_citizen() -> None:
    minutes = unit_minutes(
        [
            citizen("file", 15),
            act("receive", "TD", minutes=10),
            act("waits", "TD", "espera", "SVA", 960),
            act("observed", "TD", minutes=5, probability="0.2"),
            act("inspect", "DU", minutes=90),
        ]
    )
    assert minutes == {"TD": D(11), "DU": D(90)}


def test_time_figures_in_json() -> None:
    activities = (
        act("a", "TD", "operacion", "VA", "7.456"),
        act("b", "TD", "operacion", "SVA", 3, probability="0.5"),
    )
    data = measure(entity(), procedure(version(*activities)), version(*activities)).to_json()
    assert data["total_minutes"] == 8.96  # 7.456 + 1.5, rounded to 2 decimals
    assert data["va_minutes"] == 7.46
    assert data["va_share"] == 0.8325  # 7.456 / 8.956 = 0.83251
    assert data["business_days"] == 1 and isinstance(data["business_days"], int)
    data = measure(*worked_example()).to_json()
    assert data["total_minutes"] == 1150 and isinstance(data["total_minutes"], int)
    assert data["va_share"] == 0.1261
    assert Decimal(str(data["va_share"])) == (D(145) / D(1150)).quantize(Decimal("0.0001"))


def test_business_days_follow_the_lead_time_not_the_total() -> None:
    timing = compute_timing(
        [
            act("technical report", "DU", minutes=400),
            act("legal report", "AL", minutes=400, parallel=True),
        ],
        480,
    )
    assert (timing.total_minutes, timing.lead_time_minutes) == (800, 400)
    assert timing.business_days == 1  # ceil(800 / 480) would be 2
