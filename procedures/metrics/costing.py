"""Unit cost of a version: the seven MCD elements (D.S. 064-2010-PCM, DOMAIN §4).

Rounding "sut" (default): cost per minute and each element truncated to the cent; the
unit cost is the sum of the truncated elements (what the SUT prints). Rounding "exact":
full precision throughout; each element and the unit cost are rounded half-up from the
exact values, so the shown elements may not add up to the shown unit cost by a cent.

Detail lines carry the unrounded amounts that make up each element, so a screen or a
report can show how every figure was obtained.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from models.codes import ALLOCATED_ELEMENTS, COST_ELEMENTS, CostElement, Rounding
from procedures.errors import InputError, Location, Problem
from procedures.formatting import round_money
from procedures.i18n import _
from procedures.metrics.allocation import AllocationRate, AllocationRates
from procedures.metrics.exact import (
    add_ratio,
    cents_down,
    cents_half_up,
    ratio_cents_down,
    ratio_cents_half_up,
    to_decimal,
)
from procedures.metrics.timing import ESPERA as _ESPERA
from procedures.snapshots import ZERO, Activity, Entity, Position, Resource, Settings

_EXACT = Rounding.EXACT
_SUT = Rounding.SUT
_PERSONAL = CostElement.PERSONAL
_NO_AMOUNT = Fraction(0)
_NO_CENTS = cents_down(_NO_AMOUNT)  # Decimal('0.00')
_ALLOCATED = frozenset(ALLOCATED_ELEMENTS)


@dataclass(frozen=True, slots=True)
class StaffLine:
    """One position: its cost per minute, its expected minutes × headcount, the amount."""

    position: str
    name: str
    cost_per_minute: Decimal
    minutes: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True)
class ResourceLine:
    """One direct resource (elements 2 and 3): expected quantity × unit cost."""

    resource: str
    name: str
    element: CostElement
    unit_cost: Decimal
    quantity: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True)
class AllocatedLine:
    """One allocated resource in one unit: its rate times the minutes used there.

    The amount is worked out when shown: measuring a region's 35,000 versions needs
    only the element totals (`AllocationRates.combined`)."""

    rate: AllocationRate
    minutes: Decimal

    @property
    def amount(self) -> Decimal:
        return to_decimal(self.rate.exact_rate * Fraction(self.minutes))


@dataclass(frozen=True, slots=True)
class CostBreakdown:
    """The seven elements as shown (rounded per `rounding`), the unit cost and the detail.

    `unrounded` holds each element before its final rounding (in "sut" mode, built on
    the truncated costs per minute), for checks and explanations.
    """

    rounding: Rounding
    personal: Decimal
    material_fungible: Decimal
    servicio_identificable: Decimal
    material_no_fungible: Decimal
    servicios_terceros: Decimal
    depreciacion: Decimal
    costos_fijos: Decimal
    unit_cost: Decimal
    unrounded: dict[CostElement, Decimal]
    staff: tuple[StaffLine, ...] = ()
    resources: tuple[ResourceLine, ...] = ()
    allocated: tuple[AllocatedLine, ...] = ()
    #: Each element's exact total before rounding, and the expected minutes per unit that
    #: drew the allocated ones: what the stored figures keep so that a change of the
    #: allocation rates re-costs a version without loading its steps.
    exact_totals: dict[CostElement, Fraction] = field(default_factory=dict, compare=False,
                                                      repr=False)
    unit_minutes: dict[str, Decimal] = field(default_factory=dict, compare=False, repr=False)

    def element(self, element: CostElement) -> Decimal:
        return getattr(self, element.value)

    def part_amounts(self, element: CostElement) -> tuple[Decimal, ...]:
        """The unrounded amounts of the lines that make up `element` (positions,
        direct resources, or allocated resource × unit)."""
        if element is CostElement.PERSONAL:
            return tuple(line.amount for line in self.staff)
        if element in ALLOCATED_ELEMENTS:
            return tuple(line.amount for line in self.allocated if line.rate.element is element)
        return tuple(line.amount for line in self.resources if line.element is element)

    def rounding_of(self, element: CostElement) -> Decimal:
        """Shown element − Σ of its parts as printed (each to the cent): the "redondeo"
        line a table prints under the parts so that they add up to their total
        (DOMAIN §4). SUT truncates the exact sum, so the parts printed to the cent may
        exceed it by a cent or more."""
        parts = self.part_amounts(element)
        if not parts:
            return ZERO
        return self.element(element) - sum((round_money(a) for a in parts), ZERO)

    @property
    def elements_rounding(self) -> Decimal:
        """unit_cost − Σ shown elements: 0 with SUT rounding (the unit cost is their
        sum), up to a few cents in "exact" mode (rounded once, at the end)."""
        return self.unit_cost - sum((self.element(e) for e in COST_ELEMENTS), ZERO)

    @property
    def staff_minutes(self) -> Decimal:
        """Σ headcount × minutes × probability: the staff time of one case."""
        return sum((line.minutes for line in self.staff), ZERO)


def compute_cost(
    entity: Entity, activities: Sequence[Activity], rates: AllocationRates,
    *, detail: bool = True,
) -> CostBreakdown:
    """Cost per case of a list of activities at the given allocation rates.

    `detail=False` leaves out what only a screen or a report shows (the direct resource
    and allocated lines, the unrounded elements as Decimal): the figures stored for a
    version need the elements, the unit cost, the staff minutes and the exact totals,
    which are the same either way."""
    settings = entity.settings
    positions = {position.code: position for position in entity.positions}
    resources = {resource.code: resource for resource in entity.resources}
    staff_minutes, quantities, minutes_by_unit = _weighted_uses(activities, positions,
                                                                resources)
    rounding = settings.rounding
    exact = rounding is _EXACT or (rounding is not _SUT and Rounding(rounding) is _EXACT)

    # Each element's exact total, kept as an unreduced [numerator, denominator] pair and
    # made a Fraction once: the same value as Fraction sums, without a Fraction (and its
    # gcd) at every product and sum. Products of decimals are summed exactly as Decimal
    # first (28 digits hold any bounded figure).
    sums: dict[CostElement, list[int]] = {}
    decimal_totals: dict[CostElement, Decimal] = dict.fromkeys(COST_ELEMENTS, ZERO)
    staff_lines = []
    divisor = _minutes_per_month(settings) * 12
    for code, minutes in staff_minutes.items():
        position = positions[code]
        per_minute, shown_rate = _per_minute(position.annual_cost, divisor, exact)
        if exact:
            amount = per_minute * Fraction(minutes)
            shown_amount = to_decimal(amount)
            add_ratio(sums, _PERSONAL, amount.numerator, amount.denominator)
        else:
            shown_amount = shown_rate * minutes
            decimal_totals[_PERSONAL] += shown_amount
        staff_lines.append(StaffLine(code, position.name, shown_rate, minutes, shown_amount))

    resource_lines = []
    for code, quantity in quantities.items():
        resource = resources[code]
        unit_cost = resource.unit_cost or ZERO
        amount_decimal = quantity * unit_cost
        decimal_totals[resource.element] += amount_decimal
        if detail:
            resource_lines.append(ResourceLine(code, resource.name, resource.element,
                                               unit_cost, quantity, amount_decimal))

    allocated_lines: list[AllocatedLine] = []
    if detail:
        for unit, minutes in minutes_by_unit.items():
            if minutes <= 0:
                continue
            allocated_lines.extend(AllocatedLine(rate, minutes) for rate in rates.for_unit(unit))
    _add_allocated(sums, minutes_by_unit, rates)
    for element, value in decimal_totals.items():
        if value:
            numerator, denominator = value.as_integer_ratio()
            add_ratio(sums, element, numerator, denominator)
    # `round_costs` of the totals, from the pairs (the cents of a value are those of
    # any pair that writes it).
    totals: dict[CostElement, Fraction] = {}
    shown: list[Decimal] = []
    round_element = ratio_cents_half_up if exact else ratio_cents_down
    for element in COST_ELEMENTS:
        pair = sums.get(element)
        if pair is None:
            totals[element] = _NO_AMOUNT
            shown.append(_NO_CENTS)
        else:
            numerator, denominator = pair
            totals[element] = Fraction(numerator, denominator)
            shown.append(round_element(numerator, denominator))
    unit_cost = (cents_half_up(sum(totals.values(), _NO_AMOUNT)) if exact
                 else sum(shown, ZERO))
    # `shown` is in COST_ELEMENTS order (the MCD's, element 1 to 7).
    personal, fungible, identifiable, non_fungible, third_party, depreciation, fixed = shown
    return CostBreakdown(
        rounding=_EXACT if exact else _SUT,
        personal=personal,
        material_fungible=fungible,
        servicio_identificable=identifiable,
        material_no_fungible=non_fungible,
        servicios_terceros=third_party,
        depreciacion=depreciation,
        costos_fijos=fixed,
        unit_cost=unit_cost,
        unrounded=({element: to_decimal(value) for element, value in totals.items()}
                   if detail else {}),
        staff=tuple(staff_lines),
        resources=tuple(resource_lines),
        allocated=tuple(allocated_lines),
        exact_totals=totals,
        unit_minutes=minutes_by_unit,
    )


def round_costs(totals: dict[CostElement, Fraction],
                exact: bool) -> tuple[dict[CostElement, Decimal], Decimal]:
    """The shown elements and the unit cost from the exact element totals: "sut"
    truncates each element and adds them, "exact" rounds each and the total half-up."""
    round_element = cents_half_up if exact else cents_down
    shown = {element: round_element(value) for element, value in totals.items()}
    if exact:
        return shown, cents_half_up(sum(totals.values(), Fraction(0)))
    return shown, sum(shown.values(), ZERO)


def allocated_totals(minutes_by_unit: dict[str, Decimal],
                     rates: AllocationRates) -> dict[CostElement, Fraction]:
    """Elements 4–7 of a case: each unit's expected minutes at the unit's rates."""
    sums: dict[CostElement, list[int]] = {}
    _add_allocated(sums, minutes_by_unit, rates)
    return {element: Fraction(n, d) for element, (n, d) in sums.items()}


def _add_allocated(sums: dict[CostElement, list[int]], minutes_by_unit: dict[str, Decimal],
                   rates: AllocationRates) -> None:
    """Add to `sums` ([n, d] per element, `add_ratio`) each unit's expected minutes at
    the unit's rates, in integers: the minutes over one common denominator times each
    element's scaled rate (`AllocationRates.scaled`, over the element's one
    denominator) — the same exact value as Fraction products and sums, without a gcd
    or a Fraction at every one."""
    scaled = rates.scaled
    used = []
    common = 1  # the minutes' common denominator (1 for whole minutes)
    for unit, minutes in minutes_by_unit.items():
        if minutes <= 0:
            continue
        unit_rates = scaled.get(unit)
        if not unit_rates:
            continue
        numerator, denominator = minutes.as_integer_ratio()
        if denominator != 1:
            common = math.lcm(common, denominator)
        used.append((numerator, denominator, unit_rates))
    found: dict[CostElement, int] = {}  # Σ minutes × scaled rate, over common × denominator
    for numerator, denominator, unit_rates in used:
        numerator *= common // denominator
        for element, rate in unit_rates:
            found[element] = found.get(element, 0) + numerator * rate
    denominators = rates.denominators
    for element, total in found.items():
        add_ratio(sums, element, total, common * denominators[element])


@lru_cache(maxsize=4096)
def _per_minute(annual_cost: Decimal, divisor: Decimal, exact: bool) -> tuple[Fraction, Decimal]:
    """A position's exact cost per minute and the one shown (a municipality has a few
    dozen positions and measures hundreds of versions with them)."""
    per_minute = Fraction(annual_cost) / Fraction(divisor)
    return per_minute, to_decimal(per_minute) if exact else cents_down(per_minute)


def cost_per_minute(position: Position, settings: Settings) -> Decimal:
    """annual / 12 / (hours × days × 60): truncated to the cent in "sut", else full."""
    exact = Fraction(position.annual_cost) / Fraction(_minutes_per_month(settings) * 12)
    if Rounding(settings.rounding) is Rounding.EXACT:
        return to_decimal(exact)
    return cents_down(exact)


def _minutes_per_month(settings: Settings) -> Decimal:
    minutes = settings.hours_per_day * settings.days_per_month * 60
    if minutes <= 0:
        message = _("hours per day and days per month must be above 0")
        raise InputError(Problem(Location(path="settings"), message))
    return minutes


def _weighted_uses(
    activities: Sequence[Activity],
    positions: dict[str, Position],
    resources: dict[str, Resource],
) -> tuple[dict[str, Decimal], dict[str, Decimal], dict[str, Decimal]]:
    """Expected staff minutes per position, quantities per direct resource and the
    expected minutes per unit (`timing.unit_minutes`), in one pass.

    A resource of an allocated element listed on an activity is only a mark (the SUT's
    "x"): its cost reaches the case through the allocation, never per quantity.
    """
    staff: dict[str, Decimal] = {}
    quantities: dict[str, Decimal] = {}
    by_unit: dict[str, Decimal] = {}
    problems: list[Problem] = []
    for index, activity in enumerate(activities):
        probability = activity.probability
        minutes = activity.minutes * probability
        unit = activity.unit
        if unit is not None and activity.type is not _ESPERA:  # as `unit_minutes`
            by_unit[unit] = by_unit.get(unit, ZERO) + minutes
        for use in activity.staff:
            code = use.position
            if code not in positions:
                message = _("unknown position {code}")
                problems.append(_unknown(index, "staff", message, code))
                continue
            staff[code] = staff.get(code, ZERO) + use.count * minutes
        for resource_use in activity.resources:
            code = resource_use.resource
            resource = resources.get(code)
            if resource is None:
                problems.append(_unknown(index, "resources", _("unknown resource {code}"), code))
                continue
            if resource.element in _ALLOCATED:
                continue
            quantities[code] = quantities.get(code, ZERO) + resource_use.qty * probability
    if problems:
        raise InputError(problems)
    return staff, quantities, by_unit


def _unknown(index: int, field_name: str, message: str, code: str) -> Problem:
    return Problem(
        Location(path=f"activities[{index}].{field_name}", row=index + 1),
        message.format(code=code),
    )
