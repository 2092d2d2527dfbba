"""Cover page and table of contents for the long reports (booklet, portfolio).

The TOC's page numbers are `PageRef`s resolved when the document is finished, so the
booklet is laid out in a single pass however many procedures it holds.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable

from procedures.reports.blocks import esc, markup, para
from procedures.reports.document import PageRef, draw_mark, mark_size
from procedures.reports.fonts import BOLD, REGULAR
from procedures.reports.styles import ACCENT, ACCENT_LIGHT, MUTED, RULE, Styles


class CoverPage(Flowable):
    """A full-frame cover: logo (or shield), owner, title, subtitle lines, and a colour band."""

    def __init__(self, width: float, height: float, owner: str, title: str,
                 lines: Sequence[str], logo: bytes | None = None) -> None:
        super().__init__()
        self.logo = logo
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
        width, _height = mark_size(self.logo, emblem, 2.5)
        draw_mark(canvas, self.logo, (self.width - width) / 2, top - 80 - emblem, emblem, 2.5)
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


class TocRows(Flowable):
    """Contents rows (code, name, page number) with a hairline under each row.

    Looks like the Table it replaces (same columns, padding and rules) but lays each row
    out once: a Table re-measures every remaining row each time it splits across a
    page, which for a contents of 250 procedures meant thousands of layouts.
    """

    PADDING = (2.0, 2.0, 3.0, 3.0)  # left, right, top, bottom

    def __init__(self, rows: Sequence[tuple[Flowable, ...]], widths: Sequence[float],
                 *, continued: bool = False) -> None:
        super().__init__()
        self.rows = list(rows)
        self.widths = list(widths)
        #: A part after a page break repeats, on top, the rule that closed the last page
        #: (as a split Table does with its rules below).
        self.continued = continued
        self._heights: list[float] | None = None

    def _layout(self) -> list[float]:
        if self._heights is None:
            left, right, top, bottom = self.PADDING
            self._heights = [
                max(cell.wrap(width - left - right, 72000)[1]
                    for cell, width in zip(row, self.widths, strict=True)) + top + bottom
                for row in self.rows]
        return self._heights

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = sum(self.widths)
        self.height = sum(self._layout())
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        used, count = 0.0, 0
        for height in self._layout():
            if used + height > available_height:
                break
            used, count = used + height, count + 1
        if count == 0 or count == len(self.rows):
            return []
        return [self._part(0, count, self.continued),
                self._part(count, len(self.rows), True)]

    def _part(self, start: int, stop: int, continued: bool) -> TocRows:
        part = TocRows(self.rows[start:stop], self.widths, continued=continued)
        part._heights = self._layout()[start:stop]
        return part

    def draw(self) -> None:
        canvas = self.canv
        left, _right, top, _bottom = self.PADDING
        y = self.height
        lines = [y] if self.continued else []
        for row, height in zip(self.rows, self._layout(), strict=True):
            y -= height
            x = 0.0
            for cell, width in zip(row, self.widths, strict=True):
                cell.drawOn(canvas, x + left, y + height - top - cell.height)
                x += width
            lines.append(y)
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.25)
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        for line in lines:
            canvas.line(0, line, self.width, line)
        canvas.restoreState()


def toc_table(entries: Sequence[tuple[str, str, str]], width: float, st: Styles) -> Flowable:
    """Rows of (anchor key, code, name) with the page number right-aligned."""
    number_width = 34.0
    rows = [(para(code, st.toc), markup(esc(name), st.toc),
             PageRef(key, st.toc.fontSize, number_width))
            for key, code, name in entries]
    return TocRows(rows, [58, width - 58 - number_width, number_width])
