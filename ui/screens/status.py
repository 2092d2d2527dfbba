"""The key figures in the status bar: lead time, unit cost, fee and warnings.

The figures are the engine's (`Measured.metrics`); the fee turns red when the engine
warns that it is above the cost.
"""

from __future__ import annotations

from pathlib import PurePath

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QStatusBar, QToolButton

from procedures.formatting import money, number
from procedures.i18n import _, ngettext
from procedures.metrics import WarningCode
from procedures.services.measurement import Measured
from ui.icons import icon
from ui.screens.steady import fit_steadily, set_steady_text

#: Room around a status message and between the bar's widgets, in pixels.
GAP = 16


class StatusFigures(QObject):
    """Permanent widgets of the status bar; `show(measured)` updates them.

    A message (what an import or the demo did) that the figures would cut off hides
    them until it goes away; the database shows its name (the window's words for it, else
    its file name; the whole path or URL in the tooltip), so that a long path does not
    crowd the figures out.
    """

    def __init__(self, bar: QStatusBar, database: str, parent: QObject | None = None,
                 name: str = "") -> None:
        super().__init__(parent)
        self.bar = bar
        self.labels: dict[str, QLabel] = {}
        for key, tip in (("days", _("Lead time of the version, in business days, against "
                                    "the legal term")),
                         ("cost", _("Unit cost per case (MCD)")),
                         ("fee", _("Fee of the version, against its cost"))):
            label = QLabel(bar)
            label.setObjectName(f"status_{key}")
            label.setToolTip(tip)
            bar.addPermanentWidget(label)
            self.labels[key] = label
        self.warnings = QToolButton(bar)
        self.warnings.setObjectName("status_warnings")
        self.warnings.setAutoRaise(True)
        self.warnings.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addPermanentWidget(self.warnings)
        self.database = QLabel(name or _short_database(database), bar)
        self.database.setObjectName("status_database")
        self.database.setToolTip(_("Database: {database}").format(database=database))
        bar.addPermanentWidget(self.database)
        bar.messageChanged.connect(self._make_room)
        self._warned: bool | None = None  # whether the warnings icon is the warning one
        self.show(None)

    def _make_room(self, message: str) -> None:
        """Hide the figures while `message` would not fit beside them."""
        figures = list(self.labels.values())
        if not message:
            for label in figures:
                label.setVisible(True)
            return
        others = [w for w in (self.warnings, self.database) if not w.isHidden()]
        room = self.bar.width() - sum(w.sizeHint().width() + GAP for w in others)
        needed = self.bar.fontMetrics().horizontalAdvance(message) + GAP
        shown = sum(label.sizeHint().width() + GAP for label in figures)
        for label in figures:
            label.setVisible(needed + shown <= room)

    def show(self, measured: Measured | None) -> None:
        if measured is None:
            for label in self.labels.values():
                set_steady_text(label, "")
            self.warnings.setText("")
            self.warnings.setVisible(False)
            self._make_room(self.bar.currentMessage())
            return
        m = measured.metrics
        days = ngettext("{n} business day", "{n} business days", m.business_days).format(
            n=number(m.business_days))
        # Each new text in the bar would lay the whole window out again (ui/screens/steady.py).
        set_steady_text(self.labels["days"], _("Lead time: {days}").format(days=days))
        set_steady_text(self.labels["cost"], _("Unit cost: {cost}").format(
            cost=money(m.cost.unit_cost)))
        above = any(w.code is WarningCode.FEE_ABOVE_COST for w in m.warnings)
        fee = self.labels["fee"]
        set_steady_text(fee, _("Fee: {fee}").format(fee=money(m.fee)))
        state = "bad" if above else ""
        if fee.property("state") != state:
            fee.setProperty("state", state)
            fee.style().unpolish(fee)
            fee.style().polish(fee)
            fit_steadily(fee)  # bold: wider
        count = len(m.warnings)
        self.warnings.setVisible(True)
        if self._warned is not bool(count):
            self._warned = bool(count)
            self.warnings.setIcon(icon("warning") if count else icon("check"))
        text = (ngettext("{n} warning", "{n} warnings", count).format(n=count) if count
                else _("No warnings"))
        if self.warnings.text() != text:
            self.warnings.setText(text)
        self._make_room(self.bar.currentMessage())


def _short_database(label: str) -> str:
    """A SQLite file by its name; a server URL as it is."""
    if "://" in label:
        return label
    return PurePath(label).name or label
