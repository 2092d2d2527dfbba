"""The TUPA as an Excel workbook: the tabular index, then one sheet per procedure with the
fields of the format in force (R.S.G.P. 005-2018-PCM-SGP), in the words of the PDF."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from procedures.exchange.workbook import save_atomically
from procedures.exchange.xlsx_style import SheetWriter, sheet_title
from procedures.i18n import _
from procedures.metrics import Metrics
from procedures.snapshots import Entity, Procedure, Version
from procedures.tupa_fields import NORM, index_headers, index_row, sheet_fields


def write_tupa_workbook(path: Path, entity: Entity,
                        rows: Sequence[tuple[Procedure, Version, Metrics]]) -> None:
    """Write the index sheet and one sheet per procedure; atomically, like every export."""
    book = Workbook(write_only=True)
    book.properties.creator = "Trámite Claro"
    book.properties.title = _("TUPA of {entity}").format(entity=entity.name)
    taken: set[str] = set()
    index = SheetWriter(book, sheet_title(_("Index"), taken),
                        (6, 12, 48, 60, 10, 12, 18, 10, 26, 26, 26, 26), freeze="A4")
    index.title_row(_("Texto Único de Procedimientos Administrativos (TUPA)") + " — "
                    + entity.name)
    index.append([_("Format approved by {norm} (lineamientos y formatos del TUPA).").format(
        norm=NORM)])
    header = index.header(index_headers())
    for number, (procedure, version, metrics) in enumerate(rows, start=1):
        index.append(index_row(number, procedure, version, metrics, entity))
    index.finish(header)
    for procedure, version, metrics in rows:
        sheet = SheetWriter(book, sheet_title(procedure.code, taken), (44, 100),
                            landscape=False)
        sheet.title_row(f"{procedure.code} · {procedure.name}")
        sheet.append([_("Format approved by {norm} (lineamientos y formatos del TUPA).")
                      .format(norm=NORM)])
        for number, (title, lines) in enumerate(
                sheet_fields(procedure, version, metrics, entity), start=1):
            for position, line in enumerate(lines or ["—"]):
                sheet.append([sheet.cell(f"{number}. {title}", bold=True) if position == 0
                              else None, line])
        sheet.finish()
    save_atomically(book, path)
