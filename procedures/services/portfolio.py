"""`portfolio --entity CODE [--json]` (DESIGN §5) and the portfolio PDF: every procedure's
figures under a municipality, a province or the department, read from the stored
figures.

The figures are those of each procedure's version in force (`rules.scenario.in_force`),
kept in `version_figures` in the same transaction as every change (#17) and read by one
query (`storage.in_force`); a version whose figures are not stored yet (a database being
filled) is measured by the engine, so the answer is the same either way (tests compare
it with `metrics --json`). The JSON, the text listing and the PDF all print these rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from json.encoder import encode_basestring as _text  # the C escaper json.dumps uses

from sqlalchemy.orm import Session

from procedures.collector import cycle_collector_paused
from procedures.errors import NotFoundError
from procedures.headline import EntityFigures, ProcedureFigures, from_metrics
from procedures.i18n import _
from procedures.storage.in_force import NotStored, entities_under, in_force_under


def check_code(code: str) -> None:
    if not code.isdigit() or len(code) not in (2, 4, 6):
        raise NotFoundError(_("{code} is not a ubigeo (6 digits), a province (4) or a "
                              "department (2).").format(code=code))


def portfolio_rows(session: Session, code: str) -> list[EntityFigures]:
    """Every municipality under `code`, in ubigeo order, with its procedures' figures
    (those with a version; a municipality with none has no rows)."""
    check_code(code)
    entities = entities_under(session, code)
    if not entities:
        raise NotFoundError(_("there is no municipality under {code}").format(code=code))
    rows: dict[int, list[ProcedureFigures]] = {entity.id: [] for entity in entities}
    with cycle_collector_paused():  # 35,000 rows of tuples and Decimals, no cycles
        for entity_id, figures in in_force_under(session, code):
            rows[entity_id].append(_measured(session, figures)
                                   if isinstance(figures, NotStored) else figures)
    return [EntityFigures(entity.ubigeo, entity.name, tuple(rows[entity.id]))
            for entity in entities]


def _measured(session: Session, missing: NotStored) -> ProcedureFigures:
    """The engine's figures of a version in force not stored yet."""
    from procedures.services.lookup import pick_version
    from procedures.services.measurement import procedure_context

    context = procedure_context(session, missing.uuid)
    version = pick_version(context.procedure, missing.version)
    return from_metrics(missing.uuid, missing.code, missing.name, missing.version,
                        missing.has_proposal, context.measure(version).metrics)


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
