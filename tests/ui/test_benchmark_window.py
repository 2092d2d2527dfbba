"""The benchmark view: opened from a procedure, rows sorted, a row opens its procedure,
a name proposal is confirmed into a link."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.procedures.benchmark_data import region_package
from tests.ui.conftest import close_window, make_window


@pytest.fixture
def region_window(qtbot: Any, db_path: Path, settings: Any, tmp_path: Path) -> Iterator[Any]:
    from models.db import open_database
    from procedures.services.imports import import_package

    db = open_database(db_path)
    with db.session() as session, session.begin():
        import_package(session, region_package(tmp_path / "r.tramite.json",
                                               celendin_fee="900.00"))
    db.close()
    main = make_window(qtbot, db_path, settings)
    yield main
    close_window(qtbot, main)


def _open(main: Any, ubigeo: str, code: str) -> str:
    from procedures.services.matching import procedure_by_reference

    uuid = main.document.read(procedure_by_reference, f"{ubigeo}/{code}")
    assert main.open_procedure(uuid)
    return uuid


def test_benchmark_view_lists_sorted_rows_and_opens_one(qtbot: Any, region_window: Any,
                                                        tmp_path: Path) -> None:
    main = region_window
    _open(main, "060101", "PA-07")
    assert main.commands["benchmark"].isEnabled()
    view = main.open_benchmark()
    qtbot.waitUntil(lambda: view.outcome is not None, timeout=15_000)
    model = view.model
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert "Chetilla" in names[0]  # cheapest first, best quartile marked
    assert names[0].startswith("●")
    assert any("Celendín" in n and "!" in n for n in names)  # the fee outlier
    assert names[-2] == "Mediana" and names[-1] == "Mejor cuartil"
    assert any(n.startswith("?") and "Asunción" in n for n in names)  # a proposal
    view.grab().save(str(tmp_path / "benchmark-es.png"))
    # Open Asunción's procedure from its row.
    row = next(i for i, n in enumerate(names) if "Asunción" in n)
    view.table.selectRow(row)
    assert view.confirm_button.isEnabled()
    view._open()
    assert main.workspace.header.ubigeo == "060102"


def test_confirming_a_proposal_makes_a_link(qtbot: Any, region_window: Any) -> None:
    from procedures.standard.benchmark import MatchKind

    main = region_window
    _open(main, "060101", "PA-07")
    view = main.open_benchmark()
    qtbot.waitUntil(lambda: view.outcome is not None, timeout=15_000)
    row = next(i for i, r in enumerate(view.outcome.rows) if r.match.ubigeo == "060102")
    view.table.selectRow(row)
    first = view.outcome
    view._confirm()
    qtbot.waitUntil(lambda: view.outcome is not first, timeout=15_000)
    kinds = {r.match.ubigeo: r.match.kind for r in view.outcome.rows}
    assert kinds["060102"] is MatchKind.LINK


def test_the_province_selected_sets_the_scope(qtbot: Any, region_window: Any) -> None:
    main = region_window
    _open(main, "060101", "PA-07")
    from procedures.services.benchmark import run_benchmark  # noqa: F401 (same service)

    view = main.open_benchmark()
    view.scope.setCurrentIndex(1)  # the province 0601
    qtbot.waitUntil(lambda: view.outcome is not None and view.outcome.scope == "0601",
                    timeout=15_000)
    assert {r.match.ubigeo[:4] for r in view.outcome.rows} == {"0601"}


def test_the_standard_code_is_set_in_the_tupa_tab_and_undone(qtbot: Any,
                                                             region_window: Any) -> None:
    from procedures.services.queries import procedure_fields

    main = region_window
    uuid = _open(main, "060101", "PA-07")
    field = main.workspace.findChild(object, "field_standard_code")
    assert field is not None
    index = field._values.index("LF-045-RB")
    assert index > 0
    field.setCurrentIndex(index)
    field.activated.emit(index)
    qtbot.waitUntil(lambda: main.document.read(procedure_fields, uuid)[1].standard_code
                    == "LF-045-RB", timeout=5_000)
    main.document.stack.undo()
    assert main.document.read(procedure_fields, uuid)[1].standard_code is None


def test_a_province_row_of_the_list_opens_the_benchmark_there(qtbot: Any,
                                                             region_window: Any) -> None:
    main = region_window
    menu = main.navigator.province_menu("0602")
    assert not menu.actions()[0].isEnabled()  # no procedure open yet
    _open(main, "060101", "PA-07")
    menu = main.navigator.province_menu("0602")
    action = menu.actions()[0]
    assert action.isEnabled() and "PA-07" in action.text()
    action.trigger()
    view = main.findChild(object, "benchmark_window")
    qtbot.waitUntil(lambda: view.outcome is not None, timeout=15_000)
    assert view.outcome.scope == "0602"
    assert {r.match.ubigeo for r in view.outcome.rows} == {"060101", "060201"}
