"""A window that keeps up (issue #17 point 5): an edit reads back only what it changed,
hidden tabs are laid out when shown, switching tabs measures nothing."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from procedures.formatting import money
from procedures.services import activities as ea
from procedures.services import measurement
from procedures.services.queries import procedure_index
from tests.ui.conftest import wait_figures
from ui.screens.workspace import ACTIVITIES, COSTS, FLOW
from ui.undo.entities import SetItemField


class Signals:
    """What a model told its views."""

    def __init__(self, model: Any) -> None:
        self.changed: list[tuple[int, int]] = []
        self.other: list[str] = []
        model.dataChanged.connect(lambda a, b, *_: self.changed.append((a.row(), b.row())))
        for name in ("modelReset", "layoutChanged", "rowsInserted", "rowsRemoved",
                     "rowsMoved"):
            getattr(model, name).connect(lambda *_, n=name: self.other.append(n))


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often the whole version was read and the engine measured."""
    counted = {"version_activities": 0, "measure": 0}

    def counting(module: Any, name: str) -> None:
        original = getattr(module, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counted[name] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    counting(ea, "version_activities")
    counting(measurement, "measure")
    return counted


def open_first(qtbot: Any, window: Any) -> Any:
    assert window.open_procedure(window.document.read(procedure_index)[0].uuid)
    return wait_figures(qtbot, window)


def test_a_typed_cell_signals_its_row_only(qtbot: Any, window: Any,
                                              calls: dict[str, int]) -> None:
    before = open_first(qtbot, window)
    model = window.workspace.activities.model
    signals = Signals(model)
    calls["version_activities"] = 0
    column = model.column_of("minutes")
    old = model.row(2)
    assert model.setData(model.index(2, column), str(int(old.minutes) + 7),
                         Qt.ItemDataRole.EditRole)
    after = wait_figures(qtbot, window)
    assert after is not before
    assert model.row(2).minutes == old.minutes + 7 and model.row(2).revision != old.revision
    assert signals.changed == [(2, 2)] and signals.other == []
    assert calls["version_activities"] == 0
    # The table and the figures are what a fresh read gives.
    version = window.workspace.version
    assert model.rows == window.document.read(ea.version_activities, version)
    fresh = window.document.read(measurement.measure, version)
    assert after.metrics == fresh.metrics
    # An undo is an edit in place too.
    window.document.stack.undo()
    wait_figures(qtbot, window)
    assert model.row(2).minutes == old.minutes
    assert calls["version_activities"] == 1  # the check above; the undo read none


def test_an_insert_shows_the_version_its_commit_read(qtbot: Any, window: Any,
                                                    calls: dict[str, int]) -> None:
    """An insert (or a delete, a move) changes more than one row: the table takes the
    version's steps as the edit's own commit read them to measure it (no second read),
    with the revisions a next edit expects."""
    open_first(qtbot, window)
    model = window.workspace.activities.model
    signals = Signals(model)
    count = model.row_count
    calls["version_activities"] = 0
    assert window.workspace.activities.edits.insert(1, [ea.blank_activity(unit=None)],
                                                    lambda: "insert")
    assert model.row_count == count + 1 and calls["version_activities"] == 0
    assert signals.other == ["rowsInserted"]
    fresh = window.document.read(ea.version_activities, window.workspace.version)
    assert model.rows == fresh
    assert [a.revision for a in model.rows] == [a.revision for a in fresh]
    # The next edit of a row read that way is not refused as changed meanwhile.
    assert model.setData(model.index(1, model.column_of("minutes")), "12",
                         Qt.ItemDataRole.EditRole)
    assert model.row(1).minutes == 12


def test_the_costs_page_is_laid_out_when_shown(qtbot: Any, window: Any) -> None:
    open_first(qtbot, window)
    workspace = window.workspace
    browser = workspace.costs.browser
    laid_out: list[int] = []
    original = browser.setHtml
    browser.setHtml = lambda text: (laid_out.append(1), original(text))  # type: ignore[method-assign]
    model = workspace.activities.model
    column = model.column_of("minutes")
    assert model.setData(model.index(0, column), "333", Qt.ItemDataRole.EditRole)
    measured = wait_figures(qtbot, window)
    assert laid_out == []  # hidden: nothing laid out
    workspace.tabs.setCurrentIndex(COSTS)
    assert len(laid_out) == 1
    unit_cost = f"{measured.metrics.cost.unit_cost:.2f}"
    assert unit_cost in browser.toPlainText()
    workspace.tabs.setCurrentIndex(ACTIVITIES)
    workspace.tabs.setCurrentIndex(COSTS)
    assert len(laid_out) == 1  # the same figures: not laid out again


def test_switching_tabs_measures_nothing(qtbot: Any, window: Any,
                                         calls: dict[str, int]) -> None:
    open_first(qtbot, window)
    calls["measure"] = 0
    tabs = window.workspace.tabs
    for _round in range(2):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            qtbot.wait(5)
    qtbot.waitUntil(lambda: not window.document.tasks.busy, timeout=10_000)
    assert calls["measure"] == 0


def test_a_step_edit_on_show_redraws_its_box_only(qtbot: Any, window: Any) -> None:
    open_first(qtbot, window)
    workspace = window.workspace
    workspace.tabs.setCurrentIndex(FLOW)
    scene = workspace.flow.scene
    boxes = dict(scene.boxes)
    flow = scene.flow
    model = workspace.activities.model
    old = model.row(1)
    assert model.setData(model.index(1, model.column_of("minutes")),
                         str(int(old.minutes) + 9), Qt.ItemDataRole.EditRole)
    wait_figures(qtbot, window)
    assert scene.flow is flow
    assert [row for row in boxes if scene.boxes[row] is not boxes[row]] == [1]
    assert scene.boxes[1].activity == model.row(1)
    assert scene.boxes[1].minutes_text() == f"{int(old.minutes) + 9} min"
    # Another lane moves boxes and arrows: the diagram is laid out again.
    units = [u.code for u in window.workspace.entity.units]
    other = next(code for code in units if code != old.unit)
    assert model.setData(model.index(1, model.column_of("unit")), other,
                         Qt.ItemDataRole.EditRole)
    wait_figures(qtbot, window)
    assert scene.flow != flow and scene.boxes[1].activity.unit == other


def test_an_edit_shows_the_figures_its_own_commit_measured(qtbot: Any, window: Any,
                                                          calls: dict[str, int]) -> None:
    """One measurement per edit: the stored-figures hook's (the same numbers stored),
    on screen when the edit returns; a change it did not measure the version for (the
    whole municipality's) is measured on the worker as before."""
    open_first(qtbot, window)
    workspace = window.workspace
    figures = workspace.figures
    model = workspace.activities.model
    version = workspace.version
    calls["measure"] = 0
    old = model.row(3)
    assert model.setData(model.index(3, model.column_of("minutes")),
                         str(int(old.minutes) + 5), Qt.ItemDataRole.EditRole)
    assert not figures.pending and calls["measure"] == 0  # on screen already
    shown = figures.current
    assert shown is not None and shown.version.activities[3].minutes == old.minutes + 5
    assert shown == window.document.read(measurement.measure, version)
    status = window.status_figures.labels["cost"].text()
    assert money(shown.metrics.cost.unit_cost) in status
    # A unit's other minutes: every version of the municipality measured at once by the
    # hook, nothing handed over; the worker measures.
    calls["measure"] = 0
    entity = workspace.entity
    unit = entity.units[0]
    assert window.document.push(SetItemField(
        window.document, entity.ubigeo, "unit", unit.uid, unit.code, "other_tupa_minutes",
        unit.other_tupa_minutes + 1000, "minutes"))
    after = wait_figures(qtbot, window)
    assert calls["measure"] == 1 and after is not shown
    assert after.metrics == window.document.read(measurement.measure, version).metrics
