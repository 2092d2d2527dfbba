"""Typed field readers that collect located problems instead of stopping at the first.

Used by every importer (package JSON, Excel, BPMN): each reader returns a value or a
fallback and records a `Problem` naming the exact place (`entities[0].units[2].code`,
or a sheet/row/column) so a person sees every mistake of a file at once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar, overload

from procedures.bounds import (
    COUNT,
    MAX_NUMBER_CHARACTERS,
    MAX_TEXT,
    MONEY,
    IntegerBound,
    NumberBound,
    integer_problem,
    number_problem,
    shown,
    text_problem,
)
from procedures.errors import InputError, Location, Problem, ProblemCode
from procedures.i18n import _

E = TypeVar("E", bound=StrEnum)

MISSING = object()
#: The longest key of an object whose keys are codes (`driver_values`: unit codes).
MAX_KEY = 30


class ProblemLog:
    """Problems found in one file, with the file name used in every location."""

    def __init__(self, file: str = "") -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, path: str, message: str,
            code: ProblemCode = ProblemCode.INVALID_VALUE) -> None:
        self.problems.append(Problem(Location(file=self.file, path=path), message, code))

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(self.problems)

    def __bool__(self) -> bool:
        return bool(self.problems)


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class ObjectReader:
    """Reads the fields of one JSON object at `path`, logging problems to `log`."""

    def __init__(self, data: Any, path: str, log: ProblemLog) -> None:
        self.path = path
        self.log = log
        if isinstance(data, Mapping):
            self.data: Mapping[str, Any] = data
            self.valid = True
        else:
            self.data = {}
            self.valid = False
            log.add(path, _("expected an object"))

    def where(self, key: str) -> str:
        return join(self.path, key)

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def _get(self, key: str, required: bool) -> Any:
        value = self.data.get(key)  # a missing field and a null one are the same
        if value is None:
            if required and self.valid:
                self.log.add(self.where(key), _("required field is missing"),
                             ProblemCode.MISSING_FIELD)
            return MISSING
        return value

    def text(self, key: str, *, required: bool = False, default: str = "",
             max_length: int = MAX_TEXT) -> str:
        value = self._get(key, required)
        if value is MISSING:
            return default
        if not isinstance(value, str):
            self.log.add(self.where(key), _("expected text"))
            return default
        text = value.strip()
        if required and not text:
            self.log.add(self.where(key), _("must not be empty"))
        if len(text) <= max_length and text.isascii() and "\x00" not in text:
            return text  # what `text_problem` takes at once (ASCII holds no surrogate)
        problem = text_problem(text, max_length)
        if problem:
            self.log.add(self.where(key), problem)
            return default
        return text

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self._get(key, False)
        if value is MISSING:
            return default
        if not isinstance(value, bool):
            self.log.add(self.where(key), _("expected true or false"))
            return default
        return value

    @overload
    def decimal(
        self, key: str, bound: NumberBound = ..., *, required: bool = ..., default: Decimal,
    ) -> Decimal: ...
    @overload
    def decimal(
        self, key: str, bound: NumberBound = ..., *, required: bool = ..., default: None = ...,
    ) -> Decimal | None: ...
    def decimal(
        self, key: str, bound: NumberBound = MONEY, *, required: bool = False,
        default: Decimal | None = None,
    ) -> Decimal | None:
        value = self._get(key, required)
        if value is MISSING:
            return default
        return self.check_decimal(value, self.where(key), default, bound)

    def check_decimal(
        self, value: Any, where: str, default: Decimal | None, bound: NumberBound = MONEY,
    ) -> Decimal | None:
        number = to_decimal(value)
        if number is None:
            self.log.add(where, _("expected a number, found {value}").format(
                value=shown(value)))
            return default
        problem = number_problem(number, bound, value)
        if problem:
            self.log.add(where, problem)
            return default
        return number

    @overload
    def integer(
        self, key: str, bound: IntegerBound = ..., *, required: bool = ..., default: int,
    ) -> int: ...
    @overload
    def integer(
        self, key: str, bound: IntegerBound = ..., *, required: bool = ...,
        default: None = ...,
    ) -> int | None: ...
    def integer(
        self, key: str, bound: IntegerBound = COUNT, *, required: bool = False,
        default: int | None = None,
    ) -> int | None:
        value = self._get(key, required)
        if value is MISSING:
            return default
        number = to_decimal(value)
        if number is None:
            self.log.add(self.where(key), _("expected a whole number, found {value}").format(
                value=shown(value)))
            return default
        problem = integer_problem(number, bound, value)
        if problem:
            self.log.add(self.where(key), problem)
            return default
        return int(number)

    @overload
    def choice(self, key: str, enum_cls: type[E], *, required: bool = ..., default: E) -> E: ...
    @overload
    def choice(
        self, key: str, enum_cls: type[E], *, required: bool = ..., default: None = ...
    ) -> E | None: ...
    def choice(
        self, key: str, enum_cls: type[E], *, required: bool = False, default: E | None = None
    ) -> E | None:
        value = self._get(key, required)
        if value is MISSING:
            return default
        return check_choice(value, enum_cls, self.where(key), self.log, default)

    def day(self, key: str, *, required: bool = False) -> date | None:
        value = self._get(key, required)
        if value is MISSING:
            return None
        try:
            return date.fromisoformat(value) if isinstance(value, str) else _raise()
        except ValueError:
            message = _("expected a date as YYYY-MM-DD, found {value}")
            self.log.add(self.where(key), message.format(value=shown(value)))
            return None

    def items(self, key: str) -> list[tuple[str, Any]]:
        """The elements of a list field as (path, element); a missing list is empty."""
        value = self._get(key, False)
        if value is MISSING:
            return []
        if not isinstance(value, list):
            self.log.add(self.where(key), _("expected a list"))
            return []
        return [(join(self.where(key), index), item) for index, item in enumerate(value)]

    def mapping(self, key: str) -> list[tuple[str, str, Any]]:
        """The entries of an object field as (path, key, value)."""
        value = self._get(key, False)
        if value is MISSING:
            return []
        if not isinstance(value, Mapping):
            self.log.add(self.where(key), _("expected an object"))
            return []
        entries = []
        for k, v in value.items():
            where = join(self.where(key), str(k))
            problem = text_problem(str(k), MAX_KEY)
            if problem:
                self.log.add(where, problem)
                continue
            entries.append((where, str(k), v))
        return entries


def _raise() -> date:
    raise ValueError


def to_decimal(value: Any) -> Decimal | None:
    """A Decimal from a JSON number or a numeric string; None when it is not a number
    (NaN, Infinity, a text too long to be a number a person wrote)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value)) if math.isfinite(value) else None
    if isinstance(value, str):
        if len(value) > MAX_NUMBER_CHARACTERS:
            return None
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    return None


def check_choice(
    value: Any, enum_cls: type[E], where: str, log: ProblemLog, default: E | None = None
) -> E | None:
    if value.__class__ is str:  # a file's text: the member of that value, if any
        member = enum_cls._value2member_map_.get(value)
        if member is not None:
            return member  # type: ignore[return-value]
    try:
        return enum_cls(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum_cls)
        log.add(where, _("unknown value {value}; expected one of: {allowed}").format(
            value=shown(value), allowed=allowed
        ))
        return default
