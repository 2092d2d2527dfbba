"""Portfolio at scale: the bulk loader gives the very snapshots the ORM loader gives.

The portfolio reads many municipalities through `portfolio_load` (plain Core rows, a
batch of entities per round of queries) instead of `load_entity` one by one; its figures
are right only if the snapshots are equal, field by field and in the same order.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.procedures.test_reports_documents import region_db  # noqa: F401 (fixture)
from tests.procedures.test_reports_pdf import DEMO, TODAY, assert_sound, make_db, text


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory: pytest.TempPathFactory, _migrated_template: Path) -> Path:
    """The demo municipality and a few synthetic ones (staff, resources, allocations)."""
    from models.db import open_database
    from procedures.demo.bootstrap import load_synthetic

    path = make_db(tmp_path_factory.mktemp("synthetic"), _migrated_template, DEMO)
    db = open_database(path)
    try:
        with db.session() as session, session.begin():
            load_synthetic(session, 5, 12, 6, seed=7)
    finally:
        db.close()
    return path


def _session(path: Path) -> Iterator[object]:
    from models.db import open_database

    db = open_database(path)
    try:
        with db.session() as session:
            yield session
    finally:
        db.close()


@pytest.mark.parametrize("prefix", ["06", "99", ""])
def test_bulk_snapshots_equal_the_orm_snapshots(synthetic_db: Path, prefix: str) -> None:
    from procedures.storage.bulk_read import entity_ubigeos, iter_entities
    from procedures.storage.read import load_entity

    for session in _session(synthetic_db):
        ubigeos = entity_ubigeos(session, prefix)  # type: ignore[arg-type]
        assert ubigeos, prefix
        bulk = list(iter_entities(session, ubigeos, batch=2))  # type: ignore[arg-type]
        orm = [load_entity(session, ubigeo, procedures=True)  # type: ignore[arg-type]
               for ubigeo in ubigeos]
        assert [entity.ubigeo for entity in bulk] == ubigeos
        for got, expected in zip(bulk, orm, strict=True):
            assert got == expected, got.ubigeo
        proposals = any(v.kind.value == "to_be" for e in bulk for p in e.procedures
                        for v in p.versions)
        assert proposals == (prefix != "99"), "the demo's proposals are among them"


def test_bulk_snapshots_of_the_region_fixture(region_db: Path) -> None:  # noqa: F811
    from procedures.storage.bulk_read import entity_ubigeos, iter_entities
    from procedures.storage.read import load_entity

    for session in _session(region_db):
        ubigeos = entity_ubigeos(session, "06")  # type: ignore[arg-type]
        bulk = list(iter_entities(session, ubigeos))  # type: ignore[arg-type]
        assert bulk == [load_entity(session, u, procedures=True)  # type: ignore[arg-type]
                        for u in ubigeos]


def test_portfolio_reports_progress_and_the_same_figures(synthetic_db: Path,
                                                          tmp_path: Path) -> None:
    from procedures.services.reports import ReportRequest, build_report, measure_entity

    out = tmp_path / "portfolio.pdf"
    seen: list[tuple[int, int, str]] = []
    for session in _session(synthetic_db):
        build_report(session, ReportRequest("portfolio", "99", lang="en", out=out,  # type: ignore[arg-type]
                                            today=TODAY),
                     progress=lambda done, total, message="": seen.append((done, total, message)))
        expected = [measure_entity(session, u).entity.name  # type: ignore[arg-type]
                    for u in ("990101", "990102")]
    assert seen[-1][:2] == (100, 100)
    assert [done for done, _t, _m in seen] == sorted(done for done, _t, _m in seen)
    assert any(message.startswith("Municipalidad") for _d, _t, message in seen)
    body = text(out)
    for name in expected:
        assert name in body
    assert "5 municipalities · 60 procedures" in body
    assert_sound(out, tmp_path)


def test_the_report_face_has_tabular_digits() -> None:
    """The portfolio sizes a column of figures by their shapes ("S/ 0,000.00"): right
    only while every digit of the face is as wide as the others."""
    from procedures.reports.fonts import BOLD, REGULAR, text_width

    for face in (REGULAR, BOLD):
        assert len({text_width(digit, 10, face) for digit in "0123456789"}) == 1, face
