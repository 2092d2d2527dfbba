"""What a clerk types is never lost, and a cell says how it read what was typed
(issue #11, point 5): a probability of "1" is refused with the two ways to write it; a
text a rule refuses opens the cell again on it; one left behind comes back on F2."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from procedures.i18n import _
from tests.ui.helpers import activate, activity_rows, focused, type_cell, write
from tests.ui.test_versions import open_example


def _cell(window: Any, row: int, key: str) -> Any:
    table = window.workspace.activities.table
    model = table.model()
    table.setFocus()
    table.setCurrentIndex(model.index(row, model.column_of(key)))
    return table


def test_a_probability_of_1_is_refused_with_the_way_to_write_it(qtbot: Any,
                                                                window: Any) -> None:
    open_example(window)
    before = activity_rows(window)
    table = _cell(window, 2, "probability")
    editor = type_cell(qtbot, table, "1", Qt.Key.Key_Return)
    assert focused() is editor, "refused: the editor stays open on the text"
    assert editor.text() == "1" and "100 %" in editor.toolTip() and "0,01" in editor.toolTip()
    assert activity_rows(window) == before
    editor.selectAll()
    write(qtbot, editor, "100")
    assert editor.toolTip() == _("Read as: {value}").format(value="100 %")
    editor.selectAll()
    write(qtbot, editor, "20")
    assert editor.toolTip() == _("Read as: {value}").format(value="20 %"), "20 is 20 %"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    model = window.workspace.activities.model
    assert model.row(2).probability == Decimal("0.2")


def test_a_name_refused_by_a_rule_opens_the_cell_again_on_it(qtbot: Any, window: Any) -> None:
    """A unit name longer than its column (200) reads as text, and the service refuses
    it: the editor comes back with every character typed; Esc keeps the old name."""
    from procedures.services.queries import entity_snapshot
    from ui.screens.entity_settings import EntitySettings

    dialog = EntitySettings(window.document, "060101", window)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    dialog.tabs.setCurrentIndex(1)
    units = dialog.units
    names = [u.name for u in window.document.read(entity_snapshot, "060101").units]
    table = units.table
    table.setFocus()
    table.setCurrentIndex(units.model.index(0, units.model.column_of("name")))
    long_name = "Subgerencia de Desarrollo Urbano, Rural y Catastro " * 5
    type_cell(qtbot, table, long_name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(focused(), QLineEdit)
                    and focused().text() == long_name, timeout=5000)
    again = focused()
    assert again.styleSheet(), "shown as not stored"
    assert [u.name for u in window.document.read(entity_snapshot, "060101").units] == names
    again.setText("Subgerencia de Desarrollo Urbano")
    qtbot.keyClick(again, Qt.Key.Key_Return)
    QApplication.processEvents()
    stored = [u.name for u in window.document.read(entity_snapshot, "060101").units]
    assert stored[0] == "Subgerencia de Desarrollo Urbano"


def test_a_text_left_behind_comes_back_on_the_next_edit(qtbot: Any, window: Any) -> None:
    open_example(window)
    before = activity_rows(window)
    table = _cell(window, 2, "minutes")
    editor = type_cell(qtbot, table, "mucho rato", None)
    QApplication.sendEvent(editor, QFocusEvent(QEvent.Type.FocusOut,
                                               Qt.FocusReason.MouseFocusReason))
    QApplication.processEvents()
    assert activity_rows(window) == before, "the cell keeps its value"
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    reopened = focused()
    assert isinstance(reopened, QLineEdit) and reopened.text() == "mucho rato"
    assert reopened.styleSheet()
