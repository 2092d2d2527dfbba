"""The Tabla ASME-VM in print: one row per activity, symbols drawn, totals from the engine.

Columns follow the SUT's printed table (N.°, activity, unit, minutes, the five type
columns with the symbol in the applicable one, the three value columns, staff and
resources). The header repeats on every page and rows are never cut; the footer
totals are the engine's (`Metrics.total_minutes`, `by_type`, `by_value`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.platypus import Flowable, Paragraph, Table

from models.codes import ActivityType, ValueClass
from procedures.formatting import percent, smart_number
from procedures.i18n import _, ngettext
from procedures.metrics import Metrics
from procedures.reports.blocks import data_table, esc, fitted_width, para
from procedures.reports.flowchart_pdf import MARK_COLOURS
from procedures.reports.styles import ACCENT, ACCENT_LIGHT, FONT_ALL, RULE, VALUE_COLOURS, Styles
from procedures.reports.symbols import AsmeSymbol
from procedures.snapshots import Activity, Entity
from procedures.vocabulary import citizen_label, field_name, field_short, label, short_label

TYPES = tuple(ActivityType)
VALUES = tuple(ValueClass)


def unit_names(entity: Entity) -> dict[str, str]:
    return {unit.code: unit.name for unit in entity.units}


def _people(entity: Entity, activity: Activity) -> str:
    names = {position.code: position.name for position in entity.positions}
    return "; ".join(f"{smart_number(use.count)} × {names.get(use.position, use.position)}"
                     for use in activity.staff)


def _things(entity: Entity, activity: Activity) -> str:
    names = {resource.code: resource.name for resource in entity.resources}
    return "; ".join(f"{smart_number(use.qty)} × {names.get(use.resource, use.resource)}"
                     for use in activity.resources)


def asme_table(entity: Entity, activities: Sequence[Activity], metrics: Metrics,
               width: float, st: Styles, marks: Mapping[int, str] | None = None) -> Table:
    """The table; `marks` (row index -> added/changed) tints rows in a comparison."""
    head = st.head
    widths = _widths(activities, metrics, width, st)
    center = st.head_center
    rows: list[list[object]] = [
        [para(_("No."), head), para(field_name("description"), head),
         para(field_name("unit"), head), para(field_short("minutes"), center),
         para(_("Type of activity"), center), "", "", "", "",
         para(_("Type of value"), center), "", "", para(field_name("staff"), head),
         para(field_name("resources"), head)],
        ["", "", "", "", *[AsmeSymbol(kind, st.pt(8)) for kind in TYPES],
         *[para(short_label(value), center) for value in VALUES], "", ""],
    ]
    extra: list[tuple] = [
        ("SPAN", (4, 0), (8, 0)), ("SPAN", (9, 0), (11, 0)),
        *[("SPAN", (col, 0), (col, 1)) for col in (0, 1, 2, 3, 12, 13)],
        ("ALIGN", (4, 1), (11, 1), "CENTER"),
        ("VALIGN", (4, 1), (11, 1), "MIDDLE"),
        ("LINEBELOW", (4, 0), (11, 0), 0.4, RULE),
    ]
    for index, activity in enumerate(activities):
        description = esc(activity.description)
        if activity.probability < 1:
            description += " <font color='#5F6368'>({})</font>".format(esc(
                _("in {share} of cases").format(share=percent(activity.probability, 0))))
        if activity.parallel and index:
            description += " <font color='#5F6368'>({})</font>".format(esc(
                _("in parallel with the previous one")))
        # Codes keep rows short; `unit_key` under the table spells them out.
        lane = citizen_label() if activity.unit is None else activity.unit
        row: list[object] = [
            para(str(index + 1), st.cell_right), Paragraph(description, st.cell),
            para(lane, st.cell), para(smart_number(activity.minutes), st.cell_right)]
        row += [AsmeSymbol(kind, st.pt(7.5)) if activity.type is kind else "" for kind in TYPES]
        row += [_tick(value, activity.value, st) for value in VALUES]
        row += [para(_people(entity, activity), st.cell), para(_things(entity, activity), st.cell)]
        rows.append(row)
        if marks and index in marks:
            line = len(rows) - 1
            extra.append(("LINEBEFORE", (0, line), (0, line), 3, MARK_COLOURS[marks[index]]))
    first_footer = len(rows)
    rows.append([
        "", para(_("Total (expected minutes)"), st.cell_bold), "",
        para(smart_number(metrics.total_minutes), st.cell_right),
        *[para(str(metrics.by_type[kind]), st.cell_center) for kind in TYPES],
        *[para(str(metrics.by_value[value]), st.cell_center) for value in VALUES],
        para(ngettext("{count} activity", "{count} activities", metrics.activities).format(
            count=metrics.activities), st.cell), "",
    ])
    rows.append([
        "", para(_("Value-added minutes and share"), st.cell), "",
        para(smart_number(metrics.va_minutes), st.cell_right),
        *[""] * 5, para(percent(metrics.va_share), st.cell_center), "", "", "", "",
    ])
    extra += [
        ("BACKGROUND", (0, first_footer), (-1, -1), ACCENT_LIGHT),
        ("LINEABOVE", (0, first_footer), (-1, first_footer), 0.8, ACCENT),
        ("SPAN", (9, first_footer + 1), (11, first_footer + 1)),
        ("ALIGN", (4, 2), (11, -1), "CENTER"),
        ("VALIGN", (4, 2), (11, first_footer - 1), "MIDDLE"),
    ]
    return data_table(rows, widths, header_rows=2, extra=extra)


def _widths(activities: Sequence[Activity], metrics: Metrics, width: float,
            st: Styles) -> list[float]:
    """Column widths: the unit and minutes columns as wide as their longest entry.

    "Ciudadano" or a total such as "10,968.5" must not break inside the word; the
    activity description gives up the room.
    """
    lanes = [citizen_label() if a.unit is None else a.unit for a in activities]
    minutes = [smart_number(a.minutes) for a in activities]
    minutes += [smart_number(metrics.total_minutes), smart_number(metrics.va_minutes)]
    # A value column is as wide as its acronym ("CONTROL"), never narrower than a tick.
    value_width = max(31.0, fitted_width([short_label(v) for v in VALUES], st.head_center))
    fixed = {"n": 20, "type": 17, "value": value_width}
    min_width = max(34.0, fitted_width(minutes, st.cell_right),
                    fitted_width([field_short("minutes")], st.head_center, words=True))
    rest = width - fixed["n"] - min_width - 5 * fixed["type"] - 3 * fixed["value"]
    unit_width = max(rest * 0.08, fitted_width(lanes, st.cell),
                     fitted_width([field_name("unit")], st.head, words=True))
    return [fixed["n"], rest * 0.48 - unit_width, unit_width, min_width,
            *[fixed["type"]] * 5, *[fixed["value"]] * 3, rest * 0.28, rest * 0.24]


def unit_key(entity: Entity, activities: Sequence[Activity], st: Styles) -> Flowable:
    """"TD = Trámite Documentario · DU = …" for the units the table names by code."""
    names = unit_names(entity)
    used = list(dict.fromkeys(a.unit for a in activities if a.unit is not None))
    text = " · ".join(f"<b>{esc(code)}</b> = {esc(names.get(code, code))}"
                      for code in used)
    return Paragraph("{} {}".format(esc(_("Units:")), text), st.small)


def _tick(value: ValueClass, actual: ValueClass, st: Styles) -> object:
    if value is not actual:
        return ""
    colour = VALUE_COLOURS[value].hexval().replace("0x", "#")
    return Paragraph(f"<font color='{colour}'><b>✓</b></font>", st.cell_center)


def asme_legend(st: Styles) -> Flowable:
    """The five symbols with their names, in one row."""
    cells: list[object] = []
    widths: list[float] = []
    for kind in TYPES:
        cells += [AsmeSymbol(kind, st.pt(8)), para(label(kind), st.small)]
        widths += [st.pt(12), st.pt(62)]
    table = Table([cells], colWidths=widths, hAlign="LEFT")
    table.setStyle([FONT_ALL, ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 1),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 1)])
    return table
