"""Open a spreadsheet a person brought, refusing what could hurt before reading it.

An .xlsx is a zip of XML files. Before openpyxl sees it we check the size on disk, that it
is a zip at all (an old .xls, a PDF or a renamed file is not), that it has a workbook
part, and that its parts do not unpack to an absurd size (a "zip bomb": a few kilobytes
that expand to gigabytes). openpyxl holds every shared string and the styles in memory,
so those parts have their own small limits; a sheet is streamed row by row, so each sheet
is scanned (decompressed in chunks, nothing kept) to check that no row, and nothing
between rows, is larger than `MAX_ROW_BYTES`: one row of a million cells, or one cell of
400 million characters, would otherwise be held whole. The workbook is then opened in
read-only streaming mode. Together these keep any file within seconds and a few hundred
megabytes.
"""

from __future__ import annotations

import re
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import IO

from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from procedures.errors import InputError, Location, Problem, ProblemCode
from procedures.i18n import _

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_RATIO = 200  # unpacked / packed: real sheets compress about 10:1
MAX_ROWS = 100_000
#: Excel's own limits: a sheet has at most this many rows and columns.
EXCEL_ROWS = 1_048_576
MAX_MEMBERS = 10_000
#: The parts openpyxl reads whole: every shared string, and everything else it parses
#: (styles, workbook, relations, properties) — a million tiny styles are a gigabyte.
MAX_SHARED_STRINGS_BYTES = 32 * 1024 * 1024
MAX_PART_BYTES = 8 * 1024 * 1024
MAX_PART_ELEMENTS = 250_000
#: A sheet is streamed, one row at a time: bound the row (and what lies between rows).
MAX_SHEET_BYTES = 160 * 1024 * 1024
MAX_ROW_BYTES = 4 * 1024 * 1024
_ROW_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_CHUNK = 1024 * 1024


def refuse(file: str, message: str,
           code: ProblemCode = ProblemCode.UNREADABLE_FILE) -> InputError:
    return InputError(Problem(Location(file=file), message, code))


def check_xlsx(path: Path) -> None:
    """Raise `InputError` unless `path` looks like a sane .xlsx file."""
    check_archive(path, ("xl/workbook.xml", "/workbook.xml"), _(
        "not an Excel workbook (.xlsx): it has no workbook inside"), _(
        "not an Excel workbook (.xlsx); if it is an old .xls file, open it and save it "
        "as .xlsx"))


def check_archive(path: Path, parts: tuple[str, ...], missing: str,
                  not_zip: str | None = None) -> None:
    """Raise `InputError` unless `path` is a sane zip (size, bombs) holding a member
    named or ending as one of `parts` (.xlsx and .ods are both zips of XML parts)."""
    name = path.name
    if path.is_dir():
        raise refuse(name, _("is a folder, not a file"))
    try:
        size = path.stat().st_size
    except OSError as error:
        raise refuse(name, _("cannot read the file: {error}").format(
            error=error.strerror or error)) from None
    if size > MAX_FILE_BYTES:
        raise refuse(name, _(
            "the file is too large ({size} MB; at most {limit} MB); split it in smaller "
            "workbooks").format(size=size // (1024 * 1024), limit=MAX_FILE_BYTES // (1024 * 1024)),
            ProblemCode.TOO_LARGE)
    if not zipfile.is_zipfile(path):
        raise refuse(name, not_zip or _(
            "not a spreadsheet this program reads; save it as .xlsx, .ods or .csv"))
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise refuse(name, _("the workbook is damaged: {error}").format(error=error)) from None
    names = {member.filename for member in members}
    if not any(n == part or (part.startswith("/") and n.endswith(part))
               for n in names for part in parts):
        raise refuse(name, missing)
    if len(members) > MAX_MEMBERS:
        raise refuse(name, _("the workbook has {count} parts inside; it was not opened")
                     .format(count=len(members)), ProblemCode.TOO_LARGE)
    # Only XML parts are read (pictures and other media are not), so only they count.
    xml_parts = [m for m in members if m.filename.endswith((".xml", ".rels"))]
    unpacked = sum(member.file_size for member in xml_parts)
    packed = sum(member.compress_size for member in xml_parts) or 1
    if unpacked > MAX_UNPACKED_BYTES or (unpacked > 10 * 1024 * 1024
                                         and unpacked / packed > MAX_RATIO):
        raise too_large(name, unpacked)
    for member in xml_parts:
        limit = _limit_of(member.filename)
        if member.file_size > limit:
            raise too_large(name, member.file_size, member.filename)
    try:
        with zipfile.ZipFile(path) as archive:
            for member in xml_parts:
                if _is_sheet(member.filename):
                    with archive.open(member) as stream:
                        if not _rows_are_bounded(stream):
                            raise refuse(name, _(
                                "{part}: a row of the sheet is larger than {limit} MB; it "
                                "was not opened").format(
                                    part=member.filename,
                                    limit=MAX_ROW_BYTES // (1024 * 1024)),
                                ProblemCode.TOO_LARGE)
                elif (not _is_shared_strings(member.filename)
                      and archive.read(member).count(b"<") > MAX_PART_ELEMENTS):
                    raise refuse(name, _(
                        "{part} has more than {limit} elements; it was not opened")
                        .format(part=member.filename, limit=MAX_PART_ELEMENTS),
                        ProblemCode.TOO_LARGE)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError) as error:
        raise refuse(name, _("the workbook is damaged: {error}").format(
            error=error)) from None


def too_large(file: str, size: int, part: str = "") -> InputError:
    megabytes = max(1, size // (1024 * 1024))
    if part:
        return refuse(file, _(
            "{part} unpacks to {size} MB, far more than a step table needs; the workbook "
            "was not opened").format(part=part, size=megabytes), ProblemCode.TOO_LARGE)
    return refuse(file, _(
        "the workbook unpacks to {size} MB, far more than a step table needs; it was "
        "not opened").format(size=megabytes), ProblemCode.TOO_LARGE)


def _is_sheet(name: str) -> bool:
    return "/worksheets/" in name and name.endswith(".xml")


def _is_shared_strings(name: str) -> bool:
    return name.lower().endswith("sharedstrings.xml")


def _limit_of(name: str) -> int:
    if _is_sheet(name):
        return MAX_SHEET_BYTES
    if _is_shared_strings(name):
        return MAX_SHARED_STRINGS_BYTES
    return MAX_PART_BYTES


def _rows_are_bounded(stream: IO[bytes]) -> bool:
    """Whether every stretch of the sheet between two row starts is at most
    `MAX_ROW_BYTES` (read in chunks: a stretch never needs more than that in memory)."""
    carry = b""
    while chunk := stream.read(_CHUNK):
        pieces = _ROW_START.split(carry + chunk)
        carry = pieces.pop()  # may go on in the next chunk (a row start split in two too)
        if len(carry) > MAX_ROW_BYTES or any(len(p) > MAX_ROW_BYTES for p in pieces):
            return False
    return True


def open_xlsx(path: Path) -> Workbook:
    """The workbook in read-only mode, with cached values instead of formulas."""
    check_xlsx(path)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation extensions,
            # conditional formats); they do not matter for reading values.
            warnings.simplefilter("ignore")
            return load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds for damaged files
        raise refuse(path.name, _("cannot read the workbook: {error}").format(
            error=str(error) or type(error).__name__)) from None
