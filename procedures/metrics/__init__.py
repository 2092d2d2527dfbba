"""Measurements of a procedure version: time, MCD cost, resident burden, comparison.

Pure functions of the frozen snapshots in `procedures.snapshots`; money is `Decimal`.
Typical use (the CLI, the window and the reports do this)::

    rates = allocation_rates(entity, portfolio_minutes(entity.procedures))
    metrics = compute_metrics(entity, procedure, version, rates, reference)
    metrics.to_json()

The allocation rates are a whole-portfolio computation: compute them once per entity
and reuse them for every version of every procedure.
"""

from __future__ import annotations

from procedures.metrics.allocation import (
    AllocationRate,
    AllocationRates,
    allocation_rates,
    portfolio_minutes,
)
from procedures.metrics.burden import CitizenBurden, Yearly
from procedures.metrics.compare import (
    ActivityChange,
    ActivityRef,
    Change,
    Comparison,
    Savings,
    compare_metrics,
)
from procedures.metrics.costing import (
    AllocatedLine,
    CostBreakdown,
    ResourceLine,
    StaffLine,
    cost_per_minute,
)
from procedures.metrics.engine import compute_metrics, resolve_uit
from procedures.metrics.results import FIGURES, Metrics
from procedures.rules.compliance import MetricWarning, WarningCode

__all__ = [
    "FIGURES",
    "ActivityChange",
    "ActivityRef",
    "AllocatedLine",
    "AllocationRate",
    "AllocationRates",
    "Change",
    "CitizenBurden",
    "Comparison",
    "CostBreakdown",
    "MetricWarning",
    "Metrics",
    "ResourceLine",
    "Savings",
    "StaffLine",
    "WarningCode",
    "Yearly",
    "allocation_rates",
    "compare_metrics",
    "compute_metrics",
    "cost_per_minute",
    "portfolio_minutes",
    "resolve_uit",
]
