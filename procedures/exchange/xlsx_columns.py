"""Find the columns of a step table by their header text, in any order and language.

Two layouts are understood: the SUT's import template (`Actividad | Unidad_Organica |
Duracion | Tipo_Actividad | Tipo_Valor`, a type and a value written as words) and our
own Tabla ASME-VM (a mark under one of five type columns and one of three value
columns). Headers are compared after `normalise` (case, accents, spaces, symbols), so
"Unidad_Organica", "unidad orgánica" and "UNIDAD ORGÁNICA" are the same column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from models.codes import ActivityType, ValueClass
from procedures.exchange.asme_sheet import headers as our_headers
from procedures.exchange.steps import normalise, type_header
from procedures.vocabulary import label

HEADER_SCAN_ROWS = 20

#: field -> header words (normalised) that name it.
ALIASES: dict[str, tuple[str, ...]] = {
    "number": ("n", "no", "nro", "numero", "item"),
    "description": ("actividad", "activity", "descripcion", "description",
                    "descripcion de la actividad", "nombre de la actividad"),
    "unit": ("unidad organica", "unidad", "unit", "organizational unit", "area",
             "unidad organica ciudadano", "organo o unidad organica"),
    "unit_code": ("codigo unidad", "unit code", "cod unidad", "codigo de unidad"),
    "minutes": ("duracion", "minutos", "minutes", "duration", "tiempo", "tiempo min",
                "duracion min", "duracion minutos", "tiempo minutos"),
    "type": ("tipo actividad", "tipo de actividad", "tipo", "type", "activity type"),
    "value": ("tipo valor", "tipo de valor", "valor", "value", "value class",
              "clase de valor"),
    "probability": ("probabilidad", "probability", "prob"),
    "staff": ("personal", "staff", "cargos", "cargo"),
    "resources": ("recursos", "resources", "materiales"),
    "action": ("accion de mejora", "improvement action", "accion", "action"),
    "parallel": ("paralela", "paralelo", "en paralelo", "parallel"),
    "in_person": ("presencial", "in person"),
    "note": ("nota", "note", "notes", "observacion", "observaciones"),
    "time_source": ("fuente del tiempo", "origen del tiempo", "time source"),
    "time_date": ("fecha de medicion", "fecha del tiempo", "time taken on"),
    "time_by": ("medido por", "tiempo tomado por", "time taken by"),
}
TYPE_HEADERS: dict[ActivityType, tuple[str, ...]] = {
    ActivityType.OPERACION: ("operacion", "operation"),
    ActivityType.REVISION: ("revision", "inspeccion", "inspection", "review"),
    ActivityType.TRASLADO: ("traslado", "transporte", "transport", "transfer"),
    ActivityType.ESPERA: ("espera", "d espera", "demora", "d demora", "delay", "d delay",
                          "wait", "d wait"),
    ActivityType.ARCHIVO: ("archivo", "almacenamiento", "storage", "filing"),
}
VALUE_HEADERS: dict[ValueClass, tuple[str, ...]] = {
    ValueClass.VA: ("va",),
    ValueClass.CONTROL: ("control",),
    ValueClass.SVA: ("sva",),
}
#: The SUT template's own header names, for messages.
SUT_NAMES = {
    "description": "Actividad",
    "unit": "Unidad_Organica",
    "minutes": "Duracion",
    "type": "Tipo_Actividad",
    "value": "Tipo_Valor",
}


@dataclass
class ColumnMap:
    """Where each field is (0-based index) and the header text found there."""

    row: int
    fields: dict[str, int] = field(default_factory=dict)
    types: dict[ActivityType, int] = field(default_factory=dict)
    values: dict[ValueClass, int] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)

    @property
    def marks(self) -> bool:
        """Our layout: types and values as marks under their own columns."""
        return "type" not in self.fields and len(self.types) == len(ActivityType)

    def missing(self) -> list[str]:
        """Required fields not found, named as the SUT template names them."""
        missing = [SUT_NAMES[key] for key in ("description", "unit", "minutes")
                   if key not in self.fields]
        if not self.marks:
            missing += [SUT_NAMES[key] for key in ("type", "value") if key not in self.fields]
        elif len(self.values) < len(ValueClass):
            missing += [v.value for v in ValueClass if v not in self.values]
        return missing

    @property
    def score(self) -> int:
        return len(self.fields) + len(self.types) + len(self.values)


def _lookup() -> tuple[dict[str, str], dict[str, ActivityType], dict[str, ValueClass]]:
    fields = {normalise(word): key for key, words in ALIASES.items() for word in words}
    ours = our_headers()
    keys: list[str | None] = ["number", "description", "unit", "unit_code", "minutes"]
    keys += [None] * (len(ActivityType) + len(ValueClass))
    keys += ["probability", "staff", "resources", "action", "parallel", "in_person", "note",
             "time_source", "time_date", "time_by"]
    for key, header in zip(keys, ours, strict=True):
        if key:
            fields.setdefault(normalise(header), key)
    types = {normalise(word): t for t, words in TYPE_HEADERS.items() for word in words}
    for activity_type in ActivityType:
        types.setdefault(normalise(type_header(activity_type)), activity_type)
        types.setdefault(normalise(label(activity_type)), activity_type)
    values = {normalise(word): v for v, words in VALUE_HEADERS.items() for word in words}
    return fields, types, values


def map_header(row_number: int, cells: Sequence[object]) -> ColumnMap:
    """The columns a header row names (unknown headers are ignored)."""
    fields, types, values = _lookup()
    found = ColumnMap(row=row_number)
    for index, cell in enumerate(cells):
        key = normalise(cell)
        if not key:
            continue
        found.names[index] = str(cell).strip()
        if key in values and key not in found.values:
            found.values[values[key]] = index  # "Control" is a value column here
        elif key in fields and fields[key] not in found.fields:
            found.fields[fields[key]] = index
        elif key in types and types[key] not in found.types:
            found.types[types[key]] = index
    return found


def find_header(rows: Sequence[Sequence[object]]) -> ColumnMap | None:
    """The best header among the first rows (most columns recognised), or None."""
    best: ColumnMap | None = None
    for number, cells in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
        candidate = map_header(number, cells)
        if "description" not in candidate.fields:
            continue
        if best is None or candidate.score > best.score:
            best = candidate
    return best
