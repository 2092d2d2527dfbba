"""Measure printed pages as a reviewer does: every text span's font size, and pages that
hold only a line or two.

Font sizes come from the PDF's own content streams (ReportLab writes them
ASCII85 + Flate encoded, with no scaling of the text space): the size set by `Tf` when
a string is shown, scaled by the text matrix `Tm`. Near-empty pages come from
pdftotext's word boxes inside the body (below the header band, above the footer).
"""

from __future__ import annotations

import base64
import re
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path

_STREAM = re.compile(rb"\d+ 0 obj(.*?)stream\r?\n(.*?)endstream", re.S)
_TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|\[|\]|/[^\s/\[\]()<>]+|"
                    rb"[-+]?\d*\.?\d+|[A-Za-z'\"*]+")
#: Header and footer bands of the shared page frame (points from the top and bottom).
HEADER_BAND = 16 * 72 / 25.4 + 17 * 72 / 25.4
FOOTER_BAND = 16 * 72 / 25.4 + 10 * 72 / 25.4


def _streams(pdf: bytes) -> Iterator[bytes]:
    for match in _STREAM.finditer(pdf):
        head, data = match.group(1), match.group(2)
        if b"/Subtype /Image" in head or b"/Length1" in head:  # images, embedded fonts
            continue
        if b"ASCII85Decode" in head:
            data = base64.a85decode(data.strip().removesuffix(b"~>").removeprefix(b"<~"),
                                   adobe=False)
        if b"FlateDecode" in head:
            try:
                data = zlib.decompress(data)
            except zlib.error:
                continue
        yield data


def _shows_text(token: bytes) -> bool:
    if token.startswith(b"("):
        return bool(token[1:-1].strip())
    if token.startswith(b"<"):
        return bool(token[1:-1].strip())
    return False


def font_sizes(path: Path) -> list[float]:
    """The effective size of every string the PDF shows (one entry per text-show)."""
    sizes: list[float] = []
    for stream in _streams(Path(path).read_bytes()):
        size, scale = 0.0, 1.0
        operands: list[bytes] = []
        for token in _TOKEN.findall(stream):
            if token[:1].isalpha() or token in (b"'", b'"'):
                if token == b"Tf" and operands:
                    size = float(operands[-1])
                elif token == b"Tm" and len(operands) >= 6:
                    a, b, c, d = (float(value) for value in operands[-6:-2])
                    scale = abs(a * d - b * c) ** 0.5
                elif token == b"BT":
                    scale = 1.0
                elif token in (b"Tj", b"TJ", b"'", b'"') and any(
                        _shows_text(operand) for operand in operands):
                    sizes.append(round(size * scale, 2))
                operands = []
            else:
                operands.append(token)
    return sizes


def body_lines(path: Path) -> list[int]:
    """How many distinct text lines each page's body holds (header and footer left out)."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    page_re = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
    word_re = re.compile(r'<word xMin="[\d.-]+" yMin="([\d.-]+)" xMax="[\d.-]+" '
                         r'yMax="([\d.-]+)">')
    counts = []
    for page in page_re.finditer(html):
        height = float(page.group(2))
        rows: list[float] = []
        for word in word_re.finditer(page.group(3)):
            top, bottom = float(word.group(1)), float(word.group(2))
            if top < HEADER_BAND - 4 or bottom > height - FOOTER_BAND + 4:
                continue
            if not any(abs(top - row) < 3 for row in rows):
                rows.append(top)
        counts.append(len(rows))
    return counts


def near_empty_pages(path: Path, *, at_least: int = 3) -> list[tuple[int, int]]:
    """(page, lines) of every page whose body holds fewer than `at_least` lines of text.

    A page that is mostly a drawing (a flowchart band) has many words; a page that holds
    only a heading or the contact lines has one or two.
    """
    return [(number, count) for number, count in enumerate(body_lines(path), start=1)
            if count < at_least]
