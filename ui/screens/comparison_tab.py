"""The *Comparación* tab: any two versions side by side, from the engine's comparison.

Figures with their change; the two step tables with removed (red), added (green) and
changed (amber) activities, matched by identity; the yearly savings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from procedures import snapshots as s
from procedures.change_text import (
    requirement_lines,
    step_lines,
    step_summary,
    warning_lines,
    warnings_title,
)
from procedures.formatting import smart_number
from procedures.i18n import _
from procedures.metrics import Comparison
from procedures.metrics.compare import improved
from procedures.services import measurement
from procedures.services.activities import version_activities
from procedures.services.queries import ProcedureHeader
from procedures.vocabulary import (
    COMPARED,
    SAVINGS,
    citizen_label,
    field_short,
    figure_change,
    figure_name,
    figure_value,
    percent_change,
    saving_name,
    saving_value,
    short_label,
    type_text,
)
from ui.document import Change, Document
from ui.field_words import error_text
from ui.screens import html
from ui.screens.form import ChoiceField


@dataclass(frozen=True)
class Compared:
    comparison: Comparison
    before: tuple[s.Activity, ...]
    after: tuple[s.Activity, ...]


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
                self.browser.setHtml(html.page(html.para(error_text(error), "bad")))

        self.document.tasks.run(compare, on_done=done, on_error=failed, owner=self)

    @property
    def text(self) -> str:
        return self.browser.toPlainText()


def comparison_html(result: Compared) -> str:
    c = result.comparison
    rows = []
    for key in COMPARED:
        change = c.changes[key]
        absolute = change.absolute
        better = improved(key, change)
        rows.append([figure_name(key), figure_value(key, c.before.figure(key)),
                     figure_value(key, c.after.figure(key)),
                     html.span(figure_change(key, absolute), "good" if better else
                               "bad" if better is False else ""),
                     percent_change(key, change.percent)])
    figures = html.table([_("Figure"), c.from_name, c.to_name, _("Change"), "%"],
                         rows, numeric=(1, 2, 3, 4), raw=(3,))
    changed_after = {ch.uid: ch for ch in c.changed}
    changed_before = {ch.before_uid: ch for ch in c.changed}

    def steps(activities: tuple[s.Activity, ...], marks: dict[str, str]) -> str:
        lines, classes = [], []
        for number_, activity in enumerate(activities, start=1):
            klass = marks.get(activity.uid, "")
            lines.append([str(number_), type_text(activity.type), activity.description,
                          activity.unit or citizen_label(), smart_number(activity.minutes),
                          short_label(activity.value)])
            classes.append(klass)
        headers = [field_short(key) for key in ("type", "description", "unit", "minutes",
                                                 "value")]
        return html.table(["#", *headers], lines, numeric=(4,), row_css=classes)

    before_marks = ({ref.uid: "merged" if ref.merged else "removed" for ref in c.removed}
                    | {u: "changed" for u in changed_before})
    after_marks = {ref.uid: "added" for ref in c.added} | {u: "changed" for u in changed_after}
    saving_rows = [[saving_name(key), saving_value(key, getattr(c.savings, key))]
                   for key in SAVINGS]
    legend = " · ".join(html.span(word, css) for word, css in (
        (_("removed"), "removed"), (_("merged"), "merged"), (_("added"), "added"),
        (_("changed"), "changed")))
    side = (f'<table width="100%"><tr><td width="50%" valign="top">'
            f"{html.h3(c.from_name)}{steps(result.before, before_marks)}</td>"
            f'<td width="50%" valign="top">{html.h3(c.to_name)}'
            f"{steps(result.after, after_marks)}</td></tr></table>")
    changes = step_lines(c)
    requirements = requirement_lines(c)
    warnings = []
    for name, metrics in ((c.from_name, c.before), (c.to_name, c.after)):
        found = warning_lines(metrics)
        warnings.append(html.para(warnings_title(name, len(found)), "bad" if found else "good"))
        warnings += [html.para("• " + text) for text in found]
    return html.page(
        html.h2(_("{before} compared with {after}").format(before=c.from_name,
                                                         after=c.to_name)),
        html.h3(_("Yearly savings (positive = saved)")),
        html.table([_("Concept"), _("Saved a year")], saving_rows, numeric=(1,), width="60%"),
        html.h3(_("Figures")), figures,
        html.h3(_("Legal warnings of each version")), "".join(warnings),
        html.h3(_("Activities")), html.para(step_summary(c)),
        html.raw_para(legend, "note"), side,
        "".join(html.para(line.text, line.kind) for line in changes),
        html.h3(_("Requirements")),
        "".join(html.para(line.text, line.kind) for line in requirements)
        if requirements else html.para(_("The requirements do not change."), "note"),
    )
