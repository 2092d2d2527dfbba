"""The prioritisation matrix: yearly demand × burden on the resident, as plain coordinates.

Each mapped procedure with a yearly demand is a point: cases a year across, what one case
costs the resident (time valued and money, S/) up. The candidates to simplify first are
those with the highest yearly cost to residents (cases × cost per case: the portfolio's
ranking). The quadrant lines are at the medians. `layout` places everything in a box of
any size, so the window (QPainter) and the PDF (ReportLab) draw the same chart; demand is
on a logarithmic axis when it spans more than a factor of twenty (a certificate asked
thirty times a year and a licence asked three thousand times both stay readable).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from statistics import median

#: How many candidates the overview names (the portfolio numbers its ranked table's ten).
CANDIDATES = 5


@dataclass(frozen=True, slots=True)
class Point:
    uuid: str
    code: str
    name: str
    cases: int
    burden: Decimal  # S/ per case
    entity: str = ""  # a portfolio of many municipalities names each point's

    @property
    def yearly(self) -> Decimal:
        return self.burden * self.cases


@dataclass(frozen=True, slots=True)
class Matrix:
    points: tuple[Point, ...]
    candidates: tuple[Point, ...]
    median_cases: float
    median_burden: float
    left_out: int  # mapped procedures without a yearly demand (not on the chart)


def matrix(points: Sequence[Point], left_out: int = 0,
           candidates: int = CANDIDATES) -> Matrix:
    shown = tuple(p for p in points if p.cases > 0)
    ranked = sorted(shown, key=lambda p: (-p.yearly, p.code))
    return Matrix(shown, tuple(ranked[:candidates]),
                  float(median(p.cases for p in shown)) if shown else 0.0,
                  float(median(p.burden for p in shown)) if shown else 0.0,
                  left_out + len(points) - len(shown))


@dataclass(frozen=True, slots=True)
class Tick:
    value: float
    at: float  # position along the axis, 0..length


@dataclass(frozen=True, slots=True)
class Dot:
    point: Point
    x: float
    y: float  # from the top (screen coordinates); the PDF flips it
    rank: int  # 1.. for candidates, 0 otherwise


@dataclass(frozen=True, slots=True)
class Layout:
    width: float
    height: float
    dots: tuple[Dot, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    median_x: float
    median_y: float
    log_x: bool


def _nice_step(span: float, count: int = 5) -> float:
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def layout(data: Matrix, width: float, height: float) -> Layout:
    """Dots, ticks and median lines in a plot box of `width` × `height` (y down)."""
    cases = [p.cases for p in data.points] or [1]
    low, high = min(cases), max(cases)
    log_x = high / max(low, 1) > 20
    if log_x:
        start, end = math.floor(math.log10(max(low, 1))), math.ceil(math.log10(high))
        end = max(end, start + 1)

        def x_of(value: float) -> float:
            return (math.log10(max(value, 1)) - start) / (end - start) * width
        x_ticks = tuple(Tick(10.0 ** e, x_of(10.0 ** e)) for e in range(start, end + 1))
    else:
        step = _nice_step(high or 1)
        top = math.ceil(high / step) * step or step

        def x_of(value: float) -> float:
            return value / top * width
        x_ticks = tuple(Tick(i * step, x_of(i * step))
                        for i in range(round(top / step) + 1))
    burdens = [float(p.burden) for p in data.points] or [1.0]
    step_y = _nice_step(max(burdens) or 1)
    top_y = math.ceil(max(burdens) / step_y) * step_y or step_y

    def y_of(value: float) -> float:
        return height - value / top_y * height
    y_ticks = tuple(Tick(i * step_y, y_of(i * step_y))
                    for i in range(round(top_y / step_y) + 1))
    ranks = {(p.entity, p.uuid, p.code): n for n, p in enumerate(data.candidates, start=1)}
    dots = tuple(Dot(p, x_of(p.cases), y_of(float(p.burden)),
                     ranks.get((p.entity, p.uuid, p.code), 0)) for p in data.points)
    return Layout(width, height, dots, x_ticks, y_ticks, x_of(data.median_cases or 1),
                  y_of(data.median_burden), log_x)
