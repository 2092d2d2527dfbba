"""Technical sheet, comparison, TUPA table, booklet and portfolio: real PDFs read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from procedures.errors import Cancelled, InputError
from tests.conftest import EXAMPLE
from tests.procedures.test_reports_pdf import (
    DEMO,
    assert_sound,
    build,
    db_fixture,
    make_db,
    page_texts,
    pages,
    spanish_has,
    text,
)

example_db = db_fixture(EXAMPLE)
demo_db = db_fixture(DEMO)


def test_sheet_of_the_worked_example(example_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "sheet.pdf"
    build(example_db, out, "sheet", procedure="PA-07", lang="en")
    body = text(out)
    assert "Certificado de posesión" in body
    assert "S/ 45.92" in body  # unit cost (DOMAIN §8)
    for amount in ("S/ 31.90", "S/ 0.65", "S/ 10.00", "S/ 1.53", "S/ 1.84"):
        assert amount in body  # the seven elements that are not zero
    assert "Tabla ASME-VM" in body
    assert "1,150" in body  # total expected minutes in the footer
    assert "Técnico Mesa de Partes" in body and "0.13" in body  # position, cost per minute
    assert "Flowchart by unit (swimlanes)" in body
    assert "3 business days" in body
    assert "Warnings" in body
    # Landscape pages, headers repeated: every page carries the entity and page numbers.
    for number, page in enumerate(page_texts(out), start=1):
        assert "Municipalidad Provincial de Cajamarca" in page
        assert f"Page {number} of {pages(out)}" in page
    assert_sound(out, tmp_path)


def test_sheet_table_repeats_its_header_and_lanes_repeat(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "sheet.pdf"
    build(demo_db, out, "sheet", procedure="PA-02", lang="en")
    texts = page_texts(out)
    table_pages = [page for page in texts if "Type of activity" in page]
    assert len(table_pages) >= 2  # the 26-row table spans pages with its header
    flow_pages = [page for page in texts if "Flowchart by unit" in page]
    assert len(flow_pages) >= 2
    for page in flow_pages:  # every diagram page names its lanes
        assert "Citizen" in page or "Catastro" in page
    lanes = " ".join(flow_pages)
    assert "Citizen" in lanes and "Catastro" in lanes
    pairs = " ".join(flow_pages[:2])  # too many lanes for one page: whole lanes per page
    assert "Citizen" in pairs and "Catastro" in pairs
    assert_sound(out, tmp_path)


def test_comparison_of_a_demo_proposal(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "comparison.pdf"
    build(demo_db, out, "comparison", procedure="PA-02", version="Propuesta", lang="en")
    body = text(out)
    assert "Actual → Propuesta" in body
    assert "S/ 78.72" in body and "S/ 44.08" in body  # unit cost before / after
    assert "−44.0 %" in body
    assert "Saved by the municipality per year" in body and "S/ 8,313.60" in body
    assert "Saved by the residents per year" in body
    assert "Removed, step 6 of Actual:" in body and "Changed, step 1 of Propuesta" in body
    # Steps merged into another (action "fusionar") are not listed as eliminated.
    assert "Merged into another step, step 1 of Actual: Pagar el derecho" in body
    assert "Removed, step 1 of Actual" not in body
    assert "Requirement removed: Constancia de no adeudo" in body
    assert "Actual: 2 legal warnings" in body and "Propuesta: 0 legal warnings" in body
    assert "added" in body and "removed" in body  # diagram legend
    assert "Improvements applied" in body and "Eliminate" in body
    assert_sound(out, tmp_path)


def test_comparison_needs_a_proposal(demo_db: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError):
        build(demo_db, tmp_path / "c.pdf", "comparison", procedure="PA-02", version="Actual")
    assert not (tmp_path / "c.pdf").exists()


def test_tupa_table(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "tupa.pdf"
    build(demo_db, out, "tupa", lang="en")
    body = text(out)
    assert "Texto Único de Procedimientos Administrativos (TUPA)" in body
    assert "Licencia de funcionamiento" in body and "Inscripción ordinaria de nacimiento" in body
    assert "89.90" in body and "1.63" in body  # fee in S/ and in % of the UIT 2026
    assert "UIT 2026: S/ 5,500.00" in body
    texts = page_texts(out)
    first_sheet = next(number for number, page in enumerate(texts)
                       if "1. Name of the procedure (denominación)" in page)
    index = texts[:first_sheet]
    assert index and all("Requirements" in page for page in index)  # header on every page
    sheets = [page for page in texts if "1. Name of the procedure (denominación)" in page]
    assert len(sheets) == 8  # one sheet per procedure, in the format in force
    for field in ("3. Requirements", "6. Fee (derecho de tramitación)",
                  "8. Approval (calificación)", "14. Appeals (instancias de resolución",
                  "Maximum term to answer", "15. Legal basis"):
        assert field in " ".join(sheets), field
    # No row cut: a procedure's code and its last requirement are on the same page.
    for page in texts:
        if "PA-03 Matrimonio" in page:
            assert "Publicación del edicto matrimonial" in page
    assert_sound(out, tmp_path)


def test_booklet_has_cover_contents_and_every_guide(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "booklet.pdf"
    seen: list[tuple[int, int]] = []
    from models.db import open_database
    from procedures.services.reports import ReportRequest, build_report

    db = open_database(demo_db)
    try:
        with db.session() as session:
            build_report(session, ReportRequest("booklet", "060101", lang="en", out=out),
                         progress=lambda done, total, message="": seen.append((done, total)))
    finally:
        db.close()
    texts = page_texts(out)
    assert "Guide to procedures" in texts[0] and "Page" not in texts[0]  # bare cover
    assert "Contents" in texts[1]
    # The contents give each guide's real page number.
    for code, name in (("PA-01", "Licencia de funcionamiento"), ("SE-01", "Constancia")):
        listed = texts[1].split(code, 1)[1].split("PA-", 1)[0].split("SE-", 1)[0]
        number = int(listed.split()[-1])
        assert name in texts[number - 1], (code, number)
        assert code in texts[number - 1]
    assert seen[-1][0] == seen[-1][1] == 100
    assert_sound(out, tmp_path)


def test_booklet_can_be_cancelled_and_writes_nothing(demo_db: Path, tmp_path: Path) -> None:
    from models.db import open_database
    from procedures.services.reports import ReportRequest, build_report

    def cancel(done: int, total: int, message: str = "") -> None:
        if done > 40:
            raise Cancelled

    out = tmp_path / "booklet.pdf"
    db = open_database(demo_db)
    try:
        with db.session() as session, pytest.raises(Cancelled):
            build_report(session, ReportRequest("booklet", "060101", out=out), progress=cancel)
    finally:
        db.close()
    assert not out.exists()
    assert not list(tmp_path.glob(".tramite-*"))


def _renamed(directory: Path, ubigeo: str, name: str) -> Path:
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    entity = data["entities"][0]
    entity.update(ubigeo=ubigeo, name=name)

    def strip(node: object) -> None:  # fresh identities for the copy
        if isinstance(node, dict):
            node.pop("id", None)
            for value in node.values():
                strip(value)
        elif isinstance(node, list):
            for value in node:
                strip(value)

    strip(entity)
    path = directory / f"{ubigeo}.tramite.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def region_db(tmp_path_factory: pytest.TempPathFactory, _migrated_template: Path) -> Path:
    directory = tmp_path_factory.mktemp("region")
    return make_db(directory, _migrated_template, DEMO,
                   _renamed(directory, "060102", "Municipalidad Distrital de Asunción"),
                   _renamed(directory, "060201", "Municipalidad Provincial de Cajabamba"))


def test_portfolio_of_a_province_and_of_the_region(region_db: Path, tmp_path: Path) -> None:
    province = tmp_path / "province.pdf"
    build(region_db, province, "portfolio", entity="0601", lang="en")
    body = text(province)
    assert "Province of Cajamarca (0601)" in body
    assert "Municipalidad Distrital de Asunción" in body
    assert "Cajabamba" not in body
    assert "Which procedures to simplify first" in body
    assert_sound(province, tmp_path)
    region = tmp_path / "region.pdf"
    build(region_db, region, "portfolio", entity="06", lang="en")
    body = text(region)
    assert "Municipalidad Provincial de Cajabamba" in body
    assert "3 municipalities · 24 procedures" in body
    # The heaviest procedure for residents ranks first (1,200 licences × S/ 179.29).
    ranked = body.split("Which procedures to simplify first", 1)[1]
    assert ranked.index("PA-01") < ranked.index("PA-05")
    assert_sound(region, tmp_path)


def test_reports_in_spanish_use_spanish_terms(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "ficha.pdf"
    build(demo_db, out, "sheet", procedure="PA-05", lang="es")
    assert "S/ 35.00" in text(out)
    if not spanish_has("Technical sheet"):
        pytest.skip("the Spanish catalogue does not translate the report strings yet")
    assert "Ficha técnica" in text(out) and "días hábiles" in text(out)


def test_tupa_workbook_has_the_index_and_one_sheet_per_procedure(demo_db: Path,
                                                                  tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "tupa.xlsx"
    message = build(demo_db, out, "tupa", lang="es")
    assert str(out) in message
    book = load_workbook(out)
    index = book.worksheets[0]
    cells = [str(cell) for row in index.iter_rows(values_only=True) for cell in row if cell]
    assert any("R.S.G.P. N.° 005-2018-PCM-SGP" in cell for cell in cells)
    assert "Licencia de funcionamiento" in " ".join(cells)
    assert len(book.worksheets) == 1 + 8
    sheet = book.worksheets[1]
    headings = [row[0] for row in sheet.iter_rows(values_only=True) if row and row[0]]
    for heading in ("1. Denominación del procedimiento", "3. Requisitos",
                    "6. Derecho de tramitación", "14. Instancias de resolución de recursos",
                    "15. Base legal"):
        assert heading in headings, headings
