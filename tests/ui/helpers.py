"""Typing into the window as a person does: keys on the focused widget."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit


def activate(qtbot: Any, widget: Any) -> None:
    """Make `widget`'s window the active one, so keys and shortcuts reach it."""
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window(), timeout=5000)


def focused() -> Any:
    return QApplication.focusWidget()


def write(qtbot: Any, widget: Any, text: str) -> None:
    """Key presses for `text`; QTest only knows ASCII keys, so accents ("ó") go as key
    events that carry their text."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char,
                               Qt.KeyboardModifier.NoModifier)


def type_cell(qtbot: Any, table: Any, text: str, key: Qt.Key | None = Qt.Key.Key_Tab) -> Any:
    """Type `text` into the table's current cell, then press `key` (Tab, Enter…).

    When no editor is open, the first key opens it (as typing on a cell does); after a
    Tab the next cell's editor is open already and its text is selected. Returns the
    editor."""
    if table.state() == QAbstractItemView.State.EditingState:
        editor = focused()
        assert isinstance(editor, QLineEdit), f"focus is on {editor!r}"
        editor.selectAll()
        write(qtbot, editor, text)
    else:
        write(qtbot, table, text[0])
        editor = focused()
        assert isinstance(editor, QLineEdit), f"no cell editor opened, focus is on {editor!r}"
        write(qtbot, editor, text[1:])
    if key is not None:
        qtbot.keyClick(editor, key)
        # Qt commits on Enter through a queued call: let it run (tests only).
        QApplication.processEvents()
    return editor


def activity_rows(window: Any) -> list[tuple[Any, ...]]:
    """The open version's activities as stored: (description, unit, type, value, minutes)."""
    from procedures.services.activities import version_activities

    rows = window.document.read(version_activities, window.workspace.version)
    return [(a.description, a.unit, a.type.value, a.value.value, a.minutes) for a in rows]
