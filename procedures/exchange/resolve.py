"""Turn an imported `StepTable` into activities of one entity: match units and codes.

Unit names from other systems are messy (" Oficina General de Administración25514"), so
names are compared after `normalise` and, failing that, without digits and stray
characters glued to the end; the latter is noted so the person can check it. A name
that still matches nothing is a problem (sheet, row, column, value), or becomes a new
unit when the caller allows it. A position or resource code the municipality does not
have is looked up by the name the file gives it (files travel between municipalities
whose codes differ); a diagram's uses that still match nothing are dropped, each noted,
while a spreadsheet's are problems. Every step is then checked by the activity rule
(`procedures.rules.activity`), as the editor and the package reader check it. Pure:
nothing is written here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from procedures.bounds import (
    MAX_TEXT,
    MINUTES,
    POSITIVE_QUANTITY,
    PROBABILITY,
    QUANTITY,
    number_problem,
    text_problem,
)
from procedures.errors import InputError, Location, Problem, ProblemCode
from procedures.exchange.steps import (
    ImportedStep,
    LaneRef,
    StepTable,
    normalise,
    without_trailing_noise,
)
from procedures.i18n import N_, _, ngettext
from procedures.rules.activity import LANE_KINDS, Codes, activity_problems
from procedures.snapshots import Activity, Entity, ResourceUse, StaffUse, Unit

MAX_CODE = 20
MAX_UNIT_NAME = 200
_STOP_WORDS = {"de", "del", "la", "las", "el", "los", "y", "e", "en", "a", "para", "of", "the",
               "and"}


@dataclass(frozen=True, slots=True)
class Resolved:
    """Activities ready to store, the units to create first, and notes for the person."""

    activities: tuple[Activity, ...]
    new_units: tuple[Unit, ...]
    notes: tuple[str, ...]


class UnitMatcher:
    """Finds an entity's unit by code or by (normalised) name."""

    def __init__(self, units: tuple[Unit, ...]) -> None:
        self.codes = {unit.code: unit.code for unit in units}
        self.folded_codes = {normalise(unit.code): unit.code for unit in units}
        self.names: dict[str, str | None] = {}
        self.loose: dict[str, str | None] = {}
        for unit in units:
            for table, key in ((self.names, normalise(unit.name)),
                               (self.loose, without_trailing_noise(normalise(unit.name)))):
                # Two units with the same name: ambiguous, so matched by neither.
                table[key] = None if key in table and table[key] != unit.code else unit.code

    def match(self, lane: LaneRef) -> tuple[str | None, bool]:
        """(unit code or None, whether only the loose comparison matched)."""
        if lane.code and lane.code in self.codes:
            return lane.code, False
        key = normalise(lane.name)
        for candidate in (self.names.get(key), self.codes.get(lane.name.strip()),
                          self.folded_codes.get(key)):
            if candidate:
                return candidate, False
        loose = without_trailing_noise(key)
        if loose and self.loose.get(loose):
            return self.loose[loose], True
        return None, False


class CodeMatcher:
    """Positions and resources of the file found in the entity: by code, else by name.

    `drop_unknown` (a diagram): what matches neither is left out of the step, and the
    notes say which and how often; otherwise it stays, for the activity rule to report.
    """

    def __init__(self, entity: Entity, drop_unknown: bool) -> None:
        self.drop_unknown = drop_unknown
        self.known = {"position": {p.code: p.name for p in entity.positions},
                      "resource": {r.code: r.name for r in entity.resources}}
        self.by_name: dict[str, dict[str, str | None]] = {}
        for kind, table in self.known.items():
            names: dict[str, str | None] = {}
            for code, name in table.items():
                key = normalise(name)
                names[key] = None if key in names and names[key] != code else code
            self.by_name[kind] = names
        self.mapped: dict[tuple[str, str], str] = {}  # (kind, file's code) -> entity's code
        self.dropped: dict[tuple[str, str, str], int] = {}  # (kind, code, name) -> uses

    def staff(self, step: ImportedStep) -> tuple[StaffUse, ...]:
        found = []
        for index, use in enumerate(step.staff):
            code = self._code("position", use.position, _nth(step.staff_names, index))
            if code is not None:
                found.append(StaffUse(code, use.count))
        return tuple(found)

    def resources(self, step: ImportedStep) -> tuple[ResourceUse, ...]:
        found = []
        for index, use in enumerate(step.resources):
            code = self._code("resource", use.resource, _nth(step.resource_names, index))
            if code is not None:
                found.append(ResourceUse(code, use.qty))
        return tuple(found)

    def _code(self, kind: str, code: str, name: str) -> str | None:
        if code in self.known[kind]:
            return code
        found = self.by_name[kind].get(normalise(name or code))
        if found:
            self.mapped[(kind, code)] = found
            return found
        if self.drop_unknown:
            key = (kind, code, name)
            self.dropped[key] = self.dropped.get(key, 0) + 1
            return None
        return code

    def notes(self, entity: Entity) -> list[str]:
        lines = []
        for (kind, code), found in self.mapped.items():
            message = (_("Position {code!r} of the file is {found} ({name}) here, by its name.")
                       if kind == "position" else
                       _("Resource {code!r} of the file is {found} ({name}) here, by its name."))
            lines.append(message.format(code=code, found=found, name=self.known[kind][found]))
        for (kind, code, name), count in self.dropped.items():
            label = f"{code} ({name})" if name and name != code else code
            message = (ngettext(
                "Position {what} is not in {entity}; it was left out of {count} activity.",
                "Position {what} is not in {entity}; it was left out of {count} activities.",
                count) if kind == "position" else ngettext(
                "Resource {what} is not in {entity}; it was left out of {count} activity.",
                "Resource {what} is not in {entity}; it was left out of {count} activities.",
                count))
            lines.append(message.format(what=label, entity=entity.name, count=count))
        return lines


def _nth(names: tuple[str, ...], index: int) -> str:
    return names[index] if index < len(names) else ""


def resolve_steps(
    table: StepTable, entity: Entity, *, create_units: bool, default_unit: str | None = None,
    drop_unknown_codes: bool = False,
) -> Resolved:
    """Match every lane and code of `table` against `entity`; raise `InputError` with
    every problem, or return the activities (in table order) and the units to create.

    A step whose lane is blank (a diagram without lanes) goes to `default_unit`, noted.
    Position and resource codes are matched by `CodeMatcher`; `drop_unknown_codes`
    leaves out (noted) those that match nothing instead of reporting them.
    """
    matcher = UnitMatcher(entity.units)
    uses = CodeMatcher(entity, drop_unknown_codes)
    codes = Codes.of(entity)
    taken = {unit.code for unit in entity.units}
    created: dict[str, Unit] = {}  # loose normalised name -> new unit
    problems: list[Problem] = []
    unit_problems: list[Problem] = []
    notes: list[str] = []
    loose_noted: set[str] = set()
    unlaned = 0
    activities: list[Activity] = []
    for step in table.steps:
        problems.extend(step_problems(step))
        unit: str | None = None
        if step.lane is not None and default_unit and not (step.lane.name.strip()
                                                           or step.lane.code):
            unit = default_unit
            unlaned += 1
        elif step.lane is not None:
            unit, loose = matcher.match(step.lane)
            if unit is not None and loose and step.lane.name not in loose_noted:
                loose_noted.add(step.lane.name)
                notes.append(_("{where}: unit {value!r} read as {unit!r}.").format(
                    where=step.lane.where, value=step.lane.name,
                    unit=_unit_name(entity, unit)))
            if unit is None:
                unit = _new_or_problem(step.lane, created, taken, create_units,
                                       unit_problems, entity)
        activity = Activity(
            description=step.description,
            unit=unit,
            type=step.type,
            value=step.value,
            minutes=step.minutes,
            probability=step.probability,
            parallel=step.parallel and bool(activities),
            in_person=step.in_person and unit is None,
            staff=uses.staff(step),
            resources=uses.resources(step),
            action=step.action,
            note=step.note,
            time_source=step.time_source,
            time_date=step.time_date,
            time_by=step.time_by,
        )
        if unit is not None and unit not in codes.units:  # a unit created just now
            codes = replace(codes, units=codes.units | {unit})
        for problem in activity_problems(activity, codes):
            # A lane that matched nothing is reported already; it is no citizen's step.
            if problem.kind not in LANE_KINDS or not (step.lane is not None and unit is None):
                problems.append(Problem(_step_where(step, problem.field), problem.message))
        activities.append(activity)
    if table.problems or problems or unit_problems:
        raise InputError(sorted([*table.problems, *unit_problems, *problems], key=_row))
    if unlaned:
        notes.append(ngettext(
            "{count} activity is in no lane; it was given to unit {unit!r}.",
            "{count} activities are in no lane; they were given to unit {unit!r}.", unlaned)
            .format(count=unlaned, unit=_unit_name(entity, default_unit or "")))
    new_units = tuple(created.values())
    for new in new_units:
        notes.append(_("Unit {name!r} created with code {code}.").format(
            name=new.name, code=new.code))
    notes += uses.notes(entity)
    return Resolved(tuple(activities), new_units, tuple(notes))


def _step_where(step: ImportedStep, field_name: str) -> Location:
    """Where the file holds a field of `step`: its staff or resources cell, its lane, or
    the step itself."""
    if field_name == "staff" and step.staff_where:
        return step.staff_where
    if field_name == "resources" and step.resources_where:
        return step.resources_where
    if field_name == "unit" and step.lane is not None:
        return step.lane.where
    return step.where
def step_problems(step: ImportedStep) -> list[Problem]:
    """What of a step read from any file cannot be stored: texts longer than their
    fields, numbers beyond their columns or with more decimals than they keep."""
    found: list[tuple[str, str | None]] = [
        (N_("description"), text_problem(step.description, MAX_TEXT)),
        (N_("note"), text_problem(step.note, MAX_TEXT)),
        (N_("taken by"), text_problem(step.time_by, 200)),
        (N_("minutes"), number_problem(step.minutes, MINUTES)),
        (N_("probability"), number_problem(step.probability, PROBABILITY)),
        *((N_("staff"), number_problem(use.count, POSITIVE_QUANTITY)) for use in step.staff),
        *((N_("resources"), number_problem(use.qty, QUANTITY)) for use in step.resources),
    ]
    return [Problem(step.where, _("{field}: {problem}").format(field=_(field),
                                                               problem=problem))
            for field, problem in found if problem]


def _row(problem: Problem) -> int:
    return problem.location.row or 0


def _unit_name(entity: Entity, code: str) -> str:
    return next((u.name for u in entity.units if u.code == code), code)


def _new_or_problem(
    lane: LaneRef,
    created: dict[str, Unit],
    taken: set[str],
    create_units: bool,
    problems: list[Problem],
    entity: Entity,
) -> str | None:
    key = without_trailing_noise(normalise(lane.name)) or normalise(lane.code)
    if key in created:
        return created[key].code
    if not create_units or not key:
        if problems:
            message, known = _("unknown unit {value!r}"), ""
        else:  # the first such line lists the units that exist
            known = ", ".join(f"{u.code} ({u.name})" for u in entity.units[:12]) or "—"
            if len(entity.units) > 12:
                known += ", …"
            message = _("unknown unit {value!r}; known units: {known}")
        # A lane with a name can become a new unit; one without cannot.
        kind = ProblemCode.UNKNOWN_UNIT if key else ProblemCode.MISSING_FIELD
        problems.append(Problem(lane.where, message.format(
            value=lane.name or lane.code, known=known), kind))
        return None
    name = clean_name(lane.name) or lane.code
    too_long = text_problem(name, MAX_UNIT_NAME)
    if too_long:
        problems.append(Problem(lane.where, _("unit name: {problem}").format(problem=too_long)))
        return None
    code = new_code(lane.code or name, taken)
    created[key] = Unit(code=code, name=name)
    return code


def clean_name(text: str) -> str:
    """The name as a person meant it: spaces trimmed, digits glued to the last word and
    stray marks at the end dropped ("Administración25514 ." → "Administración")."""
    name = " ".join(text.split())
    name = re.sub(r"(?<=[^\W\d_])\d+$", "", name.rstrip(" .,;:-_*#")).rstrip(" .,;:-_*#")
    return name or " ".join(text.split())


def new_code(name: str, taken: set[str]) -> str:
    """A short unique code from a name: "Oficina General de Administración" -> "OGA"."""
    words = [w for w in normalise(name).split() if w not in _STOP_WORDS]
    if len(words) == 1:
        base = words[0][:6].upper()
    else:  # initials, numbers whole: "Lane 2" -> "L2"
        base = "".join(w if w.isdigit() else w[0] for w in words).upper()[:MAX_CODE - 3]
    base = base or "U"
    code = base
    number = 2
    while code in taken:
        code = f"{base}{number}"
        number += 1
    taken.add(code)
    return code
