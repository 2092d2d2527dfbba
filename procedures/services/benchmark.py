"""Benchmark: one procedure across the municipalities under a code (issue #13, DESIGN §5).

The same procedure is found by `services.matching` (standard code, link, same name);
each municipality's figures are those of its version in force (`rules.scenario.in_force`)
and come through ONE function, `figures_in_force`, so that they can be read from stored
figures (#17) without touching anything else here. Rows are sorted by unit cost; each
figure has its median, its best quartile (the 25th percentile: lower is better for every
figure compared) and its outliers (beyond 1.5 interquartile ranges from the quartiles).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy.orm import Session

from models.codes import Calificacion, PlazoUnit
from procedures.errors import NotFoundError
from procedures.i18n import _
from procedures.metrics.results import json_money, json_number
from procedures.progress import Progress, no_progress
from procedures.rules.scenario import in_force, plazo_of
from procedures.services.matching import (
    Match,
    MatchKind,
    check_scope,
    matching_procedures,
    procedure_by_reference,
)
from procedures.services.measurement import procedure_context


@dataclass(frozen=True, slots=True)
class VersionFigures:
    """The figures of a procedure's version in force that a benchmark compares."""

    version: str
    unit_cost: Decimal
    fee: Decimal
    fee_pct_uit: Decimal | None
    business_days: int
    activities: int
    handoffs: int
    citizen_visits: Decimal
    citizen_minutes: Decimal
    citizen_hours: Decimal  # yearly
    entity_cost: Decimal  # yearly
    entity_hours: Decimal  # yearly
    annual_demand: int
    plazo: int | None
    plazo_unit: PlazoUnit
    calificacion: Calificacion
    warnings: tuple[str, ...]  # codes (DESIGN §4)


def figures_in_force(session: Session, procedure_uuids: Sequence[str],
                     progress: Progress = no_progress) -> dict[str, VersionFigures]:
    """The figures of the version in force of each procedure (by uuid); a procedure
    without a version is left out.

    The one place the benchmark reads figures: today the engine measures each version
    (`services.measurement`); with stored figures (`version_figures`, #17) this reads them.
    """
    out: dict[str, VersionFigures] = {}
    total = len(procedure_uuids)
    for index, uuid in enumerate(procedure_uuids):
        progress(index, total, "")
        context = procedure_context(session, uuid)
        version = in_force(context.procedure.versions)
        if version is None:
            continue
        m = context.measure(version).metrics
        plazo, unit = plazo_of(context.procedure, version)
        out[uuid] = VersionFigures(
            version=version.name, unit_cost=m.cost.unit_cost, fee=m.fee,
            fee_pct_uit=m.fee_pct_uit, business_days=m.business_days,
            activities=m.activities, handoffs=m.handoffs, citizen_visits=m.citizen_visits,
            citizen_minutes=m.citizen.minutes, citizen_hours=m.yearly.citizen_hours,
            entity_cost=m.yearly.entity_cost, entity_hours=m.yearly.entity_hours,
            annual_demand=context.procedure.annual_demand, plazo=plazo, plazo_unit=unit,
            calificacion=(version.calificacion or context.procedure.calificacion),
            warnings=tuple(dict.fromkeys(w.code.value for w in m.warnings)))
    progress(total, total, "")
    return out


#: The figures with a median, quartile and outliers, and how each is read from a row.
COMPARED: dict[str, Callable[[VersionFigures], Decimal | int]] = {
    "unit_cost": lambda f: f.unit_cost,
    "fee": lambda f: f.fee,
    "business_days": lambda f: f.business_days,
    "activities": lambda f: f.activities,
    "handoffs": lambda f: f.handoffs,
    "citizen_visits": lambda f: f.citizen_visits,
    "citizen_hours": lambda f: f.citizen_hours,
    "annual_demand": lambda f: f.annual_demand,
}
MONEY_KEYS = frozenset({"unit_cost", "fee"})
#: Figures where less is better (demand is not a performance: no quartile, no outlier).
PERFORMANCE = ("unit_cost", "fee", "business_days", "activities", "handoffs",
               "citizen_visits", "citizen_hours")


@dataclass(frozen=True, slots=True)
class BenchmarkRow:
    match: Match
    figures: VersionFigures
    outliers: frozenset[str]  # keys of COMPARED whose value is an outlier
    best: frozenset[str]  # keys where the row is within the best quartile

    @property
    def fee_over_cost(self) -> Decimal | None:
        """Fee ÷ unit cost (above 1: the fee exceeds the cost); None with no cost."""
        cost = self.figures.unit_cost
        return self.figures.fee / cost if cost > 0 else None

    @property
    def over_term(self) -> bool:
        """Measured business days above a legal term in días hábiles."""
        f = self.figures
        return (f.plazo is not None and f.plazo_unit is PlazoUnit.HABILES
                and f.business_days > f.plazo)


@dataclass(frozen=True, slots=True)
class Benchmark:
    scope: str
    reference: Match
    rows: tuple[BenchmarkRow, ...]
    median: dict[str, Decimal]
    quartile: dict[str, Decimal]  # the best (first) quartile of each performance figure
    not_mapped: tuple[Match, ...]  # found, but with no version to measure

    def to_json(self) -> dict[str, Any]:
        """DESIGN §5: {"procedure": {…}, "rows": [{…}], "median": {…}}."""
        ref = self.reference
        in_force_name = next((r.figures.version for r in self.rows
                              if r.match.procedure_uuid == ref.procedure_uuid), None)
        return {
            "procedure": {"ubigeo": ref.ubigeo, "entity": ref.entity, "code": ref.code,
                          "name": ref.name, "version": in_force_name, "scope": self.scope,
                          "municipalities": len(self.rows),
                          "not_mapped": [f"{m.ubigeo}/{m.code}" for m in self.not_mapped]},
            "rows": [_row_json(row) for row in self.rows],
            "median": {key: _encode(key, value) for key, value in self.median.items()},
        }


def _encode(key: str, value: Decimal | int) -> str | int | float:
    if key in MONEY_KEYS:
        return json_money(Decimal(value))
    return json_number(Decimal(value))


def _row_json(row: BenchmarkRow) -> dict[str, Any]:
    m, f = row.match, row.figures
    return {
        "ubigeo": m.ubigeo, "entity": m.entity, "code": m.code, "name": m.name,
        "version": f.version, "unit_cost": json_money(f.unit_cost), "fee": json_money(f.fee),
        "business_days": f.business_days, "activities": f.activities,
        "handoffs": f.handoffs, "citizen_visits": json_number(f.citizen_visits),
        "citizen_hours": json_number(f.citizen_hours), "annual_demand": f.annual_demand,
        "warnings": list(f.warnings),
    }


def quantile(values: Sequence[Decimal], q: Decimal) -> Decimal:
    """The q-quantile with linear interpolation between order statistics (the
    "inclusive" method: the median for q = 1/2, exact in Decimal)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def run_benchmark(session: Session, scope: str, procedure_uuid: str,
                  progress: Progress = no_progress) -> Benchmark:
    """The benchmark of one procedure across the municipalities under `scope`.

    NotFoundError when no other municipality under the code has the procedure.
    """
    check_scope(scope)
    matches = matching_procedures(session, procedure_uuid, scope)
    reference = next(m for m in matches if m.kind is MatchKind.SELF)
    others = [m for m in matches if m.kind is not MatchKind.SELF]
    if not others:
        raise NotFoundError(_(
            "no other municipality under {scope} has the procedure {code} — "
            "{name} (by standard code, link or the same name)").format(
            scope=scope, code=reference.code, name=reference.name[:80]))
    in_scope = [m for m in matches if m.ubigeo.startswith(scope)]
    figures = figures_in_force(session, [m.procedure_uuid for m in in_scope], progress)
    measured = [(m, figures[m.procedure_uuid]) for m in in_scope if m.procedure_uuid in figures]
    not_mapped = tuple(m for m in in_scope if m.procedure_uuid not in figures)
    median: dict[str, Decimal] = {}
    quartile: dict[str, Decimal] = {}
    fences: dict[str, tuple[Decimal, Decimal]] = {}
    for key, read in COMPARED.items():
        values = [Decimal(read(f)) for _m, f in measured]
        if not values:
            continue
        median[key] = quantile(values, Decimal("0.5"))
        if key in PERFORMANCE:
            q1, q3 = quantile(values, Decimal("0.25")), quantile(values, Decimal("0.75"))
            quartile[key] = q1
            spread = (q3 - q1) * Decimal("1.5")
            if len(values) >= 4 and spread > 0:
                fences[key] = (q1 - spread, q3 + spread)
    rows = []
    for match, f in measured:
        outliers = frozenset(key for key, (low, high) in fences.items()
                             if not low <= Decimal(COMPARED[key](f)) <= high)
        best = frozenset(key for key, q1 in quartile.items()
                         if Decimal(COMPARED[key](f)) <= q1)
        rows.append(BenchmarkRow(match, f, outliers, best))
    rows.sort(key=lambda r: (r.figures.unit_cost, r.figures.business_days, r.match.ubigeo))
    return Benchmark(scope, reference, tuple(rows), median, quartile, not_mapped)


def benchmark_by_reference(session: Session, scope: str, reference: str,
                           progress: Progress = no_progress) -> Benchmark:
    """The CLI's door: `--entity CODE --procedure UBIGEO/CODE`."""
    check_scope(scope)
    return run_benchmark(session, scope, procedure_by_reference(session, reference), progress)


def ratio_text(value: Decimal | None) -> str:
    """Fee ÷ cost as "0.85" (two decimals, es/en separators via formatting)."""
    from procedures.formatting import number

    if value is None:
        return "—"
    return number(value.quantize(Decimal("0.01"), ROUND_HALF_UP), 2)
