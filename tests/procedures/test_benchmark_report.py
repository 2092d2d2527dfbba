"""The benchmark PDF measured as every report is: no text under 6.5 pt, no near-empty
page, every municipality's row in the text, in Spanish and English; also with forty
municipalities (the table runs over pages, the chart keeps the best and the worst)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from models import tables as t
from procedures.services.imports import import_package
from procedures.services.reports import ReportRequest, build_report
from tests.procedures.benchmark_data import region_package
from tests.procedures.pdf_measure import font_sizes, near_empty_pages


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def _check(path: Path) -> None:
    sizes = font_sizes(path)
    assert sizes and min(sizes) >= 6.5, sorted(set(sizes))[:8]
    assert near_empty_pages(path) == []


@pytest.mark.parametrize("lang", ["es", "en"])
def test_small_region(sqlite_db: Any, tmp_path: Path, lang: str) -> None:
    with sqlite_db.session() as session, session.begin():
        import_package(session, region_package(tmp_path / "r.tramite.json",
                                               celendin_fee="900.00"))
    out = tmp_path / f"b-{lang}.pdf"
    with sqlite_db.session() as session:
        build_report(session, ReportRequest("benchmark", "06", "060101/PA-07", lang=lang,
                                            out=out))
    _check(out)
    text = _text(out)
    for name in ("Chetilla", "Asunción", "Celendín", "Cajamarca", "Cospán"):
        assert name in text
    assert ("Mediana" if lang == "es" else "Median") in text


def test_forty_municipalities(sqlite_db: Any, tmp_path: Path) -> None:
    from procedures.demo.bootstrap import load_synthetic

    with sqlite_db.session() as session, session.begin():
        load_synthetic(session, 40, 3, 6, seed=3)
    with sqlite_db.session() as session:
        ubigeo, code = session.execute(select(t.Entity.ubigeo, t.Procedure.code).join(
            t.Procedure, t.Procedure.entity_id == t.Entity.id).order_by(
            t.Procedure.id)).first()
        out = tmp_path / "forty.pdf"
        message = build_report(session, ReportRequest(
            "benchmark", ubigeo[:2], f"{ubigeo}/{code}", out=out))
    _check(out)
    text = _text(out)
    assert len(set(re.findall(r"Municipalidad Demo (\d{3})", text))) == 40
    assert "páginas" in message  # the table runs over more than one page
