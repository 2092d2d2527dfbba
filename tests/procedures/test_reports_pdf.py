"""Helpers shared by the report tests (real PDFs read back with poppler), and the checks
every report must pass: A4, embedded DejaVu, metadata, no blank page, no text off the page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT

DEMO = ROOT / "resources" / "demo" / "cajamarca.tramite.json"
TODAY = date(2026, 11, 27)  # a Friday; 15 días hábiles later is 22 Dec 2026 (8 and 9 Dec off)
A4_POINTS = (595.28, 841.89)


# -- databases ------------------------------------------------------------------------
def make_db(directory: Path, template: Path, *packages: Path) -> Path:
    """A migrated SQLite copy with `packages` imported; returns its path."""
    from models.db import open_database
    from procedures.services.imports import import_package

    path = directory / "reports.sqlite"
    shutil.copyfile(template, path)
    db = open_database(path)
    try:
        for package in packages:
            with db.session() as session, session.begin():
                import_package(session, package)
    finally:
        db.close()
    return path


def build(db_path: Path, out: Path, kind: str, entity: str = "060101", **options: object) -> str:
    """Run the report service on `db_path` and return its one-line message."""
    from models.db import open_database
    from procedures.services.reports import ReportRequest, build_report

    request = ReportRequest(kind=kind, entity=entity, out=out, today=TODAY,
                            **options)  # type: ignore[arg-type]
    db = open_database(db_path)
    try:
        with db.session() as session:
            return build_report(session, request)
    finally:
        db.close()


def db_fixture(*packages: Path) -> Callable[..., Path]:
    """A module-scoped fixture: a database with `packages` imported, built once."""

    @pytest.fixture(scope="module")
    def fixture(tmp_path_factory: pytest.TempPathFactory, _migrated_template: Path) -> Path:
        return make_db(tmp_path_factory.mktemp("db"), _migrated_template, *packages)

    return fixture


example_db = db_fixture(EXAMPLE)
demo_db = db_fixture(DEMO)


# -- reading PDFs back ------------------------------------------------------------------
def text(path: Path, *, layout: bool = False) -> str:
    """The extracted text with whitespace runs collapsed to one space."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    raw = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return " ".join(raw.split())


def page_texts(path: Path) -> list[str]:
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return [" ".join(page.split()) for page in raw.split("\f")[:-1]]


def info(path: Path) -> dict[str, str]:
    raw = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(path)], check=True,
                         capture_output=True, text=True).stdout
    return {key.strip(): value.strip() for key, _, value in
            (line.partition(":") for line in raw.splitlines()) if value}


def pages(path: Path) -> int:
    return int(info(path)["Pages"])


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    height: float


def words(path: Path) -> Iterator[Word]:
    """Every word with its box (pdftotext -bbox), and its page's size."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    page_re = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
    word_re = re.compile(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" '
                         r'yMax="([\d.-]+)">(.*?)</word>')
    for number, match in enumerate(page_re.finditer(html), start=1):
        width, height = float(match.group(1)), float(match.group(2))
        for w in word_re.finditer(match.group(3)):
            yield Word(number, w.group(5), float(w.group(1)), float(w.group(2)),
                       float(w.group(3)), float(w.group(4)), width, height)


def ink_per_page(path: Path, directory: Path) -> list[float]:
    """Share of non-white pixels of every page rendered at 30 dpi."""
    from PIL import Image

    prefix = directory / path.stem
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(path), str(prefix)],
                   check=True)
    shares = []
    for image_path in sorted(directory.glob(f"{path.stem}-*.png")):
        with Image.open(image_path) as image:
            histogram = image.convert("L").histogram()
        dark = sum(histogram[:235])
        shares.append(dark / sum(histogram))
    return shares


def page_sizes(path: Path) -> list[list[int]]:
    """[short side, long side] of every page, in points (pdfinfo -l)."""
    raw = subprocess.run(["pdfinfo", "-f", "1", "-l", "100000", str(path)], check=True,
                         capture_output=True, text=True).stdout
    found = re.findall(r"^Page +\d+ size: +([\d.]+) x ([\d.]+) pts", raw, re.MULTILINE)
    return [sorted(round(float(side)) for side in size) for size in found]


def assert_sound(path: Path, directory: Path) -> None:
    """A4 pages, embedded DejaVu only, creator set, no blank page, no text off the page."""
    meta = info(path)
    assert meta["Creator"] == "Trámite Claro"
    sizes = page_sizes(path)
    assert len(sizes) == int(meta["Pages"])
    assert all(size == [595, 842] for size in sizes), sizes  # A4, portrait or landscape
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    assert fonts, "no fonts"
    for line in fonts:
        assert "DejaVuSans" in line, line
        assert " yes " in line, f"font not embedded: {line}"
    shares = ink_per_page(path, directory)
    assert len(shares) == pages(path)
    assert all(share > 0.004 for share in shares), shares
    for word in words(path):
        assert {round(word.width), round(word.height)} <= {595, 842}
        assert word.x0 >= -0.5 and word.x1 <= word.width + 0.5, word
        assert word.y0 >= -0.5 and word.y1 <= word.height + 0.5, word


def spanish_has(msgid: str) -> bool:
    """True when the Spanish catalogue translates `msgid` (the lead translates)."""
    from procedures.i18n import translations

    return translations("es").gettext(msgid) != msgid


# -- checks shared by every report ---------------------------------------------------------
@pytest.mark.parametrize("kind, options", [
    ("guide", {"procedure": "PA-07"}),
    ("sheet", {"procedure": "PA-07"}),
    ("tupa", {}),
])
def test_reports_are_sound_pdfs(example_db: Path, tmp_path: Path, kind: str,
                                options: dict[str, object]) -> None:
    out = tmp_path / f"{kind}.pdf"
    build(example_db, out, kind, lang="en", **options)
    assert_sound(out, tmp_path)
    meta = info(out)
    assert meta["Author"] == "Municipalidad Provincial de Cajamarca"
    assert meta["Title"] and meta["Subject"]


def test_fonts_draw_spanish_and_symbols(tmp_path: Path) -> None:
    """Accents, ñ, ¿ ¡, S/, → and ▼ survive the round trip through the embedded font."""
    from io import BytesIO

    from reportlab.platypus import Paragraph

    from procedures.reports.document import PORTRAIT, ReportDocument, ReportMeta
    from procedures.reports.styles import styles

    sample = "¿Cuánto cuesta? ¡Sí! Año, niño, acción: S/ 1,234.50 → ▼ ✓"
    buffer = BytesIO()
    doc = ReportDocument(buffer, ReportMeta("t", "a", "s", "r", printed_on=TODAY),
                         first=PORTRAIT)
    doc.build_story([Paragraph(sample, styles().body)])
    out = tmp_path / "sample.pdf"
    out.write_bytes(buffer.getvalue())
    assert sample in text(out)
    assert_sound(out, tmp_path)
