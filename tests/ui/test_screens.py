"""The other screens: navigator search, requirements, flowchart, costs, suggestions,
municipality settings, window state, start-up."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt

from procedures.i18n import _, ngettext
from procedures.rules.compliance import WarningCode
from procedures.services import procedures as ep
from procedures.services.queries import entity_days, entity_snapshot, procedure_index
from tests.ui.conftest import make_window, wait_figures
from tests.ui.helpers import activate, type_cell
from ui.screens.workspace import COSTS, FLOW


def open_example(window: Any) -> str:
    uuid = window.document.read(procedure_index)[0].uuid
    assert window.open_procedure(uuid)
    return uuid


def test_search_filters_as_you_type_and_opens_with_enter(qtbot: Any, window: Any) -> None:
    navigator = window.navigator
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(navigator.search, "posesion")  # without the accent
    qtbot.waitUntil(lambda: navigator.model.filter_text == "posesion", timeout=2000)
    assert navigator.model.rowCount() == 1
    qtbot.keyClick(navigator.search, Qt.Key.Key_Return)
    assert window.workspace.header.code == "PA-07"
    navigator.filter_now("no existe nada así")
    assert navigator.model.rowCount() == 0
    assert navigator.count.text() == _("Nothing matches. Try fewer letters.")


def test_requirements_flag_what_may_not_be_demanded(qtbot: Any, window: Any,
                                                    qtmodeltester: Any) -> None:
    open_example(window)
    window.workspace.tabs.setCurrentIndex(1)
    tab = window.workspace.requirements
    model = tab.model
    qtmodeltester.check(model)
    before = model.row_count
    table = tab.table
    table.setFocus()
    table.setCurrentIndex(model.index(before, 0))
    type_cell(qtbot, table, "Copia legalizada del DNI", Qt.Key.Key_Return)
    assert model.row_count == before + 1
    allowed = model.column_of("allowed")
    cell = model.index(before, allowed)
    assert cell.data() == _("No")
    assert cell.data(Qt.ItemDataRole.ToolTipRole)
    owner = window.document.read(ep.requirement_owner, window.workspace.version)
    names = [q.name for q in window.document.read(ep.owner_requirements, owner)]
    assert names[-1] == "Copia legalizada del DNI"
    measured = wait_figures(qtbot, window)
    assert any(w.code.value == "prohibited_requirement" for w in measured.metrics.warnings)
    table.setCurrentIndex(model.index(before, 0))
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert model.row_count == before


def test_flowchart_and_table_select_the_same_rows(qtbot: Any, window: Any,
                                                  tmp_path: Path) -> None:
    open_example(window)
    workspace = window.workspace
    flow = workspace.flow
    workspace.activities.select_rows([4])
    # A hidden diagram is drawn when its tab is shown, with the table's selection.
    assert not flow.scene.boxes
    window.show_tab(FLOW)
    assert len(flow.scene.boxes) == 9
    assert flow.scene.selected_rows() == [4]
    flow.scene.boxes[2].setSelected(True)
    flow.scene.boxes[4].setSelected(False)
    assert workspace.activities.selected() == [2]
    assert flow.export_png(str(tmp_path / "flujo.png"))
    assert flow.export_svg(str(tmp_path / "flujo.svg"))
    assert (tmp_path / "flujo.png").stat().st_size > 5000
    assert "<svg" in (tmp_path / "flujo.svg").read_text(encoding="utf-8")
    before = flow.view.transform().m11()
    flow.view.zoom(1.2)
    assert flow.view.transform().m11() > before


def test_costs_and_warnings_come_from_the_engine(qtbot: Any, window: Any) -> None:
    open_example(window)
    measured = wait_figures(qtbot, window)
    window.workspace.tabs.setCurrentIndex(COSTS)  # a hidden tab is laid out when shown
    costs = window.workspace.costs.browser.toPlainText()
    assert "45.92" in costs and _("Depreciation and amortisation") in costs
    assert "31.90" in costs  # personal, DOMAIN §8
    browser = window.workspace.warnings.warnings
    assert measured.metrics.warnings == ()
    assert _("No warnings: the version keeps to the rules the engine checks.") in \
        browser.toPlainText()
    # A fee above the unit cost (S/ 45.92) is warned about: the tab lists the engine's words.
    window.workspace.tabs.setCurrentIndex(0)
    fee = window.workspace.tupa.fields["fee"]
    fee.setFocus()
    fee.selectAll()
    qtbot.keyClicks(fee, "60.00")
    qtbot.keyClick(fee, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wait_figures(qtbot, window).metrics.fee == Decimal("60.00"),
                    timeout=10_000)
    warned = wait_figures(qtbot, window).metrics.warnings
    assert [w.code for w in warned] == [WarningCode.FEE_ABOVE_COST]
    text = browser.toPlainText()
    assert ngettext("{n} warning", "{n} warnings", 1).format(n=1) in text
    assert warned[0].message in text


def test_apply_suggestions_creates_a_proposal(qtbot: Any, window: Any, answers: Any) -> None:
    open_example(window)
    workspace = window.workspace
    workspace.tabs.setCurrentIndex(5)
    tab = workspace.warnings
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0, timeout=10_000)
    assert not tab.apply.isEnabled()
    tab.model.setData(tab.model.index(0, 0), Qt.CheckState.Checked.value,
                      Qt.ItemDataRole.CheckStateRole)
    assert tab.apply.isEnabled()
    answers.will("text", "Simplificada")
    qtbot.mouseClick(tab.apply, Qt.MouseButton.LeftButton)
    header = workspace.header
    assert [v.name for v in header.versions] == ["Actual", "Simplificada"]
    assert workspace.version == header.versions[1].uuid
    window.document.stack.undo()
    assert [v.name for v in workspace.header.versions] == ["Actual"]


def test_municipality_settings(qtbot: Any, window: Any, qtmodeltester: Any) -> None:
    from ui.screens.entity_settings import EntitySettings

    dialog = EntitySettings(window.document, "060101", window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.resources.table.setCurrentIndex(dialog.resources.model.index(3, 0))
    for model in (dialog.units.model, dialog.positions.model, dialog.resources.model,
                  dialog.allocation.model, dialog.days.model, dialog.reference.model):
        qtmodeltester.check(model)
    assert dialog.allocation.model.row_count == 3  # a unit each: driver value, TUPA factor
    activate(qtbot, dialog)
    # A position shows its cost per minute, computed by the costing methodology.
    positions = dialog.positions.model
    row = next(r for r in range(positions.row_count) if positions.row(r).code == "TMP")
    assert positions.index(row, positions.column_of("per_minute")).data() == "S/ 0.13"
    # Type a new unit on the last row.
    dialog.tabs.setCurrentIndex(1)
    units = dialog.units
    table = units.table
    table.setFocus()
    table.setCurrentIndex(units.model.index(units.model.row_count, 0))
    type_cell(qtbot, table, "RC", Qt.Key.Key_Tab)
    type_cell(qtbot, table, "Registro Civil", Qt.Key.Key_Return)
    codes = [u.code for u in window.document.read(entity_snapshot, "060101").units]
    assert "RC" in codes
    assert units.model.row(units.model.row_of(
        next(u.uid for u in window.document.read(entity_snapshot, "060101").units
             if u.code == "RC"))).name == "Registro Civil"
    # A setting refused at the field, then a good one.
    dialog.tabs.setCurrentIndex(0)
    hours = dialog.fields["hours_per_day"]
    hours.setFocus()
    hours.selectAll()
    qtbot.keyClicks(hours, "0")
    qtbot.keyClick(hours, Qt.Key.Key_Return)
    assert window.document.read(entity_snapshot, "060101").settings.hours_per_day == 8
    hours.selectAll()
    qtbot.keyClicks(hours, "7.5")
    qtbot.keyClick(hours, Qt.Key.Key_Return)
    assert window.document.read(entity_snapshot, "060101").settings.hours_per_day == \
        Decimal("7.5")
    # A day off picked on the calendar, then undone from the main window's stack.
    dialog.tabs.setCurrentIndex(4)
    dialog.days.calendar.setSelectedDate(QDate(2026, 2, 16))
    dialog.days.calendar.activated.emit(QDate(2026, 2, 16))
    assert [d.day.isoformat() for d in window.document.read(entity_days, "060101")] \
        == ["2026-02-16"]
    window.document.stack.undo()
    assert window.document.read(entity_days, "060101") == ()
    dialog.close()


def test_window_state_is_restored(qtbot: Any, example_db: Path, settings: Any) -> None:
    first = make_window(qtbot, example_db, settings)
    open_example(first)
    first.workspace.tabs.setCurrentIndex(4)
    first.splitter.setSizes([200, 1166])
    procedure = first.workspace.procedure
    first.close()
    first.document.close()
    second = make_window(qtbot, example_db, settings, size=False)
    try:
        assert second.workspace.procedure == procedure
        assert second.workspace.tabs.currentIndex() == 4
        # The offscreen screen is 800 × 600, too small to check sizes: check they are kept.
        assert not settings.value("window/geometry").isEmpty()
        assert not settings.value("window/splitter").isEmpty()
    finally:
        second.close()
        second.document.close()


def test_recent_databases_never_keep_a_password(settings: Any) -> None:
    settings.remember_database("postgresql+psycopg://ana:secreto@servidor/tramites")
    settings.remember_database("/datos/cajamarca.sqlite")
    recent = settings.value("database/recent")
    assert recent == ["/datos/cajamarca.sqlite", "postgresql+psycopg://ana@servidor/tramites"]
    assert all("secreto" not in item for item in recent)


def test_every_icon_exists(qapp: Any) -> None:
    from ui.actions import SPECS
    from ui.icons import icon, names

    for spec in SPECS:
        if spec.icon:
            assert not icon(spec.icon).isNull(), spec.icon
    assert len(names()) >= 30
    with pytest.raises(KeyError):
        icon("no-such-icon")


def test_languages(qapp: Any) -> None:
    from procedures.i18n import current_language
    from ui.app import install_language

    translators = install_language(qapp, "es")
    assert translators and _("Activities") == "Actividades"
    install_language(qapp, "en")
    assert current_language() == "en" and _("Activities") == "Activities"
    install_language(qapp, "es")


def test_a_database_that_cannot_be_opened_exits_with_2(answers: Any,
                                                      monkeypatch: Any) -> None:
    from ui import app

    answers.will("error", None)
    monkeypatch.setattr(app, "AppSettings", lambda: _MemorySettings())
    assert app.run_app(db="postgresql+psycopg://nadie@127.0.0.1:1/nada") == 2
    assert answers.asked[0][0] == "error"


class _MemorySettings:
    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def value(self, key: str) -> Any:
        return self.values.get(key, "")

    def set_value(self, key: str, value: Any) -> None:
        self.values[key] = value

    def author(self) -> str:
        return "prueba"

    def remember_database(self, target: str) -> None:
        self.values["database/last"] = target
