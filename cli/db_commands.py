"""`db check | rebuild | backup --out FILE | backups | restore FILE`: the database itself.

`check` compares every stored figure with a fresh computation and `rebuild` computes them
again (one transaction); both show their progress on stderr (a terminal's).
The others do not open the database for work: no migration, no automatic daily copy, so a
damaged file, one from a newer version or another program's is looked at and left as it
is. A PostgreSQL database's copies are the server's job; `db backup` writes a package.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from procedures.formatting import number
from procedures.i18n import _, ngettext
from procedures.services import database as dbs

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def cmd_db(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    actions = {"check": _check, "backup": _backup, "backups": _backups, "restore": _restore,
               "rebuild": _rebuild}
    return actions[args.db_command](args, out, err)


def _file(args: argparse.Namespace) -> Path | None:
    """The SQLite file of `--db` (None: a server)."""
    from models.db import sqlite_path

    return sqlite_path(dbs.target_url(args.db))


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from procedures.progress import TextProgressBar

    result = dbs.check_target(args.db, TextProgressBar(err))
    for line in result.lines:
        print(line, file=out)
    if result.sound:
        return EXIT_OK
    print(_("The database is not sound (see above)."), file=err)
    return EXIT_BAD_INPUT


def _rebuild(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from procedures.progress import TextProgressBar

    database = dbs.open_for_work(args.db, create=False)
    try:
        print(dbs.rebuild(database, TextProgressBar(err)), file=out)
    finally:
        database.close()
    return EXIT_OK


def _backup(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    path = _file(args)
    if path is not None:
        print(dbs.backup_file(path, Path(args.out)), file=out)
        return EXIT_OK
    database = dbs.open_for_work(args.db, create=False)
    try:
        print(dbs.backup_package(database, Path(args.out).expanduser().resolve()), file=out)
    finally:
        database.close()
    return EXIT_OK


def _backups(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    path = _file(args)
    if path is None:
        print(dbs.server_copies_note(), file=out)
        return EXIT_OK
    found = dbs.copies(path)
    if not found:
        print(_("There are no automatic copies of {database} yet.").format(database=path),
              file=out)
        return EXIT_OK
    print(ngettext("{n} automatic copy of {database} (the newest {keep} are kept), in {folder}:",
                   "{n} automatic copies of {database} (the newest {keep} are kept), in "
                   "{folder}:", len(found)).format(
        n=len(found), database=path, keep=dbs.kept(), folder=dbs.copies_folder(path)),
        file=out)
    for copy in found:
        size = _("{n} KB").format(n=number(max(copy.size // 1024, 1)))
        print(f"  {dbs.when(copy)}  {dbs.reason_words(copy.reason):<24}  {size:>10}  "
              f"{copy.path}", file=out)
    return EXIT_OK


def _restore(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    path = _file(args)
    if path is None:
        raise dbs.DatabaseProblem(dbs.server_copies_note() + " " + _(
            "To put a package's data back, use `import FILE --replace`."))
    message, _before = dbs.restore(path, Path(args.file))
    print(message, file=out)
    return EXIT_OK


def restore_hint(target: str | None, problem: dbs.DatabaseProblem) -> str:
    """How to restore a damaged database's latest copy from the command line."""
    if problem.latest is None:
        return ""
    option = f'--db "{target}" ' if target is not None else ""
    return _("Restore it with: main.py {option}db restore \"{file}\"").format(
        option=option, file=problem.latest.path)
