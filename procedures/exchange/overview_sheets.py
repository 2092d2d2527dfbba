"""The inventory of an entity's procedures and the comparison of two versions.

Both refer to the Resumen for money (unit cost, elements, fee), so a recalculated
workbook stays consistent; the other figures are the app's values. Changes and
percentages are formulas.
"""

from __future__ import annotations

from models.codes import COST_ELEMENTS, ActivityType, CostElement, ValueClass
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
from procedures.i18n import N_, _
from procedures.labels import (
    activity_type_label,
    calificacion_label,
    cost_element_label,
    plazo_unit_label,
)
from procedures.metrics import FIGURES, Comparison
from procedures.metrics.results import Kind
from procedures.snapshots import Entity

_FIGURE_LABELS = {
    "activities": N_("Activities"),
    "total_minutes": N_("Total minutes (× probability)"),
    "effort_minutes": N_("Staff effort (minutes)"),
    "lead_time_minutes": N_("Lead time (minutes)"),
    "business_days": N_("Business days"),
    "va_minutes": N_("Value-added minutes"),
    "va_share": N_("Value-added share"),
    "handoffs": N_("Hand-offs between lanes"),
    "citizen_visits": N_("Citizen visits"),
    "cost.unit_cost": N_("Unit cost"),
    "fee": N_("Fee"),
    "fee_pct_uit": N_("Fee as % of the UIT"),
    "citizen.minutes": N_("Citizen minutes"),
    "citizen.visits": N_("Citizen visits (burden)"),
    "citizen.out_of_pocket": N_("Citizen out-of-pocket cost"),
    "citizen.cost": N_("Citizen cost per case"),
    "yearly.cases": N_("Cases per year"),
    "yearly.entity_cost": N_("Yearly cost to the municipality"),
    "yearly.entity_hours": N_("Yearly staff hours"),
    "yearly.citizen_hours": N_("Yearly citizen hours"),
    "yearly.citizen_cost": N_("Yearly citizen cost"),
}


def figure_label(key: str) -> str:
    group, _dot, leaf = key.partition(".")
    if group == "by_type":
        return _("Activities of type {type}").format(type=activity_type_label(ActivityType(leaf)))
    if group == "by_value":
        return _("Activities of value {value}").format(value=ValueClass(leaf).value)
    if group == "cost" and leaf != "unit_cost":
        return cost_element_label(CostElement(leaf))
    return _(_FIGURE_LABELS.get(key, key))


def write_inventory(
    sheet: SheetWriter, entity: Entity, items: list[CostItem], summary: SheetWriter,
    summary_rows: list[int],
) -> None:
    """The entity's procedures (their as-is version), one row each."""
    sheet.title_row(_("Inventory of procedures — {entity}").format(entity=entity.name))
    sheet.blank()
    header = sheet.header([
        _("Code"), _("Procedure"), _("Version"), _("Calificación"), _("Term"), _("Term unit"),
        _("Yearly demand"), _("Fee"), _("Unit cost"), _("Lead time (minutes)"),
        _("Business days"), _("Warnings"),
    ])
    for item, row in zip(items, summary_rows, strict=True):
        procedure, version, metrics = item.procedure, item.version, item.metrics
        plazo = version.plazo if version.plazo is not None else procedure.plazo
        unit = version.plazo_unit or procedure.plazo_unit
        sheet.append([
            procedure.code, procedure.name, version.name,
            calificacion_label(version.calificacion or procedure.calificacion),
            plazo, plazo_unit_label(unit),
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
        sheet.append([
            figure_label(key),
            sheet.cell(before, number_format=number_format),
            sheet.cell(after, number_format=number_format),
            sheet.cell(Formula(f'IF(OR(B{row}="",C{row}=""),"",C{row}-B{row})'),
                       number_format=number_format),
            sheet.cell(Formula(f'IF(OR(B{row}="",C{row}="",B{row}=0),"",(C{row}-B{row})/B{row})'),
                       number_format=PERCENT_FORMAT),
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
