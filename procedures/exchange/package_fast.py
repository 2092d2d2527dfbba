"""The usual activity of a package read the quick way; anything unusual goes to the careful reader.

A region's package has near a million activities. `package_read._activity` reads each
field through `ObjectReader`, which logs a located problem for every mistake; here the
same rules are checked with plain dictionary look-ups, and numbers, codes and dates
seen before are not converted again. The first thing that is not exactly right makes
`activity` return None, and the caller reads that activity again with `_activity`,
which says what is wrong: the snapshot and the problems are the same either way (the
tests hold the two readers to that). The rules are not restated here: numbers and texts
are checked by `procedures.bounds` and the activity by `procedures.rules.activity`, as
the careful reader checks them, so the quick way can only be quicker, never laxer.
Requirements (three or four a procedure) and a procedure's own fields are read the same
way.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from models.codes import (
    ActivityType,
    Calificacion,
    ImprovementAction,
    PlazoUnit,
    ProcedureKind,
    RequirementKind,
    TimeSource,
    ValueClass,
)
from procedures.bounds import (
    COUNT,
    MAX_TEXT,
    MINUTES,
    MONEY,
    PLAZO,
    POSITIVE_QUANTITY,
    PROBABILITY,
    QUANTITY,
    IntegerBound,
    NumberBound,
    integer_problem,
    number_problem,
    text_problem,
)
from procedures.exchange.fields import to_decimal
from procedures.rules.activity import Codes, activity_problems
from procedures.snapshots import (
    ZERO,
    Activity,
    Requirement,
    ResourceUse,
    StaffUse,
    slot_builder,
)

ONE = Decimal(1)
#: Distinct raw values remembered per kind (a file of odd values cannot fill memory).
REMEMBERED = 10_000

_TYPES: dict[str, ActivityType] = {m.value: m for m in ActivityType}
_VALUES: dict[str, ValueClass] = {m.value: m for m in ValueClass}
_ACTIONS: dict[str, ImprovementAction] = {m.value: m for m in ImprovementAction}
_SOURCES: dict[str, TimeSource] = {m.value: m for m in TimeSource}
_KINDS: dict[str, RequirementKind] = {m.value: m for m in RequirementKind}
#: A procedure's choices, whole numbers and texts: (key, values or bound, default) and
#: (key, field, longest), as `package_read._procedure` reads them.
_PROCEDURE_CHOICES: tuple[tuple[str, dict[str, Any], Any], ...] = (
    ("kind", {m.value: m for m in ProcedureKind}, ProcedureKind.PROCEDIMIENTO),
    ("calificacion", {m.value: m for m in Calificacion}, Calificacion.PREVIA_POSITIVO),
    ("plazo_unit", {m.value: m for m in PlazoUnit}, PlazoUnit.HABILES))
_PROCEDURE_INTEGERS: tuple[tuple[str, IntegerBound, int | None], ...] = (
    ("plazo", PLAZO, None), ("annual_demand", COUNT, 0))
_PROCEDURE_TEXTS: tuple[tuple[str, str, int], ...] = (
    ("description", "description", MAX_TEXT), ("who_may_apply", "who_may_apply", MAX_TEXT),
    ("legal_basis", "legal_basis", MAX_TEXT), ("channels", "channels", MAX_TEXT),
    ("contact", "contact", MAX_TEXT), ("steps_note", "steps_note", MAX_TEXT),
    ("reconsideration_authority", "reconsideration_authority", 200),
    ("appeal_authority", "appeal_authority", 200), ("id", "uid", 36))
_NOTHING = object()
#: `Activity(...)` at half the cost (`snapshots.slot_builder`): the same object.
_new_activity = slot_builder(Activity)
_new_requirement = slot_builder(Requirement)


def _text(value: Any, max_length: int = MAX_TEXT) -> str | None:
    """A text field, stripped: None (missing) is empty; anything but text, or a text
    `bounds.text_problem` refuses, is wrong (None)."""
    if value is None or value == "":
        return ""
    if value.__class__ is not str:
        return None
    text = value.strip()
    if len(text) <= max_length and text.isascii() and "\x00" not in text:
        return text  # what `text_problem` takes at once (ASCII holds no surrogate)
    return None if text_problem(text, max_length) else text


class FastActivities:
    """Reads activities, remembering the numbers, dates and texts already converted."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[int, type, Any], Decimal | None] = {}
        self.days: dict[str, date | None] = {}
        #: Equal uses are one (immutable) object: a municipality repeats a few dozen.
        self.uses: dict[tuple[Any, ...], StaffUse | ResourceUse] = {}
        #: `_text` of the descriptions and units seen (a region repeats a few hundred).
        self.texts: dict[str, str | None] = {}

    def number(self, value: Any, bound: NumberBound) -> Decimal | None:
        """`to_decimal` of a JSON scalar when it fits `bound` (`bounds.number_problem`);
        None for anything else (not a number, out of range, too many decimals)."""
        key = (id(bound), value.__class__, value)  # the bounds are constants
        try:
            return self.numbers[key]
        except KeyError:
            pass
        except TypeError:  # a list, an object, a BadNumber
            return None
        if len(self.numbers) > REMEMBERED:
            self.numbers.clear()
        number = to_decimal(value)
        if number is not None and number_problem(number, bound) is not None:
            number = None
        self.numbers[key] = number
        return number

    def day(self, value: str) -> date | None:
        found = self.days.get(value, _NOTHING)
        if found is _NOTHING:
            try:
                found = date.fromisoformat(value)
            except ValueError:
                found = None
            if len(self.days) > REMEMBERED:
                self.days.clear()
            self.days[value] = found
        return found  # type: ignore[return-value]

    def text(self, value: Any) -> str | None:
        """`_text(value)` (of at most `MAX_TEXT`), remembered for texts seen before."""
        if value.__class__ is not str:
            return "" if value is None else None
        found = self.texts.get(value, _NOTHING)
        if found is _NOTHING:
            found = _text(value)
            if len(self.texts) > REMEMBERED:
                self.texts.clear()
            self.texts[value] = found
        return found  # type: ignore[return-value]

    def activity(self, item: Any, codes: Codes) -> Activity | None:
        """The activity when the careful reader would take it without a word, else None."""
        if item.__class__ is not dict:
            return None
        get = item.get
        description = self.text(get("description"))
        if not description:
            return None
        citizen = get("citizen", False)
        in_person = get("in_person", False)
        parallel = get("parallel", False)
        if (citizen is not None and citizen.__class__ is not bool) or (
                in_person is not None and in_person.__class__ is not bool) or (
                parallel is not None and parallel.__class__ is not bool):
            return None
        citizen, in_person, parallel = bool(citizen), bool(in_person), bool(parallel)
        unit = self.text(get("unit"))
        if unit is None or citizen == bool(unit):  # both, or neither
            return None
        kind, value = get("type"), get("value")
        if kind.__class__ is not str or value.__class__ is not str:
            return None
        kind, value = _TYPES.get(kind), _VALUES.get(value)
        if kind is None or value is None:
            return None
        minutes = get("minutes")
        if minutes is None:
            return None
        minutes = self.number(minutes, MINUTES)
        if minutes is None:
            return None
        probability = get("probability")
        probability = ONE if probability is None else self.number(probability, PROBABILITY)
        if probability is None:
            return None
        staff = self._uses(get("staff"), StaffUse, "position", "count", POSITIVE_QUANTITY)
        resources = self._uses(get("resources"), ResourceUse, "resource", "qty", QUANTITY)
        if staff is None or resources is None:
            return None
        action = get("action")
        if action is not None:
            if action.__class__ is not str:
                return None
            action = _ACTIONS.get(action)
            if action is None:
                return None
        source = get("time_source")
        if source is not None:
            if source.__class__ is not str:
                return None
            source = _SOURCES.get(source)
            if source is None:
                return None
        day = get("time_date")
        if day is not None:
            if day.__class__ is not str:
                return None
            day = self.day(day)
            if day is None:
                return None
        # Most steps have no note, time_by or based_on: `_text` of a missing one is "".
        note, time_by, uid, based_on = (get("note"), get("time_by"), get("id"),
                                        get("based_on"))
        note = "" if note is None else _text(note)
        time_by = "" if time_by is None else _text(time_by, 200)
        uid = "" if uid is None else _text(uid, 36)
        based_on = "" if based_on is None else _text(based_on, 36)
        if note is None or time_by is None or uid is None or based_on is None:
            return None
        activity = _new_activity(description, None if citizen else unit, kind, value, minutes,
                                 probability, parallel, in_person, staff, resources, action,
                                 note, source, day, time_by, uid, based_on)
        # The one rule of the editor, the step imports and the careful reader.
        return None if activity_problems(activity, codes) else activity

    def requirement(self, item: Any) -> Requirement | None:
        """The requirement when the careful reader would take it without a word, else
        None (as `activity`)."""
        if item.__class__ is not dict:
            return None
        get = item.get
        name = self.text(get("name"))
        if not name:
            return None
        kind = get("kind")
        if kind is None:
            kind = RequirementKind.GENERAL
        elif kind.__class__ is not str or (kind := _KINDS.get(kind)) is None:
            return None
        cost = get("cost")
        cost = ZERO if cost is None else self.number(cost, MONEY)
        legal_basis, uid = get("legal_basis"), get("id")
        legal_basis = "" if legal_basis is None else _text(legal_basis)
        uid = "" if uid is None else _text(uid, 36)
        if cost is None or legal_basis is None or uid is None:
            return None
        return _new_requirement(name, kind, cost, legal_basis, uid)

    def procedure_fields(self, data: Any, codes: Codes) -> dict[str, Any] | None:
        """A procedure's own fields (not its versions or requirements) as keywords of
        `Procedure`, when the careful reader would take every one without a word; else
        None (the careful reader then reads them all, in its order). A standard code or
        links to other municipalities are the careful reader's."""
        if data.__class__ is not dict:
            return None
        get = data.get
        if get("standard_code") is not None or get("same_as") is not None:
            return None
        code, name = get("code"), get("name")
        code = None if code is None else _text(code, 30)
        name = None if name is None else _text(name, 300)
        if not code or not name:
            return None
        found: dict[str, Any] = {"code": code, "name": name}
        for key, choices, default in _PROCEDURE_CHOICES:
            value = get(key)
            if value is None:
                found[key] = default
            elif value.__class__ is not str or (value := choices.get(value)) is None:
                return None
            else:
                found[key] = value
        for key, bound, default in _PROCEDURE_INTEGERS:
            value = get(key)
            if value is None:
                found[key] = default
            elif value.__class__ is not int or integer_problem(Decimal(value), bound):
                return None
            else:
                found[key] = value
        minutes = get("preparation_minutes")
        minutes = ZERO if minutes is None else self.number(minutes, MINUTES)
        if minutes is None:
            return None
        found["preparation_minutes"] = minutes
        for key in ("filed_at", "approved_by"):
            unit = get(key)
            unit = "" if unit is None else self.text(unit)
            if unit is None or (unit and unit not in codes.units):
                return None
            found[key] = unit or None
        for key, field, length in _PROCEDURE_TEXTS:
            value = get(key)
            value = "" if value is None else _text(value, length)
            if value is None:
                return None
            found[field] = value
        return found

    def _uses(self, items: Any, kind: type[Any], code_key: str, amount_key: str,
              bound: NumberBound) -> tuple[Any, ...] | None:
        """A step's staff or resources; None for anything not exactly right (the careful
        reader then words the problem). Equal uses are one object per distinct (code,
        amount) pair; whether the code is declared is `activity_problems`' to say."""
        if items is None:
            return ()
        if items.__class__ is not list:
            return None
        found = []
        remembered = self.uses
        for item in items:
            if item.__class__ is not dict:
                return None
            code = item.get(code_key)
            if code.__class__ is not str:
                return None
            code = code.strip()
            if not code:
                return None
            raw = item.get(amount_key)
            key = (kind, code, raw.__class__, raw)
            try:
                use = remembered.get(key)
            except TypeError:  # a list or an object
                return None
            if use is None:
                amount = ONE if raw is None else self.number(raw, bound)
                if amount is None:
                    return None
                if len(remembered) > REMEMBERED:
                    remembered.clear()
                use = remembered[key] = kind(code, amount)
            found.append(use)
        return tuple(found)
