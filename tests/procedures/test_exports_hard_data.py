"""Exports of data their code was not written against: ten lanes, a 60-activity
procedure with probabilities and parallel steps, an allocated resource spread over nine
units, a proposal with an added activity. The cost workbook, recalculated by LibreOffice
in both rounding modes, shows the app's figures; the BPMN file satisfies bpmn.io's own
parser and linter and comes back whole through our import."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from models.codes import COST_ELEMENTS
from procedures.services.exports import export_steps
from procedures.services.imports import import_package, import_steps
from procedures.services.lookup import procedure_uuid
from procedures.services.measurement import procedure_context
from tests.procedures.builders import english_messages
from tests.procedures.test_bpmn_export import validate
from tests.procedures.test_reports_hard_data import UBIGEO, package
from tests.procedures.xlsx_recalc import error_cells, recalculated_values, rows_by_key

_english = english_messages()


def _money(value: object) -> Decimal:
    assert isinstance(value, int | float), value
    return Decimal(repr(value)).quantize(Decimal("0.01"))


@pytest.mark.slow
@pytest.mark.parametrize("rounding", ["sut", "exact"])
def test_hard_data_recalculates_to_the_apps_costs(sqlite_db: object, tmp_path: Path,
                                                  rounding: str) -> None:
    data = package()
    data["entities"][0]["settings"]["rounding"] = rounding  # type: ignore[index]
    source = tmp_path / "hard.tramite.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with sqlite_db.session() as session, session.begin():  # type: ignore[attr-defined]
        import_package(session, source)
    checked = 0
    for code in ("PA-01", "PA-03"):
        path = tmp_path / f"{code}.xlsx"
        with sqlite_db.session() as session:  # type: ignore[attr-defined]
            export_steps(session, UBIGEO, path, "xlsx", procedure=code)
            context = procedure_context(session, procedure_uuid(session, UBIGEO, code))
            measured = {v.name: context.measure(v).metrics for v in context.procedure.versions}
        book = recalculated_values(path, tmp_path / f"lo-{code}")
        assert error_cells(book) == []
        summary = rows_by_key(book, "Summary")
        for name, metrics in measured.items():
            row = summary[(code, name)]
            shown = [_money(value) for value in row[2:2 + len(COST_ELEMENTS)]]
            assert shown == [metrics.cost.element(e) for e in COST_ELEMENTS], (code, name)
            assert _money(row[9]) == metrics.cost.unit_cost, (code, name)
            assert metrics.cost.unit_cost > 0
            checked += 1
    assert checked == 3  # PA-01 as-is, PA-03 as-is and its proposal


@pytest.mark.slow
def test_hard_data_bpmn_is_valid_and_comes_back_whole(sqlite_db: object,
                                                       tmp_path: Path) -> None:
    """Sixty steps over ten lanes with probabilities and parallel stages: bpmn-moddle
    and bpmnlint find nothing to say, and our import restores every step."""
    source = tmp_path / "hard.tramite.json"
    source.write_text(json.dumps(package(), ensure_ascii=False), encoding="utf-8")
    with sqlite_db.session() as session, session.begin():  # type: ignore[attr-defined]
        import_package(session, source)
    path = tmp_path / "PA-01.bpmn"
    with sqlite_db.session() as session:  # type: ignore[attr-defined]
        export_steps(session, UBIGEO, path, "bpmn", procedure="PA-01")
    validate(path)
    with sqlite_db.session() as session, session.begin():  # type: ignore[attr-defined]
        import_steps(session, path, UBIGEO, "PA-01", "Desde BPMN")
    with sqlite_db.session() as session:  # type: ignore[attr-defined]
        context = procedure_context(session, procedure_uuid(session, UBIGEO, "PA-01"))
        versions = {v.name: v for v in context.procedure.versions}

    def steps(name: str) -> list[tuple[object, ...]]:
        return [(a.description, a.unit, a.type, a.value, a.minutes, a.probability,
                 a.parallel, a.in_person) for a in versions[name].activities]

    assert len(steps("Actual")) == 60
    assert steps("Desde BPMN") == steps("Actual")
