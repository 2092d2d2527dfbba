"""The background-task helper: work off the UI thread, progress, Cancel, errors."""

from __future__ import annotations

import threading
import time
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from procedures.errors import InputError
from procedures.i18n import _
from procedures.services import entities as ee
from procedures.services.queries import entity_days
from tests.ui.helpers import activate, focused

DAY = date(2026, 3, 2)


def slow_write(database: Any, started: threading.Event, steps: int = 400) -> Any:
    """A job that writes first, then works slowly with progress (so Cancel can come)."""

    def job(progress: Any) -> str:
        with database.session() as session, session.begin():
            ee.add_day(session, "060101", DAY, "Prueba")
            started.set()
            for step in range(steps):
                time.sleep(0.01)
                progress(step, steps, f"paso {step}")
        return "hecho"

    return job


def test_a_cancelled_job_writes_nothing_and_the_window_stays_responsive(
        qtbot: Any, window: Any) -> None:
    started = threading.Event()
    outcome: list[str] = []
    task = window.document.tasks.run(
        slow_write(window.document.database, started), title="Probando…", parent=window,
        on_done=outcome.append, on_cancel=lambda: outcome.append("cancelled"))
    qtbot.waitUntil(started.is_set, timeout=5000)
    dialog = window.findChild(QProgressDialog)
    assert dialog is not None
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    qtbot.waitUntil(lambda: dialog.value() > 0, timeout=5000)
    cancel = dialog.findChild(QPushButton)
    assert cancel.text() == _("Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)  # the person presses Cancel
    qtbot.waitUntil(lambda: outcome == ["cancelled"], timeout=10_000)
    assert task.done
    assert all(d.day != DAY for d in window.document.read(entity_days, "060101"))
    assert not window.document.tasks.busy
    # Still responsive: keys work, and the next job runs.
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focused() is window.navigator.search
    done = threading.Event()
    window.document.tasks.run(lambda progress: done.set() or "ok", on_done=outcome.append)
    qtbot.waitUntil(lambda: outcome[-1] == "ok", timeout=5000)


def test_results_arrive_on_the_ui_thread(qtbot: Any, window: Any) -> None:
    seen: dict[str, Any] = {}

    def job(progress: Any) -> int:
        seen["worker"] = QThread.currentThread()
        progress(1, 1, "")
        return 42

    def done(value: int) -> None:
        seen["done"] = (QThread.currentThread(), value)

    window.document.tasks.run(job, on_done=done)
    qtbot.waitUntil(lambda: "done" in seen, timeout=5000)
    ui_thread = QApplication.instance().thread()
    assert seen["worker"] is not ui_thread
    assert seen["done"] == (ui_thread, 42)


def test_errors_are_shown_in_words(qtbot: Any, window: Any, answers: Any) -> None:
    answers.will("error", None)

    def job(progress: Any) -> None:
        raise InputError("la fila 3 no tiene unidad")

    window.document.tasks.run(job, parent=window)
    qtbot.waitUntil(lambda: any(a[0] == "error" for a in answers.asked), timeout=5000)
    ((_name, args),) = [a for a in answers.asked if a[0] == "error"]
    assert "la fila 3 no tiene unidad" in args[2]


def test_an_import_runs_in_the_background(qtbot: Any, empty_window: Any,
                                          answers: Any) -> None:
    from tests.conftest import EXAMPLE

    window = empty_window
    assert window.empty.title.text() == _("This database is empty")
    assert window.empty.buttons["demo"].isVisibleTo(window.empty)
    answers.will("open_file", str(EXAMPLE))
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.navigator.model.rowCount() > 0, timeout=10_000)
    assert not window.empty.buttons["demo"].isVisibleTo(window.empty)
    assert window.statusBar().currentMessage()


def test_print_a_report_and_export(qtbot: Any, window: Any, answers: Any,
                                   tmp_path: Any) -> None:
    from procedures.services.queries import procedure_index
    from ui.screens.report_dialog import ReportDialog

    window.open_procedure(window.document.read(procedure_index)[0].uuid)
    pdf = tmp_path / "guia.pdf"
    answers.will("save_file", str(pdf))
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(ReportDialog)  # the Reports dialog: the guide comes first
    assert dialog.kind().key == "guide"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.document.tasks.busy and pdf.exists(), timeout=30_000)
    assert pdf.read_bytes().startswith(b"%PDF")
    package = tmp_path / "copia.tramite.json"
    answers.will("save_file", str(package))
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.document.tasks.busy and package.exists(),
                    timeout=30_000)
    assert '"PA-07"' in package.read_text(encoding="utf-8")
