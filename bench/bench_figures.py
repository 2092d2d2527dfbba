"""Benchmark: stored figures (issue #17) — what keeping them costs.

    uv run python bench/bench_figures.py [--municipalities 20] [--repeat 3]

Generates `--municipalities` synthetic municipalities of 250 procedures × 25 activities
into a temporary SQLite file (not timed), then times, best of `--repeat`:

- refresh of one whole municipality (`refresh_figures(entity_ids=[…])`), next to the bare
  baseline of reading its activity rows with plain `sqlite3` (the least any computation
  must do);
- `rebuild_figures` of all of them (what an import of that many municipalities adds),
  next to a bare `executemany` of the same activity rows into a scratch table;
- reading the in-force figures of every procedure (`in_force_figures`, what a portfolio
  needs) next to a bare SQL GROUP BY over the same step rows;
- one step edit through the service in its own transaction (as the window does): of a
  to-be version (rates stay, one version measured) and of an as-is version (the rates
  move, the whole municipality is measured again), next to the same edit with the hook
  switched off.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import event, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from models import tables as t  # noqa: E402
from models.db import open_database  # noqa: E402
from procedures.demo.synthetic import generate_synthetic  # noqa: E402
from procedures.services import activities as ea  # noqa: E402
from procedures.services import figures as fs  # noqa: E402
from procedures.services import versions as vs  # noqa: E402

ROWS = """SELECT a.version_id, a.unit_id, a.type, a.value, a.minutes, a.probability,
a.parallel, a.in_person FROM activity a JOIN version v ON a.version_id = v.id
JOIN procedure p ON v.procedure_id = p.id WHERE p.entity_id IN ({ids})"""


GROUP_BY = """SELECT p.entity_id, count(*), sum(a.minutes * a.probability),
count(DISTINCT p.id) FROM activity a JOIN version v ON a.version_id = v.id
JOIN procedure p ON v.procedure_id = p.id GROUP BY p.entity_id"""


#: CPU seconds of the best run of each `best` call, in call order (a shared machine's
#: load stretches wall time; the CPU ratio is printed next to the wall one).
CPU: list[float] = []


def best(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        work()
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    wall, cpu = min(times)
    CPU.append(cpu)
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-figures-"))
    path = folder / "region.sqlite"
    db = open_database(path)
    print(f"generating {args.municipalities} × 250 × 25 into {path} (not timed)...",
          file=sys.stderr)
    with db.session() as session, session.begin():
        generate_synthetic(session, args.municipalities, 250, 25)
    with db.session() as session:
        entity_ids = list(session.scalars(select(t.Entity.id).order_by(t.Entity.id)))
        versions = session.scalar(select(t.Version.uuid).order_by(t.Version.id))
    assert versions is not None
    with db.session() as session, session.begin():
        proposal = vs.create_proposal(session, versions, "Propuesta")
    raw = sqlite3.connect(path)

    def bare_read(ids: list[int]) -> None:
        raw.execute(ROWS.format(ids=",".join(map(str, ids)))).fetchall()

    def refresh(ids: list[int]) -> None:
        with db.session() as session, session.begin():
            fs.refresh_figures(session, entity_ids=ids)

    def rebuild() -> None:
        with db.session() as session, session.begin():
            fs.rebuild_figures(session)

    def bare_write() -> None:
        rows = raw.execute(ROWS.format(ids=",".join(map(str, entity_ids)))).fetchall()
        raw.execute("CREATE TEMP TABLE IF NOT EXISTS scratch (a, b, c, d, e, f, g, h)")
        raw.execute("DELETE FROM scratch")
        raw.executemany("INSERT INTO scratch VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        raw.commit()

    one = entity_ids[:1]
    lines = []
    lines.append(("refresh one municipality (250 versions)", best(args.repeat,
                  lambda: refresh(one)), best(args.repeat, lambda: bare_read(one)),
                  "bare: read its activity rows"))
    count = len(entity_ids) * 250 + 1
    lines.append((f"rebuild {len(entity_ids)} municipalities ({count} versions)",
                  best(args.repeat, rebuild), best(args.repeat, bare_write),
                  "bare: read + executemany of their activity rows"))

    def stored_read() -> None:
        with db.session() as session:
            fs.in_force_figures(session, "99")

    def bare_group_by() -> None:
        raw.execute(GROUP_BY).fetchall()

    lines.append((f"read the in-force figures of {len(entity_ids)} municipalities",
                  best(args.repeat, stored_read), best(args.repeat, bare_group_by),
                  "bare: SQL GROUP BY of their step rows"))

    with db.session() as session:
        as_is_step = ea.activity_uuids(session, versions)[1]
        to_be_step = ea.activity_uuids(session, proposal)[1]
    flip = [Decimal(7)]

    def edit(uuid: str) -> None:
        flip[0] = Decimal(15) - flip[0]
        with db.session() as session, session.begin():
            ea.update_activity(session, uuid, "minutes", flip[0])

    def without_hook(uuid: str) -> float:
        event.remove(Session, "before_commit", fs._before_commit)
        try:
            return best(args.repeat * 3, lambda: edit(uuid))
        finally:
            event.listen(Session, "before_commit", fs._before_commit)
            with db.session() as session, session.begin():
                fs.rebuild_figures(session)

    lines.append(("edit a to-be step (one version measured)",
                  best(args.repeat * 3, lambda: edit(to_be_step)), without_hook(to_be_step),
                  "bare: the same edit without the hook"))
    lines.append(("edit an as-is step (rates move: 250 versions)",
                  best(args.repeat * 3, lambda: edit(as_is_step)), without_hook(as_is_step),
                  "bare: the same edit without the hook"))
    with db.session() as session:
        assert fs.check_figures(session) == []
    raw.close()
    db.close()
    # Each line's two `best` calls ran in order (the edit's bare one inside `without_hook`).
    cpu = iter(CPU)
    print(f"load average {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    print(f"{'':<52} {'wall':>9}      {'bare':>8}     ratio   (CPU: ours / bare = ratio)")
    for name, seconds, bare, what in lines:
        ours_cpu, bare_cpu = next(cpu), next(cpu)
        print(f"{name:<52} {seconds * 1000:9.1f} ms   {bare * 1000:8.1f} ms  "
              f"{seconds / bare:6.1f}×  (CPU {ours_cpu * 1000:.1f} / {bare_cpu * 1000:.1f} ms"
              f" = {ours_cpu / max(bare_cpu, 1e-9):.1f}×; {what})")


if __name__ == "__main__":
    main()
