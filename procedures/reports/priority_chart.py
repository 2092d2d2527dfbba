"""The prioritisation matrix in a PDF: the layout of `procedures.priority`, drawn with
reportlab.graphics, as the window draws it with QPainter (y flipped: PDF y goes up)."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from procedures.formatting import money, number
from procedures.i18n import _
from procedures.priority import Matrix, layout
from procedures.reports.fonts import BOLD, REGULAR, register_fonts
from procedures.reports.styles import ACCENT, INK, MUTED, RULE

CANDIDATE = colors.HexColor("#c0392b")
DOT = colors.HexColor("#7f9bb3")
QUADRANT = colors.Color(192 / 255, 57 / 255, 43 / 255, alpha=0.08)
SIZE = 7.0
LEFT, RIGHT, TOP, BOTTOM = 52, 10, 32, 30


def _rect(x: float, y: float, w: float, h: float, fill: colors.Color | None,
          stroke: colors.Color | None) -> Rect:
    shape = Rect(x, y, w, h)
    shape.fillColor = fill
    shape.strokeColor = stroke
    shape.strokeWidth = 0.6
    return shape


def priority_chart(title: str, data: Matrix, width: float = 480,
                   height: float = 260) -> Drawing:
    """Cases a year across, burden per case up; candidates numbered in red."""
    register_fonts()
    drawing = _Chart(width, height, initialFontName=REGULAR)
    drawing.add(String(0, height - 11, title, fontName=BOLD, fontSize=8.5, fillColor=ACCENT))
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM
    placed = layout(data, plot_w, plot_h)

    def x(at: float) -> float:
        return LEFT + at

    def y(at: float) -> float:  # the layout's y runs down from the top of the plot
        return BOTTOM + plot_h - at

    drawing.add(_rect(x(placed.median_x), y(placed.median_y), plot_w - placed.median_x,
                      placed.median_y, QUADRANT, None))
    for tick in placed.y_ticks:
        drawing.add(Line(LEFT, y(tick.at), LEFT + plot_w, y(tick.at), strokeColor=RULE,
                         strokeWidth=0.4))
        drawing.add(String(LEFT - 4, y(tick.at) - 2.5, money(tick.value), fontName=REGULAR,
                           fontSize=SIZE, fillColor=MUTED, textAnchor="end"))
    for tick in placed.x_ticks:
        drawing.add(Line(x(tick.at), BOTTOM, x(tick.at), BOTTOM + plot_h, strokeColor=RULE,
                         strokeWidth=0.4))
        drawing.add(String(x(tick.at), BOTTOM - 10, number(tick.value), fontName=REGULAR,
                           fontSize=SIZE, fillColor=MUTED, textAnchor="middle"))
    drawing.add(_rect(LEFT, BOTTOM, plot_w, plot_h, None, MUTED))
    for x1, y1, x2, y2 in ((x(placed.median_x), BOTTOM, x(placed.median_x), BOTTOM + plot_h),
                           (LEFT, y(placed.median_y), LEFT + plot_w, y(placed.median_y))):
        drawing.add(Line(x1, y1, x2, y2, strokeColor=CANDIDATE, strokeWidth=0.6,
                         strokeDashArray=[3, 2]))
    axis = _("Cases per year (logarithmic scale)") if placed.log_x else _("Cases per year")
    drawing.add(String(LEFT + plot_w / 2, 2, axis, fontName=REGULAR, fontSize=SIZE,
                       fillColor=INK, textAnchor="middle"))
    drawing.add(String(LEFT, height - 22, _("Burden on the resident per case (S/)"),
                       fontName=REGULAR, fontSize=SIZE, fillColor=INK))
    drawing.add(String(LEFT + plot_w - 3, BOTTOM + plot_h - 9, _("simplify first"),
                       fontName=REGULAR, fontSize=SIZE, fillColor=CANDIDATE,
                       textAnchor="end"))
    drawing._dots = [(x(dot.x), y(dot.y), dot.rank)
                     for dot in sorted(placed.dots, key=lambda d: d.rank != 0)]
    return drawing


class _Chart(Drawing):
    """The matrix: frame, grid and labels as shapes, then its dots (a region's portfolio
    has 2,000) written straight into the page over them, each a white ring and its
    colour, and a numbered one its number. As shapes every dot was an object checked
    attribute by attribute, rendered node by node and drawn as four Bézier curves: most
    of the chart's time."""

    _dots: tuple[tuple[float, float, int], ...] | list[tuple[float, float, int]] = ()

    def draw(self, showBoundary: object = None) -> None:
        super().draw()
        canvas = self.canv
        canvas.saveState()
        # A point stroked with round caps is a filled disc (PDF 1.7, 8.5.3.2): the ring
        # is a white disc 0.2 pt wider than the dot, the dot a disc 0.2 pt narrower
        # over it, as a filled circle stroked 0.4 pt white looks.
        code = ["1 J"]
        for at_x, at_y, rank in self._dots:
            radius = 3.2 if rank else 2.0
            point = f"{at_x:.2f} {at_y:.2f} m {at_x:.2f} {at_y:.2f} l S"
            code.append(f"1 1 1 RG {2 * radius + 0.4:.2f} w {point} "
                        f"{_RGB[bool(rank)]} RG {2 * radius - 0.4:.2f} w {point}")
        canvas.addLiteral("\n".join(code))
        canvas.setFont(BOLD, SIZE)
        canvas.setFillColor(CANDIDATE)
        for at_x, at_y, rank in self._dots:
            if rank:
                canvas.drawString(at_x + 4, at_y + 3, str(rank))
        canvas.restoreState()


_RGB = {flag: " ".join(f"{part:.4f}" for part in colour.rgb())
        for flag, colour in ((False, DOT), (True, CANDIDATE))}
