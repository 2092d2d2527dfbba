"""The engine's exact sums in integers: each shortcut gives what the plain definition
(Fractions, `Decimal.scaleb`, a message worded afresh) gives."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from models.codes import PlazoUnit
from procedures.i18n import use_language
from procedures.metrics import allocation_rates, portfolio_minutes
from procedures.metrics.costing import allocated_totals
from procedures.metrics.exact import (
    cents_down,
    cents_half_up,
    ratio_cents_down,
    ratio_cents_half_up,
)
from procedures.metrics.timing import unit_minutes
from procedures.rules import compliance
from procedures.snapshots import Entity, Requirement
from tests.procedures.builders import procedure, version
from tests.procedures.test_metrics_properties import municipalities


@settings(max_examples=40, deadline=None)
@given(municipalities())
def test_allocated_elements_are_the_sum_of_every_rate_times_the_minutes(ent: Entity) -> None:
    """Elements 4–7 over one denominator per element (`AllocationRates.scaled`): for
    every version, Σ over the rate lines of rate × the unit's minutes, as Fractions."""
    rates = allocation_rates(ent, portfolio_minutes(ent.procedures))
    for proc in ent.procedures:
        for one in proc.versions:
            minutes = unit_minutes(one.activities)
            expected: dict[object, Fraction] = {}
            for line in rates.lines:
                used = minutes.get(line.unit, Decimal(0))
                if used > 0 and line.exact_rate:
                    expected[line.element] = (expected.get(line.element, Fraction(0))
                                              + line.exact_rate * Fraction(used))
            found = allocated_totals(minutes, rates)
            assert {e: v for e, v in found.items() if v} == {
                e: v for e, v in expected.items() if v}
            assert all(v.denominator > 0 for v in found.values())


@given(st.integers(-10**30, 10**30), st.integers(1, 10**20), st.integers(1, 10**6))
def test_cents_of_a_pair_are_those_of_its_value(numerator: int, denominator: int,
                                                 factor: int) -> None:
    """An unreduced pair rounds as its Fraction does, to the same Decimal digits and
    exponent as `Decimal(cents).scaleb(-2)` ("0.00" for nothing)."""
    value = Fraction(numerator, denominator)
    for pair_cents, cents in ((ratio_cents_down, cents_down),
                              (ratio_cents_half_up, cents_half_up)):
        found = pair_cents(numerator * factor, denominator * factor)
        assert repr(found) == repr(cents(value))
        exact = value * 100
        whole = (abs(exact.numerator) // exact.denominator if cents is cents_down
                 else (2 * abs(exact.numerator) + exact.denominator) // (2 * exact.denominator))
        assert repr(found) == repr(Decimal(-whole if value < 0 else whole).scaleb(-2))


def test_warnings_worded_once_follow_the_language() -> None:
    """The term and prohibited-requirement warnings are worded once per language:
    the same words a fresh wording gives, in the language current at each measurement."""
    proc = procedure(version(), plazo=40, plazo_unit=PlazoUnit.HABILES,
                     requirements=(Requirement("Copia del DNI"),))
    one = proc.versions[0]

    def words(language: str) -> list[str]:
        with use_language(language):
            return [w.message for w in compliance.check_version(
                proc, one, unit_cost=Decimal(10), business_days=60, uit=None)]

    remembered = [words(language) for language in ("es", "en", "es", "en")]
    compliance._worded_terms.cache_clear()
    compliance._prohibited_warning.cache_clear()
    fresh = [words(language) for language in ("es", "en")]
    assert remembered == fresh * 2
    assert len(fresh[0]) == 3 and fresh[0] != fresh[1]
