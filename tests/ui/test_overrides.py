"""A proposal's own TUPA data from the window: calificación, plazo and its own list of
requirements; empty inherits the procedure's; every change is undoable and measured."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from models.codes import Calificacion, PlazoUnit
from procedures.i18n import _
from procedures.metrics import WarningCode
from procedures.services import procedures as ep
from procedures.services.queries import procedure_fields
from procedures.vocabulary import label
from tests.ui.conftest import wait_figures
from tests.ui.helpers import write
from tests.ui.test_versions import open_example


def version_row(window: Any) -> Any:
    _entity, procedure = window.document.read(procedure_fields, window.workspace.procedure)
    return next(v for v in procedure.versions if v.uid == window.workspace.version)


def codes(qtbot: Any, window: Any) -> set[WarningCode]:
    return {w.code for w in wait_figures(qtbot, window).metrics.warnings}


def test_a_proposal_changes_its_plazo_and_calificacion(qtbot: Any, window: Any) -> None:
    open_example(window)
    tupa = window.workspace.tupa
    rows = tupa.override_rows
    # The as-is version is the procedure itself: no overrides offered, only its fee.
    assert not any(tupa.version_form.isRowVisible(r) for r in rows)
    assert window.workspace.new_proposal("Plazo corto")
    window.workspace.tabs.setCurrentIndex(0)
    assert all(tupa.version_form.isRowVisible(r) for r in rows)
    assert tupa.version_box.title() == _("This proposal: {name}").format(name="Plazo corto")
    calificacion = tupa.fields["version_calificacion"]
    plazo = tupa.fields["version_plazo"]
    # Empty: it inherits, and says so.
    assert calificacion.currentText() == _("As the procedure: {value}").format(
        value=label(Calificacion.PREVIA_POSITIVO))
    assert plazo.text() == "" and plazo.placeholderText() == "15"
    assert tupa.fields["version_plazo_unit"].currentText() == _(
        "As the procedure: {value}").format(value=label(PlazoUnit.HABILES))
    assert WarningCode.OVER_LEGAL_TERM not in codes(qtbot, window)
    # Two business days: shorter than the three the steps take, so the engine warns.
    plazo.setFocus()
    write(qtbot, plazo, "2")
    qtbot.keyClick(plazo, Qt.Key.Key_Return)
    assert version_row(window).plazo == 2
    assert window.document.stack.undoText() == _("Change {field} of the version").format(
        field=_("legal term"))
    qtbot.waitUntil(lambda: WarningCode.OVER_LEGAL_TERM in codes(qtbot, window), timeout=10_000)
    _entity, procedure = window.document.read(procedure_fields, window.workspace.procedure)
    assert procedure.plazo == 15, "the procedure keeps its own legal term"
    # Keyboard on the calificación: ↓ chooses the next option and stores it.
    calificacion.setFocus()
    qtbot.keyClick(calificacion, Qt.Key.Key_Down)
    assert version_row(window).calificacion is Calificacion.AUTOMATICA
    # Clearing the plazo inherits again; the warning goes away.
    plazo = window.workspace.tupa.fields["version_plazo"]
    plazo.setFocus()
    plazo.selectAll()
    qtbot.keyClick(plazo, Qt.Key.Key_Delete)
    qtbot.keyClick(plazo, Qt.Key.Key_Return)
    assert version_row(window).plazo is None
    qtbot.waitUntil(lambda: WarningCode.OVER_LEGAL_TERM not in codes(qtbot, window), timeout=10_000)
    # Undo three times: the proposal inherits everything again.
    for _step in range(3):
        window.document.stack.undo()
    row = version_row(window)
    assert (row.plazo, row.calificacion) == (None, None)
    window.document.stack.redo()
    assert version_row(window).plazo == 2
    assert window.workspace.tupa.fields["version_plazo"].text() == "2"


def test_a_proposal_gets_its_own_requirements(qtbot: Any, window: Any) -> None:
    procedure = open_example(window)
    assert window.workspace.new_proposal("Menos requisitos")
    window.workspace.tabs.setCurrentIndex(1)
    tab = window.workspace.requirements
    assert tab.own.isVisible()
    assert tab.own.text() == _("Own list for this proposal")
    assert tab.owner == ("procedure", procedure)
    qtbot.mouseClick(tab.own, Qt.MouseButton.LeftButton)
    version = window.workspace.version
    assert tab.owner == ("version", version)
    assert tab.own.text() == _("Use the procedure's list again")
    assert window.document.stack.undoText() == _("Own requirements for {name}").format(
        name="Menos requisitos")
    assert tab.model.row_count == 2
    # Delete one in the proposal: the procedure's list stays as it was.
    tab.table.setFocus()
    tab.table.setCurrentIndex(tab.model.index(1, 0))
    assert tab.delete_selected()
    assert [q.name for q in window.document.read(ep.owner_requirements, ("version", version))] \
        == ["Solicitud dirigida al alcalde"]
    assert len(window.document.read(ep.owner_requirements, ("procedure", procedure))) == 2
    # Back to the procedure's list, then undo: the proposal's own (shorter) list returns.
    assert tab.toggle_own()
    assert tab.owner == ("procedure", procedure) and tab.model.row_count == 2
    window.document.stack.undo()
    assert tab.owner == ("version", version) and tab.model.row_count == 1
    window.document.stack.undo()  # the deletion
    window.document.stack.undo()  # the own list
    assert tab.owner == ("procedure", procedure)
    # The as-is version offers no own list: it is the procedure as it stands.
    window.workspace.show_version(window.workspace.header.baseline.uuid)
    assert not tab.own.isVisible()
