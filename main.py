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


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from cli.run import parse_arguments, run

    args = parse_arguments(argv)
    if args.command is not None:
        return run(argv)
    # The window: Python's cycle collector waits while the modules load and the window is
    # built (over a hundred thousand objects, none of them garbage; collecting them was a
    # fifth of the start-up). `ui.app.run_app` turns it on again before the event loop.
    import gc

    gc.disable()
    # Storage and the core before Qt: PySide6 inspects every module imported after it.
    import sqlalchemy.dialects.sqlite  # noqa: F401

    import procedures.services.procedures  # noqa: F401
    from ui.app import run_app

    return run_app(db=args.db, lang=args.lang)


if __name__ == "__main__":
    sys.exit(main())
