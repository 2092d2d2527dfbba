"""The headline figures of a procedure's version in force: what the portfolio (JSON,
text and PDF), the municipality overview and its matrix show for each procedure.

One row type, built either from the stored figures (`version_figures`, the usual way) or
from the engine's `Metrics` (a version whose figures are not stored yet); the yearly
figures come from the engine's own `compute_yearly` in both cases, so a row equals what
`metrics` gives for that version.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from procedures.metrics import Metrics
from procedures.metrics.burden import Yearly, yearly_totals

_ZERO = Decimal(0)
_HOUR = 60


class ProcedureFigures(NamedTuple):
    """A procedure's version in force, in the figures of the portfolio (DESIGN §5).

    A named tuple rather than a frozen dataclass: a region builds 35,000 of them, and a
    frozen dataclass sets each of its 17 fields through `object.__setattr__`.
    """

    uuid: str
    code: str
    name: str
    version: str
    activities: int
    has_proposal: bool
    cases: int  # yearly demand
    unit_cost: Decimal
    fee: Decimal
    business_days: int
    citizen_cost: Decimal  # burden on the resident, per case (time valued + money)
    citizen_hours: Decimal  # per case
    yearly_entity_cost: Decimal
    yearly_entity_hours: Decimal
    yearly_citizen_hours: Decimal
    yearly_citizen_cost: Decimal
    #: Warning codes in the engine's order, duplicates kept (one per step concerned).
    warnings: tuple[str, ...]

    @property
    def mapped(self) -> bool:
        """Whether its version in force has steps."""
        return self.activities > 0


def from_stored(uuid: str, code: str, name: str, version: str, has_proposal: bool,
                activities: int, business_days: int, unit_cost: Decimal, fee: Decimal,
                citizen_minutes: Decimal, staff_minutes: Decimal, citizen_cost: Decimal,
                cases: int, warnings: str) -> ProcedureFigures:
    """A row from the stored figures (`warnings` as stored: codes separated by spaces)."""
    yearly = yearly_totals(cases, unit_cost, staff_minutes, citizen_minutes, citizen_cost)
    return ProcedureFigures(
        uuid, code, name, version, activities, has_proposal, cases, unit_cost, fee,
        business_days, citizen_cost, citizen_minutes / _HOUR, yearly.entity_cost,
        yearly.entity_hours, yearly.citizen_hours, yearly.citizen_cost,
        tuple(warnings.split()))


def from_metrics(uuid: str, code: str, name: str, version: str, has_proposal: bool,
                 metrics: Metrics) -> ProcedureFigures:
    """A row from the engine's `Metrics` of the version."""
    m = metrics
    return _row(uuid, code, name, version, has_proposal, m.activities, m.business_days,
                m.cost.unit_cost, m.fee, m.citizen.cost, m.citizen.minutes, m.yearly,
                tuple(str(w.code) for w in m.warnings))


def _row(uuid: str, code: str, name: str, version: str, has_proposal: bool, activities: int,
         business_days: int, unit_cost: Decimal, fee: Decimal, citizen_cost: Decimal,
         citizen_minutes: Decimal, yearly: Yearly, warnings: tuple[str, ...]
         ) -> ProcedureFigures:
    return ProcedureFigures(
        uuid=uuid, code=code, name=name, version=version, activities=activities,
        has_proposal=has_proposal, cases=yearly.cases, unit_cost=unit_cost, fee=fee,
        business_days=business_days, citizen_cost=citizen_cost,
        citizen_hours=citizen_minutes / _HOUR, yearly_entity_cost=yearly.entity_cost,
        yearly_entity_hours=yearly.entity_hours, yearly_citizen_hours=yearly.citizen_hours,
        yearly_citizen_cost=yearly.citizen_cost, warnings=warnings)


@dataclass(frozen=True)
class EntityFigures:
    """One municipality and its procedures' figures (those with a version), in TUPA
    order, with the totals a portfolio prints for it (each summed once)."""

    ubigeo: str
    name: str
    rows: tuple[ProcedureFigures, ...]

    @cached_property
    def activities(self) -> int:
        return sum(row.activities for row in self.rows)

    @cached_property
    def yearly_cost(self) -> Decimal:
        return sum((row.yearly_entity_cost for row in self.rows), _ZERO)

    @cached_property
    def citizen_hours(self) -> Decimal:
        return sum((row.yearly_citizen_hours for row in self.rows), _ZERO)

    @cached_property
    def citizen_cost(self) -> Decimal:
        return sum((row.yearly_citizen_cost for row in self.rows), _ZERO)

    @cached_property
    def mean_days(self) -> Decimal:
        if not self.rows:
            return _ZERO
        return Decimal(sum(row.business_days for row in self.rows)) / len(self.rows)

    @cached_property
    def mean_fee(self) -> Decimal:
        if not self.rows:
            return _ZERO
        return sum((row.fee for row in self.rows), _ZERO) / len(self.rows)
