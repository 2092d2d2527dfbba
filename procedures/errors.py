"""Typed errors that carry where the problem is and what kind it is.

Every user-facing problem is a `Problem` (location + message + code). Functions that
validate a whole input collect all problems and raise one `InputError` holding them, so a
person sees every mistake at once, not one per attempt. Callers branch on the `code`,
never on the words or the path; the core's words name no command-line option (the CLI
adds those by code).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

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


class ProblemCode(StrEnum):
    """What kind of problem it is: what a caller may offer to do about it depends on it."""

    INVALID_VALUE = "invalid_value"  # a value of the wrong kind or out of range
    MISSING_FIELD = "missing_field"  # a required field, column or cell is empty
    DUPLICATE_CODE = "duplicate_code"  # a code, name or id given twice in one file
    UNKNOWN_UNIT = "unknown_unit"  # a step table names a unit the municipality lacks
    EXISTING_PROCEDURE = "existing_procedure"  # the database has it; replacing would do
    UNREADABLE_FILE = "unreadable_file"  # not the kind of file it says, damaged, unreadable
    TOO_LARGE = "too_large"  # beyond what the program reads
    UNKNOWN_FILE_TYPE = "unknown_file_type"  # an extension or format it does not know
    NOTHING_TO_IMPORT = "nothing_to_import"  # the file holds no step to import
    NEEDS_ENTITY = "needs_entity"  # the municipality (or province) is missing or not one
    NEEDS_PROCEDURE = "needs_procedure"  # the procedure to work on is not given
    NEEDS_PROPOSAL = "needs_proposal"  # a proposal version is needed, not the as-is one
    CANNOT_WRITE = "cannot_write"  # the file to write has no folder, or it is not writable
    VERSION_HAS_STEPS = "version_has_steps"  # steps would be added twice; replacing would do
    CHANGED_MEANWHILE = "changed_meanwhile"  # someone else changed it since it was shown
    NOT_FROM_HERE = "not_from_here"  # a package to merge did not come from this database


@dataclass(frozen=True, slots=True)
class Problem:
    location: Location
    message: str
    code: ProblemCode = ProblemCode.INVALID_VALUE

    def __str__(self) -> str:
        where = str(self.location)
        return f"{where}: {self.message}" if where else self.message


class DomainError(Exception):
    """Base for errors a person can fix; never shown as a traceback."""


class InputError(DomainError):
    """One or more problems in user input (a file, command-line arguments, a cell)."""

    def __init__(self, problems: Iterable[Problem] | Problem | str,
                 code: ProblemCode = ProblemCode.INVALID_VALUE) -> None:
        if isinstance(problems, str):
            problems = [Problem(Location(), problems, code)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def codes(self) -> frozenset[ProblemCode]:
        """The kinds of its problems (`{EXISTING_PROCEDURE}`: replacing would do)."""
        return frozenset(p.code for p in self.problems)


class ChangedMeanwhile(InputError):
    """An edit of a row someone else changed since the screen showed it: refused, with
    who changed it, when, and the value it holds now (`fresh`), so the screen can show
    the data as it is and offer the person's value again (`refused`)."""

    def __init__(self, path: str, message: str, fresh: object = None,
                 refused: object = None) -> None:
        super().__init__(Problem(Location(path=path), message, ProblemCode.CHANGED_MEANWHILE))
        self.fresh = fresh
        self.refused = refused


class NotFoundError(DomainError):
    """An entity, procedure or version named by the user does not exist."""


class ConflictError(DomainError):
    """The operation would overwrite data the user did not ask to replace."""


class Cancelled(Exception):
    """Raised by a progress callback when the user pressed Cancel."""
