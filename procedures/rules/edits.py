"""Edits of a version by activity identity, shared by the simplification rules.

Every edit returns a new `Version` (snapshots are frozen) and finds its activities by
uid, never by position, so edits can be chained in any order: an edit whose activities
are already gone does nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from models.codes import ActivityType, ImprovementAction, ValueClass
from procedures.snapshots import ZERO, Activity, ResourceUse, Version

_VALUE_RANK = {ValueClass.VA: 0, ValueClass.CONTROL: 1, ValueClass.SVA: 2}
_TYPE_RANK = {
    ActivityType.OPERACION: 0,
    ActivityType.REVISION: 1,
    ActivityType.ARCHIVO: 2,
    ActivityType.TRASLADO: 3,
    ActivityType.ESPERA: 4,
}


def identified(version: Version) -> Version:
    """`version` with a uid on every activity.

    Stored activities always have a uid; hand-built ones may not. Missing or repeated
    uids get a stable stand-in from the row ("row-3"), so a rule and its `apply` agree
    on which activity they mean.
    """
    seen: set[str] = set()
    activities = []
    changed = False
    for row, activity in enumerate(version.activities, start=1):
        if not activity.uid or activity.uid in seen:
            activity = replace(activity, uid=f"row-{row}")
            changed = True
        seen.add(activity.uid)
        activities.append(activity)
    return replace(version, activities=tuple(activities)) if changed else version


def without(version: Version, uids: Collection[str]) -> Version:
    """`version` minus the activities in `uids`.

    When the head of a parallel stage goes, the next activity of that stage becomes the
    head (its `parallel` flag is cleared), so it does not join the previous stage.
    """
    kept: list[Activity] = []
    head_dropped = False
    for activity in version.activities:
        if activity.uid in uids:
            head_dropped = head_dropped or not activity.parallel
            continue
        if head_dropped and activity.parallel:
            activity = replace(activity, parallel=False)
        head_dropped = False
        kept.append(activity)
    return replace(version, activities=tuple(kept))


def updated(version: Version, uid: str, **changes: Any) -> Version:
    """`version` with the activity `uid` changed (nothing happens when it is gone)."""
    activities = tuple(
        replace(activity, **changes) if activity.uid == uid else activity
        for activity in version.activities
    )
    return replace(version, activities=activities)


def merged(version: Version, uids: Sequence[str], note: str) -> Version:
    """Merge the consecutive activities `uids` into the first one.

    Transfers inside the group are dropped (the file does not move when one desk does
    every step); the other minutes add up, resources add up, the type is the most
    productive one and the value the highest. Staff is the first activity's: the rule
    only proposes groups with the same staff. Does nothing unless at least two of the
    activities are still there, next to each other.
    """
    wanted = set(uids)
    positions = [i for i, a in enumerate(version.activities) if a.uid in wanted]
    if len(positions) < 2 or positions != list(range(positions[0], positions[-1] + 1)):
        return version
    group = [version.activities[i] for i in positions]
    doing = [a for a in group if a.type is not ActivityType.TRASLADO] or group
    merged_activity = replace(
        group[0],
        description="; ".join(a.description for a in doing),
        type=min((a.type for a in doing), key=_TYPE_RANK.__getitem__),
        value=min((a.value for a in doing), key=_VALUE_RANK.__getitem__),
        minutes=sum((a.minutes for a in doing), ZERO),
        resources=_added_resources(doing),
        action=ImprovementAction.FUSIONAR,
        note=note,
    )
    activities = list(version.activities)
    activities[positions[0] : positions[-1] + 1] = [merged_activity]
    return replace(version, activities=tuple(activities))


def _added_resources(activities: Sequence[Activity]) -> tuple[ResourceUse, ...]:
    totals: dict[str, Decimal] = {}
    for activity in activities:
        for use in activity.resources:
            totals[use.resource] = totals.get(use.resource, ZERO) + use.qty
    return tuple(ResourceUse(code, qty) for code, qty in totals.items())
