"""Portfolio: a province's or the region's procedures side by side, and where to start.

Per municipality: how many procedures, how long they take, what they cost the
municipality and the residents; then a ranked list of the procedures to simplify first,
by yearly demand × burden on the resident (the engine's yearly cost to residents, which
is exactly cases × cost per case). Every figure is an engine figure or a sum or mean of
engine figures. With hundreds of municipalities the per-procedure detail is limited to
each municipality's heaviest procedures, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace as dataclass_replace
from datetime import date
from decimal import Decimal
from io import BytesIO

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
)

from procedures.formatting import minus_number, money, number
from procedures.i18n import _, ngettext
from procedures.metrics import Metrics
from procedures.priority import Point, matrix
from procedures.progress import Progress, no_progress
from procedures.reports.blocks import data_table, fact_boxes, fitted_width, heading, para, spacer
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
from procedures.reports.styles import Styles, styles
from procedures.snapshots import Entity, Procedure, Version
from procedures.vocabulary import figure_name

ZERO = Decimal(0)
RANKED = 30
#: Above this many procedures in total, each municipality lists only its heaviest ones.
FULL_DETAIL_LIMIT = 1500
DETAIL_PER_ENTITY = 15
#: The prioritisation matrix of a region shows this many of its heaviest procedures.
MATRIX_POINTS = 2000


@dataclass(frozen=True, slots=True)
class EntityFigures:
    entity: Entity
    rows: tuple[tuple[Procedure, Version, Metrics], ...]

    @property
    def yearly_cost(self) -> Decimal:
        return sum((m.yearly.entity_cost for _p, _v, m in self.rows), ZERO)

    @property
    def citizen_hours(self) -> Decimal:
        return sum((m.yearly.citizen_hours for _p, _v, m in self.rows), ZERO)

    @property
    def citizen_cost(self) -> Decimal:
        return sum((m.yearly.citizen_cost for _p, _v, m in self.rows), ZERO)

    @property
    def mean_days(self) -> Decimal:
        if not self.rows:
            return ZERO
        return Decimal(sum(m.business_days for _p, _v, m in self.rows)) / len(self.rows)

    @property
    def mean_fee(self) -> Decimal:
        if not self.rows:
            return ZERO
        return sum((m.fee for _p, _v, m in self.rows), ZERO) / len(self.rows)


@dataclass(frozen=True, slots=True)
class PortfolioData:
    scope: str  # "Provincia de Cajamarca (0601)"
    entities: tuple[EntityFigures, ...]
    printed_on: date
    #: The logo of the scope's own municipality (a province's provincial one), if set.
    logo: bytes | None = None


def _figures_table(header: list[str], body: list[list[str]], shares: list[float],
                   width: float, st: Styles, name: int = 0) -> Flowable:
    """A table of figures: the `name` column left, the figures right-aligned.

    A figure column is at least as wide as its widest figure and its header's longest
    word (a yearly "S/ 154,417.50" or the header "Procedimientos" must not break in
    two); the name column gives up the room.
    """
    widths = [width * share for share in shares]
    for column in range(len(header)):
        if column != name:
            widths[column] = max(widths[column],
                                 fitted_width([row[column] for row in body], st.cell_right),
                                 fitted_width([header[column]], st.head_right, words=True))
    widths[name] = width - sum(widths) + widths[name]
    rows: list[list[object]] = [[
        para(text, st.head if column == name else st.head_right)
        for column, text in enumerate(header)]]
    rows += [[para(text, st.cell if column == name else st.cell_right)
              for column, text in enumerate(row)] for row in body]
    return data_table(rows, widths)


def _entity_table(data: PortfolioData, width: float, st: Styles) -> Flowable:
    header = [_("Municipality"), _("Procedures"), _("Activities"), _("Mean business days"),
              _("Mean fee"), _("Yearly cost to the municipality"),
              _("Residents' hours per year"), _("Yearly cost to residents")]
    body = []
    for figures in data.entities:
        activities = sum(m.activities for _p, _v, m in figures.rows)
        body.append([figures.entity.name, number(len(figures.rows)), number(activities),
                     number(figures.mean_days, 1), money(figures.mean_fee),
                     money(figures.yearly_cost), minus_number(figures.citizen_hours),
                     money(figures.citizen_cost)])
    share = (1 - 0.22) / 7
    return _figures_table(header, body, [0.22, *[share] * 7], width, st)


def _ranked(data: PortfolioData) -> list[tuple[Entity, Procedure, Metrics]]:
    ranked = [(f.entity, p, m) for f in data.entities for p, _v, m in f.rows]
    ranked.sort(key=lambda item: item[2].yearly.citizen_cost, reverse=True)
    return ranked


def _ranked_table(ranked: list[tuple[Entity, Procedure, Metrics]], width: float,
                  st: Styles, many: bool) -> Flowable:
    header = [_("#"), _("Procedure"), *(figure_name(key) for key in (
        "yearly.cases", "citizen.cost", "yearly.citizen_cost", "business_days",
        "cost.unit_cost"))]
    body = []
    for rank, (entity, procedure, metrics) in enumerate(ranked[:RANKED], start=1):
        name = f"{procedure.code} {procedure.name}"
        if many:
            name += f" — {entity.name}"
        body.append([str(rank), name, number(metrics.yearly.cases), money(metrics.citizen.cost),
                     money(metrics.yearly.citizen_cost), str(metrics.business_days),
                     money(metrics.cost.unit_cost)])
    share = (1 - 0.38) / 5 - 22 / width / 5
    return _figures_table(header, body, [22 / width, 0.38, *[share] * 5], width, st, name=1)


def _detail(figures: EntityFigures, width: float, st: Styles, limit: int | None) -> list[Flowable]:
    rows_in = sorted(figures.rows, key=lambda row: row[2].yearly.citizen_cost, reverse=True)
    shown = rows_in if limit is None else rows_in[:limit]
    header = [_("Procedure"), _("Cases"), _("Business days"), _("Unit cost"), _("Fee"),
              _("Resident per case"), _("Residents' hours per year")]
    body = [[f"{procedure.code} {procedure.name}", number(metrics.yearly.cases),
             str(metrics.business_days), money(metrics.cost.unit_cost),
             money(metrics.fee) if metrics.fee > 0 else _("Free"),
             money(metrics.citizen.cost), minus_number(metrics.yearly.citizen_hours)]
            for procedure, _version, metrics in shown]
    table = _figures_table(header, body, [0.4, *[0.1] * 6], width, st)
    title = heading(figures.entity.name, st.h2)
    story: list[Flowable] = ([KeepTogether([title, table])] if len(body) < 20
                             else [CondPageBreak(120), title, table])
    if len(shown) < len(rows_in):
        story.append(para(_("The {shown} procedures with the highest yearly cost to residents "
                            "of {total}.").format(shown=len(shown), total=len(rows_in)),
                          st.note))
    return story


def _matrix(data: PortfolioData, ranked: list[tuple[Entity, Procedure, Metrics]],
            width: float, st: Styles) -> list[Flowable]:
    """The prioritisation matrix of the mapped procedures, its numbers those of the
    ranked table below it (the first ten); a region shows its heaviest procedures."""
    rank = {(e.ubigeo, p.code): n for n, (e, p, _m) in enumerate(ranked[:10], start=1)}
    points = [(rank.get((f.entity.ubigeo, p.code), 0),
               Point(p.uid, p.code, p.name, m.yearly.cases, m.citizen.cost, f.entity.ubigeo))
              for f in data.entities for p, _v, m in f.rows if m.activities > 0]
    shown = sorted(points, key=lambda item: -item[1].yearly)[:MATRIX_POINTS]
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
    """"1 municipality · 4 procedures": a province may have a single municipality measured."""
    return "{} · {}".format(
        ngettext("{n} municipality", "{n} municipalities", entities).format(n=entities),
        ngettext("{n} procedure", "{n} procedures", procedures).format(n=procedures))


def portfolio_story(data: PortfolioData, st: Styles,
                    progress: Progress = no_progress) -> list[Flowable]:
    width, _h = ReportDocument.frame_size(PORTRAIT)
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
        KeepTogether([heading(_("Per municipality"), st.h1), _entity_table(data, width, st)]),
    ]
    by_hours = sorted(data.entities, key=lambda f: f.citizen_hours, reverse=True)[:15]
    story.append(ranked_bars(_("Residents' hours per year, by municipality"),
                             [f.entity.name for f in by_hours],
                             [float(f.citizen_hours) for f in by_hours],
                             [minus_number(f.citizen_hours) for f in by_hours], width))
    ranked = _ranked(data)
    story += [PageBreak(), heading(_("Which procedures to simplify first"), st.h1),
              para(_("Ranked by yearly demand × burden on the resident (cases per year × "
                     "cost to the resident per case, time and money)."), st.body),
              *_matrix(data, ranked, width, st),
              _ranked_table(ranked, width, st, many), spacer(8)]
    top = ranked[:10]
    story.append(ranked_bars(_("Yearly cost to residents, top 10"),
                             [f"{p.code} {p.name}" for _e, p, _m in top],
                             [float(m.yearly.citizen_cost) for _e, _p, m in top],
                             [money(m.yearly.citizen_cost) for _e, _p, m in top], width))
    limit = None if total_procedures <= FULL_DETAIL_LIMIT else DETAIL_PER_ENTITY
    story += [PageBreak(), heading(_("Procedures of each municipality"), st.h1)]
    for index, figures in enumerate(data.entities):
        story.append(Tick(progress, index, len(data.entities), figures.entity.ubigeo))
        story += _detail(figures, width, st, limit)
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
