"""The reports' typeface: DejaVu Sans, bundled in resources/fonts and embedded in every PDF.

Helvetica (the PDF base font) is not embedded and cannot draw →, ▼ or ✓, so every
report registers DejaVu Sans from the application's own folder, never from the system:
a PDF made on a clerk's Windows laptop must look like the one made in CI.
"""

from __future__ import annotations

from threading import Lock

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from procedures.resources import resource_path

FONT_DIR = resource_path("fonts")

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"
FAMILY = "DejaVuSans"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
_lock = Lock()
_registered = False
#: Distinct strings remembered per face; past this the cache stops growing (a process
#: that prints for hours must not grow without bound).
_WIDTH_CACHE_LIMIT = 200_000


class MeasuredFont(TTFont):
    """A TrueType face that remembers the width of every string it has measured.

    Line breaking measures the same words over and over (a 500-page booklet asks for
    about 300,000 widths, most of them repeats: "de", "la", "trámite"), and without
    ReportLab's optional C accelerator each measurement is a Python loop over the
    glyphs. The width in font units is cached; the result is computed exactly as
    ReportLab does (0.001 * size * units), so line breaks do not move.
    """

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self._units: dict[str, float] = {}

    def stringWidth(self, text: str | bytes, size: float,
                    encoding: str = "utf8") -> float:
        if isinstance(text, bytes):
            text = text.decode(encoding or "utf8")
        units = self._units.get(text)
        if units is None:
            widths = self.face.charWidths.get
            default = self.face.defaultWidth
            units = sum(widths(ord(char), default) for char in text)
            if len(self._units) < _WIDTH_CACHE_LIMIT:
                self._units[text] = units
        return 0.001 * size * units


def register_fonts() -> None:
    """Register the four faces once per process (thread-safe; reports run in workers).

    The family mapping lets `<b>` and `<i>` in Paragraph markup pick the right face.
    """
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(MeasuredFont(name, str(FONT_DIR / filename)))
        addMapping(FAMILY, 0, 0, REGULAR)
        addMapping(FAMILY, 1, 0, BOLD)
        addMapping(FAMILY, 0, 1, ITALIC)
        addMapping(FAMILY, 1, 1, BOLD_ITALIC)
        pdfmetrics.registerFontFamily(
            FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        _registered = True


def text_width(text: str, size: float, font: str = REGULAR) -> float:
    """Width of `text` in points (fonts registered first)."""
    register_fonts()
    return pdfmetrics.stringWidth(text, font, size)
