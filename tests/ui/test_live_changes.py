"""Two clerks on one database, in the window (issue #11 point 3, #14 point 4).

The window remembers the revision of what it shows: an edit of a step another clerk
changed meanwhile is refused with who and when and the value it holds now, the table
shows the fresh data and the refused text stays in the cell's editor; an undo of an
edit someone changed since is refused and leaves the history coherent. With the
refresher on, what another process commits shows within seconds (SQLite: PRAGMA
data_version polling; PostgreSQL: LISTEN/NOTIFY), keeping the selection and an open
editor. Every test runs on a real SQLite file and, with TEST_DATABASE_URL, on a real
PostgreSQL server (-m postgres).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.conftest import EXAMPLE, ROOT
from tests.ui.conftest import close_window
from tests.ui.helpers import activity_rows, focused, type_cell, write
from tests.ui.test_versions import open_example


def _postgres() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set (CI sets it to a throwaway server)")
    from tests.conftest import _reset_postgres

    _reset_postgres(url)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def target(request: pytest.FixtureRequest, db_path: Path) -> str:
    """The worked example on a SQLite file, or on the PostgreSQL server."""
    from models.db import open_database
    from procedures.services.imports import import_package

    where = str(db_path) if request.param == "sqlite" else _postgres()
    db = open_database(where)
    with db.session() as session, session.begin():
        import_package(session, EXAMPLE)
    db.close()
    return where


@pytest.fixture
def shared(qtbot: Any, target: str, settings: Any) -> Iterator[Any]:
    """The window of one clerk on the shared database (the procedure open)."""
    from models.db import open_database
    from ui.document import Document
    from ui.main_window import MainWindow

    window = MainWindow(Document(open_database(target), "luis"), settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    open_example(window)
    window.workspace.focus_table()
    yield window
    close_window(qtbot, window)


def other_clerk(target: str, *args: str) -> None:
    """Another process edits the database (tests/ui/other_clerk.py)."""
    done = subprocess.run([sys.executable, "-m", "tests.ui.other_clerk", target, *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def _who(target: str) -> str:
    """Who the other clerk shows as: the name set in Preferences on a file, the
    database user on a server (the one the server checked)."""
    from sqlalchemy.engine import make_url

    return "ana" if "://" not in target else str(make_url(target).username)


def _cell(window: Any, row: int, key: str) -> Any:
    table = window.workspace.activities.table
    model = table.model()
    table.setFocus()
    table.setCurrentIndex(model.index(row, model.column_of(key)))
    return table


def test_an_edit_of_a_step_changed_meanwhile_is_refused_and_the_typing_kept(
        qtbot: Any, shared: Any, target: str) -> None:
    tab = shared.workspace.activities
    assert tab.model.row(1).minutes != Decimal(45)
    stack = shared.document.stack
    before = stack.count()
    other_clerk(target, "minutes", "1", "45", "ana")  # while Luis looks at the table
    table = _cell(shared, 1, "minutes")
    type_cell(qtbot, table, "60", Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(focused(), QLineEdit), timeout=3000)
    message = tab.problem.text()
    assert _who(target) in message and "45" in message and "60" in message, message
    assert "Fila 2" in message  # named as the table names the cell
    assert activity_rows(shared)[1][4] == Decimal(45), "nothing was overwritten"
    assert tab.model.row(1).minutes == Decimal(45), "the table shows the data as it is"
    assert stack.count() == before, "a refused edit never reaches the undo history"
    editor = focused()
    assert editor.text() == "60", "the refused text is offered again in the cell"
    # Luis has seen Ana's value; he keeps his own: Enter stores it this time.
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert activity_rows(shared)[1][4] == Decimal(60)
    assert stack.count() == before + 1
    stack.undo()  # his undo gives back Ana's value, which he had seen
    assert activity_rows(shared)[1][4] == Decimal(45)
    stack.redo()
    assert activity_rows(shared)[1][4] == Decimal(60)


def test_undo_of_an_edit_someone_changed_since_is_refused_coherently(
        qtbot: Any, shared: Any, target: str) -> None:
    tab = shared.workspace.activities
    table = _cell(shared, 0, "minutes")
    type_cell(qtbot, table, "30", Qt.Key.Key_Return)
    assert activity_rows(shared)[0][4] == Decimal(30)
    stack = shared.document.stack
    count = stack.count()
    other_clerk(target, "minutes", "0", "99", "ana")
    messages: list[str] = []
    shared.document.refused.connect(messages.append)
    stack.undo()
    assert activity_rows(shared)[0][4] == Decimal(99), "Ana's value stays"
    assert messages and _who(target) in messages[-1] and "99" in messages[-1]
    assert stack.count() == count - 1, "the refused step leaves the history"
    assert not stack.canRedo() or stack.command(stack.index()).text()  # coherent
    assert tab.model.row(0).minutes == Decimal(99), "the table shows the data as it is"
    # The next edit is checked against what the table shows now: it goes through.
    type_cell(qtbot, _cell(shared, 0, "minutes"), "31", Qt.Key.Key_Return)
    assert activity_rows(shared)[0][4] == Decimal(31)
    stack.undo()
    assert activity_rows(shared)[0][4] == Decimal(99)


def test_a_tupa_field_changed_meanwhile_is_refused_with_the_value_offered(
        qtbot: Any, shared: Any, target: str) -> None:
    from models.db import open_database
    from procedures.services import procedures as ep

    tupa = shared.workspace.tupa
    shared.workspace.tabs.setCurrentIndex(0)
    other = open_database(target)
    try:
        with other.session() as session, session.begin():
            ep.update_procedure(session, shared.workspace.procedure, "annual_demand", 777,
                                "ana")
    finally:
        other.close()
    field = tupa.fields["annual_demand"]
    field.setFocus()
    field.selectAll()
    write(qtbot, field, "500")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    QApplication.processEvents()
    message = tupa.problems.text()
    assert _who(target) in message and "777" in message and "500" in message, message
    assert field.text() == "777", "the field shows the value as it is now"


def test_what_another_process_commits_shows_within_seconds(
        qtbot: Any, shared: Any, target: str) -> None:
    """The refresher on: another process renames a step and adds a procedure; the table,
    the list and the figures follow, the selection stays, an open editor is kept."""
    tab = shared.workspace.activities
    shared.document.watch()
    tab.select_rows([2])
    selected = tab.model.key(2)
    procedures = len(shared.document.read(_procedures))
    started = time.monotonic()
    other_clerk(target, "describe", "0", "Recibe la solicitud (cambiado por Ana)", "ana")
    qtbot.waitUntil(lambda: tab.model.row(0).description.endswith("(cambiado por Ana)"),
                    timeout=8000)
    assert time.monotonic() - started < 10
    assert [tab.model.key(r) for r in tab.selected()] == [selected], "selection kept"
    other_clerk(target, "new-procedure", "PA-99", "Licencia nueva de Ana", "ana")
    navigator = shared.navigator.model
    qtbot.waitUntil(lambda: _shown_procedures(shared) == procedures + 1, timeout=8000)
    assert navigator is shared.navigator.model
    # An open editor: what is being typed stays while others' changes arrive.
    table = _cell(shared, 3, "description")
    write(qtbot, table, "E")
    editor = focused()
    assert isinstance(editor, QLineEdit)
    write(qtbot, editor, "scribiendo")
    other_clerk(target, "minutes", "4", "12", "ana")
    qtbot.wait(2500)  # a refresh tick or two
    assert focused() is editor and editor.text() == "Escribiendo", "typing kept"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.model.row(4).minutes == Decimal(12), timeout=8000)
    # The figures follow: the total minutes are the table's.
    figures = shared.workspace.figures
    qtbot.waitUntil(lambda: not figures.pending and figures.current is not None and
                    figures.current.metrics.total_minutes == sum(
                        (a.minutes for a in tab.model.rows), Decimal(0)), timeout=8000)


def test_own_edits_are_not_taken_for_others(qtbot: Any, shared: Any) -> None:
    """The window's own writes move data_version too: they are not announced as others'."""
    shared.document.watch()
    seen: list[Any] = []
    shared.document.elsewhere.connect(seen.append)
    type_cell(qtbot, _cell(shared, 0, "minutes"), "17", Qt.Key.Key_Return)
    refresher = shared.document.refresher
    assert refresher is not None
    qtbot.wait(300)
    refresher.check()
    assert seen == []


def _procedures(session: Any) -> Any:
    from procedures.services.queries import procedure_index

    return procedure_index(session)


def _shown_procedures(window: Any) -> int:
    model = window.navigator.model
    total = 0
    for p in range(model.rowCount()):
        province = model.index(p, 0)
        for e in range(model.rowCount(province)):
            entity = model.index(e, 0, province)
            if model.canFetchMore(entity):
                model.fetchMore(entity)
            total += model.rowCount(entity)
    return total


def _hold_write_lock(path: Path) -> Any:
    """Another program in the middle of a write (it holds SQLite's write lock)."""
    import sqlite3

    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    return connection


def test_an_edit_waits_for_another_writer_and_says_so(qtbot: Any, window: Any,
                                                      example_db: Path) -> None:
    from PySide6.QtCore import QTimer

    open_example(window)
    states: list[tuple[bool, str]] = []
    window.document.waiting.connect(
        lambda waiting: states.append((waiting, window.statusBar().currentMessage())))
    other = _hold_write_lock(example_db)
    QTimer.singleShot(900, other.commit)  # the other program finishes a moment later
    try:
        type_cell(qtbot, _cell(window, 0, "minutes"), "21", Qt.Key.Key_Return)
    finally:
        other.close()
    assert [waiting for waiting, _m in states] == [True, False]
    assert "escribiendo" in states[0][1] or "writing" in states[0][1], states
    assert activity_rows(window)[0][4] == Decimal(21), "stored once the lock was free"


def test_an_edit_that_waited_too_long_is_refused_in_words(
        qtbot: Any, window: Any, example_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("models.db.BUSY_TIMEOUT_MS", 800)
    open_example(window)
    before = activity_rows(window)
    other = _hold_write_lock(example_db)
    try:
        type_cell(qtbot, _cell(window, 0, "minutes"), "22", Qt.Key.Key_Return)
        message = window.workspace.activities.problem.text()
    finally:
        other.rollback()
        other.close()
    assert "ocupada" in message or "busy" in message, message
    assert activity_rows(window) == before


def test_a_step_changed_meanwhile_is_not_deleted_from_the_table(
        qtbot: Any, shared: Any, target: str) -> None:
    tab = shared.workspace.activities
    rows = len(activity_rows(shared))
    other_clerk(target, "describe", "2", "Ana la cambió", "ana")
    tab.select_rows([2])
    assert not tab.delete_selected()
    assert len(activity_rows(shared)) == rows
    assert _who(target) in tab.problem.text() and "Ana la cambió" in tab.problem.text()
    assert tab.model.row(2).description == "Ana la cambió", "the table shows it now"
    assert tab.delete_selected(), "seen now, it can be deleted"
    assert len(activity_rows(shared)) == rows - 1


def test_rows_moved_meanwhile_are_not_moved_again_and_a_fill_checks_each_row(
        qtbot: Any, shared: Any, target: str) -> None:
    """A move of steps someone reordered since is refused; a one-step change of several
    rows (Ctrl+Enter) checks every row against what the table showed."""
    from procedures.services import activities as ea

    tab = shared.workspace.activities
    order = [str(tab.model.key(r)) for r in range(tab.model.row_count)]
    from models.db import open_database

    other = open_database(target)
    try:
        with other.session() as session, session.begin():
            ea.reorder_activities(session, shared.workspace.version,
                                  [order[1], order[0], *order[2:]], "ana")
    finally:
        other.close()
    tab.select_rows([4])
    assert not tab.move_selected(-1)
    assert _who(target) in tab.problem.text()
    assert [str(tab.model.key(r)) for r in range(tab.model.row_count)][:2] == \
        [order[1], order[0]], "the table shows Ana's order"
    assert tab.move_selected(-1), "seen now, the move goes through"
    other_clerk(target, "minutes", "6", "44", "ana")
    count = shared.document.stack.count()
    assert not tab.edits.fill([5, 6], "minutes", Decimal(3))
    assert _who(target) in tab.problem.text() and shared.document.stack.count() == count
    assert [r[4] for r in activity_rows(shared)][5:7] != [Decimal(3), Decimal(3)]
