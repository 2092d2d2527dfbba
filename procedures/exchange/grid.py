"""Sheets as plain rows of values: what the .ods and .csv readers give the step-table
reader, and what the step-table writers collect before writing those formats.

`Grid` answers the two things `asme_read` asks of an openpyxl sheet (`title`,
`iter_rows`), so one reader checks every format the same way. `PlainSheet` takes the
calls `AsmeSheet` makes of a `SheetWriter` and keeps bare values (styles, formulas and
escaping are the business of each format's writer).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any


class Grid:
    """A sheet read from a file: its title and its rows (None for an empty cell)."""

    def __init__(self, title: str, rows: list[tuple[object, ...]]) -> None:
        self.title = title
        self.rows = rows

    @property
    def max_row(self) -> int:
        return len(self.rows)

    def iter_rows(self, min_row: int = 1, max_row: int | None = None,
                  max_col: int | None = None,
                  values_only: bool = True) -> Iterator[tuple[object, ...]]:
        """Rows `min_row`..`max_row` (1-based, inclusive), as openpyxl numbers them, cut
        at `max_col` columns."""
        for row in self.rows[min_row - 1:max_row]:
            yield tuple(row[:max_col]) if max_col is not None else tuple(row)


class PlainSheet:
    """Collects the rows `AsmeSheet` writes, as plain values (see the module docstring)."""

    def __init__(self, title: str, widths: Sequence[float]) -> None:
        self.title = title
        self.widths = tuple(widths)
        self.values: list[list[Any]] = []
        self.header_row = 0
        self.row = 0

    def cell(self, value: Any, *, number_format: str | None = None, bold: bool = False,
             **_style: Any) -> Any:
        return value

    def text(self, value: str | None) -> Any:
        return value or None

    def append(self, values: Sequence[Any]) -> int:
        self.values.append(list(values))
        self.row += 1
        return self.row

    def append_checked(self, values: list[Any]) -> int:
        return self.append(values)

    def header(self, labels: Sequence[str], height: float = 0) -> int:
        self.header_row = self.row + 1
        return self.append(labels)

    def title_row(self, text: str) -> int:
        return self.append([text])

    def finish(self, header_row: int | None = None) -> None:
        """Nothing to lay out: the format's writer does it."""

    def table(self) -> list[list[Any]]:
        """The header row and the rows under it (no title block)."""
        return self.values[max(self.header_row - 1, 0):]
