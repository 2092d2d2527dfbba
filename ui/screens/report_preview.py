"""The print preview: the finished PDF on screen, then save it, print it or open it.

The report was built into a private temporary folder; the preview owns that folder and
deletes it when it closes (the QPdfDocument is closed first: Windows cannot delete an
open file). What the clerk sees is exactly the file that is saved or printed, because
saving copies it and printing renders its pages (`ui.report_print`) on the worker.

Keys: PgUp/PgDn, Home/End move by page; Ctrl++ / Ctrl+- zoom; Ctrl+2 fits the width and
Ctrl+0 the whole page (as in Adobe Reader, which clerks know); Ctrl+S, Ctrl+P; Esc closes.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QPointF, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QMainWindow, QSpinBox, QToolBar, QToolButton, QWidget

from procedures.i18n import _, ngettext
from ui import dialogs
from ui.actions import explain
from ui.icons import icon
from ui.report_print import pages_to_print, prepare_printer, print_pdf
from ui.settings import AppSettings
from ui.tasks import Task, TaskRunner

log = logging.getLogger("tramite.preview")
ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 4.0
Key = QKeySequence.StandardKey


def ask_pdf_path(parent: QWidget | None, settings: AppSettings, title: str,
                 name: str) -> Path | None:
    """Where to save a PDF: starts in the folder used last (else Documents) and
    remembers the folder chosen; ".pdf" is added when the name lacks it."""
    folder = settings.value("reports/folder") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    answer = dialogs.save_file(parent, title, _("PDF document (*.pdf)"),
                               str(Path(folder) / f"{name}.pdf"))
    if not answer:
        return None
    path = Path(answer)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    settings.set_value("reports/folder", str(path.parent))
    return path


class ReportPreview(QMainWindow):
    """A window over one PDF file; `folder` (the file's temporary folder) is deleted
    when the window closes."""

    def __init__(self, path: Path, title: str, settings: AppSettings, tasks: TaskRunner,
                 parent: QWidget | None = None, *, folder: Path | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("report_preview")
        self.setWindowTitle(_("Print preview — {title}").format(title=title))
        self.path = path
        self.title = title
        self.settings = settings
        self.tasks = tasks
        self.folder = folder
        self.printing: Task | None = None
        self.pdf = QPdfDocument(self)
        self.pdf.load(str(path))
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.setCentralWidget(self.view)
        self.page = QSpinBox(self)
        self.page.setRange(1, max(self.pdf.pageCount(), 1))
        self.page.setAccelerated(True)
        self.page.setToolTip(_("Page shown; type a number and press Enter"))
        self.page.setKeyboardTracking(False)
        self.of_pages = QLabel(_("of {n}").format(n=self.pdf.pageCount()), self)
        self.position = QLabel(self)
        self.zoom_label = QLabel(self)
        self.statusBar().addWidget(self.position)
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.actions_: dict[str, QAction] = {}
        self._actions()
        self._toolbar()
        self.navigator = self.view.pageNavigator()
        self.navigator.currentPageChanged.connect(self._page_changed)
        self.page.valueChanged.connect(lambda value: self.go_to(value - 1))
        self.view.zoomFactorChanged.connect(lambda _z: self._show_zoom())
        self.view.zoomModeChanged.connect(lambda _m: self._show_zoom())
        self.view.viewport().installEventFilter(self)  # the fitted zoom follows its size
        self._page_changed(0)
        self._show_zoom()
        self._restore()
        self.view.setFocus()

    # ---- Building ---------------------------------------------------------------------

    def _actions(self) -> None:
        specs: tuple[tuple[str, str, tuple[QKeySequence | str | Key, ...], str], ...] = (
            ("save", _("Save as PDF…"), (Key.Save,), "import"),
            ("print", _("Print…"), (Key.Print,), "print"),
            ("open", _("Open with the system application"), ("Ctrl+Shift+O",), "export"),
            ("first", _("First page"), ("Home",), ""),
            ("previous", _("Previous page"), ("PgUp",), "move-up"),
            ("next", _("Next page"), ("PgDown",), "move-down"),
            ("last", _("Last page"), ("End",), ""),
            ("zoom_in", _("Zoom in"), (Key.ZoomIn, "Ctrl+="), "zoom-in"),
            ("zoom_out", _("Zoom out"), (Key.ZoomOut,), "zoom-out"),
            ("fit_width", _("Fit the width"), ("Ctrl+2",), "zoom-fit"),
            ("fit_page", _("Whole page"), ("Ctrl+0",), "procedure"),
            ("close", _("Close"), ("Esc", Key.Close), ""),
        )
        handlers = {
            "save": self.save_as, "print": self.print_report, "open": self.open_outside,
            "first": lambda: self.go_to(0), "previous": lambda: self.step(-1),
            "next": lambda: self.step(+1),
            "last": lambda: self.go_to(self.pdf.pageCount() - 1),
            "zoom_in": lambda: self.zoom(ZOOM_STEP), "zoom_out": lambda: self.zoom(1 / ZOOM_STEP),
            "fit_width": lambda: self.fit(QPdfView.ZoomMode.FitToWidth),
            "fit_page": lambda: self.fit(QPdfView.ZoomMode.FitInView), "close": self.close,
        }
        for name, text, keys, icon_name in specs:
            action = QAction(text, self)
            action.setIconText(text)  # the toolbar keeps the "…" of a command that asks
            action.setShortcuts([QKeySequence(k) for k in keys])
            if icon_name:
                action.setIcon(icon(icon_name))
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            plain = text.rstrip("…")
            action.setToolTip(f"{plain} ({shortcut})" if shortcut else plain)
            action.triggered.connect(lambda _c=False, h=handlers[name]: h())
            self.addAction(action)
            self.actions_[name] = action

    def _toolbar(self) -> None:
        bar = QToolBar(_("Preview"), self)
        bar.setObjectName("preview_toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        for name in ("save", "print", "open"):
            bar.addAction(self.actions_[name])
            button = bar.widgetForAction(self.actions_[name])
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addSeparator()
        bar.addAction(self.actions_["previous"])
        bar.addWidget(self.page)
        bar.addWidget(self.of_pages)
        bar.addAction(self.actions_["next"])
        bar.addSeparator()
        for name in ("zoom_out", "zoom_in", "fit_width", "fit_page"):
            bar.addAction(self.actions_[name])
        self.addToolBar(bar)

    # ---- Pages and zoom ---------------------------------------------------------------

    def current_page(self) -> int:
        """The page shown (0-based)."""
        return self.navigator.currentPage()

    def go_to(self, page: int) -> None:
        page = min(max(page, 0), max(self.pdf.pageCount() - 1, 0))
        if page != self.current_page():
            self.navigator.jump(page, QPointF(), self.navigator.currentZoom())

    def step(self, pages: int) -> None:
        self.go_to(self.current_page() + pages)

    def _page_changed(self, page: int) -> None:
        self.position.setText(_("Page {page} of {total}").format(
            page=page + 1, total=self.pdf.pageCount()))
        if self.page.value() != page + 1:
            self.page.blockSignals(True)
            self.page.setValue(page + 1)
            self.page.blockSignals(False)
        last = page >= self.pdf.pageCount() - 1
        for name, can, why in (("first", page > 0, _("This is the first page.")),
                               ("previous", page > 0, _("This is the first page.")),
                               ("next", not last, _("This is the last page.")),
                               ("last", not last, _("This is the last page."))):
            explain(self.actions_[name], can, why)

    def effective_zoom(self) -> float:
        """The zoom shown (QPdfView keeps 1.0 as its factor while fitting)."""
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.Custom or self.pdf.pageCount() == 0:
            return self.view.zoomFactor()
        points = self.pdf.pagePointSize(self.current_page())
        dots = self.view.logicalDpiX() / 72.0
        margins = self.view.documentMargins()
        viewport = self.view.viewport().size()
        width = (viewport.width() - margins.left() - margins.right()) / (points.width() * dots)
        if mode == QPdfView.ZoomMode.FitToWidth:
            return width
        height = (viewport.height() - margins.top() - margins.bottom()) / (
            points.height() * dots)
        return min(width, height)

    def zoom(self, factor: float) -> None:
        value = min(max(self.effective_zoom() * factor, ZOOM_MIN), ZOOM_MAX)
        page = self.current_page()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(value)
        self.go_to_exactly(page)

    def fit(self, mode: QPdfView.ZoomMode) -> None:
        page = self.current_page()
        self.view.setZoomMode(mode)
        self.go_to_exactly(page)

    def go_to_exactly(self, page: int) -> None:
        """Keep the same page at the top after the zoom changed the layout."""
        self.navigator.jump(page, QPointF(), self.navigator.currentZoom())
        self._show_zoom()

    def _show_zoom(self) -> None:
        self.zoom_label.setText(f"{round(self.effective_zoom() * 100)} %")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            self._show_zoom()
        return super().eventFilter(watched, event)

    # ---- Save, print, open ------------------------------------------------------------

    def save_as(self) -> Path | None:
        """Copy the previewed file where the person chooses."""
        target = ask_pdf_path(self, self.settings, _("Save as PDF"), self.title)
        if target is None:
            return None
        try:
            shutil.copyfile(self.path, target)
        except OSError as error:
            dialogs.error(self, _("Save as PDF"), _("The PDF cannot be written to {path}.")
                          .format(path=target), str(error))
            return None
        self.statusBar().showMessage(_("Saved to {path}.").format(path=target), 8000)
        return target

    def print_report(self, printer: QPrinter | None = None) -> Task | None:
        """Ask the system's print dialog, then print on the worker with progress."""
        if self.printing is not None and not self.printing.done:
            return None
        printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer, self.pdf.pagePointSize(0), self.title)
        if not dialogs.print_setup(self, printer, self.pdf.pageCount()):
            return None
        pages = pages_to_print(printer, self.pdf.pageCount(), self.current_page())
        path = self.path

        def work(progress: Callable[..., None]) -> int:  # worker thread: the printer is
            return print_pdf(path, printer, pages, progress)  # its alone until it returns

        def done(sheets: int) -> None:
            self.statusBar().showMessage(ngettext(
                "Sent to the printer: {n} page.", "Sent to the printer: {n} pages.", sheets
            ).format(n=sheets), 8000)

        def cancelled() -> None:
            self.statusBar().showMessage(_("Printing cancelled."), 8000)

        self.printing = self.tasks.run(work, title=_("Printing {title}…").format(
            title=self.title), parent=self, on_done=done, on_cancel=cancelled)
        return self.printing

    def open_outside(self) -> bool:
        """The PDF in the system's viewer (it keeps its own copy open; ours is deleted
        when this window closes, which some viewers tolerate only after closing)."""
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))
        if not opened:
            dialogs.error(self, _("Open with the system application"),
                          _("No application to open PDF files was found."))
        return opened

    # ---- Opening and closing ----------------------------------------------------------

    def _restore(self) -> None:
        """The size it had last time; else a portrait page about life-size at full width,
        as tall as the screen allows (1366 × 768 less a taskbar)."""
        geometry = self.settings.value("reports/preview_geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
            return
        available = self.screen().availableGeometry()
        self.resize(min(1000, available.width() - 40), min(900, available.height() - 50))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set_value("reports/preview_geometry", self.saveGeometry())
        if self.printing is not None and not self.printing.done:
            self.printing.cancel()  # the worker stops at the next page, then lets go
        self.pdf.close()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            if self.folder.exists():
                log.warning("the temporary report %s could not be deleted", self.folder)
        super().closeEvent(event)
