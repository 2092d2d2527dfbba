"""The reports' typeface: DejaVu Sans, bundled in resources/fonts and embedded in every PDF.

Helvetica (the PDF base font) is not embedded and cannot draw →, ▼ or ✓, so every
report registers DejaVu Sans from the application's own folder, never from the system:
a PDF made on a clerk's Windows laptop must look like the one made in CI.
"""

from __future__ import annotations

from pathlib import Path
from threading import Lock

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent.parent / "resources" / "fonts"

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
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
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
