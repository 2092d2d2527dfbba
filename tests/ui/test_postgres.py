"""A shared PostgreSQL database opened from the window, through the same path as the
"Open database" dialog: load a package, type a change, find it in the database; the
recent list keeps the URL without its password.

Runs when TEST_DATABASE_URL names a throwaway server (CI sets it and runs `-m postgres`);
skipped otherwise. The server's schema is dropped first.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import EXAMPLE
from tests.ui.helpers import activate, type_cell

pytestmark = pytest.mark.postgres


def _server() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set (CI sets it to a throwaway server)")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def test_open_a_postgresql_database_load_a_package_and_edit(
        qtbot: Any, qapp: Any, db_path: Path, settings: Any, answers: Any) -> None:
    from models.db import open_database
    from procedures.services.activities import version_activities
    from procedures.services.queries import procedure_index
    from ui.app import Controller

    url = make_url(_server())
    # What a person types: the URL with a password (the server here trusts the client).
    typed = url.set(password="secreto").render_as_string(hide_password=False)
    controller = Controller(qapp, settings)
    try:
        assert controller.open(str(db_path))  # working on a local file first
        answers.will("open_database", typed)
        controller.window.commands["open_database"].trigger()  # File > Open database…
        window = controller.window
        assert window.document.database.engine.dialect.name == "postgresql"
        assert window.empty.title.text()  # a new server database starts empty
        answers.will("open_file", str(EXAMPLE))
        window.commands["import"].trigger()
        qtbot.waitUntil(lambda: not window.document.tasks.busy, timeout=30_000)
        procedure = window.document.read(procedure_index)[0]
        assert window.open_procedure(procedure.uuid)
        tab = window.workspace.activities
        activate(qtbot, window)
        tab.table.setFocus()
        tab.table.setCurrentIndex(tab.view.index(0, tab.model.column_of("minutes")))
        type_cell(qtbot, tab.table, "1h30", key=Qt.Key.Key_Return)
        version = window.workspace.version
        # Another connection sees the change: it is in the server, not only on screen.
        other = open_database(url.render_as_string(hide_password=False))
        try:
            with other.session() as session:
                first = version_activities(session, version)[0]
            assert first.minutes == Decimal(90)
        finally:
            other.close()
        recent = settings.value("database/recent")
        assert recent[0] == url.set(password=None).render_as_string(hide_password=False)
        assert recent[1] == str(db_path)
        assert all("secreto" not in item for item in recent)
        assert "secreto" not in window.windowTitle()
        assert url.database in window.windowTitle()
        window._fill_recent()  # a clerk reads the server's name, not its URL
        texts = [action.text() for action in window.recent_menu.actions()]
        assert texts[0].startswith(f"{url.database} ") and url.host in texts[0]
        assert not any("://" in text for text in texts)
        # File > Database > Back up: a server's copy is a package of all its data.
        package = db_path.with_name("servidor.tramite.json")
        answers.will("save_file", str(db_path.with_name("servidor")))
        window.commands["backup_database"].trigger()
        qtbot.waitUntil(lambda: not window.document.tasks.busy, timeout=30_000)
        assert package.exists() and "PA-07" in package.read_text(encoding="utf-8")
    finally:
        if controller.window is not None:
            controller.window.close()
        if controller.document is not None:
            controller.document.close()
