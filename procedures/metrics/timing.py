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

# Read once: a member looked up on its enum class, or the class iterated, costs more
# than the arithmetic of a step (the engine measures a region's 875,000 steps).
_TYPES = tuple(ActivityType)
_VALUES = tuple(ValueClass)
ESPERA = ActivityType.ESPERA
_VA = ValueClass.VA


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
    by_type = dict.fromkeys(_TYPES, 0)
    by_value = dict.fromkeys(_VALUES, 0)
    total = effort = va = lead = visits = ZERO
    stage: Decimal | None = None
    handoffs = 0
    # The first activity is compared with its own lane: no handoff before it.
    previous_lane = activities[0].unit if activities else None
    for activity in activities:
        minutes = activity.minutes * activity.probability
        kind = activity.type
        value = activity.value
        unit = activity.unit
        by_type[kind] += 1
        by_value[value] += 1
        total += minutes
        if unit is not None:
            if kind is not ESPERA:
                effort += minutes
        elif activity.in_person:
            visits += activity.probability
        if value is _VA:
            va += minutes
        if stage is not None and activity.parallel:
            stage = max(stage, minutes)
        else:
            if stage is not None:
                lead += stage
            stage = minutes
        if unit != previous_lane:
            handoffs += 1
            previous_lane = unit
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
    get = minutes.get
    for activity in activities:
        unit = activity.unit
        if unit is None or activity.type is ESPERA:
            continue
        minutes[unit] = get(unit, ZERO) + activity.minutes * activity.probability
    return minutes
