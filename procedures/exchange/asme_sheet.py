"""The Tabla ASME-VM as a worksheet: one row per activity, a mark in its type and value.

Layout (read back by `asme_read`, so keep the two in step): a title block (rows 1–4:
title, version, entity, procedure), the header in `HEADER_ROW`, one row per activity with its
number in column A, then footer rows whose column A holds text: counts and expected
minutes per type and value class, as formulas. Staff and resources are written as
"1 × Técnico Mesa de Partes [TMP]" so a person can read them and the importer can find
the codes again. The provenance of the minutes (source, date, who) closes the row.

The body is written as bare values (no per-cell style) because this sheet is also the
region-sized export (hundreds of thousands of rows), where styles would cost time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl.workbook import Workbook

from models.codes import ActivityType, ValueClass
from procedures.exchange.grid import PlainSheet
from procedures.exchange.steps import type_header
from procedures.exchange.xlsx_style import (
    HEADER_FILL,
    MINUTES_FORMAT,
    TOTAL_FILL,
    Formula,
    SheetWriter,
    col,
)
from procedures.i18n import _
from procedures.snapshots import Activity, Entity, Procedure, Version
from procedures.vocabulary import citizen_label, field_name, label, short_label

HEADER_ROW = 5
MARK = "X"
TYPES = tuple(ActivityType)
VALUES = tuple(ValueClass)

# Column numbers (1-based), in sheet order.
NUMBER, DESCRIPTION, UNIT, UNIT_CODE, MINUTES = 1, 2, 3, 4, 5
FIRST_TYPE = 6
FIRST_VALUE = FIRST_TYPE + len(TYPES)
PROBABILITY = FIRST_VALUE + len(VALUES)
STAFF, RESOURCES, ACTION, PARALLEL, IN_PERSON, NOTE = range(PROBABILITY + 1, PROBABILITY + 7)
TIME_SOURCE, TIME_DATE, TIME_BY = range(NOTE + 1, NOTE + 4)
WIDTHS = (5, 40, 24, 8, 8, *(7,) * len(TYPES), *(6,) * len(VALUES), 8, 28, 24, 12, 8, 9, 24,
          11, 11, 16)
DATE_FORMAT = "dd/mm/yyyy"


def headers() -> list[str]:
    """Column headers in the current language (the reader also knows the others)."""
    return [
        _("No."), field_name("description"), field_name("unit"), _("Unit code"),
        field_name("minutes"), *(type_header(t) for t in TYPES),
        *(short_label(v) for v in VALUES),
        *(field_name(key) for key in ("probability", "staff", "resources", "action",
                                      "parallel", "in_person", "note", "time_source",
                                      "time_date", "time_by")),
    ]


def quantity_text(value: Decimal) -> str:
    """1.0000 -> '1'; 2.5 -> '2.5'."""
    return format(value.normalize(), "f")


def uses_text(uses: Iterable[tuple[Decimal, str, str]]) -> str:
    """'1 × Técnico Mesa de Partes [TMP]; 3 × Papel bond A4 [A4]'."""
    return "; ".join(f"{quantity_text(qty)} × {name} [{code}]" for qty, name, code in uses)


class AsmeSheet:
    """Writes one ASME-VM sheet: `begin`, any number of `rows` calls, then `end`."""

    def __init__(self, sheet: SheetWriter | PlainSheet, entity: Entity) -> None:
        self.sheet = sheet
        self.units = {unit.code: unit.name for unit in entity.units}
        self.positions = {p.code: p.name for p in entity.positions}
        self.resources = {r.code: r.name for r in entity.resources}
        self.citizen = citizen_label()
        self.first = 0
        self.number = 0

    @staticmethod
    def create(book: Workbook, title: str, entity: Entity) -> AsmeSheet:
        sheet = SheetWriter(book, title, WIDTHS, freeze=f"C{HEADER_ROW + 1}")
        return AsmeSheet(sheet, entity)

    def begin(self, heading: str, version_name: str, kind: str, entity_name: str,
              procedure: tuple[str, str] = ("", "")) -> None:
        """Title block (rows 1–4: title, version, entity, procedure code and name) and
        the header; the importer reads the version and procedure back from it."""
        sheet = self.sheet
        sheet.title_row(heading)
        # Column A is the narrow "No." column: the labels go in B, their values in C.
        sheet.append([None, sheet.cell(_("Version"), bold=True), version_name, kind])
        sheet.append([None, sheet.cell(_("Entity"), bold=True), entity_name])
        sheet.append([None, sheet.cell(_("Procedure"), bold=True), *procedure])
        sheet.header(headers())
        self.first = sheet.row + 1

    def begin_version(self, entity: Entity, procedure: Procedure, version: Version) -> None:
        heading = _("ASME-VM table — {code} {name}").format(
            code=procedure.code, name=procedure.name)
        self.begin(heading, version.name, label(version.kind), entity.name,
                   (procedure.code, procedure.name))

    def rows(self, activities: Sequence[Activity]) -> None:
        """Append the activities, numbered on from the rows already written."""
        append, text = self.sheet.append_checked, self.sheet.text
        units, citizen = self.units, text(self.citizen)
        type_slots = {t: i for i, t in enumerate(TYPES)}
        value_slots = {v: i for i, v in enumerate(VALUES)}
        blank_types: list[str | None] = [None] * len(TYPES)
        blank_values: list[str | None] = [None] * len(VALUES)
        for activity in activities:
            self.number += 1
            types = blank_types.copy()
            types[type_slots[activity.type]] = MARK
            values = blank_values.copy()
            values[value_slots[activity.value]] = MARK
            unit = activity.unit
            append([
                self.number,
                text(activity.description),
                citizen if unit is None else text(units.get(unit, unit)),
                text(unit),
                activity.minutes,
                *types,
                *values,
                activity.probability,
                text(self._staff(activity)) if activity.staff else None,
                text(self._resources(activity)) if activity.resources else None,
                label(activity.action) if activity.action else None,
                MARK if activity.parallel else None,
                MARK if activity.in_person else None,
                text(activity.note),
                label(activity.time_source) if activity.time_source else None,
                self.sheet.cell(activity.time_date, number_format=DATE_FORMAT)
                if activity.time_date else None,
                text(activity.time_by),
            ])

    def _staff(self, activity: Activity) -> str:
        return uses_text(
            (use.count, self.positions.get(use.position, use.position), use.position)
            for use in activity.staff
        )

    def _resources(self, activity: Activity) -> str:
        return uses_text(
            (use.qty, self.resources.get(use.resource, use.resource), use.resource)
            for use in activity.resources
        )

    def end(self) -> None:
        """Footer: counts and expected minutes per type and value class, as formulas."""
        sheet = self.sheet
        first, last = self.first, sheet.row
        label = sheet.cell(_("Total"), bold=True, fill=TOTAL_FILL)
        counts: list[object] = [label, sheet.cell(_("Number of activities"), bold=True)]
        minutes: list[object] = [sheet.cell(_("Total"), bold=True, fill=TOTAL_FILL),
                                 sheet.cell(_("Minutes × probability"), bold=True)]
        counts += [None, None, None]
        minutes += [None, None]
        empty = last < first
        minutes_col, probability_col = col(MINUTES), col(PROBABILITY)
        span = f"{first}:{{c}}{last}"
        if empty:
            minutes.append(sheet.cell(0, bold=True))
        else:
            minutes.append(sheet.cell(Formula(
                f"SUMPRODUCT({minutes_col}{first}:{minutes_col}{last},"
                f"{probability_col}{first}:{probability_col}{last})"),
                bold=True, number_format=MINUTES_FORMAT))
        for index in range(FIRST_TYPE, PROBABILITY):
            letter = col(index)
            if empty:
                counts.append(sheet.cell(0, bold=True, fill=HEADER_FILL))
                minutes.append(sheet.cell(0, bold=True))
                continue
            rng = f"{letter}{span.format(c=letter)}"
            counts.append(sheet.cell(Formula(f"COUNTA({rng})"), bold=True, fill=HEADER_FILL))
            minutes.append(sheet.cell(Formula(
                f'SUMPRODUCT(({rng}<>"")*{minutes_col}{first}:{minutes_col}{last}*'
                f"{probability_col}{first}:{probability_col}{last})"),
                bold=True, number_format=MINUTES_FORMAT))
        sheet.append(counts)
        sheet.append(minutes)
        sheet.finish(HEADER_ROW)
