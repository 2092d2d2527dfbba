"""Benchmark: `import` of a package of many municipalities against a bare json.load + executemany.

Issue #17: "the import of a 20-municipality package (125,000 activities) within 2.5× a
bare `json.load` + `executemany` of the same rows, and the region in well under a
minute; memory under 1 GB for the region file". Both sides are whole processes of the
same interpreter, alternated in the same run:

- the program: `main.py --db NEW import PACKAGE` into a migrated empty database (a copy
  made before each run, not timed): reading, validation, writing, commit;
- the bare baseline: `json.load` of the same file, its rows flattened into tuples, and
  sqlite3 `executemany` of every one of them (entities, units, positions, resources,
  their allocations, procedures, requirements, versions, activities, staff, resources
  used) into plain tables with no keys, indexes, checks or foreign keys, in one
  transaction (WAL, synchronous NORMAL, as the program).

    uv run python bench/bench_import.py [--municipalities 20] [--repeat 3]
    uv run python bench/bench_import.py --db /tmp/region.sqlite --entity 99 --repeat 1

Without --db the municipalities are generated first (`demo`, not timed); the package is
exported from the database with `export --entity CODE` (not timed).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from processes import MAIN, PYTHON, Run, alternate, load_average, report, run

BARE = r'''
import json, sqlite3, sys

package, target = sys.argv[1], sys.argv[2]
with open(package, encoding="utf-8") as stream:
    document = json.load(stream)
TABLES = {
    "entity": "id, ubigeo, name, kind, province, year, hours_per_day, days_per_month, "
              "minutes_per_working_day, rounding, citizen_hour_value, travel_minutes, "
              "travel_fare",
    "unit": "id, entity_id, code, name, other_tupa_minutes",
    "position": "id, entity_id, code, name, unit, annual_cost",
    "resource": "id, entity_id, code, name, element, unit_cost, annual_cost, quantity, "
                "acquisition_cost, rate, driver",
    "resource_unit": "resource_id, unit, driver_value, tupa_factor",
    "procedure": "id, uuid, entity_id, position, code, name, kind, calificacion, plazo, "
                 "plazo_unit, annual_demand, preparation_minutes, filed_at, approved_by",
    "requirement": "procedure_id, version_id, position, name, kind, cost",
    "version": "id, uuid, procedure_id, position, name, kind, fee",
    "activity": "id, uuid, version_id, position, description, unit, citizen, type, value, "
                "minutes, probability, parallel, in_person, note, based_on",
    "activity_staff": "activity_id, position, count",
    "activity_resource": "activity_id, resource, qty",
}
rows = {name: [] for name in TABLES}
ids = dict.fromkeys(("entity", "unit", "position", "resource", "procedure", "version",
                     "activity"), 0)
for e in document["entities"]:
    ids["entity"] += 1
    entity = ids["entity"]
    s = e.get("settings", {})
    rows["entity"].append((entity, e["ubigeo"], e["name"], e["kind"], e.get("province"),
                           s.get("year"), s.get("hours_per_day"), s.get("days_per_month"),
                           s.get("minutes_per_working_day"), s.get("rounding"),
                           s.get("citizen_hour_value"), s.get("travel_minutes"),
                           s.get("travel_fare")))
    for u in e.get("units", ()):
        ids["unit"] += 1
        rows["unit"].append((ids["unit"], entity, u["code"], u["name"],
                             u.get("other_tupa_minutes")))
    for p in e.get("positions", ()):
        ids["position"] += 1
        rows["position"].append((ids["position"], entity, p["code"], p["name"], p.get("unit"),
                                 p["annual_cost"]))
    for r in e.get("resources", ()):
        ids["resource"] += 1
        rows["resource"].append((ids["resource"], entity, r["code"], r["name"], r["element"],
                                 r.get("unit_cost"), r.get("annual_cost"), r.get("quantity"),
                                 r.get("acquisition_cost"), r.get("rate"), r.get("driver")))
        factors = r.get("tupa_factor", {})
        for unit, value in r.get("driver_values", {}).items():
            rows["resource_unit"].append((ids["resource"], unit, value, factors.get(unit)))
    for p in e.get("procedures", ()):
        ids["procedure"] += 1
        procedure = ids["procedure"]
        rows["procedure"].append((procedure, p.get("id"), entity, procedure, p["code"],
                                  p["name"], p.get("kind"), p.get("calificacion"),
                                  p.get("plazo"), p.get("plazo_unit"), p.get("annual_demand"),
                                  p.get("preparation_minutes"), p.get("filed_at"),
                                  p.get("approved_by")))
        for i, q in enumerate(p.get("requirements", ())):
            rows["requirement"].append((procedure, None, i, q["name"], q.get("kind"),
                                        q.get("cost")))
        for i, v in enumerate(p.get("versions", ())):
            ids["version"] += 1
            version = ids["version"]
            rows["version"].append((version, v.get("id"), procedure, i, v["name"], v["kind"],
                                    v.get("fee")))
            for j, a in enumerate(v.get("activities", ()), 1):
                ids["activity"] += 1
                activity = ids["activity"]
                rows["activity"].append((
                    activity, a.get("id"), version, j, a["description"], a.get("unit"),
                    a.get("citizen", False), a["type"], a["value"], a["minutes"],
                    a.get("probability", "1"), a.get("parallel", False),
                    a.get("in_person", False), a.get("note", ""), a.get("based_on", "")))
                for x in a.get("staff", ()):
                    rows["activity_staff"].append((activity, x["position"], x.get("count", 1)))
                for x in a.get("resources", ()):
                    rows["activity_resource"].append((activity, x["resource"],
                                                      x.get("qty", 1)))
connection = sqlite3.connect(target, isolation_level=None)
connection.execute("PRAGMA journal_mode = WAL")
connection.execute("PRAGMA synchronous = NORMAL")
connection.execute("BEGIN")
for name, columns in TABLES.items():
    connection.execute(f"CREATE TABLE {name} ({columns})")
    marks = ", ".join("?" for _ in columns.split(","))
    connection.executemany(f"INSERT INTO {name} VALUES ({marks})", rows[name])
connection.execute("COMMIT")
connection.close()
print(sum(len(found) for found in rows.values()), "rows,", len(rows["activity"]), "activities")
'''


def prepare(folder: Path, source: Path | None, municipalities: int, entity: str
            ) -> tuple[Path, Path]:
    """The package to import and a migrated empty database to copy (neither timed)."""
    if source is None:
        source = folder / "source.sqlite"
        print(f"generating {municipalities} municipalities (not timed)…", file=sys.stderr)
        run([PYTHON, MAIN, "--db", str(source), "demo", "--municipalities",
             str(municipalities), "--procedures", "250", "--activities", "25"])
    package = folder / "package.tramite.json"
    run([PYTHON, MAIN, "--db", str(source), "export", "--entity", entity, "--format", "json",
         "--out", str(package)])
    template = folder / "template.sqlite"
    sys.path.insert(0, str(Path(MAIN).parent))
    from models.db import open_database

    open_database(template).close()
    return package, template


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=20)
    parser.add_argument("--db", type=Path, help="export the package from this database")
    parser.add_argument("--entity", default="99", help="the code exported (default 99)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp)
        package, template = prepare(folder, args.db, args.municipalities, args.entity)
        target, bare_target = folder / "target.sqlite", folder / "bare.sqlite"

        def ours() -> Run:
            for path in folder.glob("target.sqlite*"):
                path.unlink()
            shutil.copyfile(template, target)
            return run([PYTHON, MAIN, "--db", str(target), "import", str(package)])

        def bare() -> Run:
            for path in folder.glob("bare.sqlite*"):
                path.unlink()
            return run([PYTHON, "-c", BARE, str(package), str(bare_target)])

        runs, bare_runs = alternate(ours, bare, args.repeat)
        size = package.stat().st_size / 1024 / 1024
    print(f"package      {size:.0f} MB, {bare_runs[0].out.strip()} "
          f"(export --entity {args.entity}); load average {load_average()}")
    print(f"import says  {runs[0].out.strip()[:100]}")
    report("import (main.py import)", runs, "bare json.load + executemany", bare_runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
