"""Every report kind, in both languages, on the demo and on the hard review data, measured
page by page: no text under 6.5 pt, no page whose body holds only a line or two."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.procedures.pdf_measure import font_sizes, near_empty_pages
from tests.procedures.test_reports_hard_data import UBIGEO, hard_db  # noqa: F401  fixture
from tests.procedures.test_reports_pdf import build, demo_db  # noqa: F401  fixture

MIN_SIZE = 6.5
LARGE_PRINT_BODY = 16.0

DEMO_CASES = [
    ("guide", {"procedure": "PA-02"}),
    ("guide", {"procedure": "PA-02", "large_print": True}),
    ("booklet", {}),
    ("booklet", {"large_print": True}),
    ("sheet", {"procedure": "PA-02"}),
    ("comparison", {"procedure": "PA-02", "version": "Propuesta"}),
    ("tupa", {}),
    ("portfolio", {}),
]
HARD_CASES = [
    ("guide", {"procedure": "PA-01"}),
    ("guide", {"procedure": "PA-01", "large_print": True}),
    ("booklet", {}),
    ("booklet", {"large_print": True}),
    ("sheet", {"procedure": "PA-01"}),
    ("comparison", {"procedure": "PA-03", "version": "Propuesta simplificada 2026"}),
    ("tupa", {}),
    ("portfolio", {}),
]


def _check(path: Path, large_print: bool) -> None:
    sizes = font_sizes(path)
    assert sizes, "no text measured"
    assert min(sizes) >= MIN_SIZE, sorted(set(sizes))[:8]
    assert near_empty_pages(path) == []
    if large_print:
        body = max(set(sizes), key=sizes.count)
        assert body >= LARGE_PRINT_BODY, body


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("kind, options", DEMO_CASES)
def test_demo_reports_measure_up(demo_db: Path, tmp_path: Path, kind: str,  # noqa: F811
                                 options: dict[str, object], lang: str) -> None:
    out = tmp_path / f"{kind}.pdf"
    entity = "0601" if kind == "portfolio" else "060101"
    build(demo_db, out, kind, entity, lang=lang, **options)
    _check(out, bool(options.get("large_print")))


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("kind, options", HARD_CASES)
def test_hard_reports_measure_up(hard_db: Path, tmp_path: Path, kind: str,  # noqa: F811
                                 options: dict[str, object], lang: str) -> None:
    out = tmp_path / f"{kind}.pdf"
    entity = UBIGEO[:4] if kind == "portfolio" else UBIGEO
    build(hard_db, out, kind, entity, lang=lang, **options)
    _check(out, bool(options.get("large_print")))
