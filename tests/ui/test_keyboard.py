"""Keyboard: every command has a shortcut or a menu accelerator (distinct within its
menu), Tab walks the forms in reading order, and F1 lists every shortcut there is."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu

from procedures.i18n import use_language
from tests.ui.helpers import activate
from tests.ui.test_versions import open_example


def accelerator(text: str) -> str | None:
    found = re.search(r"&(\w)", text)
    return found.group(1).lower() if found else None


def walk(menu: QMenu) -> list[tuple[QMenu, list[Any]]]:
    found = [(menu, [a for a in menu.actions() if not a.isSeparator()])]
    for action in menu.actions():
        if action.menu() is not None:
            found += walk(action.menu())
    return found


def test_every_command_has_a_shortcut_or_an_accelerator(window: Any) -> None:
    bar = window.menuBar()
    titles = [accelerator(a.text()) for a in bar.actions()]
    assert None not in titles and len(set(titles)) == len(titles), titles
    in_menus = set()
    for top in bar.actions():
        for menu, actions in walk(top.menu()):
            keys = [accelerator(a.text()) for a in actions
                    if a.text() and not a.text().startswith(("Deshacer", "Rehacer"))]
            assert len(set(keys)) == len(keys), (menu.title(), keys)
            in_menus.update(actions)
    for name in window.commands.names():
        action = window.commands[name]
        has_key = bool(action.shortcuts())
        assert has_key or (action in in_menus and accelerator(action.text())), name
    for action in window.commands.tabs:
        assert action.shortcuts() and action in in_menus


@pytest.mark.parametrize("lang", ["es", "en"])
def test_menu_accelerators_are_distinct_in_both_languages(qtbot: Any, example_db: Any,
                                                          settings: Any, lang: str) -> None:
    from tests.ui.conftest import close_window, make_window

    with use_language(lang):
        main = make_window(qtbot, example_db, settings)
        try:
            for top in main.menuBar().actions():
                for menu, actions in walk(top.menu()):
                    keys = [accelerator(a.text()) for a in actions if "&" in a.text()]
                    assert len(set(keys)) == len(keys), (lang, menu.title(), keys)
        finally:
            close_window(qtbot, main)


def test_f1_lists_every_shortcut(window: Any, qtbot: Any) -> None:
    from ui.screens.help import HelpDialog

    dialog = HelpDialog(window, window.commands.shortcuts())
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    for name in window.commands.names():
        for key in window.commands[name].shortcuts():
            assert key.toString(key.SequenceFormat.NativeText) in text, name
    for action in window.commands.tabs:
        assert action.text().replace("&", "")[2:] in text
    undo = window.commands["undo"].shortcuts()[0]
    assert "F4" in text and undo.toString(undo.SequenceFormat.NativeText) in text


def focus_order(qtbot: Any, start: Any, count: int) -> list[str]:
    start.setFocus(Qt.FocusReason.TabFocusReason)
    names = []
    for _step in range(count):
        widget = QApplication.focusWidget()
        names.append(widget.objectName())
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return names


def test_tab_walks_the_tupa_form_in_reading_order(qtbot: Any, window: Any) -> None:
    open_example(window)
    assert window.workspace.new_proposal("Más corta")
    window.workspace.tabs.setCurrentIndex(0)
    activate(qtbot, window)
    tupa = window.workspace.tupa
    order = focus_order(qtbot, tupa.fields["code"], 22)
    assert order == [f"field_{key}" for key in (
        "code", "name", "kind", "calificacion", "standard_code", "plazo", "plazo_unit",
        "annual_demand",
        "preparation_minutes", "fee", "version_calificacion", "version_plazo",
        "version_plazo_unit", "filed_at", "approved_by", "reconsideration_authority",
        "appeal_authority", "channels", "contact", "description", "who_may_apply",
        "legal_basis")]
    # On the as-is version the proposal's fields are hidden, and Tab skips them.
    window.workspace.show_version(window.workspace.header.baseline.uuid)
    order = focus_order(qtbot, tupa.fields["fee"], 2)
    assert order == ["field_fee", "field_filed_at"]
