"""Step tables read from other files (Excel, BPMN), before their units are resolved.

Readers turn a file into a `StepTable`: activities whose lane is still the text found in
the file (a unit name from a spreadsheet, a lane name from a diagram), each with the
location it came from. `procedures.exchange.resolve` then matches those names with the
entity's units, so every reader reports unknown units the same way.

The words other tools use for types, value classes and the citizen live here too, beside
the product's own (`procedures.vocabulary`), so the readers understand both.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache

from models.codes import ASME_SYMBOLS, ActivityType, ImprovementAction, TimeSource, ValueClass
from procedures.bounds import MAX_NUMBER_CHARACTERS
from procedures.errors import Location, Problem
from procedures.i18n import _, current_language
from procedures.snapshots import ONE, ZERO, ResourceUse, StaffUse
from procedures.vocabulary import citizen_label, every_label, label


@dataclass(frozen=True, slots=True)
class LaneRef:
    """The lane of an imported activity as the file names it.

    `code` is set when the file carries our own unit code (our workbook, our BPMN
    extension); `name` is the text to match otherwise.
    """

    name: str
    where: Location
    code: str = ""


@dataclass(frozen=True, slots=True)
class ImportedStep:
    """One activity read from a file; `lane` None is the citizen's lane."""

    description: str
    lane: LaneRef | None
    type: ActivityType
    value: ValueClass
    where: Location
    minutes: Decimal = ZERO
    probability: Decimal = ONE
    parallel: bool = False
    in_person: bool = False
    staff: tuple[StaffUse, ...] = ()
    resources: tuple[ResourceUse, ...] = ()
    staff_where: Location | None = None
    resources_where: Location | None = None
    #: The names the file gives its staff and resources (one per use, "" if none), to
    #: find them in a municipality whose codes differ.
    staff_names: tuple[str, ...] = ()
    resource_names: tuple[str, ...] = ()
    action: ImprovementAction | None = None
    note: str = ""
    time_source: TimeSource | None = None
    time_date: date | None = None
    time_by: str = ""


@dataclass(frozen=True, slots=True)
class StepTable:
    """What a reader found: the steps in order, and notes to show the person.

    `notes` are one line each: what had no equivalent in a step table, what was
    assumed (equal branch shares, default value classes). `version` is the version name
    the file itself declares (our workbook and our BPMN carry it), if any. `problems`
    are bad cells; their rows are still in `steps` (with neutral values) so that the
    units and codes of the whole file are checked and reported in the same pass.
    """

    steps: tuple[ImportedStep, ...]
    source: str = ""
    notes: tuple[str, ...] = ()
    version: str = ""
    problems: tuple[Problem, ...] = ()


# -- vocabulary -----------------------------------------------------------------------------

#: Words other tools and people use for each type (compared after `normalise`).
TYPE_WORDS: dict[ActivityType, tuple[str, ...]] = {
    ActivityType.OPERACION: ("operacion", "operation", "op"),
    ActivityType.REVISION: ("revision", "inspeccion", "inspection", "review"),
    ActivityType.TRASLADO: ("traslado", "transporte", "transport", "transfer", "move"),
    ActivityType.ESPERA: ("espera", "demora", "delay", "wait", "waiting"),
    ActivityType.ARCHIVO: ("archivo", "almacenamiento", "storage", "archive", "filing"),
}
VALUE_WORDS: dict[ValueClass, tuple[str, ...]] = {
    ValueClass.VA: ("va", "valor agregado", "agrega valor", "value added"),
    ValueClass.CONTROL: ("control", "c", "vac", "necesaria"),
    ValueClass.SVA: ("sva", "sin valor agregado", "no value added", "nva"),
}
#: The ASME method's usual reading of a type when a file says nothing about value.
DEFAULT_VALUE: dict[ActivityType, ValueClass] = {
    ActivityType.OPERACION: ValueClass.VA,
    ActivityType.REVISION: ValueClass.CONTROL,
    ActivityType.TRASLADO: ValueClass.SVA,
    ActivityType.ESPERA: ValueClass.SVA,
    ActivityType.ARCHIVO: ValueClass.SVA,
}
TIME_SOURCE_WORDS: dict[TimeSource, tuple[str, ...]] = {
    TimeSource.MEASURED: ("measured", "medido", "medicion", "cronometrado"),
    TimeSource.INTERVIEW: ("interview", "entrevista"),
    TimeSource.ESTIMATE: ("estimate", "estimado", "estimacion"),
}
CITIZEN_WORDS = ("ciudadano", "citizen", "administrado", "usuario", "solicitante", "vecino")
YES_WORDS = ("si", "x", "yes", "true", "1", "verdadero")


def type_header(activity_type: ActivityType) -> str:
    """Column header of a type: its ASME symbol and its word."""
    return f"{ASME_SYMBOLS[activity_type]} {label(activity_type)}"


_MINUTES_SUFFIX = re.compile(r"\s*(min|mins|minutos|minutes|minuto|minute|m)\.?\s*$", re.I)
_SPACES = re.compile(r"[^0-9a-z]+")
_TRAILING_NOISE = re.compile(r"(?<=[a-z])\d+$")


def normalise(text: object) -> str:
    """Lower case, no accents, words separated by one space: " Oficina  Gral_Adm. " →
    "oficina gral adm"."""
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare.lower()).strip()


def without_trailing_noise(normalised: str) -> str:
    """Digits glued to the last word removed ("administracion25514" → "administracion");
    a separate number ("lane 2") is part of the name and stays."""
    return _TRAILING_NOISE.sub("", normalised).strip()


@cache
def _words(language: str) -> tuple[dict[str, ActivityType], dict[str, ValueClass]]:
    """normalised word -> member, for types and values (+ the translated labels)."""
    types = {normalise(alias): t for t, aliases in TYPE_WORDS.items() for alias in aliases}
    for activity_type in ActivityType:
        types.setdefault(normalise(label(activity_type)), activity_type)
    values = {normalise(alias): v for v, aliases in VALUE_WORDS.items() for alias in aliases}
    return types, values


def parse_type(text: object) -> ActivityType | None:
    return _words(current_language())[0].get(normalise(text))


def parse_value(text: object) -> ValueClass | None:
    return _words(current_language())[1].get(normalise(text))


def parse_action(text: object) -> ImprovementAction | None:
    """An improvement action from its code or its word in any language."""
    key = normalise(text)
    for action in ImprovementAction:
        if key == action.value or key in {normalise(word) for word in every_label(action)}:
            return action
    return None


def parse_time_source(text: object) -> TimeSource | None:
    key = normalise(text)
    for source, words in TIME_SOURCE_WORDS.items():
        if key in words or key == normalise(label(source)):
            return source
    return None


def is_citizen(text: object) -> bool:
    key = normalise(text)
    return key in CITIZEN_WORDS or key == normalise(citizen_label())


def is_yes(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return value != 0
    key = normalise(value)
    return key in YES_WORDS or key == normalise(_("yes"))


def parse_day(text: str) -> date | None:
    """A date written dd/mm/yyyy (or ISO); None when it is not one."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def parse_number(value: object, strip_unit: bool = False) -> Decimal | None:
    """A cell as a Decimal: numbers, "7,5", "45 min" (with `strip_unit`); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # Excel keeps 15 significant digits: 12.3 typed is 12.300000000000001 as a double.
        return Decimal(f"{value:.15g}") if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if len(text) > MAX_NUMBER_CHARACTERS:
        return None
    if strip_unit:
        text = _MINUTES_SUFFIX.sub("", text)
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # 1,5 written the Spanish way
    try:
        number = Decimal(text.replace(" ", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
