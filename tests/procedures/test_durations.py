"""Durations typed in the step table: minutes, hours, working days."""

from __future__ import annotations

from decimal import Decimal

import pytest

from procedures.durations import parse_minutes, parse_number
from tests.procedures.builders import english_messages

_english = english_messages()


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("90", "90"),
        (" 15 ", "15"),
        ("7.5", "7.5"),
        ("7,5", "7.5"),
        ("1,150", "1150"),
        ("0", "0"),
        ("1h30", "90"),
        ("1 h 30 min", "90"),
        ("1h 30m", "90"),
        ("1.5h", "90"),
        ("1,5 h", "90"),
        ("2h", "120"),
        ("45min", "45"),
        ("45 minutos", "45"),
        ("90'", "90"),
        ("2 horas", "120"),
        ("2d", "960"),
        ("2 días", "960"),
        ("1d4h", "720"),
        ("1d 4", "720"),
        ("0.5d", "240"),
        ("3 HORAS", "180"),
    ],
)
def test_accepted_durations(text: str, minutes: str) -> None:
    assert parse_minutes(text) == Decimal(minutes)


def test_days_are_working_days_of_the_entity() -> None:
    assert parse_minutes("2d", minutes_per_working_day=420) == Decimal(840)


def test_result_has_two_decimals_at_most() -> None:
    assert parse_minutes("0.333") == Decimal("0.33")
    assert parse_minutes("0.335") == Decimal("0.34")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "-5",
        "1x",
        "h",
        "1h2h",
        "1 hora y media",
        "30 30",
        "1..5",
        "1e3",
        "nan",
        "1h30x",
        "99999999999",
    ],
)
def test_refused_durations(text: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_minutes(text)
    assert str(raised.value)


def test_error_names_the_unknown_unit() -> None:
    with pytest.raises(ValueError, match="unknown unit 'sem'"):
        parse_minutes("2sem")


def test_numbers() -> None:
    assert parse_number("1,234.5") == Decimal("1234.5")
    assert parse_number("0,25") == Decimal("0.25")
    with pytest.raises(ValueError):
        parse_number("doce")

