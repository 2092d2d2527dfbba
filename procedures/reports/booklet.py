"""Booklet: every guide of a municipality with a cover, a contents list and page numbers.

Built for hundreds of procedures: one layout pass (late-bound page numbers), the QR
code, the emblem, the page frame and every word the guides share (headings, labels, the
municipality's data: see stamps.py) laid out and drawn once and reused on every page,
and progress reported as layout reaches each guide (the progress callable may cancel by
raising `Cancelled`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from io import BytesIO

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from procedures.formatting import long_date
from procedures.i18n import _, ngettext
from procedures.progress import Progress, no_progress
from procedures.reports.blocks import heading
from procedures.reports.cover import CoverPage, toc_table
from procedures.reports.document import (
    COVER,
    PORTRAIT,
    Anchor,
    ReportDocument,
    ReportMeta,
    Running,
    Tick,
)
from procedures.reports.guide import LARGE_PRINT_SCALE, GuideData, guide_story
from procedures.reports.stamps import Stamps
from procedures.reports.styles import styles


def booklet_story(guides: Sequence[GuideData], *, large_print: bool = False,
                  progress: Progress = no_progress) -> list[Flowable]:
    if not guides:
        raise ValueError("a booklet needs at least one guide")
    st = styles(LARGE_PRINT_SCALE if large_print else 1.0)
    entity = guides[0].entity
    width, height = ReportDocument.frame_size(COVER)
    body_width, _h = ReportDocument.frame_size(PORTRAIT)
    stamps = Stamps()  # this book's fixed words, laid out and drawn once
    count = len(guides)
    lines = [ngettext("{count} procedure explained for residents",
                      "{count} procedures explained for residents", count).format(count=count),
             entity.address, long_date(guides[0].filed_on)]
    story: list[Flowable] = [
        CoverPage(width, height, entity.name, _("Guide to procedures"),
                  [line for line in lines if line], entity.settings.logo),
        NextPageTemplate(PORTRAIT), PageBreak(),
        Running(_("Contents")),
        heading(_("Contents"), st.h1),
        toc_table([(f"guide-{index}", g.procedure.code, g.procedure.name)
                   for index, g in enumerate(guides)], body_width, st),
    ]
    for index, guide in enumerate(guides):
        code = guide.procedure.code
        story += [
            PageBreak(),
            Running(f"{code} · {guide.procedure.name}"),
            Anchor(f"guide-{index}", f"{code} {guide.procedure.name}"),
            Tick(progress, index, count, code),
            *guide_story(guide, st, body_width, stamps),
        ]
    story.append(Tick(progress, count, count, ""))
    return story


def build_booklet(target: BytesIO, guides: Sequence[GuideData], *, large_print: bool = False,
                  progress: Progress = no_progress, printed_on: date | None = None) -> int:
    """Write the booklet into `target`; returns the page count."""
    entity = guides[0].entity
    meta = ReportMeta(
        title=_("Guide to procedures — {entity}").format(entity=entity.name),
        author=entity.name,
        subject=_("Guides for residents of every procedure in the TUPA"),
        report_name=_("Guide to procedures"),
        keywords=("TUPA", entity.ubigeo),
        printed_on=printed_on or guides[0].filed_on,
        logo=entity.settings.logo,
    )
    doc = ReportDocument(target, meta, first=COVER)
    doc.build_story(booklet_story(guides, large_print=large_print, progress=progress))
    return doc.page_count
