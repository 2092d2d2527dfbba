"""The integrity check left for after the window appears (start-up on a large file).

The window opens a WAL file of ours at the newest schema before SQLite has read every
page of it; the check runs on a worker thread, every write waits for it, the day's copy
is made only once it passed, and a damaged file is said so in the window (read-only),
with its latest copy offered, and not a byte of it written.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
import shiboken6

from models import backups
from models.db import WriterBusy
from procedures.services import database as dbs
from tests.models.test_files import checkpointed


@pytest.fixture
def controller(qapp: Any, settings: Any) -> Any:
    from ui.app import Controller

    controller = Controller(qapp, settings)
    yield controller
    controller.finish()
    if controller.window is not None and shiboken6.isValid(controller.window):
        controller.window.close()
    if controller.document is not None:
        controller.document.close()


def damaged_at_the_end(path: Path, pages: int = 3) -> Path:
    """Garbage over the last pages (the schema and the first tables stay readable, so
    the file can be opened before the check finds it)."""
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    for offset in range(len(data) - pages * size, len(data)):
        data[offset] = 0x5A
    path.write_bytes(bytes(data))
    return path


def main_file_bytes(path: Path) -> bytes:
    return path.read_bytes()


def test_a_sound_file_is_shown_then_checked_then_copied(
        controller: Any, example_db: Path, qtbot: Any) -> None:
    checkpointed(example_db)
    assert backups.latest_backup(example_db) is None
    assert controller.open(str(example_db), check_later=True)
    database = controller.document.database
    assert database.gate is not None, "the check was left for after the window"
    qtbot.waitUntil(lambda: database.gate.settled, timeout=30_000)
    assert database.gate.problem is None
    latest = backups.latest_backup(example_db)
    assert latest is not None and latest.reason == "daily", "the day's copy, after the check"
    assert not controller.document.read_only
    qtbot.waitUntil(lambda: controller.window.statusBar().currentMessage() == "")


def test_a_write_waits_for_the_check(example_db: Path) -> None:
    checkpointed(example_db)
    database = dbs.open_for_work(example_db, check_later=True)
    try:
        assert database.gate is not None and not database.gate.settled
        with pytest.raises(WriterBusy), database.session(wait_ms=50) as session:
            session.begin()
        wrote = threading.Event()

        def write() -> None:
            with database.session() as session, session.begin():
                session.connection().exec_driver_sql("SELECT 1")
            wrote.set()

        writer = threading.Thread(target=write)
        writer.start()
        assert not wrote.wait(0.3), "the writer waits while the check has not run"
        assert dbs.finish_check(database) is None
        writer.join(10)
        assert wrote.is_set()
    finally:
        database.close()


def test_a_damaged_file_is_refused_after_the_window_appeared(
        controller: Any, example_db: Path, qtbot: Any, answers: Any) -> None:
    dbs.open_for_work(example_db).close()  # the day's first copy, of the sound file
    good = backups.latest_backup(example_db)
    damaged_at_the_end(checkpointed(example_db))
    before = main_file_bytes(example_db)
    answers.will("ask", False)  # not now
    assert controller.open(str(example_db), check_later=True)
    window, document = controller.window, controller.document
    gate = document.database.gate
    assert gate is not None
    qtbot.waitUntil(lambda: gate.settled, timeout=30_000)
    qtbot.waitUntil(lambda: bool(document.read_only), timeout=10_000)
    said = answers.asked[-1][1][2]
    assert example_db.name in said and str(good.path) in said, "the latest copy offered"
    assert said.split("\n")[0] in window.statusBar().currentMessage()
    assert "(" in window.windowTitle(), "the title says read-only"
    assert window.commands["new_procedure"].isEnabled() is False
    with pytest.raises(dbs.DatabaseProblem), document.database.session() as session:
        session.begin()
    assert backups.latest_backup(example_db) == good, "no copy of the damaged file"
    controller.finish()
    document.close()
    controller.document = None
    assert main_file_bytes(example_db) == before, "not a byte of the file written"


def test_a_file_that_is_not_in_wal_mode_is_checked_first(example_db: Path) -> None:
    connection = sqlite3.connect(example_db)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()
    damaged_at_the_end(example_db)
    before = main_file_bytes(example_db)
    with pytest.raises(dbs.DatabaseProblem) as refused:
        dbs.open_for_work(example_db, check_later=True)
    assert refused.value.kind == "damaged"
    assert main_file_bytes(example_db) == before
