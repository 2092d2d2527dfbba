"""Benchmark of one procedure across a region (issue #13 point 5): the service against a
bare SQL query of the same rows, measured in the same run.

    uv run python bench/bench_benchmark.py --db /tmp/region.sqlite [--scope 06] [--repeat 3]

Make the region with `main.py --db /tmp/region.sqlite demo --municipalities 140
--procedures 250 --activities 25`. The synthetic procedures share their names across
municipalities, so the benchmark finds one per municipality by name. Target: 100 ms for
the query; today each municipality's figures are computed by the engine (its as-is
portfolio is loaded for the allocation rates), so the figure depends on stored figures
(#17) replacing `figures_in_force`.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select

from models import tables as t
from models.db import open_database
from procedures.services.benchmark import run_benchmark
from procedures.services.matching import matching_procedures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--scope", default="06")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    db = open_database(Path(args.db))
    with db.session() as session:
        uuid, name = session.execute(select(t.Procedure.uuid, t.Procedure.name).join(
            t.Entity).where(t.Entity.ubigeo.startswith(args.scope)).order_by(
            t.Procedure.id)).first()
    bare, matching, full = [], [], []
    rows = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        with sqlite3.connect(args.db) as connection:
            found = connection.execute(
                "SELECT e.ubigeo, p.code, v.fee, count(a.id) FROM procedure p "
                "JOIN entity e ON e.id = p.entity_id JOIN version v ON v.procedure_id = p.id "
                "LEFT JOIN activity a ON a.version_id = v.id "
                "WHERE e.ubigeo LIKE ? AND lower(p.name) = lower(?) AND v.kind = 'as_is' "
                "GROUP BY p.id", (args.scope + "%", name)).fetchall()
        bare.append(time.perf_counter() - start)
        with db.session() as session:
            start = time.perf_counter()
            matches = matching_procedures(session, uuid, args.scope)
            matching.append(time.perf_counter() - start)
            start = time.perf_counter()
            result = run_benchmark(session, args.scope, uuid)
            full.append(time.perf_counter() - start)
        rows = len(result.rows)
        assert len(matches) >= len(found)
    db.close()
    b, m, f = min(bare), min(matching), min(full)
    print(f"scope {args.scope}: {rows} municipalities, procedure {name!r}")
    print(f"bare SQL query (same rows, fee and step count): {b * 1000:8.1f} ms")
    print(f"matching (standard code, links, names):         {m * 1000:8.1f} ms  "
          f"ratio {m / b:6.1f}")
    print(f"benchmark (stored figures):                     {f * 1000:8.1f} ms  "
          f"ratio {f / b:6.1f}  (target 100 ms)")


if __name__ == "__main__":
    main()
