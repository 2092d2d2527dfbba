"""Printing a finished PDF: every page rendered to an image and painted on a QPrinter.

The report is already a PDF, so printing does not lay it out again: each page is
rendered by PDFium (`QPdfDocument.render`) at the printer's resolution and painted at
its true size (A4 on A4 prints at 100 %; on other paper it is fitted and centred).

Threads: `print_pdf` runs on the background worker (`ui.tasks`), which keeps the window
responsive while a long booklet prints. It opens its own `QPdfDocument` there (PDFium
calls are serialised by QtPdf, so the preview may go on showing the same file) and is
the only user of the QPrinter until it returns; painting on a QPrinter outside the GUI
thread is supported by Qt. A 600 dpi A4 page is 140 MB as one image, so pages are
rendered in horizontal bands of at most `BAND_BYTES`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

import shiboken6
from PySide6.QtCore import QRect, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter

from procedures.errors import DomainError
from procedures.i18n import _

#: Largest image rendered at once (ARGB32, 4 bytes a pixel).
BAND_BYTES = 32 * 1024 * 1024
POINTS_PER_INCH = 72.0


class PrintError(DomainError):
    """The file or the printer failed; the message is for the person."""


def prepare_printer(printer: QPrinter, page_points: QSizeF, title: str) -> None:
    """Paper and orientation of the report's first page, so the dialog proposes them."""
    printer.setDocName(title)
    printer.setFullPage(True)  # the PDF has its own margins: place it on the paper as is
    # Paper sizes are named upright (A4 is 595 × 842); the orientation turns them.
    upright = QSizeF(min(page_points.width(), page_points.height()),
                     max(page_points.width(), page_points.height()))
    printer.setPageSize(QPageSize(upright, QPageSize.Unit.Point))
    printer.setPageOrientation(_orientation(page_points))


def pages_to_print(printer: QPrinter, page_count: int, current: int) -> list[int]:
    """The pages (0-based) the print dialog asked for, repeated for the copies the
    printer cannot make itself."""
    match printer.printRange():
        case QPrinter.PrintRange.PageRange:
            first = max(printer.fromPage(), 1) - 1
            last = min(printer.toPage() or page_count, page_count) - 1
            pages = list(range(first, last + 1))
        case QPrinter.PrintRange.CurrentPage:
            pages = [min(max(current, 0), page_count - 1)] if page_count else []
        case _:
            pages = list(range(page_count))
    copies = 1 if printer.supportsMultipleCopies() else max(printer.copyCount(), 1)
    if copies == 1:
        return pages
    if printer.collateCopies():
        return pages * copies
    return [page for page in pages for _copy in range(copies)]


def print_pdf(path: Path, printer: QPrinter, pages: Sequence[int],
              progress: Callable[..., None]) -> int:
    """Print `pages` of the PDF at `path`; the number of sheets sent (worker thread).

    `progress` is the task helper's callable: it raises `Cancelled` when the person
    presses Cancel, and the print job is then aborted (nothing more is sent).
    """
    document = QPdfDocument()
    painter = QPainter()
    try:
        if document.load(str(path)) != QPdfDocument.Error.None_:
            raise PrintError(_("The PDF {path} cannot be read.").format(path=path))
        total = len(pages)
        for number, page in enumerate(pages):
            progress(number, total, _("Page {page} of {total}").format(page=number + 1,
                                                                       total=total))
            points = document.pagePointSize(page)
            printer.setPageOrientation(_orientation(points))
            if number == 0:
                if not painter.begin(printer):
                    raise PrintError(_("The printer {name} cannot be used.").format(
                        name=printer.printerName() or printer.outputFileName()))
            elif not printer.newPage():
                raise PrintError(_("The printer stopped while printing page {page}.").format(
                    page=page + 1))
            _paint_page(painter, printer, document, page, points)
        progress(total, total, "")
    except BaseException:
        if painter.isActive():
            printer.abort()
        raise
    finally:
        if painter.isActive():
            painter.end()
        document.close()
        shiboken6.delete(document)  # on this thread, never by a collector elsewhere
    return len(pages)


def _orientation(points: QSizeF) -> QPageLayout.Orientation:
    landscape = points.width() > points.height()
    return QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait


def _paint_page(painter: QPainter, printer: QPrinter, document: QPdfDocument, page: int,
                points: QSizeF) -> None:
    """One page fitted into the paper (true size when they match), in bands."""
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    dots = printer.resolution() / POINTS_PER_INCH
    natural = QSizeF(points.width() * dots, points.height() * dots)
    scale = min(paper.width() / natural.width(), paper.height() / natural.height())
    size = QSize(max(1, round(natural.width() * scale)), max(1, round(natural.height() * scale)))
    left = paper.left() + (paper.width() - size.width()) / 2
    top = paper.top() + (paper.height() - size.height()) / 2
    band = max(1, BAND_BYTES // (4 * size.width()))
    bands = math.ceil(size.height() / band)
    for index in range(bands):
        y = index * band
        height = min(band, size.height() - y)
        options = QPdfDocumentRenderOptions()
        if bands > 1:
            options.setScaledSize(size)
            options.setScaledClipRect(QRect(0, y, size.width(), height))
        image = document.render(page, QSize(size.width(), height), options)
        painter.drawImage(QRectF(left, top + y, size.width(), height), _on_white(image))


def _on_white(image: QImage) -> QImage:
    """PDFium leaves the paper transparent; printers and PDF files want opaque pixels
    (an image with alpha is rasterised again by some drivers, or stored twice)."""
    opaque = QImage(image.size(), QImage.Format.Format_RGB32)
    opaque.fill(Qt.GlobalColor.white)
    painter = QPainter(opaque)
    painter.drawImage(0, 0, image)
    painter.end()
    return opaque
