"""Write one version as the SUT's own activity template (`importacionASME.xlsx`).

The file is the template as the SUT distributes it, so it uploads as it is: one sheet
`Actividades`, the header row `Actividad | Unidad_Organica | Duracion | Tipo_Actividad |
Tipo_Valor`, one plain row per activity, and the SUT's own words for types (`Operacion`,
`Revision`, `Traslado`, `Espera`, `Archivo`, without accents) and values (`VA`,
`Control`, `SVA`), as `vocabulary.SUT_WORDS` keeps them. Units are written by name, as
the SUT matches them; the citizen's steps say `Ciudadano`. What the template has no
column for (probabilities, parallel stages, staff, resources, notes) is not written;
`left_out` says what was dropped, so the person is told. Our step-table reader reads
the file back (`asme_read`).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from procedures.exchange.workbook import save_atomically
from procedures.exchange.xlsx_columns import SUT_NAMES
from procedures.exchange.xlsx_style import SheetWriter
from procedures.i18n import _
from procedures.snapshots import ONE, Activity, Entity, Version
from procedures.vocabulary import SUT_CITIZEN, sut_word

SHEET = "Actividades"
HEADER = tuple(SUT_NAMES[key] for key in ("description", "unit", "minutes", "type", "value"))
#: Column widths of the distributed template; C keeps the default width there too.
WIDTHS = (34.7109375, 32.28515625, 0, 14.140625, 10.5703125)


def write_sut_template(path: str | Path, entity: Entity, version: Version) -> None:
    """Write the template of `version` atomically (a failed write leaves no file)."""
    book = Workbook(write_only=True)
    book.properties.creator = "Trámite Claro"
    sheet = SheetWriter(book, SHEET, WIDTHS, landscape=False)
    # (A write-only sheet has column_dimensions before its first row; the stubs omit them.)
    del sheet.sheet.column_dimensions["C"]  # type: ignore[attr-defined]
    sheet.append(HEADER)
    units = {unit.code: unit.name for unit in entity.units}
    for activity in version.activities:
        unit = SUT_CITIZEN if activity.unit is None else units.get(activity.unit,
                                                                   activity.unit)
        sheet.append([activity.description, unit, _minutes(activity.minutes),
                      sut_word(activity.type), sut_word(activity.value)])
    save_atomically(book, Path(path))


def _minutes(value: Decimal) -> int | Decimal:
    """Whole minutes as an integer (as the template's samples), else the exact decimal."""
    return int(value) if value == value.to_integral_value() else value.normalize()


def left_out(version: Version) -> list[str]:
    """What the version holds that the template has no column for, one phrase each."""
    activities: tuple[Activity, ...] = version.activities
    found = []
    if any(a.probability != ONE for a in activities):
        found.append(_("probabilities"))
    if any(a.parallel for a in activities):
        found.append(_("parallel stages"))
    if any(a.staff for a in activities):
        found.append(_("staff"))
    if any(a.resources for a in activities):
        found.append(_("resources"))
    if any(a.note or a.action for a in activities):
        found.append(_("improvement actions and notes"))
    return found
