"""The inventory of an entity's procedures and the comparison of two versions.

Both refer to the Resumen for money (unit cost, elements, fee), so a recalculated
workbook stays consistent; the other figures are the app's values. Changes and
percentages are formulas.
"""

from __future__ import annotations

from models.codes import COST_ELEMENTS
from procedures.exchange.cost_inputs import CostItem
from procedures.exchange.cost_summary import FEE, FIRST_ELEMENT, PCT_UIT, UNIT_COST
from procedures.exchange.xlsx_style import (
    INTEGER_FORMAT,
    MINUTES_FORMAT,
    MONEY_FORMAT,
    PERCENT_FORMAT,
    Formula,
    SheetWriter,
    col,
)
from procedures.i18n import _
from procedures.metrics import FIGURES, Comparison
from procedures.metrics.results import Kind
from procedures.snapshots import Entity
from procedures.vocabulary import figure_name, label, procedure_word

#: Percentage points, as the comparison writes a change of a share ("+3.5 pp").
POINTS_FORMAT = '+0.0 "pp";−0.0 "pp";0.0 "pp"'


def write_inventory(
    sheet: SheetWriter, entity: Entity, items: list[CostItem], summary: SheetWriter,
    summary_rows: list[int],
) -> None:
    """The entity's procedures (their as-is version), one row each."""
    sheet.title_row(_("Inventory of procedures — {entity}").format(entity=entity.name))
    sheet.blank()
    header = sheet.header([
        _("Code"), _("Procedure"), _("Version"), procedure_word("calificacion").capitalize(),
        _("Term"), _("Term unit"),
        _("Yearly demand"), figure_name("fee"), figure_name("cost.unit_cost"),
        figure_name("lead_time_minutes"), figure_name("business_days"), _("Warnings"),
    ])
    for item, row in zip(items, summary_rows, strict=True):
        procedure, version, metrics = item.procedure, item.version, item.metrics
        plazo = version.plazo if version.plazo is not None else procedure.plazo
        unit = version.plazo_unit or procedure.plazo_unit
        sheet.append([
            procedure.code, procedure.name, version.name,
            label(version.calificacion or procedure.calificacion),
            plazo, label(unit),
            sheet.cell(procedure.annual_demand, number_format=INTEGER_FORMAT),
            sheet.cell(Formula(f"{summary.ref}!${col(FEE)}${row}"), number_format=MONEY_FORMAT),
            sheet.cell(Formula(f"{summary.ref}!${col(UNIT_COST)}${row}"),
                       number_format=MONEY_FORMAT),
            sheet.cell(metrics.lead_time_minutes, number_format=MINUTES_FORMAT),
            metrics.business_days,
            len(metrics.warnings),
        ])
    sheet.finish(header)


def write_comparison(
    sheet: SheetWriter, comparison: Comparison, summary: SheetWriter,
    before_row: int | None, after_row: int | None,
) -> None:
    """Figure, before, after, change and % change (formulas) for every measurement."""
    sheet.title_row(_("Comparison: {before} → {after}").format(
        before=comparison.from_name, after=comparison.to_name))
    sheet.blank()
    header = sheet.header([_("Figure"), comparison.from_name, comparison.to_name,
                           _("Change"), _("% change")])
    for key, figure in FIGURES.items():
        before = _value_or_ref(key, comparison.before.figure(key), summary, before_row)
        after = _value_or_ref(key, comparison.after.figure(key), summary, after_row)
        number_format = {Kind.MONEY: MONEY_FORMAT, Kind.SHARE: PERCENT_FORMAT,
                         Kind.COUNT: INTEGER_FORMAT}.get(figure.kind, MINUTES_FORMAT)
        row = sheet.row + 1
        if figure.kind in (Kind.SHARE, Kind.PERCENT):
            # A share or a percentage changes in percentage points, never in % of itself
            # (docs/FIGURES.md): a share is a fraction (×100), a percentage is already one.
            points = "*100" if figure.kind is Kind.SHARE else ""
            change = sheet.cell(Formula(f'IF(OR(B{row}="",C{row}=""),"",(C{row}-B{row}){points})'),
                                number_format=POINTS_FORMAT)
            relative = sheet.cell("—")
        else:
            change = sheet.cell(Formula(f'IF(OR(B{row}="",C{row}=""),"",C{row}-B{row})'),
                                number_format=number_format)
            relative = sheet.cell(
                Formula(f'IF(OR(B{row}="",C{row}="",B{row}=0),"",(C{row}-B{row})/B{row})'),
                number_format=PERCENT_FORMAT)
        sheet.append([
            figure_name(key),
            sheet.cell(before, number_format=number_format),
            sheet.cell(after, number_format=number_format),
            change,
            relative,
        ])
    sheet.finish(header)


def _value_or_ref(key: str, value: object, summary: SheetWriter, row: int | None) -> object:
    """Money figures of a costed version come from its Resumen row (live)."""
    if row is None or value is None:
        return value
    columns = {f"cost.{e.value}": FIRST_ELEMENT + i for i, e in enumerate(COST_ELEMENTS)}
    columns.update({"cost.unit_cost": UNIT_COST, "fee": FEE, "fee_pct_uit": PCT_UIT})
    if key in columns:
        return Formula(f"{summary.ref}!${col(columns[key])}${row}")
    return value
