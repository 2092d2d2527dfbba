"""Booklet: the stamped (draw-once) guides look exactly like the guides printed alone.

The booklet lays out and draws the words its guides share once per PDF (see
procedures/reports/stamps.py); these tests hold it to the promise that nothing on the
page moves because of it, and to the page-breaking rules of the plain paragraphs.
"""

from __future__ import annotations

import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from tests.procedures.test_reports_pdf import (
    DEMO,
    assert_sound,
    build,
    db_fixture,
    page_texts,
    pages,
)

demo_db = db_fixture(DEMO)
DPI = 50


def _render(path: Path, directory: Path, first: int, last: int) -> list[bytes]:
    """Pages `first`..`last` as grey pixels, without the header and footer bands (the
    booklet's name the running title and the page number differ on purpose)."""
    from PIL import Image

    from procedures.reports.styles import FOOTER_HEIGHT, HEADER_HEIGHT, MARGIN

    prefix = directory / f"{path.stem}-{first}"
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-f", str(first), "-l",
                    str(last), str(path), str(prefix)], check=True)
    scale = DPI / 72
    result = []
    for image_path in sorted(directory.glob(f"{prefix.name}-*.png")):
        with Image.open(image_path) as image:
            top = int((MARGIN + HEADER_HEIGHT) * scale) + 1
            bottom = image.height - int((MARGIN + FOOTER_HEIGHT) * scale) - 1
            result.append(image.crop((0, top, image.width, bottom)).tobytes())
    return result


def test_booklet_guides_look_exactly_like_the_guides_alone(demo_db: Path,
                                                           tmp_path: Path) -> None:
    booklet = tmp_path / "booklet.pdf"
    build(demo_db, booklet, "booklet", lang="en")
    texts = page_texts(booklet)
    codes = ["PA-01", "PA-03", "PA-05", "SE-01"]
    for code in codes:
        alone = tmp_path / f"{code}.pdf"
        build(demo_db, alone, "guide", procedure=code, lang="en")
        first = next(number for number, page in enumerate(texts, start=1)
                     if f"TUPA code {code}" in page)
        count = pages(alone)
        expected = _render(alone, tmp_path, 1, count)
        found = _render(booklet, tmp_path, first, first + count - 1)
        assert found == expected, f"{code}: its booklet pages differ from the guide alone"


def test_large_print_booklet_splits_a_requirement_across_pages(demo_db: Path,
                                                                tmp_path: Path) -> None:
    """A checklist item cut by a page break keeps one tick box (it used to crash)."""
    out = tmp_path / "large.pdf"
    build(demo_db, out, "booklet", lang="en", large_print=True)
    normal = tmp_path / "normal.pdf"
    build(demo_db, normal, "booklet", lang="en")
    assert pages(out) > pages(normal)
    assert "Copia simple del DNI del solicitante" in " ".join(page_texts(out))
    assert_sound(out, tmp_path)


# -- the stamps themselves ------------------------------------------------------------------
def _bullets(count: int) -> tuple[list[object], object]:
    from procedures.reports.blocks import bullets
    from procedures.reports.stamps import Stamps
    from procedures.reports.styles import styles

    stamps = Stamps()
    items = bullets([f"Item {n} " + "word " * 30 for n in range(count)], styles(),
                    stamps=stamps)
    return items, stamps.stack(items)[0]


def test_a_stack_splits_where_its_parts_would() -> None:
    parts, stack = _bullets(5)
    width = 400.0
    _w, height = stack.wrap(width, 10_000)  # type: ignore[attr-defined]
    part_heights = [part.wrap(width, 10_000)[1] for part in parts]  # type: ignore[attr-defined]
    assert height > sum(part_heights)  # the space after each item counts in between
    two = sum(part_heights[:2]) + parts[0].getSpaceAfter()  # type: ignore[attr-defined]
    head, *rest = stack.split(width, two + 0.5)  # type: ignore[attr-defined]
    assert head.parts == parts[:2] and rest == parts[2:]
    assert stack.split(width, part_heights[0] - 1) == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("repeats", [40])
def test_a_shared_stamp_can_move_to_the_next_page_many_times(repeats: int) -> None:
    """ReportLab marks a flowable it pushes to the next page and never unmarks it; a
    stamp that comes back must not be taken for one that never fits."""
    from procedures.reports.fonts import register_fonts
    from procedures.reports.stamps import Stamps
    from procedures.reports.styles import styles

    register_fonts()
    stamps = Stamps()
    shared = stamps.para("A fixed sentence that every guide repeats " * 8, styles().body)
    story: list[object] = []
    for _ in range(repeats):  # each copy lands at a page foot, where it does not fit
        story += [Spacer(1, 680), shared]
    doc = SimpleDocTemplate(BytesIO())
    doc.build(story)
    assert doc.page >= repeats
    assert isinstance(shared.flowable, Paragraph)  # type: ignore[attr-defined]
