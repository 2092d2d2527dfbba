"""The swimlane flowchart of `procedures.flowchart` drawn on PDF pages.

This draws the SAME layout the window draws (coordinates from `flowchart.layout`); it
only scales it to the page height and cuts it into pages between columns, never
through a box, repeating the lane names on every page. Edges that run on to the next
page are cut at the page's edge and marked with a chevron.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from models.codes import ActivityType
from procedures.cells import label
from procedures.flowchart import (
    COLUMN_GAP,
    LANE_HEADER,
    Edge,
    FlowLayout,
    Node,
    NodeKind,
)
from procedures.formatting import hours_minutes
from procedures.i18n import _
from procedures.reports.fonts import BOLD, REGULAR
from procedures.reports.styles import (
    ACCENT,
    ACCENT_LIGHT,
    ADDED,
    ASME_COLOURS,
    ASME_FILLS,
    CHANGED,
    INK,
    MERGED,
    MUTED,
    REMOVED,
    RULE,
    WHITE,
    ZEBRA,
)
from procedures.reports.symbols import draw_asme
from procedures.snapshots import Activity
from procedures.vocabulary import wait_text

#: Comparison marks: activity row index -> "added" | "changed" | "removed" | "merged".
MARK_COLOURS = {"added": ADDED, "changed": CHANGED, "removed": REMOVED, "merged": MERGED}
MARK_BADGES = {"added": "+", "changed": "Δ", "removed": "−", "merged": "⊕"}
#: 1.0 fits about five activities across a landscape page with 7.4-point text. Text is
#: never drawn under MIN_TEXT (every size is floored there); MIN_SCALE is as far as the
#: boxes shrink around it (a 96 × 45 point box still holds four lines of 6.5 points).
#: Five lanes of single boxes then fit a landscape page whole, with the comparison's
#: legend too: at 0.88 they missed it by a few points and were cut into two bands of
#: half a page each (PA-02 of the demo took eleven parts).
PREFERRED_SCALE = 1.0
MIN_SCALE = 0.8
MIN_TEXT = 6.5
BAND_GAP = 10.0
#: The legend of the boxes' colours (one per ASME type) above the lanes of every band.
LEGEND_SIZE = 6.5
LEGEND_ROW = 12.0
#: Lane headers keep room for a long unit name however small the diagram gets.
MIN_HEADER = 66.0
LABEL_MIN_SIZE = MIN_TEXT


@dataclass(frozen=True, slots=True)
class Slice:
    """The part of the layout one page shows, in layout coordinates: columns from `left`
    to `right`, and lanes from `top` to `bottom` (all lanes unless they are too many)."""

    left: float
    right: float
    first: bool
    last: bool
    top: float = 0.0
    bottom: float = float("inf")


def page_slices(layout: FlowLayout, available: float, scale: float) -> list[Slice]:
    """Cut the layout between columns so that each slice fits `available` page points."""
    if not layout.columns:
        return [Slice(0, layout.width, True, True)]
    columns = list(layout.columns)
    rights = [left for left in columns]
    for node in layout.nodes:
        index = max(0, bisect_right(columns, node.x + 0.01) - 1)
        rights[index] = max(rights[index], node.x + node.width)
    room = available / scale
    slices: list[Slice] = []
    start = 0
    while start < len(columns):
        left = 0.0 if start == 0 else columns[start] - COLUMN_GAP / 2
        end = start
        while end + 1 < len(columns) and rights[end + 1] + COLUMN_GAP / 2 - left <= room:
            end += 1
        right = layout.width if end == len(columns) - 1 else rights[end] + COLUMN_GAP / 2
        slices.append(Slice(left, right, start == 0, end == len(columns) - 1))
        start = end + 1
    return slices


class FlowchartPage(Flowable):
    """One page's slice of the swimlane diagram, lane headers included."""

    def __init__(self, layout: FlowLayout, activities: Sequence[Activity], part: Slice,
                 scale: float, width: float, marks: Mapping[int, str] | None = None,
                 caption: str = "", minutes_per_day: int = 480,
                 top: float | None = None) -> None:
        super().__init__()
        self.minutes_per_day = minutes_per_day
        self.layout = layout
        self.activities = activities
        self.part = part
        self.scale = scale
        self.width = width
        self.caption = caption
        self.marks = marks or {}
        self.header = header_width(scale)
        # `top`: the room above the lanes, the same for every band of one diagram.
        self.caption_height = top if top is not None else caption_height(caption, width)
        self.band_height = min(layout.height, part.bottom) - part.top
        self.height = self.band_height * scale + self.caption_height + 12
        self.lanes = [lane for lane in layout.lanes
                      if lane.top >= part.top - 0.01 and lane.top < part.bottom - 0.01]
        self.nodes = {node.id: node for node in layout.nodes}

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    # coordinate helpers: layout (x right, y down) -> flowable (x right, y up)
    def _x(self, x: float) -> float:
        return self.header + (x - self.part.left) * self.scale

    def _y(self, y: float) -> float:
        return self.height - self.caption_height - (y - self.part.top) * self.scale

    def draw(self) -> None:
        canvas = self.canv
        if self.caption:
            canvas.setFont(BOLD, 9)
            canvas.setFillColor(ACCENT)
            canvas.drawString(0, self.height - 10, self.caption)
        draw_legend(canvas, self.width, self.height - 10 if self.caption_height <= 14
                    else self.height - 22)
        self._draw_lanes(canvas)
        canvas.saveState()
        path = canvas.beginPath()
        body_width = (self.part.right - self.part.left) * self.scale
        path.rect(self.header, self._y(self.part.top + self.band_height), body_width,
                  self.band_height * self.scale)
        canvas.clipPath(path, stroke=0, fill=0)
        for edge in self.layout.edges:
            self._draw_edge(canvas, edge)
        for node in self.layout.nodes:
            if node.x + node.width < self.part.left or node.x > self.part.right:
                continue
            if node.y + node.height <= self.part.top or node.y >= self.part.bottom:
                continue
            self._draw_node(canvas, node)
        canvas.restoreState()
        if not self.part.last:
            self._continues(canvas)

    def _draw_lanes(self, canvas: Canvas) -> None:
        body_right = self._x(self.part.right)
        for index, lane in enumerate(self.layout.lanes):
            if lane not in self.lanes:
                continue
            top = self._y(lane.top)
            height = lane.height * self.scale
            canvas.setFillColor(ZEBRA if index % 2 else WHITE)
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            canvas.rect(self.header, top - height, body_right - self.header, height,
                        stroke=1, fill=1)
            canvas.setFillColor(ACCENT_LIGHT)
            canvas.rect(0, top - height, self.header, height, stroke=1, fill=1)
            size, lines = lane_label_lines(lane.label, self.header - 8, height - 4,
                                           max(MIN_TEXT, 7.5 * min(1.0, self.scale * 1.15)))
            canvas.setFillColor(ACCENT)
            canvas.setFont(BOLD, size)
            block = len(lines) * size * 1.2
            y = top - height / 2 + block / 2 - size
            for line in lines:
                canvas.drawString(4, y, line)
                y -= size * 1.2

    def _draw_edge(self, canvas: Canvas, edge: Edge) -> None:
        coords = [(self._x(x), self._y(y)) for x, y in edge.points]
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.8 * max(self.scale, 0.6))
        path = canvas.beginPath()
        path.moveTo(*coords[0])
        for point in coords[1:]:
            path.lineTo(*point)
        canvas.drawPath(path, stroke=1, fill=0)
        (x1, y1), (x2, y2) = coords[-2], coords[-1]
        self._arrow_head(canvas, x1, y1, x2, y2)
        left_edge, right_edge = self.header, self._x(self.part.right)
        if edge.label and left_edge <= coords[0][0] <= right_edge - 20:
            # Clipped text still counts as text (search, copy): only draw visible labels.
            self._draw_label(canvas, edge, coords)

    def _draw_label(self, canvas: Canvas, edge: Edge,
                    coords: Sequence[tuple[float, float]]) -> None:
        """A branch's share ("80 %") beside the start of its edge, clear of the boxes.

        On a horizontal start the label once began 3 points right of the gateway and ran
        under the next box (the gap between columns is narrower than "80 %" at small
        scale): it now ends before the edge's first bend or arrow head, and where it
        must start over the gateway it is raised above the diamond's upper edge.
        """
        size = max(MIN_TEXT, 7.4 * self.scale)
        canvas.setFont(REGULAR, size)
        canvas.setFillColor(INK)
        (lx, ly), (nx, ny) = coords[0], coords[1]
        if abs(ny - ly) > abs(nx - lx):
            canvas.drawString(lx + 3, (ly + ny) / 2, edge.label)
            return
        arrow = 4.5 * max(self.scale, 0.6) if len(coords) == 2 else 0.0
        x = min(lx + 3, nx - arrow - 1.5 - stringWidth(edge.label, REGULAR, size))
        source = self.nodes.get(edge.source)
        half = source.height * self.scale / 2 if source is not None else 0.0
        over = min(max(lx - x, 0.0), half)  # the diamond's height above the line at x
        canvas.drawString(x, ly + max(3.0, over + 1.0), edge.label)

    def _arrow_head(self, canvas: Canvas, x1: float, y1: float, x2: float, y2: float) -> None:
        size = 4.5 * max(self.scale, 0.6)
        canvas.setFillColor(MUTED)
        path = canvas.beginPath()
        if abs(x2 - x1) >= abs(y2 - y1):
            direction = 1 if x2 >= x1 else -1
            path.moveTo(x2, y2)
            path.lineTo(x2 - direction * size, y2 + size / 2)
            path.lineTo(x2 - direction * size, y2 - size / 2)
        else:
            direction = 1 if y2 >= y1 else -1
            path.moveTo(x2, y2)
            path.lineTo(x2 - size / 2, y2 - direction * size)
            path.lineTo(x2 + size / 2, y2 - direction * size)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)

    def _draw_node(self, canvas: Canvas, node: Node) -> None:
        x, top = self._x(node.x), self._y(node.y)
        w, h = node.width * self.scale, node.height * self.scale
        y = top - h
        if node.kind is NodeKind.ACTIVITY and node.index is not None:
            self._draw_activity(canvas, node.index, x, y, w, h)
            return
        canvas.setLineWidth(1)
        canvas.setStrokeColor(ACCENT)
        canvas.setFillColor(WHITE)
        cx, cy = x + w / 2, y + h / 2
        if node.kind is NodeKind.START:
            canvas.circle(cx, cy, w / 2, stroke=1, fill=1)
            return
        if node.kind is NodeKind.END:
            canvas.setLineWidth(2.4)
            canvas.circle(cx, cy, w / 2, stroke=1, fill=1)
            return
        path = canvas.beginPath()
        path.moveTo(cx, y + h)
        path.lineTo(x + w, cy)
        path.lineTo(cx, y)
        path.lineTo(x, cy)
        path.close()
        canvas.drawPath(path, stroke=1, fill=1)
        canvas.setFillColor(ACCENT)
        canvas.setFont(BOLD, max(MIN_TEXT, 9 * self.scale))
        sign = "×" if node.kind is NodeKind.EXCLUSIVE else "+"
        canvas.drawCentredString(cx, cy - 3 * self.scale, sign)

    def _draw_activity(self, canvas: Canvas, index: int, x: float, y: float, w: float,
                       h: float) -> None:
        activity = self.activities[index]
        kind = activity.type
        mark = self.marks.get(index)
        canvas.setFillColor(ASME_FILLS[kind])
        canvas.setStrokeColor(MARK_COLOURS[mark] if mark else ASME_COLOURS[kind])
        canvas.setLineWidth(2.2 if mark else 0.9)
        if mark in ("removed", "merged"):
            canvas.setDash(3, 2)
        radius = 4 * self.scale
        canvas.roundRect(x, y, w, h, radius, stroke=1, fill=1)
        canvas.setDash()
        symbol = 8 * self.scale
        draw_asme(canvas, kind, x + 3 + symbol / 2, y + h - 3 - symbol / 2, symbol)
        size = max(MIN_TEXT, 7.4 * self.scale)
        canvas.setFont(BOLD, size)
        canvas.setFillColor(INK)
        number = str(index + 1)
        canvas.drawString(x + 6 + symbol, y + h - 3 - symbol * 0.8, number)
        # A wait of days reads in business days (1,440 minutes are 3, not "24 h").
        minutes = (wait_text(activity.minutes, self.minutes_per_day)
                   if kind is ActivityType.ESPERA else hours_minutes(activity.minutes))
        rows = description_rows(w, h, size, symbol, stringWidth(number, BOLD, size),
                                stringWidth(minutes, BOLD, size))
        canvas.setFont(REGULAR, size)
        for (row_x, baseline, _width), line in zip(
                rows, fit_lines(activity.description, size, rows), strict=False):
            canvas.drawString(x + row_x, y + baseline, line)
        canvas.setFont(BOLD, size)
        canvas.setFillColor(ASME_COLOURS[kind] if kind is not ActivityType.ESPERA else INK)
        canvas.drawRightString(x + w - 3, y + 3, minutes)
        if mark:
            r = 5.5 * max(self.scale, MIN_TEXT / 8.25)
            canvas.setFillColor(MARK_COLOURS[mark])
            canvas.circle(x + w, y + h, r, stroke=0, fill=1)
            canvas.setFillColor(WHITE)
            canvas.setFont(BOLD, r * 1.5)
            canvas.drawCentredString(x + w, y + h - r * 0.5, MARK_BADGES[mark])

    def _continues(self, canvas: Canvas) -> None:
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 7)
        canvas.drawRightString(self.width, 0, _("continues") + " →")


#: A description line beside the minutes narrower than this is not worth starting.
MIN_ROW_WIDTH = 18.0


def description_rows(width: float, height: float, size: float, symbol: float,
                     number_width: float, minutes_width: float
                     ) -> list[tuple[float, float, float]]:
    """Where a box's description lines go: (x, baseline, width), from the box's corner.

    Lines run from under the number row down to the box's bottom; the lowest ones
    share the minutes' row and stop short of it. A small box (a tall diagram at small
    scale) with room for fewer than three lines under the number row starts its text
    beside the number, so that it shows two lines or more instead of "Recibir el…".
    """
    step = size * 1.15
    first = height - symbol - 4 - size * 0.9
    if first - 2 * step >= 2 + size * 0.2:  # three lines fit under the number row
        return _rows_from(first, 3.0, width, size, minutes_width)
    top = height - 3 - symbol * 0.8
    beside = 6 + symbol + number_width + size * 0.6
    return [(beside, top, width - beside - 3),
            *_rows_from(top - step, 3.0, width, size, minutes_width)]


def _rows_from(baseline: float, left: float, width: float, size: float,
               minutes_width: float) -> list[tuple[float, float, float]]:
    rows = []
    minutes_top = 3 + size * 0.95
    while baseline >= 2 + size * 0.2:
        room = width - 6 if baseline > minutes_top else width - 6 - minutes_width - 3
        if room >= MIN_ROW_WIDTH:
            rows.append((left, baseline, room))
        baseline -= size * 1.15
    return rows


def fit_lines(text: str, size: float, rows: Sequence[tuple[float, float, float]]) -> list[str]:
    """`text` wrapped into the rows' widths; what does not fit ends in an ellipsis."""
    words = text.split()
    lines: list[str] = []
    for number, (_x, _baseline, width) in enumerate(rows):
        if not words:
            break
        line = ""
        while words and stringWidth(f"{line} {words[0]}".strip(), REGULAR, size) <= width:
            line = f"{line} {words.pop(0)}".strip()
        if not line and _fits(words[0], size, rows):
            if lines:
                break  # never cut a word that a wider row could hold: stop here
            if _fits(words[0], size, rows[number + 1:]):
                lines.append("")  # a narrow first row: the text starts on the next
                continue
        if not line:  # a word wider than any row: cut it
            word = words.pop(0)
            cut = max(1, _fitting(word, size, width))
            line, rest = word[:cut], word[cut:]
            if rest:
                words.insert(0, rest)
        lines.append(line)
    if words and lines:
        width = rows[len(lines) - 1][2]
        last = lines[-1].rstrip(" .,;")
        while last and stringWidth(last + "…", REGULAR, size) > width:
            last = last[:-1].rstrip(" .,;")
        lines[-1] = last + "…"
    return lines


def _fits(word: str, size: float, rows: Sequence[tuple[float, float, float]]) -> bool:
    return any(stringWidth(word, REGULAR, size) <= width for _x, _y, width in rows)


def _fitting(text: str, size: float, width: float) -> int:
    """How many leading characters of `text` fit `width`."""
    count = 0
    while count < len(text) and stringWidth(text[:count + 1], REGULAR, size) <= width:
        count += 1
    return count


def header_width(scale: float) -> float:
    """The lane header's width on paper: the layout's, but never below MIN_HEADER."""
    return max(LANE_HEADER * scale, MIN_HEADER)


def lane_label_lines(label: str, width: float, height: float,
                     size: float) -> tuple[float, list[str]]:
    """The lane name in the largest size (from `size` down) whose lines fit the header.

    A unit's full name must be readable beside its lane: a word wider than the header
    or more lines than the lane is tall shrinks the text; only below LABEL_MIN_SIZE is
    the name cut, and then visibly, with an ellipsis.
    """
    while True:
        lines = simpleSplit(label, BOLD, size, width)
        fits = (len(lines) * size * 1.2 <= height
                and all(stringWidth(line, BOLD, size) <= width for line in lines))
        if fits or size <= LABEL_MIN_SIZE:
            break
        size = max(LABEL_MIN_SIZE, size - 0.3)
    if fits:
        return size, lines
    room = max(1, int(height // (size * 1.2)))
    kept = [_cut(line, width, size) for line in lines[:room]]
    if len(lines) > room:
        kept[-1] = _cut(kept[-1].rstrip("…") + "…", width, size)
    return size, kept


def _cut(line: str, width: float, size: float) -> str:
    """`line` shortened with an ellipsis until it fits `width`."""
    if stringWidth(line, BOLD, size) <= width:
        return line
    while len(line) > 1 and stringWidth(line + "…", BOLD, size) > width:
        line = line[:-1]
    return line.rstrip() + "…"


def legend_items() -> list[tuple[ActivityType, str]]:
    """The legend's entries: each ASME type with its name, as the screen's legend."""
    return [(kind, label(kind)) for kind in ActivityType]


def legend_width() -> float:
    return sum(LEGEND_SIZE * 2.2 + stringWidth(text, REGULAR, LEGEND_SIZE) + 9
               for _kind, text in legend_items())


def caption_height(caption: str, width: float) -> float:
    """Room above the lanes: the caption and the legend on one line, or on two when
    they do not fit side by side."""
    if caption and stringWidth(caption, BOLD, 9) + 14 + legend_width() > width:
        return 14 + LEGEND_ROW
    return 14


def draw_legend(canvas: Canvas, right: float, baseline: float) -> None:
    """The legend, right-aligned to `right`: a box of each type's colours, its symbol
    and its name (the screen draws the same)."""
    x = right - legend_width() + 9
    for kind, text in legend_items():
        box = LEGEND_SIZE * 1.6
        canvas.setFillColor(ASME_FILLS[kind])
        canvas.setStrokeColor(ASME_COLOURS[kind])
        canvas.setLineWidth(0.6)
        canvas.roundRect(x, baseline - 1.5, box, box, 1.5, stroke=1, fill=1)
        draw_asme(canvas, kind, x + box / 2, baseline - 1.5 + box / 2, LEGEND_SIZE * 0.9)
        canvas.setFillColor(INK)
        canvas.setFont(REGULAR, LEGEND_SIZE)
        canvas.drawString(x + box + 2.5, baseline, text)
        x += LEGEND_SIZE * 2.2 + stringWidth(text, REGULAR, LEGEND_SIZE) + 9


class BandGap(Flowable):
    """The gap between two stacked bands, never more than the room left on the page.

    A plain Spacer that does not fit moves to the next page and pushes a band that
    fills a whole page one page further, leaving a page with only its header.
    """

    def __init__(self, gap: float) -> None:
        super().__init__()
        self.gap = gap

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = 0.0, max(0.0, min(self.gap, available_height - 1e-6))
        return self.width, self.height

    def draw(self) -> None:
        """Nothing to draw: it only takes room."""


def flowchart_pages(layout: FlowLayout, activities: Sequence[Activity], width: float,
                    height: float, *, marks: Mapping[int, str] | None = None,
                    caption: str = "", minutes_per_day: int = 480) -> list[Flowable]:
    """The diagram as bands that fill the page frame, each with its own lane headers.

    Scaled so that every lane fits the frame height (at most PREFERRED_SCALE), then sliced
    between columns into bands; a short diagram stacks several bands on one page
    ("continues below"), a tall one takes a page per band. Bands never split.
    """
    if not layout.lanes:
        return []
    # The longest caption a band may get ("… (part 10 of 12)") decides the room above.
    longest = _("{caption} (part {n} of {total})").format(caption=caption, n=88, total=88) \
        if caption else ""
    top = caption_height(longest, width)
    scale, slices = _best_scale(layout, width, height, top)
    flowables: list[Flowable] = []
    for number, part in enumerate(slices):
        if number:
            flowables.append(BandGap(BAND_GAP))
        text = caption
        if caption and len(slices) > 1:
            text = _("{caption} (part {n} of {total})").format(
                caption=caption, n=number + 1, total=len(slices))
        flowables.append(FlowchartPage(layout, activities, part, scale, width, marks, text,
                                       minutes_per_day, top))
    return flowables


def _runs(layout: FlowLayout, limit: float) -> list[tuple[float, float]]:
    """(top, bottom) of runs of whole lanes, each at most `limit` tall (a lane taller
    than `limit` is a run of its own)."""
    groups: list[tuple[float, float]] = []
    for lane in layout.lanes:
        bottom = lane.top + lane.height
        if groups and bottom - groups[-1][0] <= limit + 0.01:  # rounding of limit
            groups[-1] = (groups[-1][0], bottom)
        else:
            groups.append((lane.top, bottom))
    return groups


def lane_groups(layout: FlowLayout, room: float, count: int = 0) -> list[tuple[float, float]]:
    """(top, bottom) of runs of whole lanes, each at most `room` layout points tall, as
    few as fit (or at most `count` when more are asked for) and as even as they can be
    (not five lanes and then one)."""
    fewest = _runs(layout, room)
    wanted = max(len(fewest), count)
    limit = layout.height / wanted
    while limit < room and len(_runs(layout, limit)) > wanted:
        limit += 2.0
    return _runs(layout, min(limit, room))


def pages_needed(heights: Sequence[float], page: float, gap: float = BAND_GAP) -> int:
    """How many pages bands of these heights take, laid one after another as the frame
    lays them (a gap between two bands on one page, none at a page's top)."""
    pages, used = 0, page
    for height in heights:
        if used + gap + height <= page:
            used += gap + height
        else:
            pages, used = pages + 1, height
    return pages


def _holds_nodes(layout: FlowLayout, part: Slice, top: float, bottom: float) -> bool:
    """Whether any box or event lies in these columns and lanes (an empty band is left out)."""
    return any(node.x + node.width >= part.left and node.x <= part.right
               and node.y + node.height > top and node.y < bottom for node in layout.nodes)


def _best_scale(layout: FlowLayout, width: float, height: float,
                caption_height: float) -> tuple[float, list[Slice]]:
    """The largest scale (from PREFERRED_SCALE down to MIN_SCALE) that needs fewest pages.

    A diagram with few lanes is worth shrinking a little when that stacks two bands on
    a page; the text never goes below MIN_SCALE unless the lanes alone demand it.
    """
    overhead = caption_height + 12  # what a band adds to its lanes (FlowchartPage.height)
    room = height - overhead - 1  # a point to spare: a band exactly the frame's height
    # may be pushed to the next page by rounding
    fit = room / layout.height
    if fit < MIN_SCALE:  # too many lanes: bands of whole lanes, each with its headers
        return _lane_bands(layout, width, height, overhead)
    best: tuple[int, float, list[Slice]] | None = None
    for candidate in (PREFERRED_SCALE, 0.94, 0.88, 0.84, MIN_SCALE):
        scale = min(candidate, fit)
        slices = page_slices(layout, width - header_width(scale), scale)
        band = layout.height * scale + caption_height + 12 + BAND_GAP
        per_page = max(1, int((height + BAND_GAP) // band))
        pages = -(-len(slices) // per_page)
        if best is None or pages < best[0]:
            best = (pages, scale, slices)
    assert best is not None
    return best[1], best[2]


def _lane_bands(layout: FlowLayout, width: float, height: float,
                overhead: float) -> tuple[float, list[Slice]]:
    """The scale and the bands (some columns and a run of lanes each) of a diagram too
    tall for one page.

    The lanes are cut into runs that fill a page one, two or three bands at a time
    (each run at most a page, half a page or a third of one, less the bands' captions
    and gaps), at whichever scale and grouping takes fewest pages: two runs of 55 % of
    a page would take a page apiece, half of each left empty. Runs keep two lanes or
    more on average (a band of one lane loses the hand-overs between offices). Bands go
    column by column, each run of lanes in turn; a band with no box is left out.
    """
    best: tuple[int, int, float, list[Slice]] | None = None
    # A lane of many stacked boxes may be taller than a page even at MIN_SCALE: then the
    # diagram shrinks until it fits (text stays at MIN_TEXT; boxes show fewer words).
    # Shrinking a little further then may show every lane at once: tried too.
    tallest = max(lane.height for lane in layout.lanes)
    fitting = (height - overhead - 1) / tallest
    whole = (height - overhead - 1) / layout.height
    scales = (0.88, 0.84, MIN_SCALE) if fitting >= MIN_SCALE else (
        (fitting, whole) if whole >= 0.75 * fitting else (fitting,))
    for scale in scales:
        columns = page_slices(layout, width - header_width(scale), scale)
        for per_page in (1, 2, 3):
            limit = ((height - (per_page - 1) * BAND_GAP) / per_page - overhead - 1) / scale
            groups = lane_groups(layout, limit) if per_page == 1 else _runs(layout, limit)
            if per_page > 1 and len(groups) > max(1, len(layout.lanes) // 2):
                continue
            bands = [replace(part, top=top, bottom=bottom, first=False, last=False)
                     for part in columns for top, bottom in groups
                     if _holds_nodes(layout, part, top, bottom)] or [
                         replace(columns[0], top=groups[0][0], bottom=groups[0][1])]
            pages = pages_needed([(band.bottom - band.top) * scale + overhead
                                  for band in bands], height)
            if best is None or (pages, len(bands)) < best[:2]:
                best = (pages, len(bands), scale, bands)
    assert best is not None
    scale, bands = best[2], best[3]
    bands[0] = replace(bands[0], first=True)
    bands[-1] = replace(bands[-1], last=True)
    return scale, bands
