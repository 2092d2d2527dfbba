"""Typed errors that carry where the problem is, so the UI and CLI can word them.

Every user-facing problem is a `Problem` (location + message). Functions that validate
a whole input collect all problems and raise one `InputError` holding them, so a person
sees every mistake at once, not one per attempt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from procedures.i18n import _


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: a file, and inside it a JSON path or a sheet/row/column."""

    file: str = ""
    path: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(self.sheet)
        if self.row is not None:
            if self.column:
                parts.append(_("row {row}, column {column}").format(row=self.row,
                                                                    column=self.column))
            else:
                parts.append(_("row {row}").format(row=self.row))
        elif self.column:
            parts.append(self.column)
        if self.path:
            parts.append(self.path)
        return ": ".join(parts)


@dataclass(frozen=True, slots=True)
class Problem:
    location: Location
    message: str

    def __str__(self) -> str:
        where = str(self.location)
        return f"{where}: {self.message}" if where else self.message


class DomainError(Exception):
    """Base for errors a person can fix; never shown as a traceback."""


class InputError(DomainError):
    """One or more problems in user input (a file, command-line arguments, a cell)."""

    def __init__(self, problems: Iterable[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(Location(), problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class NotFoundError(DomainError):
    """An entity, procedure or version named by the user does not exist."""


class ConflictError(DomainError):
    """The operation would overwrite data the user did not ask to replace."""


class Cancelled(Exception):
    """Raised by a progress callback when the user pressed Cancel."""
