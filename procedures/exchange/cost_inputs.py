"""The input sheets of the cost workbook: Maestros (parameters, positions, direct
resources) and Actividades (every costed activity with its minutes and probability).

These hold the plain values a person can change (annual costs, minutes, quantities);
every other sheet refers to their cells, so a recalculation in Excel or LibreOffice
follows any change. The rounding rule is written as formulas: in "sut" mode the cost per
minute is `TRUNC(…, 2)` (the SUT's "CUADRO M1"), in "exact" mode it keeps every decimal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from models.codes import DIRECT_RESOURCE_ELEMENTS, ActivityType, Rounding
from procedures.exchange.xlsx_style import (
    MINUTES_FORMAT,
    MONEY_FORMAT,
    RATE_FORMAT,
    Formula,
    SheetWriter,
    formula_text,
)
from procedures.i18n import _
from procedures.metrics import Metrics
from procedures.snapshots import Entity, Procedure, Version
from procedures.vocabulary import citizen_label, label

EXACT_RATE_FORMAT = '"S/ "#,##0.000000'


@dataclass(frozen=True, slots=True)
class CostItem:
    """One costed version: a row of the Resumen and a block on every element sheet."""

    procedure: Procedure
    version: Version
    metrics: Metrics

    @property
    def label(self) -> str:
        return f"{self.procedure.code} · {self.version.name}"


@dataclass
class ItemRows:
    """Where an item's activities are on the Actividades sheet."""

    first: int
    last: int
    rows: list[int] = field(default_factory=list)

    def span(self, sheet: str, column: str) -> str:
        """An absolute range of one column over the item's rows (never empty here)."""
        if self.last < self.first:
            raise ValueError("an item without activities has no range")
        return f"{sheet}!${column}${self.first}:${column}${self.last}"


@dataclass
class Refs:
    """Cells the other sheets refer to."""

    rounding: Rounding
    activities: str = ""  # quoted title of the Actividades sheet
    position_rate: dict[str, str] = field(default_factory=dict)
    resource_cost: dict[str, str] = field(default_factory=dict)
    uit: str | None = None
    items: list[ItemRows] = field(default_factory=list)
    #: The yearly-demand cell of each item (on the Resumen), for the allocation base.
    demand: list[str] = field(default_factory=list)

    def rounded(self, expression: str) -> Formula:
        """The element rounding of the method on `expression`.

        The inner ROUND(…, 9) removes binary floating-point noise (0.1 + 0.2) so that
        truncating and rounding act on the decimal value, as the app computes it.
        """
        inner = f"ROUND({expression},9)"
        if self.rounding is Rounding.SUT:
            return Formula(f"TRUNC({inner},2)")
        return Formula(f"ROUND({inner},2)")


#: Columns of the Actividades sheet (1-based) that other sheets read.
ACT_COLUMNS = {"unit": "E", "probability": "I", "expected": "J", "allocable": "K", "minutes": "H",
               "yearly": "N"}


def write_masters(
    sheet: SheetWriter, entity: Entity, refs: Refs, uit: Decimal | None
) -> None:
    """Parameters, CUADRO M1 (cost per minute of each position) and direct resources.

    `uit` is the UIT the measurements used (settings or reference table), for % UIT.
    """
    settings = entity.settings
    sut = refs.rounding is Rounding.SUT
    sheet.title_row(_("Masters — {entity}").format(entity=entity.name))
    sheet.blank()
    hours = sheet.label_row(_("Effective hours per day"), settings.hours_per_day)
    days = sheet.label_row(_("Working days per month"), settings.days_per_month)
    divisor = sheet.label_row(_("Minutes per month (hours × days × 60)"),
                              Formula(f"B{hours}*B{days}*60"), MINUTES_FORMAT)
    sheet.label_row(_("Rounding"), label(refs.rounding))
    uit_row = sheet.label_row(_("UIT {year}").format(year=settings.year), uit, MONEY_FORMAT)
    refs.uit = f"{sheet.ref}!$B${uit_row}" if uit else None
    sheet.blank()
    sheet.append([sheet.cell(_("Table M1 – cost of direct staff per minute"), bold=True)])
    header = sheet.header([
        _("Code"), _("Position"), _("Unit"), _("Annual cost"), _("Monthly cost"),
        _("Minutes per month"), _("Cost per minute"),
    ])
    units = {unit.code: unit.name for unit in entity.units}
    rate_format = RATE_FORMAT if sut else EXACT_RATE_FORMAT
    for position in entity.positions:
        row = sheet.row + 1
        monthly = Formula(f"D{row}/12")
        per_minute = f"E{row}/F{row}"
        sheet.append([
            position.code, position.name, units.get(position.unit or "", position.unit or ""),
            sheet.cell(position.annual_cost, number_format=MONEY_FORMAT),
            sheet.cell(monthly, number_format=MONEY_FORMAT),
            sheet.cell(Formula(f"$B${divisor}"), number_format=MINUTES_FORMAT),
            sheet.cell(Formula(f"TRUNC(ROUND({per_minute},9),2)") if sut else Formula(per_minute),
                       number_format=rate_format),
        ])
        refs.position_rate[position.code] = f"{sheet.ref}!$G${row}"
    sheet.blank()
    sheet.append([sheet.cell(_("Direct resources (priced per use)"), bold=True)])
    sheet.header([_("Code"), _("Resource"), _("Cost element"), _("Unit cost")])
    for resource in entity.resources:
        if resource.element not in DIRECT_RESOURCE_ELEMENTS:
            continue
        row = sheet.append([
            resource.code, resource.name, label(resource.element),
            sheet.cell(resource.unit_cost or Decimal(0), number_format=RATE_FORMAT),
        ])
        refs.resource_cost[resource.code] = f"{sheet.ref}!$D${row}"
    sheet.finish(header)


def write_activities(sheet: SheetWriter, entity: Entity, items: list[CostItem],
                     refs: Refs) -> None:
    """Every costed activity: minutes and probability (inputs), expected and allocable
    minutes (formulas; waiting and citizen steps use no allocated resources) and, for an
    as-is version, its yearly minutes (allocable × yearly demand): the allocation base
    the Inductores sheet sums, so an edited minute moves every rate as in the app."""
    refs.activities = sheet.ref
    units = {unit.code: unit.name for unit in entity.units}
    positions = {p.code: p.name for p in entity.positions}
    resources = {r.code: r.name for r in entity.resources}
    wait = formula_text(label(ActivityType.ESPERA))
    citizen = citizen_label()
    sheet.title_row(_("Costed activities"))
    sheet.blank()
    header = sheet.header([
        _("Procedure"), _("Version"), _("No."), _("Activity"), _("Unit code"), _("Unit"),
        _("Type"), _("Minutes"), _("Probability"), _("Expected minutes"),
        _("Minutes using shared resources"), _("Staff"), _("Resources"),
        _("Yearly minutes in the allocation base (as-is × demand)"),
    ])
    for index, item in enumerate(items):
        block = ItemRows(first=sheet.row + 1, last=sheet.row)
        # The allocation counts the as-is version of each procedure (metrics.allocation).
        base = item.version is item.procedure.as_is and index < len(refs.demand)
        for number, activity in enumerate(item.version.activities, start=1):
            row = sheet.row + 1
            staff = "; ".join(f"{_qty(s.count)} × {positions.get(s.position, s.position)}"
                              for s in activity.staff)
            used = "; ".join(f"{_qty(r.qty)} × {resources.get(r.resource, r.resource)}"
                             for r in activity.resources)
            sheet.append([
                item.procedure.code, item.version.name, number, activity.description,
                activity.unit,
                citizen if activity.unit is None else units.get(activity.unit, activity.unit),
                label(activity.type),
                activity.minutes,
                activity.probability,
                sheet.cell(Formula(f"H{row}*I{row}"), number_format=MINUTES_FORMAT),
                sheet.cell(Formula(f'IF(OR(E{row}="",G{row}={wait}),0,J{row})'),
                           number_format=MINUTES_FORMAT),
                staff or None,
                used or None,
                sheet.cell(Formula(f"K{row}*MAX(0,{refs.demand[index]})"),
                           number_format=MINUTES_FORMAT) if base else None,
            ])
            block.rows.append(row)
        block.last = sheet.row
        refs.items.append(block)
    sheet.finish(header)


def _qty(value: Decimal) -> str:
    return format(value.normalize(), "f")
