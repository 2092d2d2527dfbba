"""Cells, styles and page set-up shared by every sheet we write with openpyxl.

All our workbooks are written in openpyxl's write-only mode (rows are streamed to a
temporary file, so a region-sized export never holds a million cells in memory). In that
mode a sheet's column widths and frozen panes must be set before its first row, which is
why `SheetWriter` takes them up front.

Text from users may begin with `=`, `+`, `-` or `@`; Excel and LibreOffice would run it as
a formula once someone edits the cell. `SheetWriter` stores such values as typed text
with the quote prefix, so they can never execute; formulas are written only from
`Formula` values, never from plain strings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from procedures.text import FORMULA_PREFIXES, is_risky

MONEY_FORMAT = '"S/ "#,##0.00'
RATE_FORMAT = '"S/ "#,##0.0000'
MINUTES_FORMAT = "#,##0.##"
INTEGER_FORMAT = "#,##0"
RATIO_FORMAT = "0.0000"
PERCENT_FORMAT = "0.00%"
MAX_TEXT = 32_767
SHEET_TITLE_MAX = 31
HEADER_HEIGHT = 45.0  # points: three lines of wrapped header text

_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

THIN = Side(style="thin", color="9E9E9E")
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
HEADER_FONT = Font(bold=True)
TITLE_FONT = Font(bold=True, size=13)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")


def clean_text(value: str) -> str:
    """Drop the control characters that XML (and so .xlsx) cannot hold."""
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub(" ", value)
    return value[:MAX_TEXT]


def sheet_title(wanted: str, taken: set[str]) -> str:
    """A valid, unique sheet title (31 characters, none of []:*?/\\)."""
    base = _SHEET_FORBIDDEN.sub("-", wanted).strip("'").strip() or "Sheet"
    base = base[:SHEET_TITLE_MAX]
    title = base
    number = 2
    while title.lower() in {t.lower() for t in taken}:
        suffix = f" ({number})"
        title = base[: SHEET_TITLE_MAX - len(suffix)] + suffix
        number += 1
    taken.add(title)
    return title


def quote_sheet(title: str) -> str:
    """A sheet name as it must appear in a formula: 'Hoja 1'!A1."""
    return "'" + title.replace("'", "''") + "'"


def formula_text(value: str) -> str:
    """A literal string inside a formula: "a""b"."""
    return '"' + value.replace('"', '""') + '"'


class Formula(str):
    """A formula without its leading `=`; plain `str` values are always written as text."""

    __slots__ = ()


class SheetWriter:
    """A write-only sheet that knows its current row, for formulas that refer to it.

    Args:
        book: the write-only workbook.
        title: the sheet title (already unique, see `sheet_title`).
        widths: column widths in characters, from column A.
        freeze: the top-left cell of the scrolling area (e.g. "A6"), set before rows.
        landscape: page orientation for printing.
    """

    def __init__(
        self,
        book: Workbook,
        title: str,
        widths: Sequence[float],
        *,
        freeze: str | None = None,
        landscape: bool = True,
    ) -> None:
        self.sheet: WriteOnlyWorksheet = book.create_sheet(title)
        self.title = title
        self.ref = quote_sheet(title)
        self.columns = len(widths)
        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        if freeze:
            self.sheet.freeze_panes = freeze
        setup = self.sheet.page_setup
        setup.orientation = "landscape" if landscape else "portrait"
        setup.paperSize = Worksheet.PAPERSIZE_A4
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        self.sheet.sheet_properties.pageSetUpPr.fitToPage = True
        self.row = 0  # the last row written (1-based); 0 before the first

    def at(self, column: int, row: int | None = None, *, absolute: bool = False,
           sheet: bool = False) -> str:
        """The reference of a cell of this sheet (default: the current row)."""
        letter = get_column_letter(column)
        number = self.row if row is None else row
        ref = f"${letter}${number}" if absolute else f"{letter}{number}"
        return f"{self.ref}!{ref}" if sheet else ref

    def cell(
        self,
        value: Any,
        *,
        number_format: str | None = None,
        bold: bool = False,
        fill: PatternFill | None = None,
        border: bool = False,
        wrap: bool = False,
        font: Font | None = None,
        alignment: Alignment | None = None,
    ) -> Cell:
        """A styled cell; text is cleaned and escaped, a `Formula` is a formula."""
        cell = WriteOnlyCell(self.sheet)
        _assign(cell, value)
        if number_format:
            cell.number_format = number_format
        if font is not None:
            cell.font = font
        elif bold:
            cell.font = HEADER_FONT
        if fill is not None:
            cell.fill = fill
        if border:
            cell.border = GRID
        if alignment is not None:
            cell.alignment = alignment
        elif wrap:
            cell.alignment = WRAP
        return cell

    def header(self, labels: Sequence[str], height: float = HEADER_HEIGHT) -> int:
        """A bold, filled, wrapped header row (tall enough for three lines)."""
        # Write-only rows take their height from row_dimensions when they are written.
        # (Worksheet._setup gives a write-only sheet its row_dimensions; the stubs omit them.)
        self.sheet.row_dimensions[self.row + 1].height = height  # type: ignore[attr-defined]
        return self.append([
            self.cell(label, bold=True, fill=HEADER_FILL, border=True,
                      alignment=HEADER_ALIGNMENT)
            for label in labels
        ])

    def title_row(self, text: str) -> int:
        return self.append([self.cell(text, font=TITLE_FONT)])

    def label_row(self, label: str, value: Any, number_format: str | None = None) -> int:
        return self.append([self.cell(label, bold=True),
                            self.cell(value, number_format=number_format)])

    def append(self, values: Sequence[Any]) -> int:
        """Write one row; returns its number. Strings are escaped, formulas kept."""
        self.sheet.append([_plain(value, self.sheet) for value in values])
        self.row += 1
        return self.row

    def text(self, value: str | None) -> Any:
        """A text value made safe for `append_checked` (None for empty text)."""
        return _plain(value, self.sheet) if value else None

    def append_checked(self, values: list[Any]) -> int:
        """Write a row whose strings already went through `text()` (the fast path of
        big sheets: no per-value check)."""
        self.sheet.append(values)
        self.row += 1
        return self.row

    def blank(self) -> int:
        return self.append(())

    def finish(self, header_row: int | None = None) -> None:
        """Print area over what was written, header rows repeated on every page."""
        last = max(self.row, 1)
        self.sheet.print_area = f"A1:{get_column_letter(max(self.columns, 1))}{last}"
        if header_row:
            self.sheet.print_title_rows = f"{header_row}:{header_row}"


def _plain(value: Any, sheet: WriteOnlyWorksheet) -> Any:
    """Bare values stay bare (fast); risky text becomes an escaped cell."""
    if type(value) is str:
        if _ILLEGAL.search(value) or len(value) > MAX_TEXT:
            value = clean_text(value)
        if value.startswith(FORMULA_PREFIXES):
            cell = WriteOnlyCell(sheet)
            _assign(cell, value)
            return cell
        return value
    if isinstance(value, Formula):
        return "=" + value
    return value


def _assign(cell: Cell, value: Any) -> None:
    if isinstance(value, Formula):
        cell.value = "=" + value
        return
    if isinstance(value, str):
        value = clean_text(value)
        if is_risky(value):
            cell.value = value
            cell.data_type = "s"  # stored as text even when it looks like a formula
            cell.quotePrefix = True
            return
    cell.value = value


def col(index: int) -> str:
    return get_column_letter(index)
