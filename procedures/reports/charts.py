"""Bar charts drawn with reportlab.graphics: before/after pairs and ranked bars.

Charts take plain numbers already computed by the engine (or summed from its results)
and only draw them; labels are formatted by the caller so money stays "S/ 1,234.50".
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from procedures.reports.fonts import BOLD, REGULAR, register_fonts
from procedures.reports.styles import ACCENT, AFTER, BEFORE, INK, MUTED, RULE

LABEL_SIZE = 7.0
#: No printed text is smaller (a reader with a paper copy must read every figure).
MIN_SIZE = 6.5


def before_after(title: str, before: float, after: float, labels: tuple[str, str],
                 value_texts: tuple[str, str], width: float = 170,
                 height: float = 130) -> Drawing:
    """Two bars, before (grey) and after (accent), with their values on top."""
    register_fonts()
    drawing = _drawing(width, height)
    drawing.add(String(0, height - 11, title, fontName=BOLD, fontSize=8.5, fillColor=ACCENT))
    chart = VerticalBarChart()
    step = (width - 36) / 2
    names = [_wrapped(label, step - 4, LABEL_SIZE) for label in labels]
    below = 10 + LABEL_SIZE * 1.2 * max(name.count("\n") + 1 for name in names)
    chart.x, chart.y = 26, below  # type: ignore[assignment]  # stubs: int
    chart.width, chart.height = width - 36, height - 28 - below  # type: ignore[assignment]  # stubs: int
    chart.data = [[max(before, 0.0), max(after, 0.0)]]
    chart.bars.strokeColor = None
    chart.bars[(0, 0)].fillColor = BEFORE
    chart.bars[(0, 1)].fillColor = AFTER
    chart.barWidth = 10
    chart.groupSpacing = 14
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.leading = LABEL_SIZE * 1.2
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.valueMin = 0
    top = max(before, after, 1e-9)
    chart.valueAxis.valueMax = top * 1.22
    chart.valueAxis.visible = False
    chart.valueAxis.visibleGrid = False
    drawing.add(chart)
    for index, (value, text) in enumerate(zip((before, after), value_texts, strict=True)):
        x = chart.x + step * index + step / 2
        y = chart.y + chart.height * max(value, 0.0) / (top * 1.22) + 3
        size = max(MIN_SIZE, min(7.5, 7.5 * (step - 2) / max(stringWidth(text, BOLD, 7.5),
                                                               1e-9)))
        drawing.add(String(x, y, text, fontName=BOLD, fontSize=size, fillColor=INK,
                           textAnchor="middle"))
    return drawing


def _wrapped(label: str, width: float, size: float, lines: int = 2) -> str:
    """A bar's name on at most `lines` lines of `width`, cut with an ellipsis after that.

    Version names such as "Propuesta simplificada 2026" were cut at 16 characters,
    inside a word.
    """
    parts = simpleSplit(label, REGULAR, size, width)
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] += "…"
    shown = []
    for part in parts:
        while len(part) > 1 and stringWidth(part, REGULAR, size) > width:
            part = part[:-2].rstrip() + "…"
        shown.append(part)
    return "\n".join(shown)


def ranked_bars(title: str, names: Sequence[str], values: Sequence[float],
                value_texts: Sequence[str], width: float = 480,
                bar_height: float = 11) -> Drawing:
    """Horizontal bars, largest first as given, with names left and values right."""
    register_fonts()
    count = max(len(values), 1)
    height = count * bar_height * 1.5 + 30
    drawing = _drawing(width, height)
    drawing.add(String(0, height - 11, title, fontName=BOLD, fontSize=8.5, fillColor=ACCENT))
    label_width = width * 0.38
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 6  # type: ignore[assignment]  # stubs: int
    chart.width, chart.height = width - label_width - 70, height - 26  # type: ignore[assignment]  # stubs: int
    chart.data = [list(reversed([max(v, 0.0) for v in values])) or [0.0]]
    chart.bars.strokeColor = None
    chart.bars[0].fillColor = ACCENT
    chart.barWidth = bar_height  # type: ignore[assignment]  # stubs: int
    chart.categoryAxis.categoryNames = list(reversed([_short(n, 48) for n in names])) or [""]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.valueMin = 0
    top = max(values, default=0.0) or 1.0
    chart.valueAxis.valueMax = top
    chart.valueAxis.visible = False
    drawing.add(chart)
    step = chart.height / count
    for index, text in enumerate(reversed(list(value_texts))):
        value = list(reversed(list(values)))[index]
        x = chart.x + chart.width * max(value, 0.0) / top + 4
        y = chart.y + step * index + step / 2 - 2.5
        drawing.add(String(x, y, text, fontName=REGULAR, fontSize=7, fillColor=MUTED))
    return drawing


def _drawing(width: float, height: float) -> Drawing:
    """A drawing whose renderer starts in DejaVu (its default, Helvetica, is not embedded)."""
    return Drawing(width, height, initialFontName=REGULAR)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
