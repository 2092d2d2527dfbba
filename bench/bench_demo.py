"""Benchmark: generate the region workload (DESIGN §7) into a fresh SQLite database.

Times `generate_synthetic` for 140 municipalities × 250 procedures × 25 activities
(≈ 875,000 activities, ≈ 2.1 million rows in all) inside one transaction, commit
included, next to a bare baseline measured in the same run: plain `sqlite3` executemany
of the same number of activity-shaped rows into a table with no keys, indexes, checks or
foreign keys. The ratio of the two is what compares across machines.

    uv run python bench/bench_demo.py [--municipalities 140 --procedures 250 --activities 25]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models.db import open_database  # noqa: E402
from procedures.demo.synthetic import generate_synthetic  # noqa: E402
from procedures.progress import TextProgressBar, no_progress  # noqa: E402

BASELINE_COLUMNS = (
    "id INTEGER, uuid TEXT, version_id INTEGER, position INTEGER, description TEXT, "
    "unit_id INTEGER, type TEXT, value TEXT, minutes NUMERIC, probability NUMERIC, "
    "parallel INTEGER, in_person INTEGER, note TEXT, time_by TEXT, based_on TEXT"
)


def bench_generator(
    folder: Path, municipalities: int, procedures: int, activities: int, show: bool
) -> tuple[float, int, int]:
    """Seconds, rows written and activities for the generator on a fresh migrated file."""
    db = open_database(folder / "demo.sqlite")  # migrating is not part of the timing
    try:
        start = time.perf_counter()
        with db.session() as session, session.begin():
            summary = generate_synthetic(
                session, municipalities, procedures, activities,
                progress=TextProgressBar() if show else no_progress,
            )
        return time.perf_counter() - start, summary.rows, summary.activities
    finally:
        db.close()


def bench_baseline(folder: Path, rows: int) -> float:
    """Seconds for bare sqlite3 to insert `rows` activity-shaped rows (same pragmas)."""
    rng = random.Random(1)
    data = [
        (i, f"{rng.getrandbits(128):032x}", i // 25 + 1, i % 25 + 1, "Elaborar el informe técnico",
         i % 7 + 1, "operacion", "VA", 30, "1", 0, 0, "", "", "")
        for i in range(1, rows + 1)
    ]
    connection = sqlite3.connect(folder / "baseline.sqlite", isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute(f"CREATE TABLE activity ({BASELINE_COLUMNS})")
        start = time.perf_counter()
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO activity VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", data
        )
        connection.execute("COMMIT")
        return time.perf_counter() - start
    finally:
        connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=140)
    parser.add_argument("--procedures", type=int, default=250)
    parser.add_argument("--activities", type=int, default=25)
    parser.add_argument("--progress", action="store_true", help="show a progress bar")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-demo-") as tmp:
        folder = Path(tmp)
        seconds, rows, activities = bench_generator(
            folder, args.municipalities, args.procedures, args.activities, args.progress
        )
        baseline = bench_baseline(folder, activities)
    print(f"workload     {args.municipalities} × {args.procedures} × {args.activities}: "
          f"{activities:,} activities, {rows:,} rows in all")
    print(f"generator    {seconds:8.2f} s  {rows / seconds:12,.0f} rows/s "
          f"({activities / seconds:,.0f} activities/s)")
    print(f"baseline     {baseline:8.2f} s  {activities / baseline:12,.0f} rows/s "
          f"(bare sqlite3 executemany of {activities:,} rows, plain table)")
    print(f"ratio        {seconds / baseline:8.2f} × the baseline time "
          f"({(rows / seconds) / (activities / baseline):.2f} × its row rate)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
