"""The measurements of a version and their JSON form (DESIGN §4).

JSON encoding: money as strings with exactly two decimals ("45.92"); minutes, hours and
visits as numbers (an int when integral, else a float rounded to 2 decimals); `va_share`
rounded to 4 decimals; `fee_pct_uit` rounded to 2 decimals or null when no UIT is known.
The figure table below drives both `Metrics.to_json` and the comparison, so the two never
disagree on keys or encodings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from functools import partial
from typing import Any

from models.codes import ActivityType, CostElement, ValueClass
from procedures.formatting import round_money
from procedures.metrics.burden import CitizenBurden, Yearly
from procedures.metrics.costing import CostBreakdown
from procedures.rules.compliance import MetricWarning


@dataclass(frozen=True, slots=True)
class Metrics:
    """Everything measured on one version, per case unless the name says yearly.

    Two kinds of staff minutes, never to be confused (docs/FIGURES.md):
    `effort_minutes` are the minutes of the entity's steps whatever their headcount
    ("minutos de actividad"); `staff_minutes` count each person on a step
    ("minutos-persona"), and `yearly.entity_hours` is staff_minutes × cases / 60.
    """

    activities: int
    by_type: dict[ActivityType, int]
    by_value: dict[ValueClass, int]
    total_minutes: Decimal
    effort_minutes: Decimal
    staff_minutes: Decimal
    lead_time_minutes: Decimal
    business_days: int
    va_minutes: Decimal
    va_share: Decimal
    handoffs: int
    citizen_visits: Decimal
    cost: CostBreakdown
    fee: Decimal
    fee_pct_uit: Decimal | None
    citizen: CitizenBurden
    yearly: Yearly
    warnings: tuple[MetricWarning, ...] = ()
    uit: Decimal | None = None

    def figure(self, key: str) -> Decimal | int | None:
        """A figure by its dotted JSON key, e.g. "cost.unit_cost" or "by_type.espera"."""
        return FIGURES[key].read(self)

    def to_json(self) -> dict[str, Any]:
        data = nest({key: figure.encode(figure.read(self)) for key, figure in FIGURES.items()})
        data["warnings"] = [warning.to_json() for warning in self.warnings]
        return data


class Kind(Enum):
    COUNT = "count"
    NUMBER = "number"
    MONEY = "money"
    SHARE = "share"
    PERCENT = "percent"


@dataclass(frozen=True, slots=True)
class Figure:
    kind: Kind
    read: Callable[[Metrics], Decimal | int | None]

    def encode(self, value: Decimal | int | None) -> str | int | float | None:
        return encode(self.kind, value)


def encode(kind: Kind, value: Decimal | int | None) -> str | int | float | None:
    if value is None:
        return None
    if kind is Kind.COUNT:
        return int(value)
    if kind is Kind.MONEY:
        return json_money(Decimal(value))
    if kind is Kind.SHARE:
        return float(Decimal(value).quantize(Decimal("0.0001"), ROUND_HALF_UP))
    if kind is Kind.PERCENT:
        return float(Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP))
    return json_number(Decimal(value))


def json_money(value: Decimal) -> str:
    """Decimal('45.9') -> '45.90' (half-up to the cent, never '-0.00')."""
    cents = round_money(value)
    return f"{cents:.2f}" if cents else "0.00"


def json_number(value: Decimal) -> int | float:
    """1150 -> 1150; 7.456 -> 7.46 (half up)."""
    rounded = value.quantize(Decimal("0.01"), ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return int(rounded)
    return float(rounded)


def nest(flat: dict[str, Any]) -> dict[str, Any]:
    """{"cost.personal": x} -> {"cost": {"personal": x}}, keeping key order."""
    data: dict[str, Any] = {}
    for key, value in flat.items():
        *parents, leaf = key.split(".")
        target = data
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = value
    return data


def _type_count(activity_type: ActivityType, m: Metrics) -> int:
    return m.by_type[activity_type]


def _value_count(value_class: ValueClass, m: Metrics) -> int:
    return m.by_value[value_class]


def _element_cost(element: CostElement, m: Metrics) -> Decimal:
    return m.cost.element(element)


def _figures() -> dict[str, Figure]:
    figures: dict[str, Figure] = {"activities": Figure(Kind.COUNT, lambda m: m.activities)}
    for activity_type in ActivityType:
        figures[f"by_type.{activity_type.value}"] = Figure(
            Kind.COUNT, partial(_type_count, activity_type)
        )
    for value_class in ValueClass:
        figures[f"by_value.{value_class.value}"] = Figure(
            Kind.COUNT, partial(_value_count, value_class)
        )
    figures.update(
        {
            "total_minutes": Figure(Kind.NUMBER, lambda m: m.total_minutes),
            "effort_minutes": Figure(Kind.NUMBER, lambda m: m.effort_minutes),
            "staff_minutes": Figure(Kind.NUMBER, lambda m: m.staff_minutes),
            "lead_time_minutes": Figure(Kind.NUMBER, lambda m: m.lead_time_minutes),
            "business_days": Figure(Kind.COUNT, lambda m: m.business_days),
            "va_minutes": Figure(Kind.NUMBER, lambda m: m.va_minutes),
            "va_share": Figure(Kind.SHARE, lambda m: m.va_share),
            "handoffs": Figure(Kind.COUNT, lambda m: m.handoffs),
            "citizen_visits": Figure(Kind.NUMBER, lambda m: m.citizen_visits),
        }
    )
    for element in CostElement:
        figures[f"cost.{element.value}"] = Figure(
            Kind.MONEY, partial(_element_cost, element)
        )
    figures.update(
        {
            "cost.unit_cost": Figure(Kind.MONEY, lambda m: m.cost.unit_cost),
            "fee": Figure(Kind.MONEY, lambda m: m.fee),
            "fee_pct_uit": Figure(Kind.PERCENT, lambda m: m.fee_pct_uit),
            "citizen.minutes": Figure(Kind.NUMBER, lambda m: m.citizen.minutes),
            "citizen.visits": Figure(Kind.NUMBER, lambda m: m.citizen.visits),
            "citizen.out_of_pocket": Figure(Kind.MONEY, lambda m: m.citizen.out_of_pocket),
            "citizen.cost": Figure(Kind.MONEY, lambda m: m.citizen.cost),
            "yearly.cases": Figure(Kind.COUNT, lambda m: m.yearly.cases),
            "yearly.entity_cost": Figure(Kind.MONEY, lambda m: m.yearly.entity_cost),
            "yearly.entity_hours": Figure(Kind.NUMBER, lambda m: m.yearly.entity_hours),
            "yearly.citizen_hours": Figure(Kind.NUMBER, lambda m: m.yearly.citizen_hours),
            "yearly.citizen_cost": Figure(Kind.MONEY, lambda m: m.yearly.citizen_cost),
        }
    )
    return figures


#: Every numeric figure of `Metrics` by its dotted JSON key, in DESIGN §4 order.
FIGURES: dict[str, Figure] = _figures()
