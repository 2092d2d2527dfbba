"""`copy --entity UBIGEO --procedure CODE --to UBIGEO[,UBIGEO…] [--replace]` (DESIGN §5).

All the municipalities are written in one transaction: if any of them refuses (it has the
procedure already and --replace was not given, it does not exist…), nothing is written
anywhere and every refusal is one line on stderr (exit 2). A copy that replaces is
preceded by an automatic copy of a SQLite database.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from procedures.errors import InputError, ProblemCode
from procedures.i18n import N_

EXIT_OK = 0
EXIT_BAD_INPUT = 2

HINTS = {
    ProblemCode.EXISTING_PROCEDURE: N_("copy with --replace to replace it"),
    ProblemCode.NEEDS_PROPOSAL: N_("name one of them with --version NAME"),
}


def cmd_copy(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from cli.run import _database, problem_lines
    from procedures.copy_text import copy_lines
    from procedures.progress import TextProgressBar
    from procedures.services.copying import copy_procedure
    from procedures.services.lookup import procedure_uuid

    targets = [part.strip() for part in args.to.split(",") if part.strip()]
    db = _database(args)
    try:
        if args.replace:
            from procedures.services.database import copy_before

            copy_before(db, "copy")
        with db.session() as session, session.begin():
            source = procedure_uuid(session, args.entity, args.procedure)
            result = copy_procedure(session, source, targets, version=args.version,
                                    replace=args.replace, progress=TextProgressBar(err))
    except InputError as error:
        for line in problem_lines(error.problems, HINTS):
            print(line, file=err)
        return EXIT_BAD_INPUT
    finally:
        db.close()
    for line in copy_lines(result):
        print(line, file=out)
    return EXIT_OK
