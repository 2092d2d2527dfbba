"""Messages a clerk understands: the field named as the screen names it, shown where
the clerk is (beside the cell, in the dialog), gone once fixed; what cannot be done is
disabled with the reason instead of asked and then refused."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from procedures.errors import InputError, Location, Problem, ProblemCode
from procedures.i18n import _, set_default_language
from procedures.services.queries import entity_snapshot
from tests.ui.conftest import EXAMPLE
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
    # A package file's places, in the screen's words too.
    ("entities[0].procedures[2].versions[0].activities[4].unit",
     "Municipalidad 1 › Procedimiento 3 › Versión 1 › Fila 5, Unidad"),
    ("entities[1].units[3].code", "Municipalidad 2 › Unidad 4 › Código (Unidades)"),
    ("entities[0].procedures[0].requirements", "Municipalidad 1 › Procedimiento 1 › Requisitos"),
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
    # A path inside the core's words is worded as well; the code words an empty message.
    inside = error_text(InputError(Problem(Location(path="unit.code"),
                                           "también en entities[0].units[0].code")))
    assert inside == "Código (Unidades): también en Municipalidad 1 › Unidad 1 › " \
        "Código (Unidades)"
    assert error_text(ValueError("version: no existe")) == "Versión: no existe"
    for code in ProblemCode:
        worded = error_text(InputError(Problem(Location(path="unit.code"), "", code)))
        assert worded.startswith("Código (Unidades): ") and len(worded) > 22, code
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


#: A path or internal name of the core, in any message the window shows.
LEAK = re.compile(r"\w+\[\d+\]|\b(?:position|unit|resource|procedure|version|entity|"
                  r"non_working_day|requirements|activities)\.\w+|"
                  r"(?m:^(?:version|procedure|settings|activities|requirements|entity)"
                  r"(?:\.\w+)?: )")


@pytest.mark.parametrize("language", ["es", "en"])
def test_no_refusal_names_an_internal_field(qtbot: Any, window: Any, answers: Any,
                                           tmp_path: Path, language: str) -> None:
    """Walk the refusals a clerk meets — cells, the TUPA form, versions, the settings,
    a package import, a paste — and read every message the window shows."""
    from ui import file_ops
    from ui.screens.entity_settings import EntitySettings

    set_default_language(language)
    open_example(window)
    activate(qtbot, window)
    shown: list[str] = []
    window.document.refused.connect(shown.append)
    workspace = window.workspace
    edits = workspace.activities.edits
    # The step table: a rule broken, an empty description, a unit that is not there.
    for key, value in (("minutes", Decimal(-5)), ("description", ""),
                       ("unit", "XX"), ("probability", Decimal(0))):
        assert not edits.set_field(2, key, value)
        shown.append(workspace.activities.problem.text())
    assert any(_("Row {row}, {column}").format(row=3, column=_("Min.")) in t for t in shown)
    # The TUPA form: an empty code, another procedure's code, an empty name.
    tupa = workspace.tupa
    for key, value in (("code", ""), ("name", ""), ("plazo", -3)):
        tupa._commit(key, value)
        shown.append(tupa.problems.text())
        assert tupa.problems.text(), key
    tupa._commit("name", "Certificado de posesión")
    assert tupa.problems.text() == "", "fixed: the message goes"
    # Versions: a name used already, twice.
    answers.will("error", None, None)
    assert not workspace.new_proposal("Actual") and workspace.new_proposal("Propuesta")
    assert not workspace.rename_version("Actual")
    # The settings: a unit's code twice.
    dialog = EntitySettings(window.document, "060101", window)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    dialog.tabs.setCurrentIndex(1)
    units = dialog.units
    table = units.table
    table.setFocus()
    row = next(r for r in range(units.model.row_count) if units.model.row(r).code == "TD")
    table.setCurrentIndex(units.model.index(row, 0))
    type_cell(qtbot, table, "DU", Qt.Key.Key_Return)
    shown.append(dialog.problems.text())
    assert shown[-1].startswith(_("Code (Units)") + ": "), shown[-1]
    dialog.reject()
    # A package with a unit twice, negative minutes, an unknown unit and no name.
    package = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    entity = package["entities"][0]
    entity["units"].append(dict(entity["units"][0]))
    steps = entity["procedures"][0]["versions"][0]["activities"]
    steps[1]["minutes"], steps[2]["unit"] = -5, "XX"
    entity["procedures"][0]["name"] = ""
    bad = tmp_path / "malo.tramite.json"
    bad.write_text(json.dumps(package), encoding="utf-8")
    answers.will("error", None)
    file_ops.run_import(window, window.document, window.statusBar(), str(bad))
    qtbot.waitUntil(lambda: len([a for a in answers.asked if a[0] == "error"]) == 3,
                    timeout=10000)
    errors = [a[1] for a in answers.asked if a[0] == "error"]
    shown += [str(part) for args in errors for part in args[2:]]
    imported = errors[-1][2]
    assert _("Row {n}").format(n=2) + ", " + _("Min.") in imported, imported
    assert _("Code (Units)") in imported
    # A paste whose cells cannot be read.
    answers.will("error", None)
    assert not edits.paste_rows("Revisar\tTD\trevision\tCONTROL\tmucho\n", 1, "TD")
    shown += [str(part) for part in answers.asked[-1][1][2:]]
    assert len(shown) > 12
    leaks = [text for text in shown if LEAK.search(text)]
    assert not leaks, leaks
