"""Benchmark: `export` of many municipalities in one package against a bare json.dump of its rows.

Issue #17: "export within 2× a bare `json.dump` of the same rows". Both sides are whole
processes of the same interpreter, alternated in the same run:

- the program: `main.py --db DB export --entity CODE --format json --out FILE`: the
  snapshots read in bulk, the canonical package written a municipality at a time;
- the bare baseline: sqlite3 reads the same rows (every row of the municipalities under
  CODE in the eleven tables a package holds: entity, unit, position, resource and its
  allocations, days off, procedure, requirement, version, activity, staff, resources
  used) as dicts of their columns and `json.dump`s them to a file with the same
  settings (`indent=2`, `ensure_ascii=False`).

    uv run python bench/bench_export.py [--municipalities 20] [--repeat 3]
    uv run python bench/bench_export.py --db /tmp/region.sqlite --entity 99 --repeat 1

Without --db the municipalities are generated first (`demo`, not timed).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from processes import MAIN, PYTHON, Run, alternate, load_average, report, run

BARE = r'''
import json, sqlite3, sys

database, code, target = sys.argv[1], sys.argv[2], sys.argv[3]
connection = sqlite3.connect(database)
connection.row_factory = sqlite3.Row
ENTITY = "SELECT id FROM entity WHERE ubigeo LIKE :code || '%'"
PROCEDURE = f"SELECT id FROM procedure WHERE entity_id IN ({ENTITY})"
VERSION = f"SELECT id FROM version WHERE procedure_id IN ({PROCEDURE})"
ACTIVITY = f"SELECT id FROM activity WHERE version_id IN ({VERSION})"
QUERIES = {
    "entity": f"SELECT * FROM entity WHERE id IN ({ENTITY}) ORDER BY ubigeo",
    "unit": f"SELECT * FROM unit WHERE entity_id IN ({ENTITY}) ORDER BY id",
    "position": f"SELECT * FROM position WHERE entity_id IN ({ENTITY}) ORDER BY id",
    "resource": f"SELECT * FROM resource WHERE entity_id IN ({ENTITY}) ORDER BY id",
    "resource_unit": "SELECT * FROM resource_unit WHERE resource_id IN "
                     f"(SELECT id FROM resource WHERE entity_id IN ({ENTITY}))",
    "non_working_day": f"SELECT * FROM non_working_day WHERE entity_id IN ({ENTITY})",
    "procedure": f"SELECT * FROM procedure WHERE id IN ({PROCEDURE}) ORDER BY id",
    "requirement": f"SELECT * FROM requirement WHERE procedure_id IN ({PROCEDURE}) "
                   f"OR version_id IN ({VERSION}) ORDER BY id",
    "version": f"SELECT * FROM version WHERE id IN ({VERSION}) ORDER BY id",
    "activity": f"SELECT * FROM activity WHERE id IN ({ACTIVITY}) ORDER BY id",
    "activity_staff": f"SELECT * FROM activity_staff WHERE activity_id IN ({ACTIVITY})",
    "activity_resource": f"SELECT * FROM activity_resource WHERE activity_id IN ({ACTIVITY})",
}
document = {table: [dict(row) for row in connection.execute(sql, {"code": code})]
            for table, sql in QUERIES.items()}
connection.close()
with open(target, "w", encoding="utf-8") as stream:
    json.dump(document, stream, ensure_ascii=False, indent=2)
print(sum(len(rows) for rows in document.values()), "rows,", len(document["activity"]),
      "activities")
'''


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=20)
    parser.add_argument("--db", type=Path, help="export from this database")
    parser.add_argument("--entity", default="99", help="the code exported (default 99)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        folder = Path(tmp)
        source = args.db
        if source is None:
            source = folder / "source.sqlite"
            print(f"generating {args.municipalities} municipalities (not timed)…",
                  file=sys.stderr)
            run([PYTHON, MAIN, "--db", str(source), "demo", "--municipalities",
                 str(args.municipalities), "--procedures", "250", "--activities", "25"])
        package, bare_file = folder / "package.tramite.json", folder / "bare.json"

        def ours() -> Run:
            return run([PYTHON, MAIN, "--db", str(source), "export", "--entity", args.entity,
                        "--format", "json", "--out", str(package)])

        def bare() -> Run:
            return run([PYTHON, "-c", BARE, str(source), args.entity, str(bare_file)])

        runs, bare_runs = alternate(ours, bare, args.repeat)
        sizes = package.stat().st_size / 1024 / 1024, bare_file.stat().st_size / 1024 / 1024
    print(f"export --entity {args.entity}: {runs[0].out.strip()[:70]}; "
          f"load average {load_average()}")
    print(f"files        package {sizes[0]:.0f} MB; bare dump {sizes[1]:.0f} MB "
          f"({bare_runs[0].out.strip()})")
    report("export (main.py export --format json)", runs, "bare sqlite3 + json.dump", bare_runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
