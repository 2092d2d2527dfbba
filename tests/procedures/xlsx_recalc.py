"""Recalculate an .xlsx with LibreOffice headless and read the computed values back.

openpyxl writes formulas without results; LibreOffice opens the file, recalculates every
formula and saves a copy whose cells hold the values, which `openpyxl` then reads with
`data_only=True`. A private profile directory (`-env:UserInstallation`) keeps the
conversion independent of any running LibreOffice and of the user's settings.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

ERROR_VALUES = ("#VALUE!", "#REF!", "#NAME?", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    found = soffice()
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs libreoffice-calc")
    return found


def recalculate(path: Path, out_dir: Path) -> Path:
    """A recalculated copy of `path` in `out_dir` (LibreOffice, private profile)."""
    program = require_soffice()
    profile = out_dir / f"lo-{uuid.uuid4().hex}"
    out_dir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [program, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", "xlsx", "--outdir", str(out_dir), str(path)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    converted = out_dir / path.name
    if result.returncode != 0 or not converted.exists():
        raise AssertionError(f"LibreOffice failed: {result.stdout}\n{result.stderr}")
    shutil.rmtree(profile, ignore_errors=True)
    return converted


def recalculated_values(path: Path, out_dir: Path) -> Workbook:
    return load_workbook(recalculate(path, out_dir), data_only=True)


def error_cells(book: Workbook) -> list[str]:
    """Every cell whose value is a spreadsheet error, as 'Sheet!A1 = #REF!'."""
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(ERROR_VALUES):
                    found.append(f"{sheet.title}!{cell.coordinate} = {value}")
    return found


def rows_by_key(book: Workbook, sheet: str, key_columns: int = 2) -> dict[tuple, tuple]:
    """Rows of a sheet keyed by their first `key_columns` values."""
    table = {}
    for row in book[sheet].iter_rows(values_only=True):
        if row and row[0] is not None:
            table[tuple(row[:key_columns])] = row
    return table
