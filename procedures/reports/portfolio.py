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

from procedures.formatting import money, number
from procedures.i18n import _
from procedures.metrics import Metrics
from procedures.progress import Progress, no_progress
from procedures.reports.blocks import data_table, fact_boxes, heading, para, spacer
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
from procedures.reports.styles import Styles, styles
from procedures.snapshots import Entity, Procedure, Version

ZERO = Decimal(0)
RANKED = 30
#: Above this many procedures in total, each municipality lists only its heaviest ones.
FULL_DETAIL_LIMIT = 1500
DETAIL_PER_ENTITY = 15


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


def _entity_table(data: PortfolioData, width: float, st: Styles) -> Flowable:
    r = st.head_right
    rows: list[list[object]] = [[
        para(_("Municipality"), st.head), para(_("Procedures"), r), para(_("Activities"), r),
        para(_("Mean business days"), r), para(_("Mean fee"), r),
        para(_("Yearly cost to the municipality"), r), para(_("Residents' hours per year"), r),
        para(_("Yearly cost to residents"), r)]]
    for figures in data.entities:
        activities = sum(m.activities for _p, _v, m in figures.rows)
        rows.append([para(figures.entity.name, st.cell),
                     para(number(len(figures.rows)), st.cell_right),
                     para(number(activities), st.cell_right),
                     para(number(figures.mean_days, 1), st.cell_right),
                     para(money(figures.mean_fee), st.cell_right),
                     para(money(figures.yearly_cost), st.cell_right),
                     para(number(figures.citizen_hours), st.cell_right),
                     para(money(figures.citizen_cost), st.cell_right)])
    share = (width - width * 0.22) / 7
    return data_table(rows, [width * 0.22, *[share] * 7])


def _ranked(data: PortfolioData) -> list[tuple[Entity, Procedure, Metrics]]:
    ranked = [(f.entity, p, m) for f in data.entities for p, _v, m in f.rows]
    ranked.sort(key=lambda item: item[2].yearly.citizen_cost, reverse=True)
    return ranked


def _ranked_table(ranked: list[tuple[Entity, Procedure, Metrics]], width: float,
                  st: Styles, many: bool) -> Flowable:
    r = st.head_right
    rows: list[list[object]] = [[
        para(_("#"), r), para(_("Procedure"), st.head), para(_("Cases per year"), r),
        para(_("Cost to the resident per case"), r), para(_("Yearly cost to residents"), r),
        para(_("Business days"), r), para(_("Unit cost"), r)]]
    for rank, (entity, procedure, metrics) in enumerate(ranked[:RANKED], start=1):
        name = f"{procedure.code} {procedure.name}"
        if many:
            name += f" — {entity.name}"
        rows.append([para(str(rank), st.cell_right), para(name, st.cell),
                     para(number(metrics.yearly.cases), st.cell_right),
                     para(money(metrics.citizen.cost), st.cell_right),
                     para(money(metrics.yearly.citizen_cost), st.cell_right),
                     para(str(metrics.business_days), st.cell_right),
                     para(money(metrics.cost.unit_cost), st.cell_right)])
    share = (width - 22 - width * 0.38) / 5
    return data_table(rows, [22, width * 0.38, *[share] * 5])


def _detail(figures: EntityFigures, width: float, st: Styles, limit: int | None) -> list[Flowable]:
    rows_in = sorted(figures.rows, key=lambda row: row[2].yearly.citizen_cost, reverse=True)
    shown = rows_in if limit is None else rows_in[:limit]
    r = st.head_right
    rows: list[list[object]] = [[
        para(_("Procedure"), st.head), para(_("Cases"), r), para(_("Business days"), r),
        para(_("Unit cost"), r), para(_("Fee"), r), para(_("Resident per case"), r),
        para(_("Residents' hours per year"), r)]]
    for procedure, _version, metrics in shown:
        rows.append([para(f"{procedure.code} {procedure.name}", st.cell),
                     para(number(metrics.yearly.cases), st.cell_right),
                     para(str(metrics.business_days), st.cell_right),
                     para(money(metrics.cost.unit_cost), st.cell_right),
                     para(money(metrics.fee), st.cell_right),
                     para(money(metrics.citizen.cost), st.cell_right),
                     para(number(metrics.yearly.citizen_hours), st.cell_right)])
    share = width * 0.6 / 6
    table = data_table(rows, [width * 0.4, *[share] * 6])
    title = heading(figures.entity.name, st.h2)
    story: list[Flowable] = ([KeepTogether([title, table])] if len(rows) <= 20
                             else [CondPageBreak(120), title, table])
    if len(shown) < len(rows_in):
        story.append(para(_("The {shown} procedures with the highest yearly cost to residents "
                            "of {total}.").format(shown=len(shown), total=len(rows_in)),
                          st.note))
    return story


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
                  [_("{entities} municipalities · {procedures} procedures").format(
                      entities=len(data.entities), procedures=total_procedures)]),
        NextPageTemplate(PORTRAIT), PageBreak(), Running(data.scope),
        heading(_("Summary"), st.h1),
        fact_boxes([(_("Municipalities"), number(len(data.entities))),
                    (_("Procedures measured"), number(total_procedures)),
                    (_("Yearly cost to the municipalities"), money(yearly)),
                    (_("Residents' hours per year"), number(hours))], width, st),
        spacer(6),
        KeepTogether([heading(_("Per municipality"), st.h1), _entity_table(data, width, st)]),
    ]
    by_hours = sorted(data.entities, key=lambda f: f.citizen_hours, reverse=True)[:15]
    story.append(ranked_bars(_("Residents' hours per year, by municipality"),
                             [f.entity.name for f in by_hours],
                             [float(f.citizen_hours) for f in by_hours],
                             [number(f.citizen_hours) for f in by_hours], width))
    ranked = _ranked(data)
    story += [PageBreak(), heading(_("Which procedures to simplify first"), st.h1),
              para(_("Ranked by yearly demand × burden on the resident (cases per year × "
                     "cost to the resident per case, time and money)."), st.body),
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
    )
    doc = ReportDocument(target, meta, first=COVER)
    doc.build_story(portfolio_story(data, styles(0.9), progress))
    return doc.page_count
