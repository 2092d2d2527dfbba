"""Peruvian business-day calendar: turns a *plazo* into a due date (DOMAIN §6).

A business day (día hábil) is Monday to Friday, minus the national holidays of the
`holidays` package (country PE, never a hand-written list), minus the days off the entity
declares itself: public-sector non-working days decreed each year (e.g. 2 Jan 2026),
regional holidays and municipal days off (e.g. the Cajamarca carnival Monday). Counting
always starts the day AFTER the filing (the TUO's "Transcurso del plazo").
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache

import holidays

from models.codes import PlazoUnit
from procedures.snapshots import Entity

_ONE_DAY = timedelta(days=1)
#: A guard against endless loops on absurd input (a calendar with no business day).
_MAX_SEARCH_DAYS = 366


@cache
def national_holidays(year: int) -> frozenset[date]:
    """Peru's national holidays of `year` from the `holidays` package (cached, thread-safe).

    A frozen copy per year, because the package object fills itself lazily on lookup,
    which is not safe to share between worker threads.
    """
    return frozenset(holidays.country_holidays("PE", years=year).keys())


class BusinessCalendar:
    """Business days of one entity: weekdays − national holidays − its own days off."""

    def __init__(self, extra_days_off: Iterable[date] = ()) -> None:
        self.extra_days_off: frozenset[date] = frozenset(extra_days_off)

    @classmethod
    def for_entity(cls, entity: Entity) -> BusinessCalendar:
        """The calendar of a municipality: its declared non-working days are days off."""
        return cls(day.day for day in entity.non_working_days)

    def is_business_day(self, day: date) -> bool:
        if day.weekday() >= 5:  # Saturday, Sunday
            return False
        if day in self.extra_days_off:
            return False
        return day not in national_holidays(day.year)

    def next_business_day(self, day: date) -> date:
        """`day` itself when it is a business day, else the first business day after it."""
        for _ in range(_MAX_SEARCH_DAYS):
            if self.is_business_day(day):
                return day
            day += _ONE_DAY
        raise ValueError("no business day within a year; check the days off")

    def add_business_days(self, start: date, n: int) -> date:
        """The date of the `n`-th business day counted from the day AFTER `start`.

        `n == 0` returns `start` unchanged (nothing to count).
        """
        if n < 0:
            raise ValueError("n must be zero or positive")
        day = start
        counted = 0
        while counted < n:
            day = self.next_business_day(day + _ONE_DAY)
            counted += 1
        return day

    def business_days_between(self, start: date, end: date) -> int:
        """Business days in (start, end]: the inverse of `add_business_days`.

        Negative when `end` is before `start`.
        """
        if end < start:
            return -self.business_days_between(end, start)
        count = 0
        day = start + _ONE_DAY
        while day <= end:
            if self.is_business_day(day):
                count += 1
            day += _ONE_DAY
        return count

    def due_date(self, filed_on: date, plazo: int, plazo_unit: PlazoUnit | str) -> date:
        """Last day of a legal term of `plazo` units counted from `filed_on`.

        - ``habiles``: the `plazo`-th business day after the filing day;
        - ``calendario``: `plazo` calendar days after the filing day; when that day is not
          a business day the term moves to the next business day (an office cannot be
          required to answer on a day it is closed);
        - ``meses``: the same day number `plazo` months later (the last day of the month
          when it has fewer days, e.g. 31 Jan + 1 month -> 28 Feb), moved forward to a
          business day by the same rule.
        """
        if plazo < 0:
            raise ValueError("plazo must be zero or positive")
        unit = PlazoUnit(plazo_unit)
        if unit is PlazoUnit.HABILES:
            return self.add_business_days(filed_on, plazo)
        if unit is PlazoUnit.CALENDARIO:
            return self.next_business_day(filed_on + timedelta(days=plazo))
        return self.next_business_day(add_months(filed_on, plazo))


def add_months(day: date, months: int) -> date:
    """Same day number `months` later, clamped to the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))
