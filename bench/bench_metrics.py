"""Speed of the measurement engine (DESIGN §7): a script, not a test.

    uv run python bench/bench_metrics.py

Targets: all metrics of a 200-activity procedure <= 16 ms; the allocation of a
250-procedure x 25-activity municipality <= 50 ms. Each figure is printed next to a bare
Python loop over the same snapshots, measured in the same run, so the ratio can be
compared across machines.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.codes import (
    ActivityType,
    CostElement,
    EntityKind,
    ValueClass,
    VersionKind,
)
from procedures.metrics import allocation_rates, compute_metrics, portfolio_minutes
from procedures.rules.suggestions import suggest
from procedures.snapshots import (
    Activity,
    Entity,
    Position,
    Procedure,
    Requirement,
    Resource,
    ResourceUse,
    Settings,
    StaffUse,
    Unit,
    Version,
)

UNITS = [f"U{i:02d}" for i in range(12)]
POSITIONS = [f"P{i:02d}" for i in range(24)]
DIRECT = ["A4", "FOLDER", "MOV", "SOBRE"]
ALLOCATED = ["LUZ", "AGUA", "INTERNET", "PC", "TONER", "MANT"]
PROBABILITIES = [Decimal(1)] * 6 + [Decimal("0.5"), Decimal("0.2")]


def make_activity(rng: random.Random, index: int, prefix: str) -> Activity:
    unit = None if rng.random() < 0.1 else rng.choice(UNITS)
    kind = rng.choice(list(ActivityType))
    return Activity(
        description=f"Actividad {index} {rng.choice(['revisar', 'registrar', 'emitir'])}",
        unit=unit,
        type=kind,
        value=rng.choice(list(ValueClass)),
        minutes=Decimal(rng.randint(1, 480 if kind is ActivityType.ESPERA else 60)),
        probability=rng.choice(PROBABILITIES),
        parallel=index > 0 and rng.random() < 0.1,
        in_person=unit is None and rng.random() < 0.5,
        staff=tuple(
            StaffUse(rng.choice(POSITIONS), Decimal(rng.randint(1, 2)))
            for _ in range(0 if unit is None else rng.randint(1, 2))
        ),
        resources=tuple(
            ResourceUse(rng.choice(DIRECT + ALLOCATED[:1]), Decimal(rng.randint(1, 3)))
            for _ in range(rng.randint(0, 2))
        ),
        uid=f"{prefix}-{index}",
    )


def make_procedure(rng: random.Random, code: str, size: int) -> Procedure:
    activities = tuple(make_activity(rng, i, code) for i in range(size))
    version = Version("Actual", VersionKind.AS_IS, Decimal("35.50"), activities)
    return Procedure(
        code=code,
        name=code,
        plazo=15,
        annual_demand=rng.randint(10, 2000),
        preparation_minutes=Decimal(30),
        requirements=(Requirement("Solicitud"), Requirement("Copia del DNI", cost=Decimal("0.10"))),
        versions=(version,),
    )


def make_entity(rng: random.Random, procedures: tuple[Procedure, ...]) -> Entity:
    elements = [CostElement.COSTOS_FIJOS, CostElement.MATERIAL_NO_FUNGIBLE]
    resources = [
        Resource(code, code, CostElement.MATERIAL_FUNGIBLE, unit_cost=Decimal("0.05"))
        for code in DIRECT
    ] + [
        Resource(
            code,
            code,
            elements[i % 2] if code != "PC" else CostElement.DEPRECIACION,
            annual_cost=Decimal(rng.randint(1000, 90000)),
            quantity=Decimal(40),
            acquisition_cost=Decimal(3000),
            rate=Decimal("0.25"),
            driver_values=tuple((u, Decimal(rng.randint(0, 30))) for u in UNITS),
            tupa_factor=tuple((u, Decimal(rng.randint(0, 100)) / 100) for u in UNITS),
        )
        for i, code in enumerate(ALLOCATED)
    ]
    return Entity(
        ubigeo="060101",
        name="Bench",
        kind=EntityKind.PROVINCIAL,
        settings=Settings(uit=Decimal(5500)),
        units=tuple(Unit(u, u, Decimal(rng.randint(0, 200000))) for u in UNITS),
        positions=tuple(
            Position(p, p, rng.choice(UNITS), Decimal(rng.randint(18000, 90000))) for p in POSITIONS
        ),
        resources=tuple(resources),
        procedures=procedures,
    )


def timed(function: Callable[[], object], repeat: int) -> float:
    """Median wall time in milliseconds over `repeat` runs (after one warm-up)."""
    function()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def bare_activity_loop(activities: tuple[Activity, ...]) -> Decimal:
    """Baseline: one pass reading every weighted quantity, with no logic."""
    total = Decimal(0)
    for activity in activities:
        minutes = activity.minutes * activity.probability
        total += minutes
        for use in activity.staff:
            total += use.count * minutes
        for resource in activity.resources:
            total += resource.qty * activity.probability
    return total


def bare_portfolio_loop(procedures: tuple[Procedure, ...]) -> dict[str | None, Decimal]:
    """Baseline: yearly minutes per unit, summed in a plain loop."""
    totals: dict[str | None, Decimal] = {}
    for procedure in procedures:
        demand = procedure.annual_demand
        for activity in procedure.versions[0].activities:
            minutes = activity.minutes * activity.probability * demand
            totals[activity.unit] = totals.get(activity.unit, Decimal(0)) + minutes
    return totals


def report(name: str, engine_ms: float, baseline_ms: float, target_ms: float) -> None:
    verdict = "ok" if engine_ms <= target_ms else "SLOW"
    print(
        f"{name:<48} {engine_ms:8.2f} ms (target {target_ms:.0f} ms, {verdict})   "
        f"bare loop {baseline_ms:7.3f} ms   ratio {engine_ms / baseline_ms:6.1f}x"
    )


def main() -> None:
    rng = random.Random(2026)
    big = make_procedure(rng, "BIG", 200)
    entity = make_entity(rng, (big,))
    rates = allocation_rates(entity, portfolio_minutes(entity.procedures))
    version = big.versions[0]
    metrics_ms = timed(lambda: compute_metrics(entity, big, version, rates), 50)
    json_ms = timed(lambda: compute_metrics(entity, big, version, rates).to_json(), 50)
    loop_ms = timed(lambda: bare_activity_loop(version.activities), 200)
    suggest_ms = timed(lambda: suggest(entity, big, version, rates), 5)
    suggestions = len(suggest(entity, big, version, rates))

    portfolio = tuple(make_procedure(rng, f"PA-{i:03d}", 25) for i in range(250))
    municipality = make_entity(rng, portfolio)

    def allocate() -> object:
        return allocation_rates(municipality, portfolio_minutes(municipality.procedures))

    allocation_ms = timed(allocate, 30)
    portfolio_loop_ms = timed(lambda: bare_portfolio_loop(portfolio), 30)

    print(f"Python {sys.version.split()[0]}, median of repeated runs")
    report("compute_metrics, 200 activities", metrics_ms, loop_ms, 16)
    report("compute_metrics + to_json, 200 activities", json_ms, loop_ms, 16)
    report("allocation, 250 procedures x 25 activities", allocation_ms, portfolio_loop_ms, 50)
    print(
        f"{'suggest (no target; one recompute each)':<48} {suggest_ms:8.2f} ms "
        f"for {suggestions} suggestions on the 200-activity procedure"
    )


if __name__ == "__main__":
    main()
