"""`formatting.money` groups a value at the cent itself: the same text as Babel's
es_PE "#,##0.00" pattern, which it replaced for speed (the engine words a money
warning for every version it measures)."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from hypothesis import example, given
from hypothesis import strategies as st

from procedures.formatting import LOCALE, money, round_money


def _babel(value: Decimal) -> str:
    """Babel's text of the value at the cent; a minus zero as zero (Babel writes
    "-0.00"; the old `money` gave either, depending on what its cache had seen)."""
    cents = round_money(value)
    return format_decimal(cents if cents else abs(cents), "#,##0.00", locale=LOCALE,
                          decimal_quantization=True)


@given(st.decimals(min_value=Decimal("-1e13"), max_value=Decimal("1e13"), places=4,
                   allow_nan=False, allow_infinity=False))
@example(Decimal("-0.0001"))
def test_money_is_babels_text(value: Decimal) -> None:
    assert money(value) == "S/ " + _babel(value)
    assert money(value, symbol=False) == _babel(value)


def test_money_examples() -> None:
    assert money(Decimal("1234.5")) == "S/ 1,234.50"
    assert money(Decimal("-0.004")) == "S/ 0.00"  # never a minus zero
    assert money(Decimal("-1234567.895")) == "S/ -1,234,567.90"
    assert money(12) == "S/ 12.00" and money(None) == "—"
