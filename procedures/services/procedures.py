"""Editing procedures (their TUPA data) and their requirements.

A new procedure starts with an empty as-is version ("Actual"), so its step table can
be typed at once. Requirements are edited on the list a version uses: the version's own
list when it overrides the procedure's, the procedure's otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import tables as t
from models.codes import Calificacion, PlazoUnit, ProcedureKind, RequirementKind, VersionKind
from procedures import snapshots as s
from procedures.i18n import _
from procedures.services.fields import (
    FieldSpec,
    choice,
    code_maps,
    decimal,
    field_error,
    integer,
    log_change,
    row_by_uuid,
    set_field,
    text,
)
from procedures.storage.read import entity_row, procedure_snapshot
from procedures.storage.write import write_procedure

PROCEDURE_FIELDS: dict[str, FieldSpec] = {
    "name": FieldSpec(text(required=True, max_length=300)),
    "kind": FieldSpec(choice(ProcedureKind)),
    "calificacion": FieldSpec(choice(Calificacion)),
    "plazo": FieldSpec(integer(0, 3650, optional=True)),
    "plazo_unit": FieldSpec(choice(PlazoUnit)),
    "annual_demand": FieldSpec(integer(0, 100_000_000)),
    "preparation_minutes": FieldSpec(decimal(Decimal(0), Decimal("9999999999.99"))),
    "description": FieldSpec(text()),
    "who_may_apply": FieldSpec(text()),
    "legal_basis": FieldSpec(text()),
    "channels": FieldSpec(text()),
    "contact": FieldSpec(text()),
    "steps_note": FieldSpec(text()),
    "reconsideration_authority": FieldSpec(text(max_length=200)),
    "appeal_authority": FieldSpec(text(max_length=200)),
    "standard_code": FieldSpec(lambda value: standard_code(value)),
}
#: Every field `update_procedure` accepts; "code", "filed_at" and "approved_by" (unit
#: codes or None) are checked against the entity.
EDITABLE_FIELDS = ("code", "filed_at", "approved_by", *PROCEDURE_FIELDS)

REQUIREMENT_FIELDS: dict[str, FieldSpec] = {
    "name": FieldSpec(text(required=True)),
    "kind": FieldSpec(choice(RequirementKind)),
    "cost": FieldSpec(decimal(Decimal(0), Decimal("9999999999.99"))),
    "legal_basis": FieldSpec(text()),
}


def standard_code(value: Any) -> str | None:
    """A code of the catalogue of standardized procedures, or None (not standardized)."""
    from procedures.standard.catalogue import standard

    code = ("" if value is None else str(value)).strip()
    if not code:
        return None
    if standard(code) is None:
        raise ValueError(_("{code!r} is not in the catalogue of standardized "
                           "procedures").format(code=code[:60]))
    return code


@dataclass(frozen=True, slots=True)
class RemovedProcedure:
    ubigeo: str
    position: int
    procedure: s.Procedure


@dataclass(frozen=True, slots=True)
class RemovedRequirement:
    owner: tuple[str, str]  # ("procedure" | "version", uuid)
    row: int
    requirement: s.Requirement


def _procedure(session: Session, uuid: str) -> t.Procedure:
    return row_by_uuid(session, t.Procedure, uuid)


def _check_code(session: Session, entity_id: int, code: str, own_id: int | None) -> str:
    code = (code or "").strip()
    if not code:
        raise field_error("procedure.code", _("a procedure needs a code, e.g. PA-07"))
    if len(code) > 30:
        raise field_error("procedure.code", _("at most {n} characters").format(n=30))
    clash = session.scalar(select(t.Procedure.id).where(
        t.Procedure.entity_id == entity_id, t.Procedure.code == code))
    if clash is not None and clash != own_id:
        raise field_error("procedure.code", _(
            "there is already a procedure with code {code!r}").format(code=code))
    return code


def free_code(session: Session, ubigeo: str) -> str:
    """A code not used yet in the entity: PA-01, PA-02…"""
    entity = entity_row(session, ubigeo)
    used = set(session.scalars(select(t.Procedure.code).where(
        t.Procedure.entity_id == entity.id)))
    number = 1
    while f"PA-{number:02d}" in used:
        number += 1
    return f"PA-{number:02d}"


def create_procedure(
    session: Session, ubigeo: str, code: str, name: str, author: str = ""
) -> str:
    """A new procedure at the end of the TUPA, with an empty as-is version."""
    entity = entity_row(session, ubigeo)
    code = _check_code(session, entity.id, code, None)
    try:
        name = PROCEDURE_FIELDS["name"].check(name)
    except ValueError as error:
        raise field_error("procedure.name", str(error)) from None
    position = (session.scalar(select(func.max(t.Procedure.position)).where(
        t.Procedure.entity_id == entity.id)) or 0) + 1
    row = t.Procedure(entity_id=entity.id, position=position, code=code, name=name)
    row.versions = [t.Version(name=_("Current"), kind=VersionKind.AS_IS, position=0)]
    session.add(row)
    session.flush()
    log_change(session, entity.id, "procedure", row.uuid, "create",
               _("Created procedure {code} {name}").format(code=code, name=name), author)
    return row.uuid


def update_procedure(
    session: Session, uuid: str, field_name: str, value: Any, author: str = ""
) -> Any:
    """Set one TUPA field; return the previous value (unit codes for filed_at/approved_by)."""
    row = _procedure(session, uuid)
    path = f"procedure.{field_name}"
    old: Any
    if field_name == "code":
        old, row.code = row.code, _check_code(session, row.entity_id, value, row.id)
    elif field_name in ("filed_at", "approved_by"):
        attr = f"{field_name}_id"
        current = getattr(row, attr)
        old = session.get_one(t.Unit, current).code if current is not None else None
        unit_id = None
        if value:
            unit_id = session.scalar(select(t.Unit.id).where(
                t.Unit.entity_id == row.entity_id, t.Unit.code == value))
            if unit_id is None:
                raise field_error(path, _("there is no unit {code!r}").format(code=value))
        setattr(row, attr, unit_id)
    elif field_name in PROCEDURE_FIELDS:
        old = set_field(row, field_name, PROCEDURE_FIELDS[field_name], value, path)
    else:
        raise ValueError(f"not an editable procedure field: {field_name}")
    session.flush()
    log_change(session, row.entity_id, "procedure", row.uuid, "update",
               _("Changed {field} of procedure {code}").format(field=field_name, code=row.code),
               author)
    return old


def delete_procedure(session: Session, uuid: str, author: str = "") -> RemovedProcedure:
    row = _procedure(session, uuid)
    entity = session.get_one(t.Entity, row.entity_id)
    units = {u.id: u.code for u in entity.units}
    removed = RemovedProcedure(entity.ubigeo, row.position, procedure_snapshot(row, units))
    session.delete(row)
    session.flush()
    log_change(session, entity.id, "procedure", uuid, "delete",
               _("Deleted procedure {code} {name}").format(code=row.code, name=row.name), author)
    return removed


def restore_procedure(session: Session, removed: RemovedProcedure, author: str = "") -> str:
    """Write a deleted procedure back with the same uuids (the undo of a delete)."""
    entity = entity_row(session, removed.ubigeo)
    units, positions, resources = code_maps(session, entity.id)
    row = write_procedure(session, entity, removed.procedure, units, positions, resources,
                          removed.position)
    session.flush()
    for requirement, wanted in zip(row.requirements, removed.procedure.requirements,
                                   strict=False):
        requirement.uuid = wanted.uid or requirement.uuid
    for version_row, version in zip(row.versions, removed.procedure.versions, strict=False):
        for requirement, wanted in zip(version_row.requirements, version.requirements or (),
                                       strict=False):
            requirement.uuid = wanted.uid or requirement.uuid
    session.flush()
    log_change(session, entity.id, "procedure", row.uuid, "restore",
               _("Restored procedure {code}").format(code=row.code), author)
    return row.uuid


# ---- Requirements ----------------------------------------------------------------------


def requirement_owner(session: Session, version_uuid: str) -> tuple[str, str]:
    """("version", uuid) when the version has its own list, else ("procedure", uuid)."""
    version = row_by_uuid(session, t.Version, version_uuid)
    if version.overrides_requirements:
        return ("version", version.uuid)
    return ("procedure", session.get_one(t.Procedure, version.procedure_id).uuid)


def _owner_rows(session: Session, owner: tuple[str, str]) -> tuple[list[t.Requirement], int]:
    kind, uuid = owner
    if kind == "version":
        version = row_by_uuid(session, t.Version, uuid)
        column, owner_id = t.Requirement.version_id, version.id
        entity_id = session.get_one(t.Procedure, version.procedure_id).entity_id
    else:
        procedure = _procedure(session, uuid)
        column, owner_id, entity_id = t.Requirement.procedure_id, procedure.id, procedure.entity_id
    rows = list(session.scalars(select(t.Requirement).where(column == owner_id)
                                .order_by(t.Requirement.position, t.Requirement.id)))
    return rows, entity_id


def _renumber(rows: Sequence[t.Requirement]) -> None:
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position


def owner_requirements(session: Session, owner: tuple[str, str]) -> tuple[s.Requirement, ...]:
    rows, _entity = _owner_rows(session, owner)
    return tuple(s.Requirement(name=r.name, kind=r.kind, cost=r.cost,
                               legal_basis=r.legal_basis, uid=r.uuid) for r in rows)


def add_requirement(
    session: Session, owner: tuple[str, str], row: int, requirement: s.Requirement,
    author: str = "",
) -> str:
    """Insert before 0-based `row`; keeps `requirement.uid` when given (an undo)."""
    rows, entity_id = _owner_rows(session, owner)
    for name, spec in REQUIREMENT_FIELDS.items():
        try:
            spec.check(getattr(requirement, name))
        except ValueError as error:
            raise field_error(f"requirements[{row}].{name}", str(error)) from None
    new = t.Requirement(name=requirement.name.strip(), kind=requirement.kind,
                        cost=requirement.cost, legal_basis=requirement.legal_basis)
    if requirement.uid:
        new.uuid = requirement.uid
    kind, uuid = owner
    if kind == "version":
        new.version_id = row_by_uuid(session, t.Version, uuid).id
    else:
        new.procedure_id = _procedure(session, uuid).id
    session.add(new)
    row = max(0, min(row, len(rows)))
    _renumber([*rows[:row], new, *rows[row:]])
    session.flush()
    log_change(session, entity_id, "requirement", new.uuid, "create",
               _("Added requirement {name}").format(name=new.name), author)
    return new.uuid


def update_requirement(
    session: Session, uuid: str, field_name: str, value: Any, author: str = ""
) -> Any:
    row = row_by_uuid(session, t.Requirement, uuid)
    if field_name not in REQUIREMENT_FIELDS:
        raise ValueError(f"not an editable requirement field: {field_name}")
    owner = _owner_of(session, row)
    rows, entity_id = _owner_rows(session, owner)
    index = [r.id for r in rows].index(row.id)
    old = set_field(row, field_name, REQUIREMENT_FIELDS[field_name], value,
                    f"requirements[{index}].{field_name}")
    session.flush()
    log_change(session, entity_id, "requirement", row.uuid, "update",
               _("Changed {field} of requirement {row}").format(field=field_name, row=index + 1),
               author)
    return old


def _owner_of(session: Session, row: t.Requirement) -> tuple[str, str]:
    if row.version_id is not None:
        return ("version", session.get_one(t.Version, row.version_id).uuid)
    return ("procedure", session.get_one(t.Procedure, row.procedure_id).uuid)


def delete_requirement(session: Session, uuid: str, author: str = "") -> RemovedRequirement:
    row = row_by_uuid(session, t.Requirement, uuid)
    owner = _owner_of(session, row)
    rows, entity_id = _owner_rows(session, owner)
    index = [r.id for r in rows].index(row.id)
    removed = RemovedRequirement(owner, index, s.Requirement(
        name=row.name, kind=row.kind, cost=row.cost, legal_basis=row.legal_basis, uid=row.uuid))
    session.delete(row)
    session.flush()
    _renumber([r for r in rows if r.id != row.id])
    session.flush()
    log_change(session, entity_id, "requirement", uuid, "delete",
               _("Deleted requirement {name}").format(name=removed.requirement.name), author)
    return removed


def restore_requirement(session: Session, removed: RemovedRequirement, author: str = "") -> str:
    return add_requirement(session, removed.owner, removed.row, removed.requirement, author)


def reorder_requirements(
    session: Session, owner: tuple[str, str], order: Sequence[str], author: str = ""
) -> tuple[str, ...]:
    """Put the owner's requirements in `order`; return the previous order."""
    rows, entity_id = _owner_rows(session, owner)
    previous = tuple(r.uuid for r in rows)
    if sorted(previous) != sorted(order):
        raise field_error("requirements", _("the new order must list every requirement once"))
    by_uuid = {r.uuid: r for r in rows}
    _renumber([by_uuid[u] for u in order])
    session.flush()
    log_change(session, entity_id, "procedure", owner[1], "reorder",
               _("Reordered the requirements"), author)
    return previous
