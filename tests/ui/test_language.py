"""Languages: Qt's own dialogs speak Spanish by default, and Preferences switches the
whole window to English (and back) at once, keeping the open work and its undo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
)

from procedures.i18n import current_language
from tests.ui.conftest import wait_figures
from tests.ui.test_versions import open_example


def test_qt_standard_dialogs_are_in_spanish_by_default(qtbot: Any) -> None:
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel
                           | QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "Cancelar"
    assert box.button(QMessageBox.StandardButton.Ok).text() == "Aceptar"
    assert box.button(QMessageBox.StandardButton.Yes).text().replace("&", "") == "Sí"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Close).text() == "Cerrar"
    ask = QInputDialog()
    qtbot.addWidget(ask)
    ask.setLabelText("Nombre")
    ask.show()
    assert {b.text() for b in ask.findChildren(QPushButton)} == {"Aceptar", "Cancelar"}
    ask.hide()
    files = QFileDialog(None, "Abrir")
    qtbot.addWidget(files)
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    labels = {label.text() for label in files.findChildren(QLabel) if label.text()}
    # Two of these are missing in Qt's own catalogue; ui.qt_gaps supplies them.
    assert {"&Ver en:", "&Nombre de fichero:", "Ficheros de &tipo:"} <= labels


def test_preferences_switch_the_language_at_once(qtbot: Any, qapp: Any, example_db: Path,
                                                 settings: Any, answers: Any) -> None:
    from ui.app import Controller, install_language

    controller = Controller(qapp, settings)
    try:
        assert controller.open(str(example_db))
        first = controller.window
        open_example(first)
        assert first.workspace.new_proposal("Sin espera")
        proposal = first.workspace.version
        first.workspace.tabs.setCurrentIndex(2)
        assert first.menuBar().actions()[0].text() == "&Archivo"
        assert first.document.stack.undoText() == "Nueva propuesta Sin espera"
        answers.will("preferences", ("en", "Ana"))
        first.commands["preferences"].trigger()
        window = controller.window
        assert window is not first and current_language() == "en"
        assert [a.text() for a in window.menuBar().actions()][:3] == ["&File", "&Edit", "&View"]
        workspace = window.workspace
        assert workspace.tabs.tabText(2) == "Activities"
        assert workspace.activities.model.headerData(0, Qt.Orientation.Horizontal) \
            == "Activity"
        # The open work is kept: procedure, version, tab, and the undo history.
        assert workspace.version == proposal and workspace.tabs.currentIndex() == 2
        wait_figures(qtbot, window)
        assert window.figure_labels["days"].text().startswith("Lead time:")
        box = QMessageBox()
        qtbot.addWidget(box)
        box.setStandardButtons(QMessageBox.StandardButton.Cancel)
        assert box.button(QMessageBox.StandardButton.Cancel).text() == "Cancel"
        assert window.document.stack.canUndo()
        # The history made in Spanish now reads in English.
        assert window.document.stack.undoText() == "New proposal Sin espera"
        window.document.stack.undo()  # the proposal made in Spanish goes away
        assert [v.name for v in workspace.header.versions] == ["Actual"]
        assert settings.value("general/language") == "en"
        # And back to Spanish.
        answers.will("preferences", ("es", "Ana"))
        window.commands["preferences"].trigger()
        assert controller.window.workspace.tabs.tabText(2) == "Actividades"
        assert controller.window.menuBar().actions()[0].text() == "&Archivo"
    finally:
        install_language(qapp, "es")
        if controller.window is not None:
            controller.window.close()
        if controller.document is not None:
            controller.document.close()


def test_settings_edits_are_worded_again_in_the_new_language(qtbot: Any, window: Any) -> None:
    """An edit made in the municipality's settings (a column of its unit table) reads
    in English after the switch, like every other undo text."""
    from procedures.i18n import use_language
    from ui.screens.entity_settings import EntitySettings

    dialog = EntitySettings(window.document, "060101", window)
    qtbot.addWidget(dialog)
    units = dialog.units
    code = units.model.row(0).code
    assert units._edit(units.model.key(0), "name", "Mesa de Partes Virtual")
    stack = window.document.stack
    assert stack.undoText() == f"Cambiar nombre de {code}"
    with use_language("en"):
        window.document.retranslate_history()
        assert stack.undoText() == f"Change name of {code}"
    window.document.retranslate_history()
    assert stack.undoText() == f"Cambiar nombre de {code}"
