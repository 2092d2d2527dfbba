"""Portfolio: a province's or the region's procedures side by side, and where to start.

Per municipality: how many procedures, how long they take, what they cost the
municipality and the residents; then a ranked list of the procedures to simplify first,
by yearly demand × burden on the resident (the engine's yearly cost to residents, which
is exactly cases × cost per case). Every figure is a stored engine figure
(`procedures.headline`, the same rows as `portfolio --json`) or a sum or mean of them.
With hundreds of municipalities the per-procedure detail is limited to each
municipality's heaviest procedures, and says so.

A region prints some 2,500 table rows: figures are plain table cells (a paragraph only
for a name too long for its column), and no table is laid out twice (`CondPageBreak`
with the table's estimated height, never `KeepTogether`).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace as dataclass_replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from io import BytesIO
from operator import attrgetter
from typing import Literal

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    NextPageTemplate,
    PageBreak,
    Table,
    TableStyle,
)
from reportlab.platypus.tables import CellStyle

from procedures.formatting import minus_number, money, number
from procedures.headline import EntityFigures, ProcedureFigures
from procedures.i18n import _, ngettext
from procedures.priority import Point, matrix
from procedures.progress import Progress, no_progress
from procedures.reports.blocks import (
    CELL_PADDING,
    fact_boxes,
    fitted_width,
    heading,
    para,
    spacer,
)
from procedures.reports.charts import ranked_bars
from procedures.reports.cover import CoverPage
from procedures.reports.document import (
    COVER,
    PORTRAIT,
    ReportDocument,
    ReportMeta,
    Running,
    Tick,
)
from procedures.reports.priority_chart import priority_chart
from procedures.reports.styles import Styles, styles, table_style
from procedures.vocabulary import figure_name

ZERO = Decimal(0)
RANKED = 30
#: Above this many procedures in total, each municipality lists only its heaviest ones.
FULL_DETAIL_LIMIT = 1500
DETAIL_PER_ENTITY = 15
#: The prioritisation matrix of a region shows this many of its heaviest procedures.
MATRIX_POINTS = 2000
#: A long table's heading and header row stay with at least this many of its rows (of
#: up to two lines each).
ROWS_WITH_HEADING = 4
#: Procedures rank by their yearly cost to residents (cases × burden per case).
_HEAVIEST = attrgetter("yearly_citizen_cost")


@dataclass(frozen=True, slots=True)
class PortfolioData:
    scope: str  # "Provincia de Cajamarca (0601)"
    entities: tuple[EntityFigures, ...]
    printed_on: date
    #: The logo of the scope's own municipality (a province's provincial one), if set.
    logo: bytes | None = None


Ranked = tuple[EntityFigures, ProcedureFigures]


class _Table:
    """A table of figures: the `name` column left, the figures right-aligned.

    A figure column is at least as wide as its widest figure and its header's longest
    word (a yearly "S/ 154,417.50" or the header "Procedimientos" must not break in
    two); the name column gives up the room. Every cell is plain text in the styles'
    fonts, a long name or header broken into lines at words (`simpleSplit`, what a
    paragraph does for plain text, without parsing markup for 2,000 cells); so the
    table's height is known before it is laid out.
    """

    def __init__(self, header: list[str], body: list[list[str]], shares: list[float],
                 width: float, st: Styles, name: int = 0) -> None:
        cell, head = st.cell, st.head
        widths = [width * share for share in shares]
        for column in range(len(header)):
            if column != name:
                widths[column] = max(
                    widths[column], _widest([row[column] for row in body], cell),
                    fitted_width([header[column]], head, words=True))
        widths[name] = width - sum(widths) + widths[name]
        heads = [_lines(text, head, widths[column]) for column, text in enumerate(header)]
        room = widths[name]
        rows: list[list[str]] = [heads]
        lines = 0
        for row in body:
            text = _lines(row[name], cell, room)
            lines += text.count("\n") + 1
            rows.append([*row[:name], text, *row[name + 1:]] if text != row[name] else row)
        self.widths = widths
        self.rows = rows
        self.name = name
        self.st = st
        body_style = _cell_style(cell, 1, "LEFT")
        padding = body_style.topPadding + body_style.bottomPadding
        self.row_height = cell.leading + padding
        self.head_height = (max(text.count("\n") + 1 for text in heads) * head.leading
                            + padding)
        #: The table's height (each row its lines and paddings, the header and hairlines).
        self.height = self.head_height + lines * cell.leading + len(body) * (padding + 0.25)

    def flowable(self) -> Flowable:
        """The table in the shared look (`styles.table_style`). Its per-cell commands are
        applied once, to four cell styles that the cells share (header or body, name or
        figure): a command per cell range costs a Python call per cell, and a region's
        tables have 16,000 cells."""
        st = self.st
        kinds = {(row, column == self.name): _cell_style(
            st.head if row == 0 else st.cell, row, "LEFT" if column == self.name else "RIGHT")
            for row in (0, 1) for column in (self.name, -1)}
        columns = range(len(self.widths))
        grid = [[kinds[min(row, 1), column == self.name] for column in columns]
                for row in range(len(self.rows))]
        table = Table(self.rows, colWidths=self.widths, repeatRows=1, splitByRow=1,
                      cellStyles=grid)
        table.setStyle(TableStyle([c for c in table_style() if c[0] not in _PER_CELL]))
        return table


#: The commands of `table_style` that set each cell's style (the rest draw lines and
#: backgrounds, once per table).
_PER_CELL = frozenset({"FONT", "VALIGN", "TOPPADDING", "BOTTOMPADDING", "LEFTPADDING",
                       "RIGHTPADDING"})


@lru_cache(maxsize=16)
def _cell_style(font: ParagraphStyle, row: int, align: Literal["LEFT", "RIGHT"]) -> CellStyle:
    """The cell style `table_style` gives a cell of `row` (0: the header), in `font`'s
    face, size, leading and colour."""
    style = CellStyle(f"portfolio-{row}-{align}")
    for op, start, end, *values in table_style():
        if op not in _PER_CELL or not start[1] <= row <= (end[1] if end[1] >= 0 else row):
            continue
        if op == "VALIGN":
            style.valign = values[0]
        elif op != "FONT":  # the font is the paragraph style's, below
            setattr(style, op.lower().replace("padding", "Padding"), values[0])
    style.fontname, style.fontsize, style.leading = font.fontName, font.fontSize, font.leading
    style.color, style.alignment = font.textColor, align
    return style


def _widest(texts: list[str], style: ParagraphStyle) -> float:
    """`fitted_width` of a column of figures, measuring each shape once: the digits of
    the report's face are all as wide (tabular), so "S/ 1,234.50" and "S/ 9,876.10"
    are; a region's columns hold thousands of figures but a few shapes."""
    return fitted_width({text.translate(_AS_ZEROS) for text in texts}, style)


_AS_ZEROS = str.maketrans("123456789", "000000000")


@lru_cache(maxsize=4096)
def _split(text: str, font: str, size: float, room: float) -> str:
    return "\n".join(simpleSplit(text, font, size, room)) or text


def _lines(text: str, style: ParagraphStyle, width: float) -> str:
    """`text` broken at words into lines that fit a cell `width` wide."""
    return _split(text, style.fontName, style.fontSize, width - CELL_PADDING)


def _entity_table(data: PortfolioData, width: float, st: Styles) -> _Table:
    header = [_("Municipality"), _("Procedures"), _("Activities"), _("Mean business days"),
              _("Mean fee"), _("Yearly cost to the municipality"),
              _("Residents' hours per year"), _("Yearly cost to residents")]
    body = [[figures.name, number(len(figures.rows)), number(figures.activities),
             number(figures.mean_days, 1), money(figures.mean_fee),
             money(figures.yearly_cost), minus_number(figures.citizen_hours),
             money(figures.citizen_cost)] for figures in data.entities]
    share = (1 - 0.22) / 7
    return _Table(header, body, [0.22, *[share] * 7], width, st)


def _ranked(data: PortfolioData) -> list[Ranked]:
    """The procedures with the highest yearly cost to residents, ties in report order
    (nlargest is sorted(…, reverse=True)[:n] without sorting 35,000 rows)."""
    return heapq.nlargest(RANKED, ((f, p) for f in data.entities for p in f.rows),
                          key=lambda item: item[1].yearly_citizen_cost)


def _ranked_table(ranked: Sequence[Ranked], width: float, st: Styles, many: bool) -> _Table:
    header = [_("#"), _("Procedure"), *(figure_name(key) for key in (
        "yearly.cases", "citizen.cost", "yearly.citizen_cost", "business_days",
        "cost.unit_cost"))]
    body = []
    for rank, (entity, procedure) in enumerate(ranked[:RANKED], start=1):
        name = f"{procedure.code} {procedure.name}"
        if many:
            name += f" — {entity.name}"
        body.append([str(rank), name, number(procedure.cases), money(procedure.citizen_cost),
                     money(procedure.yearly_citizen_cost), str(procedure.business_days),
                     money(procedure.unit_cost)])
    share = (1 - 0.38) / 5 - 22 / width / 5
    return _Table(header, body, [22 / width, 0.38, *[share] * 5], width, st, name=1)


def _with_heading(title: str, style: ParagraphStyle, table: _Table,
                  frame_height: float) -> list[Flowable]:
    """A heading kept with its whole table when the table is short (up to 60 % of a
    page), else with its header and first rows: a page break only when they do not fit."""
    title_height = style.leading + style.spaceBefore + style.spaceAfter
    short = table.height < frame_height * 0.6
    needed = table.height if short else (table.head_height
                                         + table.row_height * ROWS_WITH_HEADING * 2)
    return [CondPageBreak(title_height + needed), heading(title, style), table.flowable()]


def _detail(figures: EntityFigures, width: float, frame_height: float, st: Styles,
            limit: int | None) -> list[Flowable]:
    shown = (sorted(figures.rows, key=_HEAVIEST, reverse=True) if limit is None
             else heapq.nlargest(limit, figures.rows, key=_HEAVIEST))
    header = [_("Procedure"), _("Cases"), _("Business days"), _("Unit cost"), _("Fee"),
              _("Resident per case"), _("Residents' hours per year")]
    free = _("Free")
    body = [[f"{row.code} {row.name}", number(row.cases), str(row.business_days),
             money(row.unit_cost), money(row.fee) if row.fee > 0 else free,
             money(row.citizen_cost), minus_number(row.yearly_citizen_hours)]
            for row in shown]
    table = _Table(header, body, [0.4, *[0.1] * 6], width, st)
    story = _with_heading(figures.name, st.h2, table, frame_height)
    if len(shown) < len(figures.rows):
        story.append(para(_("The {shown} procedures with the highest yearly cost to residents "
                            "of {total}.").format(shown=len(shown), total=len(figures.rows)),
                          st.note))
    return story


def _matrix(data: PortfolioData, ranked: list[Ranked], width: float,
            st: Styles) -> list[Flowable]:
    """The prioritisation matrix of the mapped procedures, its numbers those of the
    ranked table below it (the first ten); a region shows its heaviest procedures."""
    rank = {(e.ubigeo, p.code): n for n, (e, p) in enumerate(ranked[:10], start=1)}
    mapped = [(f, p) for f in data.entities for p in f.rows if p.mapped]
    # The heaviest by yearly cost to residents (= cases × burden, a point's `yearly`),
    # ties in report order: nlargest is sorted(…, reverse=True)[:n], without sorting all.
    heaviest = heapq.nlargest(MATRIX_POINTS, mapped, key=lambda item: item[1].yearly_citizen_cost)
    shown = [(rank.get((f.ubigeo, p.code), 0),
              Point(p.uuid, p.code, p.name, p.cases, p.citizen_cost, f.ubigeo))
             for f, p in heaviest]
    points = mapped
    chart = matrix([point for _n, point in shown])
    numbered = sorted((n, point) for n, point in shown if n and point.cases > 0)
    chart = dataclass_replace(chart, candidates=tuple(point for _n, point in numbered))
    if not chart.points:
        return []
    story: list[Flowable] = [priority_chart(
        _("Yearly demand × burden on the resident (mapped procedures)"), chart, width)]
    notes = [_("Each dot is a mapped procedure; the shaded quarter has more demand and more "
               "burden than the median. The numbers are those of the table below.")]
    if len(points) > len(shown):
        notes.append(_("The {shown} procedures with the highest yearly cost to residents of "
                       "{total}.").format(shown=number(len(shown)), total=number(len(points))))
    if chart.left_out:
        notes.append(ngettext("{n} mapped procedure has no yearly demand and is not on the "
                              "chart.", "{n} mapped procedures have no yearly demand and are "
                              "not on the chart.", chart.left_out).format(n=chart.left_out))
    return [*story, para(" ".join(notes), st.note), spacer(6)]


def _cover_line(entities: int, procedures: int) -> str:
    """"1 municipality · 4 procedures": a province may have a single municipality
    measured; a region "140 municipalities · 35,000 procedures"."""
    return "{} · {}".format(
        ngettext("{n} municipality", "{n} municipalities", entities).format(
            n=number(entities)),
        ngettext("{n} procedure", "{n} procedures", procedures).format(n=number(procedures)))


def portfolio_story(data: PortfolioData, st: Styles,
                    progress: Progress = no_progress) -> list[Flowable]:
    width, frame_height = ReportDocument.frame_size(PORTRAIT)
    cover_w, cover_h = ReportDocument.frame_size(COVER)
    total_procedures = sum(len(f.rows) for f in data.entities)
    many = len(data.entities) > 1
    yearly = sum((f.yearly_cost for f in data.entities), ZERO)
    hours = sum((f.citizen_hours for f in data.entities), ZERO)
    story: list[Flowable] = [
        CoverPage(cover_w, cover_h, data.scope, _("Portfolio of procedures"),
                  [_cover_line(len(data.entities), total_procedures)], data.logo),
        NextPageTemplate(PORTRAIT), PageBreak(), Running(data.scope),
        heading(_("Summary"), st.h1),
        fact_boxes([(_("Municipalities"), number(len(data.entities))),
                    (_("Procedures measured"), number(total_procedures)),
                    (_("Yearly cost to the municipalities"), money(yearly)),
                    (_("Residents' hours per year"), minus_number(hours))], width, st),
        spacer(6),
        *_with_heading(_("Per municipality"), st.h1, _entity_table(data, width, st),
                       frame_height),
    ]
    by_hours = sorted(data.entities, key=lambda f: f.citizen_hours, reverse=True)[:15]
    story.append(ranked_bars(_("Residents' hours per year, by municipality"),
                             [f.name for f in by_hours],
                             [float(f.citizen_hours) for f in by_hours],
                             [minus_number(f.citizen_hours) for f in by_hours], width))
    ranked = _ranked(data)
    story += [PageBreak(), heading(_("Which procedures to simplify first"), st.h1),
              para(_("Ranked by yearly demand × burden on the resident (cases per year × "
                     "cost to the resident per case, time and money)."), st.body),
              *_matrix(data, ranked, width, st),
              _ranked_table(ranked, width, st, many).flowable(), spacer(8)]
    top = [row for _e, row in ranked[:10]]
    story.append(ranked_bars(_("Yearly cost to residents, top 10"),
                             [f"{p.code} {p.name}" for p in top],
                             [float(p.yearly_citizen_cost) for p in top],
                             [money(p.yearly_citizen_cost) for p in top], width))
    limit = None if total_procedures <= FULL_DETAIL_LIMIT else DETAIL_PER_ENTITY
    story += [PageBreak(), heading(_("Procedures of each municipality"), st.h1)]
    for index, figures in enumerate(data.entities):
        story.append(Tick(progress, index, len(data.entities), figures.name))
        story += _detail(figures, width, frame_height, st, limit)
    story.append(Tick(progress, len(data.entities), len(data.entities), ""))
    return story


def build_portfolio(target: BytesIO, data: PortfolioData,
                    progress: Progress = no_progress) -> int:
    meta = ReportMeta(
        title=_("Portfolio of procedures — {scope}").format(scope=data.scope),
        author=data.scope,
        subject=_("Counts, times, costs and burden of the procedures of {scope}").format(
            scope=data.scope),
        report_name=_("Portfolio of procedures"),
        keywords=("TUPA",),
        printed_on=data.printed_on,
        logo=data.logo,
    )
    doc = ReportDocument(target, meta, first=COVER)
    doc.build_story(portfolio_story(data, styles(0.9), progress))
    return doc.page_count
