"""Write entities as a `.tramite.json` package (DESIGN §3), in one canonical form.

Canonical means: fixed key order, money with two decimals, ratios with at least two,
optional fields only when they differ from their default. So export → import → export
gives the same bytes.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from models.codes import CostElement
from procedures.exchange.package_read import FORMAT, FORMAT_VERSION, REQUIRED_AMOUNTS
from procedures.filemode import make_shareable
from procedures.snapshots import (
    Activity,
    Entity,
    Origin,
    OriginChange,
    Position,
    Procedure,
    Requirement,
    Resource,
    Settings,
    Unit,
    Version,
)

CENT = Decimal("0.01")


def money(value: Decimal) -> str:
    return str(value.quantize(CENT))


def ratio(value: Decimal) -> str:
    """0.8 -> '0.80'; 0.1234 -> '0.1234' (at least two decimals, no trailing noise)."""
    text = format(value.normalize(), "f")
    whole, _, decimals = text.partition(".")
    return f"{whole}.{decimals.ljust(2, '0')}"


def number(value: Decimal) -> int | float:
    """Minutes, counts and driver values as plain JSON numbers."""
    if value == value.to_integral_value():
        return int(value)
    return float(value.normalize())


def _put_text(out: dict[str, Any], key: str, value: str) -> None:
    if value:
        out[key] = value


def package_document(entities: Iterable[Entity]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "entities": [_entity(entity) for entity in entities],
    }


def dumps_package(entities: Iterable[Entity]) -> str:
    return "".join(package_chunks(entities))


def package_chunks(entities: Iterable[Entity]) -> Iterator[str]:
    """The text of the package a municipality at a time: the bytes of
    `json.dumps(package_document(entities), ensure_ascii=False, indent=2) + "\n"`
    (the tests hold it to that) without the whole document in memory."""
    yield (f'{{\n  "format": {json.dumps(FORMAT)},\n  "version": {FORMAT_VERSION},\n'
           '  "entities": [')
    separator = "\n    "
    for entity in entities:
        text = json.dumps(_entity(entity), ensure_ascii=False, indent=2)
        # One level deeper: only the layout's line breaks are raw (JSON escapes the rest).
        yield separator + text.replace("\n", "\n    ")
        separator = ",\n    "
    yield "]\n}\n" if separator == "\n    " else "\n  ]\n}\n"


def write_package_file(entities: Iterable[Entity], path: str | Path) -> None:
    """Write atomically, a municipality at a time: a half-written file (an error, a
    cancel) never replaces a good one, and a region's package never sits in memory."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=".tramite-", suffix=".tmp", dir=path.parent)
    make_shareable(temporary)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            for chunk in package_chunks(entities):
                stream.write(chunk)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _entity(entity: Entity) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ubigeo": entity.ubigeo,
        "name": entity.name,
        "kind": entity.kind.value,
    }
    for key in ("province", "address", "office_hours", "phone", "email", "website",
                "reference_url"):
        _put_text(out, key, getattr(entity, key))
    out["settings"] = _settings(entity.settings)
    if entity.origin is not None:
        out["origin"] = _origin(entity.origin)
    if entity.non_working_days:
        out["non_working_days"] = [
            {"date": day.day.isoformat(), **({"name": day.name} if day.name else {})}
            for day in entity.non_working_days
        ]
    out["units"] = [_unit(unit) for unit in entity.units]
    out["positions"] = [_position(position) for position in entity.positions]
    out["resources"] = [_resource(resource) for resource in entity.resources]
    out["procedures"] = [_procedure(procedure) for procedure in entity.procedures]
    return out


def _origin(origin: Origin) -> dict[str, Any]:
    """The database the municipality left and its newest change then (issue #14)."""
    out: dict[str, Any] = {"database": origin.database, "last_change": origin.last_change}
    if origin.based_on:
        out["based_on"] = [{"database": database, "last_change": number}
                           for database, number in origin.based_on]
    if origin.changes:
        out["changes"] = [_origin_change(change) for change in origin.changes]
    return out


def _origin_change(change: OriginChange) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": change.kind, "id": change.uid}
    _put_text(out, "field", change.field)
    out.update({"who": change.who, "at": change.at})
    _put_text(out, "procedure", change.procedure)
    _put_text(out, "version", change.version)
    return out


def _settings(settings: Settings) -> dict[str, Any]:
    out: dict[str, Any] = {"year": settings.year}
    if settings.uit is not None:
        out["uit"] = money(settings.uit)
    out.update({
        "hours_per_day": number(settings.hours_per_day),
        "days_per_month": number(settings.days_per_month),
        "minutes_per_working_day": settings.minutes_per_working_day,
        "rounding": settings.rounding.value,
        "citizen_hour_value": money(settings.citizen_hour_value),
        "travel_minutes": number(settings.travel_minutes),
        "travel_fare": money(settings.travel_fare),
    })
    if settings.logo:
        out["logo"] = base64.b64encode(settings.logo).decode("ascii")
    return out


def _unit(unit: Unit) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "other_tupa_minutes": number(unit.other_tupa_minutes),
    }


def _position(position: Position) -> dict[str, Any]:
    out: dict[str, Any] = {"code": position.code, "name": position.name}
    if position.unit:
        out["unit"] = position.unit
    out["annual_cost"] = money(position.annual_cost)
    return out


def _resource(resource: Resource) -> dict[str, Any]:
    # The window lets amounts be typed one at a time (a new depreciation has no rate
    # yet); the reader wants every amount of the element, and the costing counts a
    # missing one as 0, so an export writes it as 0.
    needed = {key: Decimal(0) for key in REQUIRED_AMOUNTS.get(resource.element, ())
              if getattr(resource, key) is None}
    resource = replace(resource, **needed) if needed else resource  # type: ignore[arg-type]  # amount fields only
    out: dict[str, Any] = {
        "code": resource.code,
        "name": resource.name,
        "element": resource.element.value,
    }
    if resource.unit_cost is not None:
        out["unit_cost"] = ratio(resource.unit_cost)
    if resource.annual_cost is not None:
        out["annual_cost"] = money(resource.annual_cost)
    if resource.quantity is not None:
        out["quantity"] = number(resource.quantity)
    if resource.acquisition_cost is not None:
        out["acquisition_cost"] = money(resource.acquisition_cost)
    if resource.rate is not None:
        out["rate"] = ratio(resource.rate)
    if resource.element is not CostElement.MATERIAL_FUNGIBLE or resource.driver:
        _put_text(out, "driver", resource.driver)
    if resource.driver_values:
        out["driver_values"] = {unit: number(value) for unit, value in resource.driver_values}
    if resource.tupa_factor:
        out["tupa_factor"] = {unit: ratio(value) for unit, value in resource.tupa_factor}
    return out


def _requirement(requirement: Requirement) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": requirement.name,
        "kind": requirement.kind.value,
        "cost": money(requirement.cost),
    }
    _put_text(out, "legal_basis", requirement.legal_basis)
    _put_text(out, "id", requirement.uid)
    return out


def _procedure(procedure: Procedure) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": procedure.code,
        "name": procedure.name,
        "kind": procedure.kind.value,
        "calificacion": procedure.calificacion.value,
    }
    if procedure.plazo is not None:
        out["plazo"] = procedure.plazo
    out["plazo_unit"] = procedure.plazo_unit.value
    out["annual_demand"] = procedure.annual_demand
    out["preparation_minutes"] = number(procedure.preparation_minutes)
    if procedure.filed_at:
        out["filed_at"] = procedure.filed_at
    if procedure.approved_by:
        out["approved_by"] = procedure.approved_by
    for key in ("description", "who_may_apply", "legal_basis", "channels", "contact",
                "steps_note", "reconsideration_authority", "appeal_authority"):
        _put_text(out, key, getattr(procedure, key))
    if procedure.uid:
        out["id"] = procedure.uid
    if procedure.standard_code:
        out["standard_code"] = procedure.standard_code
    if procedure.same_as:
        out["same_as"] = sorted(procedure.same_as)
    out["requirements"] = [_requirement(r) for r in procedure.requirements]
    out["versions"] = [_version(v) for v in procedure.versions]
    return out


def _version(version: Version) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": version.name,
        "kind": version.kind.value,
        "fee": money(version.fee),
    }
    if version.calificacion is not None:
        out["calificacion"] = version.calificacion.value
    if version.plazo is not None:
        out["plazo"] = version.plazo
    if version.plazo_unit is not None:
        out["plazo_unit"] = version.plazo_unit.value
    if version.requirements is not None:
        out["requirements"] = [_requirement(r) for r in version.requirements]
    _put_text(out, "based_on", version.based_on)
    if version.adopted:
        out["adopted"] = True
    _put_text(out, "note", version.note)
    if version.uid:
        out["id"] = version.uid
    out["activities"] = [_activity(a) for a in version.activities]
    return out


def _activity(activity: Activity) -> dict[str, Any]:
    out: dict[str, Any] = {"description": activity.description}
    if activity.unit is None:
        out["citizen"] = True
    else:
        out["unit"] = activity.unit
    out["type"] = activity.type.value
    out["value"] = activity.value.value
    out["minutes"] = number(activity.minutes)
    if activity.probability != 1:
        out["probability"] = ratio(activity.probability)
    if activity.parallel:
        out["parallel"] = True
    if activity.in_person:
        out["in_person"] = True
    if activity.staff:
        out["staff"] = [
            {"position": s.position, "count": number(s.count)} for s in activity.staff
        ]
    if activity.resources:
        out["resources"] = [
            {"resource": r.resource, "qty": number(r.qty)} for r in activity.resources
        ]
    if activity.action is not None:
        out["action"] = activity.action.value
    _put_text(out, "note", activity.note)
    if activity.time_source is not None:
        out["time_source"] = activity.time_source.value
    if activity.time_date is not None:
        out["time_date"] = activity.time_date.isoformat()
    _put_text(out, "time_by", activity.time_by)
    if activity.uid:
        out["id"] = activity.uid
    _put_text(out, "based_on", activity.based_on)
    return out
