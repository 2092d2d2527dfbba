"""OpenDocument spreadsheets (.ods, LibreOffice's own format) with the standard library.

No maintained Python library writes .ods (openpyxl does not; odfpy and pyexcel-ods3 have
had no release in years), and a step table needs little of the format: sheets of text,
numbers and dates, column widths, a bold header. An .ods is a zip whose first member is
the uncompressed `mimetype`, with `content.xml` holding the tables (OpenDocument 1.2).

Reading is the reverse and as careful as with .xlsx: the archive is checked before it is
opened (size, zip bomb: `xlsx_open.check_archive`), `content.xml` is parsed by
`defusedxml` without DTDs, rows are streamed, and the repeated empty rows and columns
LibreOffice writes up to the end of the sheet are never expanded.
"""

from __future__ import annotations

import os
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from procedures.errors import InputError, Location, Problem, ProblemCode
from procedures.exchange.grid import Grid
from procedures.exchange.xlsx_open import MAX_ROWS, check_archive, refuse
from procedures.exchange.xlsx_style import clean_text
from procedures.filemode import make_shareable
from procedures.i18n import _

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
NUMBER = "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
NAMESPACES = {"office": OFFICE, "table": TABLE, "text": TEXT, "style": STYLE, "fo": FO,
              "number": NUMBER, "meta": META, "manifest": MANIFEST}
MAX_COLUMNS = 1024  # far more than a step table has; LibreOffice pads rows to 1024+
CM_PER_CHARACTER = 0.2

for _prefix, _uri in NAMESPACES.items():
    ET.register_namespace(_prefix, _uri)


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


# -- writing -------------------------------------------------------------------------------

class OdsSheet:
    """One table to write: a title, column widths (characters) and rows of values
    (str, int, Decimal, float, date, bool or None); `bold_rows` are 1-based."""

    def __init__(self, title: str, widths: Sequence[float], rows: list[list[Any]],
                 bold_rows: Sequence[int] = ()) -> None:
        self.title, self.widths, self.rows = title, tuple(widths), rows
        self.bold_rows = frozenset(bold_rows)


def write_ods(path: str | Path, sheets: Sequence[OdsSheet], creator: str = "Trámite Claro"
              ) -> None:
    """Write the sheets to `path` atomically (a failed write never leaves half a file)."""
    path = Path(path)
    parts = {
        "content.xml": _content(sheets),
        "styles.xml": _document("document-styles"),
        "meta.xml": _meta(creator),
        "META-INF/manifest.xml": _manifest(),
    }
    handle, temporary = tempfile.mkstemp(prefix=".tramite-", suffix=".ods", dir=path.parent)
    os.close(handle)
    make_shareable(temporary)
    try:
        with zipfile.ZipFile(temporary, "w") as archive:
            # The mimetype comes first and uncompressed: that is how readers know the kind.
            archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE,
                             compress_type=zipfile.ZIP_STORED)
            for name, data in parts.items():
                archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _xml(root: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8",
                                                                      xml_declaration=False)


def _document(kind: str) -> bytes:
    return _xml(ET.Element(_q(OFFICE, kind), {_q(OFFICE, "version"): "1.2"}))


def _meta(creator: str) -> bytes:
    root = ET.Element(_q(OFFICE, "document-meta"), {_q(OFFICE, "version"): "1.2"})
    meta = ET.SubElement(root, _q(OFFICE, "meta"))
    ET.SubElement(meta, _q(META, "generator")).text = creator
    ET.SubElement(meta, _q(META, "initial-creator")).text = creator
    return _xml(root)


def _manifest() -> bytes:
    root = ET.Element(_q(MANIFEST, "manifest"), {_q(MANIFEST, "version"): "1.2"})
    entries = [("/", MIMETYPE), ("content.xml", "text/xml"), ("styles.xml", "text/xml"),
               ("meta.xml", "text/xml")]
    for full_path, media in entries:
        attributes = {_q(MANIFEST, "full-path"): full_path, _q(MANIFEST, "media-type"): media}
        if full_path == "/":
            attributes[_q(MANIFEST, "version")] = "1.2"
        ET.SubElement(root, _q(MANIFEST, "file-entry"), attributes)
    return _xml(root)


def _content(sheets: Sequence[OdsSheet]) -> bytes:
    root = ET.Element(_q(OFFICE, "document-content"), {_q(OFFICE, "version"): "1.2"})
    styles = ET.SubElement(root, _q(OFFICE, "automatic-styles"))
    day = ET.SubElement(styles, _q(NUMBER, "date-style"), {_q(STYLE, "name"): "N1"})
    for kind, attributes in (("day", {_q(NUMBER, "style"): "long"}), ("text", {}),
                             ("month", {_q(NUMBER, "style"): "long"}), ("text", {}),
                             ("year", {})):
        element = ET.SubElement(day, _q(NUMBER, kind), attributes)
        if kind == "text":
            element.text = "/"
    ET.SubElement(styles, _q(STYLE, "style"), {
        _q(STYLE, "name"): "date", _q(STYLE, "family"): "table-cell",
        _q(STYLE, "data-style-name"): "N1"})
    bold = ET.SubElement(styles, _q(STYLE, "style"), {
        _q(STYLE, "name"): "bold", _q(STYLE, "family"): "table-cell"})
    ET.SubElement(bold, _q(STYLE, "text-properties"), {_q(FO, "font-weight"): "bold"})
    widths = sorted({width for sheet in sheets for width in sheet.widths})
    for number, width in enumerate(widths):
        column = ET.SubElement(styles, _q(STYLE, "style"), {
            _q(STYLE, "name"): f"co{number}", _q(STYLE, "family"): "table-column"})
        ET.SubElement(column, _q(STYLE, "table-column-properties"), {
            _q(STYLE, "column-width"): f"{width * CM_PER_CHARACTER:.2f}cm"})
    body = ET.SubElement(ET.SubElement(root, _q(OFFICE, "body")), _q(OFFICE, "spreadsheet"))
    for sheet in sheets:
        table = ET.SubElement(body, _q(TABLE, "table"), {_q(TABLE, "name"): sheet.title})
        for width in sheet.widths:
            ET.SubElement(table, _q(TABLE, "table-column"),
                          {_q(TABLE, "style-name"): f"co{widths.index(width)}"})
        for number, values in enumerate(sheet.rows, start=1):
            row = ET.SubElement(table, _q(TABLE, "table-row"))
            for value in values:
                _cell(row, value, number in sheet.bold_rows)
            if not values:
                ET.SubElement(row, _q(TABLE, "table-cell"))
    return _xml(root)


def _cell(row: ET.Element, value: Any, bold: bool) -> None:
    attributes: dict[str, str] = {}
    shown = ""
    if isinstance(value, bool):
        attributes = {_q(OFFICE, "value-type"): "boolean",
                      _q(OFFICE, "boolean-value"): "true" if value else "false"}
        shown = "TRUE" if value else "FALSE"
    elif isinstance(value, int | float | Decimal):
        number = format(Decimal(str(value)).normalize(), "f")
        attributes = {_q(OFFICE, "value-type"): "float", _q(OFFICE, "value"): number}
        shown = number
    elif isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        attributes = {_q(OFFICE, "value-type"): "date", _q(OFFICE, "date-value"):
                      day.isoformat(), _q(TABLE, "style-name"): "date"}
        shown = day.strftime("%d/%m/%Y")
    elif value is not None and str(value) != "":
        # Text is text: an .ods string cell never runs as a formula, whatever it begins with.
        shown = clean_text(str(value))
        attributes = {_q(OFFICE, "value-type"): "string"}
    if bold:
        attributes[_q(TABLE, "style-name")] = "bold"
    cell = ET.SubElement(row, _q(TABLE, "table-cell"), attributes)
    if shown:
        lines = shown.split("\n")
        for line in lines:
            ET.SubElement(cell, _q(TEXT, "p")).text = line


# -- reading -------------------------------------------------------------------------------

def read_ods(path: Path) -> list[Grid]:
    """Every table of the .ods at `path` (raise `InputError` for anything unsafe)."""
    check_archive(path, ("content.xml",), _(
        "not an OpenDocument spreadsheet (.ods): it has no content inside"))
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as stream:
            return list(_tables(stream, path.name))
    except (zipfile.BadZipFile, OSError, KeyError) as error:
        raise refuse(path.name, _("the spreadsheet is damaged: {error}").format(
            error=error)) from None
    except DefusedXmlException:
        raise refuse(path.name, _("the spreadsheet declares a DTD or entities; it was "
                                  "refused without expanding them")) from None
    except ET.ParseError as error:
        raise refuse(path.name, _("the spreadsheet is damaged: {error}").format(
            error=error)) from None


def _tables(stream: Any, file: str) -> Iterator[Grid]:
    rows: list[tuple[object, ...]] = []
    title = ""
    pending = 0  # empty rows seen and not yet kept (kept only if a full row follows)
    for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True,
                                    forbid_entities=True, forbid_external=True):
        if event == "start":
            if element.tag == _q(TABLE, "table"):
                title, rows, pending = element.get(_q(TABLE, "name")) or "", [], 0
            continue
        if element.tag == _q(TABLE, "table-row"):
            values = _row_values(element)
            repeat = _count(element.get(_q(TABLE, "number-rows-repeated")))
            element.clear()
            if not any(value is not None for value in values):
                pending += repeat
                continue
            if len(rows) + pending + repeat > MAX_ROWS + 100:
                raise InputError(Problem(Location(file=file, sheet=title), _(
                    "the sheet has more than {limit} rows; split it in smaller files")
                    .format(limit=MAX_ROWS), ProblemCode.TOO_LARGE))
            rows += [()] * pending + [values] * repeat
            pending = 0
        elif element.tag == _q(TABLE, "table"):
            yield Grid(title, rows)
            element.clear()


def _count(text: str | None) -> int:
    try:
        return max(int(text or 1), 1)
    except ValueError:
        return 1


def _row_values(row: ET.Element) -> tuple[object, ...]:
    values: list[object] = []
    blanks = 0  # empty cells not yet placed (trailing ones never are)
    for cell in row:
        if cell.tag not in (_q(TABLE, "table-cell"), _q(TABLE, "covered-table-cell")):
            continue
        value = _value(cell)
        repeat = _count(cell.get(_q(TABLE, "number-columns-repeated")))
        if value is None:
            blanks += repeat
            continue
        if len(values) + blanks + repeat > MAX_COLUMNS:
            break
        values += [None] * blanks + [value] * repeat
        blanks = 0
    return tuple(values)


def _value(cell: ET.Element) -> object:
    kind = cell.get(_q(OFFICE, "value-type"))
    if kind in ("float", "percentage", "currency"):
        try:
            number = Decimal(cell.get(_q(OFFICE, "value")) or "")
        except InvalidOperation:
            number = None
        if number is not None and number.is_finite():
            return int(number) if number == number.to_integral_value() else number
    elif kind == "date":
        text = cell.get(_q(OFFICE, "date-value")) or ""
        try:
            return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
        except ValueError:
            pass
    elif kind == "boolean":
        return cell.get(_q(OFFICE, "boolean-value")) == "true"
    text = "\n".join(_paragraph(p) for p in cell.findall(_q(TEXT, "p")))
    return text if text != "" else None


def _paragraph(element: ET.Element) -> str:
    """The text of a paragraph, with its spaces (`text:s`), tabs and line breaks."""
    parts = [element.text or ""]
    for child in element:
        name = child.tag.rsplit("}", 1)[-1]
        if name == "s":
            parts.append(" " * _count(child.get(_q(TEXT, "c"))))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        else:
            parts.append(_paragraph(child))
        parts.append(child.tail or "")
    return "".join(parts)
