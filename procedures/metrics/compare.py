"""Before/after comparison of two versions (DESIGN §4 "compare", §6 comparison report).

Activities are matched by identity, never by position: an activity of the after version
matches the before activity whose uid equals its `based_on` (a to-be copy) or its own
uid (the same row). Unmatched after activities were added; unmatched before ones removed.
Yearly savings are before − after (positive = saved).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from procedures.metrics.results import FIGURES, Metrics, encode, json_money, json_number, nest
from procedures.snapshots import Activity, Version


@dataclass(frozen=True, slots=True)
class Change:
    """after − before, and the same as a percentage of before (None when before is 0)."""

    absolute: Decimal | int | None
    percent: Decimal | None


@dataclass(frozen=True, slots=True)
class ActivityRef:
    uid: str
    row: int
    description: str


@dataclass(frozen=True, slots=True)
class ActivityChange:
    """A matched activity whose `fields` differ; `row`/`uid` are the after version's."""

    uid: str
    before_uid: str
    row: int
    description: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Savings:
    entity_cost: Decimal
    entity_hours: Decimal
    citizen_hours: Decimal
    citizen_cost: Decimal


@dataclass(frozen=True, slots=True)
class Comparison:
    from_name: str
    to_name: str
    before: Metrics
    after: Metrics
    changes: dict[str, Change]
    added: tuple[ActivityRef, ...]
    removed: tuple[ActivityRef, ...]
    changed: tuple[ActivityChange, ...]
    savings: Savings

    def to_json(self) -> dict[str, Any]:
        change = nest(
            {
                key: {
                    "absolute": encode(FIGURES[key].kind, value.absolute),
                    "percent": _percent_json(value.percent),
                }
                for key, value in self.changes.items()
            }
        )
        return {
            "from": self.from_name,
            "to": self.to_name,
            "before": self.before.to_json(),
            "after": self.after.to_json(),
            "change": change,
            "activities": {
                "added": [_ref_json(ref) for ref in self.added],
                "removed": [_ref_json(ref) for ref in self.removed],
                "changed": [
                    {
                        "description": c.description,
                        "fields": list(c.fields),
                        "row": c.row,
                        "uid": c.uid,
                    }
                    for c in self.changed
                ],
            },
            "savings": {
                "entity_cost": json_money(self.savings.entity_cost),
                "entity_hours": json_number(self.savings.entity_hours),
                "citizen_hours": json_number(self.savings.citizen_hours),
                "citizen_cost": json_money(self.savings.citizen_cost),
            },
        }


def compare_metrics(
    before: Metrics, after: Metrics, before_version: Version, after_version: Version
) -> Comparison:
    """Both sides, the change of every figure and the activity-level differences."""
    changes = {
        key: _change(figure.read(before), figure.read(after)) for key, figure in FIGURES.items()
    }
    added, removed, changed = diff_activities(before_version.activities, after_version.activities)
    savings = Savings(
        entity_cost=before.yearly.entity_cost - after.yearly.entity_cost,
        entity_hours=before.yearly.entity_hours - after.yearly.entity_hours,
        citizen_hours=before.yearly.citizen_hours - after.yearly.citizen_hours,
        citizen_cost=before.yearly.citizen_cost - after.yearly.citizen_cost,
    )
    return Comparison(
        before_version.name,
        after_version.name,
        before,
        after,
        changes,
        added,
        removed,
        changed,
        savings,
    )


def _change(before: Decimal | int | None, after: Decimal | int | None) -> Change:
    if before is None or after is None:
        return Change(None, None)
    absolute = after - before
    percent = Decimal(absolute) * 100 / Decimal(before) if before else None
    return Change(absolute, percent)


def _percent_json(value: Decimal | None) -> float | None:
    return None if value is None else float(value.quantize(Decimal("0.01"), ROUND_HALF_UP))


def _ref_json(ref: ActivityRef) -> dict[str, Any]:
    return {"description": ref.description, "row": ref.row, "uid": ref.uid}


#: Fields that make an activity "changed" (provenance, action and note do not).
_COMPARED: tuple[tuple[str, Callable[[Activity], object]], ...] = (
    ("description", lambda a: a.description),
    ("unit", lambda a: a.unit),
    ("type", lambda a: a.type),
    ("value", lambda a: a.value),
    ("minutes", lambda a: a.minutes),
    ("probability", lambda a: a.probability),
    ("parallel", lambda a: a.parallel),
    ("in_person", lambda a: a.in_person),
    ("staff", lambda a: sorted((s.position, s.count) for s in a.staff)),
    ("resources", lambda a: sorted((r.resource, r.qty) for r in a.resources)),
)


def diff_activities(
    before: tuple[Activity, ...], after: tuple[Activity, ...]
) -> tuple[tuple[ActivityRef, ...], tuple[ActivityRef, ...], tuple[ActivityChange, ...]]:
    """(added, removed, changed) matched by identity; empty uids never match."""
    by_uid = {a.uid: (row, a) for row, a in enumerate(before, start=1) if a.uid}
    matched: set[str] = set()
    added: list[ActivityRef] = []
    changed: list[ActivityChange] = []
    for row, activity in enumerate(after, start=1):
        candidates = (activity.based_on, activity.uid)
        key = next((k for k in candidates if k and k in by_uid and k not in matched), None)
        if key is None:
            added.append(ActivityRef(activity.uid, row, activity.description))
            continue
        matched.add(key)
        old = by_uid[key][1]
        fields = tuple(name for name, read in _COMPARED if read(old) != read(activity))
        if fields:
            changed.append(ActivityChange(activity.uid, key, row, activity.description, fields))
    removed = [
        ActivityRef(a.uid, row, a.description)
        for row, a in enumerate(before, start=1)
        if a.uid not in matched
    ]
    return tuple(added), tuple(removed), tuple(changed)
