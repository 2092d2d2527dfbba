"""Benchmark: the portfolio report of a region against a bare SQL aggregate of its activities.

Times `report portfolio` (DESIGN §6) over the region workload of DESIGN §7: load every
municipality under the code (`portfolio_load`), measure every procedure with the
engine, write the PDF. Next to it, in the same run: loading alone (the snapshots, no
metrics), and the bare baseline, plain `sqlite3` summing the same activity rows per
municipality (count, minutes × probability) with one GROUP BY. The ratio to the baseline
is what compares across machines.

    uv run python bench/bench_portfolio.py --db /tmp/region.sqlite [--entity 99] [--repeat 1]

Without --db (or with a file that does not exist yet) the region is generated first with
`demo --municipalities 140 --procedures 250 --activities 25` (about 30 s, not timed).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models.db import open_database  # noqa: E402
from procedures.demo.bootstrap import load_synthetic  # noqa: E402
from procedures.progress import TextProgressBar, no_progress  # noqa: E402
from procedures.services.reports import ReportRequest, build_report  # noqa: E402
from procedures.storage.bulk_read import entity_ubigeos, iter_entities  # noqa: E402

BARE_SQL = """
SELECT p.entity_id, count(*), sum(a.minutes * a.probability), count(DISTINCT p.id)
FROM activity a
JOIN version v ON a.version_id = v.id
JOIN procedure p ON v.procedure_id = p.id
JOIN entity e ON p.entity_id = e.id
WHERE e.ubigeo LIKE ? || '%'
GROUP BY p.entity_id
"""


def ensure_region(path: Path, show: bool) -> None:
    if path.exists():
        return
    print(f"generating the region into {path} (not timed)...", file=sys.stderr)
    db = open_database(path)
    try:
        with db.session() as session, session.begin():
            load_synthetic(session, 140, 250, 25, progress=TextProgressBar() if show
                           else no_progress)
    finally:
        db.close()


def run_report(path: Path, entity: str, out: Path, show: bool) -> tuple[float, str]:
    db = open_database(path)
    try:
        with db.session() as session:
            start = time.perf_counter()
            message = build_report(session, ReportRequest("portfolio", entity, out=out),
                                   progress=TextProgressBar() if show else no_progress)
            return time.perf_counter() - start, message
    finally:
        db.close()


def run_load(path: Path, entity: str) -> tuple[float, int, int]:
    """Seconds to build every snapshot (no metrics), procedures and activities seen."""
    db = open_database(path)
    try:
        with db.session() as session:
            start = time.perf_counter()
            procedures = activities = 0
            for loaded in iter_entities(session, entity_ubigeos(session, entity)):
                procedures += len(loaded.procedures)
                activities += sum(len(v.activities) for p in loaded.procedures
                                  for v in p.versions)
            return time.perf_counter() - start, procedures, activities
    finally:
        db.close()


def run_bare(path: Path, entity: str) -> tuple[float, int]:
    """Plain sqlite3: the same activity rows summed per municipality."""
    connection = sqlite3.connect(path)
    try:
        start = time.perf_counter()
        rows = connection.execute(BARE_SQL, (entity,)).fetchall()
        return time.perf_counter() - start, sum(row[1] for row in rows)
    finally:
        connection.close()


def _process(argv: list[str]) -> float:
    """Seconds of a whole process (start-up included), its output thrown away."""
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def run_json_process(path: Path, entity: str) -> float:
    """`main.py portfolio --entity CODE --json` as a person runs it (stored figures)."""
    return _process([sys.executable, "main.py", "--db", str(path), "portfolio", "--entity",
                     entity, "--json"])


BARE_PROCESS = """
import json, sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
rows = connection.execute({sql!r}, (sys.argv[2],)).fetchall()
json.dump(rows, sys.stdout)
"""


def run_bare_process(path: Path, entity: str) -> float:
    """The bare baseline as a whole process too: python, sqlite3, the GROUP BY, json."""
    return _process([sys.executable, "-c", BARE_PROCESS.format(sql=BARE_SQL), str(path),
                     entity])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--entity", default="99")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--progress", action="store_true", help="show a progress bar")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or Path(folder) / "region.sqlite"
        ensure_region(path, args.progress)
        out = Path(folder) / "portfolio.pdf"
        report, load, bare, json_runs, bare_runs = [], [], [], [], []
        for _ in range(args.repeat):  # alternated, so that all of them see the same load
            json_runs.append(run_json_process(path, args.entity))
            bare_runs.append(run_bare_process(path, args.entity))
            report.append(run_report(path, args.entity, out, args.progress))
            load.append(run_load(path, args.entity))
            bare.append(run_bare(path, args.entity))
    report_time = statistics.median(t for t, _ in report)
    load_time = statistics.median(t for t, _p, _a in load)
    bare_time = statistics.median(t for t, _ in bare)
    _t, procedures, activities = load[0]
    print(f"portfolio --entity {args.entity}: {report_time:.1f} s "
          f"(median of {args.repeat}) — {report[0][1]}")
    print(f"  loading alone (snapshots of {procedures} procedures, {activities} activities, "
          f"no metrics): {load_time:.1f} s")
    print(f"bare SQL aggregate over the same {bare[0][1]} activities: {bare_time:.2f} s")
    print(f"ratio report / bare: {report_time / bare_time:.0f}")
    json_time, bare_process = statistics.median(json_runs), statistics.median(bare_runs)
    print(f"portfolio --entity {args.entity} --json, whole process: {json_time:.2f} s; "
          f"bare GROUP BY, whole process: {bare_process:.2f} s; "
          f"ratio {json_time / bare_process:.1f} (target 3)")


if __name__ == "__main__":
    main()
