"""`portfolio --entity CODE --json` (DESIGN §5): every procedure's figures under a
municipality, a province or the department, read from the stored figures.

The figures are those of each procedure's version in force (`rules.scenario.in_force`),
kept in `version_figures` in the same transaction as every change (#17); a version whose
figures are not stored yet (a database being filled) is measured by the engine, so the
answer is the same either way (tests compare it with `metrics --json`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import tables as t
from procedures.errors import NotFoundError
from procedures.i18n import _
from procedures.metrics.results import Kind, encode, json_money
from procedures.services.figures import in_force_of


def portfolio(session: Session, code: str) -> dict[str, Any]:
    """The DESIGN §5 shape: {"entities": [{"ubigeo", "name", "procedures": [...]}]}."""
    if not code.isdigit() or len(code) not in (2, 4, 6):
        raise NotFoundError(_("{code} is not a ubigeo (6 digits), a province (4) or a "
                              "department (2).").format(code=code))
    entities = session.execute(
        select(t.Entity.id, t.Entity.ubigeo, t.Entity.name)
        .where(t.Entity.ubigeo.startswith(code)).order_by(t.Entity.ubigeo)).all()
    if not entities:
        raise NotFoundError(_("there is no municipality under {code}").format(code=code))
    procedures = session.execute(
        select(t.Procedure.entity_id, t.Procedure.uuid, t.Procedure.code, t.Procedure.name)
        .join(t.Entity, t.Entity.id == t.Procedure.entity_id)
        .where(t.Entity.ubigeo.startswith(code))
        .order_by(t.Procedure.position, t.Procedure.id)).all()
    stored = in_force_of(session, [p.uuid for p in procedures])
    by_entity: dict[int, list[dict[str, Any]]] = {e.id: [] for e in entities}
    for procedure in procedures:
        found = stored.get(procedure.uuid)
        row = _stored_row(procedure, found) if found is not None else _measured_row(
            session, procedure)
        if row is not None:
            by_entity[procedure.entity_id].append(row)
    return {"entities": [{"ubigeo": e.ubigeo, "name": e.name, "procedures": by_entity[e.id]}
                         for e in entities]}


def _stored_row(procedure: Any, found: Any) -> dict[str, Any]:
    f = found.figures
    yearly = f.yearly
    return _row(procedure.code, procedure.name, found.version, f.unit_cost, f.fee,
                f.business_days, f.activities, f.citizen_minutes, yearly,
                list(dict.fromkeys(f.warnings)))


def _measured_row(session: Session, procedure: Any) -> dict[str, Any] | None:
    from procedures.rules.scenario import in_force
    from procedures.services.measurement import procedure_context

    context = procedure_context(session, procedure.uuid)
    version = in_force(context.procedure.versions)
    if version is None:
        return None
    m = context.measure(version).metrics
    return _row(procedure.code, procedure.name, version.name, m.cost.unit_cost, m.fee,
                m.business_days, m.activities, m.citizen.minutes, m.yearly,
                list(dict.fromkeys(w.code.value for w in m.warnings)))


def _row(code: str, name: str, version: str, unit_cost: Any, fee: Any, business_days: int,
         activities: int, citizen_minutes: Any, yearly: Any,
         warnings: list[str]) -> dict[str, Any]:
    """One procedure, encoded as `metrics --json` encodes the same figures."""
    return {
        "code": code, "name": name, "version": version,
        "unit_cost": json_money(unit_cost), "fee": json_money(fee),
        "business_days": int(business_days), "activities": int(activities),
        # Per case, in hours (the year's are under "yearly").
        "citizen_hours": encode(Kind.NUMBER, citizen_minutes / 60),
        "yearly": {
            "cases": int(yearly.cases),
            "entity_cost": json_money(yearly.entity_cost),
            "entity_hours": encode(Kind.NUMBER, yearly.entity_hours),
            "citizen_hours": encode(Kind.NUMBER, yearly.citizen_hours),
            "citizen_cost": json_money(yearly.citizen_cost),
        },
        "warnings": warnings,
    }
