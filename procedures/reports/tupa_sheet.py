"""The TUPA per-procedure sheet of the format in force (R.S.G.P. 005-2018-PCM-SGP).

Since 2018 a TUPA is not a table but one sheet per procedure with eleven fields, in
the order and under the headings of the norm: name and description, requirements
(general and specific, each with its legal basis) and forms, channels, fee and how to
pay, calificación, term, offices and hours, where it is filed and who resolves,
questions, appeals (authority and terms of each instance), legal basis. The older
tabular format stays as the TUPA's index (tupa.py).
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Paragraph

from models.codes import PlazoUnit, RequirementKind
from procedures.i18n import _
from procedures.metrics import Metrics
from procedures.reports.asme_table import unit_names
from procedures.reports.blocks import data_table, esc, markup, para
from procedures.reports.styles import Styles
from procedures.rules import compliance
from procedures.rules.scenario import calificacion_of, requirements_of
from procedures.snapshots import Entity, Procedure, Version
from procedures.tupa_fields import (
    APPEAL_ANSWER_DAYS,
    APPEAL_FILING_DAYS,
    NORM,
    fee_text,
    requirement_group,
    term_text,
)
from procedures.vocabulary import explanation, label


def norm_note() -> str:
    """The line that names the format's norm."""
    return _("Format approved by {norm} (lineamientos y formatos del TUPA).").format(norm=NORM)


def _requirements(procedure: Procedure, version: Version, st: Styles) -> list[Flowable]:
    """One paragraph per requirement: the table splits between them, never inside one."""
    groups = {kind: [req for req in requirements_of(procedure, version) if req.kind is kind]
              for kind in (RequirementKind.GENERAL, RequirementKind.ESPECIFICO)}
    lines: list[str] = []
    for kind, reqs in groups.items():
        if not reqs:
            continue
        lines.append(f"<b>{esc(requirement_group(kind))}</b>")
        for index, req in enumerate(reqs, start=1):
            basis = (f" <font color='#5F6368'>({esc(_('legal basis'))}: "
                     f"{esc(req.legal_basis)})</font>" if req.legal_basis else "")
            lines.append(f"{index}. {esc(req.name)}{basis}")
    return [markup(line, st.cell) for line in lines] or [para(_("No requirements."), st.cell)]


def _appeals(procedure: Procedure, st: Styles, width: float) -> Flowable:
    filing = compliance.term_text(APPEAL_FILING_DAYS, PlazoUnit.HABILES)
    answer = compliance.term_text(APPEAL_ANSWER_DAYS, PlazoUnit.HABILES)
    rows: list[list[object]] = [
        ["", para(_("Reconsideración"), st.head), para(_("Apelación"), st.head)],
        [para(_("Competent authority"), st.cell_bold),
         para(procedure.reconsideration_authority or "—", st.cell),
         para(procedure.appeal_authority or "—", st.cell)],
        [para(_("Maximum term to file"), st.cell_bold), para(filing, st.cell),
         para(filing, st.cell)],
        [para(_("Maximum term to answer"), st.cell_bold), para(answer, st.cell),
         para(answer, st.cell)],
    ]
    return data_table(rows, [width * 0.3, width * 0.35, width * 0.35], zebra=False,
                      repeat=False)


def sheet_story(procedure: Procedure, version: Version, metrics: Metrics, entity: Entity,
                st: Styles, width: float) -> list[Flowable]:
    """One procedure's sheet: the norm's eleven fields, numbered, under its headings."""
    units = unit_names(entity)
    kind = calificacion_of(procedure, version)
    offices = " · ".join(part for part in (entity.address, entity.office_hours) if part)
    contact = " · ".join(part for part in (procedure.contact, entity.phone, entity.email)
                         if part)
    inner = width * 0.72 - 6
    fields: list[tuple[str, Flowable | str | list[Flowable]]] = [
        (_("Name of the procedure (denominación)"), procedure.name),
        (_("Description of the procedure"), procedure.description or "—"),
        (_("Requirements"), _requirements(procedure, version, st)),
        (_("Forms (formularios)"), "—"),
        (_("Service channels"), procedure.channels or "—"),
        (_("Fee (derecho de tramitación)"), fee_text(metrics)),
        (_("Ways to pay (modalidades de pago)"), "—"),
        (_("Approval (calificación)"),
         f"{label(kind)}. {explanation(kind)}"),
        (_("Term to answer (plazo de atención)"), term_text(procedure, version)),
        (_("Offices and hours (sedes y horarios de atención)"), offices or "—"),
        (_("Office where it is filed"),
         units.get(procedure.filed_at or "", procedure.filed_at or "—")),
        (_("Office that resolves it"),
         units.get(procedure.approved_by or "", procedure.approved_by or "—")),
        (_("Questions about the procedure (consulta)"), contact or "—"),
        (_("Appeals (instancias de resolución de recursos)"),
         _appeals(procedure, st, inner)),
        (_("Legal basis"), procedure.legal_basis or "—"),
    ]
    rows: list[list[object]] = []
    for number_, (title, value) in enumerate(fields, start=1):
        cells = value if isinstance(value, list) else [value]
        for index, cell in enumerate(cells):
            shown = cell if isinstance(cell, Flowable) else para(cell, st.cell)
            rows.append([para(f"{number_}. {title}", st.cell_bold) if index == 0 else "", shown])
    title = f"{procedure.code} · {procedure.name}"
    return [
        PageBreak(),
        Paragraph(esc(title), st.h1),
        markup(esc(norm_note()), st.note),
        data_table(rows, [width * 0.28, width * 0.72], header_rows=0, zebra=True),
    ]
