"""The bars above the step table: filter the rows shown, and find and replace words in
the descriptions. They only say what the person asked for (signals); the tab does it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from procedures.i18n import _
from ui.icons import icon
from ui.item_models.steps_view import ANY_COLUMN


class _Field(QLineEdit):
    """Enter and Down leave for the table; Escape clears, then leaves."""

    leave = Signal()
    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.leave.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        super().keyPressEvent(event)


class FilterBar(QWidget):
    """Signals:
        changed: (text, column) the filter to apply (column ANY_COLUMN: every column).
        leave: the person is done typing (Enter, Down, Escape): back to the table.
        reset: show every step in step order again.
    """

    changed = Signal(str, int)
    leave = Signal()
    reset = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = QComboBox(self)
        self.column.setObjectName("filter_column")
        self.column.setToolTip(_("The column the filter looks in"))
        self.text = _Field(self)
        self.text.setObjectName("filter_text")
        self.text.setClearButtonEnabled(True)
        self.text.setPlaceholderText(_("Filter the steps… (Ctrl+Shift+L)"))
        self.text.setToolTip(_("Show only the steps whose text has these letters; the "
                               "order of the steps does not change"))
        self.text.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.count = QLabel(self)
        self.count.setObjectName("hint")
        self.all = QPushButton(_("Show all in step order"), self)
        self.all.setObjectName("filter_reset")
        self.all.setToolTip(_("Clear the filter and the sort (the steps' own order)"))
        self.all.setVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.text, 2)
        layout.addWidget(self.column, 1)
        layout.addWidget(self.count)
        layout.addStretch(1)
        layout.addWidget(self.all)
        self.text.textChanged.connect(self._changed)
        self.column.currentIndexChanged.connect(self._changed)
        self.text.returnPressed.connect(self.leave)
        self.text.leave.connect(self.leave)
        self.text.escaped.connect(self._escape)
        self.all.clicked.connect(self.reset)

    def set_columns(self, headers: Sequence[str]) -> None:
        current = self.column.currentIndex()
        self.column.blockSignals(True)
        self.column.clear()
        self.column.addItem(_("Any column"), ANY_COLUMN)
        for number, header in enumerate(headers):
            self.column.addItem(header, number)
        self.column.setCurrentIndex(max(0, min(current, self.column.count() - 1)))
        self.column.blockSignals(False)

    def clear(self) -> None:
        self.text.clear()
        self.column.setCurrentIndex(0)

    def show_count(self, shown: int, total: int, rearranged: bool) -> None:
        text = (_("{shown} of {total} steps shown").format(shown=shown, total=total)
                if shown != total else "")
        if text != self.count.text():  # the same text: no new layout of the window
            self.count.setText(text)
        self.all.setVisible(rearranged)

    def _changed(self) -> None:
        self.changed.emit(self.text.text(), int(self.column.currentData() or ANY_COLUMN))

    def _escape(self) -> None:
        if self.text.text():
            self.text.clear()
        else:
            self.leave.emit()


class ReplaceBar(QWidget):
    """Find and replace in the descriptions (Ctrl+H shows it, Escape hides it).

    Signals:
        find_next: (text, match case) select the next step whose description has it.
        replace_all: (text, replacement, match case) in the steps shown.
        closed: the bar was hidden (the table takes the keyboard back).
    """

    find_next = Signal(str, bool)
    replace_all = Signal(str, str, bool)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replace_bar")
        self.find_text = _Field(self)
        self.find_text.setObjectName("replace_find")
        self.find_text.setPlaceholderText(_("Find in the descriptions"))
        self.find_text.setToolTip(_("Enter: the next step that has it"))
        self.replacement = _Field(self)
        self.replacement.setObjectName("replace_with")
        self.replacement.setPlaceholderText(_("Replace with"))
        self.replacement.setToolTip(_("Enter: replace in every step shown"))
        self.case = QCheckBox(_("Match case"), self)
        self.button = QPushButton(_("Replace all"), self)
        self.button.setObjectName("replace_all")
        self.button.setToolTip(_("Replace in the descriptions of every step shown: one "
                                 "undo step (Ctrl+Z)"))
        self.result = QLabel(self)
        self.result.setObjectName("hint")
        close = QToolButton(self)
        close.setIcon(icon("close"))
        close.setAutoRaise(True)
        close.setToolTip(_("Close (Esc)"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.find_text, 2)
        layout.addWidget(self.replacement, 2)
        layout.addWidget(self.case)
        layout.addWidget(self.button)
        layout.addWidget(self.result, 1)
        layout.addWidget(close)
        self.find_text.returnPressed.connect(
            lambda: self.find_next.emit(self.find_text.text(), self.case.isChecked()))
        self.replacement.returnPressed.connect(self._replace)
        self.button.clicked.connect(self._replace)
        self.find_text.textChanged.connect(lambda _text: self._explain())
        self._explain()
        for field in (self.find_text, self.replacement):
            field.escaped.connect(self.close_bar)
        close.clicked.connect(self.close_bar)
        self.setVisible(False)

    def open_bar(self, text: str = "") -> None:
        self.setVisible(True)
        if text:
            self.find_text.setText(text)
        self.result.setText("")
        self.find_text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_text.selectAll()

    def _explain(self) -> None:
        """Replace all waits for the words to find, and says so."""
        if self.button.property("tip") is None:
            self.button.setProperty("tip", self.button.toolTip())
        ready = bool(self.find_text.text())
        self.button.setEnabled(ready)
        self.button.setToolTip(str(self.button.property("tip")) if ready
                               else _("Type the words to find first."))

    def close_bar(self) -> None:
        self.setVisible(False)
        self.closed.emit()

    def _replace(self) -> None:
        if self.find_text.text():
            self.replace_all.emit(self.find_text.text(), self.replacement.text(),
                                  self.case.isChecked())
