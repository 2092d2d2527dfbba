"""Cost and burden tables of the technical sheet: the engine's figures with their bases.

The seven MCD elements come with the lines that make them up (positions and cost per
minute, resources and quantities, allocation rates), so an auditor can redo every sum
by hand. Nothing is recomputed here: amounts, rates and minutes are the engine's.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.platypus import Flowable, KeepTogether

from models.codes import ALLOCATED_ELEMENTS, COST_ELEMENTS, CostElement
from procedures.formatting import (
    hours_minutes,
    money,
    number,
    percent,
    round_money,
    signed_money,
    smart_number,
)
from procedures.i18n import _, ngettext
from procedures.metrics import CostBreakdown, Metrics
from procedures.reports.blocks import data_table, esc, heading, markup, para
from procedures.reports.styles import ACCENT, ACCENT_LIGHT, Styles
from procedures.vocabulary import (
    explanation,
    figure_name,
    figure_value,
    label,
    rounding_name,
    travel_name,
)

DIRECT_RESOURCE_ELEMENTS = (CostElement.MATERIAL_FUNGIBLE, CostElement.SERVICIO_IDENTIFICABLE)


def _rate(value: Decimal) -> str:
    """A cost per minute: 2 decimals when exact to the cent, else 4."""
    return number(value, 2) if value == value.quantize(Decimal("0.01")) else number(value, 4)


def elements_table(metrics: Metrics, width: float, st: Styles) -> Flowable:
    """The seven elements, the unit cost, the fee and the fee as % of the UIT."""
    rows: list[list[object]] = [[para(_("No."), st.head), para(_("Cost element"), st.head),
                                 para(_("Per case"), st.head_center),
                                 para(_("How it is obtained"), st.head)]]
    for number_, element in enumerate(COST_ELEMENTS, start=1):
        rows.append([para(str(number_), st.cell_right), para(label(element), st.cell),
                     para(money(metrics.cost.element(element)), st.cell_right),
                     para(explanation(element), st.cell)])
    if metrics.cost.elements_rounding:
        rows.append(["", para(rounding_name(metrics.cost.rounding), st.cell),
                     para(signed_money(metrics.cost.elements_rounding), st.cell_right), ""])
    total = len(rows)
    rows.append(["", para(_("Unit cost"), st.cell_bold),
                 para(money(metrics.cost.unit_cost), st.cell_bold), ""])
    fee_pct = percent(metrics.fee_pct_uit / 100, 2) if metrics.fee_pct_uit is not None else "—"
    rows.append(["", para(_("Fee (derecho de tramitación)"), st.cell),
                 para(money(metrics.fee), st.cell_right),
                 para(_("{pct} of the UIT ({uit})").format(
                     pct=fee_pct, uit=money(metrics.uit) if metrics.uit else "—"), st.cell)])
    widths = [22, width * 0.3, 70, width - 92 - width * 0.3]
    return data_table(rows, widths, extra=[
        ("BACKGROUND", (0, total), (-1, total), ACCENT_LIGHT),
        ("LINEABOVE", (0, total), (-1, total), 0.8, ACCENT),
    ])


def staff_table(metrics: Metrics, width: float, st: Styles) -> Flowable | None:
    lines = metrics.cost.staff
    if not lines:
        return None
    rows: list[list[object]] = [[
        para(_("Position"), st.head), para(_("Cost per minute"), st.head_center),
        para(figure_name("staff_minutes"), st.head_center), para(_("Amount"), st.head_center)]]
    for line in lines:
        rows.append([para(line.name, st.cell), para(_rate(line.cost_per_minute), st.cell_right),
                     para(figure_value("staff_minutes", line.minutes), st.cell_right),
                     para(money(line.amount), st.cell_right)])
    cost = metrics.cost
    rows += _total_rows(cost, CostElement.PERSONAL, st, 4, 2,
                        figure_value("staff_minutes", metrics.staff_minutes))
    return data_table(rows, [width * 0.46, width * 0.18, width * 0.18, width * 0.18])


def _bold_right(text: str, st: Styles) -> Flowable:
    return markup(f"<b>{esc(text)}</b>", st.cell_right)


def _total_rows(cost: CostBreakdown, element: CostElement, st: Styles, columns: int,
                figure_column: int = -1, figure: str = "") -> list[list[object]]:
    """Under an element's lines: the rounding line when the printed lines do not add up
    to the element (SUT truncates their exact sum), then the element as the total."""
    rows: list[list[object]] = []
    difference = cost.rounding_of(element)
    if difference:
        row: list[object] = [para(rounding_name(cost.rounding), st.cell)]
        row += [""] * (columns - 2) + [para(signed_money(difference), st.cell_right)]
        rows.append(row)
    total: list[object] = [para(_("Total: {element}").format(element=label(element)),
                                st.cell_bold)]
    total += [""] * (columns - 2) + [_bold_right(money(cost.element(element)), st)]
    if figure_column > 0:
        total[figure_column] = _bold_right(figure, st)
    rows.append(total)
    return rows


def resources_table(metrics: Metrics, width: float, st: Styles) -> Flowable | None:
    lines = metrics.cost.resources
    if not lines:
        return None
    rows: list[list[object]] = [[
        para(_("Resource"), st.head), para(_("Cost element"), st.head),
        para(_("Unit cost"), st.head_center), para(_("Quantity"), st.head_center),
        para(_("Amount"), st.head_center)]]
    for element in DIRECT_RESOURCE_ELEMENTS:
        own = [line for line in lines if line.element is element]
        if not own:
            continue
        for line in own:
            rows.append([para(line.name, st.cell), para(label(line.element), st.cell),
                         para(money(line.unit_cost), st.cell_right),
                         para(smart_number(line.quantity), st.cell_right),
                         para(money(line.amount), st.cell_right)])
        rows += _total_rows(metrics.cost, element, st, 5)
    return data_table(rows, [width * 0.34, width * 0.24, width * 0.14, width * 0.14,
                             width * 0.14])


def allocated_table(metrics: Metrics, unit_names: dict[str, str], width: float,
                    st: Styles, units_per_table: int = 5) -> list[Flowable]:
    """Allocated resources (rows) × units (columns): amount, rate per minute and bases.

    One cell per resource and unit shows the amount charged to a case, the rate per
    minute, and the driver share × TUPA factor the rate comes from. A procedure that
    crosses many units gets several tables of `units_per_table` columns.
    """
    lines = metrics.cost.allocated
    if not lines:
        return []
    units: list[str] = []
    resources: dict[str, tuple[str, str, Decimal]] = {}
    cells = {}
    minutes: dict[str, Decimal] = {}
    for line in lines:
        rate = line.rate
        if rate.unit not in units:
            units.append(rate.unit)
        resources.setdefault(rate.resource, (rate.resource_name,
                                             label(rate.element),
                                             rate.yearly_cost))
        cells[(rate.resource, rate.unit)] = line
        minutes[rate.unit] = line.minutes
    tables: list[Flowable] = []
    for first in range(0, len(units), units_per_table):
        chunk = units[first:first + units_per_table]
        fixed = [width * 0.2, width * 0.13, width * 0.09]
        column = (width - sum(fixed)) / units_per_table
        head: list[object] = [para(_("Resource"), st.head), para(_("Cost element"), st.head),
                              para(_("Yearly cost"), st.head_center)]
        for unit in chunk:
            head.append(para("{}<br/>{}".format(esc(unit_names.get(unit, unit)), _(
                "{minutes} min of this procedure").format(minutes=smart_number(minutes[unit]))),
                st.head_center, trusted=True))
        rows: list[list[object]] = [head]
        for code, (name, element, yearly) in resources.items():
            row: list[object] = [para(name, st.cell), para(element, st.cell),
                                 para(money(yearly), st.cell_right)]
            for unit in chunk:
                found = cells.get((code, unit))
                if found is None:
                    row.append("")
                    continue
                rate = found.rate
                row.append(markup("<b>{}</b><br/><font size='{}' color='#5F6368'>{}<br/>{}</font>"
                                  .format(money(found.amount), st.pt(6.5), esc(_(
                                      "{rate} per min").format(rate=number(rate.rate, 6))),
                                      esc(_("share {share} × factor {factor}").format(
                                          share=percent(rate.share, 1),
                                          factor=percent(rate.factor, 0)))), st.cell_right))
            rows.append(row)
        widths = [*fixed, *[column] * len(chunk)]
        table = data_table(rows, widths)
        table.hAlign = "LEFT"  # a narrower last part lines up under the first one
        tables.append(table)
    return tables


def allocated_totals(metrics: Metrics, width: float, st: Styles) -> Flowable:
    """How the allocated cells make each element: their sum as printed, the rounding,
    the element (the cells are per resource and unit, the element their truncated sum)."""
    cost = metrics.cost
    rows: list[list[object]] = [[para(_("Cost element"), st.head),
                                 para(_("Sum of the cells"), st.head_center),
                                 para(rounding_name(cost.rounding), st.head_center),
                                 para(_("Per case"), st.head_center)]]
    for element in ALLOCATED_ELEMENTS:
        parts = cost.part_amounts(element)
        if not parts:
            continue
        printed = sum((round_money(amount) for amount in parts), Decimal(0))
        difference = cost.rounding_of(element)
        rows.append([para(label(element), st.cell), para(money(printed), st.cell_right),
                     para(signed_money(difference) if difference else "—", st.cell_right),
                     _bold_right(money(cost.element(element)), st)])
    table = data_table(rows, [width * 0.34, width * 0.2, width * 0.26, width * 0.2])
    table.hAlign = "LEFT"
    return table


def allocated_section(metrics: Metrics, unit_names: dict[str, str], width: float,
                      st: Styles) -> list[Flowable]:
    """The allocated-cost tables, each part after the first titled as a continuation.

    A procedure that crosses more units than one table holds is split by columns; the
    second part once stood alone, centred and untitled, and read as a different table.
    """
    tables = allocated_table(metrics, unit_names, width, st)
    if not tables:
        return []
    title = _("Allocated costs (elements 4 to 7)")
    parts: list[Flowable] = [KeepTogether([heading(title, st.h2), tables[0]])]
    for table in tables[1:]:
        parts.append(KeepTogether([heading(_("{title} (continued)").format(title=title),
                                           st.h2), table]))
    parts.append(allocated_totals(metrics, width * 0.7, st))
    return parts


def burden_table(metrics: Metrics, width: float, st: Styles) -> Flowable:
    """The resident's time and money per case, then the yearly totals."""
    c = metrics.citizen
    y = metrics.yearly
    rows: list[list[object]] = [[para(_("Resident, per case"), st.head), para("", st.head),
                                 para(ngettext("Per year ({cases} case)",
                                               "Per year ({cases} cases)", y.cases).format(
                                     cases=number(y.cases)), st.head), para("", st.head)]]
    left = [
        (_("Own steps"), hours_minutes(c.activity_minutes)),
        (travel_name(c.visits), hours_minutes(c.travel_minutes)),
        (_("Preparing the requirements"), hours_minutes(c.preparation_minutes)),
        (_("Total time"), hours_minutes(c.minutes)),
        (_("Fares"), money(c.fares)),
        (_("Requirements (copies, certificates)"), money(c.requirements_cost)),
        (_("Fee"), money(c.fee)),
        (_("Out of pocket"), money(c.out_of_pocket)),
        (_("Value of one hour"), money(c.hour_value)),
        (_("Total cost to the resident"), money(c.cost)),
    ]
    right = [
        (_("Cost to the municipality"), money(y.entity_cost)),
        (figure_name("yearly.entity_hours"), figure_value("yearly.entity_hours",
                                                          y.entity_hours)),
        (figure_name("yearly.citizen_hours"), figure_value("yearly.citizen_hours",
                                                           y.citizen_hours)),
        (_("Cost to residents"), money(y.citizen_cost)),
    ]
    for index, (name, value) in enumerate(left):
        bold = index in (3, 9)
        row: list[object] = [para(name, st.cell_bold if bold else st.cell),
                             markup(f"<b>{esc(value)}</b>", st.cell_right) if bold
                             else para(value, st.cell_right)]
        if index < len(right):
            row += [para(right[index][0], st.cell), para(right[index][1], st.cell_right)]
        else:
            row += ["", ""]
        rows.append(row)
    quarter = width / 4
    return data_table(rows, [quarter * 1.3, quarter * 0.7, quarter * 1.3, quarter * 0.7],
                      zebra=False)
