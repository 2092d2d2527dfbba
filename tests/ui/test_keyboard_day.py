"""A clerk's whole day by keys alone: find the municipality, a new procedure, ten steps
with their staff, a proposal, the comparison, the printed comparison. Only the answers
to the window's own questions (code and name, the proposal's name, the file) are
scripted; everything else is a key press on the widget that has the keyboard."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from procedures.services.queries import procedure_header
from tests.ui.helpers import activate, activity_rows, focused, type_cell, write

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
#: (description, unit, type, value, minutes, staff); staff "" for the citizen's steps.
STEPS = [
    ("Presentar la solicitud", "Ciudadano", "operacion", "VA", "15", ""),
    ("Recibir y verificar requisitos", "TD", "rev", "CONTROL", "10", "TMP"),
    ("Registrar y derivar", "TD", "operacion", "CONTROL", "5", "TMP"),
    ("Llevar el expediente a DU", "TD", "traslado", "SVA", "15", "TMP"),
    ("Espera en bandeja", "DU", "espera", "SVA", "2d", ""),
    ("Inspección de campo", "DU", "operacion", "VA", "1h30", "TDU"),
    ("Informe técnico", "DU", "operacion", "VA", "45", "TDU"),
    ("Revisar y firmar", "DU", "revision", "CONTROL", "10", "SDU"),
    ("Notificar al vecino", "TD", "operacion", "VA", "10", "TMP"),
    ("Recoger el certificado", "Ciudadano", "operacion", "VA", "20", ""),
]


def key(widget: Any, qtbot: Any, code: Qt.Key, modifiers: Any = Qt.KeyboardModifier.NoModifier
        ) -> None:
    qtbot.keyClick(widget, code, modifiers)


def accelerator(text: str) -> Qt.Key:
    letter = re.search(r"&(\w)", text)
    assert letter, text
    return Qt.Key(ord(letter.group(1).upper()))


def type_step(qtbot: Any, table: Any, step: tuple[str, ...]) -> None:
    description, unit, kind, value, minutes, staff = step
    for text in (description, unit, kind, value):
        type_cell(qtbot, table, text)
    if not staff:
        type_cell(qtbot, table, minutes, Qt.Key.Key_Return)
        return
    type_cell(qtbot, table, minutes)
    key(focused(), qtbot, Qt.Key.Key_Tab)  # the share of cases stays 100 %
    # Tab skips the check boxes (Space ticks them) and lands on the staff.
    type_cell(qtbot, table, staff, Qt.Key.Key_Return)


def test_a_day_of_work_by_keys_alone(qtbot: Any, window: Any, answers: Any,
                                     tmp_path: Path) -> None:
    activate(qtbot, window)
    # Find the municipality: Ctrl+F, type, Down into the list, Down to the municipality.
    key(window, qtbot, Qt.Key.Key_F, CTRL)
    search = window.navigator.search
    assert focused() is search
    write(qtbot, search, "cajamarca")
    key(search, qtbot, Qt.Key.Key_Down)
    assert focused() is window.navigator.tree
    key(window.navigator.tree, qtbot, Qt.Key.Key_Down)
    assert window.navigator.current_ubigeo() == "060101"
    # A new procedure: Ctrl+N; the keyboard lands in its step table.
    answers.will("new_procedure", ("PA-30", "Constancia de numeración"))
    key(focused(), qtbot, Qt.Key.Key_N, CTRL)
    table = window.workspace.activities.table
    assert focused() is table and window.workspace.header.code == "PA-30"
    key(table, qtbot, Qt.Key.Key_Home, CTRL)
    assert table.currentIndex().row() == 0 and table.model().is_placeholder(0)
    for number, step in enumerate(STEPS, start=1):
        type_step(qtbot, table, step)
        assert len(activity_rows(window)) == number
    rows = window.workspace.activities.model.rows
    assert [a.description for a in rows] == [s[0] for s in STEPS]
    assert [a.staff[0].position if a.staff else "" for a in rows] == [s[5] for s in STEPS]
    assert rows[4].minutes == Decimal(960) and rows[5].minutes == Decimal(90)
    # The keyboard leaves the table (Ctrl+Tab / F6): the list, the version, the table.
    key(table, qtbot, Qt.Key.Key_Tab, CTRL)
    assert focused() is window.navigator.tree
    key(focused(), qtbot, Qt.Key.Key_F6)
    assert focused() is window.workspace.versions
    key(focused(), qtbot, Qt.Key.Key_F6)
    assert focused() is table
    key(focused(), qtbot, Qt.Key.Key_F6, SHIFT)
    assert focused() is window.workspace.versions
    key(focused(), qtbot, Qt.Key.Key_Tab, CTRL | SHIFT)
    assert focused() is window.navigator.tree
    key(focused(), qtbot, Qt.Key.Key_F6, SHIFT)
    assert focused() is table
    # A proposal: Ctrl+Shift+N; without the waiting step (Del), and shorter inspection.
    answers.will("text", "Sin espera")
    key(focused(), qtbot, Qt.Key.Key_N, CTRL | SHIFT)
    header = window.document.read(procedure_header, window.workspace.procedure)
    proposal = header.versions[1].uuid
    assert window.workspace.version == proposal
    key(window, qtbot, Qt.Key.Key_3, CTRL)  # the Activities tab, the keyboard in its table
    assert focused() is table
    key(table, qtbot, Qt.Key.Key_Home, CTRL)
    for _step in range(4):
        key(table, qtbot, Qt.Key.Key_Down)
    assert table.model().index(4, 0).data() == "Espera en bandeja"
    key(table, qtbot, Qt.Key.Key_Delete)
    for _step in range(4):  # to the Min. column
        key(table, qtbot, Qt.Key.Key_Right)
    assert table.currentIndex().column() == table.model().column_of("minutes")
    type_cell(qtbot, table, "45", Qt.Key.Key_Return)
    assert [a[0] for a in activity_rows(window)][4] == "Inspección de campo"
    assert activity_rows(window)[4][4] == Decimal(45)
    # Versions by keys: back to the as-is one and forth again; or in the selector.
    key(table, qtbot, Qt.Key.Key_PageUp, CTRL | SHIFT)
    assert window.workspace.version == header.versions[0].uuid
    assert len(activity_rows(window)) == 10
    key(focused(), qtbot, Qt.Key.Key_PageDown, CTRL | SHIFT)
    assert window.workspace.version == proposal
    key(focused(), qtbot, Qt.Key.Key_F6, SHIFT)
    assert focused() is window.workspace.versions
    key(focused(), qtbot, Qt.Key.Key_Up)
    assert window.workspace.version == header.versions[0].uuid
    key(focused(), qtbot, Qt.Key.Key_Down)
    assert window.workspace.version == proposal
    # The comparison: Ctrl+7.
    key(focused(), qtbot, Qt.Key.Key_7, CTRL)
    comparison = window.workspace.comparison
    assert window.workspace.tabs.currentWidget() is comparison
    qtbot.waitUntil(lambda: "Espera en bandeja" in comparison.browser.toPlainText(), timeout=10_000)
    # Print it: Ctrl+P, Down to "Comparison", Alt+<save> and the file.
    from ui.screens.report_dialog import ReportDialog

    key(focused(), qtbot, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(ReportDialog)),
                    timeout=5000)
    dialog = next(d for d in window.findChildren(ReportDialog) if d.isVisible())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.radios["guide"],
                    timeout=5000)
    for _step in range(3):  # guide -> booklet -> sheet -> comparison
        key(focused(), qtbot, Qt.Key.Key_Down)
    assert dialog.kind().key == "comparison"
    pdf = tmp_path / "comparacion.pdf"
    answers.will("save_file", str(pdf))
    key(focused(), qtbot, accelerator(dialog.save_button.text()),
        Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not window.document.tasks.busy and pdf.exists(), timeout=60_000)
    assert pdf.read_bytes().startswith(b"%PDF")


def test_enter_right_after_typing_in_the_search_box_opens_what_was_typed(
        qtbot: Any, window: Any) -> None:
    activate(qtbot, window)
    key(window, qtbot, Qt.Key.Key_F, CTRL)
    search = window.navigator.search
    write(qtbot, search, "posesion")
    key(search, qtbot, Qt.Key.Key_Return)  # before the typing pause has filtered the list
    assert window.workspace.header is not None
    assert "posesión" in window.workspace.header.name.lower()


def test_ctrl_and_a_number_puts_the_keyboard_in_the_tab(qtbot: Any, window: Any) -> None:
    from tests.ui.test_versions import open_example

    open_example(window)
    activate(qtbot, window)
    expected = {Qt.Key.Key_1: window.workspace.tupa.fields["code"],
                Qt.Key.Key_2: window.workspace.requirements.table,
                Qt.Key.Key_3: window.workspace.activities.table,
                Qt.Key.Key_4: window.workspace.flow.view}
    for number, widget in expected.items():
        key(window, qtbot, number, CTRL)
        assert focused() is widget, number
