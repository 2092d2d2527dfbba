"""Benchmark: one procedure across municipalities, on A4 landscape.

A summary (municipalities, the median and the best quartile of unit cost, fee and
business days), a bar chart of the unit cost of each municipality with the median drawn
across it, then the table of every municipality sorted by unit cost (the cells are
`procedures.standard.benchmark.cell_text`, as on screen and in the terminal), the marks
explained, and the outliers and terms exceeded named. Every figure is an engine figure
of the municipality's version in force, or a median or quartile of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether

from procedures.formatting import number
from procedures.i18n import _, ngettext
from procedures.reports.blocks import (
    bullets,
    data_table,
    fact_boxes,
    fitted_width,
    heading,
    para,
    spacer,
)
from procedures.reports.document import LANDSCAPE, ReportDocument, ReportMeta, Running
from procedures.reports.fonts import BOLD, REGULAR, register_fonts
from procedures.reports.styles import (
    ACCENT,
    BEFORE,
    INK,
    MUTED,
    RULE,
    WARNING_RED,
    Styles,
    styles,
)
from procedures.standard.benchmark import (
    COLUMNS,
    Benchmark,
    cell_text,
    column_title,
    statistic_text,
)
from procedures.vocabulary import figure_value

#: The chart shows at most this many municipalities (the best and the worst halves).
CHART_ROWS = 24


@dataclass(frozen=True, slots=True)
class BenchmarkData:
    result: Benchmark
    scope: str  # "Departamento de Cajamarca (06)"
    printed_on: date


def _chart(result: Benchmark, width: float) -> Drawing:
    """Unit cost per municipality, lowest first; the median as a dashed line, the
    procedure asked about in the accent colour, the others grey, outliers red."""
    register_fonts()
    rows = list(result.rows)
    title = _("Unit cost by municipality (median marked)")
    if len(rows) > CHART_ROWS:
        title = _("Unit cost: the {n} lowest and the {n} highest of {total} municipalities "
                  "(median marked)").format(n=CHART_ROWS // 2, total=len(rows))
        rows = rows[:CHART_ROWS // 2] + rows[-CHART_ROWS // 2:]
    bar, gap = 8.0, 3.0  # 24 rows: 300 pt, within the landscape frame (428 pt)
    height = len(rows) * (bar + gap) + 40
    drawing = Drawing(width, height, initialFontName=REGULAR)
    drawing.add(String(0, height - 11, title, fontName=BOLD, fontSize=8.5, fillColor=ACCENT))
    label_w, value_w = width * 0.32, 70.0
    plot_w = width - label_w - value_w
    top = max((float(r.figures.unit_cost) for r in rows), default=0.0) or 1.0
    y = height - 24
    for row in rows:
        y -= bar + gap
        name = row.match.entity
        if len(name) > 52:
            name = name[:51] + "…"
        drawing.add(String(label_w - 4, y + 2, name, fontName=REGULAR, fontSize=7,
                           fillColor=INK, textAnchor="end"))
        colour = (WARNING_RED if "unit_cost" in row.outliers else ACCENT
                  if row.match.procedure_uuid == result.reference.procedure_uuid else BEFORE)
        length = plot_w * float(row.figures.unit_cost) / top
        box = Rect(label_w, y, max(length, 0.5), bar)
        box.fillColor, box.strokeColor = colour, None
        drawing.add(box)
        drawing.add(String(label_w + length + 3, y + 2,
                           figure_value("cost.unit_cost", row.figures.unit_cost),
                           fontName=REGULAR, fontSize=7, fillColor=MUTED))
    if "unit_cost" in result.median:
        x = label_w + plot_w * float(result.median["unit_cost"]) / top
        drawing.add(Line(x, y - 2, x, height - 22, strokeColor=INK, strokeWidth=0.8,
                         strokeDashArray=[2, 2]))
        drawing.add(String(x + 2, 2, _("median {value}").format(
            value=statistic_text("unit_cost", result.median["unit_cost"])),
            fontName=REGULAR, fontSize=7, fillColor=INK))
        drawing.add(Line(label_w, y - 2, label_w + plot_w, y - 2, strokeColor=RULE,
                         strokeWidth=0.5))
    return drawing


def _table(result: Benchmark, width: float, st: Styles) -> Flowable:
    keys = list(COLUMNS)
    header = [column_title(k) for k in keys]
    body = []
    for row in result.rows:
        marks = ("● " if "unit_cost" in row.best else "") + ("! " if row.outliers else "")
        body.append([marks + cell_text(row, k) if k == "entity" else cell_text(row, k)
                     for k in keys])
    for title, values in ((_("Median"), result.median), (_("Best quartile"), result.quartile)):
        body.append([title] + [statistic_text(k, values[k]) if k in values else ""
                               for k in keys[1:]])
    widths = [0.0] * len(keys)
    for column in range(1, len(keys)):
        widths[column] = max(fitted_width([line[column] for line in body], st.cell_right),
                             fitted_width([header[column]], st.head_right, words=True))
    widths[0] = max(width - sum(widths), width * 0.16)
    scale = width / sum(widths)
    if scale < 1:
        widths = [w * scale for w in widths]
    rows: list[list[object]] = [[para(text, st.head if c == 0 else st.head_right)
                                 for c, text in enumerate(header)]]
    rows += [[para(text, st.cell if c == 0 else st.cell_right) for c, text in enumerate(line)]
             for line in body]
    return data_table(rows, widths)


def benchmark_story(data: BenchmarkData, st: Styles) -> list[Flowable]:
    result = data.result
    width, _h = ReportDocument.frame_size(LANDSCAPE)
    ref = result.reference
    title = f"{ref.code} — {ref.name}"
    facts = [(_("Municipalities"), number(len(result.rows)))]
    for key in ("unit_cost", "fee", "business_days"):
        if key in result.median:
            facts.append((_("{figure}: median").format(figure=column_title(key)),
                          statistic_text(key, result.median[key])))
    story: list[Flowable] = [
        Running(data.scope), heading(title, st.h1),
        para(_("Across {scope}: the same procedure in each municipality, found by its "
               "standard code, by a link or by the same name; the figures of each "
               "one's version in force.").format(scope=data.scope), st.body),
        spacer(4), fact_boxes(facts, width, st), spacer(8), _chart(result, width),
        spacer(8), CondPageBreak(120), heading(_("Every municipality, by unit cost"), st.h2),
        _table(result, width, st), spacer(4),
        para(_("● best quartile of unit cost (the cheapest quarter) · ! outlier (beyond "
               "1.5 interquartile ranges from the quartiles) · Fee ÷ cost above 1: the fee "
               "exceeds the cost of the service."), st.note),
    ]
    notes: list[str] = []
    for row in result.rows:
        if row.outliers:
            notes.append(_("{entity}: outlier in {figures}").format(
                entity=row.match.entity,
                figures=", ".join(column_title(k) for k in COLUMNS if k in row.outliers)))
        if row.over_term:
            notes.append(ngettext(
                "{entity}: {days} business day, above its legal term",
                "{entity}: {days} business days, above its legal term",
                row.figures.business_days).format(entity=row.match.entity,
                                                  days=row.figures.business_days))
    for match in result.not_mapped:
        notes.append(_("{entity}: {code} is in the TUPA but has no version to measure").format(
            entity=match.entity, code=match.code))
    if notes:
        items = bullets(notes, st)  # the heading never ends a page alone
        story += [KeepTogether([heading(_("To look at"), st.h2), *items[:2]]), *items[2:]]
    return story


def build_benchmark_report(target: BytesIO, data: BenchmarkData) -> int:
    ref = data.result.reference
    meta = ReportMeta(
        title=_("Benchmark — {code} {name}").format(code=ref.code, name=ref.name),
        author=data.scope,
        subject=_("One procedure across the municipalities of {scope}").format(
            scope=data.scope),
        report_name=_("Benchmark"),
        keywords=("TUPA", "benchmark"),
        printed_on=data.printed_on,
    )
    doc = ReportDocument(target, meta, first=LANDSCAPE)
    doc.build_story(benchmark_story(data, styles(0.9)))
    return doc.page_count
