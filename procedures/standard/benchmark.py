"""The benchmark's results and statistics, without storage (the window, the PDF and the
command line all read these; `services.benchmark` fills them).

Rows are sorted by unit cost; each figure has its median, its best quartile (the 25th
percentile: lower is better for every performance figure) and its outliers (beyond 1.5
interquartile ranges from the quartiles, with at least four municipalities).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from models.codes import Calificacion, PlazoUnit
from procedures.formatting import number, smart_number
from procedures.i18n import N_, _
from procedures.metrics.results import json_money, json_number
from procedures.rules.compliance import term_text
from procedures.vocabulary import figure_value


class MatchKind(StrEnum):
    SELF = "self"  # the procedure asked about
    STANDARD = "standard"  # the same standard code
    LINK = "link"  # linked by a clerk (directly or through others)
    NAME = "name"  # the same name: a proposal, not confirmed


STRENGTH = {MatchKind.SELF: 0, MatchKind.STANDARD: 1, MatchKind.LINK: 2, MatchKind.NAME: 3}


@dataclass(frozen=True, slots=True)
class Match:
    """One municipality's procedure found to be the same one."""

    procedure_uuid: str
    ubigeo: str
    entity: str
    code: str
    name: str
    kind: MatchKind

    @property
    def confirmed(self) -> bool:
        """A name match is only a proposal until the clerk confirms it."""
        return self.kind is not MatchKind.NAME


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


def build_benchmark(scope: str, reference: Match,
                    measured: Sequence[tuple[Match, VersionFigures]],
                    not_mapped: Sequence[Match] = ()) -> Benchmark:
    """Statistics over the measured rows, and the rows sorted by unit cost."""
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
    return Benchmark(scope, reference, tuple(rows), median, quartile, tuple(not_mapped))


def ratio_text(value: Decimal | None) -> str:
    """Fee ÷ cost as "0.85" (two decimals, es/en separators via formatting)."""
    if value is None:
        return "—"
    return number(value.quantize(Decimal("0.01"), ROUND_HALF_UP), 2)


# -- the same words on screen, on paper and in the terminal -----------------------------
#: Column keys of a benchmark table, in reading order.
COLUMNS: tuple[str, ...] = (
    "entity", "version", "unit_cost", "fee", "fee_over_cost", "fee_pct_uit", "term",
    "business_days", "activities", "handoffs", "citizen_visits", "citizen_hours",
    "annual_demand", "warnings",
)


def column_title(key: str) -> str:
    """The heading of a benchmark column."""
    titles = {
        "entity": N_("Municipality"), "version": N_("Version in force"),
        "unit_cost": N_("Unit cost"), "fee": N_("Fee"), "fee_over_cost": N_("Fee ÷ cost"),
        "fee_pct_uit": N_("% UIT"), "term": N_("Legal term"),
        "business_days": N_("Business days"), "activities": N_("Steps"),
        "handoffs": N_("Hand-offs"), "citizen_visits": N_("Visits"),
        "citizen_hours": N_("Resident hours a year"), "annual_demand": N_("Cases a year"),
        "warnings": N_("Legal warnings"),
    }
    return _(titles[key])


def cell_text(row: BenchmarkRow, key: str) -> str:
    """One cell of a benchmark row, written as every other figure is (vocabulary)."""
    f = row.figures
    if key == "entity":
        return row.match.entity
    if key == "version":
        return f.version
    if key == "fee_over_cost":
        return ratio_text(row.fee_over_cost)
    if key == "term":
        return term_text(f.plazo, f.plazo_unit) if f.plazo is not None else "—"
    if key == "warnings":
        return number(len(f.warnings))
    if key == "fee_pct_uit":
        return figure_value("fee_pct_uit", f.fee_pct_uit)
    return figure_value(FIGURE_KEYS[key], COMPARED[key](f))


def statistic_text(key: str, value: Decimal) -> str:
    """A median or a quartile of a column, written as the column is."""
    measure_key = FIGURE_KEYS[key]
    if key in ("business_days", "activities", "handoffs", "annual_demand"):
        return smart_number(value, 1)  # a median of whole numbers may be a half
    return figure_value(measure_key, value)


#: The vocabulary's figure key of each compared column.
FIGURE_KEYS: dict[str, str] = {
    "unit_cost": "cost.unit_cost", "fee": "fee", "business_days": "business_days",
    "activities": "activities", "handoffs": "handoffs", "citizen_visits": "citizen_visits",
    "citizen_hours": "yearly.citizen_hours", "annual_demand": "yearly.cases",
}
