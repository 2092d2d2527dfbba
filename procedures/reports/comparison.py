"""Comparison: the current (as-is) version against a proposal (to-be), for a decision.

Everything shown is the engine's `Comparison`: both sides of every figure, the change
and its percentage, the activity differences matched by identity, the yearly savings.
The proposal's diagram marks added and changed activities; the current diagram marks
the removed ones, so nothing that disappears goes unseen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Table,
)

from procedures.change_text import (
    Line,
    requirement_lines,
    step_lines,
    step_summary,
    warning_lines,
    warnings_title,
)
from procedures.flowchart import layout
from procedures.formatting import hours_minutes, money, smart_number
from procedures.i18n import _
from procedures.metrics import Comparison
from procedures.reports.asme_table import unit_names
from procedures.reports.blocks import (
    bullets,
    data_table,
    esc,
    fact_boxes,
    fitted_width,
    heading,
    markup,
    para,
    spacer,
)
from procedures.reports.charts import before_after
from procedures.reports.document import LANDSCAPE, PORTRAIT, ReportDocument, ReportMeta
from procedures.reports.flowchart_pdf import flowchart_pages
from procedures.reports.stamps import derived
from procedures.reports.styles import ADDED, CHANGED, FONT_ALL, MERGED, REMOVED, Styles, styles
from procedures.rules.suggestions import current_note
from procedures.snapshots import Entity, Procedure, Version
from procedures.vocabulary import (
    COMPARED,
    SAVINGS,
    citizen_label,
    field_name,
    figure_change,
    figure_name,
    figure_value,
    label,
    percent_change,
    saving_name,
    saving_value,
)


@dataclass(frozen=True, slots=True)
class ComparisonData:
    entity: Entity
    procedure: Procedure
    before: Version
    after: Version
    comparison: Comparison
    printed_on: date


def metric_table(comparison: Comparison, width: float, st: Styles) -> Flowable:
    right = st.head_right
    rows: list[list[object]] = [[para(_("Figure"), st.head), para(comparison.from_name, right),
                                 para(comparison.to_name, right), para(_("Change"), right),
                                 para("%", right)]]
    for key in COMPARED:
        change = comparison.changes[key]
        rows.append([para(figure_name(key), st.cell),
                     para(figure_value(key, comparison.before.figure(key)), st.cell_right),
                     para(figure_value(key, comparison.after.figure(key)), st.cell_right),
                     para(figure_change(key, change.absolute), st.cell_right),
                     para(percent_change(key, change.percent), st.cell_right)])
    return data_table(rows, [width * 0.4, width * 0.16, width * 0.16, width * 0.16,
                             width * 0.12])


def savings_facts(comparison: Comparison) -> list[tuple[str, str]]:
    saved = comparison.savings
    return [(saving_name(key), saving_value(key, getattr(saved, key))) for key in SAVINGS]


def charts(comparison: Comparison, width: float) -> Table:
    before, after = comparison.before, comparison.after
    names = (comparison.from_name, comparison.to_name)  # the chart wraps them
    cell = width / 4 - 4
    drawings = [
        before_after(figure_name("total_minutes"), float(before.total_minutes),
                     float(after.total_minutes), names, (smart_number(before.total_minutes, 0),
                             smart_number(after.total_minutes, 0)), cell),
        before_after(figure_name("business_days"), before.business_days,
                     after.business_days, names,
                     (str(before.business_days), str(after.business_days)), cell),
        before_after(figure_name("cost.unit_cost"), float(before.cost.unit_cost),
                     float(after.cost.unit_cost), names,
                     (money(before.cost.unit_cost), money(after.cost.unit_cost)), cell),
        before_after(_("Resident's hours per case"), float(before.citizen.minutes) / 60,
                     float(after.citizen.minutes) / 60, names,
                     (hours_minutes(before.citizen.minutes), hours_minutes(after.citizen.minutes)),
                     cell),
    ]
    table = Table([drawings], colWidths=[width / 4] * 4)
    table.setStyle([FONT_ALL, ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("VALIGN", (0, 0), (-1, -1), "TOP")])
    return table


def _legend(st: Styles) -> Flowable:
    items = [(ADDED, _("added")), (CHANGED, _("changed")), (REMOVED, _("removed")),
             (MERGED, _("merged"))]
    text = "   ".join("<font color='{}'><b>■</b></font> {}".format(
        colour.hexval().replace("0x", "#"), esc(label)) for colour, label in items)
    return markup(text, st.small)


def _suggestions(data: ComparisonData, st: Styles, width: float) -> list[Flowable]:
    """Improvement actions and notes: planned on the current steps, kept on the proposal.

    The proposal's note quotes the proposal's own figures: a "lower the fee" line
    written when the proposal was made is restated at its cost now, and the proposal's
    fee and unit cost follow the note.
    """
    rows: list[list[object]] = [[para(_("Version"), st.head), para(_("No."), st.head_right),
                                 para(field_name("description"), st.head),
                                 para(field_name("action"), st.head),
                                 para(field_name("note"), st.head)]]
    for version in (data.before, data.after):
        for index, activity in enumerate(version.activities, start=1):
            if activity.action is None and not activity.note:
                continue
            action = label(activity.action) if activity.action else ""
            rows.append([para(version.name, st.cell), para(str(index), st.cell_right),
                         para(activity.description, st.cell), para(action, st.cell),
                         para(activity.note, st.cell)])
    story: list[Flowable] = []
    after = data.comparison.after
    if data.after.note:
        story.append(para(current_note(data.after.note, after.cost.unit_cost), st.body))
        story.append(para(_("{version} now: fee {fee}, unit cost {cost}.").format(
            version=data.after.name, fee=figure_value("fee", after.fee),
            cost=figure_value("cost.unit_cost", after.cost.unit_cost)), st.body))
    if len(rows) > 1:
        story.append(data_table(rows, _suggestion_widths(
            [data.before.name, data.after.name], width, st)))
    return story


def _suggestion_widths(names: list[str], width: float, st: Styles) -> list[float]:
    """Column widths of the improvements table; the version's name wraps in its own column.

    The name once shared the row number's narrow column and was cut to ten characters
    ("Propuesta 4" for "Propuesta simplificada 2026", step 4). Its column is as wide as
    the longest word of either name, so it wraps between words and never inside one.
    """
    version = min(max(width * 0.14, fitted_width(names, st.cell, words=True)), width * 0.22)
    number_ = fitted_width([_("No."), "000"], st.head_right)
    rest = width - version - number_
    return [version, number_, rest * 0.4, rest * 0.17, rest * 0.43]


_LINE_COLOURS = {"removed": REMOVED, "merged": MERGED, "added": ADDED, "changed": CHANGED}


def _lines(lines: list[Line], st: Styles) -> list[Flowable]:
    """Change lines, each led by a square of its mark's colour in the diagrams."""
    kinds = {kind: derived(st.body, f"change_{kind}", leftIndent=st.body.fontSize * 1.3,
                           bulletIndent=0, spaceAfter=st.body.fontSize * 0.25,
                           bulletColor=colour) for kind, colour in _LINE_COLOURS.items()}
    return [Paragraph(esc(line.text), kinds[line.kind], bulletText="■") for line in lines]


def _changes(comparison: Comparison, st: Styles) -> list[Flowable]:
    lines = step_lines(comparison)
    story: list[Flowable] = [para(step_summary(comparison), st.body)]
    return story + (_lines(lines, st) if lines else [para(_("No activity changed."), st.body)])


def _requirement_changes(comparison: Comparison, st: Styles) -> list[Flowable]:
    lines = requirement_lines(comparison)
    return _lines(lines, st) if lines else [para(_("The requirements do not change."),
                                                 st.body)]


def _warnings(comparison: Comparison, st: Styles) -> list[Flowable]:
    """Each side's legal warnings: a proposal that still breaks the law says so."""
    story: list[Flowable] = []
    for name, metrics in ((comparison.from_name, comparison.before),
                          (comparison.to_name, comparison.after)):
        found = warning_lines(metrics)
        story.append(heading(warnings_title(name, len(found)), st.h2))
        story += bullets(found, st) if found else [para(
            _("No warnings: the version meets every check."), st.body)]
    return story


def comparison_story(data: ComparisonData, st: Styles) -> list[Flowable]:
    comparison = data.comparison
    width, _h = ReportDocument.frame_size(PORTRAIT)
    wide, tall = ReportDocument.frame_size(LANDSCAPE)
    units = unit_names(data.entity)
    story: list[Flowable] = [
        para(_("Comparison of versions"), st.small),
        para(data.procedure.name, st.title),
        para(f"{comparison.from_name} → {comparison.to_name}", st.subtitle),
        fact_boxes(savings_facts(comparison), width, st),
        spacer(8),
        charts(comparison, width),
        KeepTogether([heading(_("Figures before and after"), st.h1),
                      metric_table(comparison, width, st)]),
        CondPageBreak(90), heading(_("What changes in the steps"), st.h1),
        *_changes(comparison, st),
        KeepTogether([heading(_("What changes in the requirements"), st.h1),
                      *_requirement_changes(comparison, st)]),
        CondPageBreak(90), heading(_("Legal warnings of each version"), st.h1),
        *_warnings(comparison, st),
    ]
    suggestions = _suggestions(data, st, width)
    if suggestions:
        # The heading never ends a page alone: it keeps its first rows (or the note).
        story += [CondPageBreak(90), heading(_("Improvements applied"), st.h1), *suggestions]
    marks_after = {ref.row - 1: "added" for ref in comparison.added}
    marks_after.update({ref.row - 1: "changed" for ref in comparison.changed})
    marks_before = {ref.row - 1: "merged" if ref.merged else "removed"
                    for ref in comparison.removed}
    story += [NextPageTemplate(LANDSCAPE), PageBreak(), _legend(st)]
    after_flow = layout(data.after.activities, units, citizen_label())
    per_day = data.entity.settings.minutes_per_working_day
    story += flowchart_pages(after_flow, data.after.activities, wide, tall - 14,
                             marks=marks_after, minutes_per_day=per_day,
                             caption=_("Proposal: {name}").format(name=comparison.to_name))
    before_flow = layout(data.before.activities, units, citizen_label())
    if before_flow.lanes:
        story += [PageBreak(), _legend(st)]
        story += flowchart_pages(before_flow, data.before.activities, wide, tall - 14,
                                 marks=marks_before, minutes_per_day=per_day,
                                 caption=_("Current: {name}").format(name=comparison.from_name))
    return story


def build_comparison(target: BytesIO, data: ComparisonData) -> int:
    st = styles(1.0)
    comparison = data.comparison
    meta = ReportMeta(
        title=_("Comparison: {name}").format(name=data.procedure.name),
        author=data.entity.name,
        subject=_("{before} against {after} of {code}").format(
            before=comparison.from_name, after=comparison.to_name, code=data.procedure.code),
        report_name=_("Comparison of versions"),
        keywords=("TUPA", data.procedure.code),
        printed_on=data.printed_on,
        logo=data.entity.settings.logo,
    )
    doc = ReportDocument(target, meta, first=PORTRAIT)
    doc.running = f"{data.procedure.code} · {comparison.from_name} → {comparison.to_name}"
    doc.build_story(comparison_story(data, st))
    return doc.page_count
