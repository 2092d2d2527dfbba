"""Element sheets of the direct costs: personal, material fungible, servicio identificable.

One line per activity and staff member (or resource), grouped by costed version; each
group ends with its total before rounding and the element as the method rounds it
(`Refs.rounded`). Minutes and probabilities are read from the Actividades sheet and
costs per minute / unit costs from Maestros, so the sheet follows any change there.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.codes import CostElement
from procedures.exchange.cost_inputs import CostItem, Refs
from procedures.exchange.xlsx_style import (
    MONEY_FORMAT,
    RATE_FORMAT,
    TOTAL_FILL,
    Formula,
    SheetWriter,
)
from procedures.i18n import _
from procedures.snapshots import Entity
from procedures.vocabulary import label

DETAIL_FORMAT = '"S/ "#,##0.0000'


@dataclass(frozen=True, slots=True)
class Subtotal:
    """An item's total on an element sheet: before rounding, and as the method shows it."""

    raw: str
    shown: str


def subtotal_row(
    sheet: SheetWriter, item: CostItem, first: int, amount_col: str, refs: Refs,
    label_col: int = 4,
) -> Subtotal:
    """The closing row of an item's lines (first..current row) on an element sheet."""
    last = sheet.row
    row = last + 1
    amount_index = ord(amount_col) - ord("A")
    cells: list[object] = [None] * (amount_index + 2)
    cells[0] = sheet.cell(_("Total"), bold=True, fill=TOTAL_FILL)
    cells[label_col - 1] = sheet.cell(item.label, bold=True)
    if last >= first:
        cells[amount_index] = sheet.cell(Formula(f"SUM({amount_col}{first}:{amount_col}{last})"),
                                         number_format=DETAIL_FORMAT, bold=True)
        shown = refs.rounded(f"{amount_col}{row}")
    else:
        cells[amount_index] = sheet.cell(0, number_format=DETAIL_FORMAT, bold=True)
        shown = Formula(f"{amount_col}{row}")
    cells[amount_index + 1] = sheet.cell(shown, number_format=MONEY_FORMAT, bold=True,
                                         fill=TOTAL_FILL)
    sheet.append(cells)
    shown_col = chr(ord(amount_col) + 1)
    return Subtotal(raw=f"{sheet.ref}!${amount_col}${row}",
                    shown=f"{sheet.ref}!${shown_col}${row}")


def write_personal(
    sheet: SheetWriter, entity: Entity, items: list[CostItem], refs: Refs
) -> list[Subtotal]:
    """Element 1: headcount × minutes × probability × cost per minute, per activity."""
    names = {p.code: p.name for p in entity.positions}
    sheet.title_row(label(CostElement.PERSONAL))
    sheet.blank()
    header = sheet.header([
        _("Procedure"), _("Version"), _("No."), _("Activity"), _("Position"), _("Headcount"),
        _("Minutes"), _("Probability"), _("Cost per minute"), _("Amount"), _("Element cost"),
    ])
    act = refs.activities
    totals = []
    for item, block in zip(items, refs.items, strict=True):
        first = sheet.row + 1
        for number, (activity, act_row) in enumerate(
                zip(item.version.activities, block.rows, strict=True), start=1):
            for use in activity.staff:
                if use.position not in refs.position_rate:
                    continue
                row = sheet.row + 1
                sheet.append([
                    item.procedure.code, item.version.name, number, activity.description,
                    names.get(use.position, use.position), use.count,
                    Formula(f"{act}!$H${act_row}"), Formula(f"{act}!$I${act_row}"),
                    sheet.cell(Formula(refs.position_rate[use.position]),
                               number_format=RATE_FORMAT),
                    sheet.cell(Formula(f"F{row}*G{row}*H{row}*I{row}"),
                               number_format=DETAIL_FORMAT),
                ])
        totals.append(subtotal_row(sheet, item, first, "J", refs))
    sheet.finish(header)
    return totals


def write_direct_resources(
    sheet: SheetWriter, entity: Entity, items: list[CostItem], refs: Refs,
    element: CostElement,
) -> list[Subtotal]:
    """Elements 2 and 3: quantity × probability × unit cost, per activity."""
    resources = {r.code: r for r in entity.resources}
    sheet.title_row(label(element))
    sheet.blank()
    header = sheet.header([
        _("Procedure"), _("Version"), _("No."), _("Activity"), _("Resource"), _("Quantity"),
        _("Probability"), _("Unit cost"), _("Amount"), _("Element cost"),
    ])
    act = refs.activities
    totals = []
    for item, block in zip(items, refs.items, strict=True):
        first = sheet.row + 1
        for number, (activity, act_row) in enumerate(
                zip(item.version.activities, block.rows, strict=True), start=1):
            for use in activity.resources:
                resource = resources.get(use.resource)
                if resource is None or resource.element is not element:
                    continue
                row = sheet.row + 1
                sheet.append([
                    item.procedure.code, item.version.name, number, activity.description,
                    resource.name, use.qty, Formula(f"{act}!$I${act_row}"),
                    sheet.cell(Formula(refs.resource_cost[use.resource]),
                               number_format=RATE_FORMAT),
                    sheet.cell(Formula(f"F{row}*G{row}*H{row}"), number_format=DETAIL_FORMAT),
                ])
        totals.append(subtotal_row(sheet, item, first, "I", refs))
    sheet.finish(header)
    return totals
