"""Open the database for a command: `--db` starts empty, the default one gets the demo.

Opening is `procedures.services.database.open_for_work`: whatever is not a usable
Trámite Claro database is refused in words (exit 2) and left as it is. The default
database gets the demo, in one unit of work, while it has no municipality.
"""

from __future__ import annotations

from models.db import Database
from procedures.services import database as dbs


def open_for_cli(target: str | None, *, check_pages: bool = True) -> Database:
    try:
        db = dbs.open_for_work(target, check_pages=check_pages)
    except dbs.DatabaseProblem as problem:
        from cli.db_commands import restore_hint

        hint = restore_hint(target, problem)
        if not hint:
            raise
        raise dbs.DatabaseProblem(f"{problem} {hint}", problem.kind, problem.latest) from None
    if dbs.needs_demo(db):
        from procedures.demo.bootstrap import load_demo

        try:
            dbs.load_first_demo(db, load_demo)
        except BaseException:
            db.close()
            raise
    return db
