"""Whole processes timed for the benchmarks: wall and CPU seconds, peak memory, output.

Each figure of `bench_import`, `bench_export` and `bench_startup` is a child process
(the program as a person runs it) next to a bare baseline, also a child process of the
same interpreter, alternated in the same run so that both see the same machine load;
the medians and their ratio are printed.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAIN = str(ROOT / "main.py")
PYTHON = sys.executable


@dataclass(frozen=True)
class Run:
    """One finished child process."""

    wall: float  # seconds from start to exit (or to the line waited for)
    cpu: float  # user + system seconds
    peak_mb: float  # maximum resident set size
    code: int
    out: str
    err: str


def run(argv: Sequence[str], *, env: dict[str, str] | None = None,
        until: str | None = None) -> Run:
    """Run `argv` to its end; with `until`, `wall` is the time to the first stderr line
    holding that text (the process still runs to its end for CPU and memory)."""
    environment = {**os.environ, **(env or {})}
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        child = subprocess.Popen(list(argv), stdout=out, stderr=subprocess.PIPE, text=True,
                                 env=environment, cwd=ROOT)
        assert child.stderr is not None
        lines: list[str] = []
        seen: float | None = None
        for line in child.stderr:
            lines.append(line)
            if until is not None and seen is None and until in line:
                seen = time.perf_counter() - started
        _pid, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        printed = out.read()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:4])} … failed ({child.returncode}):\n"
                         + "".join(lines)[-2000:])
    if until is not None and seen is None:
        raise SystemExit(f"{' '.join(argv[:4])} … never printed {until!r}")
    return Run(seen if seen is not None else wall, usage.ru_utime + usage.ru_stime,
               usage.ru_maxrss / 1024, child.returncode, printed, "".join(lines))


def alternate(first: Callable[[], Run], second: Callable[[], Run],
              repeat: int) -> tuple[list[Run], list[Run]]:
    """Run the two `repeat` times each, alternated (same load for both)."""
    ones: list[Run] = []
    twos: list[Run] = []
    for _ in range(repeat):
        ones.append(first())
        twos.append(second())
    return ones, twos


def median(runs: list[Run], field: str = "wall") -> float:
    return statistics.median(getattr(run, field) for run in runs)


def report(name: str, runs: list[Run], bare_name: str, bare: list[Run]) -> float:
    """Print both medians (wall, CPU, memory) and the ratio of wall times; return it."""
    ratio = median(runs) / median(bare)
    for label, found in ((name, runs), (bare_name, bare)):
        print(f"{label:<42} {median(found):7.2f} s wall  {median(found, 'cpu'):7.2f} s CPU  "
              f"{max(r.peak_mb for r in found):7.0f} MB peak  (median of {len(found)})")
    print(f"{'ratio (wall, median)':<42} {ratio:7.2f} ×  "
          f"(CPU {median(runs, 'cpu') / median(bare, 'cpu'):.2f} ×)")
    return ratio


def load_average() -> str:
    try:
        return " ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "?"
