"""The window on a shared server shows the user's role and greys out what it does not
allow, saying why; an administrator grants roles in a dialog (issue #14, point 2)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from models import tables as t
from models.db import Database, open_database
from tests.models.test_roles import _as, _cli, server  # noqa: F401 (the fixture)

pytestmark = pytest.mark.postgres


def _procedure(database: Database, ubigeo: str) -> str:
    with database.session() as session:
        return str(session.scalars(select(t.Procedure.uuid).join(t.Entity).where(
            t.Entity.ubigeo == ubigeo).order_by(t.Procedure.id)).first())


def _window(qtbot: Any, settings: Any, url: str) -> Any:
    from ui.document import Document
    from ui.main_window import MainWindow

    window = MainWindow(Document(open_database(url), "prueba"), settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_clerk_sees_her_role_and_what_she_may_not_change(
        qtbot: Any, settings: Any, server: tuple[str, Database]) -> None:  # noqa: F811
    from tests.ui.conftest import close_window

    url, owner = server
    assert _cli("--db", url, "admin", "grant", "tc_ana_clerk", "--role", "clerk",
                "--entity", "060101")[0] == 0
    window = _window(qtbot, settings, _as(url, "tc_ana_clerk"))
    try:
        assert "tc_ana_clerk" in window.role_label.text()
        assert window.role_label.isVisible()
        assert not window.commands["administration"].isEnabled()
        assert "administra" in window.commands["administration"].toolTip().lower()
        assert not window.commands["demo"].isEnabled()

        assert window.open_procedure(_procedure(owner, "060102"))
        insert = window.commands["insert_row"]
        assert not insert.isEnabled() and "060102" in insert.toolTip()
        assert "solo lectura" in window.workspace.subtitle.text()
        model = window.workspace.activities.model
        index = model.index(0, 1)
        assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
        assert not window.workspace.tupa.isEnabled()
        window.grab().save("/tmp/roles-read-only.png")

        assert window.open_procedure(_procedure(owner, "060101"))
        assert window.commands["insert_row"].isEnabled()
        assert "060102" not in window.commands["insert_row"].toolTip()
        assert "solo lectura" not in window.workspace.subtitle.text()
        model = window.workspace.activities.model
        assert model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
        assert window.workspace.tupa.isEnabled()
        window.grab().save("/tmp/roles-clerk.png")
    finally:
        close_window(qtbot, window)


def test_an_administrator_grants_in_the_dialog(
        qtbot: Any, settings: Any, server: tuple[str, Database]) -> None:  # noqa: F811
    from tests.ui.conftest import close_window
    from ui.screens.administration import AdministrationDialog

    url, _owner = server
    window = _window(qtbot, settings, url)
    try:
        assert window.commands["administration"].isEnabled()
        dialog = AdministrationDialog(window.document.database, window)
        qtbot.addWidget(dialog)
        dialog.user.setText("tc_ana_clerk")
        dialog.role.setCurrentIndex(dialog.role.findData("clerk"))
        dialog.entities.setText("060101, 060102")
        dialog.grant_button.click()
        assert not dialog.problem.text(), dialog.problem.text()
        assert "tc_ana_clerk" in dialog.done_label.text()
        users = {m.user: m for m in dialog.model.members}
        assert users["tc_ana_clerk"].ubigeos == ("060101", "060102")
        # A refusal is worded inside the dialog.
        dialog.user.setText("nobody_here")
        dialog.grant_button.click()
        assert "nobody_here" in dialog.problem.text()
        dialog.resize(720, 480)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.grab().save("/tmp/roles-dialog.png")
        dialog.user.setText("tc_ana_clerk")
        dialog.revoke_button.click()
        assert "tc_ana_clerk" not in {m.user for m in dialog.model.members}
        dialog.close()
    finally:
        close_window(qtbot, window)
