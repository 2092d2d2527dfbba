"""Trámite Claro — map, measure and simplify municipal procedures (Cajamarca, Perú).

    uv run main.py                      open the window (always the default database)
    uv run main.py --db FILE|URL        open the window on another database
    uv run main.py COMMAND --help       headless commands: import, export, metrics,
                                        compare, report, demo, db
"""

from __future__ import annotations

import sys

# Bytecode of the project's own modules is written on the first start and read from
# __pycache__ afterwards, also where PYTHONDONTWRITEBYTECODE is set: uv compiles only the
# installed packages, and compiling these from source took a third of a second at every
# start. A folder that cannot be written is skipped silently by Python.
sys.dont_write_bytecode = False


#: The window's own options.
WINDOW_OPTIONS = ("--db", "--lang")


def window_options(argv: list[str]) -> tuple[str | None, str | None] | None:
    """`(db, lang)` when `argv` holds only the window's options, else None.

    Building the commands' parser (every subcommand and its translated help) took
    15–20 ms of each start of the window; anything this does not recognise — a command,
    --help, an abbreviation, a bad value — goes to that parser, which words it.
    """
    from procedures.i18n import LANGUAGES

    found: dict[str, str] = {}
    rest = iter(argv)
    for arg in rest:
        name, equals, value = arg.partition("=")
        if name not in WINDOW_OPTIONS:
            return None
        if not equals:
            following = next(rest, None)
            if following is None or following.startswith("-"):
                return None
            value = following
        found[name] = value
    lang = found.get("--lang")
    if lang is not None and lang not in LANGUAGES:
        return None
    return found.get("--db"), lang


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    options = window_options(argv)
    if options is None:  # the parser also sets the language
        from cli.run import parse_arguments, run

        args = parse_arguments(argv)
        if args.command is not None:
            return run(argv)
        db, lang = args.db, args.lang
    else:
        db, lang = options
        if lang is not None:
            from procedures.i18n import set_default_language

            set_default_language(lang)
    # The window: Python's cycle collector waits while the modules load and the window is
    # built (over a hundred thousand objects, none of them garbage; collecting them was a
    # fifth of the start-up). `ui.app.run_app` turns it on again before the event loop.
    import gc

    gc.disable()
    # Storage and the core before Qt: PySide6 inspects every module imported after it.
    import sqlalchemy.dialects.sqlite  # noqa: F401

    import procedures.services.procedures  # noqa: F401
    from ui.app import run_app

    return run_app(db=db, lang=lang)


if __name__ == "__main__":
    sys.exit(main())
