"""Guía del trámite: one procedure explained to a resident, on one or two A4 pages.

Written for a reader with primary schooling: short sentences, the words of the office
counter, the money and the date spelled out. Every figure comes from the snapshots and
the engine (fee, legal term, the prohibited-requirement check); the only computation
here is the calendar date, through the entity's business-day calendar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from itertools import groupby

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable

from models.codes import Calificacion, PlazoUnit
from procedures.business_days import BusinessCalendar
from procedures.formatting import long_date, money, short_date
from procedures.i18n import _
from procedures.metrics import Metrics
from procedures.reports.blocks import (
    Boxed,
    CheckItem,
    Columns,
    KeepIfShort,
    bullets,
    esc,
    estimate_height,
    fact_boxes,
    key_values,
    markup,
    numbered,
    para,
    section,
    spacer,
)
from procedures.reports.document import PORTRAIT, Banner, ReportDocument, ReportMeta
from procedures.reports.stamps import Stamps
from procedures.reports.styles import Styles, styles
from procedures.rules.compliance import WarningCode, term_text
from procedures.rules.legal import legal_reference
from procedures.rules.prohibited import prohibited_rule
from procedures.rules.scenario import calificacion_of, plazo_of, requirements_of
from procedures.snapshots import Entity, Procedure, Version
from procedures.vocabulary import label

LARGE_PRINT_SCALE = 1.7
QR_SIZE = 62.0


@dataclass(frozen=True, slots=True)
class GuideData:
    """One procedure as a resident sees it: the version in force and its measurements."""

    entity: Entity
    procedure: Procedure
    version: Version
    metrics: Metrics
    filed_on: date  # the print date: the worked example of the deadline names it
    in_force: bool = True


class QrMark(Flowable):
    """The entity's web address as a QR code, drawn once per PDF and reused (a form)."""

    def __init__(self, url: str, size: float = QR_SIZE) -> None:
        super().__init__()
        self.url = url
        self.size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        name = "tc_qr_" + str(abs(hash(self.url)))
        canvas = self.canv
        if not canvas.hasForm(name):
            canvas.beginForm(name, 0, 0, self.size, self.size)
            _draw_qr(canvas, self.url, self.size)
            canvas.endForm()
        canvas.doForm(name)


def _draw_qr(canvas: Canvas, url: str, size: float, border: int = 2) -> None:
    """The QR modules as filled runs (renderPDF would bring in Helvetica, unembedded)."""
    code = QrCodeWidget(url, barLevel="M").qr  # type: ignore[attr-defined]  # not in the stubs
    code.make()
    count = code.getModuleCount()
    module = size / (count + 2 * border)
    canvas.setFillColor(colors.black)
    for row, cells in enumerate(code.modules):
        column = 0
        for dark, run in groupby(bool(cell) for cell in cells):
            length = len(list(run))
            if dark:
                canvas.rect((column + border) * module, size - (row + border + 1) * module,
                            length * module, module * 1.02, stroke=0, fill=1)
            column += length


def due_date(data: GuideData) -> date | None:
    """Last day of the legal term for a filing on `data.filed_on` (None without a term)."""
    plazo, unit = plazo_of(data.procedure, data.version)
    if plazo is None:
        return None
    calendar = BusinessCalendar.for_entity(data.entity)
    return calendar.due_date(data.filed_on, plazo, unit)


def guide_story(data: GuideData, st: Styles, width: float,
                stamps: Stamps | None = None, *, keep_tail: bool = False) -> list[Flowable]:
    """The guide's flowables (the booklet stacks many of these).

    The booklet passes its `Stamps`: the words every guide repeats are then laid out
    and drawn once for the whole book. With `keep_tail` the appeals, the contacts and
    the legal basis move to a new page together rather than leave the contacts alone.
    """
    fixed = stamps or Stamps(enabled=False)
    story: list[Flowable] = [Banner("" if data.in_force else not_in_force_mark()),
                             *_title_block(data, st, width, fixed)]
    if not data.in_force:
        story.append(Boxed([markup("<b>{}</b> {}".format(esc(not_in_force_mark()), esc(_(
            "This guide describes a proposal that is not in force: the requirements, the "
            "fee and the terms in force may be different. Ask at the office before you "
            "go."))), st.body)]))
    story.append(spacer(st.pt(6)))
    facts = _facts(data)
    # The legal term and its due date are the TUPA's few standard terms; the fee is the
    # procedure's own.
    story.append(fact_boxes(facts, width, st, fixed, [label for label, _v in facts[1:]]))
    story.append(spacer(st.pt(4)))
    story.append(fixed.para(_calificacion_sentence(data), st.body))
    procedure = data.procedure

    def add(title: str, body: list[Flowable], keep: bool = False) -> None:
        story.extend(section(title, body, st, keep=keep, width=width, stamps=fixed))

    if procedure.description:
        add(_("What is it for?"), [para(procedure.description, st.body)])
    if procedure.who_may_apply:
        add(_("Who may ask for it?"), [para(procedure.who_may_apply, st.body)])
    add(_("What you must bring"), _checklist(data, st, fixed))
    add(_("Where and when"), [_where(data, st, width, fixed)])
    add(_("How long it takes"), _how_long(data, st, fixed))
    add(_("Your steps, in order"), numbered(_steps(data), st), keep=True)
    add(_("What the municipality may NOT ask you for"), _not_allowed(data, st, fixed),
        keep=True)
    appeals = _appeals(data, st, fixed)
    closing = section(_("Questions"), [_contact(data, st, width, fixed)], st, width=width,
                      stamps=fixed)[1:]  # its own page break is the one below
    if data.procedure.legal_basis:
        closing.append(spacer(st.pt(4)))
        closing.append(markup("<b>{}</b> {}".format(esc(_("Legal basis:")),
                                                    esc(data.procedure.legal_basis)), st.small))
    # The contacts never end a guide alone on a page: the last appeal goes with them.
    closing = [appeals[-1], *closing]
    tail = [*section(_("If you do not agree with the answer"), appeals[:-1] or closing[:1],
                     st, width=width, stamps=fixed),
            CondPageBreak(sum(estimate_height(item, width) for item in closing)),
            *(closing if appeals[:-1] else closing[1:])]
    if keep_tail:
        story.append(_kept_together(tail, width))
    return story + tail


def _kept_together(flowables: list[Flowable], width: float) -> Flowable:
    """A page break before `flowables` unless they all fit (a short page-end block)."""
    heights = [estimate_height(item, width) for item in flowables
               if not isinstance(item, CondPageBreak)]
    return KeepIfShort(sum(heights), heights[0] if heights else 0.0)


# -- blocks ---------------------------------------------------------------------------
def _title_block(data: GuideData, st: Styles, width: float,
                 fixed: Stamps) -> list[Flowable]:
    kind = label(data.procedure.kind)
    lines: list[Flowable] = [
        para(data.procedure.name, st.title),
        para(_("{kind} · TUPA code {code}").format(kind=kind, code=data.procedure.code),
             st.subtitle),
    ]
    url = data.entity.reference_url
    if not url:
        return lines
    size = QR_SIZE * min(st.scale, 1.2)
    shown = url.split("://", 1)[-1].removeprefix("www.")
    qr_cell = [QrMark(url, size), fixed.para(esc(_("More information")), st.tiny),
               fixed.para(esc(shown), st.tiny)]
    return [Columns([lines, qr_cell], [width - size - 12, size], gap=12)]


def not_in_force_mark() -> str:
    """'PROPUESTA — no vigente': on every page of a guide of a version not in force."""
    return _("PROPOSAL — not in force")


def _automatic(data: GuideData) -> bool:
    return calificacion_of(data.procedure, data.version) is Calificacion.AUTOMATICA


def _facts(data: GuideData) -> list[tuple[str, str]]:
    fee = data.metrics.fee
    plazo, unit = plazo_of(data.procedure, data.version)
    facts = [(_("How much it costs"), money(fee) if fee > 0 else _("Free"))]
    if _automatic(data):
        # Approved on filing: the term is the time to hand over the document, never a
        # wait for an answer.
        facts.append((_("Approved"), _("when you file it complete")))
        if plazo is not None:
            facts.append((_("Document ready within"), term_text(plazo, unit)))
        return facts
    if plazo is not None:
        facts.append((_("Longest time to answer"), term_text(plazo, unit)))
        due = due_date(data)
        if due is not None:
            # The example names its own date (the print date), so it never goes stale.
            facts.append((_("Filed on {date}, answer by").format(
                date=short_date(data.filed_on)), short_date(due)))
    return facts


def _calificacion_sentence(data: GuideData) -> str:
    kind = calificacion_of(data.procedure, data.version)
    if kind is Calificacion.AUTOMATICA:
        text = _("<b>Automatic approval:</b> when you hand in every requirement, your request "
                 "is approved at once. The municipality checks the documents afterwards.")
    elif kind is Calificacion.PREVIA_POSITIVO:
        text = _("<b>Silencio positivo:</b> if the municipality does not answer in time, your "
                 "request counts as approved. Keep your copy with the stamp and the date.")
    else:
        text = _("<b>Silencio negativo:</b> if the municipality does not answer in time, you "
                 "may take it as a no and appeal (see below).")
    return text


def _checklist(data: GuideData, st: Styles, fixed: Stamps) -> list[Flowable]:
    """What to bring: the lawful requirements only. Those the law forbids are not on
    the list (the resident need not bring them: see "may NOT ask you for")."""
    requirements = requirements_of(data.procedure, data.version)
    if not requirements:
        # Nothing entered is not "nothing needed": the resident is sent to ask.
        return [fixed.para(esc(_("The requirements are not listed in this guide yet. Ask "
                                 "at {office} what to bring before you go.").format(
            office=_unit_name(data.entity, data.procedure.filed_at)
            or _("the municipality"))), st.body)]
    lawful = [r for r in requirements if prohibited_rule(r.name) is None]
    if not lawful:
        return [fixed.para(esc(_("You only fill in the request at the office: every other "
                                 "document on the municipality's list is one the law "
                                 "says it may not ask for (see below).")), st.body)]
    box = st.pt(9)
    items: list[Flowable] = []
    for requirement in lawful:
        text = esc(requirement.name)
        if requirement.cost > 0:
            text += " <font color='#5F6368'>({})</font>".format(esc(
                _("costs you about {amount}").format(amount=money(requirement.cost))))
        items.append(CheckItem(text, st.body, box))
    return items


def _unit_name(entity: Entity, code: str | None) -> str:
    if code is None:
        return ""
    return next((unit.name for unit in entity.units if unit.code == code), code)


def _where(data: GuideData, st: Styles, width: float, fixed: Stamps) -> Flowable:
    entity = data.entity
    rows = [
        (_("Where you file it"), _unit_name(entity, data.procedure.filed_at)),
        (_("Address"), entity.address or entity.name),
        (_("Office hours"), entity.office_hours),
        (_("Other ways to file"), data.procedure.channels),
    ]
    # The office, address, hours and channels are the municipality's, shared by the
    # procedures filed at the same office.
    return key_values(rows, width, st, stamps=fixed)


def _how_long(data: GuideData, st: Styles, fixed: Stamps) -> list[Flowable]:
    plazo, unit = plazo_of(data.procedure, data.version)
    automatic = _automatic(data)
    if plazo is None:
        if automatic:
            return [fixed.para(esc(_("Your request is approved when you file it with every "
                                     "requirement.")), st.body)]
        return [fixed.para(esc(_("The TUPA sets no term for this procedure.")), st.body)]
    if automatic:
        parts = [_("Your request is approved when you file it with every requirement. The "
                   "municipality has up to <b>{term}</b> to hand you the document.").format(
            term=esc(term_text(plazo, unit)))]
    else:
        parts = [_("The municipality has up to <b>{term}</b> to answer.").format(
            term=esc(term_text(plazo, unit)))]
    due = due_date(data)
    if due is not None and not automatic:
        # A worked example with its own date: the guide may be read weeks after printing.
        parts.append(_("For example, a request filed on {day}, the day this guide was "
                       "printed, is due by <b>{due}</b> at the latest.").format(
            day=esc(long_date(data.filed_on)), due=esc(long_date(due))))
    if unit is PlazoUnit.HABILES:
        parts.append(_("Business days do not include Saturdays, Sundays, holidays or the "
                       "municipality's days off. Counting starts the day after you file."))
    # Stamped: a TUPA uses a handful of standard terms, so every procedure with the same
    # term says exactly the same.
    return [fixed.para(" ".join(parts), st.body)]


_NUMBERED = re.compile(r"(?:^|\s)\d{1,2}[.)]\s+")


def _steps(data: GuideData) -> list[str]:
    """The resident's own steps: citizen-lane activities, else the TUPA's steps text."""
    steps = []
    for activity in data.version.activities:
        if activity.unit is not None:
            continue
        text = esc(activity.description)
        notes = []
        if activity.in_person:
            notes.append(_("in person"))
        if activity.probability < 1:
            notes.append(_("only in some cases"))
        if notes:
            text += " <font color='#5F6368'>({})</font>".format(esc(", ".join(notes)))
        steps.append(text)
    if steps:
        return steps
    note = data.procedure.steps_note.strip()
    if note:
        parts = [part.strip() for part in _NUMBERED.split(note) if part.strip()]
        return [esc(part) for part in parts]
    unit = _unit_name(data.entity, data.procedure.filed_at) or _("the municipality")
    return [esc(text) for text in (
        _("Get every requirement of the list above ready."),
        _("Pay the fee, if there is one, at the municipality's cash desk."),
        _("Hand in your request and the requirements at {unit}. Ask for your copy with the "
          "stamp.").format(unit=unit),
        _("Wait for the answer within the term, or come back on the date they give you."),
    )]


def _not_allowed(data: GuideData, st: Styles, fixed: Stamps) -> list[Flowable]:
    generic = [
        _("Documents the municipality itself issued or already has."),
        _("Information other public offices hold: your identity (RENIEC), property records "
          "(SUNARP), tax data (SUNAT)."),
        _("A copy of your DNI: showing it or writing its number is enough."),
        _("Certified or notarised copies: a simple copy with a sworn statement "
          "(declaración jurada) is enough."),
        _("Police, criminal or court record certificates."),
        _("More than one copy of the same document."),
        _("Receipts of payments you already made to the municipality: the receipt number "
          "and date are enough."),
    ]
    flowables = fixed.stack(bullets(generic, st, stamps=fixed))
    flagged = []
    for requirement in requirements_of(data.procedure, data.version):
        rule = prohibited_rule(requirement.name)
        if rule is not None:
            flagged.append("<b>“{}”</b>: {}".format(esc(requirement.name), esc(
                _("you need not bring it. By law, {expectation} ({law})").format(
                    expectation=_(rule.expectation), law=legal_reference(rule.law)))))
    if flagged:
        note = [fixed.para("<b>{}</b>".format(esc(_(
                    "The municipality's list also names these; you need not bring them:"))),
                           st.body),
                *bullets(flagged, st, trusted=True),
                para(complaint_text(data), st.body)]
        flowables += [spacer(st.pt(3)), Boxed(note)]
    return flowables


def complaint_text(data: GuideData) -> str:
    """Where a resident turns when asked for what the law forbids (the norms cited)."""
    office = _unit_name(data.entity, data.procedure.filed_at) or _("the municipality")
    return _("If they ask you for one of them, you may file a complaint (queja) at {office} "
             "({complaint}), or report it to Indecopi, which removes bureaucratic barriers "
             "({barriers}).").format(office=office, complaint=legal_reference("complaint"),
                                     barriers=legal_reference("barriers"))


def clerk_warnings(data: GuideData) -> list[str]:
    """What the clerk must know before printing this guide for residents: the legal
    warnings of the version that a resident would read as settled, and what the guide
    lacks. Shown first in the window and as `advertencia:` lines by the command line."""
    found: list[str] = []
    if not data.in_force:
        found.append(_("{version} is not in force: every page of the guide is marked “{mark}”."
                       ).format(version=data.version.name, mark=not_in_force_mark()))
    shown = {WarningCode.FEE_ABOVE_COST, WarningCode.FEE_ABOVE_UIT, WarningCode.OVER_LEGAL_TERM,
             WarningCode.TERM_ABOVE_LEGAL_MAX, WarningCode.PROHIBITED_REQUIREMENT}
    found += [w.message for w in data.metrics.warnings if w.code in shown]
    if not requirements_of(data.procedure, data.version):
        found.append(_("No requirements are entered: the guide tells residents to ask at the "
                       "office what to bring."))
    entity = data.entity
    if not entity.address:
        found.append(_("The municipality has no address entered: the guide shows only its "
                       "name under “Address”."))
    if not any((data.procedure.contact, entity.phone, entity.email, entity.website,
                entity.reference_url)):
        found.append(_("No contact (office, telephone, e-mail or website) is entered: the "
                       "guide cannot say whom to ask."))
    return found


def _appeals(data: GuideData, st: Styles, fixed: Stamps) -> list[Flowable]:
    procedure = data.procedure
    reconsideration = procedure.reconsideration_authority or _("the office that decided")
    appeal = procedure.appeal_authority or _("the superior of the office that decided")
    items = [
        _("<b>Reconsideración</b>: ask the same office to look at it again, bringing new "
          "evidence. It is resolved by: {who}.").format(who=esc(reconsideration)),
        _("<b>Apelación</b>: ask the higher authority to review it. It is resolved by: "
          "{who}.").format(who=esc(appeal)),
        _("You have <b>15 business days</b> from the day after they notify you to file either "
          "one, in writing, at {unit}. The municipality must resolve it within <b>30 business "
          "days</b>.").format(unit=esc(_unit_name(data.entity, procedure.filed_at)
                                       or _("the municipality"))),
    ]
    # Stamped: the authorities and the office are the municipality's few offices, named
    # the same in every procedure they resolve (one by one: a stack would be shared
    # only by procedures with the very same three).
    return bullets(items, st, trusted=True, stamps=fixed)


def _contact(data: GuideData, st: Styles, width: float, fixed: Stamps) -> Flowable:
    entity = data.entity
    rows = [
        (_("Office in charge"), data.procedure.contact),
        (_("Telephone"), entity.phone),
        (_("E-mail"), entity.email),
        (_("Website"), entity.website or entity.reference_url),
    ]
    if not any(value for _label, value in rows):
        rows.append((_("Ask at"), entity.address or entity.name))
    return key_values(rows, width, st, stamps=fixed)  # the office's contact, the entity's


# -- document ---------------------------------------------------------------------------
def guide_meta(data: GuideData, printed_on: date) -> ReportMeta:
    return ReportMeta(
        title=_("Guide: {name}").format(name=data.procedure.name),
        author=data.entity.name,
        subject=_("Guide for residents of the procedure {code}").format(
            code=data.procedure.code),
        report_name=_("Guide for residents"),
        keywords=("TUPA", data.procedure.code, data.entity.ubigeo),
        printed_on=printed_on,
        logo=data.entity.settings.logo,
    )


#: A last page filled less than this is "a few lines": the guide is laid out again.
SPARE_LAST_PAGE = 0.25


@dataclass(frozen=True, slots=True)
class _Layout:
    pdf: bytes
    pages: int
    last_fill: float

    @property
    def spare_last_page(self) -> bool:
        return self.pages > 1 and self.last_fill < SPARE_LAST_PAGE


def _lay_out(data: GuideData, st: Styles, *, keep_tail: bool = False) -> _Layout:
    buffer = BytesIO()
    doc = ReportDocument(buffer, guide_meta(data, data.filed_on), first=PORTRAIT)
    width, _height = doc.frame_size(PORTRAIT)
    doc.running = data.procedure.code
    doc.build_story(guide_story(data, st, width, keep_tail=keep_tail))
    return _Layout(buffer.getvalue(), doc.page_count, doc.last_page_fill)


def build_guide(target: BytesIO, data: GuideData, *, large_print: bool = False) -> int:
    """Write the guide PDF into `target`; returns the page count.

    A guide whose last page would hold only a few lines (the contacts of a guide that
    almost fits one page) is set again: first with tighter spacing, which usually
    brings it back to one page fewer; else with its closing sections moved together,
    so that the last page is not nearly empty.
    """
    scale = LARGE_PRINT_SCALE if large_print else 1.0
    chosen = _lay_out(data, styles(scale))
    if chosen.spare_last_page:
        compact = _lay_out(data, styles(scale, compact=True))
        if compact.pages < chosen.pages and not compact.spare_last_page:
            chosen = compact
        else:
            kept = _lay_out(data, styles(scale), keep_tail=True)
            if kept.pages == chosen.pages:
                chosen = kept
    target.write(chosen.pdf)
    return chosen.pages


__all__ = ["GuideData", "build_guide", "clerk_warnings", "due_date", "guide_meta",
           "guide_story", "not_in_force_mark"]
