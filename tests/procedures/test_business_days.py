"""Business days on real 2026 dates (national holidays from the `holidays` package)."""

from __future__ import annotations

from datetime import date

import pytest

from models.codes import EntityKind, PlazoUnit
from procedures.business_days import BusinessCalendar, add_months, national_holidays
from procedures.snapshots import Entity, NonWorkingDay

CARNIVAL_2026 = date(2026, 2, 16)  # Cajamarca, Ordenanza Municipal 920-CMPC
PUBLIC_SECTOR_DAY_OFF = date(2026, 1, 2)  # D.S. 042-2025-PCM


def test_thirty_business_days_from_first_of_july_2026_end_on_18_august() -> None:
    # Crosses 23 Jul, 28–29 Jul (Fiestas Patrias) and 6 Aug (Junín).
    assert BusinessCalendar().add_business_days(date(2026, 7, 1), 30) == date(2026, 8, 18)


def test_due_date_in_dias_habiles_is_the_same_count() -> None:
    calendar = BusinessCalendar()
    assert calendar.due_date(date(2026, 7, 1), 30, PlazoUnit.HABILES) == date(2026, 8, 18)
    assert calendar.due_date(date(2026, 7, 1), 30, "habiles") == date(2026, 8, 18)


def test_carnival_monday_declared_by_the_municipality_shifts_the_due_date_one_day() -> None:
    filed = date(2026, 2, 10)
    assert BusinessCalendar().add_business_days(filed, 10) == date(2026, 2, 24)
    assert BusinessCalendar([CARNIVAL_2026]).add_business_days(filed, 10) == date(2026, 2, 25)


def test_public_sector_day_off_of_2_january_2026() -> None:
    filed = date(2025, 12, 31)
    assert BusinessCalendar().add_business_days(filed, 1) == date(2026, 1, 2)
    assert BusinessCalendar([PUBLIC_SECTOR_DAY_OFF]).add_business_days(filed, 1) == date(2026, 1, 5)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 7, 27), True),  # Monday
        (date(2026, 7, 25), False),  # Saturday
        (date(2026, 7, 26), False),  # Sunday
        (date(2026, 7, 28), False),  # Independence Day
        (date(2026, 4, 2), False),  # Jueves Santo
        (date(2026, 4, 3), False),  # Viernes Santo
        (date(2026, 7, 23), False),  # Día de la Fuerza Aérea (holidays >= 0.77)
        (date(2026, 12, 9), False),  # Batalla de Ayacucho (holidays >= 0.77)
        (date(2026, 2, 16), True),  # carnival is only a local day off
    ],
)
def test_is_business_day(day: date, expected: bool) -> None:
    assert BusinessCalendar().is_business_day(day) is expected


def test_national_holidays_come_from_the_package() -> None:
    days = national_holidays(2026)
    assert date(2026, 6, 7) in days and date(2026, 8, 30) in days
    assert date(2026, 1, 2) not in days  # decreed days off are a user table


def test_counting_starts_the_day_after_filing() -> None:
    calendar = BusinessCalendar()
    # Filed Friday 3 Jul 2026: the first business day is Monday 6 Jul.
    assert calendar.add_business_days(date(2026, 7, 3), 1) == date(2026, 7, 6)
    # Filing on a holiday does not count the holiday itself either.
    assert calendar.add_business_days(date(2026, 7, 28), 1) == date(2026, 7, 30)
    assert calendar.add_business_days(date(2026, 7, 3), 0) == date(2026, 7, 3)


def test_business_days_between_is_the_inverse_of_adding() -> None:
    calendar = BusinessCalendar([CARNIVAL_2026])
    start = date(2026, 1, 20)
    for n in (0, 1, 5, 17, 60):
        end = calendar.add_business_days(start, n)
        assert calendar.business_days_between(start, end) == n
    assert calendar.business_days_between(date(2026, 8, 18), date(2026, 7, 1)) == -30
    assert calendar.business_days_between(date(2026, 7, 1), date(2026, 8, 18)) == 30


def test_calendar_days_move_to_the_next_business_day() -> None:
    calendar = BusinessCalendar()
    # 1 Jul + 27 days = Tue 28 Jul (holiday), 29 Jul (holiday) -> Thu 30 Jul.
    assert calendar.due_date(date(2026, 7, 1), 27, PlazoUnit.CALENDARIO) == date(2026, 7, 30)
    # Ending on Saturday 4 Jul -> Monday 6 Jul.
    assert calendar.due_date(date(2026, 7, 1), 3, "calendario") == date(2026, 7, 6)
    # Ending on a business day stays there.
    assert calendar.due_date(date(2026, 7, 1), 6, "calendario") == date(2026, 7, 7)


def test_months_keep_the_day_number_and_move_to_a_business_day() -> None:
    calendar = BusinessCalendar()
    # 31 Jan + 1 month = Sat 28 Feb 2026 -> Mon 2 Mar.
    assert calendar.due_date(date(2026, 1, 31), 1, PlazoUnit.MESES) == date(2026, 3, 2)
    # 29 May + 1 month = Mon 29 Jun (San Pedro y San Pablo) -> Tue 30 Jun.
    assert calendar.due_date(date(2026, 5, 29), 1, "meses") == date(2026, 6, 30)
    assert calendar.due_date(date(2026, 3, 10), 2, "meses") == date(2026, 5, 11)  # 10 May is Sunday


def test_add_months_clamps_to_the_end_of_a_shorter_month() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 12, 15), 2) == date(2026, 2, 15)
    assert add_months(date(2026, 3, 31), 12) == date(2027, 3, 31)


def test_negative_terms_are_refused() -> None:
    with pytest.raises(ValueError):
        BusinessCalendar().add_business_days(date(2026, 7, 1), -1)
    with pytest.raises(ValueError):
        BusinessCalendar().due_date(date(2026, 7, 1), -3, "habiles")


def test_calendar_of_an_entity_uses_its_non_working_days() -> None:
    municipality = Entity(
        "060101",
        "Municipalidad Provincial de Cajamarca",
        EntityKind.PROVINCIAL,
        non_working_days=(NonWorkingDay(CARNIVAL_2026, "Carnaval"),),
    )
    calendar = BusinessCalendar.for_entity(municipality)
    assert not calendar.is_business_day(CARNIVAL_2026)
    assert calendar.due_date(date(2026, 2, 10), 10, "habiles") == date(2026, 2, 25)
