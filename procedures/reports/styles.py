"""The reports' visual identity: one accent colour, ASME type colours, type hierarchy.

Every report takes its colours and paragraph styles from here so that a guide, a
technical sheet and a TUPA table printed for the same mayor look like one family. The
ASME colours are the ones the flowchart, the table symbols and the legends all use.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from functools import cache
from typing import Any, Literal

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from models.codes import ActivityType, ValueClass
from procedures import colours
from procedures.reports.fonts import BOLD, ITALIC, REGULAR, register_fonts

# -- colours ----------------------------------------------------------------------------
ACCENT = colors.HexColor("#1B4F72")  # institutional deep blue: titles, rules, header band
ACCENT_LIGHT = colors.HexColor("#E8F0F6")  # table headers, key-fact boxes
INK = colors.HexColor("#1C1C1C")
MUTED = colors.HexColor("#5F6368")
RULE = colors.HexColor("#B8C4CE")
ZEBRA = colors.HexColor("#F6F8FA")
WHITE = colors.white

#: One colour per ASME activity type, used by table symbols, flowchart nodes and legends
#: (the same as the screen's: procedures.colours).
ASME_COLOURS: dict[ActivityType, colors.Color] = {
    kind: colors.HexColor(hex_) for kind, hex_ in colours.ASME_COLOURS.items()}
#: Light fills of the same hues, for flowchart boxes.
ASME_FILLS: dict[ActivityType, colors.Color] = {
    kind: colors.HexColor(hex_) for kind, hex_ in colours.ASME_FILLS.items()}
VALUE_COLOURS: dict[ValueClass, colors.Color] = {
    value: colors.HexColor(hex_) for value, hex_ in colours.VALUE_COLOURS.items()}
#: Comparison marks (to-be diagram and tables).
ADDED = colors.HexColor("#00897B")
REMOVED = colors.HexColor("#C62828")
CHANGED = colors.HexColor("#F9A825")
MERGED = colors.HexColor("#6A1B9A")
WARNING_RED = colors.HexColor("#C62828")  # the "not in force" banner
#: Before / after bars in charts.
BEFORE = colors.HexColor("#9AA5B1")
AFTER = ACCENT

#: Table cells default to Helvetica (not embedded): every table starts with this command.
FONT_ALL = ("FONT", (0, 0), (-1, -1), REGULAR, 8)

# -- page geometry ----------------------------------------------------------------------
MARGIN = 16 * mm
HEADER_HEIGHT = 17 * mm
FOOTER_HEIGHT = 10 * mm


@dataclass(frozen=True, slots=True)
class Styles:
    """Paragraph styles of one report at one type scale (large print scales them)."""

    scale: float
    body: ParagraphStyle
    small: ParagraphStyle
    tiny: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    cell_center: ParagraphStyle
    head: ParagraphStyle
    head_center: ParagraphStyle
    head_right: ParagraphStyle
    fact_label: ParagraphStyle
    fact_value: ParagraphStyle
    note: ParagraphStyle
    toc: ParagraphStyle

    def pt(self, size: float) -> float:
        """A size in points at this scale (for drawings that follow the text size)."""
        return size * self.scale


def _style(name: str, size: float, *, font: str = REGULAR, leading: float | None = None,
           colour: colors.Color = INK, align: Literal[0, 1, 2, 4] = TA_LEFT, before: float = 0,
           after: float = 0, left: float = 0) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=font, fontSize=size, leading=leading or size * 1.3,
        textColor=colour, alignment=align, spaceBefore=before, spaceAfter=after,
        leftIndent=left, allowWidows=0, allowOrphans=0, bulletFontName=REGULAR,
    )


#: How much `compact` styles keep of the line spacing and of the space between paragraphs.
COMPACT_LEADING = 1.2 / 1.3
COMPACT_SPACE = 0.5


@cache
def styles(scale: float = 1.0, *, compact: bool = False) -> Styles:
    """Styles at `scale` (1.0 normal, 1.4 large print); cached, they are immutable in use.

    `compact` keeps the type sizes but tightens line and paragraph spacing: a one-page
    guide that overflows by a few lines is set again compact rather than printed with a
    second page that holds only those lines.
    """
    if compact:
        regular = styles(scale)
        compacted: dict[str, Any] = {field.name: _compacted(getattr(regular, field.name))
                                     for field in fields(regular) if field.name != "scale"}
        return replace(regular, **compacted)
    register_fonts()
    s = scale

    def p(size: float) -> float:
        return round(size * s, 2)

    return Styles(
        scale=s,
        body=_style("body", p(9.5), after=p(3)),
        small=_style("small", p(8), colour=MUTED),
        tiny=_style("tiny", p(6.5), colour=MUTED),
        title=_style("title", p(18), font=BOLD, colour=ACCENT, leading=p(22), after=p(2)),
        subtitle=_style("subtitle", p(10), colour=MUTED, after=p(6)),
        h1=_style("h1", p(13), font=BOLD, colour=ACCENT, before=p(8), after=p(4)),
        h2=_style("h2", p(11), font=BOLD, colour=ACCENT, before=p(7), after=p(3)),
        h3=_style("h3", p(9.5), font=BOLD, colour=INK, before=p(4), after=p(2)),
        cell=_style("cell", p(8), leading=p(10)),
        cell_bold=_style("cell_bold", p(8), font=BOLD, leading=p(10)),
        cell_right=_style("cell_right", p(8), leading=p(10), align=TA_RIGHT),
        cell_center=_style("cell_center", p(8), leading=p(10), align=TA_CENTER),
        head=_style("head", p(7.5), font=BOLD, leading=p(9.5), colour=ACCENT),
        head_center=_style("head_center", p(7.5), font=BOLD, leading=p(9.5), colour=ACCENT,
                           align=TA_CENTER),
        head_right=_style("head_right", p(7.5), font=BOLD, leading=p(9.5), colour=ACCENT,
                          align=TA_RIGHT),
        fact_label=_style("fact_label", p(7.5), colour=MUTED, leading=p(9.5)),
        fact_value=_style("fact_value", p(12), font=BOLD, colour=ACCENT, leading=p(15)),
        note=_style("note", p(8), font=ITALIC, colour=MUTED, after=p(2)),
        toc=_style("toc", p(9.5), leading=p(13)),
    )


def _compacted(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}_compact", parent=style,
                          leading=style.leading * COMPACT_LEADING,
                          spaceBefore=style.spaceBefore * COMPACT_SPACE,
                          spaceAfter=style.spaceAfter * COMPACT_SPACE)


def table_style(header_rows: int = 1, *, zebra: bool = True, font_size: float = 8) -> list[tuple]:
    """Commands shared by every data table: header band, hairline grid, zebra rows."""
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, font_size),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, ACCENT),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.6),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), ACCENT_LIGHT))
        commands.append(("VALIGN", (0, 0), (-1, header_rows - 1), "BOTTOM"))
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [WHITE, ZEBRA]))
    return commands
