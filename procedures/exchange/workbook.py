"""Write the Excel export: ASME-VM sheets, the cost workbook, inventory and comparison.

The cost sheets follow the SUT's costing annexes (Maestros, the activities, one sheet
per cost element, Inductores, Resumen) with live formulas: inputs are plain values and
every derived figure is a formula that, once Excel or LibreOffice recalculates, shows
the app's numbers in the entity's rounding mode. The file is written in write-only mode
to a temporary file and moved into place, so a failed export never leaves half a file.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from models.codes import ALLOCATED_ELEMENTS, CostElement, Rounding
from procedures.exchange.asme_sheet import AsmeSheet
from procedures.exchange.cost_allocated import write_allocated, write_drivers
from procedures.exchange.cost_direct import Subtotal, write_direct_resources, write_personal
from procedures.exchange.cost_inputs import CostItem, Refs, write_activities, write_masters
from procedures.exchange.cost_summary import demand_cells, summary_widths, write_summary
from procedures.exchange.overview_sheets import write_comparison, write_inventory
from procedures.exchange.xlsx_style import SheetWriter, sheet_title
from procedures.filemode import make_shareable
from procedures.i18n import _
from procedures.metrics import AllocationRates, Comparison
from procedures.progress import Progress, no_progress
from procedures.snapshots import Entity, Procedure, Version
from procedures.vocabulary import label


@dataclass(frozen=True)
class WorkbookContent:
    """What to export.

    `procedures`: every version of these gets an ASME-VM sheet. `items`: the costed
    versions (rows of the Resumen). `comparison` with `compared` = indexes in `items` of
    its before and after versions. `inventory`: add the inventory sheet (an entity).
    """

    entity: Entity
    procedures: tuple[Procedure, ...]
    items: tuple[CostItem, ...]
    rates: AllocationRates
    comparison: Comparison | None = None
    compared: tuple[int | None, int | None] = (None, None)
    inventory: bool = False


def write_workbook(
    path: str | Path, content: WorkbookContent, progress: Progress = no_progress
) -> None:
    book = build_workbook(content, progress)
    save_atomically(book, Path(path))


def build_workbook(content: WorkbookContent, progress: Progress = no_progress) -> Workbook:
    entity = content.entity
    items = list(content.items)
    book = Workbook(write_only=True)
    book.properties.creator = "Trámite Claro"
    book.properties.title = entity.name
    taken: set[str] = set()

    def new(title: str, widths: tuple[float, ...], freeze: str | None = None) -> SheetWriter:
        return SheetWriter(book, sheet_title(title, taken), widths, freeze=freeze)

    inventory = (new(_("Inventory"), (12, 48, 14, 28, 8, 14, 10, 12, 12, 12, 10, 10), "C4")
                 if content.inventory else None)
    asme: list[tuple[Procedure, Version, AsmeSheet]] = []
    for procedure in content.procedures:
        for version in procedure.versions:
            wanted = (f"{procedure.code} {version.name}" if content.inventory
                      else f"ASME {version.name}")
            asme.append((procedure, version,
                         AsmeSheet.create(book, sheet_title(wanted, taken), entity)))
    masters = new(_("Masters"), (12, 40, 28, 16, 16, 16, 16))
    activities = new(_("Activities"), (12, 16, 6, 44, 10, 26, 14, 10, 11, 12, 14, 30, 30, 16),
                     "E4")
    # Amounts of four decimals in bold (a totals row) need 18: at 14 they showed ###.
    element_widths = (12, 16, 6, 40, 26, 10, 10, 16, 18, 18, 18)
    personal = new(label(CostElement.PERSONAL), element_widths, "E4")
    direct = {element: new(label(element), element_widths, "E4")
              for element in (CostElement.MATERIAL_FUNGIBLE, CostElement.SERVICIO_IDENTIFICABLE)}
    drivers_sheet = new(_("Drivers"), (12, 30, 26, 14, 12, 16, 12, 16, 16, 16))
    allocated = {element: new(label(element),
                              (12, 16, 26, 10, 10, 10, 10, 14, 14, 14, 12, 18, 18), "E4")
                 for element in ALLOCATED_ELEMENTS}
    summary = new(_("Summary"), summary_widths(), "C5")
    comparison = (new(_("Comparison"), (40, 16, 16, 16, 12), "B4")
                  if content.comparison is not None else None)

    steps = len(asme) + 10
    done = 0
    for procedure, version, asme_sheet in asme:
        asme_sheet.begin_version(entity, procedure, version)
        asme_sheet.rows(version.activities)
        asme_sheet.end()
        done += 1
        progress(done, steps, procedure.name)

    refs = Refs(rounding=Rounding(entity.settings.rounding),
                demand=demand_cells(summary.ref, len(items)))
    uit = entity.settings.uit or next((i.metrics.uit for i in items if i.metrics.uit), None)
    write_masters(masters, entity, refs, uit)
    write_activities(activities, entity, items, refs)
    totals: dict[CostElement, list[Subtotal]] = {
        CostElement.PERSONAL: write_personal(personal, entity, items, refs)}
    for element, sheet in direct.items():
        totals[element] = write_direct_resources(sheet, entity, items, refs, element)
    distribution = write_drivers(drivers_sheet, entity, content.rates, items, refs)
    for element, sheet in allocated.items():
        totals[element] = write_allocated(sheet, items, refs, content.rates, distribution,
                                          element)
    progress(done + 6, steps, _("Summary"))
    title = _("Cost summary (D.S. 064-2010-PCM) — {entity}").format(entity=entity.name)
    rows = write_summary(summary, items, refs, totals, title)
    if inventory is not None:
        write_inventory(inventory, entity, items, summary, rows)
    if comparison is not None and content.comparison is not None:
        before, after = content.compared
        write_comparison(comparison, content.comparison, summary,
                         rows[before] if before is not None else None,
                         rows[after] if after is not None else None)
    progress(steps, steps, "")
    return book


def save_atomically(book: Workbook, path: Path) -> None:
    """Save next to the target and move it into place (never half a file)."""
    handle, temporary = tempfile.mkstemp(prefix=".tramite-", suffix=".xlsx",
                                         dir=path.parent or Path("."))
    os.close(handle)
    make_shareable(temporary)
    try:
        book.save(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
