"""`formatting.number` writes most figures without Babel (a portfolio prints thousands
of distinct ones): the text must be Babel's es-PE text, digit for digit."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from procedures.formatting import LOCALE, _plain_number, minus_number, money, number


def babel(value: Decimal | float | int, decimals: int) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, pattern, locale=LOCALE, decimal_quantization=True)


VALUES = st.one_of(
    st.integers(min_value=-10**13, max_value=10**13),
    st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False,
                allow_infinity=False, places=None),
    st.decimals(min_value=Decimal("-1e6"), max_value=Decimal("1e6"), places=3),
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=600)
@given(VALUES, st.integers(min_value=0, max_value=4))
def test_the_fast_text_is_babels(value: Decimal | float | int, decimals: int) -> None:
    fast = _plain_number(value, decimals)
    if fast is not None:
        assert fast == babel(value, decimals)


def test_halves_zeros_signs_and_exponents() -> None:
    cases = [(Decimal("2.5"), 0), (Decimal("3.5"), 0), (Decimal("0.125"), 2),
             (Decimal("0.135"), 2), (2.675, 2), (Decimal("1E+3"), 2), (Decimal("-0.004"), 2),
             (Decimal("-1234.56"), 2), (0, 0), (1234567, 0), (Decimal("917154259.83"), 2),
             (Decimal("5883.533333333333333333333333"), 1)]
    for value, decimals in cases:
        assert _plain_number(value, decimals) == babel(value, decimals), (value, decimals)
    assert money(Decimal("917154259.83")) == "S/ 917,154,259.83"
    assert minus_number(Decimal("-450.4")) == "−450"
    assert number(Decimal("NaN")) == babel(Decimal("NaN"), 0)  # left to Babel
