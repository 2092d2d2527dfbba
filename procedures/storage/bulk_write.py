"""Rows written in bulk: executemany (SQLite) or COPY (PostgreSQL) with keys assigned here.

The ORM costs about a millisecond per activity with its staff and resources; a region
(near a million activities) is written here in seconds. Used by the synthetic generator
and by the package import. Primary keys are taken from the current `max(id)`, so
children name their parents without a round trip: that assumes one writer at a time,
which holds for this tool (SQLite locks the file for the writing transaction; on
PostgreSQL `sync_sequences` moves the sequences past the new keys).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from enum import Enum
from itertools import chain
from typing import Any, NamedTuple, TypeVar, cast

from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from models.tables import (
    Activity,
    ActivityResource,
    ActivityStaff,
    Base,
    Entity,
    NonWorkingDay,
    Position,
    Procedure,
    Requirement,
    Resource,
    ResourceUnit,
    Unit,
    Version,
)

#: Rows per INSERT statement on SQLite, within its limit of bound variables.
ROWS_PER_STATEMENT = 100
SQLITE_MAX_VARIABLES = 32_766
#: SQLite page cache while writing in bulk, in KiB (the default is 2 MiB).
BULK_CACHE_KIB = 256 * 1024

#: Tables in foreign-key order: a flush writes parents before children.
ORDER: tuple[type[Base], ...] = (
    Entity, NonWorkingDay, Unit, Position, Resource, ResourceUnit, Procedure, Version,
    Requirement, Activity, ActivityStaff, ActivityResource,
)

T = TypeVar("T")


def _same(value: T) -> T:
    return value


def _literal(value: Any) -> str | None:
    """`value` as an SQLite literal, for the kinds of default a column has (a whole
    number, a text, none); None for anything else."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'{}'".format(value.replace("'", "''"))
    return None


class _Plan(NamedTuple):
    names: tuple[str, ...]
    extras: tuple[Any, ...]
    one_sql: str
    many_sql: str
    rows_per_statement: int


class BulkWriter:
    """Buffers rows per table and writes them parents-first with executemany.

    On SQLite the rows go straight to the driver (`exec_driver_sql`), on PostgreSQL
    through COPY, elsewhere through a Core `insert()`: always in the caller's transaction.
    Columns the caller does not give get their scalar Python default, so the raw paths stay
    right when a column with a default is added.
    Values must be ready for the database: `number()` turns decimal text and `decimal()` a
    `Decimal` into what the backend takes (text on SQLite, whose NUMERIC affinity stores it
    as a number; `Decimal` elsewhere), `day()` a date (ISO text on SQLite).
    """

    def __init__(self, session: Session, columns: Mapping[type[Base], Sequence[str]]) -> None:
        session.flush()  # pending ORM rows first, so max(id) below sees them
        self.connection: Connection = session.connection()
        self.raw = self.connection.dialect.name == "sqlite"
        # COPY is refused where the server's row-level security applies (the roles of a
        # shared database, models/access.py): plain INSERTs then, checked row by row.
        self._row_security = self.connection.dialect.name == "postgresql" and bool(
            self.connection.exec_driver_sql("SELECT row_security_active('entity')").scalar())
        self._saved_cache_size: int | None = None
        self.number: Callable[[str], Any] = str if self.raw else Decimal
        self.decimal: Callable[[Decimal], Any] = str if self.raw else _same
        self.day: Callable[[date], Any] = date.isoformat if self.raw else _same
        self.buffers: dict[type[Base], list[tuple[Any, ...]]] = {model: [] for model in columns}
        self._plans: dict[type[Base], _Plan] = {}
        quote = self.connection.dialect.identifier_preparer.quote
        for model, given in columns.items():
            extra_names, extra_values = self._defaults(model, given)
            all_names = (*given, *extra_names)
            head = "INSERT INTO {} ({}) VALUES ".format(
                quote(model.__tablename__), ", ".join(quote(name) for name in all_names)
            )
            marks = ["?"] * len(given)
            if self.raw and all(_literal(value) is not None for value in extra_values):
                # The same value in every row: written into the statement, not appended
                # to each of a million rows (SQLite's own literal syntax).
                marks += [cast(str, _literal(value)) for value in extra_values]
                extra_values = []
            else:
                marks += ["?"] * len(extra_names)
            one = "({})".format(", ".join(marks))
            per = max(1, min(ROWS_PER_STATEMENT, SQLITE_MAX_VARIABLES // len(given)))
            self._plans[model] = _Plan(
                all_names, tuple(extra_values), head + one, head + ", ".join([one] * per), per
            )

    def _defaults(self, model: type[Base], given: Sequence[str]) -> tuple[list[str], list[Any]]:
        extra_names: list[str] = []
        extra_values: list[Any] = []
        for column in model.__table__.columns:
            if column.name in given:
                continue
            default = column.default
            if default is not None and getattr(default, "is_callable", False):
                # A default worked out when the row is made (a row revision's first
                # counter): one value for the rows of this write.
                extra_names.append(column.name)
                extra_values.append(default.arg(None))
                continue
            if default is not None and getattr(default, "is_scalar", False):
                value = default.arg
                if isinstance(value, Enum):
                    value = value.value
                elif isinstance(value, Decimal):
                    value = self.number(str(value))
                extra_names.append(column.name)
                extra_values.append(value)
            elif not (column.nullable or column.primary_key or column.server_default is not None):
                raise ValueError(f"bulk insert into {model.__tablename__} lacks {column.name}")
        return extra_names, extra_values

    def __enter__(self) -> BulkWriter:
        if self.raw:
            # A large page cache keeps the indexes being filled in memory (2–3× faster).
            # It is a setting of this connection only; restored on exit.
            self._saved_cache_size = self.connection.exec_driver_sql(
                "PRAGMA cache_size"
            ).scalar()
            self.connection.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        if self._saved_cache_size is None:
            return
        try:
            self.connection.exec_driver_sql(f"PRAGMA cache_size = {int(self._saved_cache_size)}")
        except SQLAlchemyError:
            if exc_type is None:
                raise  # otherwise keep the error that is already propagating

    def next_ids(self, models: Sequence[type[Base]]) -> dict[type[Base], int]:
        """The first free primary key of each table."""
        return {
            model: (self.connection.execute(select(func.max(model.__table__.c.id))).scalar() or 0)
            + 1
            for model in models
        }

    def flush(self) -> None:
        for model in ORDER:
            rows = self.buffers.get(model)
            if rows:
                self._write(model, rows)
                rows.clear()  # in place: callers keep references to the lists

    def _write(self, model: type[Base], rows: list[tuple[Any, ...]]) -> None:
        plan = self._plans[model]
        if plan.extras:
            rows = [row + plan.extras for row in rows]
        if not self.raw:
            if self.connection.dialect.driver == "psycopg" and not self._row_security:
                self._copy(model, plan.names, rows)
            else:
                self.connection.execute(
                    insert(model),
                    [dict(zip(plan.names, row, strict=True)) for row in rows],
                )
            return
        # Many rows per statement: SQLite rebuilds the lookup table of an enum CHECK
        # (`type IN (...)`) on every execution, so one row per statement costs ~3×.
        per = plan.rows_per_statement
        whole = len(rows) - len(rows) % per
        if whole:
            flat = chain.from_iterable
            self.connection.exec_driver_sql(
                plan.many_sql, [tuple(flat(rows[i:i + per])) for i in range(0, whole, per)]
            )
        if whole < len(rows):
            self.connection.exec_driver_sql(plan.one_sql, rows[whole:])

    def _copy(self, model: type[Base], columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """PostgreSQL's COPY through psycopg: an order of magnitude faster than INSERT."""
        quote = self.connection.dialect.identifier_preparer.quote
        statement = "COPY {} ({}) FROM STDIN".format(
            quote(model.__tablename__), ", ".join(quote(name) for name in columns)
        )
        driver_connection = self.connection.connection.driver_connection
        assert driver_connection is not None, "a live connection has its driver's connection"
        with driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)

    def sync_sequences(self, last_ids: dict[type[Base], int]) -> None:
        """Move PostgreSQL sequences past keys assigned here (SQLite needs nothing)."""
        if self.connection.dialect.name != "postgresql":
            return
        quote = self.connection.dialect.identifier_preparer.quote
        for model, last in last_ids.items():
            self.connection.execute(
                text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :last)"),
                {"table": quote(model.__tablename__), "last": last},
            )


__all__ = ["BULK_CACHE_KIB", "ORDER", "BulkWriter"]
