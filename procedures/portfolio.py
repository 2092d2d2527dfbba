"""The portfolio's rows (`portfolio --entity CODE [--json]`, DESIGN §5, and the portfolio
PDF) read from a Session or from a plain sqlite3 connection, their JSON text and the PDF.

`procedures.services.portfolio` reads them through a Session (and measures with the
engine a version whose figures are not stored yet). `read_file` and `pdf_from_file` read
them from a file of ours straight through `sqlite3`, without SQLAlchemy, the mapped
tables or the services: those were most of the command's whole process (its start-up
alone cost more than a bare GROUP BY over the same rows). They answer only when that is
the same as opening the file for work: a file at the newest schema, in WAL mode (reading
writes nothing into it), already marked as ours, with the day's copy made, every figure
stored; anything else (None) goes the way of every command (`open_for_work`: copies,
migrations, the words for a refused or damaged file).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from json.encoder import encode_basestring as _text  # the C escaper json.dumps uses
from pathlib import Path

from procedures.collector import cycle_collector_paused
from procedures.errors import NotFoundError
from procedures.headline import EntityFigures, ProcedureFigures
from procedures.i18n import _, ngettext, use_language
from procedures.progress import Progress, scaled
from procedures.storage.in_force import (
    NotStored,
    Reader,
    entities_under,
    in_force_under,
    logo_of,
)


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


@contextmanager
def plain_connection(path: Path) -> Iterator[sqlite3.Connection | None]:
    """A plain sqlite3 connection to the file at `path` when reading it needs nothing
    done to it first (see the module's docstring); None otherwise."""
    from models import backups
    from models.files import APPLICATION_ID, FileKind, in_wal_mode, inspect_sqlite

    if inspect_sqlite(path, thorough=False).kind is not FileKind.CURRENT \
            or not in_wal_mode(path) or not backups.made_today(path):
        yield None
        return
    try:
        connection = sqlite3.connect(path, timeout=10)
    except sqlite3.Error:
        yield None
        return
    try:
        ours = connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        yield connection if ours else None
    finally:
        connection.close()


def read_file(path: Path, code: str) -> list[EntityFigures] | None:
    """The rows of `code` read from the SQLite file at `path` through plain `sqlite3`;
    None when the file must be opened for work first (see the module's docstring)."""
    with plain_connection(path) as connection:
        if connection is None:
            return None
        try:
            return rows_under(connection, code, lambda _missing: None)
        except sqlite3.Error:
            return None  # a damaged page: worded by the way of every command


def pdf_from_file(path: Path, code: str, out: Path, lang: str, today: date,
                  progress: Progress) -> str | None:
    """`report portfolio --entity CODE` from the file at `path` through plain `sqlite3`:
    the line saying what was written, or None (nothing written) when the file must be
    opened for work first, or the request is not one the report takes (both worded by
    the way of every command)."""
    from procedures.destination import check_destination

    if len(code) not in (2, 4) or not code.isdigit():
        return None
    with plain_connection(path) as connection:
        if connection is None:
            return None
        check_destination(out)
        with use_language(lang):
            try:
                pages = write_pdf(connection, code, out, today, progress,
                                  lambda _missing: None)
            except sqlite3.Error:
                return None
            if pages is None:
                return None
            return written(pages, out)


def written(pages: int, out: Path) -> str:
    """The one line a report command prints (`services.reports.build_report`'s words)."""
    return ngettext("{kind} written to {path} ({pages} page).",
                    "{kind} written to {path} ({pages} pages).", pages).format(
        kind=_("Portfolio"), path=out, pages=pages)


def write_pdf(reader: Reader, code: str, out: Path, today: date, progress: Progress,
              measure: Callable[[NotStored], ProcedureFigures | None]) -> int | None:
    """Every municipality under `code` from the stored figures (the rows of
    `portfolio --json`), printed to `out`: its number of pages (None: `measure` gave up,
    nothing written)."""
    from procedures.reports.document import write_pdf as write_document
    from procedures.reports.portfolio import PortfolioData, build_portfolio

    progress(0, 100, "")
    rows = rows_under(reader, code, measure)
    if rows is None:
        return None
    figures = tuple(entity for entity in rows if entity.rows)
    if not figures:
        raise NotFoundError(_("no municipality under {code} has mapped procedures").format(
            code=code))
    owner = scope_owner(code)
    data = PortfolioData(scope_name(code), figures, today,
                         logo_of(reader, owner) if owner else None)
    progress(10, 100, "")
    with cycle_collector_paused():  # thousands of cells and flowables, no cycles
        return write_document(out, lambda target: build_portfolio(
            target, data, scaled(progress, 10, 90, 100)))


def scope_name(code: str) -> str:
    """"Provincia de Cajamarca (0601)" or "Departamento de Cajamarca (06)"."""
    from procedures.ubigeo import districts, province_name

    if len(code) == 4:
        name = province_name(code) or code
        return _("Province of {name} ({code})").format(name=name, code=code)
    department = next((d.department for d in districts() if d.ubigeo.startswith(code)), code)
    return _("Department of {name} ({code})").format(name=department, code=code)


def scope_owner(code: str) -> str:
    """The municipality whose logo a portfolio prints: a province's provincial
    municipality (its capital district, ubigeo PPPP01); a department has none of its own
    here (the region's government is not a municipality), so it prints the shield."""
    return code + "01" if len(code) == 4 else ""


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
