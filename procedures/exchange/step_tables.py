"""Step tables as .ods and .csv: the ASME-VM sheet's columns, in other formats.

The rows are the ones `AsmeSheet` writes to Excel (collected by `PlainSheet`), so the
three formats have the same columns and `asme_read` checks all three the same way. An
.ods holds one sheet per version, each with the title block the reader takes the
version and procedure from; a .csv holds one version, its header and rows only (the
footer's totals are formulas, which neither format carries here).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from procedures.exchange.asme_sheet import HEADER_ROW, WIDTHS, AsmeSheet
from procedures.exchange.csv_file import write_csv
from procedures.exchange.grid import PlainSheet
from procedures.exchange.ods_file import OdsSheet, write_ods
from procedures.exchange.xlsx_style import sheet_title
from procedures.snapshots import Entity, Procedure, Version

SUFFIXES = (".ods", ".csv")


def version_rows(entity: Entity, procedure: Procedure, version: Version, title: str
                 ) -> PlainSheet:
    """The ASME-VM sheet of one version as plain rows (title block, header, rows)."""
    plain = PlainSheet(title, WIDTHS)
    sheet = AsmeSheet(plain, entity)
    sheet.begin_version(entity, procedure, version)
    sheet.rows(version.activities)
    return plain


def write_ods_tables(path: str | Path, entity: Entity, procedures: Sequence[Procedure],
                     *, by_procedure: bool) -> int:
    """One sheet per version of `procedures`; returns how many. Sheets are named as in
    the Excel export ("ASME Actual", or "PA-07 Actual" for a whole municipality)."""
    taken: set[str] = set()
    sheets = []
    for procedure in procedures:
        for version in procedure.versions:
            wanted = f"{procedure.code} {version.name}" if by_procedure else \
                f"ASME {version.name}"
            plain = version_rows(entity, procedure, version, sheet_title(wanted, taken))
            sheets.append(OdsSheet(plain.title, plain.widths, plain.values,
                                   bold_rows=(1, HEADER_ROW)))
    write_ods(path, sheets)
    return len(sheets)


def write_csv_table(path: str | Path, entity: Entity, procedure: Procedure,
                    version: Version) -> None:
    """The header and rows of one version."""
    write_csv(path, version_rows(entity, procedure, version, "").table())
