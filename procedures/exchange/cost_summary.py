"""The Resumen sheet: the seven elements, unit cost, fee and % UIT of each costed version.

Elements are references to the rounded totals of the element sheets. The unit cost is
the sum of the shown elements in "sut" mode (what the SUT prints) and the rounded sum of
the unrounded totals in "exact" mode, exactly as `procedures.metrics.costing` does.
"""

from __future__ import annotations

from models.codes import COST_ELEMENTS, CostElement, Rounding
from procedures.exchange.cost_direct import Subtotal
from procedures.exchange.cost_inputs import CostItem, Refs
from procedures.exchange.xlsx_style import (
    INTEGER_FORMAT,
    MONEY_FORMAT,
    TOTAL_FILL,
    Formula,
    SheetWriter,
    col,
)
from procedures.i18n import _
from procedures.vocabulary import label

FIRST_ELEMENT = 3  # column C
UNIT_COST = FIRST_ELEMENT + len(COST_ELEMENTS)  # column J
FEE, PCT_UIT, DEMAND, YEARLY = UNIT_COST + 1, UNIT_COST + 2, UNIT_COST + 3, UNIT_COST + 4


FIRST_ROW = 5  # the first item's row: title, rounding, a blank line and the header


def demand_cells(sheet_ref: str, count: int) -> list[str]:
    """The yearly-demand cell of each of `count` items, for sheets written before it."""
    return [f"{sheet_ref}!${col(DEMAND)}${FIRST_ROW + index}" for index in range(count)]


def summary_widths() -> tuple[float, ...]:
    return (14, 22, *(15,) * len(COST_ELEMENTS), 17, 14, 9, 10, 19)


def write_summary(
    sheet: SheetWriter,
    items: list[CostItem],
    refs: Refs,
    totals: dict[CostElement, list[Subtotal]],
    title: str,
) -> list[int]:
    """One row per item; returns the rows (the inventory and comparison refer to them)."""
    sheet.title_row(title)
    sheet.append([sheet.cell(_("Rounding"), bold=True),
                  _("truncated to the cent (SUT)") if refs.rounding is Rounding.SUT
                  else _("exact, rounded half up at the end")])
    sheet.blank()
    header = sheet.header([
        _("Procedure"), _("Version"), *(label(e) for e in COST_ELEMENTS),
        _("Unit cost"), _("Fee"), _("% UIT"), _("Yearly demand"),
        _("Yearly cost to the municipality"),
    ])
    rows = []
    for index, item in enumerate(items):
        row = sheet.row + 1
        elements = [
            sheet.cell(Formula(totals[element][index].shown), number_format=MONEY_FORMAT)
            for element in COST_ELEMENTS
        ]
        first, last = col(FIRST_ELEMENT), col(UNIT_COST - 1)
        if refs.rounding is Rounding.SUT:
            unit_cost = Formula(f"SUM({first}{row}:{last}{row})")
        else:
            raw = "+".join(totals[element][index].raw for element in COST_ELEMENTS)
            unit_cost = refs.rounded(raw)
        fee_col = col(FEE)
        pct = (Formula(f"{fee_col}{row}/{refs.uit}*100") if refs.uit else None)
        sheet.append([
            item.procedure.code,
            item.version.name,
            *elements,
            sheet.cell(unit_cost, number_format=MONEY_FORMAT, bold=True, fill=TOTAL_FILL),
            sheet.cell(item.version.fee, number_format=MONEY_FORMAT),
            sheet.cell(pct, number_format="0.00"),
            sheet.cell(item.procedure.annual_demand, number_format=INTEGER_FORMAT),
            sheet.cell(Formula(f"{col(UNIT_COST)}{row}*{col(DEMAND)}{row}"),
                       number_format=MONEY_FORMAT),
        ])
        rows.append(row)
    assert not rows or rows[0] == FIRST_ROW, "demand_cells() must point at these rows"
    sheet.finish(header)
    return rows
