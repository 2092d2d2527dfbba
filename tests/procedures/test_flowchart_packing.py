"""The flowchart's bands fill their pages: all lanes on one page when they fit at a
readable scale, otherwise runs of several lanes packed so that pages are not left half
empty; lane names repeated on every part; text never under 6.5 pt. Measured on the PDF
(word boxes from pdftotext, font sizes from the content streams)."""

from __future__ import annotations

import re
from collections import defaultdict
from io import BytesIO
from pathlib import Path

import pytest

from procedures.flowchart import layout
from procedures.reports.document import LANDSCAPE, ReportDocument, ReportMeta
from procedures.reports.flowchart_pdf import flowchart_pages
from procedures.reports.styles import MARGIN
from tests.procedures.builders import act, english_messages
from tests.procedures.pdf_measure import FOOTER_BAND, HEADER_BAND, font_sizes
from tests.procedures.test_reports_hard_data import UBIGEO, hard_db, package  # noqa: F401
from tests.procedures.test_reports_pdf import TODAY, Word, build, demo_db, words  # noqa: F401

_english = english_messages()

PART = re.compile(r"\(part (\d+) of (\d+)\)")
#: A page of the diagram, but the last, holds bands over at least this share of its body.
MIN_FILL = 0.55


def _pages(path: Path) -> dict[int, list[Word]]:
    """The words of each page that shows a part of the diagram."""
    by_page: dict[int, list[Word]] = defaultdict(list)
    for word in words(path):
        by_page[word.page].append(word)
    return {page: found for page, found in sorted(by_page.items())
            if any(w.text == "(part" for w in found)}


def _body(found: list[Word]) -> list[Word]:
    return [w for w in found if w.y0 >= HEADER_BAND - 4 and w.y1 <= w.height - FOOTER_BAND + 4]


def _fill(found: list[Word]) -> float:
    """The share of the page's body between the first caption and the lowest word."""
    body = _body(found)
    frame = body[0].height - HEADER_BAND - FOOTER_BAND
    return (max(w.y1 for w in body) - min(w.y0 for w in body)) / frame


def _parts(found: list[Word]) -> list[tuple[int, int, float]]:
    """(part, of, top) of each band on the page, from its caption."""
    line = " ".join(w.text for w in found)
    tops = [w.y0 for w in found if w.text == "(part"]
    return [(int(m[1]), int(m[2]), top) for m, top in zip(PART.finditer(line), tops,
                                                            strict=True)]


def _lane_names(found: list[Word], top: float, bottom: float, header_right: float) -> str:
    """What the lane headers of the band between `top` and `bottom` read, in order."""
    column = sorted((w for w in found if top < w.y0 < bottom and w.x1 <= header_right),
                    key=lambda w: (round(w.y0), w.x0))
    return " ".join(w.text for w in column)


def _check_pages(path: Path, lanes: list[str], *, per_band: int) -> int:
    """Every part once, the pages filled, each band with at least `per_band` whole lane
    names in the lanes' order; returns the number of parts."""
    pages = _pages(path)
    assert pages
    seen: list[int] = []
    numbers = sorted(pages)
    for page in numbers:
        found = pages[page]
        if page != numbers[-1]:
            assert _fill(found) >= MIN_FILL, (page, round(_fill(found), 2))
        parts = _parts(found)
        bounds = [top for _n, _t, top in parts] + [found[0].height - FOOTER_BAND]
        for (number, _total, top), bottom in zip(parts, bounds[1:], strict=True):
            seen.append(number)
            read = _lane_names(found, top + 12, bottom, MARGIN + 80)
            shown = [name for name in lanes if name in read]
            assert len(shown) >= min(per_band, len(lanes)), (page, number, read)
            order = [read.index(name) for name in shown]
            assert order == sorted(order)
    total = _parts(pages[numbers[0]])[0][1]
    assert seen == list(range(1, total + 1))
    sizes = font_sizes(path)
    assert min(sizes) >= 6.5
    return total


def test_demo_pa02_shows_all_its_lanes_on_every_part(demo_db: Path,  # noqa: F811
                                                     tmp_path: Path) -> None:
    """PA-02 has five lanes: they missed a landscape page by three points and were cut
    into bands of three and two lanes, one band a page: eleven parts on ten pages."""
    out = tmp_path / "sheet.pdf"
    build(demo_db, out, "sheet", procedure="PA-02", lang="en")
    lanes = ["Citizen", "Subgerencia de Tesorería — Caja", "Gerencia de Desarrollo Urbano"]
    assert _check_pages(out, lanes, per_band=len(lanes)) <= 6


def test_the_comparison_keeps_five_lanes_whole_too(demo_db: Path,  # noqa: F811
                                                   tmp_path: Path) -> None:
    out = tmp_path / "comparison.pdf"
    build(demo_db, out, "comparison", procedure="PA-02", version="Propuesta", lang="en")
    lanes = ["Citizen", "Subgerencia de Tesorería — Caja", "Gerencia de Desarrollo Urbano"]
    pages = _pages(out)
    current = [page for page, found in pages.items()
               if "Current:" in " ".join(w.text for w in found)]
    assert current
    for page in current:
        for _number, _total, top in _parts(pages[page]):
            read = _lane_names(pages[page], top + 12, pages[page][0].height, MARGIN + 80)
            assert all(name in read for name in lanes), (page, read)


def test_ten_lanes_come_in_bands_of_several_lanes_filling_the_pages(
        hard_db: Path, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "sheet.pdf"
    build(hard_db, out, "sheet", UBIGEO, procedure="PA-01", lang="en")
    names = ["Citizen"] + [unit["name"] for unit in package()["entities"][0]["units"]]
    assert _check_pages(out, names, per_band=2) > 1


def _offices(count: int, steps: int) -> tuple[list, dict[str, str]]:
    units = {f"U{n}": f"Oficina {n:02d} de trámite" for n in range(1, count + 1)}
    activities = [act(f"Paso {i + 1}: revisar y derivar el expediente", f"U{i % count + 1}")
                  for i in range(steps)]
    return activities, units


@pytest.mark.parametrize("lanes, stacked", [(6, True), (8, False), (12, False)])
def test_many_lanes_fill_their_pages(tmp_path: Path, lanes: int, stacked: bool) -> None:
    """Six lanes of single boxes: three lanes a band took a page each (60 % of it);
    two lanes a band stack two to a page. Eight lanes: four a band, 82 % of a page."""
    activities, units = _offices(lanes, 3 * lanes)
    flow = layout(activities, units, "Citizen")
    buffer = BytesIO()
    doc = ReportDocument(buffer, ReportMeta("t", "a", "s", "r", printed_on=TODAY),
                         first=LANDSCAPE)
    width, height = doc.frame_size(LANDSCAPE)
    doc.build_story(flowchart_pages(flow, activities, width, height, caption="Flowchart"))
    out = tmp_path / f"lanes-{lanes}.pdf"
    out.write_bytes(buffer.getvalue())
    names = list(units.values())
    total = _check_pages(out, names, per_band=2)
    pages = _pages(out)
    assert (len(pages) < total) is stacked  # bands share pages
    assert (max(len(_parts(found)) for found in pages.values()) >= 2) is stacked


def test_a_lane_taller_than_a_page_shrinks_instead_of_failing(tmp_path: Path) -> None:
    """Twelve parallel reviews in one office make a lane taller than a landscape page at
    the smallest scale: the band could not be laid out at all (LayoutError)."""
    activities = [act("Recibir el expediente", "A"),
                  *(act(f"Revisión paralela {n}", "B", parallel=True) for n in range(12)),
                  act("Notificar", "A")]
    flow = layout(activities, {"A": "Mesa de partes", "B": "Comisión técnica"}, "Citizen")
    buffer = BytesIO()
    doc = ReportDocument(buffer, ReportMeta("t", "a", "s", "r", printed_on=TODAY),
                         first=LANDSCAPE)
    width, height = doc.frame_size(LANDSCAPE)
    doc.build_story(flowchart_pages(flow, activities, width, height, caption="Flowchart"))
    out = tmp_path / "tall.pdf"
    out.write_bytes(buffer.getvalue())
    assert doc.page_count == 1
    assert min(font_sizes(out)) >= 6.5
    read = " ".join(w.text for w in words(out))
    assert "Mesa de partes" in read and "Comisión técnica" in read
