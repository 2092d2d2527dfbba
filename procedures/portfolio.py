"""The portfolio's rows (`portfolio --entity CODE [--json]`, DESIGN §5, and the portfolio
PDF) read from a Session or from a plain sqlite3 connection, and their JSON text.

`procedures.services.portfolio` reads them through a Session (and measures with the
engine a version whose figures are not stored yet). `read_file` reads them from a file of
ours straight through `sqlite3`, without SQLAlchemy, the mapped tables or the services:
they were most of the command's whole process (its start-up alone cost more than a bare
GROUP BY over the same rows). It answers only when that is the same as opening the file
for work: a file at the newest schema, in WAL mode (reading writes nothing into it),
already marked as ours, with the day's copy made, every figure stored; anything else
(None) goes the way of every command (`open_for_work`: copies, migrations, wording of a
refused or damaged file).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from json.encoder import encode_basestring as _text  # the C escaper json.dumps uses
from pathlib import Path

from procedures.collector import cycle_collector_paused
from procedures.errors import NotFoundError
from procedures.headline import EntityFigures, ProcedureFigures
from procedures.i18n import _
from procedures.storage.in_force import NotStored, Reader, entities_under, in_force_under


def check_code(code: str) -> None:
    if not code.isdigit() or len(code) not in (2, 4, 6):
        raise NotFoundError(_("{code} is not a ubigeo (6 digits), a province (4) or a "
                              "department (2).").format(code=code))


def rows_under(reader: Reader, code: str,
               measure: Callable[[NotStored], ProcedureFigures | None]
               ) -> list[EntityFigures] | None:
    """Every municipality under `code`, in ubigeo order, with its procedures' figures
    (those with a version; a municipality with none has no rows); `measure` gives those
    of a version whose figures are not stored yet (None: give up, None is returned)."""
    check_code(code)
    entities = entities_under(reader, code)
    if not entities:
        raise NotFoundError(_("there is no municipality under {code}").format(code=code))
    rows: dict[int, list[ProcedureFigures]] = {entity.id: [] for entity in entities}
    with cycle_collector_paused():  # 35,000 rows of tuples and Decimals, no cycles
        for entity_id, figures in in_force_under(reader, code):
            if isinstance(figures, NotStored):
                measured = measure(figures)
                if measured is None:
                    return None
                figures = measured
            rows[entity_id].append(figures)
    return [EntityFigures(entity.ubigeo, entity.name, tuple(rows[entity.id]))
            for entity in entities]


def read_file(path: Path, code: str) -> list[EntityFigures] | None:
    """The rows of `code` read from the SQLite file at `path` through plain `sqlite3`;
    None when the file must be opened for work first (see the module's docstring)."""
    from models import backups
    from models.files import APPLICATION_ID, FileKind, in_wal_mode, inspect_sqlite

    if inspect_sqlite(path, thorough=False).kind is not FileKind.CURRENT \
            or not in_wal_mode(path) or not backups.made_today(path):
        return None
    try:
        connection = sqlite3.connect(path, timeout=10)
    except sqlite3.Error:
        return None
    try:
        if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return None
        return rows_under(connection, code, lambda _missing: None)
    except sqlite3.Error:
        return None  # a damaged page: worded by the way of every command
    finally:
        connection.close()


# -- JSON ------------------------------------------------------------------------------
def json_pieces(entities: list[EntityFigures]) -> Iterator[str]:
    """The DESIGN §5 shape {"entities": [{"ubigeo", "name", "procedures": [...]}]} in
    pieces, one procedure a line, each figure encoded as `metrics --json` encodes it
    (money as text to the cent, hours as numbers to the hundredth)."""
    warnings: dict[tuple[str, ...], str] = {}
    yield '{"entities": ['
    for number, entity in enumerate(entities):
        yield (f'{"," if number else ""}\n  {{"ubigeo": {_text(entity.ubigeo)}, '
               f'"name": {_text(entity.name)}, "procedures": [')
        yield ",".join([_procedure(row, warnings) for row in entity.rows])
        yield "]}"
    yield "\n]}\n"


def _procedure(f: ProcedureFigures, warnings: dict[tuple[str, ...], str]) -> str:
    codes = warnings.get(f.warnings)
    if codes is None:  # a few combinations of codes among thousands of procedures
        codes = warnings[f.warnings] = ", ".join(map(_text, dict.fromkeys(f.warnings)))
    return (f'\n    {{"code": {_text(f.code)}, "name": {_text(f.name)}, '
            f'"version": {_text(f.version)}, "unit_cost": "{_money(f.unit_cost)}", '
            f'"fee": "{_money(f.fee)}", "business_days": {int(f.business_days)}, '
            f'"activities": {int(f.activities)}, '
            f'"citizen_hours": {_number(f.citizen_hours)}, '
            f'"yearly": {{"cases": {int(f.cases)}, '
            f'"entity_cost": "{_money(f.yearly_entity_cost)}", '
            f'"entity_hours": {_number(f.yearly_entity_hours)}, '
            f'"citizen_hours": {_number(f.yearly_citizen_hours)}, '
            f'"citizen_cost": "{_money(f.yearly_citizen_cost)}"}}, '
            f'"warnings": [{codes}]}}')


# `metrics.results.json_money` and `json_number` as JSON text, inlined: a region writes
# 250,000 of them (tests hold the two to the same text).
_CENT = Decimal("0.01")


def _money(value: Decimal) -> str:
    cents = value.quantize(_CENT, ROUND_HALF_UP)
    return f"{cents:.2f}" if cents else "0.00"


def _number(value: Decimal) -> str:
    rounded = value.quantize(_CENT, ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return str(int(rounded))
    return repr(float(rounded))  # as json writes a float
