"""The TUPA's words as plain text: the index columns and the per-procedure sheet's fields
of the format in force (R.S.G.P. 005-2018-PCM-SGP), for the workbook."""

from __future__ import annotations

from models.codes import PlazoUnit, RequirementKind
from procedures.formatting import money, number
from procedures.i18n import _
from procedures.metrics import Metrics
from procedures.rules import compliance
from procedures.rules.scenario import calificacion_of, plazo_of, requirements_of
from procedures.snapshots import Entity, Procedure, Version
from procedures.vocabulary import explanation, label

#: The norm that approved the format, cited on every sheet and on the index.
NORM = "R.S.G.P. N.° 005-2018-PCM-SGP"
#: Terms of the appeals (TUO de la Ley 27444, art. 218): to file, and to resolve.
APPEAL_FILING_DAYS = 15
APPEAL_ANSWER_DAYS = 30



def requirement_group(kind: RequirementKind) -> str:
    """The heading of a group of requirements ("Requirements: General")."""
    return _("Requirements: {kind}").format(kind=label(kind))


def fee_text(metrics: Metrics) -> str:
    if metrics.fee <= 0:
        return _("Free (gratuito)")
    text = money(metrics.fee)
    if metrics.fee_pct_uit is not None:
        text += " · " + _("{pct} % UIT").format(pct=number(metrics.fee_pct_uit, 2))
    return text


def term_text(procedure: Procedure, version: Version) -> str:
    plazo, unit = plazo_of(procedure, version)
    if plazo is None:
        return "—"
    return compliance.term_text(plazo, unit)


def _unit(entity: Entity, code: str | None) -> str:
    return next((unit.name for unit in entity.units if unit.code == code), code or "—")


def index_headers() -> list[str]:
    return [_("No."), _("Code"), _("Name of the procedure and legal basis"), _("Requirements"),
            _("Fee (derecho de tramitación)"), _("% UIT"), _("Approval (calificación)"),
            _("Term"), _("Where it starts"), _("Competent authority"), _("Reconsideración"),
            _("Apelación")]


def index_row(number_: int, procedure: Procedure, version: Version, metrics: Metrics,
              entity: Entity) -> list[object]:
    requirements = "\n".join(f"{index}. {req.name}" for index, req in
                             enumerate(requirements_of(procedure, version), start=1))
    name = procedure.name + (f"\n{procedure.legal_basis}" if procedure.legal_basis else "")
    return [number_, procedure.code, name, requirements or _("No requirements."),
            float(metrics.fee), (float(metrics.fee_pct_uit) if metrics.fee > 0 and
                                 metrics.fee_pct_uit is not None else None),
            label(calificacion_of(procedure, version)), term_text(procedure, version),
            _unit(entity, procedure.filed_at), _unit(entity, procedure.approved_by),
            procedure.reconsideration_authority or "—", procedure.appeal_authority or "—"]


def sheet_fields(procedure: Procedure, version: Version, metrics: Metrics,
                 entity: Entity) -> list[tuple[str, list[str]]]:
    """The sheet's fields in the norm's order: (heading, lines)."""
    kind = calificacion_of(procedure, version)
    requirements: list[str] = []
    for group in (RequirementKind.GENERAL, RequirementKind.ESPECIFICO):
        title = requirement_group(group)
        reqs = [req for req in requirements_of(procedure, version) if req.kind is group]
        if reqs:
            requirements.append(title)
            requirements += [f"{index}. {req.name}" + (
                f" ({_('legal basis')}: {req.legal_basis})" if req.legal_basis else "")
                for index, req in enumerate(reqs, start=1)]
    filing = compliance.term_text(APPEAL_FILING_DAYS, PlazoUnit.HABILES)
    answer = compliance.term_text(APPEAL_ANSWER_DAYS, PlazoUnit.HABILES)
    offices = " · ".join(part for part in (entity.address, entity.office_hours) if part)
    contact = " · ".join(part for part in (procedure.contact, entity.phone, entity.email)
                         if part)
    return [
        (_("Name of the procedure (denominación)"), [procedure.name]),
        (_("Description of the procedure"), [procedure.description or "—"]),
        (_("Requirements"), requirements or [_("No requirements.")]),
        (_("Forms (formularios)"), ["—"]),
        (_("Service channels"), [procedure.channels or "—"]),
        (_("Fee (derecho de tramitación)"), [fee_text(metrics)]),
        (_("Ways to pay (modalidades de pago)"), ["—"]),
        (_("Approval (calificación)"), [f"{label(kind)}. {explanation(kind)}"]),
        (_("Term to answer (plazo de atención)"), [term_text(procedure, version)]),
        (_("Offices and hours (sedes y horarios de atención)"), [offices or "—"]),
        (_("Office where it is filed"), [_unit(entity, procedure.filed_at)]),
        (_("Office that resolves it"), [_unit(entity, procedure.approved_by)]),
        (_("Questions about the procedure (consulta)"), [contact or "—"]),
        (_("Appeals (instancias de resolución de recursos)"), [
            f"{_('Reconsideración')}: {_('Competent authority')}: "
            f"{procedure.reconsideration_authority or '—'} · {_('Maximum term to file')}: "
            f"{filing} · {_('Maximum term to answer')}: {answer}",
            f"{_('Apelación')}: {_('Competent authority')}: "
            f"{procedure.appeal_authority or '—'} · {_('Maximum term to file')}: "
            f"{filing} · {_('Maximum term to answer')}: {answer}"]),
        (_("Legal basis"), [procedure.legal_basis or "—"]),
    ]
