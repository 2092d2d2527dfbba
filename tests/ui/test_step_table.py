"""The step table as a spreadsheet: sort and filter (a view: the steps' order never
changes), find and replace, cut/copy/paste and duplicate rows, one value into several
rows (Ctrl+Enter). Driven by keys and mouse; the database says what happened."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from procedures.i18n import _, ngettext
from tests.ui.helpers import activate, activity_rows, focused, type_cell, write
from tests.ui.test_versions import open_example

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def shown(tab: Any, column: str = "description") -> list[str]:
    """The texts of `column` in the order the table shows them (without the new row)."""
    view = tab.view
    number = view.column_of(column)
    return [view.index(r, number).data() for r in range(view.row_count)]


def click_header(qtbot: Any, table: Any, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def start(qtbot: Any, window: Any) -> Any:
    open_example(window)
    tab = window.workspace.activities
    window.workspace.tabs.setCurrentWidget(tab)
    activate(qtbot, window)
    tab.table.setFocus()
    return tab


def test_sorting_by_a_column_is_a_view_and_comes_back_to_step_order(qtbot: Any,
                                                                     window: Any) -> None:
    tab = start(qtbot, window)
    stored = activity_rows(window)
    minutes = tab.view.column_of("minutes")
    click_header(qtbot, tab.table, minutes)
    assert [tab.model.row(tab.view.source_row(r)).minutes for r in range(9)] == sorted(
        a[4] for a in stored)
    assert tab.view.is_placeholder(9), "the new row stays last"
    assert activity_rows(window) == stored, "sorting never changes the steps' order"
    assert not window.commands["move_up"].isEnabled()
    assert window.commands["move_up"].toolTip() == tab.arrangement.reason()
    assert not tab.table.dragEnabled()
    assert tab.filter.all.isVisibleTo(tab)
    click_header(qtbot, tab.table, minutes)  # descending
    assert tab.model.row(tab.view.source_row(0)).minutes == Decimal(960)
    assert tab.view.is_placeholder(9)
    click_header(qtbot, tab.table, minutes)  # the third click: the steps' own order
    assert shown(tab) == [a[0] for a in stored]
    assert window.commands["move_up"].isEnabled() and tab.table.dragEnabled()
    # By keys: Ctrl+Shift+S on a cell of the column, three times.
    tab.table.setCurrentIndex(tab.view.index(0, tab.view.column_of("type")))
    qtbot.keyClick(tab.table, Qt.Key.Key_S, CTRL | SHIFT)
    assert shown(tab, "type") == sorted(shown(tab, "type"), key=str.casefold)
    qtbot.keyClick(tab.table, Qt.Key.Key_S, CTRL | SHIFT)
    qtbot.keyClick(tab.table, Qt.Key.Key_S, CTRL | SHIFT)
    assert shown(tab) == [a[0] for a in stored]


def test_editing_a_sorted_table_edits_the_right_step(qtbot: Any, window: Any) -> None:
    tab = start(qtbot, window)
    click_header(qtbot, tab.table, tab.view.column_of("minutes"))
    # The first row shown is the shortest step: "Registrar en el sistema y derivar" (5).
    tab.table.setCurrentIndex(tab.view.index(0, tab.view.column_of("minutes")))
    expected = tab.model.row(tab.view.source_row(0)).description
    type_cell(qtbot, tab.table, "7", Qt.Key.Key_Return)
    edited = [a for a in activity_rows(window) if a[0] == expected]
    assert edited[0][4] == Decimal(7)


def test_filter_by_a_column_keeps_new_and_edited_rows_in_sight(qtbot: Any,
                                                               window: Any) -> None:
    tab = start(qtbot, window)
    stored = activity_rows(window)
    qtbot.keyClick(tab.table, Qt.Key.Key_L, CTRL | SHIFT)
    assert focused() is tab.filter.text
    tab.filter.column.setCurrentIndex(tab.filter.column.findText(_("Unit")))
    write(qtbot, tab.filter.text, "du")
    assert shown(tab, "unit") == ["DU"] * 4
    assert tab.filter.count.text() == _("{shown} of {total} steps shown").format(shown=4,
                                                                              total=9)
    assert activity_rows(window) == stored
    qtbot.keyClick(tab.filter.text, Qt.Key.Key_Return)
    assert focused() is tab.table
    # A step moved to another unit stays in sight until the filter changes.
    tab.table.setCurrentIndex(tab.view.index(0, tab.view.column_of("unit")))
    type_cell(qtbot, tab.table, "OT", Qt.Key.Key_Return)
    assert shown(tab, "unit") == ["OT", "DU", "DU", "DU"]
    # Any column, accents and case aside.
    tab.filter.column.setCurrentIndex(0)
    tab.filter.text.setText("INSPECCION")
    assert shown(tab) == ["Inspección de campo"]
    # A new row typed while filtered stays shown, and goes to the end of the steps.
    tab.table.setFocus()
    tab.table.setCurrentIndex(tab.view.index(tab.view.row_count, 0))
    type_cell(qtbot, tab.table, "Nueva revisión", Qt.Key.Key_Return)
    assert shown(tab) == ["Inspección de campo", "Nueva revisión"]
    assert activity_rows(window)[-1][0] == "Nueva revisión"
    tab.filter.all.click()
    assert len(shown(tab)) == 10 and tab.filter.text.text() == ""


def test_find_and_replace_in_the_descriptions_is_one_undo_step(qtbot: Any,
                                                               window: Any) -> None:
    tab = start(qtbot, window)
    before = activity_rows(window)
    qtbot.keyClick(tab.table, Qt.Key.Key_H, CTRL)
    assert tab.replace.isVisible() and focused() is tab.replace.find_text
    write(qtbot, tab.replace.find_text, "expediente")
    qtbot.keyClick(tab.replace.find_text, Qt.Key.Key_Return)  # the next step that has it
    assert tab.selected() == [2]
    qtbot.keyClick(tab.replace.find_text, Qt.Key.Key_Tab)
    assert focused() is tab.replace.replacement
    write(qtbot, tab.replace.replacement, "legajo")
    qtbot.keyClick(tab.replace.replacement, Qt.Key.Key_Return)
    after = [a[0] for a in activity_rows(window)]
    assert after[2] == "Llevar el legajo a Desarrollo Urbano"
    assert after[3] == "El legajo espera en bandeja"
    assert tab.replace.result.text() == ngettext(
        "Replaced in {n} activity", "Replaced in {n} activities", 2).format(n=2)
    assert window.document.stack.undoText() == ngettext(
        "Replace “{find}” in {n} activity", "Replace “{find}” in {n} activities", 2).format(
            find="expediente", n=2)
    qtbot.keyClick(tab.replace.replacement, Qt.Key.Key_Escape)
    assert not tab.replace.isVisible() and focused() is tab.table
    qtbot.keyClick(tab.table, Qt.Key.Key_Z, CTRL)
    assert activity_rows(window) == before


def test_cut_paste_and_duplicate_rows(qtbot: Any, window: Any) -> None:
    tab = start(qtbot, window)
    names = [a[0] for a in activity_rows(window)]
    tab.table.setCurrentIndex(tab.view.index(1, 0))
    qtbot.keyClick(tab.table, Qt.Key.Key_Down, SHIFT)  # rows 2 and 3
    qtbot.keyClick(tab.table, Qt.Key.Key_X, CTRL)
    assert [a[0] for a in activity_rows(window)] == names[:1] + names[3:]
    assert window.document.stack.undoText() == ngettext(
        "Cut activity {row}", "Cut {n} activities", 2).format(row=2, n=2)
    tab.table.setCurrentIndex(tab.view.index(5, 0))
    tab.table.selectRow(5)
    qtbot.keyClick(tab.table, Qt.Key.Key_V, CTRL)  # below the current row
    assert [a[0] for a in activity_rows(window)] == (
        names[:1] + names[3:8] + names[1:3] + names[8:])
    tab.select_rows([0])
    qtbot.keyClick(tab.table, Qt.Key.Key_D, CTRL)
    rows = tab.model.rows
    assert rows[0].description == rows[1].description and rows[0].uid != rows[1].uid
    assert rows[1].staff == rows[0].staff and len(rows) == 10
    assert window.document.stack.undoText() == ngettext(
        "Duplicate activity {row}", "Duplicate {n} activities", 1).format(row=1, n=1)
    for _step in range(3):
        qtbot.keyClick(tab.table, Qt.Key.Key_Z, CTRL)
    assert [a[0] for a in activity_rows(window)] == names


def test_one_value_into_several_rows_with_ctrl_enter(qtbot: Any, window: Any) -> None:
    """Set the unit of 6 steps at once, as in a spreadsheet: select the cells, type,
    Ctrl+Enter. A citizen's step would lose its staff: the same undo step does it."""
    tab = start(qtbot, window)
    unit = tab.view.column_of("unit")
    tab.table.setCurrentIndex(tab.view.index(0, unit))
    for _step in range(5):
        qtbot.keyClick(tab.table, Qt.Key.Key_Down, SHIFT)
    write(qtbot, tab.table, "O")
    editor = focused()
    write(qtbot, editor, "T")
    qtbot.keyClick(editor, Qt.Key.Key_Return, CTRL)
    units = [a[1] for a in activity_rows(window)]
    assert units == ["OT"] * 6 + ["DU", "TD", "TD"]
    assert window.document.stack.undoText() == _("Change {field} of {n} activities").format(
        field=_("unit"), n=6)
    qtbot.keyClick(tab.table, Qt.Key.Key_Z, CTRL)
    assert [a[1] for a in activity_rows(window)] == ["TD"] * 3 + ["DU"] * 4 + ["TD"] * 2
    # To the citizen: the staff goes in the same step.
    tab.table.setCurrentIndex(tab.view.index(0, unit))
    qtbot.keyClick(tab.table, Qt.Key.Key_Down, SHIFT)
    type_cell(qtbot, tab.table, "Ciudadano", None)
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    first, second = tab.model.rows[:2]
    assert (first.unit, second.unit, first.staff, second.staff) == (None, None, (), ())
    qtbot.keyClick(tab.table, Qt.Key.Key_Z, CTRL)
    assert tab.model.rows[0].staff and tab.model.rows[0].unit == "TD"


def test_space_ticks_a_box_in_every_selected_row(qtbot: Any, window: Any) -> None:
    tab = start(qtbot, window)
    parallel = tab.view.column_of("parallel")
    tab.table.setCurrentIndex(tab.view.index(5, parallel))
    qtbot.keyClick(tab.table, Qt.Key.Key_Down, SHIFT)
    qtbot.keyClick(tab.table, Qt.Key.Key_Down, SHIFT)
    qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    assert [a.parallel for a in tab.model.rows] == [False] * 5 + [True] * 3 + [False]
    assert window.document.stack.undoText() == _("Change {field} of {n} activities").format(
        field=_("parallel"), n=3)
    qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    assert not any(a.parallel for a in tab.model.rows)
    # One row: Space ticks only that one, as before.
    tab.table.setCurrentIndex(tab.view.index(2, parallel))
    qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    assert [a.parallel for a in tab.model.rows].count(True) == 1
