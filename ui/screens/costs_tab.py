"""The *Costos* tab: the seven MCD elements with how each was obtained, the resident's
burden (Standard Cost Model) and the yearly totals — all read from the engine's Metrics.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from models.codes import COST_ELEMENTS, CostElement, Rounding
from procedures.formatting import money, number, signed_money, smart_number
from procedures.i18n import _
from procedures.metrics import CostBreakdown, WarningCode
from procedures.services.measurement import Measured
from procedures.vocabulary import (
    explanation,
    figure_name,
    figure_value,
    label,
    rounding_name,
    travel_name,
)
from ui.screens import html


class CostsTab(QWidget):
    """The page is laid out (QTextBrowser.setHtml: ~20 ms for a 200-step version) only
    while the tab is on show; a hidden tab keeps the newest figures and lays them out
    when it is shown, and the same page is never laid out twice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("costs")
        self.browser.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.browser)
        self._measured: Measured | None = None
        self._page = ""  # the page laid out in the browser
        self._stale = True
        self._lay_out()

    def show_figures(self, measured: Measured | None) -> None:
        self._measured = measured
        self._stale = True
        if self.isVisible():
            self._lay_out()

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._lay_out()
        super().showEvent(event)

    def _lay_out(self) -> None:
        self._stale = False
        measured = self._measured
        # A version without activities costs nothing yet: a table of zeros would only
        # puzzle a new user, so say what to do instead.
        if measured is None or not measured.metrics.activities:
            page = html.page(html.para(
                _("The costs appear here once the version has activities with minutes, "
                  "staff and resources."), "note"))
        else:
            page = costs_html(measured)
        if page != self._page:
            self._page = page
            self.browser.setHtml(page)


def costs_html(measured: Measured) -> str:
    m = measured.metrics
    cost = m.cost
    rounding = (_("SUT rounding: each element truncated to the cent")
                if cost.rounding is Rounding.SUT
                else _("exact rounding: rounded to the cent at the end"))
    above = any(w.code is WarningCode.FEE_ABOVE_COST for w in m.warnings)
    fee_line = (_("Fee {fee}: above the cost, which the law does not allow") if above
                else _("Fee {fee}: within the cost")).format(fee=money(m.fee))
    if m.fee_pct_uit is not None:
        fee_line += " · " + _("{pct} of the UIT ({uit})").format(
            pct=f"{number(m.fee_pct_uit, 2)} %", uit=money(m.uit))
    rows, css = [], []
    for position, element in enumerate(COST_ELEMENTS, start=1):
        rows.append([str(position), label(element), explanation(element),
                     money(cost.element(element))])
        css.append("")
        rows.extend(_detail(cost, element))
        difference = cost.rounding_of(element)
        if difference:
            rows.append(["", rounding_name(cost.rounding), "", signed_money(difference)])
        css.extend("sub" for _ in range(len(rows) - len(css)))
    if cost.elements_rounding:
        rows.append(["", rounding_name(cost.rounding), "", signed_money(cost.elements_rounding)])
        css.append("sub")
    rows.append(["", _("Unit cost per case"), "", money(cost.unit_cost)])
    css.append("total")
    citizen = m.citizen
    burden = [
        [_("Own steps"), f"{smart_number(citizen.activity_minutes)} min"],
        [travel_name(citizen.visits), f"{smart_number(citizen.travel_minutes)} min"],
        [_("Preparing the papers"), f"{smart_number(citizen.preparation_minutes)} min"],
        [_("Time in total"), f"{smart_number(citizen.minutes)} min"],
        [_("Fares"), money(citizen.fares)],
        [_("Requirements (copies, certificates)"), money(citizen.requirements_cost)],
        [_("Fee"), money(citizen.fee)],
        [_("Out of pocket"), money(citizen.out_of_pocket)],
        [_("Cost per case (time at {value} an hour + out of pocket)").format(
            value=money(citizen.hour_value)), money(citizen.cost)],
    ]
    yearly = m.yearly
    years = [
        [_("Cases a year"), number(yearly.cases)],
        [_("Cost to the municipality"), money(yearly.entity_cost)],
        [figure_name("yearly.entity_hours"),
         figure_value("yearly.entity_hours", yearly.entity_hours)],
        [figure_name("yearly.citizen_hours"),
         figure_value("yearly.citizen_hours", yearly.citizen_hours)],
        [_("Cost to the citizens"), money(yearly.citizen_cost)],
    ]
    return html.page(
        html.h2(_("Unit cost {cost} per case").format(cost=money(cost.unit_cost))),
        html.para(f"{fee_line} · {rounding}", "lead"),
        html.h3(_("The seven cost elements (D.S. 064-2010-PCM)")),
        html.table(["#", _("Element"), _("How it is obtained"), _("S/ per case")], rows,
                   numeric=(3,), row_css=css),
        html.h3(_("Burden on the citizen, per case (Standard Cost Model)")),
        html.table([_("Concept"), _("Amount")], burden, numeric=(1,),
                   row_css=[""] * 3 + ["total"] + [""] * 3 + ["total", "total"], width="70%"),
        html.h3(_("In a year")),
        html.table([_("Concept"), _("Total")], years, numeric=(1,), width="70%"),
    )


def _detail(cost: CostBreakdown, element: CostElement) -> list[list[str]]:
    if element is CostElement.PERSONAL:
        return [["", line.name, _("{minutes} min × {rate} a minute").format(
            minutes=smart_number(line.minutes), rate=money(line.cost_per_minute)),
            money(line.amount)] for line in cost.staff]
    if element in (CostElement.MATERIAL_FUNGIBLE, CostElement.SERVICIO_IDENTIFICABLE):
        return [["", line.name, _("{qty} × {price}").format(
            qty=smart_number(line.quantity, 4), price=money(line.unit_cost)),
            money(line.amount)] for line in cost.resources if line.element is element]
    return [["", f"{line.rate.resource_name} ({line.rate.unit})",
             _("{minutes} min × {rate} a minute").format(
                 minutes=smart_number(line.minutes), rate=f"S/ {line.rate.rate:.4f}"),
             money(line.amount)]
            for line in cost.allocated if line.rate.element is element]
