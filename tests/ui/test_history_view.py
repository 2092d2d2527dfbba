"""The History view: per procedure and per municipality, filters, and "Revert this
change" as an undoable edit (refused with the reason when it changed since)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex

from procedures.services.activities import activity_uuids, version_activities
from procedures.services.queries import procedure_header, procedure_index
from tests.ui.conftest import wait_figures
from ui.item_models.history import FIELD, NEW, OLD, WHO
from ui.item_models.navigator import ID_ROLE, KIND_ROLE
from ui.undo.activities import SetActivityField


def open_example(window: Any) -> tuple[str, str]:
    uuid = window.document.read(procedure_index)[0].uuid
    assert window.open_procedure(uuid)
    return uuid, window.workspace.version


def set_minutes(window: Any, row: int, minutes: int) -> None:
    procedure, version = window.workspace.procedure, window.workspace.version
    uuid = window.document.read(activity_uuids, version)[row]
    assert window.document.push(SetActivityField(window.document, procedure, version, uuid,
                                                 row, "minutes", Decimal(minutes)))


def minutes_of(window: Any, row: int) -> Decimal:
    return window.document.read(version_activities, window.workspace.version)[row].minutes


def entity_index(model: Any, ubigeo: str, parent: Any = None) -> Any:
    """The navigator's row of municipality `ubigeo` (under its province)."""
    parent = parent if parent is not None else QModelIndex()
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if index.data(KIND_ROLE) == "entity" and index.data(ID_ROLE) == ubigeo:
            return index
        if index.data(KIND_ROLE) == "province":
            found = entity_index(model, ubigeo, index)
            if found is not None:
                return found
    return None


def texts(view: Any, column: int) -> list[str]:
    return [view.proxy.index(r, column).data() for r in range(view.proxy.rowCount())]


def test_the_procedure_history_shows_an_edit_in_words_and_reverts_it(
        qtbot: Any, window: Any, qtmodeltester: Any) -> None:
    open_example(window)
    wait_figures(qtbot, window)
    set_minutes(window, 1, 25)
    window.commands["procedure_history"].trigger()
    view = window._histories[(window.workspace.header.ubigeo, window.workspace.procedure)]
    qtbot.waitExposed(view)
    qtmodeltester.check(view.model)
    assert texts(view, FIELD)[0] == "Minutos"
    assert (texts(view, OLD)[0], texts(view, NEW)[0]) == ("5", "25")
    assert texts(view, WHO)[0] == "prueba"
    assert "Importado" in texts(view, FIELD)  # the import that brought the procedure in
    # Revert the edit: the minutes come back, one undo step, and the view shows the revert.
    view.table.selectRow(0)
    assert view.revert_button.isEnabled()
    assert view.revert_current()
    assert minutes_of(window, 1) == Decimal(5)
    assert window.document.stack.undoText().startswith("Revertir")
    assert (texts(view, OLD)[0], texts(view, NEW)[0]) == ("25", "5")
    window.document.stack.undo()
    assert minutes_of(window, 1) == Decimal(25)
    window.document.stack.redo()
    assert minutes_of(window, 1) == Decimal(5)
    # A double-click shows where it happened: the step in the table.
    view.table.selectRow(0)
    assert view.show_current()
    assert window.workspace.activities.selected() == [1]


def test_a_revert_of_something_changed_since_is_refused_with_the_reason(
        qtbot: Any, window: Any) -> None:
    open_example(window)
    set_minutes(window, 1, 25)
    set_minutes(window, 1, 30)
    view = window.procedure_history()
    qtbot.waitExposed(view)
    assert view.select(view.model.change(1).id)  # the first edit, 5 → 25
    assert not view.revert_current()
    assert "«30»" in view.note.text() and "«25»" in view.note.text()
    assert minutes_of(window, 1) == Decimal(30)
    # An import (no field) cannot be reverted: the button says why.
    last = view.model.rowCount() - 1
    view.table.selectRow(last)
    assert not view.revert_button.isEnabled()
    assert "Deshacer" in view.revert_button.toolTip()


def test_filters_by_words_field_who_and_dates(qtbot: Any, window: Any) -> None:
    open_example(window)
    set_minutes(window, 1, 25)
    set_minutes(window, 2, 7)
    view = window.procedure_history()
    total = view.proxy.rowCount()
    view.set_filter(text="registrar")  # step 2's description, accents and case aside
    assert view.proxy.rowCount() == 1
    view.set_filter(field="Minutos")
    assert view.proxy.rowCount() == 2
    assert view.field.findData("Minutos") >= 0
    view.set_filter(who="prueba")
    assert view.proxy.rowCount() == 2
    view.set_filter(since=date.today() + timedelta(days=1))
    assert view.proxy.rowCount() == 0
    view.set_filter(until=date.today() + timedelta(days=1))
    assert view.proxy.rowCount() == total
    assert view.note.text().startswith(str(total))


def test_the_municipality_history_opens_from_the_navigator(qtbot: Any, window: Any) -> None:
    procedure, _version = open_example(window)
    header = window.document.read(procedure_header, procedure)
    index = entity_index(window.navigator.model, header.ubigeo)
    menu = window.navigator.history_menu(index)
    assert menu is not None
    action = menu.actions()[0]
    assert action.text() == "Historial de la municipalidad…"
    action.trigger()
    view = window._histories[(header.ubigeo, "")]
    assert view.isVisible()
    assert header.entity_name in view.windowTitle()
    # Municipal settings are in it too.
    assert "Importado" in texts(view, FIELD)
    menu.deleteLater()
