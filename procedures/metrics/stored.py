"""The stored figures of a version as values: what `version_figures` keeps, how it is
made from the engine's measurement, compared, and re-costed at other rates.

Pure (no database): the storage side is `procedures.services.figures`; a package's
reading process (`exchange.read_ahead`) measures municipalities with this module alone,
without importing the storage layer.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Any

from models.codes import ALLOCATED_ELEMENTS
from procedures import snapshots as s

_ALLOCATED = frozenset(ALLOCATED_ELEMENTS)


@dataclass(frozen=True, slots=True)
class Figures:
    """One version's stored figures: per case, with the yearly demand they multiply."""

    activities: int
    business_days: int
    handoffs: int
    citizen_visits: Decimal
    total_minutes: Decimal
    effort_minutes: Decimal
    staff_minutes: Decimal
    lead_time_minutes: Decimal
    va_minutes: Decimal
    citizen_minutes: Decimal
    unit_cost: Decimal
    fee: Decimal
    fee_pct_uit: Decimal | None
    citizen_out_of_pocket: Decimal
    citizen_cost: Decimal
    cases: int
    warnings: tuple[str, ...]
    #: JSON of the exact totals of elements 1–3 and of the minutes per unit (`recost`).
    direct_costs: str = "{}"
    unit_minutes: str = "{}"

    @property
    def yearly(self) -> Any:
        """The engine's `Yearly` of these figures (the same formula, so the same Decimal)."""
        from procedures.metrics.burden import CitizenBurden, compute_yearly

        citizen = CitizenBurden(minutes=self.citizen_minutes, visits=self.citizen_visits,
                                out_of_pocket=self.citizen_out_of_pocket,
                                cost=self.citizen_cost)
        return compute_yearly(self.cases, self.unit_cost, self.staff_minutes, citizen)

    def row(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in _FIELDS}
        data["warnings"] = " ".join(self.warnings)
        return data

    @classmethod
    def of_row(cls, row: Any) -> Figures:
        values = {name: getattr(row, name) for name in _FIELDS}
        values["warnings"] = tuple(row.warnings.split())
        return cls(**values)


_FIELDS = tuple(f.name for f in fields(Figures))


def figures_of(metrics: Any) -> Figures:
    """The stored part of the engine's `Metrics`."""
    return Figures(
        activities=metrics.activities, business_days=metrics.business_days,
        handoffs=metrics.handoffs, citizen_visits=metrics.citizen_visits,
        total_minutes=metrics.total_minutes, effort_minutes=metrics.effort_minutes,
        staff_minutes=metrics.staff_minutes, lead_time_minutes=metrics.lead_time_minutes,
        va_minutes=metrics.va_minutes, citizen_minutes=metrics.citizen.minutes,
        unit_cost=metrics.cost.unit_cost, fee=metrics.fee, fee_pct_uit=metrics.fee_pct_uit,
        citizen_out_of_pocket=metrics.citizen.out_of_pocket,
        citizen_cost=metrics.citizen.cost, cases=metrics.yearly.cases,
        warnings=tuple(str(warning.code) for warning in metrics.warnings),
        direct_costs=json.dumps({element.value: str(value) for element, value
                                 in metrics.cost.exact_totals.items()
                                 if value and element not in _ALLOCATED}, sort_keys=True),
        unit_minutes=json.dumps({unit: f"{minutes.normalize():f}" for unit, minutes
                                 in metrics.cost.unit_minutes.items() if minutes > 0},
                                sort_keys=True))


def _values(text: str) -> dict[str, Any]:
    """A JSON column of figures as values: {"DC": "351.000000"} equals {"DC": "351"}."""
    from fractions import Fraction

    return {key: Fraction(value) for key, value in json.loads(text).items()}


def differing_fields(old: Figures, new: Figures) -> tuple[str, ...]:
    """The fields whose values differ (numbers by value, whatever their written scale:
    minutes read back from a column carry its decimals, a package's do not)."""
    found = []
    for name in _FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if name in ("direct_costs", "unit_minutes"):
            if before != after and _values(before) != _values(after):
                found.append(name)
        elif before != after:
            found.append(name)
    return tuple(found)


def recost(figures: Figures, rates: Any, exact: bool) -> Figures:
    """The figures of a version at other allocation rates, nothing else changed: the
    unit cost (elements 1–3 as stored, 4–7 from the minutes per unit) and whether the
    fee is above it; the engine's own rounding and rule."""
    from fractions import Fraction

    from models.codes import COST_ELEMENTS, CostElement
    from procedures.metrics.costing import allocated_totals, round_costs
    from procedures.rules.compliance import WarningCode, fee_above_cost

    totals = dict.fromkeys(COST_ELEMENTS, Fraction(0))
    for element, value in json.loads(figures.direct_costs).items():
        numerator, _slash, denominator = value.partition("/")
        totals[CostElement(element)] = Fraction(int(numerator), int(denominator or 1))
    minutes = {unit: Decimal(value) for unit, value in json.loads(figures.unit_minutes).items()}
    for element, amount in allocated_totals(minutes, rates).items():
        totals[element] += amount
    _shown, unit_cost = round_costs(totals, exact)
    code = str(WarningCode.FEE_ABOVE_COST)
    warnings = [warning for warning in figures.warnings if warning != code]
    if fee_above_cost(figures.fee, unit_cost):
        warnings.insert(0, code)
    return replace(figures, unit_cost=unit_cost, warnings=tuple(warnings))


def rates_key(rates: Any) -> str:
    """A digest of an entity's allocation rates (exact fractions, in a stable order)."""
    text = ";".join(sorted(f"{line.resource}|{line.unit}|{line.element}|{line.exact_rate}"
                           for line in rates.lines))
    return hashlib.sha1(text.encode()).hexdigest() if text else ""


#: A new municipality measured from its snapshot: the digest of its allocation rates, the
#: rates, and the figures of each version by (procedure code, version position).
Measured = tuple[str, Any, dict[tuple[str, int], Figures]]


def measure_for_storage(references: dict[int, s.ReferenceValues | None],
                        entity: s.Entity) -> Measured:
    """`entity` measured as `ImportedFigures` stores it, with the reference values of
    its year from `references` (a year not there has none, as in the database)."""
    return measure_snapshot(entity, references.get(entity.settings.year))


def measure_snapshot(entity: s.Entity, reference: s.ReferenceValues | None) -> Measured:
    from procedures.metrics import allocation_rates, compute_metrics, portfolio_minutes

    rates = allocation_rates(entity, portfolio_minutes(entity.procedures))
    figures = {
        (procedure.code, index): figures_of(
            compute_metrics(entity, procedure, version, rates, reference, detail=False))
        for procedure in entity.procedures
        for index, version in enumerate(procedure.versions)}
    return rates_key(rates), rates, figures
