"""What cannot be done is disabled, and says why: every command of the window (menus,
toolbar, shortcuts, the buttons that do the same) walked in the states a clerk meets —
a database with nothing in it, the as-is version on show, a proposal, a read-only
database — and every disabled one carries its reason as tooltip and status tip."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QMenu, QToolBar

from procedures.i18n import _
from procedures.services.database import read_only_reason
from tests.ui.helpers import activate
from tests.ui.test_versions import open_example
from ui.actions import SPECS
from ui.screens.workspace import FLOW

GENERIC = {_(spec.tip) for spec in SPECS if spec.tip}


def every_action(window: Any) -> list[QAction]:
    """The window's commands, what its menus (the recent list filled) and toolbars
    hold; submenus and separators left out."""
    window._fill_recent()
    found: list[QAction] = list(window.actions())
    menus = [a.menu() for a in window.menuBar().actions() if a.menu()]
    while menus:
        menu = menus.pop()
        assert isinstance(menu, QMenu)
        for action in menu.actions():
            if action.menu():
                menus.append(action.menu())
            elif not action.isSeparator():
                found.append(action)
    for bar in window.findChildren(QToolBar):
        found += [a for a in bar.actions() if not a.isSeparator()]
    return list({id(a): a for a in found}.values())


def unexplained(window: Any) -> list[str]:
    """The disabled commands and buttons that do not say why."""
    bad = []
    for action in every_action(window):
        if action.isEnabled():
            continue
        text = action.text().replace("&", "")
        tip, status = action.toolTip(), action.statusTip()
        if not tip or tip in GENERIC or tip.replace("&", "") == text or not status:
            bad.append(text)
    buttons = [*window.empty.buttons.values(), *window.workspace.buttons.values(),
               *window.workspace.flow.edit_buttons.values()]
    for button in buttons:
        assert isinstance(button, QAbstractButton)
        if not button.isEnabled() and not button.toolTip():
            bad.append(button.text() or button.objectName() or "button")
    return bad


def disabled(window: Any) -> dict[str, str]:
    return {name: window.commands[name].toolTip() for name in window.commands.names()
            if not window.commands[name].isEnabled()}


def test_nothing_in_the_database(qtbot: Any, empty_window: Any) -> None:
    window = empty_window
    activate(qtbot, window)
    assert not unexplained(window)
    off = disabled(window)
    assert "demo" not in off and "import" not in off and "open_database" not in off
    assert off["new_procedure"] == _("The database has no municipality yet: load the demo "
                                     "data or import a package (File menu).")
    for name in ("export", "new_proposal", "delete_version", "insert_row", "sort"):
        assert off[name] == _("Open a procedure first: choose it in the list on the left.")
    assert "undo" in off and "redo" in off
    assert not window.commands.tabs[0].isEnabled() and window.commands.tabs[0].toolTip()
    assert not window.empty.buttons["new"].isEnabled() or \
        not window.empty.buttons["new"].isVisible()


def test_the_as_is_version_and_a_proposal(qtbot: Any, window: Any) -> None:
    open_example(window)
    activate(qtbot, window)
    assert not unexplained(window)
    off = disabled(window)
    assert off["delete_version"] == window.workspace.why_not_delete_version()
    assert window.workspace.buttons["delete"].toolTip() == off["delete_version"]
    assert "previous_version" in off and "next_version" in off, "one version only"
    assert "show_all" in off and "export" not in off and "new_proposal" not in off
    # The flowchart's edit buttons wait for a selected step (the diagram is drawn when
    # its tab is shown).
    window.show_tab(FLOW)
    flow = window.workspace.flow
    assert not flow.edit_buttons["rename"].isEnabled()
    assert flow.edit_buttons["add-row"].isEnabled()
    flow.scene.select_rows([2])
    flow.scene.activity_selected.emit([2])
    assert flow.edit_buttons["rename"].isEnabled()
    # Replace all waits for the words to find.
    bar = window.workspace.activities.replace
    bar.open_bar()
    assert not bar.button.isEnabled() and bar.button.toolTip() == _(
        "Type the words to find first.")
    bar.find_text.setText("expediente")
    assert bar.button.isEnabled() and bar.button.toolTip() != _(
        "Type the words to find first.")
    bar.close_bar()
    # A proposal: it can be deleted; the as-is one is before it.
    assert window.workspace.new_proposal("Propuesta")
    assert not unexplained(window)
    off = disabled(window)
    assert "delete_version" not in off and "previous_version" not in off
    assert off["next_version"] == _("This is the last version of the procedure.")
    assert "undo" not in off
    assert window.commands["undo"].toolTip() == window.commands["undo"].text()
    # Sorted, rows cannot be moved; showing all again can be done.
    window.workspace.activities.view.sort(4)
    window._update_actions()
    off = disabled(window)
    assert "move_up" in off and "show_all" not in off
    assert not unexplained(window)


def test_a_read_only_database(qtbot: Any, window: Any) -> None:
    open_example(window)
    activate(qtbot, window)
    # What a file the program cannot write says (the check itself is below).
    window.document.read_only = read_only_reason_for_test()
    window._update_actions()
    assert not unexplained(window)
    off = disabled(window)
    reason = window.document.read_only
    for name in ("new_procedure", "import", "demo", "insert_row", "paste", "new_proposal",
                 "delete_procedure", "entity_settings", "find_replace"):
        assert off[name] == reason, name
    for name in ("export", "report", "copy", "filter", "backup_database", "check_database"):
        assert name not in off, name
    assert all(not b.isEnabled() and b.toolTip() == reason
               for b in window.workspace.flow.edit_buttons.values())
    # A change that gets through anyway (typing in a cell) is refused with the reason.
    before = window.workspace.activities.model.rows
    assert not window.workspace.activities.edits.set_field(0, "description", "Otra")
    assert window.workspace.activities.model.rows == before
    assert window.statusBar().currentMessage() == reason


def test_a_read_only_database_says_so_in_the_title(qtbot: Any, example_db: Path,
                                                  settings: Any) -> None:
    """The window opened on a database it cannot write names it read-only, and the
    status bar's database name gives the reason."""
    from models.db import open_database
    from ui.document import Document
    from ui.main_window import MainWindow

    document = Document(open_database(example_db), "prueba")
    document.read_only = read_only_reason_for_test()
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    try:
        assert window.windowTitle().endswith(_("{database} (read-only)").format(
            database=example_db.name))
        assert document.read_only in window.status_figures.database.toolTip()
        assert not window.commands["new_procedure"].isEnabled()
        # The tables show their cells and open no editor (nothing to refuse after typing).
        open_example(window)
        for model in (window.workspace.activities.model, window.workspace.requirements.model):
            flags = model.flags(model.index(0, 0))
            assert flags & Qt.ItemFlag.ItemIsSelectable
            assert not flags & (Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable)
    finally:
        window.close()
        document.close()


def read_only_reason_for_test() -> str:
    return _("The database {file} is read-only (the file or its folder cannot be "
             "written): it can be read, printed and exported, not changed. Open a "
             "copy you can write to.").format(file="prueba.sqlite")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes any file")
def test_a_file_that_cannot_be_written_is_read_only(tmp_path: Path) -> None:
    path = tmp_path / "prueba.sqlite"
    path.write_bytes(b"")
    assert read_only_reason(path) == ""
    path.chmod(0o444)
    assert read_only_reason(path) == read_only_reason_for_test()
    path.chmod(0o644)
    tmp_path.chmod(0o555)
    try:
        assert read_only_reason(path)
    finally:
        tmp_path.chmod(0o755)


def test_a_unit_still_in_use_cannot_be_deleted_and_says_why(qtbot: Any, window: Any) -> None:
    """The settings' Delete button is disabled, with the reason, on a unit the steps
    use; on one nothing uses it deletes (no refusal after the click)."""
    from ui.screens.entity_settings import EntitySettings

    dialog = EntitySettings(window.document, "060101", window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(1)
    units = dialog.units

    def choose(code: str) -> None:
        row = next(r for r in range(units.model.row_count) if units.model.row(r).code == code)
        units.table.setCurrentIndex(units.model.index(row, 0))

    choose("TD")  # five steps, a position and the procedure's "filed at" use it
    assert not units.remove.isEnabled()
    assert units.remove.toolTip() == _("{code} is still used in {n} places (activities, "
                                       "positions or procedures); change those "
                                       "first").format(code="TD", n=7)
    choose("OT")  # nothing uses it
    assert units.remove.isEnabled()
    assert units.delete_selected()
    assert "OT" not in [u.code for u in units.model.rows]
    window.document.stack.undo()
    units.table.setCurrentIndex(units.model.index(-1, -1))
    units.explain_remove()
    assert not units.remove.isEnabled() and units.remove.toolTip()
    dialog.reject()
