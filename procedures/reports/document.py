"""The page frame every report shares: A4 templates, header, footer, metadata, TOC.

One `ReportDocument` builds in ONE pass, even with a table of contents and "page N of
M": those numbers are PDF form XObjects that pages reference before they are known and
that are defined once the last page is laid out. (ReportLab's own TOC needs a second
full pass, which would double the time of a 500-page booklet.)

The header carries the municipality's logo (a placeholder shield when none is set), the
municipality and the report's name, plus a running title that `Running` markers in the
story change (the booklet's current procedure). What every page repeats is one form
drawn once per PDF; a page adds only its running title and its number.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from procedures.filemode import make_shareable
from procedures.formatting import short_date
from procedures.i18n import _
from procedures.logo import fitted
from procedures.progress import Progress
from procedures.reports.fonts import BOLD, REGULAR, register_fonts, text_width
from procedures.reports.styles import (
    ACCENT,
    FOOTER_HEIGHT,
    HEADER_HEIGHT,
    MARGIN,
    MUTED,
    RULE,
    WARNING_RED,
)
from procedures.reports.symbols import draw_emblem, emblem_width

# Page streams are compressed (Flate) but not written out again as ASCII85 text:
# ReportLab's default encodes every stream a second time, in pure Python, for a file a
# quarter larger (a tenth of the time of a 150-page portfolio); PDF readers need neither.
rl_config.useA85 = 0

PORTRAIT = "portrait"
LANDSCAPE = "landscape"
COVER = "cover"  # portrait, no header or footer
CREATOR = "Trámite Claro"
_EMBLEM_FORM = "tc_emblem"
_TOTAL_FORM = "tc_total_pages"
#: The header's mark (logo or shield) is this high; a wide logo up to this many times wider.
MARK_HEIGHT = HEADER_HEIGHT - 5
MARK_MAX_ASPECT = 3.0


def mark_size(logo: bytes | None, height: float,
              max_aspect: float = MARK_MAX_ASPECT) -> tuple[float, float]:
    """Width and height of the logo (kept in proportion) or of the placeholder shield."""
    if logo is None:
        return emblem_width(height), height
    return fitted(logo, height * max_aspect, height)


def draw_mark(canvas: Canvas, logo: bytes | None, x: float, y: float, height: float,
              max_aspect: float = MARK_MAX_ASPECT) -> None:
    """The logo, or the shield when there is none, in a box `height` high whose
    bottom-left corner is (x, y); a logo wider than high sits centred in that height."""
    if logo is None:
        draw_emblem(canvas, x, y, height)
        return
    width, drawn = mark_size(logo, height, max_aspect)
    canvas.drawImage(ImageReader(BytesIO(logo)), x, y + (height - drawn) / 2, width, drawn,
                     mask="auto")


@dataclass(frozen=True, slots=True)
class ReportMeta:
    """PDF metadata and header texts; `author` is the municipality (or the region)."""

    title: str
    author: str
    subject: str
    report_name: str
    keywords: tuple[str, ...] = ()
    printed_on: date | None = None
    #: The municipality's logo (PNG or JPEG bytes); None prints the placeholder shield.
    logo: bytes | None = None


class Running(Flowable):
    """Zero-size marker: from the page where it lands, the header shows `text`."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._doctemplate.running = self.text  # type: ignore[attr-defined]  # not in the stubs


class Banner(Flowable):
    """Zero-size marker: from the page where it lands, every page carries `text` in red
    in its header and across the page ("PROPUESTA — no vigente"); "" ends it."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._doctemplate.banner = self.text  # type: ignore[attr-defined]  # not in the stubs


class Anchor(Flowable):
    """Zero-size marker that records the page it lands on (for a TOC) and a bookmark."""

    def __init__(self, key: str, title: str = "", level: int = 0) -> None:
        super().__init__()
        self.key = key
        self.title = title
        self.level = level
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        doc = self.canv._doctemplate  # type: ignore[attr-defined]  # not in the stubs
        doc.anchors[self.key] = self.canv.getPageNumber()
        if self.title:
            self.canv.bookmarkPage(self.key)
            self.canv.addOutlineEntry(self.title, self.key, level=self.level)


class Tick(Flowable):
    """Zero-size marker that reports progress when layout reaches it.

    The progress callable may raise `Cancelled`; it propagates out of the build and
    nothing is written.
    """

    def __init__(self, progress: Progress, done: int, total: int, message: str = "") -> None:
        super().__init__()
        self.progress = progress
        self.done = done
        self.total = total
        self.message = message
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.progress(self.done, self.total, self.message)


class PageRef(Flowable):
    """The page number of an `Anchor`, right-aligned, known only once the book is laid out."""

    def __init__(self, key: str, size: float, width: float = 28) -> None:
        super().__init__()
        self.key = key
        self.size = size
        self.width = width
        self.height = size * 1.2

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        doc = self.canv._doctemplate  # type: ignore[attr-defined]  # not in the stubs
        doc.page_refs.add(self.key)
        self.canv.saveState()
        self.canv.translate(self.width, self.size * 0.25)
        self.canv.doForm(_ref_form(self.key))
        self.canv.restoreState()
        doc.ref_sizes[self.key] = self.size


def _ref_form(key: str) -> str:
    return "tc_ref_" + "".join(ch if ch.isalnum() else "_" for ch in key)


class ReportDocument(BaseDocTemplate):
    """A4 document with a portrait and a landscape template and the shared page frame."""

    def __init__(self, target: BytesIO, meta: ReportMeta, *, first: str = PORTRAIT) -> None:
        register_fonts()
        super().__init__(
            target, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
            topMargin=MARGIN + HEADER_HEIGHT, bottomMargin=MARGIN + FOOTER_HEIGHT,
            title=meta.title, author=meta.author, subject=meta.subject, creator=CREATOR,
            producer=CREATOR, keywords=list(meta.keywords), lang="es",
            initialFontName=REGULAR,
        )
        self.meta = meta
        #: Where the header's texts start, right of the logo (measured once, not per page).
        self.text_x = MARGIN + mark_size(meta.logo, MARK_HEIGHT)[0] + 6
        self.running = ""
        self.banner = ""
        self.anchors: dict[str, int] = {}
        self.page_refs: set[str] = set()
        self.ref_sizes: dict[str, float] = {}
        self.page_count = 0
        self.last_page_fill = 1.0
        templates = {PORTRAIT: A4, LANDSCAPE: landscape(A4), COVER: A4}
        ordered = [first] + [name for name in templates if name != first]
        self.addPageTemplates([self._template(name, templates[name]) for name in ordered])

    # -- geometry -------------------------------------------------------------------
    def _template(self, name: str, size: tuple[float, float]) -> PageTemplate:
        width, height = size
        if name == COVER:
            frame = Frame(MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN,
                          id="cover_body", leftPadding=0, rightPadding=0, topPadding=0,
                          bottomPadding=0)
            return PageTemplate(id=name, frames=[frame], pagesize=size)
        frame = Frame(MARGIN, MARGIN + FOOTER_HEIGHT, width - 2 * MARGIN,
                      height - 2 * MARGIN - HEADER_HEIGHT - FOOTER_HEIGHT, id=f"{name}_body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        return PageTemplate(id=name, frames=[frame], pagesize=size, onPageEnd=self._decorate)

    @staticmethod
    def frame_size(orientation: str = PORTRAIT) -> tuple[float, float]:
        """Usable width and height of the body frame."""
        width, height = landscape(A4) if orientation == LANDSCAPE else A4
        if orientation == COVER:
            return (width - 2 * MARGIN, height - 2 * MARGIN)
        return (width - 2 * MARGIN, height - 2 * MARGIN - HEADER_HEIGHT - FOOTER_HEIGHT)

    # -- page decoration -----------------------------------------------------------
    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Header and footer: what every page repeats is one form, drawn once per PDF;
        each page adds only its running title and its number."""
        width, height = canvas._pagesize  # type: ignore[attr-defined]  # not in the stubs
        top = height - MARGIN
        right = width - MARGIN
        canvas.doForm(self._frame_form(canvas, width, height))
        canvas.saveState()
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 8)
        if self.running:
            text_x = self.text_x
            limit = (right - text_x) * 0.5
            canvas.drawRightString(right, top - 21, _clip(self.running, REGULAR, 8, limit))
        if self.banner:
            self._draw_banner(canvas, width, height)
        canvas.setFont(REGULAR, 7)
        base = MARGIN + 2
        label = _("Page {page} of").format(page=canvas.getPageNumber()) + " "
        total_width = text_width("0000", 7)
        canvas.drawRightString(right - total_width, base, label)
        canvas.translate(right - total_width, base)
        canvas.doForm(_TOTAL_FORM)
        canvas.restoreState()

    def _draw_banner(self, canvas: Canvas, width: float, height: float) -> None:
        """The banner in a red box at the header's right, and faintly across the page,
        so that no page of it can be read as in force."""
        top = height - MARGIN
        right = width - MARGIN
        size = 9
        text_w = text_width(self.banner, size, BOLD)
        canvas.saveState()
        canvas.setFillColor(WARNING_RED)
        canvas.roundRect(right - text_w - 10, top - 14, text_w + 10, size + 6, 2, stroke=0,
                         fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(BOLD, size)
        canvas.drawRightString(right - 5, top - 10.5, self.banner)
        canvas.setFillColor(WARNING_RED)
        canvas.setFillAlpha(0.09)
        big = min(width, height) / max(len(self.banner), 1) * 1.25
        canvas.setFont(BOLD, big)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, -big / 3, self.banner)
        canvas.restoreState()

    def _frame_form(self, canvas: Canvas, width: float, height: float) -> str:
        """The page frame of one page size (emblem, owner, report, rules, footer note)."""
        name = f"tc_frame_{round(width)}"
        if canvas.hasForm(name):
            return name
        top = height - MARGIN
        right = width - MARGIN
        canvas.beginForm(name)
        canvas.saveState()
        canvas.translate(MARGIN, top - MARK_HEIGHT)
        canvas.doForm(_EMBLEM_FORM)
        canvas.restoreState()
        text_x = self.text_x
        canvas.setFillColor(ACCENT)
        canvas.setFont(BOLD, 9)
        canvas.drawString(text_x, top - 10, _clip(self.meta.author, BOLD, 9,
                                                  right - text_x - 150))
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 8)
        canvas.drawString(text_x, top - 21, _clip(self.meta.report_name, REGULAR, 8,
                                                  right - text_x - 150))
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(1.2)
        canvas.line(MARGIN, top - HEADER_HEIGHT + 3, right, top - HEADER_HEIGHT + 3)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, MARGIN + FOOTER_HEIGHT - 3, right, MARGIN + FOOTER_HEIGHT - 3)
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 7)
        printed = self.meta.printed_on or date.today()
        canvas.drawString(MARGIN, MARGIN + 2, _("Prepared with {app} on {date}").format(
            app=CREATOR, date=short_date(printed)))
        canvas.endForm()
        return name

    # -- build ------------------------------------------------------------------------
    def build_story(self, story: Sequence[Flowable]) -> None:
        """Lay out `story` in one pass and define the late-bound forms before saving."""
        self._doSave = 0
        self.build(list(story))
        self.last_page_fill = _fill(self.frame)
        canvas = self.canv
        pages = canvas.getPageNumber() - 1
        canvas.beginForm(_EMBLEM_FORM)
        draw_mark(canvas, self.meta.logo, 0, 0, MARK_HEIGHT)
        canvas.endForm()
        canvas.beginForm(_TOTAL_FORM)
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 7)
        canvas.drawString(0, 0, str(pages))
        canvas.endForm()
        for key in self.page_refs:
            # The number is drawn leftwards from the origin: widen the form's box.
            canvas.beginForm(_ref_form(key), lowerx=-200, lowery=-20, upperx=20, uppery=40)
            canvas.setFont(REGULAR, self.ref_sizes.get(key, 9))
            canvas.drawRightString(0, 0, str(self.anchors.get(key, "")))
            canvas.endForm()
        canvas.save()
        self.page_count = pages


def _fill(frame: Frame) -> float:
    """The share of the last page's frame that the story used (0 empty, 1 full).

    A short report reads this to see whether its last page holds only a few lines.
    """
    # Private Frame attributes (the stubs leave them out): what the frame has left.
    top = frame._y2 - frame._topPadding  # type: ignore[attr-defined]
    return max(0.0, min(1.0, (top - frame._y) / frame._height))  # type: ignore[attr-defined]


@lru_cache(maxsize=4096)
def _clip(text: str, font: str, size: float, limit: float) -> str:
    """Shorten `text` with an ellipsis so that it fits `limit` points (cached: every page
    of a guide repeats the same running title)."""
    if text_width(text, size, font) <= limit:
        return text
    low, high = 0, len(text)
    while low < high:  # longest prefix that fits, by bisection
        middle = (low + high + 1) // 2
        if text_width(text[:middle] + "…", size, font) <= limit:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def write_pdf(path: Path, build: Callable[[BytesIO], int]) -> int:
    """Run `build` into memory, then move the bytes into place atomically.

    A cancelled or failed report leaves no half-written file behind. Returns what
    `build` returns (the page count).
    """
    buffer = BytesIO()
    pages = build(buffer)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tramite-", suffix=".pdf", dir=path.parent)
    make_shareable(temporary)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(buffer.getvalue())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return pages
