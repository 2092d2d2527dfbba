"""The text of step-table cells: shown, typed, copied and pasted.

The words come from `procedures.vocabulary`; this module says how a typed cell becomes
a value, so the screen, the clipboard (tab-separated rows to and from Excel) and the
tests agree. Pure: no Qt, no session. Errors are ValueError (one cell)
or InputError located by row and column (pasted rows).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from models.codes import ASME_SYMBOLS, ActivityType, ImprovementAction, TimeSource, ValueClass
from procedures import snapshots as s
from procedures.durations import parse_minutes, parse_number
from procedures.errors import InputError, Location, Problem
from procedures.formatting import smart_number
from procedures.i18n import LANGUAGES, _, translations
from procedures.text import escape_for_spreadsheet, fold, unescape_from_spreadsheet
from procedures.vocabulary import (
    ACTIVITY_FIELDS,
    CITIZEN,
    SHORT_WORDS,
    WORDS,
    citizen_label,
    field_name,
    label,
    short_label,
)


def words(msgid: str) -> set[str]:
    """`msgid` in every language, folded: what a person may type or paste for it."""
    return {fold(msgid)} | {fold(translations(lang).gettext(msgid)) for lang in LANGUAGES}


def parse_choice(enum: type[StrEnum], text: str, optional: bool = False) -> Any:
    """A code from its code, its word (either language) or, for types, its symbol."""
    wanted = fold(text.strip())
    if not wanted:
        if optional:
            return None
        raise ValueError(_("choose one of: {options}").format(
            options=", ".join(label(c) for c in enum)))
    names: dict[StrEnum, set[str]] = {}
    for code in enum:
        names[code] = {fold(code.value)} | words(WORDS[code])
        if code in SHORT_WORDS:
            names[code].add(fold(SHORT_WORDS[code]))
        if isinstance(code, ActivityType):
            symbol = ASME_SYMBOLS[code].casefold()
            names[code] |= {symbol} | {f"{symbol} {word}" for word in words(WORDS[code])}
        if wanted in names[code]:
            return code
    # A unique beginning is enough: "rev" is a review, "s" is SVA.
    found = {code for code, known in names.items() if any(n.startswith(wanted) for n in known)}
    if len(found) == 1:
        return found.pop()
    raise ValueError(_("{text!r} is not one of: {options}").format(
        text=text, options=", ".join(label(c) for c in enum)))


_YES = {"si", "sí", "s", "yes", "y", "x", "1", "true", "verdadero", "✓", "✔"}
_NO = {"", "no", "n", "0", "false", "falso", "-", "—"}


def parse_flag(text: str) -> bool:
    folded = fold(text.strip())
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise ValueError(_("{text!r}: type yes or no").format(text=text))


def flag_text(value: bool) -> str:
    return _("yes") if value else ""


def parse_probability(text: str) -> Decimal:
    """'20 %', '20%', '20', '0.2', '0,2' -> 0.2; empty -> 1 (every case).

    A bare number above 1 is a percentage and one up to 1 a fraction, so a bare "1" can
    be read two ways (every case, or 1 %): it is refused with the two ways to write it."""
    cleaned = text.strip().replace("\u00a0", "")
    if not cleaned:
        return Decimal(1)
    percent = cleaned.endswith("%")
    value = parse_number(cleaned.rstrip("%").strip())
    if not percent and value == 1:
        raise ValueError(_("{text!r} can be read two ways: write 100 % for every case, or "
                           "1 % (0,01) for one case in a hundred").format(text=text.strip()))
    if percent or value > 1:
        value = value / 100
    if value <= 0 or value > 1:
        raise ValueError(_("a probability is more than 0 % and at most 100 %"))
    if value != value.quantize(Decimal("0.0001")):
        raise ValueError(_("at most two decimals in a percentage"))
    return value.quantize(Decimal("0.0001")).normalize()


def probability_text(value: Decimal) -> str:
    return f"{smart_number(value * 100)} %"


def parse_money(text: str) -> Decimal:
    """'S/ 1,234.50', '45.9', '' -> Decimal (two decimals at most)."""
    cleaned = text.strip().replace("S/", "").replace("s/", "").strip()
    if not cleaned:
        return Decimal(0)
    value = parse_number(cleaned)
    if value < 0:
        raise ValueError(_("an amount cannot be negative"))
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(_("at most two decimals (cents)"))
    return value


_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_day(text: str) -> date | None:
    """'15/03/2026', '15-3-26' or '2026-03-15' -> a date (day first, as in Peru);
    empty -> None."""
    cleaned = text.strip()
    if not cleaned:
        return None
    iso = _ISO_DAY.match(cleaned)
    found = _DAY.match(cleaned)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if found:
            year = int(found[3]) + (2000 if len(found[3]) == 2 else 0)
            return date(year, int(found[2]), int(found[1]))
    except ValueError:
        raise ValueError(_("{text!r} is not a date of the calendar").format(text=text)) from None
    raise ValueError(_("{text!r}: type a date as dd/mm/yyyy").format(text=text))


def day_text(value: date | None) -> str:
    """dd/mm/yyyy, or '' for no date (the cell stays blank)."""
    return value.strftime("%d/%m/%Y") if value else ""


_USE = re.compile(r"^(?:(\d+(?:[.,]\d+)?)\s*[x×*]?\s*)?(.+?)(?:\s*[x×*]\s*(\d+(?:[.,]\d+)?))?$")


def parse_uses(text: str, codes: dict[str, str]) -> tuple[tuple[str, Decimal], ...]:
    """'TMP, 2×TDU' -> (('TMP', 1), ('TDU', 2)). `codes` maps code -> name; a name may be
    typed instead of its code. A count can go before or after the code."""
    by_name = {fold(name): code for code, name in codes.items()}
    by_code = {fold(code): code for code in codes}
    uses: list[tuple[str, Decimal]] = []
    for part in re.split(r"[;,\n]", text):
        part = part.strip()
        if not part:
            continue
        match = _USE.match(part)
        if match is None:
            raise ValueError(_("{text!r} is not a code").format(text=part))
        before, name, after = match.groups()
        key = fold(name.strip())
        code = by_code.get(key) or by_name.get(key)
        if code is None:
            raise ValueError(_("there is no {text!r}; use one of: {options}").format(
                text=name.strip(), options=", ".join(codes) or "—"))
        count = parse_number(before or after or "1")
        if count <= 0:
            raise ValueError(_("a quantity must be more than 0"))
        uses.append((code, count))
    return tuple(uses)


def uses_text(uses: Sequence[tuple[str, Decimal]]) -> str:
    """(('TMP', 1), ('TDU', 2)) -> 'TMP, 2×TDU'."""
    return ", ".join(code if count == 1 else f"{smart_number(count, 4)}×{code}"
                     for code, count in uses)


def parse_unit(text: str, units: dict[str, str]) -> str | None:
    """A unit code from its code or name; the citizen's words give None."""
    key = fold(text.split(" · ")[0].strip())
    citizen = words(CITIZEN) | {"ciudadano", "ciudadana", "administrado"}
    if key in citizen:
        return None
    for code, name in units.items():
        if key in (fold(code), fold(name)):
            return code
    found = {code for code, name in units.items()
             if fold(code).startswith(key) or fold(name).startswith(key)}
    if key and any(word.startswith(key) for word in citizen):
        found.add("")
    if key and len(found) == 1:
        code = found.pop()
        return code or None
    raise ValueError(_("there is no unit {text!r}; use a code ({options}) or Citizen").format(
        text=text.strip(), options=", ".join(units) or "—"))


def unit_text(code: str | None) -> str:
    return code if code is not None else citizen_label()


# ---- Rows as tab-separated text -------------------------------------------------------

#: Columns of copied and pasted rows, in order, with their names' msgids (a bad cell
#: is located by the field's full name; a header row may use either form).
TSV_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (key, field.name) for key, field in ACTIVITY_FIELDS.items())


def activity_cells(activity: s.Activity) -> list[str]:
    """The row as the cells of `TSV_COLUMNS` (what is copied to Excel)."""
    return [
        activity.description,
        unit_text(activity.unit),
        label(activity.type),
        short_label(activity.value),
        smart_number(activity.minutes),
        probability_text(activity.probability),
        flag_text(activity.parallel),
        flag_text(activity.in_person),
        uses_text([(x.position, x.count) for x in activity.staff]),
        uses_text([(x.resource, x.qty) for x in activity.resources]),
        label(activity.action),
        activity.note,
        label(activity.time_source),
        day_text(activity.time_date),
        activity.time_by,
    ]


def rows_to_tsv(activities: Sequence[s.Activity]) -> str:
    """Tab-separated rows (no header), as Excel puts on the clipboard; a text that a
    spreadsheet would run as a formula ("=HYPERLINK(…)") is escaped as in our .xlsx."""
    def clean(cell: str) -> str:
        return escape_for_spreadsheet(
            cell.replace("\t", " ").replace("\r", " ").replace("\n", " "))

    return "".join("\t".join(clean(c) for c in activity_cells(a)) + "\n" for a in activities)


def header_columns(cells: Sequence[str]) -> list[str | None] | None:
    """The column (a `TSV_COLUMNS` key, None for one this table has not) of each cell of
    a pasted row made of column names: this table's in either language, or a step-table
    workbook's (the SUT template's "Unidad_Organica", our sheet's). None when the row is
    data, not names."""
    from procedures.exchange.steps import normalise
    from procedures.exchange.xlsx_columns import ALIASES, TYPE_HEADERS, VALUE_HEADERS

    keys = {key for key, _header in TSV_COLUMNS}
    known: dict[str, str | None] = {}
    for names in (*TYPE_HEADERS.values(), *VALUE_HEADERS.values()):
        known.update((normalise(name), None) for name in names)  # marks: no such column
    for alias_field, names in ALIASES.items():
        known.update((normalise(name), alias_field if alias_field in keys else None)
                     for name in names)
    for key, header in TSV_COLUMNS:
        shown = words(header) | words(ACTIVITY_FIELDS[key].short or header)
        known.update((normalise(word), key) for word in shown)
    filled = [cell for cell in cells if cell.strip()]
    if not filled or not all(normalise(cell) in known for cell in filled):
        return None
    return [known.get(normalise(cell)) if cell.strip() else None for cell in cells]


def _by_header(lines: list[str], columns: list[str | None]) -> list[str]:
    """Data rows put in `TSV_COLUMNS` order by the header's columns (a column the table
    has not, or named twice, is dropped)."""
    order = [key for key, _header in TSV_COLUMNS]
    where = {key: index for index, key in reversed(list(enumerate(columns))) if key}
    moved = []
    for line in lines:
        cells = line.split("\t")
        moved.append("\t".join(cells[where[key]] if key in where and where[key] < len(cells)
                               else "" for key in order))
    return moved


def tsv_to_rows(
    text: str, entity: s.Entity, default_unit: str | None = None
) -> tuple[s.Activity, ...]:
    """Activities from tab-separated rows (Excel or this table), checked cell by cell.

    Columns follow `TSV_COLUMNS`; missing or blank cells take defaults (the unit
    `default_unit`, an operation with value added, 0 minutes, every case), so a column of
    bare descriptions pastes as new rows; a first row made of column names (this
    table's, or a step-table workbook's) is skipped and says which column is which.
    Every bad cell is reported at once, located by row (1-based) and column name.
    """
    lines = [line for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
             if line.strip()]
    columns = header_columns(lines[0].split("\t")) if lines else None
    if columns is not None:  # a header row: skipped, and the columns taken from it
        lines = lines[1:]
        if columns[:len(TSV_COLUMNS)] != [key for key, _h in TSV_COLUMNS][:len(columns)]:
            lines = _by_header(lines, columns)
    units = {u.code: u.name for u in entity.units}
    positions = {p.code: p.name for p in entity.positions}
    resources = {r.code: r.name for r in entity.resources}
    minutes_per_day = entity.settings.minutes_per_working_day
    readers: dict[str, Callable[[str], Any]] = {
        "description": lambda v: v.strip(),
        "unit": lambda v: parse_unit(v, units) if v.strip() else default_unit,
        "type": lambda v: parse_choice(ActivityType, v) if v.strip() else ActivityType.OPERACION,
        "value": lambda v: parse_choice(ValueClass, v) if v.strip() else ValueClass.VA,
        "minutes": lambda v: parse_minutes(v, minutes_per_day) if v.strip() else Decimal(0),
        "probability": parse_probability,
        "parallel": parse_flag,
        "in_person": parse_flag,
        "staff": lambda v: tuple(s.StaffUse(c, n) for c, n in parse_uses(v, positions)),
        "resources": lambda v: tuple(s.ResourceUse(c, n) for c, n in parse_uses(v, resources)),
        "action": lambda v: parse_choice(ImprovementAction, v, optional=True),
        "note": str.strip,
        "time_source": lambda v: parse_choice(TimeSource, v, optional=True),
        "time_date": parse_day,
        "time_by": str.strip,
    }
    problems: list[Problem] = []
    activities: list[s.Activity] = []
    for number, line in enumerate(lines, start=1):
        cells = line.split("\t")
        if len(cells) > len(TSV_COLUMNS):
            problems.append(Problem(Location(row=number), _(
                "{n} columns; at most {m} are expected").format(n=len(cells),
                                                                 m=len(TSV_COLUMNS))))
            continue
        cells = [unescape_from_spreadsheet(cell) for cell in cells]
        cells += [""] * (len(TSV_COLUMNS) - len(cells))
        values: dict[str, Any] = {}
        for (key, header), cell in zip(TSV_COLUMNS, cells, strict=True):
            try:
                values[key] = readers[key](cell)
            except ValueError as error:
                problems.append(Problem(Location(row=number, column=_(header)), str(error)))
        if not values.get("description") and "description" in values:
            problems.append(Problem(Location(row=number, column=field_name("description")),
                                    _("the activity needs a description")))
        if len(values) == len(TSV_COLUMNS) and values["description"]:
            activities.append(s.Activity(**values))
    if problems:
        raise InputError(problems)
    return tuple(activities)
