"""The TUPA: the tabular index of the municipality's procedures, then one sheet per
procedure in the format in force (tupa_sheet.py, R.S.G.P. 005-2018-PCM-SGP).

A4 landscape with the columns of the municipal TUPA format (N.°, name and legal basis,
requirements, fee in % UIT and S/, calificación, plazo, where the procedure starts, the
competent authority, reconsideration and appeal). Headers repeat on every page and a
row is never cut; only a row taller than a whole page is continued, between two
requirements, in a row marked "(continued)".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO

from reportlab.platypus import Flowable, Paragraph

from models.codes import Calificacion, PlazoUnit
from procedures.formatting import money, number
from procedures.i18n import _, ngettext
from procedures.metrics import Metrics
from procedures.reports.asme_table import unit_names
from procedures.reports.blocks import data_table, esc, fitted_width, markup, para
from procedures.reports.document import LANDSCAPE, ReportDocument, ReportMeta
from procedures.reports.styles import RULE, Styles, styles
from procedures.reports.tupa_sheet import norm_note, sheet_story
from procedures.rules.scenario import calificacion_of, plazo_of, requirements_of
from procedures.snapshots import Entity, Procedure, Version
from procedures.vocabulary import label

HEADER_ROWS = 2


@dataclass(frozen=True, slots=True)
class TupaRow:
    procedure: Procedure
    version: Version
    metrics: Metrics


@dataclass(frozen=True, slots=True)
class TupaData:
    entity: Entity
    rows: tuple[TupaRow, ...]
    uit: Decimal | None
    printed_on: date


def _widths(width: float, fees: Sequence[str], pcts: Sequence[str],
            st: Styles) -> list[float]:
    """The official columns by share; the fee columns as wide as their widest amount.

    A fee of S/ 1,234.50 must not wrap after "1,234.5", nor 181.80 % UIT after "181.";
    the requirements give up the room.
    """
    shares = [0.025, 0.19, 0.187, 0.04, 0.048, 0.032, 0.032, 0.032, 0.04, 0.09, 0.09, 0.097,
              0.097]
    widths = [width * share for share in shares]
    fee_width = max(widths[4], fitted_width(fees, st.cell_right))
    widths[2] -= fee_width - widths[4]
    widths[4] = fee_width
    pct_width = max(widths[3], fitted_width(pcts, st.cell_right))
    widths[2] -= pct_width - widths[3]
    widths[3] = pct_width
    # Narrow headers never break inside a word ("Reconsideració/n", "N./°").
    for column, header, style in ((0, _("No."), st.head), (11, _("Reconsideración"),
                                  st.head_center), (12, _("Apelación"), st.head_center)):
        needed = fitted_width([header], style, words=True)
        if needed > widths[column]:
            widths[2] -= needed - widths[column]
            widths[column] = needed
    return widths


def _pct(metrics: Metrics) -> str:
    if metrics.fee <= 0 or metrics.fee_pct_uit is None:
        return "—"
    return number(metrics.fee_pct_uit, 2)


def _fee(metrics: Metrics) -> str:
    return money(metrics.fee, symbol=False) if metrics.fee > 0 else _("Free")


def _header(st: Styles) -> list[list[object]]:
    h, c = st.head, st.head_center
    return [
        [para(_("No."), h), para(_("Name of the procedure and legal basis"), h),
         para(_("Requirements"), h), para(_("Fee (derecho de tramitación)"), c), "",
         para(_("Approval (calificación)"), c), "", "", para(_("Term"), c),
         para(_("Where it starts"), h), para(_("Competent authority"), h),
         para(_("Appeals (instancias de resolución)"), c), ""],
        ["", "", "", para(_("% UIT"), c), para("S/", c), para(_("Aut."), c),
         para(_("Pos."), c), para(_("Neg."), c), "", "", "",
         para(_("Reconsideración"), c), para(_("Apelación"), c)],
    ]


def _spans() -> list[tuple]:
    return [
        *[("SPAN", (col, 0), (col, 1)) for col in (0, 1, 2, 8, 9, 10)],
        ("SPAN", (3, 0), (4, 0)), ("SPAN", (5, 0), (7, 0)), ("SPAN", (11, 0), (12, 0)),
        ("LINEBELOW", (3, 0), (7, 0), 0.4, RULE), ("LINEBELOW", (11, 0), (12, 0), 0.4, RULE),
    ]


def _requirement_chunks(texts: Sequence[str], width: float, limit: float,
                        st: Styles) -> list[list[str]]:
    """Requirements grouped so that each group's cell fits in `limit` points of height."""
    chunks: list[list[str]] = [[]]
    height = 0.0
    for text in texts:
        _w, h = Paragraph(text, st.cell).wrap(width - 6, 10_000)
        if chunks[-1] and height + h > limit:
            chunks.append([])
            height = 0.0
        chunks[-1].append(text)
        height += h
    return chunks


def _rows_of(number_: int, row: TupaRow, entity: Entity, st: Styles, widths: list[float],
             limit: float) -> list[list[object]]:
    procedure, version, metrics = row.procedure, row.version, row.metrics
    units = unit_names(entity)
    requirements = [
        f"{index}. {esc(req.name)}"
        for index, req in enumerate(requirements_of(procedure, version), start=1)
    ] or [esc(_("No requirements."))]
    chunks = _requirement_chunks(requirements, widths[2], limit, st)
    name = f"<b>{esc(procedure.code)}</b> {esc(procedure.name)}"
    if procedure.legal_basis:
        basis = esc(procedure.legal_basis)
        name += f"<br/><font size='{max(6.5, st.pt(6.5))}' color='#5F6368'>{basis}</font>"
    kind = calificacion_of(procedure, version)
    plazo, unit = plazo_of(procedure, version)
    if plazo is None:
        term = "—"
    elif unit is PlazoUnit.HABILES:
        term = str(plazo)
    else:
        term = f"{plazo} {label(unit)}"
    fee = _fee(metrics)
    ticks = [markup("✓", st.cell_center) if kind is option else ""
             for option in (Calificacion.AUTOMATICA, Calificacion.PREVIA_POSITIVO,
                            Calificacion.PREVIA_NEGATIVO)]
    first: list[object] = [
        para(str(number_), st.cell_right), markup(name, st.cell),
        markup("<br/>".join(chunks[0]), st.cell), para(_pct(metrics), st.cell_right),
        para(fee, st.cell_right), *ticks, para(term, st.cell_center),
        para(units.get(procedure.filed_at or "", procedure.filed_at or "—"), st.cell),
        para(units.get(procedure.approved_by or "", procedure.approved_by or "—"), st.cell),
        para(procedure.reconsideration_authority or "—", st.cell),
        para(procedure.appeal_authority or "—", st.cell),
    ]
    rows = [first]
    for chunk in chunks[1:]:
        rows.append(["", para(_("{code} (continued)").format(code=procedure.code), st.small),
                     markup("<br/>".join(chunk), st.cell), *[""] * 10])
    return rows


def tupa_story(data: TupaData, st: Styles, width: float, height: float) -> list[Flowable]:
    widths = _widths(width, [_fee(row.metrics) for row in data.rows],
                     [_pct(row.metrics) for row in data.rows], st)
    header = _header(st)
    header_height = 60.0
    limit = height - header_height - 90
    rows = list(header)
    for number_, row in enumerate(data.rows, start=1):
        rows += _rows_of(number_, row, data.entity, st, widths, limit)
    subtitle = ngettext("{count} procedure", "{count} procedures", len(data.rows)).format(
        count=len(data.rows))
    subtitle += " · " + _("Approval (calificación): Aut. = automatic approval; Pos. / Neg. = prior "
                          "evaluation with silencio positivo / negativo · Term in business "
                          "days unless stated")
    if data.uit:
        subtitle += " · " + _("UIT {year}: {amount}").format(
            year=data.entity.settings.year, amount=money(data.uit))
    story: list[Flowable] = [
        para(_("Texto Único de Procedimientos Administrativos (TUPA)"), st.title),
        para(subtitle, st.subtitle),
        para(_("Index of procedures (tabular format); the sheet of each procedure follows. "
               "{norm}").format(norm=norm_note()), st.note),
        data_table(rows, widths, header_rows=HEADER_ROWS, extra=[
            *_spans(), ("ALIGN", (5, 2), (7, -1), "CENTER"),
            ("LEFTPADDING", (5, 0), (7, -1), 1), ("RIGHTPADDING", (5, 0), (7, -1), 1)]),
    ]
    for row in data.rows:
        story += sheet_story(row.procedure, row.version, row.metrics, data.entity, st, width)
    return story


def build_tupa(target: BytesIO, data: TupaData) -> int:
    st = styles()
    meta = ReportMeta(
        title=_("TUPA of {entity}").format(entity=data.entity.name),
        author=data.entity.name,
        subject=_("Texto Único de Procedimientos Administrativos (TUPA)"),
        report_name=_("TUPA table"),
        keywords=("TUPA", data.entity.ubigeo),
        printed_on=data.printed_on,
        logo=data.entity.settings.logo,
    )
    doc = ReportDocument(target, meta, first=LANDSCAPE)
    width, height = doc.frame_size(LANDSCAPE)
    doc.build_story(tupa_story(data, st, width, height))
    return doc.page_count
