"""Ficha técnica: one version of a procedure as the simplification team documents it.

A4 landscape throughout (the ASME-VM table and the swimlanes need the width): TUPA
header and key figures, the Tabla ASME-VM, the swimlane flowchart, the seven cost
elements with their bases, the resident's burden and the engine's warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak

from models.codes import PlazoUnit
from procedures.flowchart import layout
from procedures.formatting import money, number, percent
from procedures.i18n import _
from procedures.metrics import Metrics
from procedures.reports.asme_table import asme_legend, asme_table, unit_key, unit_names
from procedures.reports.blocks import bullets, fact_boxes, heading, key_values, para, spacer
from procedures.reports.costs import (
    allocated_section,
    burden_table,
    elements_table,
    resources_table,
    staff_table,
)
from procedures.reports.document import LANDSCAPE, ReportDocument, ReportMeta
from procedures.reports.flowchart_pdf import flowchart_pages
from procedures.reports.styles import Styles, styles
from procedures.rules.compliance import term_text
from procedures.rules.scenario import calificacion_of, plazo_of
from procedures.snapshots import Entity, Procedure, Version
from procedures.vocabulary import citizen_label, figure_name, figure_value, label


@dataclass(frozen=True, slots=True)
class SheetData:
    entity: Entity
    procedure: Procedure
    version: Version
    metrics: Metrics
    printed_on: date


def tupa_rows(entity: Entity, procedure: Procedure, version: Version,
              metrics: Metrics) -> list[tuple[str, str]]:
    """The TUPA data of a version as label / value pairs (shared with the comparison)."""
    units = unit_names(entity)
    plazo, unit = plazo_of(procedure, version)
    fee = money(metrics.fee) if metrics.fee > 0 else _("Free")
    if metrics.fee_pct_uit is not None and metrics.fee > 0:
        fee += " ({} {})".format(percent(metrics.fee_pct_uit / 100, 2), _("of the UIT"))
    return [
        (_("Code"), procedure.code),
        (_("Kind"), label(procedure.kind)),
        (_("Approval (calificación)"), label(calificacion_of(procedure, version))),
        (_("Legal term"), term_text(plazo, unit) if plazo is not None else "—"),
        (_("Fee"), fee),
        (_("Cases per year"), number(procedure.annual_demand)),
        (_("Filed at"), units.get(procedure.filed_at or "", procedure.filed_at or "—")),
        (_("Resolved by"), units.get(procedure.approved_by or "",
                                     procedure.approved_by or "—")),
        (_("Version"), f"{version.name} — {label(version.kind)}"),
        (_("Legal basis"), procedure.legal_basis),
    ]


def key_facts(metrics: Metrics) -> list[tuple[str, str]]:
    return [
        (figure_name("cost.unit_cost"), figure_value("cost.unit_cost", metrics.cost.unit_cost)),
        (_("Lead time"), term_text(metrics.business_days, PlazoUnit.HABILES)),
        (figure_name("total_minutes"), figure_value("total_minutes", metrics.total_minutes)),
        (figure_name("staff_minutes"), figure_value("staff_minutes", metrics.staff_minutes)),
        (figure_name("va_share"), figure_value("va_share", metrics.va_share)),
        (figure_name("handoffs"), figure_value("handoffs", metrics.handoffs)),
        (figure_name("citizen.cost"), figure_value("citizen.cost", metrics.citizen.cost)),
    ]


def sheet_story(data: SheetData, st: Styles, width: float, height: float) -> list[Flowable]:
    entity, procedure, version, metrics = data.entity, data.procedure, data.version, data.metrics
    units = unit_names(entity)
    story: list[Flowable] = [
        para(_("Technical sheet"), st.small),
        para(procedure.name, st.title),
        spacer(4),
        fact_boxes(key_facts(metrics), width, st),
        spacer(8),
        key_values(tupa_rows(entity, procedure, version, metrics), width, st, 0.18),
        CondPageBreak(120),
        heading(_("Tabla ASME-VM"), st.h1),
        asme_legend(st),
        unit_key(entity, version.activities, st),
        spacer(4),
        asme_table(entity, version.activities, metrics, width, st),
    ]
    flow = layout(version.activities, units, citizen_label())
    if flow.lanes:
        story += [PageBreak(), *flowchart_pages(
            flow, version.activities, width, height,
            caption=_("Flowchart by unit (swimlanes)"),
            minutes_per_day=entity.settings.minutes_per_working_day)]
    story += [PageBreak(), heading(_("Cost per case (MCD, D.S. 064-2010-PCM)"), st.h1),
              elements_table(metrics, width, st)]
    details = [
        (_("Staff"), staff_table(metrics, width, st)),
        (_("Consumables and identifiable services"), resources_table(metrics, width, st)),
    ]
    for title, table in details:
        if table is not None:
            story += [KeepTogether([heading(title, st.h2), table])]
    story += allocated_section(metrics, units, width, st)
    story += [KeepTogether([heading(_("Burden on the resident and yearly totals"), st.h1),
                            burden_table(metrics, width, st)])]
    warnings = [warning.message for warning in metrics.warnings]
    story.append(heading(_("Warnings"), st.h1))
    if warnings:
        story += bullets(warnings, st)
    else:
        story.append(para(_("No warnings: the version meets every check."), st.body))
    return story


def build_sheet(target: BytesIO, data: SheetData) -> int:
    st = styles(1.0)
    meta = ReportMeta(
        title=_("Technical sheet: {name}").format(name=data.procedure.name),
        author=data.entity.name,
        subject=_("Tabla ASME-VM, flowchart, costs and burden of {code} ({version})").format(
            code=data.procedure.code, version=data.version.name),
        report_name=_("Technical sheet"),
        keywords=("TUPA", "ASME-VM", data.procedure.code),
        printed_on=data.printed_on,
        logo=data.entity.settings.logo,
    )
    doc = ReportDocument(target, meta, first=LANDSCAPE)
    doc.running = f"{data.procedure.code} · {data.version.name}"
    width, height = doc.frame_size(LANDSCAPE)
    doc.build_story(sheet_story(data, st, width, height))
    return doc.page_count
