"""Step tables as CSV: one table, the header row and one row per activity.

Written as UTF-8 with a byte-order mark (so Excel shows the accents), comma-separated,
numbers with a decimal point, dates dd/mm/yyyy. Text that begins with `= + - @` gets a
leading apostrophe, the usual guard against a spreadsheet running it as a formula ("CSV
injection"); the reader takes the apostrophe off again. Read back: UTF-8 (with or
without the mark), else Windows-1252 as Excel saves "CSV" on Windows; the separator is
the one the header row uses (`,`, `;` as in Spanish-language Excel, or a tab). A cell
written as a plain number ("15", "-5", "0.25") comes back as that number, as from a
workbook; any other cell as text ("01" keeps its zero, "7,5" is parsed by the reader),
or None when empty.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from procedures.errors import InputError, Location, Problem, ProblemCode
from procedures.exchange.grid import Grid
from procedures.exchange.xlsx_open import MAX_FILE_BYTES, MAX_ROWS, refuse
from procedures.exchange.xlsx_style import FORMULA_PREFIXES, clean_text
from procedures.filemode import make_shareable
from procedures.i18n import _

SEPARATORS = (",", ";", "\t")
_NUMBER = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.\d+)?$")


def write_csv(path: str | Path, rows: Sequence[Sequence[Any]]) -> None:
    """Write `rows` atomically (a failed write never leaves half a file)."""
    path = Path(path)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for values in rows:
        writer.writerow([_text(value) for value in values])
    handle, temporary = tempfile.mkstemp(prefix=".tramite-", suffix=".csv", dir=path.parent)
    make_shareable(temporary)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(buffer.getvalue().encode("utf-8-sig"))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "X" if value else ""
    if isinstance(value, int | float | Decimal):
        return format(Decimal(str(value)).normalize(), "f")
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    text = clean_text(str(value))
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def read_csv(path: Path) -> Grid:
    """The table of the .csv at `path`, named after the file."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise refuse(name, _(
                "the file is too large ({size} MB; at most {limit} MB); split it in smaller "
                "files").format(size=size // (1024 * 1024),
                                limit=MAX_FILE_BYTES // (1024 * 1024)), ProblemCode.TOO_LARGE)
        data = path.read_bytes()
    except OSError as error:
        raise refuse(name, _("cannot read the file: {error}").format(
            error=error.strerror or error)) from None
    if b"\x00" in data[:4096]:
        raise refuse(name, _("not a CSV text file (it holds binary data)"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = next((line for line in text.splitlines() if line.strip()), "")
    separator = max(SEPARATORS, key=first.count)
    rows: list[tuple[object, ...]] = []
    try:
        for values in csv.reader(io.StringIO(text, newline=""), delimiter=separator):
            rows.append(tuple(_cell(value) for value in values))
            if len(rows) > MAX_ROWS + 100:
                raise InputError(Problem(Location(file=name), _(
                    "the file has more than {limit} rows; split it in smaller files").format(
                        limit=MAX_ROWS), ProblemCode.TOO_LARGE))
    except csv.Error as error:
        raise refuse(name, _("the CSV file is damaged (line {line}): {error}").format(
            line=len(rows) + 1, error=error)) from None
    return Grid(path.stem, rows)


def _cell(value: str) -> str | int | Decimal | None:
    if not value.strip():
        return None
    if value.startswith("'") and value[1:2] in FORMULA_PREFIXES and value[1:2]:
        return value[1:]
    if _NUMBER.match(value):
        return int(value) if value.lstrip("-").isdigit() else Decimal(value)
    return value
