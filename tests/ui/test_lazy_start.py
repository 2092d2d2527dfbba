"""What the window does not load to appear: the overview is built when a municipality is
first chosen; the dialogs, the file formats, the reports and Alembic are imported when
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
    assert window.stack.count() == 2, "the empty state and the workspace only"
    assert window.show_overview("060101")
    assert window.stack.currentWidget() is window.overview
    assert window.stack.count() == 3
    assert window.panes()[-1] is window.overview.procedures
