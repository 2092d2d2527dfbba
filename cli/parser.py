"""Argument parser of `main.py` (DESIGN §5). Keep the options stable: other tools use them."""

from __future__ import annotations

import argparse

from procedures.i18n import _

REPORT_KINDS = ("guide", "booklet", "sheet", "comparison", "tupa", "portfolio", "benchmark")
COMMANDS = ("import", "export", "metrics", "compare", "report", "portfolio", "benchmark",
            "copy", "demo", "db", "admin", "history")


class _Parser(argparse.ArgumentParser):
    """argparse with exit code 2 and one clear line for bad input (its default too)."""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="main.py",
        description=_("Trámite Claro: map, measure and simplify municipal procedures. "
                      "Without a command it opens the window."),
    )
    parser.add_argument("--db", metavar="PATH|URL",
                        help=_("SQLite file or PostgreSQL URL (default: your data folder)"))
    parser.add_argument("--lang", choices=("es", "en"), default=None,
                        help=_("language of messages and reports (default: es)"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    imp = commands.add_parser("import", help=_("import a .tramite.json, .xlsx or .bpmn file"),
                              description=_("Import a package file, an Excel step table or a "
                                            "BPMN model. Nothing is written if anything is "
                                            "wrong."))
    imp.add_argument("file", metavar="FILE")
    how = imp.add_mutually_exclusive_group()
    how.add_argument("--replace", action="store_true",
                     help=_("overwrite procedures that already exist; for .xlsx and "
                            ".bpmn, replace the version's steps"))
    how.add_argument("--merge", action="store_true",
                     help=_("bring back a package that came from this database: both "
                            "sides' changes are kept, conflicts listed"))
    imp.add_argument("--prefer", choices=("database", "file"), default=None,
                     help=_("with --merge: whose value a conflict keeps (default: "
                            "database)"))
    imp.add_argument("--entity", metavar="UBIGEO", help=_("entity (for .xlsx and .bpmn)"))
    imp.add_argument("--procedure", metavar="CODE", help=_("procedure (for .xlsx and .bpmn)"))
    imp.add_argument("--version", metavar="NAME", help=_("version (for .xlsx and .bpmn)"))
    imp.add_argument("--create-units", action="store_true",
                     help=_("create the units the file names that do not exist"))

    exp = commands.add_parser("export", help=_("export an entity or a procedure"))
    exp.add_argument("--entity", metavar="UBIGEO", required=True)
    exp.add_argument("--procedure", metavar="CODE")
    exp.add_argument("--version", metavar="NAME", help=_("version (for bpmn and sut)"))
    exp.add_argument("--format", choices=("json", "xlsx", "bpmn", "sut"), required=True,
                     help=_("sut: the SUT's activity template; xlsx writes .ods or .csv "
                            "step tables when FILE ends so"))
    exp.add_argument("--out", metavar="FILE", required=True)

    met = commands.add_parser("metrics", help=_("time, cost and burden of a version"))
    met.add_argument("--entity", metavar="UBIGEO", required=True)
    met.add_argument("--procedure", metavar="CODE", required=True)
    met.add_argument("--version", metavar="NAME",
                     help=_("version name (default: the as-is version)"))
    met.add_argument("--json", action="store_true", help=_("print JSON (DESIGN §4 keys)"))

    cmp_ = commands.add_parser("compare", help=_("compare two versions of a procedure"))
    cmp_.add_argument("--entity", metavar="UBIGEO", required=True)
    cmp_.add_argument("--procedure", metavar="CODE", required=True)
    cmp_.add_argument("--from", dest="from_version", metavar="NAME", required=True)
    cmp_.add_argument("--to", dest="to_version", metavar="NAME", required=True)
    cmp_.add_argument("--json", action="store_true")

    rep = commands.add_parser("report", help=_("print a PDF report"))
    rep.add_argument("kind", choices=REPORT_KINDS)
    rep.add_argument("--entity", metavar="UBIGEO", required=True,
                     help=_("ubigeo; for portfolio and benchmark a province (0601) or the "
                            "department (06)"))
    rep.add_argument("--procedure", metavar="CODE",
                     help=_("procedure code; for benchmark UBIGEO/CODE"))
    rep.add_argument("--version", metavar="NAME")
    rep.add_argument("--large-print", action="store_true", help=_("large print (guide)"))
    rep.add_argument("--out", metavar="FILE.pdf", required=True)

    bench = commands.add_parser(
        "benchmark", help=_("one procedure across the municipalities under a code"),
        description=_("The same procedure (by standard code, by a link, else by the same "
                      "name) in every municipality under CODE: the figures of each one's "
                      "version in force, sorted by unit cost, with the median, the best "
                      "quartile and the outliers."))
    bench.add_argument("--entity", metavar="CODE", required=True,
                       help=_("a department (06), province (0601) or ubigeo"))
    bench.add_argument("--procedure", metavar="UBIGEO/CODE", required=True,
                       help=_("the procedure to compare, e.g. 060101/PA-07"))
    bench.add_argument("--json", action="store_true", help=_("print JSON (DESIGN §5 keys)"))

    cop = _copy_command(commands)

    demo = commands.add_parser(
        "demo", help=_("load the Cajamarca demo, or synthetic data for scale"),
        description=_("Without numbers: the 127 municipalities of Cajamarca and the mapped "
                      "procedures of the Municipalidad Provincial de Cajamarca. With numbers: "
                      "synthetic municipalities for scale tests."))
    demo.add_argument("--municipalities", type=_positive, metavar="N")
    demo.add_argument("--procedures", type=_positive, metavar="N")
    demo.add_argument("--activities", type=_positive, metavar="N")
    demo.add_argument("--seed", type=int, default=1, help=argparse.SUPPRESS)
    por = commands.add_parser(
        "portfolio", help=_("figures of every procedure under a code"),
        description=_("The figures of the version in force of every procedure under a "
                      "municipality (ubigeo), a province (0601) or the department (06), "
                      "read from the stored figures."))
    por.add_argument("--entity", metavar="CODE", required=True)
    por.add_argument("--json", action="store_true", help=_("print JSON (DESIGN §5 keys)"))
    his = commands.add_parser(
        "history", help=_("who changed what, when, old → new"),
        description=_("The changes of a municipality (or of one of its procedures), newest "
                      "first: who, when, what, the field and its old and new values."))
    his.add_argument("--entity", metavar="UBIGEO", required=True)
    his.add_argument("--procedure", metavar="CODE")
    his.add_argument("--json", action="store_true", help=_("print JSON (DESIGN §5 keys)"))
    for sub in (imp, exp, met, cmp_, rep, por, bench, cop, demo, his,
                *_database_commands(commands), *_admin_commands(commands)):
        # DESIGN §5 writes `report … [--lang es|en]`: accept it after the command too.
        sub.add_argument("--lang", choices=("es", "en"), default=argparse.SUPPRESS,
                         help=_("language of messages and reports (default: es)"))
    return parser


def _copy_command(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """`copy --entity UBIGEO --procedure CODE --to UBIGEO[,UBIGEO…] [--replace]`."""
    cop = commands.add_parser(
        "copy", help=_("copy a procedure with its versions into other municipalities"),
        description=_("Copy a procedure with its versions (or one version) into other "
                      "municipalities. Units, positions and resources are matched by code "
                      "or name; the rest is created and listed. Costs are computed again "
                      "with each municipality's own settings. Nothing is written if any "
                      "municipality already has the procedure (unless --replace)."))
    cop.add_argument("--entity", metavar="UBIGEO", required=True,
                     help=_("the municipality copied from"))
    cop.add_argument("--procedure", metavar="CODE", required=True)
    cop.add_argument("--to", metavar="UBIGEO[,UBIGEO…]", required=True,
                     help=_("the municipalities copied into, separated by commas"))
    cop.add_argument("--replace", action="store_true",
                     help=_("replace the procedure (or the version) where it exists"))
    cop.add_argument("--version", metavar="NAME",
                     help=_("copy only this version (into the procedure of the same code, "
                            "or a new one)"))
    return cop


def _database_commands(commands: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    """`db check | rebuild | backup --out FILE | backups | restore FILE` (DESIGN §5)."""
    db = commands.add_parser(
        "db", help=_("check the database, copy it, list or restore its copies"),
        description=_("The database itself: its health, copies and restoring one. "
                      "Automatic copies of a SQLite database are made before a schema "
                      "update, an import that replaces, a restore, and on the first open "
                      "of each day."))
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    check = actions.add_parser("check", help=_(
        "integrity, links between tables, schema version, rows and stored figures; "
        "writes nothing"))
    rebuild = actions.add_parser("rebuild", help=_(
        "compute every version's stored figures again (one transaction)"))
    backup = actions.add_parser("backup", help=_(
        "write a copy of the database (of a PostgreSQL one: a package of all its data)"))
    backup.add_argument("--out", metavar="FILE", required=True)
    backups = actions.add_parser("backups", help=_("list the automatic copies"))
    restore = actions.add_parser("restore", help=_(
        "make the database what a copy holds (the database as it was is copied first)"))
    restore.add_argument("file", metavar="FILE")
    return [db, check, rebuild, backup, backups, restore]


def _admin_commands(commands: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    """`admin grant USER --role … [--entity UBIGEO…] | revoke USER` (DESIGN §5)."""
    admin = commands.add_parser(
        "admin", help=_("roles on a shared PostgreSQL database"),
        description=_("Who may change what on a shared PostgreSQL database. The server "
                      "enforces it: a clerk or consultant changes the municipalities granted "
                      "to them and reads the rest; a viewer reads; an administrator changes "
                      "everything and grants."))
    actions = admin.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    grant = actions.add_parser("grant", help=_("give a login a role (and its municipalities)"))
    grant.add_argument("user", metavar="USER")
    grant.add_argument("--role", required=True,
                       choices=("clerk", "consultant", "viewer", "admin"))
    grant.add_argument("--entity", nargs="+", default=[], metavar="UBIGEO",
                       help=_("municipalities (a ubigeo, or a province or department code "
                              "for every one under it)"))
    revoke = actions.add_parser("revoke", help=_("take every role and grant from a login"))
    revoke.add_argument("user", metavar="USER")
    listing = actions.add_parser("list", help=_("the logins with a role, and their "
                                                "municipalities"))
    return [admin, grant, revoke, listing]


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("expected a whole number, found {value!r}").format(
            value=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1"))
    return value
