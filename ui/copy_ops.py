"""Copies between municipalities and procedures from the standard catalogue, from the
window: the dialogs ask, the copy runs on the worker (progress and Cancel: many targets
take a while), and the result becomes one undo step."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QStatusBar, QWidget

from procedures.copy_text import copy_lines
from procedures.errors import InputError
from procedures.i18n import _
from procedures.services import procedures as ep
from procedures.services.adopt import standard_choices
from procedures.services.copying import CopyResult, copy_procedure
from procedures.services.queries import ProcedureHeader, navigator_entities
from ui import dialogs
from ui.document import Document
from ui.field_words import error_text
from ui.screens.adopt_dialog import AdoptDialog
from ui.screens.copy_dialog import CopyDialog, CopyRequest
from ui.tasks import Task, show_error
from ui.undo.copies import AdoptStandard, CopiedProcedure


def copy_dialog(parent: QWidget, document: Document, header: ProcedureHeader) -> CopyDialog:
    """The Copy dialog over the open procedure (not shown yet)."""
    return CopyDialog(document, header.uuid, header.code, header.name, header.ubigeo,
                      [v.name for v in header.versions], list(document.read(navigator_entities)),
                      parent)


def ask_and_copy(parent: QWidget, document: Document, status: QStatusBar | None,
                 header: ProcedureHeader) -> Task | None:
    dialog = copy_dialog(parent, document, header)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        request = dialog.request()
    finally:
        dialog.deleteLater()
    return run_copy(parent, document, status, request)


def run_copy(parent: QWidget, document: Document, status: QStatusBar | None,
             request: CopyRequest) -> Task:
    """Copy on the worker; on success one undo step and what was done, one line each."""
    database, author = document.database, document.author

    def work(progress: Any) -> CopyResult:  # worker thread
        if request.replace:
            from procedures.services.database import copy_before

            copy_before(database, "copy")
        with database.session() as session, session.begin():
            return copy_procedure(session, request.source, request.targets,
                                  version=request.version, replace=request.replace,
                                  author=author, progress=progress)

    def done(result: CopyResult) -> None:
        document.push(CopiedProcedure(document, result))
        lines = copy_lines(result)
        if status is not None:
            status.showMessage(lines[0] + " " + _("Ctrl+Z undoes it."), 10000)
        dialogs.inform(parent, _("Copy"), lines[0] + "\n\n" + "\n".join(lines[1:40]) + (
            "\n…" if len(lines) > 40 else ""))

    def failed(error: BaseException) -> None:
        if isinstance(error, InputError):
            dialogs.error(parent, _("Copy"), _("Nothing was copied:") + "\n\n" + "\n".join(
                f"• {p}" for p in error.problems))
            return
        show_error(parent, error)

    def cancelled() -> None:
        if status is not None:
            status.showMessage(_("Cancelled; nothing was written."), 8000)

    return document.tasks.run(work, title=_("Copying {code}…").format(code=request.code),
                              parent=parent, on_done=done, on_error=failed,
                              on_cancel=cancelled)


def adopt_standard(parent: QWidget, document: Document, ubigeo: str,
                   entity_name: str) -> str:
    """Ask which standardized procedure to start; the new procedure's uuid, or ""."""
    dialog = AdoptDialog(entity_name, document.read(standard_choices, ubigeo),
                         document.read(ep.free_code, ubigeo), parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return ""
        answer = dialog.answer()
    finally:
        dialog.deleteLater()
    if answer is None:
        return ""
    standard, code = answer
    command = AdoptStandard(document, ubigeo, standard, code)
    if not document.push(command):
        dialogs.error(parent, _("New procedure"), error_text(command.last_error))
        return ""
    return command.uuid
