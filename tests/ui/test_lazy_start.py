"""What the window does not load to appear: the overview is built when a municipality is
first chosen, the procedure's tabs (the workspace) when a procedure is first opened or a
command reaches them; the dialogs, the file formats, the reports and Alembic are imported when
first used (checked in a fresh process, where nothing else imported them)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

NOT_TO_SHOW_THE_WINDOW = (
    "alembic", "openpyxl", "reportlab", "PIL", "PySide6.QtPdf", "ui.copy_ops",
    "ui.file_ops", "ui.screens.overview", "ui.screens.report_dialog",
    "ui.screens.history_view", "ui.screens.entity_settings", "ui.screens.help",
    "procedures.exchange", "procedures.reports",
    # the open procedure's tabs
    "ui.screens.workspace", "ui.screens.activities_tab", "ui.screens.activity_table",
    "ui.flowchart.view", "ui.screens.costs_tab", "ui.screens.comparison_tab",
    "ui.screens.requirements_tab", "PySide6.QtSvg",
)

SHOW = """
import sys
from models.db import open_database
from ui.app import create_application, install_language
from ui.document import Document
from ui.main_window import MainWindow
from ui.settings import AppSettings

app = create_application()
install_language(app, "es")
window = MainWindow(Document(open_database(sys.argv[1])), AppSettings())
window.show()
app.processEvents()
names = sys.argv[2].split(",")
print(",".join(name for name in names if name in sys.modules))
window.close()
"""


def test_the_window_appears_without_what_it_does_not_show(example_db: Path,
                                                         tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", SHOW, str(example_db),
                             ",".join(NOT_TO_SHOW_THE_WINDOW)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"imported to show the window: {result.stdout}"


def test_the_overview_is_built_when_a_municipality_is_chosen(window: Any) -> None:
    assert window._overview is None
    assert window.stack.count() == 1, "the empty state only"
    assert window.show_overview("060101")
    assert window.stack.currentWidget() is window.overview
    assert window.stack.count() == 2
    assert window.panes()[-1] is window.overview.procedures


def test_the_workspace_is_built_when_a_procedure_is_opened(window: Any) -> None:
    assert window._workspace is None
    assert window.open_uuid() == "" and window.open_version() == ""
    state = window.action_state()
    assert not state.procedure_open and state.version_count == 0
    assert not window.commands["new_proposal"].isEnabled()
    window.copy()  # commands of the tabs do nothing while nothing is open
    window.delete()
    window.move_rows(1)
    window.save_state()
    assert window._workspace is None
    uuid = window.document.read(_first_procedure)
    assert window.open_procedure(uuid)
    assert window._workspace is not None
    assert window.stack.currentWidget() is window.workspace
    assert window.open_uuid() == uuid and window.open_version()
    assert window.commands["new_proposal"].isEnabled()
    assert window.workspace.buttons["new-proposal"].isEnabled()


def test_the_columns_menu_is_filled_when_it_opens_first(window: Any) -> None:
    """The View ▸ Columns menu exists from the start; opening it builds the workspace,
    whose column choices it then holds (checked as set in the settings)."""
    menu = window._columns_menu
    assert menu.actions() == []
    menu.aboutToShow.emit()
    assert window._workspace is not None
    keys = list(window.workspace.activities.columns.actions)
    assert len(menu.actions()) == len(keys) > 3
    assert menu.actions()[0] is window.workspace.activities.columns.actions[keys[0]]


def _first_procedure(session: Any) -> str:
    from procedures.services.queries import procedure_index

    return str(procedure_index(session)[0].uuid)


def test_the_program_builds_the_workspace_once_the_window_is_up(
        qapp: Any, qtbot: Any, settings: Any, example_db: Path) -> None:
    """Started as the program starts it, the window is shown without the procedure's
    tabs, which are built a moment later (the first procedure opened does not wait)."""
    from ui.app import WORKSPACE_AFTER_MS, Controller

    controller = Controller(qapp, settings)
    try:
        assert controller.open(str(example_db), check_later=True)
        window = controller.window
        assert window is not None and window.isVisible()
        assert window._workspace is None
        qtbot.waitUntil(lambda: window._workspace is not None,
                        timeout=WORKSPACE_AFTER_MS + 5000)
        assert window.stack.currentWidget() is window.empty
        assert window.open_uuid() == ""
        assert len(window._columns_menu.actions()) > 3
    finally:
        if controller.window is not None:
            controller.window.close()
        controller.finish()
        if controller.document is not None:
            controller.document.close()
