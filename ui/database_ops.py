"""File ▸ New database, and File ▸ Database: back up, copies and restore, check.

What to do is asked here (through `ui.dialogs`); the copying and checking run on the
database worker (`Document.tasks`), the words come from
`procedures.services.database`. Restoring replaces what the open window shows, so it is
left to the controller (`ui.app`), which closes the database first and opens it again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QStatusBar, QWidget

from models.db import Database
from procedures.formatting import number
from procedures.i18n import N_, _
from procedures.services import database as dbs
from ui import dialogs
from ui.document import Document
from ui.tasks import Task

COPY_FILTERS = N_("Trámite Claro database (*.sqlite)")
PACKAGE_FILTERS = N_("Procedure package (*.tramite.json)")


def display_name(database: Database) -> str:
    """How the window names the open database (title and status bar)."""
    if database.is_default:
        return _("your default database")
    path = database.path
    if path is not None:
        return path.name
    url = database.url
    return _("{database} on {server}").format(database=url.database or "?",
                                              server=url.host or "localhost")


def ask_new_database(parent: QWidget) -> str | None:
    """A path for a new database file (never an existing file)."""
    path = dialogs.save_file(parent, _("New database"), _(COPY_FILTERS), "tramites.sqlite")
    if not path:
        return None
    target = Path(path)
    if not target.suffix:
        target = target.with_suffix(".sqlite")
    if target.exists():
        dialogs.error(parent, _("New database"), _(
            "{file} exists already. A new database needs a new file name; to work on this "
            "one, open it with File ▸ Open database.").format(file=target))
        return None
    return str(target)


def back_up(parent: QWidget, document: Document, status: QStatusBar | None) -> Task | None:
    """A copy of the open database in a file the person chooses (a package for a
    server database)."""
    database = document.database
    path = database.path
    server = path is None
    suggested = f"{path.stem}-copia.sqlite" if path is not None else "tramites.tramite.json"
    chosen = dialogs.save_file(parent, _("Back up the database"),
                               _(PACKAGE_FILTERS if server else COPY_FILTERS), suggested)
    if not chosen:
        return None
    out = Path(chosen)
    if path is not None and not out.suffix:
        out = out.with_suffix(".sqlite")

    def work(_progress: Any) -> str:  # worker thread
        if path is None:
            return dbs.backup_package(database, out)
        return dbs.backup_file(path, out)

    def done(message: Any) -> None:
        if status is not None:
            status.showMessage(str(message), 10000)

    return document.tasks.run(work, title=_("Copying the database…"), parent=parent,
                              on_done=done)


def check(parent: QWidget, document: Document) -> Task:
    """Integrity, links, schema and rows of the open database, in a message."""
    database = document.database

    def work(progress: Any) -> dbs.CheckResult:  # worker thread
        path = database.path
        if path is not None:
            return dbs.check_file(path, progress)
        return dbs.check_server(database, progress)

    def done(result: dbs.CheckResult) -> None:
        text = "\n".join(result.lines[1:-1] if result.health.rows else result.lines[1:])
        details = "\n".join(result.lines)
        if result.sound:
            dialogs.inform(parent, _("Check the database"),
                           _("The database is sound.") + "\n\n" + text)
        else:
            dialogs.error(parent, _("Check the database"),
                          _("The database has problems.") + "\n\n" + text, details)

    return document.tasks.run(work, title=_("Checking the database…"), parent=parent,
                              on_done=done)


def choose_copy(parent: QWidget, database: Database) -> str | None:
    """The copies dialog; the copy to restore, once the person confirmed it."""
    path = database.path
    if path is None:
        dialogs.inform(parent, _("Copies of the database"), dbs.server_copies_note())
        return None
    from ui.screens.database_copies import CopyRow

    rows = [CopyRow(dbs.when(copy), dbs.reason_words(copy.reason),
                    _("{n} KB").format(n=number(max(copy.size // 1024, 1))), str(copy.path))
            for copy in dbs.copies(path)]
    chosen, keep = dialogs.database_copies(parent, display_name(database), rows, dbs.kept(),
                                           str(dbs.copies_folder(path)))
    if keep != dbs.kept():
        dbs.set_kept(keep)
    if not chosen:
        return None
    if not dialogs.ask(parent, _("Restore a copy"), _(
            "Replace everything in {database} with the copy {file}?\n\nThe database as it "
            "is now is copied first, so this can be undone by restoring that copy.").format(
                database=display_name(database), file=Path(chosen).name), _("Restore")):
        return None
    return chosen
