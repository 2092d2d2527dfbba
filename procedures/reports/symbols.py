"""Small vector drawings: the five ASME symbols, a tick box and the placeholder emblem.

The ASME shapes are drawn, not typed: a font glyph for "D-shape" does not exist and a
printed ● looks different in every font. One function per shape draws it centred on a
point of a canvas, so the table, the flowchart and the legends share the same drawing.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from models.codes import ActivityType
from procedures.reports.styles import ACCENT, ASME_COLOURS, WHITE


def draw_asme(canvas: Canvas, kind: ActivityType, cx: float, cy: float, size: float,
              colour: colors.Color | None = None, fill: bool = True) -> None:
    """The ASME symbol of `kind`, `size` points wide, centred on (cx, cy)."""
    colour = colour or ASME_COLOURS[kind]
    r = size / 2
    canvas.saveState()
    canvas.setStrokeColor(colour)
    canvas.setFillColor(colour)
    canvas.setLineWidth(max(0.6, size / 12))
    paint = 1 if fill else 0
    if kind is ActivityType.OPERACION:
        canvas.circle(cx, cy, r, stroke=1, fill=paint)
    elif kind is ActivityType.REVISION:
        side = size * 0.86
        canvas.rect(cx - side / 2, cy - side / 2, side, side, stroke=1, fill=paint)
    elif kind is ActivityType.TRASLADO:
        path = canvas.beginPath()
        shaft = r * 0.36
        head = r * 0.2
        path.moveTo(cx - r, cy - shaft)
        path.lineTo(cx + head, cy - shaft)
        path.lineTo(cx + head, cy - r * 0.8)
        path.lineTo(cx + r, cy)
        path.lineTo(cx + head, cy + r * 0.8)
        path.lineTo(cx + head, cy + shaft)
        path.lineTo(cx - r, cy + shaft)
        path.close()
        canvas.drawPath(path, stroke=1, fill=paint)
    elif kind is ActivityType.ESPERA:
        # The "D": a flat back and a half-disc front.
        height = size * 0.86
        left = cx - r * 0.86
        path = canvas.beginPath()
        path.moveTo(left, cy - height / 2)
        path.lineTo(cx, cy - height / 2)
        path.arcTo(cx - height / 2, cy - height / 2, cx + height / 2, cy + height / 2,
                   startAng=-90, extent=180)
        path.lineTo(left, cy + height / 2)
        path.close()
        canvas.drawPath(path, stroke=1, fill=paint)
    else:  # ARCHIVO: inverted triangle
        path = canvas.beginPath()
        path.moveTo(cx - r, cy + r * 0.8)
        path.lineTo(cx + r, cy + r * 0.8)
        path.lineTo(cx, cy - r * 0.9)
        path.close()
        canvas.drawPath(path, stroke=1, fill=paint)
    canvas.restoreState()


class AsmeSymbol(Flowable):
    """An ASME symbol as a table cell or inline flowable."""

    def __init__(self, kind: ActivityType, size: float = 7.0, fill: bool = True) -> None:
        super().__init__()
        self.kind = kind
        self.size = size
        self.fill = fill
        self.width = self.height = size
        self.hAlign = "CENTER"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        draw_asme(self.canv, self.kind, self.size / 2, self.size / 2, self.size, fill=self.fill)


def draw_emblem(canvas: Canvas, x: float, y: float, height: float) -> None:
    """A placeholder municipal shield with its bottom-left corner at (x, y).

    Drawn when the entity has no logo: a neutral heraldic outline in the accent colour
    with a stylised mountain and sun (Cajamarca's hills), never a real coat of arms.
    """
    w = height * 0.82
    h = height
    canvas.saveState()
    canvas.setFillColor(ACCENT)
    canvas.setStrokeColor(ACCENT)
    path = canvas.beginPath()
    path.moveTo(x, y + h)
    path.lineTo(x + w, y + h)
    path.lineTo(x + w, y + h * 0.45)
    path.curveTo(x + w, y + h * 0.18, x + w * 0.72, y + h * 0.06, x + w / 2, y)
    path.curveTo(x + w * 0.28, y + h * 0.06, x, y + h * 0.18, x, y + h * 0.45)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    # Inner field
    inset = h * 0.07
    canvas.setFillColor(WHITE)
    inner = canvas.beginPath()
    ix, iy, iw, ih = x + inset, y + inset * 1.3, w - 2 * inset, h - 2 * inset
    inner.moveTo(ix, iy + ih)
    inner.lineTo(ix + iw, iy + ih)
    inner.lineTo(ix + iw, iy + ih * 0.45)
    inner.curveTo(ix + iw, iy + ih * 0.18, ix + iw * 0.72, iy + ih * 0.05, ix + iw / 2, iy)
    inner.curveTo(ix + iw * 0.28, iy + ih * 0.05, ix, iy + ih * 0.18, ix, iy + ih * 0.45)
    inner.close()
    canvas.drawPath(inner, stroke=0, fill=1)
    # Sun
    canvas.setFillColor(colors.HexColor("#D4A017"))
    canvas.circle(ix + iw * 0.68, iy + ih * 0.74, ih * 0.11, stroke=0, fill=1)
    # Hills
    canvas.setFillColor(ACCENT)
    hills = canvas.beginPath()
    hills.moveTo(ix + iw * 0.08, iy + ih * 0.38)
    hills.lineTo(ix + iw * 0.38, iy + ih * 0.66)
    hills.lineTo(ix + iw * 0.56, iy + ih * 0.5)
    hills.lineTo(ix + iw * 0.7, iy + ih * 0.6)
    hills.lineTo(ix + iw * 0.92, iy + ih * 0.38)
    hills.close()
    canvas.drawPath(hills, stroke=0, fill=1)
    canvas.restoreState()


def emblem_width(height: float) -> float:
    return height * 0.82
