"""Benchmark: the overview of one municipality of the region against a bare SQL query.

Times `entity_overview` (the window's municipality overview: figures of every procedure's
version in force through `entity_figures`, counts, warnings by kind, the prioritisation
matrix, recent changes) for one municipality of the region workload of DESIGN §7 (250
procedures × 25 activities), and, in the same run, the bare baseline: plain `sqlite3`
reading that municipality's activity rows (count and minutes × probability per
procedure, one GROUP BY). Target: 100 ms (issue #13, point 5). The overview's figures
come from the engine today; stored per-version figures will replace that part.

    uv run python bench/bench_overview.py --db /tmp/region.sqlite [--entity 060101] [--repeat 5]

Without --db (or with a file that does not exist yet) the region is generated first with
`demo --municipalities 140 --procedures 250 --activities 25` (about 30 s, not timed).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_portfolio import ensure_region  # noqa: E402
from models.db import open_database  # noqa: E402
from procedures.services import overview as overview_module  # noqa: E402
from procedures.services.entity_figures import entity_figures  # noqa: E402
from procedures.services.overview import entity_overview  # noqa: E402

TARGET_MS = 100.0
BARE_SQL = """
SELECT p.id, count(a.id), sum(a.minutes * a.probability)
FROM procedure p
JOIN entity e ON p.entity_id = e.id
JOIN version v ON v.procedure_id = p.id
LEFT JOIN activity a ON a.version_id = v.id
WHERE e.ubigeo = ?
GROUP BY p.id
"""


def first_ubigeo(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        row = connection.execute(
            "SELECT e.ubigeo FROM entity e JOIN procedure p ON p.entity_id = e.id "
            "GROUP BY e.id ORDER BY count(*) DESC, e.ubigeo LIMIT 1").fetchone()
    return row[0]


def timed(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    found = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        found.append((time.perf_counter() - start) * 1000)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--entity")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "region.sqlite"
    ensure_region(path, show=False)
    ubigeo = args.entity or first_ubigeo(path)
    with sqlite3.connect(path) as connection:
        bare = timed(lambda: connection.execute(BARE_SQL, (ubigeo,)).fetchall(), args.repeat)
        procedures = len(connection.execute(BARE_SQL, (ubigeo,)).fetchall())
    db = open_database(path)
    try:
        with db.session() as session:
            figures = timed(lambda: entity_figures(session, ubigeo), args.repeat)
            overview = timed(lambda: entity_overview(session, ubigeo), args.repeat)
            # What the overview costs besides computing the figures: the figures handed
            # over ready (as stored per-version figures will be), the rest as it is.
            ready = entity_figures(session, ubigeo)
            real = overview_module.entity_figures
            overview_module.entity_figures = lambda _s, _u: ready  # type: ignore[assignment]
            try:
                rest = timed(lambda: entity_overview(session, ubigeo), args.repeat)
            finally:
                overview_module.entity_figures = real  # type: ignore[assignment]
    finally:
        db.close()
    best = min(overview)
    print(f"municipality {ubigeo}: {procedures} procedures")
    print(f"bare SQL (sqlite3, one GROUP BY): {min(bare):8.1f} ms best, "
          f"{statistics.median(bare):8.1f} ms median")
    print(f"entity_figures (the figures door):  {min(figures):8.1f} ms best, "
          f"{statistics.median(figures):8.1f} ms median")
    print(f"entity_overview:                    {best:8.1f} ms best, "
          f"{statistics.median(overview):8.1f} ms median")
    print(f"overview with the figures ready:    {min(rest):8.1f} ms best, "
          f"{statistics.median(rest):8.1f} ms median (what is left once figures are stored)")
    print(f"ratio overview / bare: {best / max(min(bare), 1e-6):.1f}; target {TARGET_MS:.0f} ms: "
          + ("met" if best <= TARGET_MS else "NOT met"))


if __name__ == "__main__":
    main()
