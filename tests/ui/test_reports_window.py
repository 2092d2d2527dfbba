"""Reports from the window: the Reports dialog, the build with Cancel, the print preview
(QtPdf), saving a copy and printing to a PDF printer."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QPageLayout, QPageSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from procedures.i18n import _, ngettext
from tests.ui.conftest import close_window, make_window
from tests.ui.helpers import activate, focused


@pytest.fixture
def demo_db(db_path: Path) -> Path:
    """A SQLite file with the Cajamarca demo (PA-02 has a proposal, PA-03 has none)."""
    from models.db import open_database
    from procedures.demo.bootstrap import load_demo

    db = open_database(db_path)
    with db.session() as session, session.begin():
        load_demo(session)
    db.close()
    return db_path


@pytest.fixture
def window(qtbot: Any, demo_db: Path, settings: Any) -> Iterator[Any]:
    main = make_window(qtbot, demo_db, settings)
    yield main
    close_window(qtbot, main)


def open_code(window: Any, code: str) -> Any:
    from procedures.services.queries import procedure_index

    item = next(p for p in window.document.read(procedure_index) if p.code == code)
    assert window.open_procedure(item.uuid)
    return window.workspace.header


def choose_entity(window: Any, ubigeo: str = "060101") -> None:
    """Click a municipality in the navigator (nothing open)."""
    navigator = window.navigator
    navigator.tree.setCurrentIndex(navigator.model.entity_index(ubigeo))
    assert window.commands["report"].isEnabled()


def reports_dialog(qtbot: Any, window: Any) -> Any:
    """Ctrl+P, as a clerk opens it; the dialog is window-modal and does not block."""
    from ui.screens.report_dialog import ReportDialog

    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    def shown() -> list[Any]:
        return [d for d in window.findChildren(ReportDialog) if d.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1, timeout=5000)
    dialog = shown()[0]
    qtbot.waitExposed(dialog)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    return dialog


def open_preview(qtbot: Any, window: Any, dialog: Any) -> Any:
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.reports.previews()), timeout=30_000)
    preview = window.reports.previews()[0]
    qtbot.waitExposed(preview)
    return preview


class UrlCatcher(QObject):
    """Stands in for the system's PDF viewer."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def pdf_pages(path: Path) -> tuple[int, str]:
    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    try:
        return document.pageCount(), document.getAllText(0).text()
    finally:
        document.close()


def test_the_guide_is_previewed_saved_and_printed(qtbot: Any, window: Any, answers: Any,
                                                 tmp_path: Path, monkeypatch: Any) -> None:
    from ui import dialogs

    header = open_code(window, "PA-02")
    dialog = reports_dialog(qtbot, window)
    assert dialog.kind().key == "guide"  # a procedure is open: its guide comes first
    assert dialog.large_print.isVisibleTo(dialog)
    assert not dialog.versions.isVisibleTo(dialog)
    preview = open_preview(qtbot, window, dialog)
    assert preview.pdf.status() == QPdfDocument.Status.Ready
    pages = preview.pdf.pageCount()
    assert pages >= 1
    first = preview.pdf.getAllText(0).text()
    assert header.name.split()[0] in first and "días hábiles" in first
    assert preview.position.text() == _("Page {page} of {total}").format(page=1, total=pages)
    temporary = preview.path
    assert temporary.exists()
    # Page keys, on the page itself.
    activate(qtbot, preview)
    preview.view.setFocus()
    if pages > 1:
        qtbot.keyClick(preview.view, Qt.Key.Key_PageDown)
        qtbot.waitUntil(lambda: preview.current_page() == 1, timeout=5000)
        qtbot.keyClick(preview.view, Qt.Key.Key_Home)
        qtbot.waitUntil(lambda: preview.current_page() == 0, timeout=5000)
        qtbot.keyClick(preview.view, Qt.Key.Key_End)
        qtbot.waitUntil(lambda: preview.current_page() == pages - 1, timeout=5000)
        assert preview.page.value() == pages
    before = preview.effective_zoom()
    preview.actions_["zoom_in"].trigger()
    assert preview.effective_zoom() == pytest.approx(before * 1.25, rel=0.02)
    preview.actions_["fit_page"].trigger()
    assert preview.effective_zoom() < before
    # Save as PDF: a copy where the clerk chooses, and the folder is remembered.
    saved = tmp_path / "out" / "guia"
    saved.parent.mkdir()
    answers.will("save_file", str(saved))
    target = preview.save_as()
    assert target == saved.with_name("guia.pdf")
    assert target.read_bytes().startswith(b"%PDF")
    assert pdf_pages(target)[0] == pages
    assert window.settings.value("reports/folder") == str(saved.parent)
    # Print to a PDF printer: every page, on the worker.
    printed = tmp_path / "impreso.pdf"

    def accept(_parent: Any, printer: QPrinter, count: int) -> bool:
        assert count == pages
        assert printer.pageLayout().pageSize().id().name == "A4"
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        printer.setResolution(100)  # quick; a real printer gives its own
        return True

    monkeypatch.setattr(dialogs, "print_setup", accept)
    task = preview.print_report()
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    count, text = pdf_pages(printed)
    assert count == pages
    assert text == ""  # pictures of the pages, as a printer gets them
    assert preview.statusBar().currentMessage() == ngettext(
        "Sent to the printer: {n} page.", "Sent to the printer: {n} pages.", pages).format(
        n=pages)
    # The system's PDF viewer gets the same file.
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    try:
        assert preview.open_outside()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [url.toLocalFile() for url in catcher.urls] == [str(temporary)]
    # Closing the preview deletes its temporary file.
    preview.close()
    qtbot.waitUntil(lambda: not temporary.exists(), timeout=5000)
    assert not temporary.parent.exists()


def test_a_page_range_prints_only_those_pages(qtbot: Any, window: Any, tmp_path: Path,
                                              monkeypatch: Any) -> None:
    from ui import dialogs

    open_code(window, "PA-02")
    dialog = reports_dialog(qtbot, window)
    dialog.choose("sheet")
    preview = open_preview(qtbot, window, dialog)
    assert preview.pdf.pageCount() >= 3
    printed = tmp_path / "rango.pdf"

    def accept(_parent: Any, printer: QPrinter, _count: int) -> bool:
        layout = printer.pageLayout()  # the dialog proposes the report's own paper
        assert layout.pageSize().id() == QPageSize.PageSizeId.A4
        assert layout.orientation() == QPageLayout.Orientation.Landscape
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        printer.setResolution(60)
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 3)
        return True

    monkeypatch.setattr(dialogs, "print_setup", accept)
    task = preview.print_report()
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert pdf_pages(printed)[0] == 2
    document = QPdfDocument()
    document.load(str(printed))
    size = document.pagePointSize(0)
    assert size.width() > size.height()  # the sheet's landscape pages stay landscape
    document.close()
    preview.close()


def test_each_printed_page_keeps_its_orientation(qtbot: Any, window: Any, tmp_path: Path,
                                                 monkeypatch: Any) -> None:
    """The comparison mixes portrait pages and landscape diagrams."""
    from ui import dialogs

    open_code(window, "PA-02")
    dialog = reports_dialog(qtbot, window)
    dialog.choose("comparison")
    preview = open_preview(qtbot, window, dialog)
    printed = tmp_path / "comparacion.pdf"

    def accept(_parent: Any, printer: QPrinter, _count: int) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        printer.setResolution(40)
        return True

    monkeypatch.setattr(dialogs, "print_setup", accept)
    task = preview.print_report()
    qtbot.waitUntil(lambda: task.done, timeout=30_000)

    def shapes(document: QPdfDocument) -> list[bool]:
        return [document.pagePointSize(n).width() > document.pagePointSize(n).height()
                for n in range(document.pageCount())]

    result = QPdfDocument()
    result.load(str(printed))
    assert shapes(result) == shapes(preview.pdf)
    assert len(set(shapes(result))) == 2
    result.close()
    # Closing the window closes its previews, which delete their temporary files.
    temporary = preview.path
    window.close()
    assert not temporary.exists() and not temporary.parent.exists()


def test_copies_the_printer_cannot_make_are_printed_again(qtbot: Any) -> None:
    from ui.report_print import pages_to_print

    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # makes no copies itself
    printer.setCopyCount(2)
    printer.setCollateCopies(True)
    assert pages_to_print(printer, 3, 0) == [0, 1, 2, 0, 1, 2]
    printer.setCollateCopies(False)
    assert pages_to_print(printer, 3, 0) == [0, 0, 1, 1, 2, 2]
    printer.setCopyCount(1)
    printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert pages_to_print(printer, 3, 1) == [1]
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 9)
    assert pages_to_print(printer, 3, 0) == [1, 2]


def test_kinds_that_need_a_procedure_or_a_proposal_say_why(qtbot: Any,
                                                          window: Any) -> None:
    # Nothing open: the procedure reports are disabled and say why.
    choose_entity(window)
    dialog = reports_dialog(qtbot, window)
    for key in ("guide", "sheet", "comparison"):
        assert not dialog.radios[key].isEnabled()
        assert "procedimiento" in dialog.radios[key].toolTip()
    assert dialog.kind().key == "booklet"
    dialog.choose("portfolio")
    assert dialog.province.isVisibleTo(dialog) and not dialog.large_print.isVisibleTo(dialog)
    assert dialog.request().entity == "0601"
    dialog.region.setChecked(True)
    assert dialog.request().entity == "06"
    dialog.reject()
    # PA-03 has no proposal: no comparison.
    open_code(window, "PA-03")
    dialog = reports_dialog(qtbot, window)
    assert dialog.radios["guide"].isEnabled() and dialog.radios["sheet"].isEnabled()
    assert not dialog.radios["comparison"].isEnabled()
    assert "propuesta" in dialog.radios["comparison"].toolTip()
    dialog.reject()
    # PA-02 has one: the comparison is offered with its proposals only.
    open_code(window, "PA-02")
    dialog = reports_dialog(qtbot, window)
    assert dialog.radios["comparison"].isEnabled()
    dialog.choose("comparison")
    assert dialog.versions.isVisibleTo(dialog)
    assert [dialog.versions.itemText(n) for n in range(dialog.versions.count())] == [
        "Propuesta"]
    request = dialog.request()
    assert (request.kind, request.procedure, request.version) == (
        "comparison", "PA-02", "Propuesta")
    dialog.language.setCurrentIndex(1)
    assert dialog.request().lang == "en"
    assert dialog.title() == "PA-02 - Comparison"
    dialog.reject()


def test_save_pdf_builds_straight_into_the_file(qtbot: Any, window: Any, answers: Any,
                                                tmp_path: Path) -> None:
    open_code(window, "PA-02")
    dialog = reports_dialog(qtbot, window)
    dialog.choose("tupa")
    pdf = tmp_path / "cuadro.pdf"
    answers.will("save_file", str(pdf))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.document.tasks.busy and pdf.exists(), timeout=30_000)
    assert pdf_pages(pdf)[0] >= 1
    assert not window.reports.previews()
    # The save dialog proposed a translated name in the last folder's place.
    ((_name, args),) = [a for a in answers.asked if a[0] == "save_file"]
    assert args[3].endswith("060101 - Cuadro TUPA.pdf")


class Held:
    """Holds a report build at its first progress step until `go` is set, so a test
    presses Cancel during the build without racing the worker."""

    def __init__(self, monkeypatch: Any) -> None:
        from procedures.services import reports as reporting

        self.started, self.go = threading.Event(), threading.Event()
        real = reporting.build_report

        def held(session: Any, request: Any, progress: Any) -> str:
            def first_waits(*args: Any) -> None:
                if not self.started.is_set():
                    self.started.set()
                    self.go.wait(10)
                progress(*args)

            return real(session, request, progress=first_waits)

        monkeypatch.setattr(reporting, "build_report", held)

    def cancel(self, qtbot: Any, window: Any) -> None:
        qtbot.waitUntil(self.started.is_set, timeout=10_000)
        progress = window.findChild(QProgressDialog)
        qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
        self.go.set()
        qtbot.waitUntil(lambda: not window.document.tasks.busy, timeout=10_000)


def test_cancelling_a_booklet_writes_nothing(qtbot: Any, window: Any, answers: Any,
                                             tmp_path: Path, monkeypatch: Any) -> None:
    held = Held(monkeypatch)
    choose_entity(window)
    pdf = tmp_path / "cuadernillo.pdf"
    answers.will("save_file", str(pdf))
    dialog = reports_dialog(qtbot, window)
    dialog.choose("booklet")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    held.cancel(qtbot, window)
    assert not pdf.exists()
    assert list(tmp_path.glob("*.pdf")) == []
    assert window.statusBar().currentMessage() == _("Cancelled; nothing was written.")
    # Still responsive: keys work and the dialog opens again.
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focused() is window.navigator.search
    reports_dialog(qtbot, window).reject()
    assert QApplication.activeModalWidget() is None


def test_a_cancelled_preview_leaves_no_temporary_file(qtbot: Any, window: Any,
                                                      tmp_path: Path, monkeypatch: Any) -> None:
    import tempfile

    temporary = tmp_path / "temporary"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    held = Held(monkeypatch)
    choose_entity(window)
    dialog = reports_dialog(qtbot, window)
    dialog.choose("booklet")
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(held.started.is_set, timeout=10_000)
    assert len(list(temporary.glob("tramite-report-*"))) == 1  # made for the preview
    held.cancel(qtbot, window)
    assert not window.reports.previews()
    assert list(temporary.iterdir()) == []


def test_a_guide_shows_its_legal_warnings_before_it_is_printed(qtbot: Any, window: Any,
                                                               tmp_path: Path) -> None:
    """PA-01 in force asks for a copy of the DNI and a police record and takes longer
    than its term: the clerk reads that in the dialog before Preview or Save; the
    booklet names each procedure's code; a technical sheet (for the office) shows none."""
    open_code(window, "PA-01")
    dialog = reports_dialog(qtbot, window)
    assert dialog.kind().key == "guide"
    qtbot.waitUntil(lambda: dialog.warnings_box.isVisibleTo(dialog), timeout=10_000)
    text = dialog.warnings.text()
    assert text.startswith(_("Before you print, check:"))
    assert "Copia simple del DNI" in text and "antecedentes policiales" in text
    dialog.choose("booklet")
    qtbot.waitUntil(lambda: "SE-01: " in dialog.warnings.text(), timeout=20_000)
    assert "PA-01: " in dialog.warnings.text()
    dialog.resize(dialog.sizeHint())
    dialog.grab().save(str(tmp_path / "report-dialog-warnings.png"))
    dialog.choose("sheet")
    qtbot.waitUntil(lambda: not dialog.warnings_box.isVisibleTo(dialog), timeout=5000)
    dialog.reject()
