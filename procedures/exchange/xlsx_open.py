"""Open a spreadsheet a person brought, refusing what could hurt before reading it.

An .xlsx is a zip of XML files. Before openpyxl sees it we check the size on disk, that it
is a zip at all (an old .xls, a PDF or a renamed file is not), that it has a workbook
part, and that its parts do not unpack to an absurd size (a "zip bomb": a few kilobytes
that expand to gigabytes, which openpyxl would try to hold in memory for the shared
strings). The workbook is then opened in read-only streaming mode.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from procedures.errors import InputError, Location, Problem, ProblemCode
from procedures.i18n import _

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_RATIO = 200  # unpacked / packed: real sheets compress about 10:1
MAX_ROWS = 100_000


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
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if unpacked > MAX_UNPACKED_BYTES or (unpacked > 10 * 1024 * 1024
                                         and unpacked / packed > MAX_RATIO):
        raise refuse(name, _(
            "the workbook unpacks to {size} MB, far more than a step table needs; it was "
            "not opened").format(size=unpacked // (1024 * 1024)), ProblemCode.TOO_LARGE)


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
