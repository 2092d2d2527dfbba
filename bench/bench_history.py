"""The change history's cost: an edit with its entry against a bare ORM update of the
same field, and reading a long history against a bare SELECT of the same rows.

    uv run python bench/bench_history.py [--entries 20000] [--edits 300]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, text  # noqa: E402

from models import tables as t  # noqa: E402
from models.db import open_database  # noqa: E402
from procedures.services import versions as ev  # noqa: E402
from procedures.services.history import changes  # noqa: E402
from procedures.services.imports import import_package  # noqa: E402
from procedures.services.lookup import version_uuid  # noqa: E402

EXAMPLE = ROOT / "tests" / "data" / "certificado_posesion.tramite.json"


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--edits", type=int, default=300)
    args = parser.parse_args()
    db = open_database(Path(tempfile.mkdtemp()) / "bench.sqlite")
    with db.session() as session, session.begin():
        import_package(session, EXAMPLE)
    with db.session() as session:
        version = version_uuid(session, "060101", "PA-07", None)

    def edits() -> None:
        for i in range(args.edits):
            with db.session() as session, session.begin():
                ev.update_version(session, version, "fee", Decimal(40 + i % 7), "ana")

    def bare_edits() -> None:
        for i in range(args.edits):
            with db.session() as session, session.begin():
                row = session.scalar(select(t.Version).where(t.Version.uuid == version))
                assert row is not None
                row.fee = Decimal(40 + i % 7)

    ours, bare = timed(edits), timed(bare_edits)
    print(f"fee edit with its history entry: {ours / args.edits * 1000:.2f} ms; "
          f"bare ORM update: {bare / args.edits * 1000:.2f} ms; ratio {ours / bare:.2f}")
    with db.session() as session, session.begin():
        entity = session.scalar(select(t.Entity.id))
        session.execute(insert(t.ChangeLog), [dict(
            entity_id=entity, object_kind="version", object_uuid=version, action="update",
            summary="", author="ana", field="fee", old_value="40.00", new_value="41",
            procedure_uuid="p", procedure_label="PA-07", version_uuid=version,
            version_label="Actual") for _ in range(args.entries)])
    with db.session() as session:
        read = timed(lambda: changes(session, "060101"))
        select_all = timed(lambda: session.execute(text(
            "SELECT * FROM change_log ORDER BY at DESC, id DESC")).all())
        newest = timed(lambda: changes(session, "060101", limit=5000))
    print(f"history of {args.entries:,} entries: {read * 1000:.0f} ms; bare SELECT "
          f"{select_all * 1000:.0f} ms; ratio {read / select_all:.1f}; "
          f"the newest 5,000 (the History view): {newest * 1000:.0f} ms")
    db.close()


if __name__ == "__main__":
    main()
