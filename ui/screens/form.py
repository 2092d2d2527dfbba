"""Form fields that check as you type and commit one undo step when editing ends.

A field shows a value, reads what is typed with a parser (the same parsers as the
table), turns red with the reason while the text cannot be read, and emits `committed`
with the parsed value when the person leaves the field or presses Enter, only when the
value changed. `set_value` updates the field from the database without emitting.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

INVALID = "border: 1px solid #b03a2e; background: #fdf2f0;"


class LineField(QLineEdit):
    """Signals:
        committed: the new value (parsed), after editing ended with a change.
        problem: the message while the text cannot be read ("" when it can).
    """

    committed = Signal(object)
    problem = Signal(str)

    def __init__(self, parse: Callable[[str], Any], to_text: Callable[[Any], str] = str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parse = parse
        # Not `show`: that would replace QWidget.show() on this field.
        self.to_text = to_text
        self._value: Any = None
        self._shown = ""
        self.textEdited.connect(self._check)
        self.editingFinished.connect(self._finish)

    def set_value(self, value: Any) -> None:
        self._value = value
        self._shown = "" if value is None else self.to_text(value)
        self.setText(self._shown)
        self.setCursorPosition(0)  # show the beginning of a long text
        self.setStyleSheet("")
        self.setToolTip("")
        self.problem.emit("")

    def _check(self) -> str | None:
        try:
            self.parse(self.text())
        except ValueError as error:
            self.setStyleSheet(f"QLineEdit {{ {INVALID} }}")
            self.setToolTip(str(error))
            self.problem.emit(str(error))
            return str(error)
        self.setStyleSheet("")
        self.setToolTip("")
        self.problem.emit("")
        return None

    def _finish(self) -> None:
        if self.text() == self._shown:
            return
        if self._check() is not None:
            return  # stays red with its message; nothing is stored
        value = self.parse(self.text())
        if value == self._value:
            return
        self.committed.emit(value)

    def revert(self) -> None:
        self.set_value(self._value)


class TextField(QPlainTextEdit):
    """Multi-line text; commits when focus leaves (Ctrl+Enter too)."""

    committed = Signal(object)

    def __init__(self, parent: QWidget | None = None, lines: int = 3) -> None:
        super().__init__(parent)
        self._value = ""
        self.setTabChangesFocus(True)
        height = self.fontMetrics().lineSpacing() * lines + 14
        self.setFixedHeight(height)

    def set_value(self, value: str) -> None:
        self._value = value or ""
        if self.toPlainText() != self._value:
            self.setPlainText(self._value)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.toPlainText() != self._value:
            self.committed.emit(self.toPlainText())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if self.toPlainText() != self._value:
                self.committed.emit(self.toPlainText())
            return
        super().keyPressEvent(event)


class ChoiceField(QComboBox):
    """A fixed list of (value, label); commits on the person's choice only."""

    committed = Signal(object)

    def __init__(self, options: Sequence[tuple[Any, str]] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._values: list[Any] = []
        self.set_options(options)
        self.activated.connect(self._chosen)

    def set_options(self, options: Sequence[tuple[Any, str]], tooltips: Sequence[str] = ()
                    ) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        self._values = [value for value, _label in options]
        for number, (_value, label) in enumerate(options):
            self.addItem(label)
            if number < len(tooltips):
                self.setItemData(number, tooltips[number], Qt.ItemDataRole.ToolTipRole)
        self.blockSignals(False)
        if current in self._values:
            self.set_value(current)

    def value(self) -> Any:
        index = self.currentIndex()
        return self._values[index] if 0 <= index < len(self._values) else None

    def set_value(self, value: Any) -> None:
        self.blockSignals(True)
        self.setCurrentIndex(self._values.index(value) if value in self._values else -1)
        self.blockSignals(False)
        self._shown = value

    def _chosen(self, index: int) -> None:
        value = self._values[index]
        if value != getattr(self, "_shown", None):
            self._shown = value
            self.committed.emit(value)


class ProblemLabel(QLabel):
    """A small red line under a form that says what is wrong with the field in focus."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problem")
        self.setStyleSheet("color: #b03a2e;")
        self.setWordWrap(True)

    def watch(self, field: LineField, name: str) -> None:
        field.problem.connect(lambda message: self.setText(
            f"{name}: {message}" if message else ""))

