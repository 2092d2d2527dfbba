"""Another clerk, in a process of its own: edits the database a window has open.

    python -m tests.ui.other_clerk TARGET minutes ROW VALUE AUTHOR
    python -m tests.ui.other_clerk TARGET describe ROW TEXT AUTHOR
    python -m tests.ui.other_clerk TARGET new-procedure CODE NAME AUTHOR

TARGET is a SQLite file or a PostgreSQL URL; ROW is 0-based in the first version of the
first procedure. Prints "ok" when the edit is committed.
"""

from __future__ import annotations

import sys
from decimal import Decimal

from sqlalchemy.orm import Session

from models.db import open_database
from procedures.services import activities as ea
from procedures.services import procedures as ep
from procedures.services.queries import navigator_entities, procedure_header, procedure_index


def _first_version(session: Session) -> str:
    procedure = procedure_index(session)[0]
    header = procedure_header(session, procedure.uuid)
    return header.versions[0].uuid


def main(argv: list[str]) -> int:
    target, action, *args = argv
    database = open_database(target, create=False)
    try:
        with database.session() as session, session.begin():
            if action in ("minutes", "describe"):
                row, value, author = int(args[0]), args[1], args[2]
                uuid = ea.activity_uuids(session, _first_version(session))[row]
                field = "minutes" if action == "minutes" else "description"
                ea.update_activity(session, uuid, field,
                                   Decimal(value) if field == "minutes" else value, author)
            elif action == "new-procedure":
                code, name, author = args
                ubigeo = navigator_entities(session)[0].ubigeo
                ep.create_procedure(session, ubigeo, code, name, author)
            else:
                raise SystemExit(f"unknown action {action}")
    finally:
        database.close()
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
