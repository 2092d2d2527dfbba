"""The allocated elements (MCD 4–7): Inductores and one sheet per element.

Inductores holds the inputs of the allocation — yearly TUPA minutes per unit (those of
the procedures in the workbook summed live from the Actividades sheet, those of the
entity's other procedures and `other_tupa_minutes` as values), each resource's annual
cost (depreciation: quantity × acquisition cost × rate), its driver values and TUPA
factors — and derives, as formulas, the share of each unit
`s = driver / Σ drivers`, the cost for TUPA work `P = C × s × factor` and the rate per
minute `r = P / yearly minutes`. Each element sheet then charges every costed version
`r × minutes used in the unit`, the minutes summed from the Actividades sheet.
"""

from __future__ import annotations

from decimal import Decimal

from models.codes import ALLOCATED_ELEMENTS, CostElement
from procedures.exchange.cost_direct import DETAIL_FORMAT, Subtotal, subtotal_row
from procedures.exchange.cost_inputs import ACT_COLUMNS, CostItem, Refs
from procedures.exchange.xlsx_style import (
    MINUTES_FORMAT,
    MONEY_FORMAT,
    RATIO_FORMAT,
    Formula,
    SheetWriter,
)
from procedures.i18n import _
from procedures.metrics import AllocationRates
from procedures.metrics.timing import unit_minutes
from procedures.snapshots import ZERO, Entity
from procedures.vocabulary import label

RATE_PER_MINUTE_FORMAT = '"S/ "#,##0.000000'
#: Inductores columns of a distribution line that element sheets copy (driver … rate).
DISTRIBUTION_COLUMNS = ("E", "F", "G", "H", "I", "J")


class Distribution:
    """Rows of the Inductores sheet: per (resource, unit) line, and per unit."""

    def __init__(self) -> None:
        self.lines: dict[tuple[str, str], int] = {}
        self.sheet = ""


def write_drivers(
    sheet: SheetWriter, entity: Entity, rates: AllocationRates, items: list[CostItem],
    refs: Refs,
) -> Distribution:
    """Yearly minutes per unit, allocated resources, and their distribution by unit."""
    found = Distribution()
    found.sheet = sheet.ref
    names = {unit.code: unit.name for unit in entity.units}
    other = {unit.code: unit.other_tupa_minutes for unit in entity.units}
    sheet.title_row(_("Cost drivers and TUPA factors"))
    sheet.blank()
    sheet.append([sheet.cell(_("Yearly minutes of TUPA work per unit"), bold=True)])
    first_header = sheet.header([
        _("Unit code"), _("Unit"),
        _("Minutes of the procedures in this workbook (as-is × demand)"),
        _("Minutes of the entity's other procedures (as-is × demand)"),
        _("Other TUPA minutes"), _("Yearly TUPA minutes"),
    ])
    units = list(rates.yearly_minutes)
    for line in rates.lines:
        if line.unit not in units:
            units.append(line.unit)
    here = _workbook_minutes(items)
    act, column = refs.activities, ACT_COLUMNS["yearly"]
    rows = [block for block in refs.items if block.last >= block.first]
    span = (min(b.first for b in rows), max(b.last for b in rows)) if rows else None
    minutes_row: dict[str, int] = {}
    for code in units:
        total = rates.yearly_minutes.get(code, ZERO)
        extra = other.get(code, ZERO) if code in rates.yearly_minutes else ZERO
        row = sheet.row + 1
        live: object = 0
        if span is not None:
            first, last = span
            unit_col = ACT_COLUMNS["unit"]
            live = Formula(f"SUMPRODUCT(({act}!${unit_col}${first}:${unit_col}${last}=$A{row})"
                           f"*{act}!${column}${first}:${column}${last})")
        sheet.append([
            code, names.get(code, code),
            sheet.cell(live, number_format=MINUTES_FORMAT),
            sheet.cell(max(total - extra - here.get(code, ZERO), ZERO),
                       number_format=MINUTES_FORMAT),
            sheet.cell(extra, number_format=MINUTES_FORMAT),
            sheet.cell(Formula(f"C{row}+D{row}+E{row}"), number_format=MINUTES_FORMAT),
        ])
        minutes_row[code] = row
    sheet.blank()
    sheet.append([sheet.cell(_("Allocated resources"), bold=True)])
    sheet.header([
        _("Code"), _("Resource"), _("Cost element"), _("Driver"), _("Quantity"),
        _("Acquisition cost"), _("Depreciation rate"), _("Annual cost"), _("Yearly cost (C)"),
    ])
    cost_row: dict[str, int] = {}
    for resource in entity.resources:
        if resource.element not in ALLOCATED_ELEMENTS:
            continue
        row = sheet.row + 1
        depreciation = resource.element is CostElement.DEPRECIACION
        yearly = Formula(f"E{row}*F{row}*G{row}") if depreciation else Formula(f"H{row}")
        sheet.append([
            resource.code, resource.name, label(resource.element), resource.driver,
            resource.quantity if depreciation else None,
            sheet.cell(resource.acquisition_cost, number_format=MONEY_FORMAT)
            if depreciation else None,
            sheet.cell(resource.rate, number_format=RATIO_FORMAT) if depreciation else None,
            None if depreciation else sheet.cell(resource.annual_cost or ZERO,
                                                 number_format=MONEY_FORMAT),
            sheet.cell(yearly, number_format=MONEY_FORMAT),
        ])
        cost_row[resource.code] = row
    sheet.blank()
    sheet.append([sheet.cell(_("Distribution by driver and TUPA factor"), bold=True)])
    sheet.header([
        _("Resource"), _("Cost element"), _("Unit"), _("Yearly cost (C)"), _("Driver value"),
        _("Share (s)"), _("TUPA factor"), _("Cost for TUPA work (P)"),
        _("Yearly TUPA minutes"), _("Rate per minute (r)"),
    ])
    by_resource: dict[str, list] = {}
    for line in rates.lines:
        by_resource.setdefault(line.resource, []).append(line)
    resources = {r.code: r for r in entity.resources}
    for code, lines in by_resource.items():
        drivers = dict(resources[code].driver_values) if code in resources else {}
        first = sheet.row + 1
        last = first + len(lines) - 1
        for line in lines:
            row = sheet.row + 1
            minutes = (Formula(f"$F${minutes_row[line.unit]}") if line.unit in minutes_row
                       else 0)
            sheet.append([
                code, label(line.element), line.unit,
                sheet.cell(Formula(f"$I${cost_row[code]}") if code in cost_row
                           else line.yearly_cost, number_format=MONEY_FORMAT),
                drivers.get(line.unit, Decimal(0)),
                sheet.cell(Formula(f'IF(E{row}>0,E{row}/SUMIF($E${first}:$E${last},">0"),0)'),
                           number_format=RATIO_FORMAT),
                sheet.cell(line.factor, number_format=RATIO_FORMAT),
                sheet.cell(Formula(f"D{row}*F{row}*G{row}"), number_format=MONEY_FORMAT),
                sheet.cell(minutes, number_format=MINUTES_FORMAT),
                sheet.cell(Formula(f"IF(I{row}>0,H{row}/I{row},0)"),
                           number_format=RATE_PER_MINUTE_FORMAT),
            ])
            found.lines[(code, line.unit)] = row
    sheet.finish(first_header)
    return found


def _workbook_minutes(items: list[CostItem]) -> dict[str, Decimal]:
    """Yearly minutes per unit of the workbook's as-is versions (what its formulas sum)."""
    found: dict[str, Decimal] = {}
    for item in items:
        demand = item.procedure.annual_demand
        if item.version is not item.procedure.as_is or demand <= 0:
            continue
        for unit, minutes in unit_minutes(item.version.activities).items():
            found[unit] = found.get(unit, ZERO) + minutes * demand
    return found


def write_allocated(
    sheet: SheetWriter,
    items: list[CostItem],
    refs: Refs,
    rates: AllocationRates,
    drivers: Distribution,
    element: CostElement,
) -> list[Subtotal]:
    """One allocated element: rate × minutes used, per version, unit and resource."""
    sheet.title_row(label(element))
    sheet.blank()
    header = sheet.header([
        _("Procedure"), _("Version"), _("Resource"), _("Unit"), _("Driver value"),
        _("Share (s)"), _("TUPA factor"), _("Cost for TUPA work (P)"),
        _("Yearly TUPA minutes"), _("Rate per minute (r)"), _("Minutes used"), _("Amount"),
        _("Element cost"),
    ])
    formats = (None, RATIO_FORMAT, RATIO_FORMAT, MONEY_FORMAT, MINUTES_FORMAT,
               RATE_PER_MINUTE_FORMAT)
    act = refs.activities
    totals = []
    for item, block in zip(items, refs.items, strict=True):
        first = sheet.row + 1
        touched = []
        for activity in item.version.activities:
            if activity.unit is not None and activity.unit not in touched:
                touched.append(activity.unit)
        for unit in touched:
            for line in rates.for_unit(unit):
                if line.element is not element or (line.resource, unit) not in drivers.lines:
                    continue
                source = drivers.lines[(line.resource, unit)]
                row = sheet.row + 1
                copied = [
                    sheet.cell(Formula(f"{drivers.sheet}!${c}${source}"), number_format=f)
                    for c, f in zip(DISTRIBUTION_COLUMNS, formats, strict=True)
                ]
                units = block.span(act, ACT_COLUMNS["unit"])
                allocable = block.span(act, ACT_COLUMNS["allocable"])
                sheet.append([
                    item.procedure.code, item.version.name, line.resource_name, unit, *copied,
                    sheet.cell(Formula(f"SUMPRODUCT(({units}=D{row})*{allocable})"),
                               number_format=MINUTES_FORMAT),
                    sheet.cell(Formula(f"J{row}*K{row}"), number_format=DETAIL_FORMAT),
                ])
        totals.append(subtotal_row(sheet, item, first, "L", refs, label_col=3))
    sheet.finish(header)
    return totals
