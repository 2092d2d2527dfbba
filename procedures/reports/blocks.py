"""Small building blocks shared by the reports: safe paragraphs, fact boxes, lists, tables.

User text (names, requirements, notes) goes through `para()`, which escapes it: a
requirement such as "Planos <A1> & memoria" must print as typed, not break the markup.

The blocks that take `stamps` draw their fixed words (headings, labels, the entity's
own data) through a document's `Stamps`, so that a booklet lays them out once
(see `stamps.py`); without it they are plain paragraphs.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from procedures.reports.stamps import Stamp, Stamps, StampStack, derived
from procedures.reports.styles import ACCENT, ACCENT_LIGHT, RULE, Styles, table_style


def esc(text: object) -> str:
    """Escape user text for Paragraph markup (and keep line breaks)."""
    return escape(str(text)).replace("\n", "<br/>")


def para(text: object, style: ParagraphStyle, *, trusted: bool = False) -> Paragraph:
    """A paragraph of plain user text (`trusted`: our own markup, not escaped)."""
    return Paragraph(str(text) if trusted else esc(text), style)


def markup(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of trusted markup (our own translated strings with <b>)."""
    return Paragraph(text, style)


#: A table cell's left plus right padding (`styles.table_style`), and a hair more.
CELL_PADDING = 6.5


def fitted_width(texts: Iterable[str], style: ParagraphStyle, *,
                 words: bool = False) -> float:
    """The column width that shows each of `texts` on one line, cell padding included.

    With `words` only each word must fit (a header may wrap, but never inside a word).
    Narrow columns sized by share broke "Ciudadano" and "S/ 1,234.50" in two.
    """
    pieces = [word for text in texts for word in text.split()] if words else list(texts)
    widest = max((stringWidth(piece, style.fontName, style.fontSize) for piece in pieces),
                 default=0.0)
    return widest + CELL_PADDING


def heading(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(esc(text), style)


def section(title: str, body: Sequence[Flowable], st: Styles, *, keep: bool = False,
            width: float = 480.0, stamps: Stamps | None = None) -> list[Flowable]:
    """A heading that never ends a page alone; with `keep` the (short) body stays with it.

    A `CondPageBreak` with an estimated height instead of `KeepTogether`: KeepTogether
    lays its content out twice, which made a 500-page booklet 2.5 times slower.
    """
    if not body:
        return []
    head = stamps.para(esc(title), st.h2) if stamps else heading(title, st.h2)
    minimum = estimate_height(head, width) + estimate_height(body[0], width)
    if not keep:
        return [CondPageBreak(minimum), head, *body]
    needed = minimum + sum(estimate_height(item, width) for item in body[1:])
    return [KeepIfShort(needed, minimum), head, *body]


class KeepIfShort(CondPageBreak):
    """Keep a section whole when it fits on a page; a longer one only keeps its start.

    A plain CondPageBreak asking for more than a page always breaks, and the section
    is then split on the new page anyway: the large-print guide had pages two-thirds
    empty before its steps and its list of what may not be asked for.
    """

    def __init__(self, needed: float, minimum: float) -> None:
        super().__init__(needed)
        self.needed = needed
        self.minimum = minimum

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        frame = self._doctemplateAttr("frame")  # type: ignore[attr-defined]  # not in the stubs
        page = getattr(frame, "_aH", None)
        short = page is None or self.needed <= page
        self.height = self.needed if short else self.minimum
        return super().wrap(available_width, available_height)


def estimate_height(flowable: Flowable, width: float) -> float:
    """A cheap upper estimate of a flowable's height, without laying it out.

    Paragraphs count characters per line at an average glyph width of 0.55 em;
    tables add up their rows' tallest cells. Good enough to keep a heading with what
    follows; never used to place anything.
    """
    if isinstance(flowable, StampStack):
        return sum(estimate_height(part, width) for part in flowable.parts)
    if isinstance(flowable, Stamp):
        if not isinstance(flowable.flowable, Paragraph):
            return 0.0  # a stamped block counts as the fresh, unmeasured block would
        flowable = flowable.flowable
    if isinstance(flowable, Paragraph):
        style = flowable.style
        chars = len(flowable.getPlainText()) + 4
        per_line = max(1.0, (width - style.leftIndent) / (style.fontSize * 0.55))
        lines = -(-chars // int(per_line))
        return lines * style.leading + style.spaceBefore + style.spaceAfter
    if isinstance(flowable, Boxed):  # estimated as the one-cell table it replaces
        return sum(estimate_height(item, width) for item in flowable.content) + 6
    if isinstance(flowable, Table):
        total = 0.0
        # Private Table attributes (the stubs leave them out): no public way to read them.
        widths = flowable._colWidths or [width]  # type: ignore[attr-defined]
        for row in flowable._cellvalues:  # type: ignore[attr-defined]
            tallest = 0.0
            for cell, cell_width in zip(row, widths, strict=False):
                items = cell if isinstance(cell, list | tuple) else [cell]
                column = float(cell_width or width)
                tallest = max(tallest, sum(estimate_height(item, column) for item in items
                                           if isinstance(item, Flowable)))
            total += tallest + 6
        return total
    return float(getattr(flowable, "height", 0) or 0)


class Columns(Flowable):
    """Cells side by side, each a stack of flowables, optionally in a tinted box.

    Used for the key-fact boxes and the guide's title beside its QR code. Like
    `KeyValues`, it lays its content out once per width (a Table does it twice), and it
    never splits: it is always a short block.
    """

    def __init__(self, cells: Sequence[Sequence[Flowable]], widths: Sequence[float], *,
                 gap: float = 4, boxed: bool = False, padding: float = 0) -> None:
        super().__init__()
        self.cells = [list(cell) for cell in cells]
        self.widths = list(widths)
        self.gap = gap
        self.boxed = boxed
        self.padding = padding
        self._laid: tuple[float, list[list[float]]] | None = None

    def _layout(self) -> list[list[float]]:
        if self._laid is None:
            heights = []
            for cell, width in zip(self.cells, self.widths, strict=True):
                inner = width - 2 * self.padding
                heights.append([item.wrap(inner, 10_000)[1] for item in cell])
            self._laid = (0.0, heights)
        return self._laid[1]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        heights = self._layout()
        self.width = sum(self.widths) + self.gap * (len(self.widths) - 1)
        self.height = max(sum(column) for column in heights) + 2 * self.padding
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        x = 0.0
        for cell, width, heights in zip(self.cells, self.widths, self._layout(), strict=True):
            if self.boxed:
                canvas.saveState()
                canvas.setFillColor(ACCENT_LIGHT)
                canvas.rect(x, 0, width, self.height, stroke=0, fill=1)
                canvas.setFillColor(ACCENT)
                canvas.rect(x, self.height - 2, width, 2, stroke=0, fill=1)
                canvas.restoreState()
            y = self.height - self.padding
            for item, height in zip(cell, heights, strict=True):
                y -= height
                item.drawOn(canvas, x + self.padding, y)
            x += width + self.gap


class Boxed(Flowable):
    """A stack of flowables in a tinted box with an accent rule on its left.

    Stands in for a one-cell Table with the same padding and look: a Table with a free
    column width first measures its content's widest word, then lays it out twice.
    Splits between its items when it does not fit (a long list of flagged requirements
    in large print is taller than a page).
    """

    def __init__(self, content: Sequence[Flowable], *, left: float = 8, right: float = 6,
                 top: float = 4, bottom: float = 4, rule_width: float = 2.5) -> None:
        super().__init__()
        self.content = list(content)
        self.padding = (left, right, top, bottom)
        self.rule_width = rule_width
        self._heights: list[float] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        left, right, top, bottom = self.padding
        inner = available_width - left - right
        self._heights = [item.wrap(inner, available_height)[1] for item in self.content]
        total = sum(h + item.getSpaceBefore() + item.getSpaceAfter()
                    for item, h in zip(self.content, self._heights, strict=True))
        if self.content:  # as a table cell: no space above the first, below the last
            total -= self.content[0].getSpaceBefore() + self.content[-1].getSpaceAfter()
        self.width = available_width
        self.height = total + top + bottom
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """Split between two of its items, so that a long box never overflows a page."""
        left, right, top, bottom = self.padding
        inner = available_width - left - right
        room = available_height - top - bottom
        used, count = 0.0, 0
        for index, item in enumerate(self.content):
            height = item.wrap(inner, available_height)[1] + item.getSpaceAfter()
            height += item.getSpaceBefore() if index else 0.0
            if used + height - item.getSpaceAfter() > room:
                break
            used += height
            count += 1
        if count < 2 or count == len(self.content):
            return []  # never leave the box's first item (its title) alone at a page end
        options = {"left": left, "right": right, "top": top, "bottom": bottom,
                   "rule_width": self.rule_width}
        return [Boxed(self.content[:count], **options), Boxed(self.content[count:], **options)]

    def draw(self) -> None:
        canvas = self.canv
        left, _right, top, _bottom = self.padding
        canvas.saveState()
        canvas.setFillColor(ACCENT_LIGHT)
        canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        y = self.height - top
        for index, (item, height) in enumerate(zip(self.content, self._heights, strict=True)):
            if index:
                y -= item.getSpaceBefore()
            y -= height
            item.drawOn(canvas, left, y)
            y -= item.getSpaceAfter()
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(self.rule_width)
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        canvas.line(0, 0, 0, self.height)
        canvas.restoreState()


def fact_boxes(facts: Sequence[tuple[str, str]], width: float, st: Styles,
               stamps: Stamps | None = None, fixed: Collection[str] = ()) -> Flowable:
    """Key figures in tinted boxes side by side: label above, value below.

    With `stamps`, the labels and the values of the facts named in `fixed` are stamped.
    """
    gap = 4
    column = (width - gap * (len(facts) - 1)) / len(facts)
    cells: list[list[Flowable]]
    if stamps is None:
        cells = [[para(label, st.fact_label), para(value, st.fact_value)]
                 for label, value in facts]
    else:
        cells = [[stamps.para(esc(label), st.fact_label),
                  stamps.para(esc(value), st.fact_value) if label in fixed
                  else para(value, st.fact_value)] for label, value in facts]
    return Columns(cells, [column] * len(facts), gap=gap, boxed=True, padding=5)


class KeyValues(Flowable):
    """Label / value rows without a header (addresses, TUPA data), split between rows.

    A light stand-in for a two-column Table: a Table lays out every cell twice (to
    measure, then to draw), this lays each value out once per width; the booklet of
    500 pages spends its time exactly there.
    """

    def __init__(self, rows: Sequence[tuple[str, str]], st: Styles, label_share: float = 0.3,
                 *, _parsed: list[tuple[Flowable, Flowable]] | None = None) -> None:
        super().__init__()
        self.st = st
        self.label_share = label_share
        self.rows: list[tuple[Flowable, Flowable]] = _parsed if _parsed is not None else [
            (para(label, st.cell_bold), para(value, st.cell)) for label, value in rows if value]
        self._laid: tuple[float, list[float]] | None = None

    def _layout(self, width: float) -> list[float]:
        if self._laid is None or self._laid[0] != width:
            label_width = width * self.label_share
            heights = []
            for label, value in self.rows:
                _w, h1 = label.wrap(label_width - 6, 10_000)
                _w, h2 = value.wrap(width - label_width - 4, 10_000)
                heights.append(max(h1, h2) + 6)
            self._laid = (width, heights)
        return self._laid[1]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = sum(self._layout(available_width))
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        heights = self._layout(available_width)
        used, count = 0.0, 0
        for height in heights:
            if used + height > available_height:
                break
            used += height
            count += 1
        if count == 0 or count == len(self.rows):
            return []
        first = KeyValues((), self.st, self.label_share, _parsed=self.rows[:count])
        rest = KeyValues((), self.st, self.label_share, _parsed=self.rows[count:])
        return [first, rest]

    def draw(self) -> None:
        canvas = self.canv
        heights = self._layout(self.width)
        label_width = self.width * self.label_share
        y = self.height
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.25)
        for (label, value), height in zip(self.rows, heights, strict=True):
            y -= height
            label.drawOn(canvas, 2, y + height - 2.5 - label.height)
            value.drawOn(canvas, label_width + 2, y + height - 2.5 - value.height)
            canvas.line(0, y, self.width, y)
        canvas.restoreState()


def key_values(rows: Sequence[tuple[str, str]], width: float, st: Styles,
               label_share: float = 0.3, *, stamps: Stamps | None = None) -> Flowable:
    """Label / value rows (empty values are left out).

    With `stamps` every cell is stamped: the caller passes only rows that the entity's
    procedures share (its address, hours, offices, channels, contacts). Cell by cell,
    so that a value one procedure has alone costs only itself, not the whole block.
    """
    if stamps is None:
        return KeyValues(rows, st, label_share)
    cells = [(stamps.para(esc(label), st.cell_bold), stamps.para(esc(value), st.cell))
             for label, value in rows if value]
    return KeyValues((), st, label_share, _parsed=cells)


class CheckItem(Paragraph):
    """A paragraph with an empty tick box in its left margin (the requirements checklist).

    `box` None is the rest of an item split across pages: it draws no second box.
    """

    def __init__(self, text: str | None, style: ParagraphStyle, box: float | None = None,
                 **options: Any) -> None:
        if box is not None:  # a new item; the parts of a split one keep their style
            style = derived(style, "check", leftIndent=box + 6,
                            spaceAfter=style.fontSize * 0.3)
        # Paragraph.split makes the parts with text None (the stubs say str).
        super().__init__(text, style, **options)  # type: ignore[arg-type]
        self.box = box

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = super().split(available_width, available_height)
        if len(parts) == 2 and isinstance(parts[0], CheckItem):
            parts[0].box = self.box
        return parts

    def draw(self) -> None:
        super().draw()
        if self.box is None:
            return
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(0.9)
        top = self.height - self.style.leading * 0.15
        canvas.roundRect(0, top - self.box, self.box, self.box, self.box * 0.12, stroke=1,
                         fill=0)
        canvas.restoreState()


def bullets(items: Sequence[str], st: Styles, *, style: ParagraphStyle | None = None,
            trusted: bool = False, stamps: Stamps | None = None) -> list[Flowable]:
    """A bulleted list; `trusted` items may contain our own <b> markup.

    With `stamps` every item is a fixed text, stamped (the guide's generic lists).
    """
    style = style or st.body
    bullet_style = derived(style, "bullet", leftIndent=style.fontSize * 1.3, bulletIndent=2,
                           spaceAfter=style.fontSize * 0.25)
    texts = [item if trusted else esc(item) for item in items]
    if stamps is not None:
        return [stamps.para(text, bullet_style, bullet="•") for text in texts]
    return [Paragraph(text, bullet_style, bulletText="•") for text in texts]


def numbered(items: Sequence[str], st: Styles) -> list[Flowable]:
    style = derived(st.body, "numbered", leftIndent=st.body.fontSize * 1.8, bulletIndent=0,
                    spaceAfter=st.body.fontSize * 0.3)
    return [Paragraph(item, style, bulletText=f"{index}.")
            for index, item in enumerate(items, start=1)]


def data_table(rows: list[list[object]], widths: Sequence[float], *, header_rows: int = 1,
               extra: Sequence[tuple] = (), zebra: bool = True,
               repeat: bool = True) -> Table:
    """A table with the shared look; the header repeats on every page it spans."""
    table = Table(rows, colWidths=list(widths), repeatRows=header_rows if repeat else 0,
                  splitByRow=1)
    table.setStyle(TableStyle([*table_style(header_rows, zebra=zebra), *extra]))
    return table


def spacer(height: float) -> Spacer:
    return Spacer(1, height)
