"""Long work of the File menu, off the UI thread: import, export, reports, the demo.

Each function asks what it needs (through `ui.dialogs`), then runs one service call on
the database worker (`Document.tasks`) with a progress dialog and Cancel. Cancel raises
`Cancelled` inside the service; its transaction rolls back, so nothing is written. The
result arrives on the UI thread, where the window is told what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QStatusBar, QWidget

from procedures.errors import InputError
from procedures.i18n import N_, _, current_language
from procedures.services.bootstrap import load_demo
from procedures.services.exports import export_file
from procedures.services.imports import import_file
from ui import dialogs
from ui.document import Change, Document
from ui.tasks import Task, show_error

EVERYTHING = frozenset({"procedures", "procedure", "versions", "activities", "requirements",
                        "entity", "reference"})
IMPORT_FILTERS = N_("Procedure packages (*.tramite.json *.json);;Excel step table (*.xlsx);;"
                    "BPMN model (*.bpmn);;All files (*)")
EXPORT_FILTERS = N_("Procedure package (*.tramite.json);;Excel step table (*.xlsx);;"
                    "BPMN model (*.bpmn)")
REPORTS = (
    ("guide", N_("Guide for the citizen (one procedure)")),
    ("sheet", N_("Technical sheet with the ASME table and the flowchart")),
    ("comparison", N_("Comparison of the open version with the as-is one")),
    ("booklet", N_("Booklet of guides of the municipality")),
    ("tupa", N_("TUPA table of the municipality")),
    ("portfolio", N_("Summary of the province")),
)


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


def run_import(parent: QWidget, document: Document, status: QStatusBar | None,
               path: str | None = None, *, entity: str = "", procedure: str = "",
               version: str = "", replace: bool = False) -> Task | None:
    """Import a package (or an Excel/BPMN step table into the open procedure).

    When the package holds procedures that exist already, the person is asked whether
    to replace them, and the import runs again.
    """
    path = path or dialogs.open_file(parent, _("Import"), _(IMPORT_FILTERS))
    if not path:
        return None
    target = Path(path)
    database = document.database
    if target.suffix.lower() in (".xlsx", ".bpmn", ".xml") and not (entity and procedure):
        dialogs.error(parent, _("Import"), _("Open the procedure the steps belong to first; "
                                             "the file goes into its open version."))
        return None

    def work(progress: Any) -> str:  # worker thread
        with database.session() as session, session.begin():
            return import_file(session, target, replace=replace, entity=entity or None,
                               procedure=procedure or None, version=version or None,
                               progress=progress)

    def failed(error: BaseException) -> None:
        exists = isinstance(error, InputError) and not replace and any(
            p.location.path.endswith(".code") for p in error.problems)
        if exists and dialogs.ask(parent, _("Import"), _(
                "Some procedures of the file exist already in this database:\n\n{problems}"
                "\n\nReplace them with the file's version?").format(problems=error),
                _("Replace")):
            run_import(parent, document, status, str(target), entity=entity,
                       procedure=procedure, version=version, replace=True)
            return
        show_error(parent, error)

    return document.tasks.run(
        work, title=_("Importing {name}…").format(name=target.name), parent=parent,
        on_done=_done(document, status, Change(EVERYTHING)), on_error=failed,
        on_cancel=_cancelled(status))


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


def run_report(parent: QWidget, document: Document, status: QStatusBar | None, ubigeo: str,
               procedure_code: str | None, version: str | None, suggested: str,
               kind: str | None = None, path: str | None = None) -> Task | None:
    """Ask for a report kind and a file, then build the PDF on the worker."""
    from procedures.services.reporting import ReportRequest, build_report

    if kind is None:
        options = REPORTS if procedure_code else REPORTS[3:]
        index = dialogs.choose(parent, _("Print a report"), _("Which report?"),
                               [_(text) for _kind, text in options])
        if index is None:
            return None
        kind = options[index][0]
    path = path or dialogs.save_file(parent, _("Save the report"), _("PDF document (*.pdf)"),
                                     f"{suggested}-{kind}.pdf")
    if not path:
        return None
    scope = ubigeo[:4] if kind == "portfolio" else ubigeo
    request = ReportRequest(kind=kind, entity=scope,
                            procedure=procedure_code if kind in ("guide", "sheet",
                                                                 "comparison") else None,
                            version=version if kind in ("sheet", "comparison") else None,
                            lang=current_language(), out=Path(path))
    database = document.database

    def work(progress: Any) -> str:  # worker thread
        with database.session() as session:
            return build_report(session, request, progress=progress)

    return document.tasks.run(work, title=_("Writing the report…"), parent=parent,
                              on_done=_done(document, status, None),
                              on_cancel=_cancelled(status))


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
