"""The database's life in the window: which one is open, opening what is not ours (left
exactly as it was), a damaged one and its latest copy, new database, back up, copies and
restore, check, the last procedure per database, and edits while another writer works."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import shiboken6

from models import backups
from procedures.i18n import _
from tests.models.schemas import set_revision
from tests.models.test_files import (
    checkpointed,
    damaged_by_overwriting,
    fingerprint,
    foreign_file,
)


@pytest.fixture
def controller(qapp: Any, settings: Any) -> Any:
    from ui.app import Controller

    controller = Controller(qapp, settings)
    yield controller
    if controller.window is not None and shiboken6.isValid(controller.window):
        controller.window.close()
    if controller.document is not None:
        controller.document.close()


def idle(qtbot: Any, window: Any) -> None:
    qtbot.waitUntil(lambda: not window.document.tasks.busy, timeout=60_000)


def procedures_in(path: Path) -> int:
    from models.files import read_only_uri

    connection = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        return connection.execute("SELECT count(*) FROM procedure").fetchone()[0]
    finally:
        connection.close()


def test_the_title_and_the_status_bar_name_the_open_database(
        controller: Any, example_db: Path, qtbot: Any) -> None:
    from models.db import default_database_path

    assert controller.open(str(example_db))
    window = controller.window
    assert example_db.name in window.windowTitle()
    assert window.status_figures.database.text() == example_db.name
    assert str(example_db) in window.status_figures.database.toolTip()
    assert window.commands["open_default"].isEnabled()
    window.commands["open_default"].trigger()  # one click away, always
    window = controller.window
    assert window.document.database.is_default
    assert _("your default database") in window.windowTitle()
    assert window.status_figures.database.text() == _("your default database")
    assert not window.commands["open_default"].isEnabled()
    # Its first open loads the demo (in the background).
    qtbot.waitUntil(lambda: procedures_in(default_database_path()) == 8, timeout=60_000)
    idle(qtbot, window)
    window._fill_recent()
    texts = [action.text() for action in window.recent_menu.actions()]
    assert any(str(default_database_path().resolve()) in text
               and _("your default database") in text for text in texts)
    assert str(example_db) in texts


@pytest.mark.parametrize("kind", ["foreign", "text", "newer"])
def test_what_is_not_a_usable_database_is_refused_and_left_as_it_was(
        controller: Any, example_db: Path, tmp_path: Path, kind: str, answers: Any,
        _user_data_folder: Path) -> None:
    assert controller.open(str(example_db))
    first = controller.window
    folder = tmp_path / "otra"
    folder.mkdir()
    if kind == "foreign":
        target = foreign_file(folder / "agenda.sqlite", wal=True)
    elif kind == "text":
        target = folder / "texto.sqlite"
        target.write_text("no es una base de datos\n", encoding="utf-8")
    else:
        target = folder / "nueva-version.sqlite"
        target.write_bytes(example_db.read_bytes())
        set_revision(target, "9999future")
    before = fingerprint(folder)
    copies = sorted(_user_data_folder.rglob("*.sqlite"))
    answers.will("open_database", str(target))
    answers.will("error", None)
    first.commands["open_database"].trigger()
    assert controller.window is first, "the open database stays open"
    said = answers.asked[-1][1][2]
    assert target.name in said
    assert fingerprint(folder) == before, "not a byte changed, no side file left"
    assert sorted(_user_data_folder.rglob("*.sqlite")) == copies, "no copy written"
    if kind == "newer":
        assert "9999future" in said


def test_a_damaged_database_is_offered_its_latest_copy(
        controller: Any, example_db: Path, answers: Any) -> None:
    assert controller.open(str(example_db))  # the day's first open makes a copy
    controller.document.close()
    controller.window.close()
    controller.window = controller.document = None
    damaged_by_overwriting(checkpointed(example_db))
    before = fingerprint(example_db.parent)
    answers.will("ask", False)  # not now
    assert not controller.open(str(example_db))
    assert _("Restore the copy") == answers.asked[-1][1][3]
    assert fingerprint(example_db.parent) == before
    latest = backups.latest_backup(example_db)
    answers.will("ask", True)
    assert controller.open(str(example_db))
    assert procedures_in(example_db) == 1
    assert latest.path.name in controller.window.statusBar().currentMessage()
    assert controller.window.navigator.model.rowCount() == 1
    assert backups.latest_backup(example_db).reason == "restore", "the damaged bytes kept"


def test_new_database_never_overwrites_a_file(controller: Any, example_db: Path,
                                              tmp_path: Path, answers: Any) -> None:
    assert controller.open(str(example_db))
    answers.will("save_file", str(example_db))
    answers.will("error", None)
    controller.window.commands["new_database"].trigger()
    assert controller.window.document.database.path == example_db
    assert procedures_in(example_db) == 1
    answers.will("save_file", str(tmp_path / "nueva"))
    controller.window.commands["new_database"].trigger()
    assert controller.window.document.database.path == tmp_path / "nueva.sqlite"
    assert controller.window.empty.buttons["demo"].isVisibleTo(controller.window.empty)


def test_back_up_check_and_restore_from_the_file_menu(
        controller: Any, example_db: Path, tmp_path: Path, answers: Any, qtbot: Any) -> None:
    from tests.models.test_backups import dump

    assert controller.open(str(example_db))
    window = controller.window
    copy = tmp_path / "copia.sqlite"
    answers.will("save_file", str(copy))
    window.commands["backup_database"].trigger()
    idle(qtbot, window)
    assert dump(copy) == dump(example_db)
    assert copy.name in window.statusBar().currentMessage()

    answers.will("inform", None)
    window.commands["check_database"].trigger()
    idle(qtbot, window)
    assert answers.asked[-1][0] == "inform"
    assert _("The database is sound.") in answers.asked[-1][1][2]

    # Delete the procedure, then restore the copy from File > Database > Copies.
    answers.will("ask", True)
    assert window.open_procedure(window.document.read(_first_procedure))
    assert window.delete_procedure()
    assert procedures_in(example_db) == 0
    listed = backups.list_backups(example_db)
    assert [c.reason for c in listed] == ["daily"]
    answers.will("database_copies", (str(copy), 4))
    answers.will("ask", True)
    window.commands["database_copies"].trigger()
    rows = answers.asked[-2][1][2]
    assert [row.path for row in rows] == [str(c.path) for c in listed]
    assert backups.kept() == 4
    restored = controller.window
    assert restored is not window
    assert procedures_in(example_db) == 1
    assert restored.navigator.model.rowCount() == 1
    assert not restored.document.stack.canUndo(), "the old history is gone with the old data"
    said = restored.statusBar().currentMessage()
    assert "copia.sqlite" in said and str(tmp_path) not in said, "short enough for the bar"
    assert backups.latest_backup(example_db).reason == "restore"


def _first_procedure(session: Any) -> str:
    from procedures.services.queries import procedure_index

    return procedure_index(session)[0].uuid


def test_the_last_procedure_is_remembered_per_database(
        controller: Any, example_db: Path, tmp_path: Path, qtbot: Any) -> None:
    assert controller.open(str(example_db))
    uuid = controller.window.document.read(_first_procedure)
    assert controller.window.open_procedure(uuid)
    assert controller.create(str(tmp_path / "otra.sqlite"))
    window = controller.window
    assert window.workspace.procedure == ""
    assert "no longer exists" not in window.statusBar().currentMessage()
    assert "ya no existe" not in window.statusBar().currentMessage()
    assert controller.open(str(example_db))
    assert controller.window.workspace.procedure == uuid


def test_an_edit_waits_for_another_writer_or_is_refused_in_words(
        window: Any, example_db: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from decimal import Decimal

    from models import db as dbmod
    from procedures.services.activities import version_activities
    from ui.undo.activities import SetActivityField

    assert window.open_procedure(window.document.read(_first_procedure))
    version = window.workspace.version
    first = window.document.read(version_activities, version)[0]
    holder = (
        "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
        "c.execute('BEGIN IMMEDIATE'); c.execute('UPDATE reference_value SET uit = uit'); "
        "print('held', flush=True); time.sleep(float(sys.argv[2])); c.execute('COMMIT')")
    # Another program writes for a second: the edit waits for it, then is stored.
    other = subprocess.Popen([sys.executable, "-c", holder, str(example_db), "1"],
                             stdout=subprocess.PIPE, text=True)
    assert other.stdout.readline().strip() == "held"
    procedure = window.workspace.procedure
    command = SetActivityField(window.document, procedure, version, first.uid, 0, "minutes",
                               Decimal(77))
    assert window.document.push(command)
    other.communicate(timeout=30)
    assert window.document.read(version_activities, version)[0].minutes == 77
    # It holds the lock longer than the busy timeout: refused in words, nothing stored.
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 300)
    window.document.database.engine.dispose()  # connections with the short timeout
    other = subprocess.Popen([sys.executable, "-c", holder, str(example_db), "3"],
                             stdout=subprocess.PIPE, text=True)
    assert other.stdout.readline().strip() == "held"
    refused: list[str] = []
    window.document.refused.connect(refused.append)
    command = SetActivityField(window.document, procedure, version, first.uid, 0, "minutes",
                               Decimal(88))
    assert not window.document.push(command)
    other.communicate(timeout=30)
    from procedures.services.database import busy

    assert refused == [str(busy())]
    assert window.document.read(version_activities, version)[0].minutes == 77


def test_the_new_dialogs_fit_a_small_screen(qtbot: Any, tmp_path: Path) -> None:
    from ui.screens.database_copies import CopyRow, DatabaseCopies
    from ui.screens.open_database import OpenDatabase

    dialog = OpenDatabase({"host": "servidor", "database": "tramites", "user": "ana"},
                          "*.sqlite")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.connect_button.isEnabled()
    dialog.fields["password"].setText("secreto")
    dialog.fields["port"].setText("5433")
    assert dialog.target() == "postgresql+psycopg://ana:secreto@servidor:5433/tramites"
    dialog.fields["user"].setText("")
    assert not dialog.connect_button.isEnabled(), "server, database and user are needed"
    dialog.choose(str(tmp_path / "a.sqlite"))
    assert dialog.target() == str(tmp_path / "a.sqlite")
    rows = [CopyRow(f"2026-12-0{n} 09:1{n}", "primera apertura del día", "1.234 KB",
                    f"/copias/{n}.sqlite") for n in range(1, 10)]
    copies = DatabaseCopies("tramite-claro.sqlite", rows, 10,
                            "/home/ana/.local/share/TramiteClaro/backups/tramite-claro-0123456789",
                            "*.sqlite")
    qtbot.addWidget(copies)
    copies.show()
    for widget in (dialog, copies):
        hint = widget.sizeHint()
        assert hint.width() <= 1366 and hint.height() <= 700, (widget.objectName(), hint)
        assert widget.size().width() <= 1366 and widget.size().height() <= 700
        widget.grab().save(str(tmp_path / f"{widget.objectName()}.png"))
    copies.table.selectRow(2)
    copies.restore_button.click()
    assert copies.chosen == "/copias/3.sqlite"


def test_settings_of_version_1_keep_the_last_procedure_of_the_last_database(
        tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from ui.settings import SETTINGS_VERSION, AppSettings

    path = str(tmp_path / "old.ini")
    old = QSettings(path, QSettings.Format.IniFormat)
    old.setValue("settings/version", 1)
    old.setValue("workspace/procedure", "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed")
    old.setValue("database/last", "postgresql+psycopg://ana:secreto@servidor/tramites")
    old.sync()
    settings = AppSettings(QSettings(path, QSettings.Format.IniFormat))
    assert settings.procedure_for("postgresql+psycopg://ana@servidor/tramites") == \
        "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed"
    assert settings.procedure_for("/otra.sqlite") == ""
    raw = settings._settings  # the QSettings underneath, as version 1 left it
    assert raw.value("workspace/procedure") is None and raw.value("database/last") is None
    assert int(raw.value("settings/version")) == SETTINGS_VERSION
    assert all("secreto" not in item for item in settings.value("workspace/procedures"))


def test_an_import_that_replaces_is_preceded_by_an_automatic_copy(
        window: Any, example_db: Path, qtbot: Any, answers: Any) -> None:
    from tests.conftest import EXAMPLE

    before = [c.reason for c in backups.list_backups(example_db)]
    answers.will("open_file", str(EXAMPLE))
    answers.will("existing_procedures", "replace")  # the package-conflict dialog
    window.commands["import"].trigger()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: not window.document.tasks.busy and len(
        backups.list_backups(example_db)) > len(before), timeout=30_000)
    idle(qtbot, window)
    assert backups.latest_backup(example_db).reason == "import"
    assert procedures_in(backups.latest_backup(example_db).path) == 1
