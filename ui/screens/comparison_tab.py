"""The *Comparación* tab: any two versions side by side, from the engine's comparison.

Figures with their change; the two step tables with removed (red), added (green) and
changed (amber) activities, matched by identity; the yearly savings.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from procedures import snapshots as s
from procedures.cells import type_text
from procedures.formatting import money, number, signed, smart_number
from procedures.i18n import N_, _
from procedures.metrics import Comparison
from procedures.metrics.compare import improved
from procedures.metrics.results import FIGURES, Kind
from procedures.services import measurement
from procedures.services.activities import version_activities
from procedures.services.queries import ProcedureHeader
from ui.document import Change, Document
from ui.screens import html
from ui.screens.form import ChoiceField

#: The figures the comparison shows, in order, with their names.
SHOWN: tuple[tuple[str, str], ...] = (
    ("activities", N_("Activities")),
    ("total_minutes", N_("Minutes in total")),
    ("effort_minutes", N_("Staff effort (min)")),
    ("lead_time_minutes", N_("Lead time (min)")),
    ("business_days", N_("Business days")),
    ("va_share", N_("Value-added share")),
    ("handoffs", N_("Handoffs between units")),
    ("citizen_visits", N_("Visits to the office")),
    ("cost.unit_cost", N_("Unit cost")),
    ("fee", N_("Fee")),
    ("citizen.minutes", N_("Citizen's time (min)")),
    ("citizen.cost", N_("Cost to the citizen per case")),
    ("yearly.entity_cost", N_("Yearly cost to the municipality")),
    ("yearly.citizen_hours", N_("Yearly hours of the citizens")),
    ("yearly.citizen_cost", N_("Yearly cost to the citizens")),
)


@dataclass(frozen=True)
class Compared:
    comparison: Comparison
    before: tuple[s.Activity, ...]
    after: tuple[s.Activity, ...]


def _format(key: str, value: Any) -> str:
    if value is None:
        return "—"
    kind = FIGURES[key].kind
    if kind is Kind.MONEY:
        return money(value)
    if kind is Kind.SHARE:
        return f"{smart_number(Decimal(value) * 100, 1)} %"
    if kind is Kind.COUNT:
        return number(value)
    return smart_number(value, 1)


def _change(key: str, value: Any) -> str:
    if value is None:
        return "—"
    kind = FIGURES[key].kind
    if kind is Kind.MONEY:
        sign = "+" if value > 0 else "−" if value < 0 else ""
        return f"{sign}{money(abs(value))}"
    if kind is Kind.SHARE:
        return f"{signed(Decimal(value) * 100, 1)} pp"
    return signed(value, 0 if kind is Kind.COUNT else 1)


class ComparisonTab(QWidget):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.procedure = ""
        self._shown = ""
        self._stale = True
        self._token = 0
        self.before = ChoiceField((), self)
        self.before.setObjectName("compare_before")
        self.after = ChoiceField((), self)
        self.after.setObjectName("compare_after")
        self.before.committed.connect(lambda _v: self.refresh())
        self.after.committed.connect(lambda _v: self.refresh())
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("comparison")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Compare"), self))
        bar.addWidget(self.before, 1)
        bar.addWidget(QLabel(_("with"), self))
        bar.addWidget(self.after, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        document.changed.connect(self._on_change)

    def show_header(self, header: ProcedureHeader, version: str) -> None:
        """Offer the procedure's versions; default: the baseline against `version`."""
        changed = header.uuid != self.procedure or version != self._shown
        self.procedure, self._shown = header.uuid, version
        options = [(v.uuid, v.name) for v in header.versions]
        before, after = self.before.value(), self.after.value()
        self.before.set_options(options)
        self.after.set_options(options)
        uuids = [v.uuid for v in header.versions]
        baseline = header.baseline.uuid if header.baseline else ""
        if before not in uuids:
            before = baseline
        if changed or after not in uuids:
            after = version if version != baseline else next(
                (u for u in uuids if u != baseline), baseline)
        self.before.set_value(before)
        self.after.set_value(after)
        self.refresh()

    def _on_change(self, change: Change) -> None:
        if self.procedure and change.touches("activities", "requirements", "procedure",
                                             "entity", "reference"):
            self._stale = True
            if self.isVisible():
                self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Compare on the worker (when shown); an older answer is dropped."""
        self._stale = not self.isVisible()
        if self._stale:
            return
        self._token += 1
        token = self._token
        before, after, procedure = self.before.value(), self.after.value(), self.procedure
        if not procedure or not before or not after:
            self.browser.setHtml(html.page(html.para(_("Choose two versions."), "note")))
            return
        if before == after:
            self.browser.setHtml(html.page(html.para(
                _("Both sides are the same version. Create a proposal (Ctrl+Shift+N) and "
                  "change it to see what it saves."), "note")))
            return
        database = self.document.database

        def compare(_progress: Any) -> Compared:  # worker thread
            with database.session() as session:
                return Compared(measurement.compare(session, before, after),
                                version_activities(session, before),
                                version_activities(session, after))

        def done(result: Compared) -> None:
            if token == self._token:
                self.browser.setHtml(comparison_html(result))

        def failed(error: BaseException) -> None:
            if token == self._token:
                self.browser.setHtml(html.page(html.para(str(error), "bad")))

        self.document.tasks.run(compare, on_done=done, on_error=failed, owner=self)

    @property
    def text(self) -> str:
        return self.browser.toPlainText()


def comparison_html(result: Compared) -> str:
    c = result.comparison
    rows = []
    for key, name in SHOWN:
        change = c.changes[key]
        absolute = change.absolute
        better = improved(key, change)
        pct = f"{signed(change.percent, 1)} %" if change.percent is not None else ""
        rows.append([_(name), _format(key, c.before.figure(key)),
                     _format(key, c.after.figure(key)),
                     html.span(_change(key, absolute), "good" if better else
                               "bad" if better is False else ""), pct])
    figures = html.table([_("Figure"), c.from_name, c.to_name, _("Change"), "%"],
                         rows, numeric=(1, 2, 3, 4), raw=(3,))
    removed = {ref.uid for ref in c.removed}
    added = {ref.uid for ref in c.added}
    changed_after = {ch.uid: ch for ch in c.changed}
    changed_before = {ch.before_uid: ch for ch in c.changed}

    def steps(activities: tuple[s.Activity, ...], marks: dict[str, str]) -> str:
        lines, classes = [], []
        for number_, activity in enumerate(activities, start=1):
            klass = marks.get(activity.uid, "")
            lines.append([str(number_), type_text(activity.type), activity.description,
                          activity.unit or _("Citizen"), smart_number(activity.minutes),
                          activity.value.value])
            classes.append(klass)
        return html.table(["#", _("Type"), _("Activity"), _("Unit"), _("Min."), _("Value")],
                          lines, numeric=(4,), row_css=classes)

    before_marks = {u: "removed" for u in removed} | {u: "changed" for u in changed_before}
    after_marks = {u: "added" for u in added} | {u: "changed" for u in changed_after}
    changes = [_("{row}. {description}: {fields}").format(
        row=ch.row, description=ch.description,
        fields=", ".join(_(_FIELD_NAMES.get(f, f)) for f in ch.fields)) for ch in c.changed]
    savings = c.savings
    saving_rows = [
        [_("Cost to the municipality"), money(savings.entity_cost)],
        [_("Staff hours"), smart_number(savings.entity_hours, 1)],
        [_("Citizens' hours"), smart_number(savings.citizen_hours, 1)],
        [_("Cost to the citizens"), money(savings.citizen_cost)],
    ]
    legend = (html.span(_("removed"), "removed") + " · " + html.span(_("added"), "added")
              + " · " + html.span(_("changed"), "changed"))
    side = (f'<table width="100%"><tr><td width="50%" valign="top">'
            f"{html.h3(c.from_name)}{steps(result.before, before_marks)}</td>"
            f'<td width="50%" valign="top">{html.h3(c.to_name)}'
            f"{steps(result.after, after_marks)}</td></tr></table>")
    return html.page(
        html.h2(_("{before} compared with {after}").format(before=c.from_name,
                                                         after=c.to_name)),
        html.h3(_("Yearly savings (positive = saved)")),
        html.table([_("Concept"), _("Saved a year")], saving_rows, numeric=(1,), width="60%"),
        html.h3(_("Figures")), figures,
        html.h3(_("Activities")), html.raw_para(legend, "note"), side,
        html.h3(_("What changed in the activities kept")) if changes else "",
        "".join(html.para(line) for line in changes),
    )


_FIELD_NAMES = {"description": N_("description"), "unit": N_("unit"), "type": N_("type"),
                "value": N_("value"), "minutes": N_("minutes"),
                "probability": N_("probability"), "parallel": N_("parallel"),
                "in_person": N_("in person"), "staff": N_("staff"),
                "resources": N_("resources")}
