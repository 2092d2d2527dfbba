"""Benchmark: the booklet of 250 guides against a bare ReportLab document of the same text.

The 8 demo procedures of the Municipalidad Provincial de Cajamarca are repeated (new
codes) to 250, measured once by the engine (not timed), then laid out twice in the same
run, alternately: as the real booklet (cover, contents with page numbers, headers, QR,
tick boxes, boxes), and as a bare `SimpleDocTemplate` holding the same paragraphs' text
(titles, fact boxes, labels and table cells included) in the same embedded font on the
same A4 text area, one page break per guide. Target: booklet <= 1.5 x bare.

    uv run python bench/bench_reports.py [--procedures 250] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Table,
)

from procedures.exchange.package_read import load_package_file  # noqa: E402
from procedures.i18n import use_language  # noqa: E402
from procedures.metrics import allocation_rates, compute_metrics, portfolio_minutes  # noqa: E402
from procedures.reports.blocks import Boxed, Columns, KeyValues  # noqa: E402
from procedures.reports.booklet import booklet_story, build_booklet  # noqa: E402
from procedures.reports.cover import TocRows  # noqa: E402
from procedures.reports.guide import GuideData  # noqa: E402
from procedures.reports.stamps import Stamp, StampStack  # noqa: E402
from procedures.reports.styles import FOOTER_HEIGHT, HEADER_HEIGHT, MARGIN, styles  # noqa: E402
from procedures.services.lookup import pick_version  # noqa: E402

DEMO = ROOT / "resources" / "demo" / "cajamarca.tramite.json"


def guides(count: int) -> list[GuideData]:
    entity = load_package_file(DEMO)[0]
    base = entity.procedures
    procedures = tuple(
        replace(base[i % len(base)], code=f"P-{i + 1:03d}",
                name=f"{base[i % len(base)].name} ({i + 1})")
        for i in range(count))
    entity = replace(entity, procedures=procedures)
    rates = allocation_rates(entity, portfolio_minutes(procedures))
    today = date(2026, 11, 27)
    result = []
    for procedure in procedures:
        version = pick_version(procedure, None)
        metrics = compute_metrics(entity, procedure, version, rates)
        result.append(GuideData(entity, procedure, version, metrics, today))
    return result


def _texts(flowables: Iterable[object]) -> Iterator[str]:
    """The plain text of every paragraph in a story, tables, boxes and columns included."""
    for item in flowables:
        if isinstance(item, Stamp):
            yield from _texts([item.flowable])
        elif isinstance(item, StampStack):
            yield from _texts(item.parts)
        elif isinstance(item, Paragraph):
            yield item.getPlainText()
        elif isinstance(item, KeepTogether):
            yield from _texts(item._content)
        elif isinstance(item, Table):
            for row in item._cellvalues:
                for cell in row:
                    yield from _texts(cell if isinstance(cell, list | tuple) else [cell])
        elif isinstance(item, Columns):  # the title beside the QR code, the fact boxes
            for cell in item.cells:
                yield from _texts(cell)
        elif isinstance(item, Boxed):
            yield from _texts(item.content)
        elif isinstance(item, KeyValues | TocRows):
            for row in item.rows:
                yield " ".join(text for text in _texts(row))
        elif isinstance(item, str) and item:
            yield item


def bare_texts(data: list[GuideData]) -> list[str | None]:
    """The booklet's words, paragraph by paragraph; None where the booklet breaks a page."""
    texts: list[str | None] = []
    for item in booklet_story(data):
        if isinstance(item, PageBreak):
            texts.append(None)
            continue
        texts += [text for text in _texts([item]) if text.strip()]
    return texts


def run_booklet(data: list[GuideData]) -> tuple[float, int]:
    buffer = BytesIO()
    start = time.perf_counter()
    pages = build_booklet(buffer, data)
    return time.perf_counter() - start, pages


def run_bare(texts: list[str | None]) -> tuple[float, int]:
    """Plain paragraphs in the same embedded font on the same A4 text area (the booklet's
    margins, header and footer bands); making them is timed, as in the booklet."""
    body = styles().body
    buffer = BytesIO()
    start = time.perf_counter()
    story: list[Flowable] = [PageBreak() if text is None else Paragraph(escape(text), body)
                             for text in texts]
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN + HEADER_HEIGHT,
                            bottomMargin=MARGIN + FOOTER_HEIGHT)
    doc.build(story)
    return time.perf_counter() - start, doc.page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procedures", type=int, default=250)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    booklet: list[tuple[float, int]] = []
    bare: list[tuple[float, int]] = []
    with use_language("es"):
        data = guides(args.procedures)
        texts = bare_texts(data)
        for _ in range(args.repeat):  # alternated, so that both see the same machine load
            booklet.append(run_booklet(data))
            bare.append(run_bare(texts))
    booklet_time = statistics.median(t for t, _ in booklet)
    bare_time = statistics.median(t for t, _ in bare)
    pairs = statistics.median(b / r for (b, _), (r, _) in zip(booklet, bare, strict=True))
    print(f"booklet of {args.procedures} guides: {booklet_time:.2f} s, "
          f"{booklet[0][1]} pages (median of {args.repeat})")
    print(f"bare ReportLab, same text:    {bare_time:.2f} s, {bare[0][1]} pages")
    print(f"ratio booklet / bare: {booklet_time / bare_time:.2f} (target <= 1.5); "
          f"median of the {args.repeat} back-to-back pairs: {pairs:.2f}")


if __name__ == "__main__":
    main()
