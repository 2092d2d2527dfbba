"""The step table's extra cells: note and time provenance (hidden columns the person
shows), and the staff/resources picker (F4, Enter, double-click) with counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from models.codes import TimeSource
from procedures.i18n import _
from procedures.services.activities import version_activities
from tests.ui.conftest import close_window, make_window
from tests.ui.helpers import activate, type_cell
from tests.ui.test_versions import open_example


def stored(window: Any, row: int = 0) -> Any:
    return window.document.read(version_activities, window.workspace.version)[row]


def column(tab: Any, key: str) -> int:
    return tab.model.column_of(key)


def test_note_and_time_provenance_columns(qtbot: Any, window: Any, example_db: Path,
                                          settings: Any) -> None:
    open_example(window)
    tab = window.workspace.activities
    table = tab.table
    optional = ("note", "time_source", "time_date", "time_by")
    assert all(table.isColumnHidden(column(tab, key)) for key in optional)
    # View > Columns shows them (the header's context menu holds the same actions).
    for key in optional:
        tab.columns.actions[key].trigger()
    assert not any(table.isColumnHidden(column(tab, key)) for key in optional)
    assert "time_by" in settings.value("workspace/activity_columns")
    header = table.horizontalHeader()
    header.customContextMenuRequested.emit(header.rect().center())
    menu = header.findChild(QMenu)
    assert menu is not None and tab.columns.actions["note"] in menu.actions()
    menu.close()
    # Type them as any other cell: Tab goes on to the next one.
    activate(qtbot, window)
    table.setFocus()
    table.setCurrentIndex(tab.view.index(0, column(tab, "note")))
    type_cell(qtbot, table, "Se mide en ventanilla")
    type_cell(qtbot, table, "med")  # a unique beginning is enough: measured
    editor = type_cell(qtbot, table, "31/02/2026", key=None)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # refused at the cell: not a calendar date
    assert editor.isVisible() and stored(window).time_date is None
    editor.selectAll()
    qtbot.keyClicks(editor, "15/03/2026")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    type_cell(qtbot, table, "Ana Quispe", key=Qt.Key.Key_Return)
    activity = stored(window)
    assert activity.note == "Se mide en ventanilla"
    assert activity.time_source is TimeSource.MEASURED
    assert activity.time_date == date(2026, 3, 15)
    assert activity.time_by == "Ana Quispe"
    assert tab.model.index(0, column(tab, "time_date")).data() == "15/03/2026"
    assert window.document.stack.undoText() == _("Change {field} of activity {row}").format(
        field=_("who took the time"), row=1)
    for _step in range(4):
        window.document.stack.undo()
    activity = stored(window)
    assert (activity.note, activity.time_source, activity.time_date, activity.time_by) \
        == ("", None, None, "")
    # The columns shown are remembered by the next window.
    window.close()
    again = make_window(qtbot, example_db, settings)
    try:
        open_example(again)
        tab = again.workspace.activities
        assert not tab.table.isColumnHidden(column(tab, "time_source"))
    finally:
        close_window(qtbot, again)


def test_the_staff_picker_opens_with_f4_enter_and_double_click(qtbot: Any, window: Any,
                                                                answers: Any) -> None:
    open_example(window)
    tab = window.workspace.activities
    table = tab.table
    activate(qtbot, window)
    table.setFocus()
    table.setCurrentIndex(tab.view.index(0, column(tab, "staff")))
    answers.will("pick_uses", (("TMP", Decimal(2)), ("TDU", Decimal("0.5"))))
    qtbot.keyClick(table, Qt.Key.Key_F4)
    _name, args = answers.asked[-1]
    title, _hint, rows, headers = args[1:]
    assert title == _("Staff of activity {row}").format(row=1)
    # The positions of the step's unit come first.
    assert [r.code for r in rows] == ["TMP", "SDU", "TDU"]
    assert rows[0].count == 1 and "S/" in rows[0].cost
    assert headers[2] == _("Headcount")
    staff = stored(window).staff
    assert [(u.position, u.count) for u in staff] == [("TMP", 2), ("TDU", Decimal("0.5"))]
    assert window.document.stack.undoText() == _("Change {field} of activity {row}").format(
        field=_("staff"), row=1)
    window.document.stack.undo()  # one command for the whole list
    assert [(u.position, u.count) for u in stored(window).staff] == [("TMP", 1)]
    # Enter on the resources cell: the resources picker; Cancel changes nothing.
    table.setCurrentIndex(tab.view.index(0, column(tab, "resources")))
    answers.will("pick_uses", None)
    count = window.document.stack.count()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert answers.asked[-1][1][1] == _("Resources of activity {row}").format(row=1)
    assert [r.code for r in answers.asked[-1][1][3]] == ["A4", "FOLDER", "MOV"]
    assert window.document.stack.count() == count
    assert table.currentIndex().row() == 0, "Enter opened the picker instead of moving"
    # A double-click on a staff cell opens it too.
    answers.will("pick_uses", (("TDU", Decimal(1)),))
    rect = table.visualRect(tab.view.index(4, column(tab, "staff")))
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert [(u.position, u.count) for u in stored(window, 4).staff] == [("TDU", 1)]
    # Typing codes keeps working.
    table.setCurrentIndex(tab.view.index(1, column(tab, "staff")))
    type_cell(qtbot, table, "2×TMP, SDU", key=Qt.Key.Key_Return)
    assert [(u.position, u.count) for u in stored(window, 1).staff] == [("TMP", 2), ("SDU", 1)]


def test_the_picker_dialog_is_typed_with_the_keyboard(qtbot: Any, qtmodeltester: Any) -> None:
    from ui.screens.uses_picker import COUNT, PickRow, UsesPicker

    rows = [PickRow("TMP", "Técnico", "TD", "S/ 0.16 por minuto", Decimal(1)),
            PickRow("TDU", "Técnico DU", "DU", "S/ 0.20 por minuto"),
            PickRow("SDU", "Subgerente", "DU", "S/ 0.41 por minuto")]
    dialog = UsesPicker("Personal", "¿Quién?", rows, ("Unidad", "Costo", "Personas"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtmodeltester.check(dialog.model)
    table = dialog.table
    assert table.currentIndex().row() == 0 and table.currentIndex().column() == COUNT
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Space)  # 0 -> 1
    qtbot.keyClick(table, Qt.Key.Key_Plus)  # 1 -> 2
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_3)  # starts the spin box with the 3 typed
    spin = dialog.focusWidget()
    assert spin is not table
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState, timeout=2000)
    assert dialog.model.row(2).count == 3
    qtbot.keyClick(table, Qt.Key.Key_Up)
    qtbot.keyClick(table, Qt.Key.Key_Up)
    qtbot.keyClick(table, Qt.Key.Key_Delete)  # TMP back to 0
    assert dialog.chosen() == (("TDU", Decimal(2)), ("SDU", Decimal(3)))
    qtbot.keyClick(table, Qt.Key.Key_Return)  # Enter accepts
    assert dialog.result() == dialog.DialogCode.Accepted
