"""A clerk creates a procedure and types its steps with the keyboard only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from procedures.i18n import _, ngettext
from tests.ui.conftest import wait_figures
from tests.ui.helpers import activate, activity_rows, focused, type_cell

STEPS = [
    ("Presentar la solicitud", "Ciudadano", "operacion", "VA", "15"),
    ("Recibir y verificar requisitos", "TD", "rev", "CONTROL", "10"),
    ("Registrar y derivar", "TD", "operacion", "CONTROL", "5"),
    ("Llevar el expediente a DU", "TD", "traslado", "SVA", "15"),
    ("Espera en bandeja", "DU", "espera", "SVA", "2d"),
    ("Inspección de campo", "DU", "operacion", "VA", "1h30"),
    ("Informe técnico y proyecto", "DU", "operacion", "VA", "45"),
    ("Revisar y firmar", "DU", "revision", "CONTROL", "10"),
]


def create_procedure(qtbot: Any, window: Any, answers: Any) -> str:
    window.navigator.filter_now("Cajamarca")
    index = window.navigator.model.entity_index("060101")
    window.navigator.tree.setCurrentIndex(index)
    answers.will("new_procedure", ("PA-20", "Licencia de anuncio publicitario"))
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.workspace.header is not None
    assert window.workspace.header.code == "PA-20"
    return window.workspace.procedure


def type_steps(qtbot: Any, window: Any, steps: list[tuple[str, ...]]) -> None:
    table = window.workspace.activities.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(table.model().row_count, 0))
    for number, (description, unit, kind, value, minutes) in enumerate(steps, start=1):
        type_cell(qtbot, table, description)
        type_cell(qtbot, table, unit)
        type_cell(qtbot, table, kind)
        type_cell(qtbot, table, value)
        type_cell(qtbot, table, minutes, Qt.Key.Key_Return)
        # Stored at once, row by row: no Save button.
        assert len(activity_rows(window)) == number
        current = table.currentIndex()
        assert (current.row(), current.column()) == (number, 0), "Enter goes down"


def test_create_a_procedure_and_type_eight_activities(qtbot: Any, window: Any,
                                                      answers: Any) -> None:
    create_procedure(qtbot, window, answers)
    assert window.workspace.tabs.currentWidget() is window.workspace.activities
    type_steps(qtbot, window, STEPS)
    rows = activity_rows(window)
    assert rows[0] == ("Presentar la solicitud", None, "operacion", "VA", Decimal(15))
    assert rows[1][1:4] == ("TD", "revision", "CONTROL")
    assert rows[4][4] == Decimal(960)  # 2 working days of 480 minutes
    assert rows[5][4] == Decimal(90)
    assert [r[0] for r in rows] == [s[0] for s in STEPS]
    measured = wait_figures(qtbot, window)
    assert measured.metrics.activities == 8
    assert window.figure_labels["days"].text() == _("Lead time: {days}").format(
        days=ngettext("{n} business day", "{n} business days", 3).format(n=3))


def test_reorder_undo_and_redo(qtbot: Any, window: Any, answers: Any) -> None:
    create_procedure(qtbot, window, answers)
    type_steps(qtbot, window, STEPS[:4])
    table = window.workspace.activities.table
    names = [s[0] for s in STEPS[:4]]
    table.setFocus()
    table.setCurrentIndex(table.model().index(2, 0))
    table.selectRow(2)
    qtbot.keyClick(table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    moved = [names[0], names[2], names[1], names[3]]
    assert [r[0] for r in activity_rows(window)] == moved
    stack = window.document.stack
    assert stack.undoText() == ngettext("Move activity {row}", "Move {n} activities", 1).format(
        row=3, n=1)
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [r[0] for r in activity_rows(window)] == names
    qtbot.keyClick(table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert [r[0] for r in activity_rows(window)] == moved
    # Undo everything typed: the rows disappear one by one, then come back.
    while stack.canUndo() and not stack.undoText().startswith(_("New procedure {code}")[:8]):
        stack.undo()
    assert activity_rows(window) == []
    while stack.canRedo():
        stack.redo()
    assert [r[0] for r in activity_rows(window)] == moved


def test_drag_and_drop_moves_rows(qtbot: Any, window: Any, answers: Any) -> None:
    create_procedure(qtbot, window, answers)
    type_steps(qtbot, window, STEPS[:3])
    model = window.workspace.activities.model
    data = model.mimeData([model.index(0, 0)])
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, model.index(-1, -1)) is False
    assert [r[0] for r in activity_rows(window)] == [STEPS[1][0], STEPS[2][0], STEPS[0][0]]
    window.document.stack.undo()
    assert [r[0] for r in activity_rows(window)] == [s[0] for s in STEPS[:3]]


def test_invalid_minutes_are_refused_at_the_cell(qtbot: Any, window: Any,
                                                 answers: Any) -> None:
    window.open_procedure(window.navigator.model.procedure_at(
        window.navigator.model.procedure_index("060101", _example(window))).uuid)
    table = window.workspace.activities.table
    model = table.model()
    before = activity_rows(window)
    table.setFocus()
    table.setCurrentIndex(model.index(2, model.column_of("minutes")))
    editor = type_cell(qtbot, table, "mucho", Qt.Key.Key_Return)
    assert focused() is editor, "the editor stays open on a value that cannot be read"
    assert "mucho" in editor.toolTip() and editor.styleSheet()
    assert window.statusBar().currentMessage()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert activity_rows(window) == before
    assert not window.document.stack.canUndo()
    # A negative number reads as a number but breaks the rule: refused too.
    type_cell(qtbot, table, "-5", Qt.Key.Key_Return)
    assert activity_rows(window) == before
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    # A good value goes in and is one undo step.
    type_cell(qtbot, table, "1h", Qt.Key.Key_Return)
    assert activity_rows(window)[2][4] == Decimal(60)
    assert window.document.stack.undoText() == _("Change {field} of activity {row}").format(
        field=_("minutes"), row=3)


def test_paste_rows_from_excel(qtbot: Any, window: Any, answers: Any) -> None:
    create_procedure(qtbot, window, answers)
    type_steps(qtbot, window, STEPS[:1])
    QApplication.clipboard().setText(
        "Recibir\tTD\tRevisión\tCONTROL\t10\t\t\t\tTMP\tA4\n"
        "Firmar\tDU\t■\tCONTROL\t0:10\n".replace("0:10", "10"))
    table = window.workspace.activities.table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    rows = activity_rows(window)
    assert [r[0] for r in rows] == ["Presentar la solicitud", "Recibir", "Firmar"]
    assert window.document.stack.undoText() == ngettext(
        "Paste {n} activity", "Paste {n} activities", 2).format(n=2)
    window.document.stack.undo()
    assert len(activity_rows(window)) == 1
    # Bad cells: nothing is pasted and the person is told which cells.
    QApplication.clipboard().setText("Uno\tXX\nDos\tTD\tbaile\n")
    answers.will("error", None)
    qtbot.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(activity_rows(window)) == 1
    ((_name, args),) = [a for a in answers.asked if a[0] == "error"]
    row = _("Row {row}, {column}: {message}")
    assert row.format(row=1, column=_("Unit"), message="")[:-1] in args[3]
    assert row.format(row=2, column=_("Type"), message="")[:-1] in args[3]


def test_copy_rows_as_tab_separated_text(qtbot: Any, window: Any) -> None:
    window.open_procedure(_first(window))
    table = window.workspace.activities.table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = QApplication.clipboard().text()
    assert text.count("\n") == 1 and text.split("\t")[1] == "TD"


def test_a_copied_row_pastes_back_whole(qtbot: Any, window: Any) -> None:
    """Copy then paste within the table keeps every column, the note and where the time
    came from included."""
    from dataclasses import replace
    from datetime import date

    from models.codes import TimeSource
    from ui.undo.activities import SetActivityField

    window.open_procedure(_first(window))
    tab = window.workspace.activities
    first = tab.model.row(0)
    for key, value in (("note", "Según acta"), ("time_source", TimeSource.MEASURED),
                       ("time_date", date(2026, 3, 15)), ("time_by", "J. Chávez")):
        assert window.document.push(SetActivityField(
            window.document, tab.procedure, tab.version, first.uid, 0, key, value))
    table = tab.table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    original, pasted = tab.model.row(0), tab.model.row(1)
    assert pasted.uid != original.uid
    assert replace(pasted, uid="", based_on="") == replace(original, uid="", based_on="")
    assert pasted.time_by == "J. Chávez" and pasted.time_source is TimeSource.MEASURED


def _first(window: Any) -> str:
    from procedures.services.queries import procedure_index

    return window.document.read(procedure_index)[0].uuid


def _example(window: Any) -> str:
    return _first(window)
