"""`compute_metrics`: every measurement of one version, from frozen snapshots."""

from __future__ import annotations

from decimal import Decimal

from procedures.metrics.allocation import AllocationRates
from procedures.metrics.burden import compute_burden, compute_yearly
from procedures.metrics.costing import compute_cost
from procedures.metrics.results import Metrics
from procedures.metrics.timing import compute_timing
from procedures.rules.compliance import check_version
from procedures.snapshots import Entity, Procedure, ReferenceValues, Settings, Version


def compute_metrics(
    entity: Entity,
    procedure: Procedure,
    version: Version,
    rates: AllocationRates,
    reference: ReferenceValues | None = None,
    *,
    detail: bool = True,
) -> Metrics:
    """Time, cost, burden, yearly totals and warnings of `version`.

    `rates` come from `allocation_rates` over the entity's as-is portfolio, so
    `entity.procedures` may be empty here; a to-be version is costed at those rates.
    `reference` gives the UIT when `entity.settings.uit` is not set; it is used only
    when its year is the settings' year (a fee is compared with the UIT of its year).
    Pure and thread-safe; messages are translated into the current language.
    `detail=False` (the stored figures) leaves the cost's display-only lines out
    (`compute_cost`); every figure is the same.
    """
    settings = entity.settings
    timing = compute_timing(version.activities, settings.minutes_per_working_day)
    cost = compute_cost(entity, version.activities, rates, detail=detail)
    citizen = compute_burden(settings, procedure, version)
    staff_minutes = cost.staff_minutes  # a sum over the staff lines: taken once
    yearly = compute_yearly(procedure.annual_demand, cost.unit_cost, staff_minutes, citizen)
    uit = resolve_uit(settings, reference)
    warnings = check_version(
        procedure, version, unit_cost=cost.unit_cost, business_days=timing.business_days, uit=uit
    )
    return Metrics(
        activities=timing.activities,
        by_type=timing.by_type,
        by_value=timing.by_value,
        total_minutes=timing.total_minutes,
        effort_minutes=timing.effort_minutes,
        staff_minutes=staff_minutes,
        lead_time_minutes=timing.lead_time_minutes,
        business_days=timing.business_days,
        va_minutes=timing.va_minutes,
        va_share=timing.va_share,
        handoffs=timing.handoffs,
        citizen_visits=timing.citizen_visits,
        cost=cost,
        fee=version.fee,
        fee_pct_uit=version.fee * 100 / uit if uit else None,
        citizen=citizen,
        yearly=yearly,
        warnings=warnings,
        uit=uit,
    )


def resolve_uit(settings: Settings, reference: ReferenceValues | None) -> Decimal | None:
    """settings.uit when set, else the reference UIT of settings.year, else None."""
    if settings.uit is not None and settings.uit > 0:
        return settings.uit
    if reference is not None and reference.year == settings.year and reference.uit > 0:
        return reference.uit
    return None
