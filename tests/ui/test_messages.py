"""Messages a clerk understands: the field named as the screen names it, shown where
the clerk is (beside the cell, in the dialog), gone once fixed; what cannot be done is
disabled with the reason instead of asked and then refused."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt

from procedures.errors import InputError, Location, Problem, ProblemCode
from procedures.i18n import _
from procedures.services.queries import entity_snapshot
from tests.ui.helpers import activate, activity_rows, type_cell
from tests.ui.test_versions import open_example
from ui.field_words import FIELD_WORDS, error_text, field_words

INTERNAL = ("activities[", "position.", "unit.", "version", "procedure.", "resource.",
            "entity.", "requirements[")


@pytest.mark.parametrize("path, words", [
    ("activities[3].minutes", "Fila 4, Min."),
    ("requirements[0].cost", "Fila 1, Costo para el ciudadano"),
    ("position.code", "Código (Cargos)"),
    ("unit.code", "Código (Unidades)"),
    ("version.name", "Nombre de la versión"),
    ("procedure.name", "Nombre"),
    ("resource.tupa_factor.TD", "Factor TUPA (Recursos) de TD"),
])
def test_paths_are_worded_as_the_screen_names_them(path: str, words: str) -> None:
    assert field_words(path) == words
    text = error_text(InputError(Problem(Location(path=path), "no vale")))
    assert text == f"{words}: no vale"


def test_every_field_has_words_and_no_path_leaks() -> None:
    for path, msgid in FIELD_WORDS.items():
        assert _(msgid) and _(msgid) != path
    counted = error_text(InputError(Problem(Location(path="activities[2].minutes", row=3),
                                            "faltan")))
    assert counted == "Fila 3, Min.: faltan", "the row is said once"
    unknown = error_text(InputError(Problem(Location(path="something.new"), "mal")))
    assert unknown == "mal"
    missing = error_text(InputError(Problem(Location(path="position.name"), "",
                                            ProblemCode.MISSING_FIELD)))
    assert missing == "Nombre (Cargos): " + _("this field cannot be empty")


def test_a_refused_cell_says_why_beside_it_and_the_message_goes_when_fixed(
        qtbot: Any, window: Any) -> None:
    open_example(window)
    tab = window.workspace.activities
    window.workspace.tabs.setCurrentWidget(tab)
    activate(qtbot, window)
    table = tab.table
    table.setFocus()
    table.setCurrentIndex(tab.view.index(2, tab.view.column_of("minutes")))
    before = activity_rows(window)
    type_cell(qtbot, table, "-5", Qt.Key.Key_Return)  # reads as a number, breaks a rule
    assert activity_rows(window) == before
    shown = tab.problem.text()
    assert shown.startswith(_("Row {row}, {column}").format(row=3, column=_("Min.")) + ": ")
    assert not any(word in shown for word in INTERNAL)
    status = window.statusBar().currentMessage()
    assert status == shown
    qtbot.keyClick(table.focusWidget() or table, Qt.Key.Key_Escape)
    table.setCurrentIndex(tab.view.index(2, tab.view.column_of("minutes")))
    type_cell(qtbot, table, "20", Qt.Key.Key_Return)
    assert activity_rows(window)[2][4] == Decimal(20)
    assert tab.problem.text() == "" and window.statusBar().currentMessage() == ""


def test_settings_errors_show_in_the_dialog_in_the_screen_s_words(qtbot: Any,
                                                                  window: Any) -> None:
    from ui.screens.entity_settings import EntitySettings

    dialog = EntitySettings(window.document, "060101", window)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    assert dialog.focusWidget() is dialog.fields["name"], "the keyboard starts on a field"
    dialog.tabs.setCurrentIndex(2)
    positions = dialog.positions
    table = positions.table
    table.setFocus()
    row = next(r for r in range(positions.model.row_count)
               if positions.model.row(r).code == "TDU")
    table.setCurrentIndex(positions.model.index(row, 0))
    type_cell(qtbot, table, "TMP", Qt.Key.Key_Return)  # the code of another position
    codes = [p.code for p in window.document.read(entity_snapshot, "060101").positions]
    assert codes.count("TMP") == 1
    message = dialog.problems.text()
    assert message.startswith(_("Code (Positions)") + ": "), message
    assert "position.code" not in message and dialog.problems.isVisible()
    table.setCurrentIndex(positions.model.index(row, 0))
    type_cell(qtbot, table, "TDU2", Qt.Key.Key_Return)
    assert dialog.problems.text() == ""
    # A text the cell cannot read is named by its column and page, in the dialog too.
    table.setCurrentIndex(positions.model.index(row, positions.model.column_of("annual_cost")))
    editor = type_cell(qtbot, table, "mucho", Qt.Key.Key_Return)
    assert dialog.problems.text().startswith(_("Annual cost") + " (" + _("Positions") + "): ")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    dialog.reject()


def test_deleting_the_as_is_version_is_disabled_with_the_reason(qtbot: Any,
                                                               window: Any) -> None:
    open_example(window)
    action = window.commands["delete_version"]
    reason = window.workspace.why_not_delete_version()
    assert not action.isEnabled() and action.toolTip() == reason and reason
    assert window.workspace.buttons["delete"].toolTip() == reason
    assert not window.workspace.delete_version()  # asks nothing (no dialog is scripted)
    assert window.workspace.new_proposal("Propuesta")
    assert action.isEnabled() and action.toolTip() != reason
