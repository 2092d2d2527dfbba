"""Widgets keep the contracts of their Qt classes: a form field still shows and hides as
a widget, and a check-box cell's edit value is what the box says."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt

from procedures.cells import flag_text
from procedures.services.activities import version_activities
from tests.ui.helpers import activate
from tests.ui.test_versions import open_example


def test_a_form_field_shows_again_after_being_hidden(window: Any) -> None:
    """The formatter of a field is not its `show()`: hiding and showing a field (with the
    default formatter or its own) brings it back with the same text."""
    open_example(window)
    window.workspace.tabs.setCurrentIndex(0)
    tupa = window.workspace.tupa
    for key in ("code", "fee", "preparation_minutes"):
        field = tupa.fields[key]
        text = field.text()
        assert field.isVisible() and text
        field.hide()
        assert not field.isVisible()
        field.show()
        assert field.isVisible(), key
        assert field.text() == text


def test_check_box_cells_edit_value_follows_the_box(qtbot: Any, window: Any) -> None:
    """The edit value of the "Par." and "In person" cells is the flag's word ("sí" or
    nothing), for every row, and follows a toggle made with the keyboard."""
    open_example(window)
    tab = window.workspace.activities
    window.workspace.tabs.setCurrentWidget(tab)
    model, table = tab.model, tab.table

    def stored() -> list[Any]:
        return window.document.read(version_activities, window.workspace.version)

    def edit_values(key: str) -> list[Any]:
        column = model.column_of(key)
        return [model.index(row, column).data(Qt.ItemDataRole.EditRole)
                for row in range(model.row_count)]

    activities = stored()
    assert edit_values("parallel") == [flag_text(a.parallel) for a in activities]
    assert edit_values("in_person") == [flag_text(a.in_person) for a in activities]
    row = next(n for n, a in enumerate(activities) if not a.parallel)
    assert edit_values("parallel")[row] == ""
    # Space on the cell ticks the box, as a person does.
    activate(qtbot, window)
    table.setFocus()
    table.setCurrentIndex(tab.view.index(row, model.column_of("parallel")))
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert stored()[row].parallel
    assert edit_values("parallel")[row] == flag_text(True)


def test_qt_methods_are_not_shadowed(window: Any) -> None:
    """The navigator's model answers `parent()` with its QObject parent (an index only
    has a parent index), and the window still moves with `move(point)`."""
    navigator = window.navigator
    assert navigator.model.parent() is navigator
    assert not navigator.model.parent(navigator.model.index(0, 0)).isValid()
    window.move(QPoint(40, 30))
    assert window.pos() == QPoint(40, 30)
