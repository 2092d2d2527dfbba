"""Long work of the File menu, off the UI thread: import, export, reports, the demo.

Each function asks what it needs (through `ui.dialogs`), then runs one service call on
the database worker (`Document.tasks`) with a progress dialog and Cancel. Cancel raises
`Cancelled` inside the service; its transaction rolls back, so nothing is written. The
result arrives on the UI thread, where the window is told what changed.

An Excel or BPMN step table imported into the open version can be undone (Ctrl+Z
removes the rows it added: `ImportedActivities`); a package import cannot, and its
message says so. A refused file shows every located problem (sheet, row, column).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QStatusBar, QWidget

from procedures.demo.bootstrap import load_demo
from procedures.errors import InputError
from procedures.i18n import N_, _, ngettext
from procedures.services.activities import activity_uuids
from procedures.services.database import copy_before
from procedures.services.exports import export_file
from procedures.services.imports import import_file
from procedures.services.queries import entity_snapshot
from ui import dialogs
from ui.document import Change, Document
from ui.tasks import Task, show_error
from ui.undo.activities import ImportedActivities

if TYPE_CHECKING:
    from procedures.services.reports import ReportRequest

EVERYTHING = frozenset({"procedures", "procedure", "versions", "activities", "requirements",
                        "entity", "reference"})
IMPORT_FILTERS = N_("Procedure packages (*.tramite.json *.json);;Excel step table (*.xlsx);;"
                    "BPMN model (*.bpmn);;All files (*)")
EXPORT_FILTERS = N_("Procedure package (*.tramite.json);;Excel step table (*.xlsx);;"
                    "BPMN model (*.bpmn)")


def _done(document: Document, status: QStatusBar | None, change: Change | None
          ) -> Callable[[Any], None]:
    def finish(message: Any) -> None:
        if change is not None:
            document.notify(change)
        if status is not None and message:
            status.showMessage(str(message), 8000)

    return finish


def _cancelled(status: QStatusBar | None) -> Callable[[], None]:
    def cancelled() -> None:
        if status is not None:
            status.showMessage(_("Cancelled; nothing was written."), 8000)

    return cancelled


def problems_dialog(parent: QWidget | None, title: str, file_name: str,
                    error: InputError) -> None:
    """Every located problem of a refused file, the first ones in the message itself
    (one bullet each, without the file's name, which the first line gives)."""
    lines = [str(problem) for problem in error.problems]
    prefix = f"{file_name}: "
    shown = ["• " + line.removeprefix(prefix) for line in lines[:12]]
    if len(lines) > len(shown):
        shown.append(_("… and {n} more (Show Details).").format(n=len(lines) - len(shown)))
    text = ngettext("Nothing was imported: {file} has {n} problem.",
                    "Nothing was imported: {file} has {n} problems.", len(lines)).format(
        file=file_name, n=len(lines))
    dialogs.error(parent, title, text + "\n\n" + "\n".join(shown), "\n".join(lines))


def run_import(parent: QWidget, document: Document, status: QStatusBar | None,
               path: str | None = None, *, entity: str = "", procedure: str = "",
               version: str = "", replace: bool = False, procedure_uuid: str = "",
               version_uuid: str = "", create_units: bool = False) -> Task | None:
    """Import a package (or an Excel/BPMN step table into the open procedure).

    When the package holds procedures that exist already, the person is asked whether
    to replace them, and the import runs again. A step table goes into the open version
    (`version_uuid`) and becomes one undo step; when its only problem is units the
    municipality does not have, the person is offered to create them.
    """
    path = path or dialogs.open_file(parent, _("Import"), _(IMPORT_FILTERS))
    if not path:
        return None
    target = Path(path)
    database = document.database
    steps = target.suffix.lower() in (".xlsx", ".xlsm", ".bpmn", ".xml")
    if steps and not (entity and procedure):
        dialogs.error(parent, _("Import"), _("Open the procedure the steps belong to first; "
                                             "the file goes into its open version."))
        return None
    before = set(document.read(activity_uuids, version_uuid)) if steps and version_uuid \
        else set()
    units_before = _unit_uuids(document, entity) if steps else set()

    def work(progress: Any) -> str:  # worker thread
        if replace:  # what it replaces can be had back from the automatic copy
            copy_before(database, "import")
        with database.session() as session, session.begin():
            return import_file(session, target, replace=replace, entity=entity or None,
                               procedure=procedure or None, version=version or None,
                               create_units=create_units, progress=progress)

    def again(**options: Any) -> None:
        run_import(parent, document, status, str(target), entity=entity, procedure=procedure,
                   version=version, procedure_uuid=procedure_uuid, version_uuid=version_uuid,
                   **options)

    def failed(error: BaseException) -> None:
        exists = isinstance(error, InputError) and not replace and any(
            p.location.path.endswith(".code") for p in error.problems)
        if exists and dialogs.ask(parent, _("Import"), _(
                "Some procedures of the file exist already in this database:\n\n{problems}"
                "\n\nReplace them with the file's version?").format(problems=error),
                _("Replace")):
            again(replace=True)
            return
        if isinstance(error, InputError) and steps and not create_units:
            offer_units(error)
            return
        if isinstance(error, InputError):
            problems_dialog(parent, _("Import"), target.name, error)
            return
        show_error(parent, error)

    def offer_units(error: InputError) -> None:
        """Would the file import with its missing units created? Then offer that."""

        def probe(_progress: Any) -> bool:  # worker thread; writes nothing
            with database.session() as session:
                try:
                    import_file(session, target, entity=entity, procedure=procedure,
                                version=version or None, create_units=True)
                except InputError:
                    return False
                finally:
                    session.rollback()
                return True

        def answer(only_units: bool) -> None:
            if only_units and dialogs.ask(parent, _("Import"), _(
                    "{file} names units this municipality does not have:\n\n{problems}\n\n"
                    "Create them and import?").format(file=target.name, problems=error),
                    _("Create and import")):
                again(create_units=True)
                return
            problems_dialog(parent, _("Import"), target.name, error)

        document.tasks.run(probe, on_done=answer, parent=parent,
                           on_error=lambda _e: problems_dialog(parent, _("Import"),
                                                               target.name, error))

    finish = _done(document, status, Change(EVERYTHING))

    def done(message: Any) -> None:
        if not steps:
            rule = _("A package import is not undone with Ctrl+Z.")
            finish(f"{message} {rule}")
            return
        added = [u for u in document.read(activity_uuids, version_uuid) if u not in before] \
            if version_uuid else []
        if added:
            created = _unit_uuids(document, entity) - units_before
            document.push(ImportedActivities(document, procedure_uuid, version_uuid, added,
                                             target.name, sorted(created)))
        rule = _("Ctrl+Z removes the imported rows.") if added else ""
        lines = str(message).splitlines() or [""]
        if len(lines) > 1:  # what the file had that a step table cannot hold, and so on
            dialogs.inform(parent, _("Import"), "\n".join(lines) + "\n\n" + rule)
        finish(f"{lines[0]} {rule}".strip())

    return document.tasks.run(
        work, title=_("Importing {name}…").format(name=target.name), parent=parent,
        on_done=done, on_error=failed, on_cancel=_cancelled(status))


def _unit_uuids(document: Document, ubigeo: str) -> set[str]:
    return {unit.uid for unit in document.read(entity_snapshot, ubigeo).units}


def run_export(parent: QWidget, document: Document, status: QStatusBar | None, ubigeo: str,
               procedure_code: str | None, version: str | None, suggested: str,
               path: str | None = None) -> Task | None:
    """Export the open procedure (or the whole municipality) by the file's extension."""
    path = path or dialogs.save_file(parent, _("Export"), _(EXPORT_FILTERS), suggested)
    if not path:
        return None
    target = Path(path)
    name = target.name.lower()
    fmt = "xlsx" if name.endswith(".xlsx") else "bpmn" if name.endswith(".bpmn") else "json"
    if fmt == "json" and not name.endswith(".json"):
        target = target.with_name(target.name + ".tramite.json")
    database = document.database

    def work(_progress: Any) -> str:  # worker thread
        with database.session() as session:
            return export_file(session, ubigeo, target, fmt, procedure=procedure_code,
                               version=version)

    return document.tasks.run(work, title=_("Exporting {name}…").format(name=target.name),
                              parent=parent, on_done=_done(document, status, None),
                              on_cancel=_cancelled(status))


def run_report(parent: QWidget, document: Document, status: QStatusBar | None,
               request: ReportRequest, *, on_done: Callable[[str], None] | None = None,
               on_cancel: Callable[[], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> Task:
    """Build the PDF of `request` into `request.out` on the worker.

    What to build is asked by the Reports dialog (`ui.reports`); `build_report` writes
    the file at once at the end, so a cancelled or failed report leaves no file.
    Without `on_done` the status bar says what was written.
    """
    from procedures.services.reports import build_report

    database = document.database

    def work(progress: Any) -> str:  # worker thread
        with database.session() as session:
            return build_report(session, request, progress=progress)

    def cancelled() -> None:
        _cancelled(status)()
        if on_cancel is not None:
            on_cancel()

    def failed(error: BaseException) -> None:
        if on_error is not None:
            on_error(error)
        show_error(parent, error)

    return document.tasks.run(work, title=_("Writing the report…"), parent=parent,
                              on_done=on_done or _done(document, status, None),
                              on_cancel=cancelled, on_error=failed)


def run_demo(parent: QWidget, document: Document, status: QStatusBar | None,
             on_done: Callable[[], None] | None = None) -> Task:
    """Load the Cajamarca demo (never overwrites existing procedures)."""
    database = document.database

    def work(progress: Any) -> str:  # worker thread
        with database.session() as session, session.begin():
            return load_demo(session, progress=progress)

    finish = _done(document, status, Change(EVERYTHING))

    def done(message: Any) -> None:
        finish(message)
        if on_done is not None:
            on_done()

    return document.tasks.run(work, title=_("Loading the demo data…"), parent=parent,
                              on_done=done, on_cancel=_cancelled(status))
