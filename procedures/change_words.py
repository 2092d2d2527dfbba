"""The change history in words, for the window and the command line.

The history keeps codes and language-free values (`procedures.changes`); this module
says them in the current language: which object ("Actividad 3. Recibir la solicitud"),
which field ("Origen del tiempo", never `time_source`), the values ("Sí", "Entrevista",
"Ciudadano"), what kind of change an entry without a field is ("Agregado", "Importado").
`history_json` is the `history --json` shape of DESIGN §5.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from models.codes import (
    ActivityType,
    Calificacion,
    CostElement,
    EntityKind,
    ImprovementAction,
    PlazoUnit,
    ProcedureKind,
    RequirementKind,
    Rounding,
    TimeSource,
    ValueClass,
)
from procedures.changes import FALSE, TRUE
from procedures.formatting import CENT, money, smart_number
from procedures.i18n import N_, _
from procedures.vocabulary import change_field_title, citizen_label, label

#: What a kind of object is called in the history's "what" column.
KIND_WORDS = {
    "activity": N_("Activity"),
    "procedure": N_("Procedure"),
    "version": N_("Version"),
    "requirement": N_("Requirement"),
    "unit": N_("Unit"),
    "position": N_("Position"),
    "resource": N_("Resource"),
    "non_working_day": N_("Day off"),
    "entity": N_("Municipality"),
    "reference_value": N_("Reference values"),
}
#: An entry that names no field: what happened to the object.
ACTION_WORDS = {
    "create": N_("Added"),
    "insert_activities": N_("Added"),
    "delete": N_("Deleted"),
    "delete_activities": N_("Deleted"),
    "restore": N_("Put back"),
    "import": N_("Imported"),
    "import_replace": N_("Replaced by an import"),
    "merge": N_("Merged from a package"),
    "reorder": N_("Reordered"),
    "rename": N_("Renamed"),
    "adopt": N_("Adoption"),
    "update": N_("Changed"),
}
#: Fields whose value is a code, by (kind, field).
_CODES: dict[tuple[str, str], type[StrEnum]] = {
    ("activity", "type"): ActivityType,
    ("activity", "value"): ValueClass,
    ("activity", "action"): ImprovementAction,
    ("activity", "time_source"): TimeSource,
    ("procedure", "kind"): ProcedureKind,
    ("procedure", "calificacion"): Calificacion,
    ("procedure", "plazo_unit"): PlazoUnit,
    ("version", "calificacion"): Calificacion,
    ("version", "plazo_unit"): PlazoUnit,
    ("requirement", "kind"): RequirementKind,
    ("entity", "rounding"): Rounding,
    ("entity", "kind"): EntityKind,
    ("resource", "element"): CostElement,
}


#: Fields that hold soles: written with two decimals ("50.00"), as money is everywhere.
MONEY_FIELDS = {"fee", "cost", "annual_cost", "unit_cost", "acquisition_cost",
                "citizen_hour_value", "travel_fare", "uit", "rmv"}


def canonical(field: str, text: str) -> str:
    """A stored number as one text: soles with 2 decimals, other numbers without
    trailing zeros ("15.00" minutes and "15" minutes are the same 15)."""
    if not text or not (text[0].isdigit() or text[0] == "-"):
        return text
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    if not number.is_finite():
        return text
    if field.partition(".")[0] in MONEY_FIELDS:
        return format(number.quantize(CENT), "f")
    if "." not in text:  # a whole number (or a code of digits, a phone): as it is
        return text
    return format(number.normalize(), "f")


def kind_word(kind: str) -> str:
    return _(KIND_WORDS[kind]) if kind in KIND_WORDS else kind


def what_text(change: Any) -> str:
    """The changed object as named at the time: "Actividad 3. Recibir la solicitud"."""
    words = kind_word(change.kind)
    if change.kind == "entity" and change.object_label:  # its name says what it is
        return str(change.object_label)
    return f"{words} {change.object_label}" if change.object_label else words


def field_text(change: Any) -> str:
    """The field in words, or what happened when the entry names no field."""
    if change.field:
        return change_field_title(change.kind, change.field)
    return _(ACTION_WORDS[change.action]) if change.action in ACTION_WORDS else change.action


def value_words(kind: str, field: str, text: str) -> str:
    """A stored value as a person reads it (codes in words, yes/no, dates d/m/y)."""
    if kind == "activity" and field == "unit" and not text:
        return citizen_label()
    if not text:
        return ""
    if text in (TRUE, FALSE) and field in ("parallel", "in_person", "adopted",
                                          "overrides_requirements"):
        return _("Yes") if text == TRUE else _("No")
    enum = _CODES.get((kind, field))
    if enum is not None:
        try:
            return label(enum(text))
        except ValueError:
            return text
    if kind == "activity" and field == "time_date":
        try:
            return date.fromisoformat(text).strftime("%d/%m/%Y")
        except ValueError:
            return text
    plain = canonical(field, text)
    if plain != text or (field.partition(".")[0] in MONEY_FIELDS):
        try:
            number = Decimal(plain)
        except InvalidOperation:
            return text
        if field.partition(".")[0] in MONEY_FIELDS:
            return money(number, symbol=False)
        return smart_number(number, 4)
    return text


def old_words(change: Any) -> str:
    return value_words(change.kind, change.field, change.old)


def new_words(change: Any) -> str:
    return value_words(change.kind, change.field, change.new)


def history_json(changes: Any) -> list[dict[str, str]]:
    """DESIGN §5: `[{when, who, entity, procedure, version, what, field, old, new}]`, in
    the order given (newest first); values as stored, the field by its code."""
    return [{
        "when": c.when.isoformat(timespec="seconds"),
        "who": c.who,
        "entity": c.ubigeo,
        "procedure": c.procedure,
        "version": c.version,
        "what": what_text(c) if c.field else f"{what_text(c)}: {field_text(c)}",
        "field": c.field,
        "old": canonical(c.field, c.old),
        "new": canonical(c.field, c.new),
    } for c in changes]
