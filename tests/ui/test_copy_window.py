"""Copy from the window: the dialog's matches and mapping, the copy on the worker, one
undo step; a procedure started from the standard catalogue; the municipality overview."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem

from procedures.errors import NotFoundError
from procedures.services.copying import CREATE
from procedures.services.lookup import procedure_uuid
from procedures.services.queries import procedure_index
from procedures.standard.catalogue import load_catalogue
from procedures.storage.read import load_procedure
from tests.procedures.copy_support import EMPTY, NEAR, SOURCE, load
from tests.ui.conftest import close_window, make_window
from ui import copy_ops


@pytest.fixture
def three_db(db_path: Path, tmp_path: Path) -> Path:
    from models.db import open_database

    db = open_database(db_path)
    load(db, tmp_path)
    db.close()
    return db_path


@pytest.fixture
def window(qtbot: Any, three_db: Path, settings: Any) -> Iterator[Any]:
    main = make_window(qtbot, three_db, settings)
    yield main
    close_window(qtbot, main)


def _open_source(window: Any) -> Any:
    item = next(p for p in window.document.read(procedure_index) if p.code == "PA-07")
    assert window.open_procedure(item.uuid)
    return window.workspace.header


def _codes(window: Any, ubigeo: str) -> list[str]:
    def run(session: Any) -> list[str]:
        try:
            procedure_uuid(session, ubigeo, "PA-07")
        except NotFoundError:
            return []
        _e, procedure = load_procedure(session, ubigeo, "PA-07")
        return [v.name for v in procedure.versions]
    return window.document.read(run)


def test_copy_dialog_maps_copies_on_the_worker_and_undoes_in_one_step(
        qtbot: Any, window: Any, answers: Any, qtmodeltester: Any) -> None:
    header = _open_source(window)
    dialog = copy_ops.copy_dialog(window, window.document, header)
    qtbot.addWidget(dialog)
    assert SOURCE not in [dialog.entities.item(r).text()[:6]
                          for r in range(dialog.entities.rowCount())]
    assert not dialog.copy_button.isEnabled()
    dialog.tick([NEAR, EMPTY])
    qtbot.waitUntil(lambda: not dialog.pending and dialog.plan is not None, timeout=10000)
    assert dialog.copy_button.isEnabled()
    rows = {r.key: r for r in dialog.map_model.rows}
    assert rows[(NEAR, "unit", "DU")].choice == "OBR"  # by name
    assert rows[(NEAR, "unit", "DU")].how_text() == "nombre"
    assert rows[(NEAR, "position", "SDU")].choice == CREATE
    qtmodeltester.check(dialog.map_model)
    qtmodeltester.check(dialog.filtered)
    # the clerk maps SDU to the near municipality's technician, through the combo box
    row = dialog.map_model.row_of((NEAR, "position", "SDU"))
    index = dialog.map_model.index(row, 4)
    delegate = dialog.table.itemDelegateForColumn(4)
    combo = delegate.createEditor(dialog.table.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(combo, QComboBox)
    assert combo.itemData(0) == CREATE and combo.findData("T1") > 0
    delegate.setEditorData(combo, index)
    assert combo.currentData() == CREATE
    combo.setCurrentIndex(combo.findData("T1"))
    delegate.setModelData(combo, dialog.map_model, index)
    combo.deleteLater()
    assert dialog.map_model.row(dialog.map_model.row_of((NEAR, "position", "SDU"))
                                ).choice == "T1"
    request = dialog.request()
    answers.will("inform", None)
    stack = window.document.stack
    before = stack.count()
    task = copy_ops.run_copy(window, window.document, None, request)
    qtbot.waitUntil(lambda: task.done, timeout=20000)
    assert stack.count() == before + 1
    assert answers.asked[-1][0] == "inform"
    assert "060102 Municipalidad Distrital de Asunción" in answers.asked[-1][1][2]
    assert _codes(window, NEAR) == _codes(window, EMPTY) == ["Actual", "Propuesta"]

    def staff(session: Any) -> set[str]:
        _e, procedure = load_procedure(session, NEAR, "PA-07")
        return {x.position for a in procedure.versions[0].activities for x in a.staff}
    assert "SDU" not in window.document.read(staff)
    stack.undo()
    assert _codes(window, NEAR) == _codes(window, EMPTY) == []
    stack.redo()
    assert _codes(window, NEAR) == _codes(window, EMPTY) == ["Actual", "Propuesta"]
    # a second copy meets the first: refused until "Replace" is ticked
    again = copy_ops.copy_dialog(window, window.document, header)
    qtbot.addWidget(again)
    again.tick([NEAR])
    qtbot.waitUntil(lambda: not again.pending and again.plan is not None, timeout=10000)
    assert not again.copy_button.isEnabled()
    assert "Municipalidad Distrital de Asunción ya tiene PA-07" in again.note.text()
    again.replace.setChecked(True)
    assert again.copy_button.isEnabled()
    assert again.version.count() == 3  # all versions, or one of the two
    dialog.deleteLater()
    again.deleteLater()


def test_a_procedure_from_the_standard_catalogue(qtbot: Any, window: Any,
                                                 monkeypatch: Any) -> None:
    from ui.screens import adopt_dialog

    entry = load_catalogue()[0]
    shown: list[Any] = []

    def exec_(self: Any) -> int:
        shown.append(self)
        assert self.model.row_count == len(load_catalogue())
        assert entry.legal_basis in self.details.toPlainText()
        return 1

    monkeypatch.setattr(adopt_dialog.AdoptDialog, "exec", exec_)
    window.navigator.filter_now("Chetilla")
    window.navigator.tree.setCurrentIndex(window.navigator.model.entity_index(EMPTY))
    uuid = window.adopt_standard()
    assert uuid and shown and window.workspace.header.uuid == uuid
    assert window.workspace.header.name == entry.name
    window.document.stack.undo()
    assert not any(p.uuid == uuid for p in window.document.read(procedure_index))


def test_choosing_a_municipality_opens_its_overview(qtbot: Any, window: Any,
                                                   qtmodeltester: Any) -> None:
    tree, model = window.navigator.tree, window.navigator.model
    window.navigator.filter_now("Cajamarca")
    tree.setCurrentIndex(model.entity_index(SOURCE))
    assert window.stack.currentWidget() is window.overview
    overview = window.overview
    qtbot.waitUntil(lambda: not overview.pending and overview.overview is not None,
                    timeout=10000)
    assert overview.title.text() == "Municipalidad Provincial de Cajamarca"
    assert overview.facts["procedures"].value.text() == "1"
    assert "1 mapeados con pasos" in overview.facts["procedures"].detail.text()
    assert overview.candidates_model.row_count == 1
    for model in (overview.procedures.model(), overview.candidates_model,
                  overview.warnings_model, overview.recent_model):
        qtmodeltester.check(model)
    assert overview.chart.data is not None and len(overview.chart.data.points) == 1
    image = overview.chart.grab().toImage()
    assert image.width() > 300
    # a click on the dot opens the procedure, as a double-click on its row does
    dot = overview.chart._layout().dots[0]
    plot = overview.chart._plot()
    assert overview.chart.dot_at(plot.left() + dot.x, plot.top() + dot.y) is dot
    index = overview.procedures.model().index(0, 0)
    overview.procedures.doubleClicked.emit(index)
    assert window.stack.currentWidget() is window.workspace
    assert window.workspace.header.code == "PA-07"

