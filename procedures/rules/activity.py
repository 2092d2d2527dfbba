"""What a step of the table may hold: one rule for the editor, the step imports and the
package reader, so a database edited in the window always exports a package that imports.

Pure: `activity_problems` takes an activity and the codes its entity declares and returns
every problem, named by field (and by line of staff or resources); each door turns that
into its own location (a cell path, a sheet cell, a JSON path). Also here, because they
follow from the same rule: what moving a step to another lane clears (`with_lane`) and
which positions and resources a step is offered (`offered_positions`, `offered_resources`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from models.codes import DIRECT_RESOURCE_ELEMENTS, CostElement
from procedures.i18n import _
from procedures.snapshots import ONE, ZERO, Activity, Entity, Position, Resource

#: Limits of an activity's numbers (the storage's check constraints say the same).
MINUTES_MIN = ZERO
PROBABILITY_ABOVE = ZERO  # exclusive: a step no case goes through is no step
PROBABILITY_MAX = ONE
HEADCOUNT_ABOVE = ZERO  # exclusive
QUANTITY_MIN = ZERO
#: Resources a step may use: those priced per use, quantity × unit cost (DOMAIN §3–§4).
#: The allocated elements (4–7) are spread over a unit's minutes by a driver, never
#: counted per step, so attaching one to a step would be a cost that counts nowhere.
ATTACHABLE_ELEMENTS = DIRECT_RESOURCE_ELEMENTS

# What a problem is about, for a door that must leave out one it already reported.
UNKNOWN_UNIT = "unknown_unit"
CITIZEN_STAFF = "citizen_staff"
UNIT_IN_PERSON = "unit_in_person"
MINUTES = "minutes"
PROBABILITY = "probability"
UNKNOWN_POSITION = "unknown_position"
HEADCOUNT = "headcount"
UNKNOWN_RESOURCE = "unknown_resource"
ALLOCATED_RESOURCE = "allocated_resource"
QUANTITY = "quantity"
#: The problems that depend on the lane (the step's unit, or the citizen).
LANE_KINDS = frozenset({UNKNOWN_UNIT, CITIZEN_STAFF, UNIT_IN_PERSON})


@dataclass(frozen=True, slots=True)
class Codes:
    """The codes an entity declares; resources with their cost element."""

    units: frozenset[str] = frozenset()
    positions: frozenset[str] = frozenset()
    resources: Mapping[str, CostElement] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def of(cls, entity: Entity) -> Codes:
        return cls.from_items((u.code for u in entity.units), (p.code for p in entity.positions),
                              ((r.code, r.element) for r in entity.resources))

    @classmethod
    def from_items(cls, units: Iterable[str], positions: Iterable[str],
                   resources: Iterable[tuple[str, CostElement]]) -> Codes:
        return cls(frozenset(units), frozenset(positions), MappingProxyType(dict(resources)))


@dataclass(frozen=True, slots=True)
class ActivityProblem:
    """One broken rule: the field (`item`/`part`: which line of staff or resources and
    which of its fields), what kind of problem and the message for the person."""

    field: str
    kind: str
    message: str
    item: int | None = None
    part: str = ""

    def path(self, prefix: str) -> str:
        """`prefix.field`, or `prefix.field[item].part` for a line of staff or resources."""
        where = f"{prefix}.{self.field}" if prefix else self.field
        return where if self.item is None else f"{where}[{self.item}].{self.part}"


def activity_problems(activity: Activity, codes: Codes) -> tuple[ActivityProblem, ...]:
    """Every rule `activity` breaks for an entity with `codes` (empty when valid)."""
    found: list[ActivityProblem] = []
    add = found.append
    unit = activity.unit
    if unit is not None:
        if unit not in codes.units:
            add(ActivityProblem("unit", UNKNOWN_UNIT,
                                _("unknown unit {code!r}").format(code=unit)))
        if activity.in_person:
            add(ActivityProblem("in_person", UNIT_IN_PERSON,
                                _("only the citizen's steps can be in person")))
    elif activity.staff:
        add(ActivityProblem("staff", CITIZEN_STAFF,
                            _("the citizen's steps have no municipal staff")))
    if activity.minutes < MINUTES_MIN:
        add(ActivityProblem("minutes", MINUTES, _("cannot be less than {minimum}").format(
            minimum=MINUTES_MIN)))
    probability = activity.probability
    if probability <= PROBABILITY_ABOVE:
        add(ActivityProblem("probability", PROBABILITY, _("must be more than {minimum}").format(
            minimum=PROBABILITY_ABOVE)))
    elif probability > PROBABILITY_MAX:
        add(ActivityProblem("probability", PROBABILITY, _(
            "cannot be more than {maximum}").format(maximum=PROBABILITY_MAX)))
    if activity.staff:
        positions = codes.positions
        for index, staff in enumerate(activity.staff):
            if staff.position not in positions:
                add(ActivityProblem("staff", UNKNOWN_POSITION, _(
                    "unknown position {code!r}").format(code=staff.position), index, "position"))
            if staff.count <= HEADCOUNT_ABOVE:
                add(ActivityProblem("staff", HEADCOUNT, _("the headcount must be more than 0"),
                                    index, "count"))
    if activity.resources:
        resources = codes.resources
        for index, use in enumerate(activity.resources):
            element = resources.get(use.resource)
            if element is None:
                add(ActivityProblem("resources", UNKNOWN_RESOURCE, _(
                    "unknown resource {code!r}").format(code=use.resource), index, "resource"))
            elif element not in ATTACHABLE_ELEMENTS:
                add(ActivityProblem("resources", ALLOCATED_RESOURCE, _(
                    "resource {code!r} is allocated by driver ({element}); only fungible "
                    "material and identifiable services are counted per activity"
                ).format(code=use.resource, element=element.value), index, "resource"))
            if use.qty < QUANTITY_MIN:
                add(ActivityProblem("resources", QUANTITY, _("a quantity cannot be negative"),
                                    index, "qty"))
    return tuple(found)


def with_lane(activity: Activity, unit: str | None) -> Activity:
    """`activity` moved to `unit` (None: the citizen), without what does not fit there:
    the citizen has no municipal staff, and only the citizen comes in person."""
    if unit is None:
        return replace(activity, unit=None, staff=())
    return replace(activity, unit=unit, in_person=False)


def offered_positions(entity: Entity, unit: str | None) -> tuple[Position, ...]:
    """Every position of the entity, the step's own unit's first (then by unit, code)."""
    return tuple(sorted(entity.positions, key=lambda p: (p.unit != unit, p.unit or "", p.code)))


def offered_resources(entity: Entity, used: Iterable[str] = ()) -> tuple[Resource, ...]:
    """The resources a step may use, and any other it already uses (so it can be taken
    off), in the entity's order."""
    keep = set(used)
    return tuple(r for r in entity.resources
                 if r.element in ATTACHABLE_ELEMENTS or r.code in keep)
