"""The bounds of every value the program stores, and the one check of each.

Every number a file, a cell or a form brings is finite, within the range of its field and
of its column (money and minutes fit `Numeric(12, 2)`, ratios `Numeric(7, 4)`), and has
no more decimals than the column keeps: a value is refused, never rounded or cut without
a word. Texts fit their columns and Excel's own cell limit, so whatever is stored can be
exported and read back. The readers of files (`exchange.fields`, `exchange.resolve`) and
the cells of the window (`procedures.cells`) call these checks, so they agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from procedures.i18n import _

ZERO = Decimal(0)
ONE = Decimal(1)

#: Excel's own limit for the text of one cell; the longest text any field keeps.
MAX_TEXT = 32_767
#: A number written with more characters than this is not a number a person typed.
MAX_NUMBER_CHARACTERS = 60
#: What a message shows of a value found (a 40,000-character cell is not repeated).
SHOWN_CHARACTERS = 60
#: Characters no text may hold: NUL (PostgreSQL refuses it) and lone surrogates (they
#: cannot be written as UTF-8, so the row could never be saved or exported).
_UNWRITABLE = re.compile("[\x00\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class NumberBound:
    """The range and the decimals of one kind of field."""

    maximum: Decimal
    places: int
    minimum: Decimal = ZERO
    above_minimum: bool = False  # the minimum itself is refused (a probability of 0)


#: Soles, to the cent: `Numeric(12, 2)`.
MONEY = NumberBound(Decimal("9999999999.99"), 2)
#: Minutes, to the hundredth: `Numeric(12, 2)`.
MINUTES = NumberBound(Decimal("9999999999.99"), 2)
#: Rates and TUPA factors, 0 to 1 with four decimals: `Numeric(7, 4)`.
RATIO = NumberBound(ONE, 4)
#: Probabilities: above 0, at most 1, four decimals (0.01 % is the smallest).
PROBABILITY = NumberBound(ONE, 4, ZERO, above_minimum=True)
#: Quantities, driver values and headcounts: `Numeric(14, 4)`.
QUANTITY = NumberBound(Decimal("9999999999.9999"), 4)
#: A price per use (a sheet of paper at S/ 0.0325), four decimals: `Numeric(14, 4)`.
UNIT_PRICE = NumberBound(Decimal("9999999999.9999"), 4)
#: Hours in a working day, days in a month.
HOURS_PER_DAY = NumberBound(Decimal(24), 4, ZERO, above_minimum=True)
DAYS_PER_MONTH = NumberBound(Decimal(31), 4, ZERO, above_minimum=True)
#: A UIT or another amount that must be above zero.
POSITIVE_MONEY = NumberBound(MONEY.maximum, 2, ZERO, above_minimum=True)
#: A headcount or a quantity that must be above zero.
POSITIVE_QUANTITY = NumberBound(QUANTITY.maximum, 4, ZERO, above_minimum=True)


@dataclass(frozen=True, slots=True)
class IntegerBound:
    minimum: int
    maximum: int


YEAR = IntegerBound(1990, 2100)
#: Cases a year, a legal term (in days: ten years): as the window's fields allow, far
#: below the 32-bit columns that keep them.
COUNT = IntegerBound(0, 100_000_000)
PLAZO = IntegerBound(0, 3650)
MINUTES_PER_WORKING_DAY = IntegerBound(1, 1440)
FORMAT_VERSION = IntegerBound(1, 1_000)


def shown(value: object) -> str:
    """`value` for a message: its repr, cut to a readable length."""
    text = repr(value) if isinstance(value, str) else str(value)
    if len(text) > SHOWN_CHARACTERS:
        return text[:SHOWN_CHARACTERS - 1] + "…"
    return text


def number_problem(number: Decimal, bound: NumberBound, found: object = None) -> str | None:
    """Why `number` does not fit `bound` (None when it does), naming the value `found`."""
    if not number.is_finite():
        return _("expected a number, found {value}").format(value=_found(number, found))
    if bound.above_minimum and number <= bound.minimum:
        return _("must be greater than {minimum}, found {value}").format(
            minimum=bound.minimum, value=_found(number, found))
    if number < bound.minimum:
        return _("must not be below {minimum}, found {value}").format(
            minimum=bound.minimum, value=_found(number, found))
    if number > bound.maximum:
        return _("must not be above {maximum}, found {value}").format(
            maximum=bound.maximum, value=_found(number, found))
    # Within the range the quantum is exact (at most 14 digits), so this never raises.
    places = bound.places
    quantum = _QUANTA[places] if 0 <= places < len(_QUANTA) else Decimal(1).scaleb(-places)
    if number != number.quantize(quantum):
        return _("at most {places} decimals, found {value}").format(
            places=bound.places, value=_found(number, found))
    return None


def integer_problem(number: Decimal, bound: IntegerBound, found: object = None) -> str | None:
    """Why `number` is not a whole number within `bound` (None when it is).

    The range is checked before anything turns the number into an `int`: "1e5000000"
    is a valid Decimal whose `int` takes minutes to compute."""
    if not number.is_finite():
        return _("expected a whole number, found {value}").format(value=_found(number, found))
    if number < bound.minimum:
        return _("must not be below {minimum}, found {value}").format(
            minimum=bound.minimum, value=_found(number, found))
    if number > bound.maximum:
        return _("must not be above {maximum}, found {value}").format(
            maximum=bound.maximum, value=_found(number, found))
    if number != number.to_integral_value():
        return _("expected a whole number, found {value}").format(value=_found(number, found))
    return None


def _found(number: Decimal, found: object) -> str:
    """The value a message names: as found in the file, else the number (worded only
    for a problem: a region's package checks a million numbers)."""
    return shown(number if found is None else found)


#: The quantum of each number of decimals a bound may keep (0.01 for two).
_QUANTA = tuple(Decimal(1).scaleb(-places) for places in range(15))


def text_problem(text: str, max_length: int = MAX_TEXT) -> str | None:
    """Why `text` cannot be stored (None when it can)."""
    if len(text) > max_length:
        return _("at most {limit} characters, found {count}").format(
            limit=max_length, count=len(text))
    if _UNWRITABLE.search(text):
        return _("holds a character that cannot be stored (a NUL or a lone surrogate)")
    return None
