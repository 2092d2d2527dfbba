"""Versions in the window: a proposal, its comparison, rename, adopt, delete."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from models.codes import VersionKind
from models.db import open_database
from procedures.i18n import _, ngettext
from procedures.services.imports import import_package
from procedures.services.lookup import procedure_uuid
from procedures.services.measurement import procedure_context
from procedures.services.queries import procedure_header, procedure_index
from procedures.services.reports import version_in_force
from tests.conftest import EXAMPLE
from tests.ui.conftest import close_window, make_window, wait_figures
from tests.ui.helpers import activate, activity_rows


def open_example(window: Any) -> str:
    uuid = window.document.read(procedure_index)[0].uuid
    assert window.open_procedure(uuid)
    return uuid


def header(window: Any) -> Any:
    return window.document.read(procedure_header, window.workspace.procedure)


def test_a_proposal_changes_the_figures_and_the_comparison(qtbot: Any, window: Any,
                                                          answers: Any) -> None:
    open_example(window)
    before = wait_figures(qtbot, window)
    assert before.metrics.business_days == 3
    assert before.metrics.cost.unit_cost == Decimal("45.92")
    assert window.figure_labels["cost"].text() == _("Unit cost: {cost}").format(cost="S/ 45.92")
    answers.will("text", "Sin espera")
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    versions = header(window).versions
    assert [v.name for v in versions] == ["Actual", "Sin espera"]
    assert versions[1].kind is VersionKind.TO_BE
    assert window.workspace.version == versions[1].uuid
    assert window.document.stack.undoText() == _("New proposal {name}").format(name="Sin espera")
    # In the proposal, delete the four days of waiting in the tray.
    table = window.workspace.activities.table
    table.setFocus()
    table.selectRow(3)
    assert activity_rows(window)[3][2] == "espera"
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert len(activity_rows(window)) == 8
    after = wait_figures(qtbot, window)
    assert after.metrics.business_days == 1
    assert window.figure_labels["days"].text() == _("Lead time: {days}").format(
        days=ngettext("{n} business day", "{n} business days", 1).format(n=1))
    # The comparison shows both sides, the removed step and the savings.
    window.workspace.tabs.setCurrentIndex(6)
    comparison = window.workspace.comparison
    assert comparison.before.currentText() == "Actual"
    assert comparison.after.currentText() == "Sin espera"
    qtbot.waitUntil(lambda: _("Yearly savings (positive = saved)") in comparison.text,
                    timeout=10_000)
    text = comparison.text
    assert _("{before} compared with {after}").format(before="Actual", after="Sin espera") in text
    assert _("Business days") in text and _("removed") in text
    # Undo the deletion: the proposal has its nine activities again.
    window.document.stack.undo()
    assert len(activity_rows(window)) == 9


def test_rename_adopt_and_delete_a_version(qtbot: Any, window: Any, answers: Any) -> None:
    open_example(window)
    workspace = window.workspace
    assert not workspace.buttons["delete"].isEnabled(), "the as-is version stays"
    assert workspace.new_proposal("Propuesta digital")
    answers.will("text", "Digital")
    assert workspace.rename_version()
    assert [v.name for v in header(window).versions] == ["Actual", "Digital"]
    assert workspace.toggle_adopted()
    assert [v.adopted for v in header(window).versions] == [False, True]
    assert "★" in workspace.versions.currentText()
    answers.will("ask", False)
    assert not workspace.delete_version()
    assert len(header(window).versions) == 2
    answers.will("ask", True)
    assert workspace.delete_version()
    assert [v.name for v in header(window).versions] == ["Actual"]
    assert workspace.versions.currentText().startswith("Actual")
    window.document.stack.undo()
    names = [v.name for v in header(window).versions]
    assert names == ["Actual", "Digital"]
    assert [q for q in answers.asked if q[0] == "ask"][-1][1][1] == _("Delete the version")


def test_the_tupa_tab_validates_as_you_type(qtbot: Any, window: Any) -> None:
    open_example(window)
    window.workspace.tabs.setCurrentIndex(0)
    tupa = window.workspace.tupa
    demand = tupa.fields["annual_demand"]
    demand.setFocus()
    demand.selectAll()
    qtbot.keyClicks(demand, "doce")
    assert demand.styleSheet() and "doce" not in tupa.problems.text()
    assert tupa.problems.text().endswith(_("type a whole number, for example 15"))
    qtbot.keyClick(demand, Qt.Key.Key_Return)
    _entity, procedure = window.document.read(
        __import__("procedures.services.queries", fromlist=["x"]).procedure_fields,
        window.workspace.procedure)
    assert procedure.annual_demand == 240, "an unreadable value is never stored"
    demand.selectAll()
    qtbot.keyClicks(demand, "300")
    qtbot.keyClick(demand, Qt.Key.Key_Return)
    assert window.document.stack.undoText().startswith("Cambiar demanda anual")
    fee = tupa.fields["fee"]
    fee.setFocus()
    fee.selectAll()
    qtbot.keyClicks(fee, "40.00")
    qtbot.keyClick(fee, Qt.Key.Key_Return)
    assert wait_figures(qtbot, window).metrics.fee == Decimal("40.00")
    assert window.figure_labels["fee"].text() == _("Fee: {fee}").format(fee="S/ 40.00")


@pytest.mark.parametrize("flags", [
    # (kind, adopted) of the versions after "Actual": where the window and the guide
    # used to disagree (an adopted as-is version; a file that marks two as adopted).
    [("as_is", True)],
    [("to_be", True), ("to_be", True)],
    [("to_be", False)],
])
def test_the_window_opens_the_version_the_reports_print(
        qtbot: Any, db_path: Path, settings: Any, tmp_path: Path,
        flags: list[tuple[str, bool]]) -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    procedure = data["entities"][0]["procedures"][0]
    actual = procedure["versions"][0]
    for number, (kind, adopted) in enumerate(flags, start=2):
        procedure["versions"].append({**copy.deepcopy(actual), "name": f"V{number}",
                                      "kind": kind, "adopted": adopted})
    package = tmp_path / "versions.tramite.json"
    package.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    db = open_database(db_path)
    with db.session() as session, session.begin():
        import_package(session, package)
    with db.session() as session:
        context = procedure_context(session, procedure_uuid(session, "060101", "PA-07"))
        printed = version_in_force(context.procedure)
    db.close()
    main = make_window(qtbot, db_path, settings)
    try:
        open_example(main)
        assert main.workspace.version == printed.uid
        assert header(main).version(main.workspace.version).name == printed.name
    finally:
        close_window(qtbot, main)
