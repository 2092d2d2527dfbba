"""Speed of the Excel export (DESIGN §7): a script, not a test.

    uv run python bench/bench_excel.py                       # the region: 140 × 250 × 25
    uv run python bench/bench_excel.py --entities 4 --check  # small, and compare cells

Writes the region's activities (≈ 875,000 rows, snapshots generated in memory) to one
sheet in the Tabla ASME-VM layout with `procedures.exchange.asme_sheet`, then writes the
same cells with a bare openpyxl write-only loop (rows prepared beforehand, no styles, no
escaping), in the same run. Target: ours ≤ 1.3 × the bare write. On a shared machine
use --repeat 3 (best of three, alternating) to keep other load out of the ratio.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook, load_workbook

from models.codes import ActivityType, EntityKind, ImprovementAction, ValueClass
from procedures.exchange.asme_sheet import MARK, TYPES, VALUES, AsmeSheet, uses_text
from procedures.exchange.steps import citizen_label
from procedures.i18n import use_language
from procedures.snapshots import Activity, Entity, Position, Resource, ResourceUse, StaffUse, Unit

UNITS = [Unit(f"U{i:02d}", f"Unidad orgánica {i:02d}") for i in range(12)]
POSITIONS = [Position(f"P{i:02d}", f"Cargo {i:02d}", f"U{i % 12:02d}", Decimal(30000))
             for i in range(24)]
RESOURCES = [Resource("A4", "Papel bond A4", "material_fungible", unit_cost=Decimal("0.03")),
             Resource("MOV", "Movilidad local", "servicio_identificable",
                      unit_cost=Decimal(10))]
VERBS = ["Recibir", "Revisar", "Registrar", "Derivar", "Inspeccionar", "Emitir", "Firmar",
         "Notificar", "Archivar", "Esperar"]
PROBABILITIES = [Decimal(1)] * 6 + [Decimal("0.5"), Decimal("0.2")]


def procedures(rng: random.Random, count: int, size: int) -> list[tuple[Activity, ...]]:
    """`count` step tables of `size` activities (reused by every municipality)."""
    tables = []
    for number in range(count):
        steps = []
        for index in range(size):
            citizen = rng.random() < 0.1
            steps.append(Activity(
                description=f"{rng.choice(VERBS)} expediente {number}-{index}",
                unit=None if citizen else rng.choice(UNITS).code,
                type=rng.choice(list(ActivityType)),
                value=rng.choice(list(ValueClass)),
                minutes=Decimal(rng.choice([5, 10, 15, 30, 45, 90, 480])),
                probability=rng.choice(PROBABILITIES),
                parallel=index > 0 and rng.random() < 0.1,
                in_person=citizen and rng.random() < 0.5,
                staff=() if citizen else (StaffUse(rng.choice(POSITIONS).code),),
                resources=(ResourceUse("A4", Decimal(rng.randint(1, 3))),)
                if rng.random() < 0.3 else (),
                action=rng.choice(list(ImprovementAction)) if rng.random() < 0.2 else None,
            ))
        tables.append(tuple(steps))
    return tables


def bare_rows(tables: list[tuple[Activity, ...]]) -> list[list[list[object]]]:
    """The cells each step table produces, prepared once (outside the timed bare write)."""
    units = {unit.code: unit.name for unit in UNITS}
    names = {p.code: p.name for p in POSITIONS}
    resources = {r.code: r.name for r in RESOURCES}
    citizen = citizen_label()
    prepared = []
    for steps in tables:
        rows = []
        for a in steps:
            types = [MARK if t is a.type else None for t in TYPES]
            values = [MARK if v is a.value else None for v in VALUES]
            rows.append([
                a.description, citizen if a.unit is None else units[a.unit], a.unit, a.minutes,
                *types, *values, a.probability,
                uses_text((s.count, names[s.position], s.position) for s in a.staff) or None,
                uses_text((r.qty, resources[r.resource], r.resource) for r in a.resources)
                or None,
                a.action.value.capitalize() if a.action else None,
                MARK if a.parallel else None, MARK if a.in_person else None, None,
            ])
        prepared.append(rows)
    return prepared


def write_ours(path: Path, entity: Entity, tables: list[tuple[Activity, ...]],
               municipalities: int) -> float:
    start = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = AsmeSheet.create(book, "ASME región", entity)
    sheet.begin("Tabla ASME-VM — región Cajamarca", "Actual", "as-is", entity.name,
                ("*", "Todos"))
    for _municipality in range(municipalities):
        for steps in tables:
            sheet.rows(steps)
    sheet.end()
    book.save(path)
    return time.perf_counter() - start


def write_bare(path: Path, prepared: list[list[list[object]]], municipalities: int) -> float:
    start = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("ASME región")
    for _row in range(5):
        sheet.append(["Tabla ASME-VM"])
    number = 0
    for _municipality in range(municipalities):
        for rows in prepared:
            for cells in rows:
                number += 1
                sheet.append([number, *cells])
    book.save(path)
    return time.perf_counter() - start


def same_cells(ours: Path, bare: Path, rows: int) -> bool:
    first = load_workbook(ours, read_only=True).worksheets[0]
    second = load_workbook(bare, read_only=True).worksheets[0]
    mine = [r for r in first.iter_rows(min_row=6, max_row=5 + rows, values_only=True)]
    theirs = [r for r in second.iter_rows(min_row=6, max_row=5 + rows, values_only=True)]
    return [tuple(v for v in r if v is not None) for r in mine] == [
        tuple(v for v in r if v is not None) for r in theirs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=140)
    parser.add_argument("--procedures", type=int, default=250)
    parser.add_argument("--activities", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each, alternating; the best of each is kept")
    parser.add_argument("--check", action="store_true", help="compare the cells written")
    args = parser.parse_args()
    rng = random.Random(7)
    entity = Entity("060101", "Región Cajamarca (sintética)", EntityKind.PROVINCIAL,
                    units=tuple(UNITS), positions=tuple(POSITIONS), resources=tuple(RESOURCES))
    with use_language("es"):
        tables = procedures(rng, args.procedures, args.activities)
        prepared = bare_rows(tables)
        rows = args.entities * args.procedures * args.activities
        with tempfile.TemporaryDirectory() as folder:
            ours_path, bare_path = Path(folder) / "ours.xlsx", Path(folder) / "bare.xlsx"
            bare = ours = float("inf")
            for run in range(args.repeat):  # alternate, so drift hits both alike
                if run % 2:
                    ours = min(ours, write_ours(ours_path, entity, tables, args.entities))
                    bare = min(bare, write_bare(bare_path, prepared, args.entities))
                else:
                    bare = min(bare, write_bare(bare_path, prepared, args.entities))
                    ours = min(ours, write_ours(ours_path, entity, tables, args.entities))
            print(f"rows (activities)          {rows:>12,}")
            print(f"bare openpyxl write-only   {bare:>10.2f} s   "
                  f"{bare_path.stat().st_size / 1e6:7.1f} MB")
            print(f"Tabla ASME-VM export       {ours:>10.2f} s   "
                  f"{ours_path.stat().st_size / 1e6:7.1f} MB")
            print(f"ratio                      {ours / bare:>10.2f} x   (target <= 1.30)")
            if args.check:
                print("same cells:", same_cells(ours_path, bare_path, min(rows, 5000)))


if __name__ == "__main__":
    main()
