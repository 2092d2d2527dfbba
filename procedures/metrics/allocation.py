"""Allocation of the shared cost elements (MCD elements 4–7) to minutes of work.

For a resource e with yearly cost C_e and a unit c (DOMAIN §4):

    s_ec = driver_value(c) / Σ driver_values          share of the unit
    P_ec = C_e × s_ec × tupa_factor(c)                part spent on TUPA work
    r_ec = P_ec / yearly TUPA minutes of c            soles per minute of work in c

The yearly minutes of a unit cover the as-is version of every procedure of the entity
(expected minutes of non-`espera` activities × yearly demand) plus the unit's
`other_tupa_minutes`. The rates are a whole-portfolio computation done once; every
version of every procedure, to-be ones included, is then costed at these rates.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from models.codes import ALLOCATED_ELEMENTS, CostElement
from procedures.metrics.exact import to_decimal
from procedures.metrics.timing import unit_minutes
from procedures.snapshots import ZERO, Entity, Procedure, Resource


def portfolio_minutes(procedures: Iterable[Procedure]) -> dict[str, Decimal]:
    """Unit code -> yearly minutes of the as-is versions (without other_tupa_minutes)."""
    totals: dict[str, Decimal] = {}
    for procedure in procedures:
        version = procedure.as_is
        demand = procedure.annual_demand
        if version is None or demand <= 0:
            continue
        for unit, minutes in unit_minutes(version.activities).items():
            totals[unit] = totals.get(unit, ZERO) + minutes * demand
    return totals


@dataclass(frozen=True, slots=True)
class AllocationRate:
    """How one allocated resource is charged per minute of work in one unit.

    The Decimal fields are for showing (the technical sheet prints them); the cost is
    computed from `exact_rate`, so no rounding happens before the final cent.
    """

    resource: str
    resource_name: str
    element: CostElement
    unit: str
    yearly_cost: Decimal
    share: Decimal
    factor: Decimal
    tupa_cost: Decimal
    yearly_minutes: Decimal
    rate: Decimal
    exact_rate: Fraction = field(repr=False)


@dataclass(frozen=True, slots=True)
class AllocationRates:
    """All rates of an entity, and the yearly minutes per unit they were computed with."""

    lines: tuple[AllocationRate, ...] = ()
    yearly_minutes: dict[str, Decimal] = field(default_factory=dict)
    by_unit: dict[str, tuple[AllocationRate, ...]] = field(init=False, repr=False, compare=False)
    #: Per unit, the sum of the exact rates of each element (Σ rate × minutes of a unit
    #: is (Σ rate) × minutes, exactly: one product per element instead of one per rate).
    by_element: dict[str, tuple[tuple[CostElement, Fraction], ...]] = field(
        init=False, repr=False, compare=False)
    #: The same sums as integers over one denominator per element (the least common
    #: multiple of its units' denominators): unit -> ((element, numerator), ...), and
    #: `denominators` element -> denominator. What the engine multiplies minutes by,
    #: without a Fraction for each product.
    scaled: dict[str, tuple[tuple[CostElement, int], ...]] = field(
        init=False, repr=False, compare=False)
    denominators: dict[CostElement, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        grouped: dict[str, list[AllocationRate]] = {}
        for line in self.lines:
            grouped.setdefault(line.unit, []).append(line)
        object.__setattr__(self, "by_unit", {unit: tuple(v) for unit, v in grouped.items()})
        sums: dict[str, dict[CostElement, Fraction]] = {}
        for line in self.lines:
            per_unit = sums.setdefault(line.unit, {})
            per_unit[line.element] = per_unit.get(line.element, Fraction(0)) + line.exact_rate
        by_element = {unit: tuple((e, r) for e, r in per_unit.items() if r)
                      for unit, per_unit in sums.items()}
        object.__setattr__(self, "by_element", by_element)
        denominators: dict[CostElement, int] = {}
        for per_element in by_element.values():
            for element, rate in per_element:
                denominators[element] = math.lcm(denominators.get(element, 1), rate.denominator)
        object.__setattr__(self, "denominators", denominators)
        object.__setattr__(self, "scaled", {
            unit: tuple((e, r.numerator * (denominators[e] // r.denominator))
                        for e, r in per_element)
            for unit, per_element in by_element.items()})

    def for_unit(self, unit: str) -> tuple[AllocationRate, ...]:
        return self.by_unit.get(unit, ())

    def combined(self, unit: str) -> tuple[tuple[CostElement, Fraction], ...]:
        return self.by_element.get(unit, ())


def allocation_rates(entity: Entity, portfolio: Mapping[str, Decimal]) -> AllocationRates:
    """Rates r_ec of every allocated resource of `entity` in every unit of its driver.

    `portfolio` is `portfolio_minutes(...)` of the entity's procedures; each unit's
    `other_tupa_minutes` is added here. A missing driver value or TUPA factor counts as
    0; a unit with no yearly minutes gets rate 0 (nothing to spread the cost over).
    """
    other = {unit.code: unit.other_tupa_minutes for unit in entity.units}
    units = {*portfolio, *other}
    yearly = {unit: portfolio.get(unit, ZERO) + other.get(unit, ZERO) for unit in sorted(units)}
    lines: list[AllocationRate] = []
    for resource in entity.resources:
        if resource.element in ALLOCATED_ELEMENTS:
            lines.extend(_resource_rates(resource, yearly))
    return AllocationRates(tuple(lines), yearly)


def _resource_rates(resource: Resource, yearly: Mapping[str, Decimal]) -> list[AllocationRate]:
    drivers = dict(resource.driver_values)
    factors = dict(resource.tupa_factor)
    driver_total = sum((value for value in drivers.values() if value > 0), ZERO)
    cost = resource.yearly_cost
    lines = []
    for unit, value in drivers.items():
        share = Fraction(0)
        if driver_total and value > 0:
            share = Fraction(value) / Fraction(driver_total)
        factor = factors.get(unit, ZERO)
        tupa_cost = Fraction(cost) * share * Fraction(factor)
        minutes = yearly.get(unit, ZERO)
        rate = tupa_cost / Fraction(minutes) if minutes > 0 else Fraction(0)
        lines.append(
            AllocationRate(
                resource=resource.code,
                resource_name=resource.name,
                element=resource.element,
                unit=unit,
                yearly_cost=cost,
                share=to_decimal(share),
                factor=factor,
                tupa_cost=to_decimal(tupa_cost),
                yearly_minutes=minutes,
                rate=to_decimal(rate),
                exact_rate=rate,
            )
        )
    return lines
