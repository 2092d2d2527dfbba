"""Burden on the resident (Standard Cost Model, DOMAIN §5) and the yearly totals.

Per case: time = own steps + travel for each visit + preparation; money = fares +
requirement costs + the fee; cost = time valued at the hour value + money. Per-case money
is rounded half-up to the cent, and the yearly figures multiply that shown cent figure by
the yearly demand, so a printed per-case figure × cases equals the printed yearly one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from procedures.formatting import round_money
from procedures.rules.scenario import requirements_of
from procedures.snapshots import ZERO, Procedure, Settings, Version

_MINUTES_PER_HOUR = 60


@dataclass(frozen=True, slots=True)
class CitizenBurden:
    """What one case costs the resident; the detail fields explain the totals."""

    minutes: Decimal
    visits: Decimal
    out_of_pocket: Decimal
    cost: Decimal
    activity_minutes: Decimal = ZERO
    travel_minutes: Decimal = ZERO
    preparation_minutes: Decimal = ZERO
    fares: Decimal = ZERO
    requirements_cost: Decimal = ZERO
    fee: Decimal = ZERO
    hour_value: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class Yearly:
    """Per-case figures × yearly demand (cases)."""

    cases: int
    entity_cost: Decimal
    entity_hours: Decimal
    citizen_hours: Decimal
    citizen_cost: Decimal


def compute_burden(settings: Settings, procedure: Procedure, version: Version) -> CitizenBurden:
    """Resident's time and money for one case of `version`.

    Uses the version's own requirements and fee (a to-be may drop a requirement).
    """
    visits = activity_minutes = ZERO
    for activity in version.activities:
        if activity.unit is not None:
            continue
        activity_minutes += activity.minutes * activity.probability
        if activity.in_person:
            visits += activity.probability
    travel = visits * settings.travel_minutes
    minutes = activity_minutes + travel + procedure.preparation_minutes
    fares = visits * settings.travel_fare
    requirements = sum((r.cost for r in requirements_of(procedure, version)), ZERO)
    out_of_pocket = fares + requirements + version.fee
    # Multiply before dividing: one division of exact values keeps half-cent ties exact.
    time_value = minutes * settings.citizen_hour_value / _MINUTES_PER_HOUR
    return CitizenBurden(
        minutes=minutes,
        visits=visits,
        out_of_pocket=round_money(out_of_pocket),
        cost=round_money(time_value + out_of_pocket),
        activity_minutes=activity_minutes,
        travel_minutes=travel,
        preparation_minutes=procedure.preparation_minutes,
        fares=fares,
        requirements_cost=requirements,
        fee=version.fee,
        hour_value=settings.citizen_hour_value,
    )


def compute_yearly(
    cases: int, unit_cost: Decimal, staff_minutes: Decimal, citizen: CitizenBurden
) -> Yearly:
    """Yearly totals; `staff_minutes` is Σ headcount × minutes × probability of a case."""
    return yearly_totals(cases, unit_cost, staff_minutes, citizen.minutes, citizen.cost)


def yearly_totals(cases: int, unit_cost: Decimal, staff_minutes: Decimal,
                  citizen_minutes: Decimal, citizen_cost: Decimal) -> Yearly:
    """`compute_yearly` from the per-case figures alone (what stored figures keep)."""
    return Yearly(
        cases=cases,
        entity_cost=unit_cost * cases,
        entity_hours=staff_minutes * cases / _MINUTES_PER_HOUR,
        citizen_hours=citizen_minutes * cases / _MINUTES_PER_HOUR,
        citizen_cost=citizen_cost * cases,
    )
