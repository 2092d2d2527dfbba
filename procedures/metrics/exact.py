"""Exact rational arithmetic for the money figures that involve a division.

Products of decimals (minutes × probability × quantity × price) are exact in `Decimal`,
but cost per minute, driver shares and allocation rates are divisions whose decimal
expansion never ends. Summing rounded quotients could turn a true 1.845 into
1.84499…, which rounds half-up to 1.84 instead of 1.85, or a true 1.84 into 1.8399…,
which truncates to 1.83. Those few sums are therefore kept as `Fraction` and rounded
once, exactly; everything else stays in `Decimal` for speed.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

#: cents × 0.01 is `Decimal(cents).scaleb(-2)` (the same digits and exponent: 0 is
#: "0.00"), in one operation instead of two.
_CENT = Decimal("0.01")


def cents_half_up(value: Fraction) -> Decimal:
    """Round half up (away from zero) to the cent, exactly."""
    numerator, denominator = value.as_integer_ratio()  # integers: no Fraction arithmetic
    return ratio_cents_half_up(numerator, denominator)


def cents_down(value: Fraction) -> Decimal:
    """Truncate toward zero to the cent (the SUT's TRUNC(x, 2)), exactly."""
    numerator, denominator = value.as_integer_ratio()
    return ratio_cents_down(numerator, denominator)


def ratio_cents_half_up(numerator: int, denominator: int) -> Decimal:
    """`cents_half_up` of numerator/denominator (denominator > 0, the pair unreduced
    or not: the cents depend on the value only)."""
    cents = (200 * abs(numerator) + denominator) // (2 * denominator)
    return _CENT * (-cents if numerator < 0 else cents)


def ratio_cents_down(numerator: int, denominator: int) -> Decimal:
    """`cents_down` of numerator/denominator (denominator > 0)."""
    cents = abs(numerator) * 100 // denominator
    return _CENT * (-cents if numerator < 0 else cents)


def to_decimal(value: Fraction) -> Decimal:
    """A `Decimal` close to `value` (context precision), for showing detail lines."""
    if value.denominator == 1:
        return Decimal(value.numerator)
    return Decimal(value.numerator) / Decimal(value.denominator)


def add_ratio(sums: dict[Any, list[int]], key: Any, numerator: int, denominator: int) -> None:
    """Add numerator/denominator to `sums[key]`, kept as an unreduced [n, d] pair: the
    engine's sums of exact shares, without a Fraction (and its gcd) at every step."""
    total = sums.get(key)
    if total is None:
        sums[key] = [numerator, denominator]
    elif denominator == 1:  # whole minutes: most products
        total[0] += numerator * total[1]
    else:
        total[0] = total[0] * denominator + numerator * total[1]
        total[1] *= denominator
