"""Time figures of a version (DOMAIN §6): totals, stages, business days, value share.

Every per-activity quantity is weighted by the activity's probability (the share of
cases that go through it), so all figures are expected values per case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from models.codes import ActivityType, ValueClass
from procedures.snapshots import ZERO, Activity


@dataclass(frozen=True, slots=True)
class Timing:
    activities: int
    by_type: dict[ActivityType, int]
    by_value: dict[ValueClass, int]
    total_minutes: Decimal
    effort_minutes: Decimal
    lead_time_minutes: Decimal
    business_days: int
    va_minutes: Decimal
    va_share: Decimal
    handoffs: int
    citizen_visits: Decimal


def compute_timing(activities: Sequence[Activity], minutes_per_working_day: int) -> Timing:
    """One pass over the activities.

    Lead time: an activity flagged `parallel` joins the stage of the activity before it
    (the first activity's flag is ignored); a stage lasts as long as its longest
    expected activity, and stages follow one another. Business days are the SUT's
    ceil(lead time / minutes per working day).
    """
    by_type = dict.fromkeys(ActivityType, 0)
    by_value = dict.fromkeys(ValueClass, 0)
    total = effort = va = lead = visits = ZERO
    stage: Decimal | None = None
    handoffs = 0
    previous_lane: str | None = None
    for index, activity in enumerate(activities):
        minutes = activity.minutes * activity.probability
        by_type[activity.type] += 1
        by_value[activity.value] += 1
        total += minutes
        if activity.unit is not None and activity.type is not ActivityType.ESPERA:
            effort += minutes
        if activity.value is ValueClass.VA:
            va += minutes
        if activity.unit is None and activity.in_person:
            visits += activity.probability
        if stage is not None and activity.parallel:
            stage = max(stage, minutes)
        else:
            if stage is not None:
                lead += stage
            stage = minutes
        if index and activity.unit != previous_lane:
            handoffs += 1
        previous_lane = activity.unit
    if stage is not None:
        lead += stage
    return Timing(
        activities=len(activities),
        by_type=by_type,
        by_value=by_value,
        total_minutes=total,
        effort_minutes=effort,
        lead_time_minutes=lead,
        business_days=business_days(lead, minutes_per_working_day),
        va_minutes=va,
        va_share=va / total if total else ZERO,
        handoffs=handoffs,
        citizen_visits=visits,
    )


def business_days(lead_time_minutes: Decimal, minutes_per_working_day: int) -> int:
    """ceil(lead / day) with integer arithmetic (0 when there is no lead time)."""
    if lead_time_minutes <= 0 or minutes_per_working_day <= 0:
        return 0
    whole, rest = divmod(lead_time_minutes, minutes_per_working_day)
    return int(whole) + (1 if rest else 0)


def unit_minutes(activities: Sequence[Activity]) -> dict[str, Decimal]:
    """Expected minutes per unit of the entity's non-`espera` activities (minutes_in_c).

    Waiting uses no resources, so it never draws allocated costs (DOMAIN §4).
    """
    minutes: dict[str, Decimal] = {}
    for activity in activities:
        unit = activity.unit
        if unit is None or activity.type is ActivityType.ESPERA:
            continue
        minutes[unit] = minutes.get(unit, ZERO) + activity.minutes * activity.probability
    return minutes
