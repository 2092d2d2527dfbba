"""Problems worded for a clerk: the field named as the screen names it, never the
internal path ("position.code", "activities[3].minutes").

`FIELD_WORDS` maps the core's location paths (`procedures.errors.Location.path`, with
row numbers taken out) to the title the screen shows for that field: a column of a
table, the label of a form. The step table's columns come from the vocabulary
(`procedures.vocabulary`), as the table shows them; the other screens' titles are kept
here next to their paths.
"""

from __future__ import annotations

import re
from dataclasses import replace

from procedures.errors import InputError, Problem, ProblemCode
from procedures.i18n import N_, _
from procedures.vocabulary import ACTIVITY_FIELDS, field_short

#: Where a path points -> the screen's words for that place (msgids).
FIELD_WORDS: dict[str, str] = {
    # The requirements table.
    "requirements.name": N_("Requirement"),
    "requirements.kind": N_("Kind"),
    "requirements.cost": N_("Cost to the citizen"),
    "requirements.legal_basis": N_("Legal basis"),
    # The TUPA data form.
    "procedure.code": N_("Code"),
    "procedure.name": N_("Name"),
    "procedure.kind": N_("Kind"),
    "procedure.calificacion": N_("Calificación"),
    "procedure.plazo": N_("Legal term (plazo)"),
    "procedure.plazo_unit": N_("Legal term (plazo)"),
    "procedure.annual_demand": N_("Yearly demand (cases)"),
    "procedure.preparation_minutes": N_("Citizen's preparation"),
    "procedure.filed_at": N_("Filed at"),
    "procedure.approved_by": N_("Approved by"),
    "procedure.reconsideration_authority": N_("Reconsideration"),
    "procedure.appeal_authority": N_("Appeal"),
    "version": N_("Version"),
    "version.name": N_("Name of the version"),
    "version.fee": N_("Fee (S/)"),
    "version.calificacion": N_("Calificación"),
    "version.plazo": N_("Legal term (plazo)"),
    "version.plazo_unit": N_("Legal term (plazo)"),
    # The municipality settings: its pages and their columns or fields.
    "unit.code": N_("Code (Units)"),
    "unit.name": N_("Name (Units)"),
    "unit.other_tupa_minutes": N_("Other TUPA minutes a year (Units)"),
    "position.code": N_("Code (Positions)"),
    "position.name": N_("Name (Positions)"),
    "position.unit": N_("Unit (Positions)"),
    "position.annual_cost": N_("Annual cost (Positions)"),
    "resource.code": N_("Code (Resources)"),
    "resource.name": N_("Name (Resources)"),
    "resource.element": N_("Cost element (Resources)"),
    "resource.unit_cost": N_("Unit cost (Resources)"),
    "resource.annual_cost": N_("Annual cost (Resources)"),
    "resource.quantity": N_("Qty. (Resources)"),
    "resource.acquisition_cost": N_("Purchase (Resources)"),
    "resource.rate": N_("Rate (Resources)"),
    "resource.driver": N_("Driver (Resources)"),
    "resource.driver_value": N_("Driver value (Resources)"),
    "resource.tupa_factor": N_("TUPA factor (Resources)"),
    "non_working_day.day": N_("Date (Days off)"),
    "non_working_day.name": N_("Why (Days off)"),
    "entity.name": N_("Name"),
    "entity.year": N_("Year of the costs"),
    "entity.hours_per_day": N_("Working hours a day"),
    "entity.days_per_month": N_("Working days a month (costing)"),
    "entity.minutes_per_working_day": N_("Minutes of a working day (terms)"),
    "entity.rounding": N_("Rounding"),
    "entity.citizen_hour_value": N_("Value of an hour of the citizen (S/)"),
    "entity.travel_minutes": N_("Minutes of a trip to the office"),
    "entity.travel_fare": N_("Fare of a trip (S/)"),
    "entity.uit": N_("UIT of the year (S/, empty: the reference table)"),
    "settings": N_("Settings of the municipality"),
}
_ROW = re.compile(r"^(activities|requirements)\[(\d+)\]\.(\w+)")
_UNIT_LINK = re.compile(r"^resource\.(driver_value|tupa_factor)\.(.+)$")


def field_words(path: str) -> str:
    """The screen's words for the place `path` points at ("" when the path names none:
    then only the message is shown, never the path)."""
    found = _ROW.match(path)
    if found:
        table, row, field = found.groups()
        if table == "activities" and field in ACTIVITY_FIELDS:  # the step table's columns
            column = field_short(field)
        else:
            column = _(FIELD_WORDS[f"{table}.{field}"]) if f"{table}.{field}" in FIELD_WORDS \
                else ""
        return _("Row {row}, {column}").format(row=int(row) + 1, column=column) \
            if column else _("Row {row}").format(row=int(row) + 1)
    link = _UNIT_LINK.match(path)
    if link:
        return _("{field} of {unit}").format(field=_(FIELD_WORDS[f"resource.{link[1]}"]),
                                             unit=link[2])
    words = FIELD_WORDS.get(path)
    return _(words) if words else ""


def problem_text(problem: Problem) -> str:
    """One problem as a clerk reads it: "Row 4, Min.: must be at least 0"."""
    message = problem.message
    if problem.code is ProblemCode.MISSING_FIELD and not message:
        message = _("this field cannot be empty")
    location = problem.location
    if not location.path:
        return str(Problem(location, message, problem.code))
    # A file or sheet stays as the core words it; only the path is put in words (and a
    # row the path names already is not said twice).
    rest = replace(location, path="")
    if _ROW.match(location.path):
        rest = replace(rest, row=None, column="")
    parts = [str(rest), field_words(location.path), message]
    return ": ".join(part for part in parts if part)


def error_text(error: BaseException | None) -> str:
    """The words of an error for the screen (every problem of an input error)."""
    if isinstance(error, InputError):
        return "\n".join(problem_text(p) for p in error.problems)
    return "" if error is None else str(error)
