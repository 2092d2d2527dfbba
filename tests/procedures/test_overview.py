"""The municipality at a glance, and the prioritisation matrix it draws."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from procedures.priority import Point, layout, matrix
from procedures.services import copying as ec
from procedures.services.lookup import version_uuid
from procedures.services.measurement import measure
from procedures.services.overview import entity_overview
from tests.procedures.builders import english_messages
from tests.procedures.copy_support import NEAR, SOURCE, load

_english = english_messages()


def test_overview_counts_sums_and_reads_the_engines_figures(sqlite_db: Any,
                                                            tmp_path: Path) -> None:
    source = load(sqlite_db, tmp_path)
    with sqlite_db.session() as session, session.begin():
        ec.copy_procedure(session, source, [NEAR], version="Propuesta", author="ana")
    with sqlite_db.session() as session:
        near = entity_overview(session, NEAR)
        at_source = entity_overview(session, SOURCE)
        engine = measure(session, version_uuid(session, NEAR, "PA-07", None)).metrics
    # PA-01 has no steps; PA-07 came with an empty as-is version and a proposal
    assert (near.total, near.mapped, near.not_mapped) == (2, 0, 2)
    assert (near.with_proposal, near.without_proposal) == (1, 1)
    assert (at_source.total, at_source.mapped, at_source.with_proposal) == (1, 1, 1)
    (figures,) = at_source.procedures
    with sqlite_db.session() as session:
        metrics = measure(session, version_uuid(session, SOURCE, "PA-07", None)).metrics
    assert (figures.unit_cost, figures.cases, figures.yearly_entity_cost) == (
        metrics.cost.unit_cost, 240, metrics.yearly.entity_cost)
    assert at_source.yearly_cost == metrics.yearly.entity_cost
    assert at_source.citizen_hours == metrics.yearly.citizen_hours
    assert [p.code for p in at_source.matrix.candidates] == ["PA-07"]
    # warnings by kind: each procedure counted once per kind
    pa07 = next(p for p in near.procedures if p.code == "PA-07")
    assert pa07.warnings == tuple(str(w.code) for w in engine.warnings)
    assert dict(near.warnings).get("missing_demand") == 1  # PA-01 has its demand
    # recent changes, newest first, from the change log
    assert near.recent[0].summary.startswith("Copied from PA-07 of Municipalidad Provincial")
    assert near.recent[0].who == "ana"
    assert not near.matrix.points  # nothing mapped with a demand: an empty chart


def _points(*pairs: tuple[int, str]) -> list[Point]:
    return [Point(f"u{n}", f"P-{n}", f"Trámite {n}", cases, Decimal(burden))
            for n, (cases, burden) in enumerate(pairs)]


def test_matrix_ranks_by_yearly_burden_and_lays_out_on_a_log_axis_when_spread() -> None:
    data = matrix(_points((3000, "2.00"), (30, "150.00"), (400, "40.00"), (0, "99.00"),
                          (50, "10.00")))
    assert data.left_out == 1  # no demand: not on the chart
    assert [p.code for p in data.candidates] == ["P-2", "P-0", "P-1", "P-4"]
    assert (data.median_cases, data.median_burden) == (225.0, 25.0)
    placed = layout(data, 400, 300)
    assert placed.log_x  # 30 … 3,000 cases
    assert all(0 <= d.x <= 400 and 0 <= d.y <= 300 for d in placed.dots)
    by_code = {d.point.code: d for d in placed.dots}
    assert by_code["P-0"].x > by_code["P-2"].x > by_code["P-1"].x  # more cases, further right
    assert by_code["P-1"].y < by_code["P-2"].y  # a heavier burden, higher up
    assert by_code["P-2"].rank == 1 and [t.value for t in placed.x_ticks] == [10, 100, 1000,
                                                                               10000]
    narrow = layout(matrix(_points((100, "5"), (300, "9"))), 200, 100)
    assert not narrow.log_x and narrow.x_ticks[0].value == 0
    assert max(t.value for t in narrow.y_ticks) >= 9
