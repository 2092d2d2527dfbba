"""Durations typed by a person: "90", "1h30", "1 h 30 min", "2d", "1,5 h".

Clerks type minutes all day, so the step table accepts the ways people write times and
turns them into minutes (a `Decimal` with at most two decimals, as stored). Days are
*working* days of the entity: "2d" is 2 × `minutes_per_working_day` (480 by default),
never 2 × 24 h. Pure and thread-safe; errors are `ValueError` with a translated message
that the screen shows at the cell.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from procedures.i18n import _

#: Largest value the minutes column holds (Numeric(12, 2)).
MAX_MINUTES = Decimal("9999999999.99")
_HUNDREDTH = Decimal("0.01")

# Unit words in Spanish and English (lower case, accents removed by `_fold`).
_UNITS: dict[str, str] = {
    "d": "day", "dia": "day", "dias": "day", "day": "day", "days": "day",
    "dh": "day", "jornada": "day", "jornadas": "day",
    "h": "hour", "hr": "hour", "hrs": "hour", "hora": "hour", "horas": "hour",
    "hour": "hour", "hours": "hour",
    "m": "minute", "min": "minute", "mins": "minute", "minuto": "minute",
    "minutos": "minute", "minute": "minute", "minutes": "minute", "'": "minute",
}
_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([a-z']*)")
_ACCENTS = str.maketrans("áéíóú", "aeiou")


def _fold(text: str) -> str:
    return " ".join(text.strip().lower().translate(_ACCENTS).split())


def parse_number(text: str) -> Decimal:
    """'1,5' or '1.5' -> 1.5; '1,150' -> 1150 (a comma before exactly three digits
    groups thousands, as es-PE numbers are displayed)."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    else:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("{text!r} is not a number").format(text=text)) from None
    if not value.is_finite():
        raise ValueError(_("{text!r} is not a number").format(text=text))
    return value


def parse_minutes(text: str, minutes_per_working_day: int = 480) -> Decimal:
    """Minutes in `text`; a bare number is minutes. Raises ValueError with a message.

    >>> parse_minutes("1h30"), parse_minutes("2d"), parse_minutes("90")
    (Decimal('90.00'), Decimal('960.00'), Decimal('90.00'))
    """
    folded = _fold(text)
    if not folded:
        raise ValueError(_("type a duration, for example 90, 1h30 or 2d"))
    if folded.startswith("-"):
        raise ValueError(_("a duration cannot be negative"))
    # A plain number (possibly with thousands commas) is minutes.
    if re.fullmatch(r"[\d.,]+", folded):
        total = parse_number(folded)
    else:
        total = _parse_parts(folded, text, minutes_per_working_day)
    if total > MAX_MINUTES:
        raise ValueError(_("{text!r} is too long for a duration").format(text=text))
    return total.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)


def _parse_parts(folded: str, original: str, minutes_per_working_day: int) -> Decimal:
    compact = folded.replace(" ", "")
    position = 0
    total = Decimal(0)
    seen: list[str] = []
    for match in _PART.finditer(compact):
        if match.start() != position:
            break
        number, word = match.groups()
        unit = _UNITS.get(word) if word else None
        if word and unit is None:
            raise ValueError(_(
                "{text!r}: unknown unit {unit!r}; use d (working days), h or min").format(
                    text=original, unit=word))
        if unit is None:
            # "1h30": a bare number after hours is minutes, after days is hours.
            unit = {"hour": "minute", "day": "hour"}.get(seen[-1] if seen else "", "")
            if not unit:
                raise ValueError(_("{text!r} is not a duration; type for example 90, 1h30 "
                                   "or 2d").format(text=original))
        if unit in seen:
            raise ValueError(_("{text!r} repeats a unit").format(text=original))
        seen.append(unit)
        value = parse_number(number)
        factor = {"day": Decimal(minutes_per_working_day), "hour": Decimal(60),
                  "minute": Decimal(1)}[unit]
        total += value * factor
        position = match.end()
    if position != len(compact) or not seen:
        raise ValueError(_("{text!r} is not a duration; type for example 90, 1h30 or 2d").format(
            text=original))
    return total
