"""Long work of the File menu, off the UI thread: import, export, reports, the demo.

Each function asks what it needs (through `ui.dialogs`), then runs one service call on
the database worker (`Document.tasks`) with a progress dialog and Cancel. Cancel raises
`Cancelled` inside the service; its transaction rolls back, so nothing is written. The
result arrives on the UI thread, where the window is told what changed.

A step table (Excel, OpenDocument, CSV or BPMN) imported into the open version can be
undone (Ctrl+Z removes the rows it added: `ImportedActivities`); a package import
cannot, and its message says so. A refused file shows every located problem (sheet, row, column).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QStatusBar, QWidget

from procedures.errors import InputError, ProblemCode
from procedures.i18n import N_, _, ngettext
from procedures.results import ImportResult, Outcome, describe
from procedures.services.activities import RemovedActivity, activity_uuids, delete_activities
from procedures.services.database import copy_before
from procedures.services.lookup import version_uuid
from ui import dialogs
from ui.document import Change, Document
from ui.field_words import problem_text
from ui.tasks import Task, show_error
from ui.undo.activities import ImportedActivities

if TYPE_CHECKING:
    from procedures.services.imports import PackageOverlap
    from procedures.services.reports import ReportRequest

EVERYTHING = frozenset({"procedures", "procedure", "versions", "activities", "requirements",
                        "entity", "reference"})
IMPORT_FILTERS = N_("Procedure packages (*.tramite.json *.json);;"
                    "Step tables (*.xlsx *.ods *.csv);;BPMN model (*.bpmn);;All files (*)")
EXPORT_FILTERS = N_("Procedure package (*.tramite.json);;Excel step table and costs (*.xlsx);;"
                    "OpenDocument step table (*.ods);;CSV step table (*.csv);;"
                    "SUT activity template (*.sut.xlsx);;BPMN model (*.bpmn)")
#: Files that go into a version as its steps (the rest are packages).
STEP_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".csv", ".bpmn", ".xml")


def export_format(name: str) -> str:
    """The export format a file name asks for (its extension; `.sut.xlsx`: the SUT's
    activity template; .ods and .csv are step tables written by the `xlsx` export)."""
    name = name.lower()
    if name.endswith(".sut.xlsx"):
        return "sut"
    if name.endswith((".xlsx", ".ods", ".csv")):
        return "xlsx"
    return "bpmn" if name.endswith(".bpmn") else "json"


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
    lines = [problem_text(problem) for problem in error.problems]
    prefix = f"{file_name}: "
    shown = ["• " + line.removeprefix(prefix) for line in lines[:12]]
    if len(lines) > len(shown):
        rest = len(lines) - len(shown)
        shown.append(ngettext("… and {n} more (Show Details).", "… and {n} more (Show Details).",
                              rest).format(n=rest))
    text = ngettext("Nothing was imported: {file} has {n} problem.",
                    "Nothing was imported: {file} has {n} problems.", len(lines)).format(
        file=file_name, n=len(lines))
    dialogs.error(parent, title, text + "\n\n" + "\n".join(shown), "\n".join(lines))


def run_import(parent: QWidget, document: Document, status: QStatusBar | None,
               path: str | None = None, *, entity: str = "", procedure: str = "",
               version: str = "", replace: bool = False, keep_existing: bool = False,
               append: bool = False, create_units: bool = False) -> Task | None:
    """Import a package (or an Excel/BPMN step table into the open procedure).

    Re-importing is a choice: when the database has procedures of the package, the
    person sees how many are new and which exist, and replaces them or keeps their own;
    when the open version has steps, the file's replace them or go after them. A step
    table becomes one undo step, made of the rows and units the import added (and the
    rows it replaced); when its only problem is units the municipality does not have,
    the person is offered to create them.
    """
    path = path or dialogs.open_file(parent, _("Import"), _(IMPORT_FILTERS))
    if not path:
        return None
    target = Path(path)
    database = document.database
    author = document.author
    steps = target.suffix.lower() in STEP_SUFFIXES
    if steps and not (entity and procedure):
        dialogs.error(parent, _("Import"), _("Open the procedure the steps belong to first; "
                                             "the file goes into its open version."))
        return None

    def work(progress: Any) -> tuple[ImportResult, tuple[RemovedActivity, ...]]:  # worker
        from procedures.services.imports import import_file  # the file formats: on first use

        if replace:  # what it replaces can be had back from the automatic copy
            copy_before(database, "import")
        with database.session() as session, session.begin():
            replaced: tuple[RemovedActivity, ...] = ()
            if steps and replace:  # kept for the undo; the import then fills the version
                uuid = version_uuid(session, entity, procedure, version or None)
                replaced = delete_activities(session, activity_uuids(session, uuid), author)
            result = import_file(session, target, replace=replace and not steps,
                                 entity=entity or None, procedure=procedure or None,
                                 version=version or None, create_units=create_units,
                                 keep_existing=keep_existing, append=append,
                                 progress=progress, author=author)
            return result, replaced

    def again(**options: Any) -> None:
        chosen = {"replace": replace, "keep_existing": keep_existing, "append": append,
                  "create_units": create_units, **options}
        run_import(parent, document, status, str(target), entity=entity, procedure=procedure,
                   version=version, **chosen)

    def failed(error: BaseException) -> None:
        if not isinstance(error, InputError):
            show_error(parent, error)
            return
        chosen = not (replace or keep_existing or append)
        if error.codes == {ProblemCode.EXISTING_PROCEDURE} and chosen:
            ask_about_existing(parent, document, target, again)
            return
        if error.codes == {ProblemCode.VERSION_HAS_STEPS} and chosen:
            answer = dialogs.options(parent, _("Import"), _(
                "The open version has steps already:\n\n{problems}\n\nReplace them with "
                "the file's steps, or add the file's after them?").format(
                    problems=_problem_text(error, target.name)),
                [_("Replace"), _("Add after them")])
            if answer is not None:
                again(**({"replace": True} if answer == 0 else {"append": True}))
            return
        if error.codes == {ProblemCode.UNKNOWN_UNIT} and not create_units and dialogs.ask(
                parent, _("Import"), _("{file} names units this municipality does not have:"
                                       "\n\n{problems}\n\nCreate them and import?").format(
                    file=target.name, problems=_problem_text(error, target.name)),
                _("Create and import")):
            again(create_units=True)
            return
        problems_dialog(parent, _("Import"), target.name, error)

    finish = _done(document, status, Change(EVERYTHING))

    def done(outcome: tuple[ImportResult, tuple[RemovedActivity, ...]]) -> None:
        result, replaced = outcome
        if replaced:  # the rows were deleted here, before the import: say so all the same
            result = dataclasses.replace(result, procedures=tuple(
                dataclasses.replace(p, steps_replaced=len(replaced)) for p in result.procedures))
        message = describe(result)
        if not steps:
            rule = _("A package import is not undone with Ctrl+Z.")
            finish(f"{message} {rule}")
            return
        added = next((p for p in result.procedures if p.outcome is Outcome.STEPS_ADDED
                      and p.activity_uuids), None)
        if added is not None:
            document.push(ImportedActivities(
                document, added.uuid, added.versions[0], added.activity_uuids, target.name,
                [unit.uuid for unit in result.units_created], replaced))
        rule = _("Ctrl+Z removes the imported rows.") if added is not None else ""
        lines = message.splitlines() or [""]
        if len(lines) > 1:  # what the file had that a step table cannot hold, and so on
            dialogs.inform(parent, _("Import"), "\n".join(lines) + "\n\n" + rule)
        finish(f"{lines[0]} {rule}".strip())

    return document.tasks.run(
        work, title=_("Importing {name}…").format(name=target.name), parent=parent,
        on_done=done, on_error=failed, on_cancel=_cancelled(status))


def _problem_text(error: InputError, file_name: str, limit: int = 8) -> str:
    """The first problems, one line each, without the file's name (the question has it)."""
    lines = [problem_text(p).removeprefix(f"{file_name}: ") for p in error.problems]
    if len(lines) > limit:
        rest = len(lines) - limit
        more = ngettext("… and {n} more.", "… and {n} more.", rest).format(n=rest)
        lines = [*lines[:limit], more]
    return "\n".join(lines)


def ask_about_existing(parent: QWidget, document: Document, target: Path,
                       again: Callable[..., None]) -> Task:
    """Read which procedures of the package exist (on the worker), then ask: replace
    them, keep mine, or cancel."""
    database = document.database

    def work(progress: Any) -> PackageOverlap:  # worker thread
        from procedures.services.imports import package_overlap  # on first use

        with database.session() as session:
            return package_overlap(session, target, progress)

    def answered(overlap: PackageOverlap) -> None:
        choice = dialogs.existing_procedures(parent, overlap)
        if choice == "replace":
            again(replace=True)
        elif choice == "keep":
            again(keep_existing=True)

    return document.tasks.run(work, title=_("Reading {name}…").format(name=target.name),
                              parent=parent, on_done=answered)


def run_export(parent: QWidget, document: Document, status: QStatusBar | None, ubigeo: str,
               procedure_code: str | None, version: str | None, suggested: str,
               path: str | None = None) -> Task | None:
    """Export the open procedure (or the whole municipality) by the file's extension."""
    path = path or dialogs.save_file(parent, _("Export"), _(EXPORT_FILTERS), suggested)
    if not path:
        return None
    target = Path(path)
    name = target.name.lower()
    fmt = export_format(name)
    if fmt == "json" and not name.endswith(".json"):
        target = target.with_name(target.name + ".tramite.json")
    database = document.database

    def work(progress: Any) -> str:  # worker thread
        from procedures.services.exports import export_file  # the file formats: on first use

        with database.session() as session:
            return export_file(session, ubigeo, target, fmt, procedure=procedure_code,
                               version=version, progress=progress)

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
        from procedures.demo.bootstrap import load_demo

        with database.session() as session, session.begin():
            return load_demo(session, progress=progress)

    finish = _done(document, status, Change(EVERYTHING))

    def done(message: Any) -> None:
        finish(message)
        if on_done is not None:
            on_done()

    return document.tasks.run(work, title=_("Loading the demo data…"), parent=parent,
                              on_done=done, on_cancel=_cancelled(status))


MERGE_FILTERS = N_("Procedure packages (*.tramite.json *.json);;All files (*)")


def run_merge(parent: QWidget, document: Document, status: QStatusBar | None,
              path: str | None = None) -> Task | None:
    """File ▸ Synchronise: merge a package that came from this database (after an
    automatic copy), then show the conflicts to decide (one undo step)."""
    from procedures.merge_words import summary_line
    from procedures.services.merge import MergeResult, merge_package

    path = path or dialogs.open_file(parent, _("Synchronise"), _(MERGE_FILTERS))
    if not path:
        return None
    target = Path(path)
    database, author = document.database, document.author

    def work(progress: Any) -> MergeResult:  # worker
        copy_before(database, "import")
        with database.session() as session, session.begin():
            return merge_package(session, target, author=author, progress=progress)

    finish = _done(document, status, Change(EVERYTHING | {"history"}))

    def done(result: MergeResult) -> None:
        summary = summary_line(result)
        finish(summary)
        if result.conflicts:
            decide_conflicts(parent, document, result.conflicts, summary)

    def failed(error: BaseException) -> None:
        if isinstance(error, InputError):
            lines = [problem_text(problem) for problem in error.problems]
            hint = _("Only a package that came from this database is synchronised. To "
                     "bring this one in, import it (File ▸ Import): its procedures replace "
                     "this database's, or are added if they are new.") \
                if error.codes == {ProblemCode.NOT_FROM_HERE} else ""
            dialogs.error(parent, _("Synchronise"), _(
                "Nothing was merged:\n\n{problems}").format(problems="\n".join(lines[:8]))
                + (f"\n\n{hint}" if hint else ""), "\n".join(lines))
            return
        show_error(parent, error)

    return document.tasks.run(
        work, title=_("Synchronising {name}…").format(name=target.name), parent=parent,
        on_done=done, on_error=failed, on_cancel=_cancelled(status))


def decide_conflicts(parent: QWidget, document: Document, conflicts: Any,
                     summary: str) -> bool:
    """The conflicts dialog; on OK the decisions are pushed as one undo step."""
    from ui.screens.merge_conflicts import MergeConflicts
    from ui.undo.merge import DecideConflicts

    dialog = MergeConflicts(conflicts, summary, parent)
    try:
        if dialog.exec() != MergeConflicts.DialogCode.Accepted:
            return False
        to_file, to_database = dialog.model.to_change()
        if not (to_file or to_database):
            return False
        return document.push(DecideConflicts(document, to_file, to_database))
    finally:
        dialog.deleteLater()
