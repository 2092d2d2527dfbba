"""The help window (F1): ASME symbols and value classes first, typing times, then keys.

The window's shortcuts come from its action registry (`Actions.shortcuts()`), so the
help can never list a key that does not exist or miss one that does; the keys of the
tables (which are not actions) are listed here.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from models.codes import ActivityType, ValueClass
from procedures.i18n import N_, _
from procedures.vocabulary import explanation
from ui.screens import html

#: Keys of the tables and fields (not window actions), in Qt's portable key names so
#: they show as the window shows every other key (translated: "Intro", "Control").
TABLE_KEYS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("Return", "Tab"), N_("Save the cell and go down / to the next cell")),
    (("Shift+Tab",), N_("Save the cell and go to the previous one")),
    (("Esc",), N_("Leave the cell as it was")),
    (("F2",), N_("Edit the cell")),
    (("F4", "Alt+Down"), N_("While typing a cell: the list of words it accepts")),
    (("F4", "Return"), N_("On a Staff or Resources cell: the picker with counts")),
    (("Ctrl+Return",), N_("Save a text of several lines")),
    (("Shift+Down", "Shift+Up"), N_("Select more cells of the column (or more rows)")),
    (("Ctrl+Return",), N_("In the step table: the typed value into every selected row")),
    (("Space",), N_("Tick or clear a check box (parallel, in person)")),
    (("Return", "Down"), N_("From the filter or the search box into the table or list")),
    (("Left", "Right"), N_("On the row of tabs: the previous or next tab")),
)
#: Keys of the flowchart (not window actions either).
FLOW_KEYS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("Left", "Right"), N_("The previous or next step")),
    (("Return", "F2"), N_("Edit the step's text and minutes")),
    (("Ins",), N_("A new step after the selected one")),
    (("Del",), N_("Delete the selected steps")),
    (("Alt+Left", "Alt+Right"), N_("Move the step one place back or forward")),
    (("Alt+Up", "Alt+Down"), N_("Move the step to the lane above or below")),
    (("P",), N_("Parallel with the previous step (or not)")),
    (("Ctrl++", "Ctrl+-", "Ctrl+0"), N_("Zoom in, zoom out, fit to the window")),
    (("Ctrl+Click", "Shift+Click"), N_("Select several steps (or a Ctrl + drag band "
                                      "around them), then drag them together")),
)


def key_text(keys: Sequence[str]) -> str:
    return " / ".join(_key(k) for k in keys)


def _key(key: str) -> str:
    """A key as the system names it; "Ctrl+Click": the modifier's name and a click."""
    native = QKeySequence.SequenceFormat.NativeText
    if key.endswith("+Click"):
        modifier = QKeySequence(key.removesuffix("Click") + "A").toString(native)[:-1]
        return modifier + _("click")
    return QKeySequence(key).toString(native)


def help_html(shortcuts: Sequence[tuple[str, str]] = ()) -> str:
    """The help page; `shortcuts` are the window's (keys, what they do)."""
    rows = [[keys, text] for keys, text in shortcuts]
    rows += [[key_text(k), _(t)] for k, t in TABLE_KEYS]
    rows.append([_("Alt + underlined letter"), _("Open a menu or press a button")])
    keys = html.table([_("Keys"), _("What they do")], rows)
    flow = html.table([_("Keys"), _("What they do")],
                      [[key_text(k), _(t)] for k, t in FLOW_KEYS])
    mouse = html.para(_("In the flowchart, drag a step to another lane (its unit, or the "
                        "citizen) or along its lane (its place); several selected steps move "
                        "together, as one undo step; every unit has a lane, even one with no "
                        "step yet; "
                        "double-click a step to edit it. "
                        "Click a column title of the step table to sort by it (a third "
                        "click: the steps' own order)."))
    symbols = "".join(html.para(explanation(t)) for t in ActivityType)
    values = "".join(html.para(explanation(v)) for v in ValueClass)
    minutes = html.para(_("Minutes accept 90, 1h30, 1.5 h or 2d; a day is a working day of "
                          "the municipality (480 minutes unless its settings say otherwise)."))
    # What a new clerk needs first: the symbols and values of the activities; keys last.
    return html.page(html.h2(_("Trámite Claro: symbols and keys")),
                     html.h3(_("The five ASME symbols")), symbols,
                     html.h3(_("Value classes")), values, html.h3(_("Typing times")), minutes,
                     html.h3(_("Keyboard")), keys, html.h3(_("Flowchart")), flow, mouse)


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None,
                 shortcuts: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Help"))
        self.resize(720, 600)
        self.browser = browser = QTextBrowser(self)
        browser.setHtml(help_html(shortcuts))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(browser)
        layout.addWidget(buttons)
        browser.setFocus()  # arrows and PgDn scroll the page at once
