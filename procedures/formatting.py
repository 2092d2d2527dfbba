"""Numbers, money and dates for screen and print, as written in Peru (es-PE).

Money is `S/ 1,234.50` (comma for thousands, point for decimals) in both languages,
because the sol is always written that way; dates are dd/mm/yyyy.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.numbers import format_decimal

from procedures.i18n import current_language

CENT = Decimal("0.01")
LOCALE = "es_PE"


def round_money(value: Decimal) -> Decimal:
    """Round half up to the cent (the 'exact' mode and displayed per-case figures)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# Babel's formatting is exact but slow (a fraction of a millisecond per number), and a
# table of 200 steps shows the same few hundred values on every repaint: the text of a
# value never changes (the locale is fixed), so it is kept.
@lru_cache(maxsize=8192)
def number(value: Decimal | float | int, decimals: int = 0) -> str:
    """1234.5 -> '1,234.5' with exactly `decimals` decimals."""
    fast = _plain_number(value, decimals)
    if fast is not None:
        return fast
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, pattern, locale=LOCALE, decimal_quantization=True)


_STEPS = tuple(Decimal(1).scaleb(-places) for places in range(7))


def _plain_number(value: Decimal | float | int, decimals: int) -> str | None:
    """`number()` without Babel, for what es-PE writes as Python does (comma for
    thousands, point for decimals, half-even rounding: Babel's) — a portfolio prints
    thousands of distinct figures, the cache above cannot help there. None: ask Babel.
    Tests hold the two to the same text."""
    if isinstance(value, float):
        value = Decimal(str(value))  # as Babel reads a float: by its shortest text
    if not isinstance(value, (int, Decimal)) or not 0 <= decimals < len(_STEPS):
        return None
    if isinstance(value, Decimal):
        if not value.is_finite() or abs(value.adjusted()) > 15:
            return None
        value = value.quantize(_STEPS[decimals], rounding=ROUND_HALF_EVEN)
    return f"{value:,.{decimals}f}"


@lru_cache(maxsize=8192)
def smart_number(value: Decimal | float | int, max_decimals: int = 2) -> str:
    """A quantity without trailing zeros: 90 -> '90', 7.5 -> '7.5', 1150 -> '1,150'."""
    pattern = "#,##0." + "#" * max_decimals
    return format_decimal(value, pattern, locale=LOCALE)


def money(value: Decimal | float | int | None, *, symbol: bool = True) -> str:
    """Soles with two decimals: Decimal('1234.5') -> 'S/ 1,234.50'."""
    if value is None:
        return "—"
    cents = round_money(Decimal(str(value)))
    # Babel's "#,##0.00" for es_PE is Python's own grouping of a value already at the
    # cent (tests compare the two), without Babel's tenth of a millisecond: the engine
    # words a warning with money for every version it measures.
    text = f"{cents if cents else abs(cents):,.2f}"
    return f"S/ {text}" if symbol else text


def percent(value: Decimal | float | None, decimals: int = 1) -> str:
    """A share given as a fraction: 0.126 -> '12.6 %'."""
    if value is None:
        return "—"
    return f"{number(Decimal(str(value)) * 100, decimals)} %"


def signed(value: Decimal | float | int, decimals: int = 0) -> str:
    """A change with its sign: +12 / −3.5 (typographic minus)."""
    text = number(abs(Decimal(str(value))), decimals)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return text


def signed_smart(value: Decimal | float | int, max_decimals: int = 1, *,
                 plus: bool = True) -> str:
    """A quantity's change without trailing zeros, with its sign: −20, +7.5 (no "+"
    without `plus`: a value that may be negative)."""
    text = smart_number(abs(Decimal(str(value))), max_decimals)
    if value < 0 and text.strip("0.,"):
        return f"−{text}"
    if value > 0 and plus and text.strip("0.,"):
        return f"+{text}"
    return text


def signed_money(value: Decimal, plus: bool = False) -> str:
    """−S/ 25.50 for a loss (money() alone gives "S/ -25.50"); +S/ 3.10 with `plus`."""
    sign = "−" if value < 0 else "+" if plus and value > 0 else ""
    return sign + money(abs(value))


def minus_number(value: Decimal | float | int, decimals: int = 0) -> str:
    """A figure that may be negative, written with the typographic minus: −450, 1,200.

    Like `number()` but a loss reads "−450" as the money beside it reads "−S/ 25.50",
    not with babel's hyphen ("-450"); no "+" for a gain (that is `signed()`).
    """
    text = number(abs(Decimal(str(value))), decimals)
    return f"−{text}" if value < 0 and text.strip("0.,") else text


def short_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def long_date(value: date) -> str:
    """'18 de agosto de 2026' in Spanish, 'August 18, 2026' in English."""
    from babel.dates import format_date

    locale = LOCALE if current_language() == "es" else "en"
    return format_date(value, "long", locale=locale)


def hours_minutes(minutes: Decimal | float | int) -> str:
    """90 -> '1 h 30 min'; 45 -> '45 min'."""
    total = math.floor(Decimal(str(minutes)) + Decimal("0.5"))
    hours, rest = divmod(total, 60)
    if hours and rest:
        return f"{number(hours)} h {rest} min"
    if hours:
        return f"{number(hours)} h"
    return f"{rest} min"
