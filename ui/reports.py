"""Reports from the window: the Reports dialog, the build on the worker, the preview.

Ctrl+P opens `ReportDialog` window-modal without blocking (`open()`, not `exec()`), so
the window keeps painting and tests can drive it. "Preview" builds into a private
temporary folder and opens `ReportPreview` on it (the preview deletes the folder when it
closes); "Save PDF…" asks for a file and builds straight into it. Either way the build
runs on the worker with progress and Cancel (`file_ops.run_report`); `build_report`
writes the file only at the end, so a cancelled report leaves nothing behind.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStatusBar, QWidget

from procedures.i18n import _
from ui.document import Document
from ui.field_words import error_text
from ui.settings import AppSettings
from ui.tasks import Task

if TYPE_CHECKING:  # the dialog and the file work are imported at the first Ctrl+P
    from procedures.services.reports import ReportRequest
    from ui.screens.report_dialog import ReportDialog, ReportSubject
    from ui.screens.report_preview import ReportPreview

log = logging.getLogger("tramite.reports")
TEMPORARY_PREFIX = "tramite-report-"
#: Temporary folders older than this are left-overs (a crash, a file a viewer held).
STALE_SECONDS = 24 * 3600


class Reports:
    """The window's report commands; one per window (it parents the dialog and the
    previews to the window, which closes them when it closes)."""

    def __init__(self, window: QWidget, document: Document, settings: AppSettings,
                 status: QStatusBar | None) -> None:
        self.window = window
        self.document = document
        self.settings = settings
        self.status = status

    def open_dialog(self, subject: ReportSubject) -> ReportDialog:
        from ui.screens.report_dialog import ReportDialog

        dialog = ReportDialog(subject, self.window, checker=self.check)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.preview_requested.connect(self.preview)
        dialog.save_requested.connect(self.save)
        dialog.open()
        return dialog

    def check(self, request: ReportRequest, show: Callable[[list[str]], None],
              owner: QWidget) -> None:
        """The clerk warnings of `request` (`report_warnings`), measured on the worker."""
        database = self.document.database

        def work(_progress: object) -> list[str]:  # worker thread
            from procedures.services.reports import report_warnings  # on first use

            with database.session() as session:
                return report_warnings(session, request)

        def failed(error: BaseException) -> None:
            show([error_text(error)])

        self.document.tasks.run(work, on_done=show, on_error=failed, owner=owner)

    def preview(self, request: ReportRequest) -> Task:
        """Build `request` into a temporary file, then show it in a preview window."""
        title = _title(request)
        folder = _temporary_folder()
        out = folder / f"{_file_name(title)}.pdf"

        def done(_message: str) -> None:
            from ui.screens.report_preview import ReportPreview  # QtPdf: on first use

            preview = ReportPreview(out, title, self.settings, self.document.tasks,
                                    self.window, folder=folder)
            preview.show()
            preview.raise_()
            preview.activateWindow()

        def forget(*_args: object) -> None:
            shutil.rmtree(folder, ignore_errors=True)

        from ui import file_ops


        return file_ops.run_report(self.window, self.document, self.status,
                                   replace(request, out=out), on_done=done,
                                   on_cancel=forget, on_error=forget)

    def save(self, request: ReportRequest) -> Task | None:
        """Ask where, then build `request` straight into that file (no preview)."""
        from ui.screens.report_preview import ask_pdf_path

        title = _title(request)
        path = ask_pdf_path(self.window, self.settings, _("Save the report"),
                            _file_name(title))
        if path is None:
            return None
        from ui import file_ops

        return file_ops.run_report(self.window, self.document, self.status,
                                   replace(request, out=path))

    def previews(self) -> list[ReportPreview]:
        module = sys.modules.get("ui.screens.report_preview")
        if module is None:
            return []  # never imported: no preview was ever opened
        return self.window.findChildren(module.ReportPreview)

    def close_previews(self) -> None:
        for preview in self.previews():
            preview.close()


def _title(request: ReportRequest) -> str:
    from ui.screens.report_dialog import report_title

    return report_title(request.kind, request.procedure or request.entity, request.lang)


def _file_name(title: str) -> str:
    """The title without the characters Windows refuses in file names."""
    return "".join("-" if char in '<>:"/\\|?*' else char for char in title).strip(" .")


def _temporary_folder() -> Path:
    """A new private folder for one preview; left-overs of earlier runs are removed."""
    base = Path(tempfile.gettempdir())
    for old in base.glob(f"{TEMPORARY_PREFIX}*"):
        try:
            if time.time() - old.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:  # another user's folder, or it went meanwhile
            log.debug("cannot look at %s", old)
    return Path(tempfile.mkdtemp(prefix=TEMPORARY_PREFIX))
