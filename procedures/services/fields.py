"""Write use cases of the window: shared checks, look-ups and field specifications.

Every editing function takes the caller's `Session` (one unit of work per call: the
caller wraps it in `session.begin()`), changes storage, writes a change-log entry and
returns what an undo needs (the previous value, or a snapshot of what was removed so it
can be put back with the same uuids). Rows are named by their uuid, which survives a
delete and its undo; integer ids do not.

Values arrive typed (Decimal, enums, bool, str); typing and parsing the text a person
typed is the screen's job (`procedures.durations`, `editing_tabular`). A value that
breaks a rule raises `InputError` whose location path names the field, e.g.
`activities[3].minutes`, so the screen can show the message at the cell.

The modules: `editing_procedures` (procedures and requirements), `editing_versions`,
`editing_activities`, `editing_entities` (settings, units, positions, resources, days,
reference values), `editing_queries` (read-only lists for the window) and
`editing_tabular` (text of cells and of pasted rows).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import tables as t
from models.base import UuidMixin
from procedures.bounds import MAX_TEXT, text_problem
from procedures.errors import InputError, Location, NotFoundError, Problem, ProblemCode
from procedures.i18n import N_, _
from procedures.storage.write import log_change

__all__ = ["FieldSpec", "field_error", "log_change", "row_by_uuid"]

Row = TypeVar("Row", bound=UuidMixin)


def field_error(path: str, message: str,
                code: ProblemCode = ProblemCode.INVALID_VALUE) -> InputError:
    """An error located at `path` (e.g. "activities[3].minutes"), of kind `code` (what
    the screen words and where it shows it)."""
    return InputError(Problem(Location(path=path), message, code))


#: What a person reads when a row is gone (deleted by an undo, another window or another
#: user). Whole sentences per kind, so that each language can agree article and gender
#: ("la actividad ya no existe", "el cargo ya no existe").
GONE: dict[type, str] = {
    t.Procedure: N_("the procedure no longer exists (it may have been deleted)"),
    t.Version: N_("the version no longer exists (it may have been deleted)"),
    t.Activity: N_("the activity no longer exists (it may have been deleted)"),
    t.Requirement: N_("the requirement no longer exists (it may have been deleted)"),
    t.Unit: N_("the unit no longer exists (it may have been deleted)"),
    t.Position: N_("the position no longer exists (it may have been deleted)"),
    t.Resource: N_("the resource no longer exists (it may have been deleted)"),
    t.NonWorkingDay: N_("the day off no longer exists (it may have been deleted)"),
}


def row_by_uuid(session: Session, table: type[Row], uuid: str) -> Row:
    """The row of `table` with `uuid`, or NotFoundError saying that kind of row is gone."""
    row = session.scalar(select(table).where(table.uuid == uuid))
    if row is None:
        raise NotFoundError(_(GONE.get(table, N_("the row no longer exists (it may have been "
                                                 "deleted)"))))
    return row


def code_maps(session: Session, entity_id: int) -> tuple[dict[str, int], dict[str, int],
                                                         dict[str, int]]:
    """Unit, position and resource codes -> ids of an entity (for `store.activity_row`)."""
    def codes(table: Any) -> dict[str, int]:
        return dict(session.execute(
            select(table.code, table.id).where(table.entity_id == entity_id)
        ).all())

    return codes(t.Unit), codes(t.Position), codes(t.Resource)


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """How one editable field is checked; `check` returns the value to store or raises
    ValueError with a message for the person."""

    check: Callable[[Any], Any]
    attr: str = ""


def set_field(row: object, name: str, spec: FieldSpec, value: Any, path: str) -> Any:
    """Check `value`, store it on `row` and return the previous value."""
    try:
        checked = spec.check(value)
    except ValueError as error:
        raise field_error(path, str(error)) from None
    attr = spec.attr or name
    old = getattr(row, attr)
    setattr(row, attr, checked)
    return old


def check_value(check: Callable[[Any], Any], value: Any, path: str) -> Any:
    """Run one check; a ValueError becomes an InputError located at `path`."""
    try:
        return check(value)
    except ValueError as error:
        raise field_error(path, str(error)) from None


# ---- Checks ---------------------------------------------------------------------------


def text(required: bool = False, max_length: int = MAX_TEXT) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        result = "" if value is None else str(value).strip()
        if required and not result:
            raise ValueError(_("this field cannot be empty"))
        if len(result) > max_length:
            raise ValueError(_("at most {n} characters").format(n=max_length))
        problem = text_problem(result, max_length)
        if problem:
            raise ValueError(problem)
        return result

    return check


def decimal(
    minimum: Decimal | None = Decimal(0),
    maximum: Decimal | None = None,
    *,
    above: bool = False,
    optional: bool = False,
    places: int = 2,
) -> Callable[[Any], Decimal | None]:
    """A Decimal in [minimum, maximum] (or (minimum, maximum] with `above`)."""
    quantum = Decimal(1).scaleb(-places)

    def check(value: Any) -> Decimal | None:
        if value is None or value == "":
            if optional:
                return None
            raise ValueError(_("a number is needed"))
        try:
            number = Decimal(str(value))
        except ArithmeticError:
            raise ValueError(_("{value!r} is not a number").format(value=value)) from None
        if not number.is_finite():
            raise ValueError(_("{value!r} is not a number").format(value=value))
        if minimum is not None and above and number <= minimum:
            raise ValueError(_("must be more than {minimum}").format(minimum=minimum))
        if minimum is not None and not above and number < minimum:
            raise ValueError(_("cannot be less than {minimum}").format(minimum=minimum))
        if maximum is not None and number > maximum:
            raise ValueError(_("cannot be more than {maximum}").format(maximum=maximum))
        if number != number.quantize(quantum):
            raise ValueError(_("at most {n} decimals").format(n=places))
        return number

    return check


def integer(minimum: int | None = 0, maximum: int | None = None,
            optional: bool = False) -> Callable[[Any], int | None]:
    def check(value: Any) -> int | None:
        if value is None or value == "":
            if optional:
                return None
            raise ValueError(_("a whole number is needed"))
        try:
            number = int(Decimal(str(value)))
        except ArithmeticError:
            raise ValueError(_("{value!r} is not a whole number").format(value=value)) from None
        if Decimal(str(value)) != number:
            raise ValueError(_("{value!r} is not a whole number").format(value=value))
        if minimum is not None and number < minimum:
            raise ValueError(_("cannot be less than {minimum}").format(minimum=minimum))
        if maximum is not None and number > maximum:
            raise ValueError(_("cannot be more than {maximum}").format(maximum=maximum))
        return number

    return check


def choice(enum: type[StrEnum], optional: bool = False) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value is None or value == "":
            if optional:
                return None
            raise ValueError(_("choose one of the options"))
        try:
            return enum(value)
        except ValueError:
            raise ValueError(_("{value!r} is not one of the options").format(
                value=value)) from None

    return check


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(_("yes or no is needed"))


def day_or_none(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    raise ValueError(_("a date is needed"))
