"""Before/after comparison of two versions (DESIGN §4 "compare", §6 comparison report).

Activities are matched by identity, never by position: an activity of the after version
matches the before activity whose uid equals its `based_on` (a to-be copy) or its own
uid (the same row); one with no such match may still match by its description (a
proposal typed or imported afresh). Unmatched after activities were added; unmatched
before ones removed.
A removed before activity whose improvement action is `fusionar` was merged into
another step, not eliminated: `Comparison.merged` lists those, `eliminated` the rest
(`removed` keeps both, as the JSON always had them). The requirements of both sides
(each version's own list, else the procedure's) are compared too: removed, added and
changed, matched by uid and then by wording.
Yearly savings are before − after (positive = saved).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from models.codes import ImprovementAction
from procedures.metrics.results import FIGURES, Metrics, encode, json_money, json_number, nest
from procedures.rules.scenario import requirements_of
from procedures.snapshots import Activity, Procedure, Requirement, Version
from procedures.text import fold


@dataclass(frozen=True, slots=True)
class Change:
    """after − before, and the same as a percentage of before (None when before is 0)."""

    absolute: Decimal | int | None
    percent: Decimal | None


#: Figures that are better when they go up; every other figure is better when it goes
#: down (fewer steps, minutes, days, handoffs and visits; lower costs and fee).
MORE_IS_BETTER = frozenset({"va_share"})


def improved(key: str, change: Change) -> bool | None:
    """Whether the change of figure `key` is for the better (True) or the worse (False);
    None when the figure did not change or cannot be compared."""
    if change.absolute is None or change.absolute == 0:
        return None
    return (change.absolute > 0) == (key in MORE_IS_BETTER)


@dataclass(frozen=True, slots=True)
class ActivityRef:
    """An activity of one side: `row` is its step number in that side's table;
    `merged` marks a removed step whose action was to merge it into another."""

    uid: str
    row: int
    description: str
    merged: bool = False


@dataclass(frozen=True, slots=True)
class ActivityChange:
    """A matched activity whose `fields` differ; `row`/`uid` are the after version's."""

    uid: str
    before_uid: str
    row: int
    description: str
    fields: tuple[str, ...]
    before_row: int = 0


@dataclass(frozen=True, slots=True)
class RequirementChanges:
    """Requirements removed (before's), added (after's) and changed (after's wording,
    with the changed fields: name, kind, cost, legal_basis)."""

    removed: tuple[Requirement, ...] = ()
    added: tuple[Requirement, ...] = ()
    changed: tuple[tuple[Requirement, Requirement, tuple[str, ...]], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.removed or self.added or self.changed)


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
    requirements: RequirementChanges = RequirementChanges()

    @property
    def merged(self) -> tuple[ActivityRef, ...]:
        """Removed steps that were merged into another (action `fusionar`)."""
        return tuple(ref for ref in self.removed if ref.merged)

    @property
    def eliminated(self) -> tuple[ActivityRef, ...]:
        """Removed steps that were not merged: really gone."""
        return tuple(ref for ref in self.removed if not ref.merged)

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
    before: Metrics, after: Metrics, before_version: Version, after_version: Version,
    procedure: Procedure | None = None,
) -> Comparison:
    """Both sides, the change of every figure and the activity-level differences; with
    the `procedure`, the requirement changes too (a version may inherit its list)."""
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
        diff_requirements(requirements_of(procedure, before_version),
                          requirements_of(procedure, after_version))
        if procedure is not None else RequirementChanges(),
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
    """(added, removed, changed): matched by identity first, then by description.

    An after activity without a before one of its identity (typed afresh, or imported
    from Excel or BPMN into a proposal) matches the first still unmatched before
    activity with the same description (accents, case and spaces aside), in the same
    unit if there is one. Otherwise a proposal imported from a spreadsheet would show
    every step as removed and added again.
    """
    rows = {id(a): row for row, a in enumerate(before, start=1)}
    by_uid = {a.uid: a for a in before if a.uid}
    pairs: dict[int, Activity] = {}  # position in `after` -> its before activity
    taken: set[int] = set()  # id() of the before activities matched
    for index, activity in enumerate(after):
        for key in (activity.based_on, activity.uid):
            old = by_uid.get(key) if key else None
            if old is not None and id(old) not in taken:
                pairs[index] = old
                taken.add(id(old))
                break
    by_text: dict[str, list[Activity]] = {}
    for old in before:
        if id(old) not in taken:
            by_text.setdefault(fold(old.description), []).append(old)
    for index, activity in enumerate(after):
        candidates = by_text.get(fold(activity.description)) if index not in pairs else None
        if candidates:
            old = next((c for c in candidates if c.unit == activity.unit), candidates[0])
            candidates.remove(old)
            pairs[index] = old
            taken.add(id(old))
    added: list[ActivityRef] = []
    changed: list[ActivityChange] = []
    for index, activity in enumerate(after):
        row = index + 1
        old = pairs.get(index)
        if old is None:
            added.append(ActivityRef(activity.uid, row, activity.description))
            continue
        fields = tuple(name for name, read in _COMPARED if read(old) != read(activity))
        if fields:
            changed.append(ActivityChange(activity.uid, old.uid, row, activity.description,
                                          fields, rows[id(old)]))
    removed = [ActivityRef(a.uid, rows[id(a)], a.description,
                           merged=a.action is ImprovementAction.FUSIONAR)
               for a in before if id(a) not in taken]
    return tuple(added), tuple(removed), tuple(changed)


_REQUIREMENT_FIELDS: tuple[tuple[str, Callable[[Requirement], object]], ...] = (
    ("name", lambda r: r.name),
    ("kind", lambda r: r.kind),
    ("cost", lambda r: r.cost),
    ("legal_basis", lambda r: r.legal_basis),
)


def diff_requirements(
    before: tuple[Requirement, ...], after: tuple[Requirement, ...]
) -> RequirementChanges:
    """Matched by uid (a proposal's own copy keeps none of the procedure's uids, so
    then by wording, accents and case aside); the rest removed or added."""
    left = list(before)
    pairs: list[tuple[Requirement, Requirement]] = []
    unmatched: list[Requirement] = []
    for requirement in after:
        old = next((r for r in left if requirement.uid and r.uid == requirement.uid), None)
        if old is None:
            old = next((r for r in left if fold(r.name) == fold(requirement.name)), None)
        if old is None:
            unmatched.append(requirement)
            continue
        left.remove(old)
        pairs.append((old, requirement))
    changed = []
    for old, new in pairs:
        fields = tuple(name for name, read in _REQUIREMENT_FIELDS if read(old) != read(new))
        if fields:
            changed.append((old, new, fields))
    return RequirementChanges(tuple(left), tuple(unmatched), tuple(changed))
