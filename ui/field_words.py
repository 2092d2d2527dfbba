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
from procedures.i18n import _
from procedures.vocabulary import ACTIVITY_FIELDS, FIELD_TITLES, field_short

#: Where a path points -> the screen's words for that place (msgids): one mapping, in the
#: vocabulary, shared with the change history.
FIELD_WORDS = FIELD_TITLES
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
