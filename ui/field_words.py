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
from procedures.vocabulary import ACTIVITY_FIELDS, FIELD_TITLES, field_short

#: Where a path points -> the screen's words for that place (msgids): one mapping, in the
#: vocabulary, shared with the change history.
FIELD_WORDS = FIELD_TITLES
_ROW = re.compile(r"^(activities|requirements)\[(\d+)\]\.(\w+)")
_UNIT_LINK = re.compile(r"^resource\.(driver_value|tupa_factor)\.(.+)$")
#: A place in a package file: "entities[0].procedures[2].versions[0].activities[4].unit".
_NESTED = re.compile(r"^entities\[\d+\](?:\.\w+(?:\[\d+\])?)*$")
_SEGMENT = re.compile(r"(\w+)(?:\[(\d+)\])?")
#: A list of a package file -> the words of one of its items and the FIELD_WORDS kind.
_ITEMS: dict[str, tuple[str, str]] = {
    "entities": (N_("Municipality {n}"), "entity"),
    "procedures": (N_("Procedure {n}"), "procedure"),
    "versions": (N_("Version {n}"), "version"),
    "activities": (N_("Row {n}"), "activities"),
    "requirements": (N_("Requirement {n}"), "requirements"),
    "units": (N_("Unit {n}"), "unit"),
    "positions": (N_("Position {n}"), "position"),
    "resources": (N_("Resource {n}"), "resource"),
    "staff": (N_("Staff {n}"), "staff"),
    "non_working_days": (N_("Day off {n}"), "non_working_day"),
}
#: A whole list of a package file (missing, or of the wrong kind) -> the screen's name.
_LISTS: dict[str, str] = {
    "units": N_("Units"), "positions": N_("Positions"), "resources": N_("Resources"),
    "procedures": N_("Procedures"), "versions": N_("Versions"),
    "activities": N_("Activities"), "requirements": N_("Requirements"),
    "staff": N_("Staff"), "non_working_days": N_("Days off"),
    "settings": N_("Settings of the municipality"),
}
#: Any internal name a message might still carry (a path inside the core's words).
_INTERNAL = re.compile(
    r"\b(?:entities|procedures|versions|activities|requirements|units|positions|resources"
    r")\[\d+\](?:\.\w+(?:\[\d+\])?)*"
    r"|\b(?:position|unit|resource|procedure|version|entity|non_working_day|settings)"
    r"\.\w+(?:\.\w+)?"
    # A bare path before the message: "version: …" at the start of a line.
    r"|(?m:^(?:version|settings|activities|requirements|procedure|entity)(?=: ))")
#: What a clerk reads for a kind of problem when the core gives no words of its own.
CODE_WORDS: dict[ProblemCode, str] = {
    ProblemCode.INVALID_VALUE: N_("this value cannot be used here"),
    ProblemCode.MISSING_FIELD: N_("this field cannot be empty"),
    ProblemCode.DUPLICATE_CODE: N_("this code is used already: each needs its own"),
    ProblemCode.UNKNOWN_UNIT: N_("the municipality has no such unit (Municipality "
                                 "settings ▸ Units)"),
    ProblemCode.TOO_LARGE: N_("too large for the program to read"),
    ProblemCode.UNREADABLE_FILE: N_("the file cannot be read"),
    ProblemCode.UNKNOWN_FILE_TYPE: N_("the program does not read this kind of file"),
    ProblemCode.NOTHING_TO_IMPORT: N_("the file holds no step to import"),
    ProblemCode.NEEDS_PROCEDURE: N_("open a procedure first"),
    ProblemCode.NEEDS_PROPOSAL: N_("a proposal is needed, not the as-is version"),
    ProblemCode.NEEDS_ENTITY: N_("choose a municipality first"),
    ProblemCode.CANNOT_WRITE: N_("the file cannot be written there"),
    ProblemCode.EXISTING_PROCEDURE: N_("the database has this procedure already"),
    ProblemCode.VERSION_HAS_STEPS: N_("the version has steps already"),
    ProblemCode.CHANGED_MEANWHILE: N_("someone else changed this meanwhile; it shows as it "
                                      "is now"),
    ProblemCode.NOT_FROM_HERE: N_("a package to merge did not come from this database"),
}


def _nested_words(path: str) -> str:
    """A package file's place: "Municipio 1 › Trámite 3 › Versión 1 › Fila 5, Unidad"."""
    parts: list[str] = []
    kind = ""
    for name, index in _SEGMENT.findall(path):
        if index and name in _ITEMS:
            words, kind = _ITEMS[name]
            parts.append(_(words).format(n=int(index) + 1))
            continue
        if kind == "activities" and name in ACTIVITY_FIELDS:
            parts[-1] += ", " + field_short(name)
        elif f"{kind}.{name}" in FIELD_WORDS:
            parts.append(_(FIELD_WORDS[f"{kind}.{name}"]))
        elif name in _LISTS:
            parts.append(_(_LISTS[name]))
        kind = ""
    return " › ".join(parts)


def field_words(path: str) -> str:
    """The screen's words for the place `path` points at ("" when the path names none:
    then only the message is shown, never the path)."""
    if _NESTED.match(path):
        return _nested_words(path)
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


def plain(message: str) -> str:
    """`message` with any internal name in it ("entities[0].units[0].code") put in the
    screen's words, or left out when it has none."""
    worded = _INTERNAL.sub(lambda found: field_words(found[0]) or "\0", message)
    return re.sub("\0(: )?", "", worded)


def problem_text(problem: Problem) -> str:
    """One problem as a clerk reads it: "Row 4, Min.: must be at least 0".

    The kind of problem (its code) gives the words when the core gave none; the path
    gives the field, named as the screen names it; no internal name is ever shown."""
    message = plain(problem.message) if problem.message else _(CODE_WORDS[problem.code])
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
    return "" if error is None else plain(str(error))
