"""The help window (F1): keys, ASME symbols and value classes, how figures are made."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from models.codes import ActivityType, ValueClass
from procedures.i18n import N_, _
from procedures.services.editing_tabular import explanation
from ui.screens import html

KEYS = (
    ("Ctrl+F", N_("Find a procedure or a municipality")),
    ("Enter / Tab", N_("Save the cell and go down / to the next cell")),
    ("Ctrl+Ins", N_("Insert an activity above")),
    ("Del", N_("Delete the selected rows")),
    ("Alt+↑ / Alt+↓", N_("Move the selected rows")),
    ("Ctrl+C / Ctrl+V", N_("Copy or paste rows, also to and from Excel")),
    ("Ctrl+Z / Ctrl+Y", N_("Undo / redo any change")),
    ("Ctrl+Shift+N", N_("New proposal (a copy of the open version)")),
    ("Ctrl+1 … Ctrl+7", N_("Show a tab of the procedure")),
    ("Ctrl+P", N_("Print a report (PDF)")),
)


def help_html() -> str:
    keys = html.table([_("Keys"), _("What they do")], [[k, _(t)] for k, t in KEYS])
    symbols = "".join(html.para(explanation(t)) for t in ActivityType)
    values = "".join(html.para(explanation(v)) for v in ValueClass)
    minutes = html.para(_("Minutes accept 90, 1h30, 1.5 h or 2d; a day is a working day of "
                          "the municipality (480 minutes unless its settings say otherwise)."))
    return html.page(html.h2(_("Trámite Claro: keys and symbols")), keys,
                     html.h3(_("The five ASME symbols")), symbols,
                     html.h3(_("Value classes")), values, html.h3(_("Typing times")), minutes)


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Help"))
        self.resize(720, 600)
        browser = QTextBrowser(self)
        browser.setHtml(help_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(browser)
        layout.addWidget(buttons)
