"""Cover page and table of contents for the long reports (booklet, portfolio).

The TOC's page numbers are `PageRef`s resolved when the document is finished, so the
booklet is laid out in a single pass however many procedures it holds.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable, Table

from procedures.reports.blocks import esc, markup, para
from procedures.reports.document import PageRef
from procedures.reports.fonts import BOLD, REGULAR
from procedures.reports.styles import ACCENT, ACCENT_LIGHT, FONT_ALL, MUTED, RULE, Styles
from procedures.reports.symbols import draw_emblem, emblem_width


class CoverPage(Flowable):
    """A full-frame cover: emblem, owner, title, subtitle lines, and a colour band."""

    def __init__(self, width: float, height: float, owner: str, title: str,
                 lines: Sequence[str]) -> None:
        super().__init__()
        self.width = width
        self.height = height - 1
        self.owner = owner
        self.title = title
        self.lines = list(lines)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        top = self.height
        canvas.setFillColor(ACCENT)
        canvas.rect(0, top - 10, self.width, 10, stroke=0, fill=1)
        emblem = 120
        draw_emblem(canvas, (self.width - emblem_width(emblem)) / 2, top - 80 - emblem, emblem)
        y = top - 240
        canvas.setFillColor(ACCENT)
        for line in simpleSplit(self.owner, BOLD, 16, self.width - 40):
            canvas.setFont(BOLD, 16)
            canvas.drawCentredString(self.width / 2, y, line)
            y -= 21
        y -= 40
        canvas.setFont(BOLD, 28)
        for line in simpleSplit(self.title, BOLD, 28, self.width - 40):
            canvas.drawCentredString(self.width / 2, y, line)
            y -= 34
        y -= 10
        canvas.setStrokeColor(RULE)
        canvas.line(self.width * 0.3, y, self.width * 0.7, y)
        y -= 24
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 11)
        for text in self.lines:
            for line in simpleSplit(text, REGULAR, 11, self.width - 60):
                canvas.drawCentredString(self.width / 2, y, line)
                y -= 16
        canvas.setFillColor(ACCENT_LIGHT)
        canvas.rect(0, 0, self.width, 60, stroke=0, fill=1)
        canvas.setFillColor(ACCENT)
        canvas.setFont(BOLD, 9)
        canvas.drawCentredString(self.width / 2, 26, "Trámite Claro")


def toc_table(entries: Sequence[tuple[str, str, str]], width: float, st: Styles) -> Table:
    """Rows of (anchor key, code, name) with the page number right-aligned."""
    number_width = 34.0
    rows = [[para(code, st.toc), markup(esc(name), st.toc),
             PageRef(key, st.toc.fontSize, number_width)]
            for key, code, name in entries]
    table = Table(rows, colWidths=[58, width - 58 - number_width, number_width],
                  splitByRow=1)
    table.setStyle([
        FONT_ALL,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ])
    return table
