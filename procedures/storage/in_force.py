"""The stored figures of every procedure's version in force under a code, in one query.

A region is 35,000 procedures: read through mapped classes (a Decimal processor per
column, a `Figures` object per row) they took seconds. Here one plain SQL statement
reads only the columns a portfolio shows, the database driver's values as they come
(no type processing), and the version in force is picked in Python by the one rule
(`rules.scenario.in_force`). Works the same on SQLite and PostgreSQL, through a
Session or a plain `sqlite3` connection (`procedures.portfolio`: a command that only
reads these rows need not load SQLAlchemy).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

from models.codes import VersionKind
from procedures.headline import ProcedureFigures, from_stored
from procedures.rules.scenario import in_force

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: What the rows are read through: a Session, or a plain sqlite3 connection.
Reader: TypeAlias = "Session | sqlite3.Connection"

_ENTITIES = ("SELECT id, ubigeo, name FROM entity WHERE ubigeo LIKE :prefix "
                 "ORDER BY ubigeo")

# Every version of every procedure under the code, its stored figures beside it (NULL
# when not stored yet), in the order of the reports: municipality, TUPA, versions.
_VERSIONS = """
SELECT p.entity_id, p.id, p.uuid, p.code, p.name, v.kind, v.adopted, v.name,
       f.version_id, f.activities, f.business_days, f.unit_cost, f.fee, f.citizen_minutes,
       f.staff_minutes, f.citizen_cost, f.cases, f.warnings
FROM entity e
JOIN procedure p ON p.entity_id = e.id
JOIN version v ON v.procedure_id = p.id
LEFT JOIN version_figures f ON f.version_id = v.id
WHERE e.ubigeo LIKE :prefix
ORDER BY e.ubigeo, p.position, p.id, v.position, v.id
"""

_KINDS = {kind.value: kind for kind in VersionKind}


class Entity(NamedTuple):
    id: int
    ubigeo: str
    name: str


class NotStored(NamedTuple):
    """A version in force whose figures are not stored yet (a database being filled)."""

    uuid: str
    code: str
    name: str
    version: str
    has_proposal: bool


class _Scenario(NamedTuple):
    kind: VersionKind
    adopted: bool
    row: Any


_TEXTS: dict[str, Any] = {}


def _rows(reader: Reader, sql: str, params: dict[str, str]) -> Iterator[Any]:
    """The driver's rows of `sql` (named `:parameters`, which both take)."""
    if isinstance(reader, sqlite3.Connection):
        return reader.execute(sql, params)
    clause = _TEXTS.get(sql)
    if clause is None:
        from sqlalchemy import text

        clause = _TEXTS[sql] = text(sql)
    return iter(reader.execute(clause, params))


def entities_under(reader: Reader, code: str) -> list[Entity]:
    """The municipalities whose ubigeo begins with `code` (digits), in ubigeo order."""
    return [Entity(*row) for row in _rows(reader, _ENTITIES, {"prefix": code + "%"})]


def in_force_under(reader: Reader, code: str
                   ) -> Iterator[tuple[int, ProcedureFigures | NotStored]]:
    """(entity id, figures) of every procedure with a version under `code` (digits),
    in report order; `NotStored` for a version in force without stored figures."""
    group: list[Any] = []
    for row in _rows(reader, _VERSIONS, {"prefix": code + "%"}):
        if group and group[0][1] != row[1]:
            yield _chosen(group)
            group = []
        group.append(row)
    if group:
        yield _chosen(group)


def _chosen(group: list[Any]) -> tuple[int, ProcedureFigures | NotStored]:
    if len(group) == 1:  # a single version is the one in force, whatever its kind
        picked = group[0]
        has_proposal = _KINDS[picked[5]] is VersionKind.TO_BE
    else:
        scenarios = [_Scenario(_KINDS[row[5]], bool(row[6]), row) for row in group]
        chosen = in_force(scenarios)
        assert chosen is not None  # a group has at least one version
        picked = chosen.row
        has_proposal = any(s.kind is VersionKind.TO_BE for s in scenarios)
    (entity_id, _id, uuid, code, name, _kind, _adopted, version, stored, activities,
     business_days, unit_cost, fee, citizen_minutes, staff_minutes, citizen_cost, cases,
     warnings) = picked
    if stored is None:
        return entity_id, NotStored(uuid, code, name, version, has_proposal)
    return entity_id, from_stored(
        uuid, code, name, version, has_proposal, activities, business_days,
        _money(unit_cost), _money(fee), Decimal(citizen_minutes), Decimal(staff_minutes),
        _money(citizen_cost), cases, warnings)


def _money(value: float | int | Decimal) -> Decimal:
    """A `Numeric(12, 2)` as the mapped column gives it: SQLite hands back a float (or an
    int), read to the cent as SQLAlchemy does; a server hands back the Decimal."""
    return value if isinstance(value, Decimal) else Decimal(f"{value:.2f}")


def logo_of(reader: Reader, ubigeo: str) -> bytes | None:
    """The logo of one municipality (None when it has none or does not exist)."""
    row = next(_rows(reader, "SELECT logo FROM entity WHERE ubigeo = :ubigeo",
                     {"ubigeo": ubigeo}), None)
    return bytes(row[0]) if row is not None and row[0] is not None else None
