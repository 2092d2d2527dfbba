"""Run one command-line command: exit 0 on success, 2 on bad input (one line per problem)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from procedures.errors import Cancelled, DomainError, InputError, Location, Problem, ProblemCode
from procedures.i18n import N_, _, set_default_language

if TYPE_CHECKING:
    from models.db import Database

EXIT_OK = 0
EXIT_BAD_INPUT = 2

#: What to add on the command line, by kind of problem: the core's words name no
#: option, so the CLI says which one fixes it (on the first problem of each kind).
HINTS: dict[ProblemCode, str] = {
    ProblemCode.EXISTING_PROCEDURE: N_("import with --replace to overwrite it"),
    ProblemCode.UNKNOWN_UNIT: N_("import with --create-units to create the missing ones"),
    ProblemCode.NEEDS_ENTITY: N_("give it with --entity"),
    ProblemCode.NEEDS_PROCEDURE: N_("add --procedure CODE"),
    ProblemCode.NEEDS_PROPOSAL: N_("name it with --version NAME"),
    ProblemCode.VERSION_HAS_STEPS: N_("import with --replace to replace them, or name "
                                      "another version with --version NAME"),
    ProblemCode.NOT_FROM_HERE: N_("import it without --merge: with --replace to overwrite "
                                  "this database's copy, or plainly if it is new here"),
}


def language_from(argv: Sequence[str]) -> str | None:
    """--lang is needed before the parser is built (its help is translated)."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """Parse `argv` (bad options exit with code 2 and a one-line message)."""
    from cli.parser import build_parser

    lang = language_from(argv)
    if lang in ("es", "en"):
        set_default_language(lang)
    return build_parser().parse_args(list(argv))


def run(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    from cli.edge import MaskingStream, failure
    from procedures.logfile import start_log_file

    out = out or sys.stdout
    # No line on stderr ever shows a password.
    err = cast(TextIO, MaskingStream(err or sys.stderr))
    args = parse_arguments(argv)
    log_path = start_log_file()
    try:
        code = COMMANDS[args.command](args, out, err)
        out.flush()  # a reader that went away (`| head -1`) is met here, not at exit
        return code
    except InputError as error:
        for line in problem_lines(error.problems):
            print(line, file=err)
        return EXIT_BAD_INPUT
    except DomainError as error:
        print(str(error), file=err)
        return EXIT_BAD_INPUT
    except Cancelled:
        print(_("Cancelled; nothing was written."), file=err)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(_("Interrupted; nothing was written."), file=err)
        return 130
    except Exception as error:  # the edge: storage said no (worded), else cli.edge words it
        worded = _storage_problem(error)
        if worded is None:
            return failure(error, out, err, str(log_path or ""))
        print(str(worded), file=err)
        return EXIT_BAD_INPUT


def _storage_problem(error: BaseException) -> DomainError | None:
    from procedures.services.database import storage_problem

    return storage_problem(error)


def problem_lines(problems: Sequence[Problem],
                  hints: Mapping[ProblemCode, str] = HINTS) -> list[str]:
    """One line per problem, the first of each kind with the option that fixes it."""
    lines: list[str] = []
    hinted: set[ProblemCode] = set()
    for problem in problems:
        line = str(problem)
        if problem.code in hints and problem.code not in hinted:
            hinted.add(problem.code)
            line += "; " + _(hints[problem.code])
        lines.append(line)
    return lines


#: Report kinds that read a whole province or region and write nothing (as does the
#: `portfolio` command): the file is not read through before they start (`PRAGMA
#: quick_check` of a region's file costs more than the portfolio itself); SQLite finds
#: damage in the pages they read, and the edge words it.
_REGION_READERS = frozenset({"portfolio"})


def _database(args: argparse.Namespace, *, check_pages: bool = True) -> Database:
    from cli.database import open_for_cli

    return open_for_cli(args.db, check_pages=check_pages)


def _plain_file(target: str | None) -> Path | None:
    """The SQLite file `--db` names, for the commands that may read it through plain
    sqlite3 (`procedures.portfolio`); None for a server, memory or the default database
    (which may still need its first demo)."""
    if not target or "://" in target or target == ":memory:":
        return None
    return Path(target).expanduser().resolve()


def cmd_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from procedures.people import login_name
    from procedures.progress import TextProgressBar
    from procedures.results import describe
    from procedures.services.imports import import_file

    path = Path(args.file)
    if args.prefer is not None and not args.merge:
        raise InputError(Problem(Location(), _("--prefer goes with --merge")))
    if args.merge:
        return _merge(args, path, out, err)
    db = _database(args)
    try:
        _copy_before_import(db, args)
        with db.session() as session, session.begin():
            result = import_file(
                session, path, replace=args.replace, entity=args.entity,
                procedure=args.procedure, version=args.version,
                create_units=args.create_units, progress=TextProgressBar(err),
                author=login_name(),
            )
    finally:
        db.close()
    print(describe(result), file=out)
    return EXIT_OK


def _merge(args: argparse.Namespace, path: Path, out: TextIO, err: TextIO) -> int:
    """`import FILE --merge [--prefer database|file]`: one line per conflict, then the
    summary (conflicts are not errors: exit 0)."""
    from procedures.merge_words import conflict_line, summary_line
    from procedures.people import login_name
    from procedures.progress import TextProgressBar
    from procedures.services.merge import merge_package

    if not path.name.lower().endswith(".json"):
        raise InputError(Problem(Location(file=path.name), _(
            "only a .tramite.json package can be merged"), ProblemCode.UNKNOWN_FILE_TYPE))
    db = _database(args)
    try:
        _copy_before_import(db, args)
        with db.session() as session, session.begin():
            result = merge_package(session, path, prefer_file=args.prefer == "file",
                                   author=login_name(), progress=TextProgressBar(err))
    finally:
        db.close()
    for conflict in result.conflicts:
        print(conflict_line(conflict), file=out)
    print(summary_line(result), file=out)
    return EXIT_OK


def _copy_before_import(db: Database, args: argparse.Namespace) -> None:
    """An import that replaces or merges is preceded by an automatic copy (SQLite)."""
    if args.replace or getattr(args, "merge", False):
        from procedures.services.database import copy_before

        copy_before(db, "import")


def cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from procedures.progress import TextProgressBar
    from procedures.services.exports import export_file

    db = _database(args)
    try:
        with db.session() as session:
            message = export_file(session, args.entity, Path(args.out), args.format,
                                  procedure=args.procedure, version=args.version,
                                  progress=TextProgressBar(err))
    finally:
        db.close()
    print(message, file=out)
    return EXIT_OK


def cmd_metrics(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from cli.text import metrics_text
    from procedures.services.lookup import version_uuid
    from procedures.services.measurement import measure

    db = _database(args)
    try:
        with db.session() as session:
            measured = measure(session, version_uuid(session, args.entity, args.procedure,
                                                     args.version))
    finally:
        db.close()
    if args.json:
        json.dump(measured.metrics.to_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(metrics_text(measured))
    return EXIT_OK


def cmd_compare(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from cli.text import comparison_text
    from procedures.services.lookup import version_uuid
    from procedures.services.measurement import compare

    db = _database(args)
    try:
        with db.session() as session:
            comparison = compare(
                session,
                version_uuid(session, args.entity, args.procedure, args.from_version),
                version_uuid(session, args.entity, args.procedure, args.to_version))
    finally:
        db.close()
    if args.json:
        json.dump(comparison.to_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(comparison_text(comparison))
    return EXIT_OK


def cmd_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Write the report; a guide's or booklet's legal warnings go to stderr as
    `advertencia:` lines (DESIGN §5) and do not stop it (exit 0)."""
    from procedures.progress import TextProgressBar

    path = _plain_file(args.db)
    if args.kind == "portfolio" and path is not None:
        from datetime import date

        from procedures.portfolio import pdf_from_file

        # A file that needs nothing done to it: read through sqlite3 (see cmd_portfolio).
        written = pdf_from_file(path, args.entity, Path(args.out), args.lang or "es",
                                date.today(), TextProgressBar(err))
        if written is not None:
            print(written, file=out)
            return EXIT_OK
    from procedures.services.reports import ReportRequest, build_report, report_warnings

    request = ReportRequest(
        kind=args.kind, entity=args.entity, procedure=args.procedure, version=args.version,
        lang=args.lang or "es", large_print=args.large_print, out=Path(args.out),
    )
    db = _database(args, check_pages=args.kind not in _REGION_READERS)
    try:
        with db.session() as session:
            message = build_report(session, request, progress=TextProgressBar(err))
            warnings = report_warnings(session, request)
    finally:
        db.close()
    for line in warnings:
        print(_("warning: {message}").format(message=line), file=err)
    print(message, file=out)
    return EXIT_OK


def cmd_benchmark(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from cli.text import benchmark_text
    from procedures.services.benchmark import benchmark_by_reference

    db = _database(args)
    try:
        with db.session() as session:
            result = benchmark_by_reference(session, args.entity, args.procedure)
    finally:
        db.close()
    if args.json:
        json.dump(result.to_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(benchmark_text(result))
    return EXIT_OK


def cmd_copy(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from cli.copy_command import cmd_copy as run_copy

    return run_copy(args, out, err)


def cmd_demo(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from procedures.demo.bootstrap import load_demo, load_synthetic
    from procedures.progress import TextProgressBar

    sizes = (args.municipalities, args.procedures, args.activities)
    db = _database(args)
    try:
        with db.session() as session, session.begin():
            if any(size is not None for size in sizes):
                message = load_synthetic(
                    session, args.municipalities or 1, args.procedures or 10,
                    args.activities or 12, seed=args.seed, progress=TextProgressBar(err))
            else:
                message = load_demo(session, progress=TextProgressBar(err))
    finally:
        db.close()
    print(message, file=out)
    return EXIT_OK


def cmd_db(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from cli.db_commands import cmd_db as run_db

    return run_db(args, out, err)


def cmd_admin(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from models.codes import Role
    from procedures.services import access

    db = _database(args)
    try:
        if args.admin_command == "grant":
            print(access.grant(db, args.user, Role(args.role), args.entity), file=out)
        elif args.admin_command == "revoke":
            print(access.revoke(db, args.user), file=out)
        else:
            for member in access.members(db):
                where = ", ".join(member.ubigeos)
                print(f"{member.user}\t{access.role_word(member.role)}\t{where}", file=out)
    finally:
        db.close()
    return EXIT_OK
def cmd_history(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from cli.history import cmd_history as run_history

    return run_history(args, out, err)


def cmd_portfolio(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from procedures.portfolio import json_pieces, read_file

    # A file of ours that needs nothing done to it is read straight through sqlite3
    # (no SQLAlchemy: it was most of the command); anything else is opened for work.
    path = _plain_file(args.db)
    entities = read_file(path, args.entity) if path is not None else None
    if entities is None:
        from procedures.services.portfolio import portfolio_rows

        db = _database(args, check_pages=False)
        try:
            with db.session() as session:
                entities = portfolio_rows(session, args.entity)
        finally:
            db.close()
    if args.json:
        # Written in pieces, one municipality at a time: a region is 35,000 procedures.
        for piece in json_pieces(entities):
            out.write(piece)
        return EXIT_OK
    from procedures.formatting import money

    for entity in entities:
        print(f"{entity.ubigeo}  {entity.name}", file=out)
        for row in entity.rows:
            print(f"  {row.code:<10} {money(row.unit_cost):>14}  {money(row.fee):>13}  "
                  f"{row.business_days:>4} d  {row.name}", file=out)
    return EXIT_OK


def cmd_none(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    raise AssertionError("the window is opened by main.py, not by the CLI")


COMMANDS: dict[str | None, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
    "import": cmd_import,
    "export": cmd_export,
    "metrics": cmd_metrics,
    "compare": cmd_compare,
    "report": cmd_report,
    "benchmark": cmd_benchmark,
    "copy": cmd_copy,
    "demo": cmd_demo,
    "db": cmd_db,
    "admin": cmd_admin,
    "portfolio": cmd_portfolio,
    "history": cmd_history,
    None: cmd_none,
}
