"""Editing a municipality: calculation settings, units, positions, resources (with their
driver values and TUPA factors per unit) and non-working days. The UIT and RMV by year:
`procedures.services.reference`.

A unit, position or resource still used by an activity (or a unit that files or approves
a procedure) cannot be deleted: the message says where it is used. A resource steps use
cannot become an allocated element (the activity rule, `procedures.rules.activity`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from models import tables as t
from models.codes import CostElement, Rounding
from procedures import snapshots as s
from procedures.errors import ProblemCode
from procedures.i18n import _, ngettext
from procedures.logo import check_logo
from procedures.rules.activity import ATTACHABLE_ELEMENTS
from procedures.services.fields import (
    FieldSpec,
    check_value,
    choice,
    decimal,
    field_error,
    integer,
    log_change,
    row_by_uuid,
    set_field,
    text,
)
from procedures.services.revisions import check_unchanged
from procedures.storage.read import entity_row
from procedures.vocabulary import change_field_title

_BIG = Decimal("9999999999.99")

ENTITY_FIELDS: dict[str, FieldSpec] = {
    "name": FieldSpec(text(required=True, max_length=200)),
    "year": FieldSpec(integer(2000, 2100)),
    "hours_per_day": FieldSpec(decimal(Decimal(0), Decimal(24), above=True, places=4)),
    "days_per_month": FieldSpec(decimal(Decimal(0), Decimal(31), above=True, places=4)),
    "minutes_per_working_day": FieldSpec(integer(1, 1440)),
    "rounding": FieldSpec(choice(Rounding)),
    "citizen_hour_value": FieldSpec(decimal(Decimal(0), _BIG)),
    "travel_minutes": FieldSpec(decimal(Decimal(0), _BIG)),
    "travel_fare": FieldSpec(decimal(Decimal(0), _BIG)),
    "uit": FieldSpec(decimal(Decimal(0), _BIG, above=True, optional=True)),
    "address": FieldSpec(text()),
    "office_hours": FieldSpec(text()),
    "phone": FieldSpec(text(max_length=100)),
    "email": FieldSpec(text(max_length=200)),
    "website": FieldSpec(text(max_length=300)),
    "reference_url": FieldSpec(text(max_length=500)),
    "logo": FieldSpec(check_logo),
}

UNIT_FIELDS: dict[str, FieldSpec] = {
    "name": FieldSpec(text(required=True, max_length=200)),
    "other_tupa_minutes": FieldSpec(decimal(Decimal(0), _BIG)),
}
POSITION_FIELDS: dict[str, FieldSpec] = {
    "name": FieldSpec(text(required=True, max_length=200)),
    "annual_cost": FieldSpec(decimal(Decimal(0), _BIG)),
}


def _element(value: Any) -> CostElement:
    element = choice(CostElement)(value)
    if element is CostElement.PERSONAL:
        raise ValueError(_("personnel is entered as a position, not as a resource"))
    return element


RESOURCE_FIELDS: dict[str, FieldSpec] = {
    "name": FieldSpec(text(required=True, max_length=200)),
    "element": FieldSpec(_element),
    "unit_cost": FieldSpec(decimal(Decimal(0), _BIG, optional=True, places=4)),
    "annual_cost": FieldSpec(decimal(Decimal(0), _BIG, optional=True)),
    "quantity": FieldSpec(decimal(Decimal(0), _BIG, optional=True, places=4)),
    "acquisition_cost": FieldSpec(decimal(Decimal(0), _BIG, optional=True)),
    "rate": FieldSpec(decimal(Decimal(0), Decimal(1), optional=True, places=4)),
    "driver": FieldSpec(text(max_length=100)),
}
#: The tables `update_item` edits, by kind: (table, field specs, what to call it).
ITEMS: dict[str, tuple[type[Any], dict[str, FieldSpec]]] = {
    "unit": (t.Unit, UNIT_FIELDS),
    "position": (t.Position, POSITION_FIELDS),
    "resource": (t.Resource, RESOURCE_FIELDS),
}


@dataclass(frozen=True, slots=True)
class RemovedItem:
    """A deleted unit, position or resource (resources keep their allocations)."""

    kind: str
    ubigeo: str
    item: s.Unit | s.Position | s.Resource


def update_entity(session: Session, ubigeo: str, field_name: str, value: Any,
                  author: str = "", expected: int | None = None) -> Any:
    """Set one setting of the entity; return the previous value."""
    row = entity_row(session, ubigeo)
    if field_name not in ENTITY_FIELDS:
        raise ValueError(f"not an editable entity field: {field_name}")
    check_unchanged(session, row, expected, f"entity.{field_name}", getattr(row, field_name),
                    value)
    old = set_field(row, field_name, ENTITY_FIELDS[field_name], value, f"entity.{field_name}")
    session.flush()
    log_change(session, row.id, "entity", row.uuid, "update",
               _("Changed {field} of {entity}").format(
                   field=change_field_title("entity", field_name), entity=row.name), author,
               field=field_name, old=old, new=getattr(row, field_name), label=row.name)
    return old


def _check_code(session: Session, table: Any, entity_id: int, code: str, own_id: int | None,
                path: str) -> str:
    code = (code or "").strip()
    if not code:
        raise field_error(path, _("a code is needed"), ProblemCode.MISSING_FIELD)
    if len(code) > 20:
        raise field_error(path, _("at most {n} characters").format(n=20))
    clash = session.scalar(select(table.id).where(table.entity_id == entity_id,
                                                  table.code == code))
    if clash is not None and clash != own_id:
        raise field_error(path, _("the code {code!r} is already used").format(code=code),
                          ProblemCode.DUPLICATE_CODE)
    return code


def _unit_id(session: Session, entity_id: int, code: str | None, path: str) -> int | None:
    if not code:
        return None
    unit_id = session.scalar(select(t.Unit.id).where(t.Unit.entity_id == entity_id,
                                                     t.Unit.code == code))
    if unit_id is None:
        raise field_error(path, _("there is no unit {code!r}").format(code=code),
                          ProblemCode.UNKNOWN_UNIT)
    return unit_id


def update_item(session: Session, kind: str, uuid: str, field_name: str, value: Any,
                author: str = "", expected: int | None = None) -> Any:
    """Set a field of a unit, position or resource ("code" and a position's "unit" too)."""
    table, specs = ITEMS[kind]
    row = row_by_uuid(session, table, uuid)
    path = f"{kind}.{field_name}"
    if expected is not None and row.revision != expected:
        fresh = getattr(row, field_name, None) if field_name != "unit" else (
            session.get_one(t.Unit, row.unit_id).code if row.unit_id else None)
        entity_uuid = session.get_one(t.Entity, row.entity_id).uuid
        check_unchanged(session, row, expected, path, fresh, value, owners=[entity_uuid])
    label = row.code
    if field_name == "code":
        old, row.code = row.code, _check_code(session, table, row.entity_id, value, row.id, path)
    elif kind == "position" and field_name == "unit":
        old = session.get_one(t.Unit, row.unit_id).code if row.unit_id else None
        row.unit_id = _unit_id(session, row.entity_id, value, path)
    elif field_name in specs:
        if kind == "resource" and field_name == "element":
            _refuse_unattachable(session, row, check_value(_element, value, path), path)
        old = set_field(row, field_name, specs[field_name], value, path)
    else:
        raise ValueError(f"not an editable {kind} field: {field_name}")
    session.flush()
    new = (value or None) if field_name == "unit" else getattr(row, field_name)
    log_change(session, row.entity_id, kind, row.uuid, "update",
               _("Changed {field} of {code}").format(field=change_field_title(kind, field_name),
                                                     code=row.code), author,
               field=field_name, old=old, new=new, label=label)
    return old


def _refuse_unattachable(session: Session, row: t.Resource, element: CostElement,
                         path: str) -> None:
    """A resource steps use cannot become an allocated element: the activity rule would
    refuse those steps (in the editor and in the package they export)."""
    uses = _uses(session, "resource", row)
    if uses and element not in ATTACHABLE_ELEMENTS:
        raise field_error(path, ngettext(
            "{n} activity uses this resource; take it off that step before making it an "
            "allocated cost",
            "{n} activities use this resource; take it off those steps before making it an "
            "allocated cost", uses).format(n=uses))


def add_item(session: Session, kind: str, ubigeo: str, item: s.Unit | s.Position | s.Resource,
             author: str = "") -> str:
    """Create a unit, position or resource (keeping `item.uid` when given: an undo)."""
    table, specs = ITEMS[kind]
    entity = entity_row(session, ubigeo)
    code = _check_code(session, table, entity.id, item.code, None, f"{kind}.code")
    row = table(entity_id=entity.id, code=code)
    for name, spec in specs.items():
        set_field(row, name, spec, getattr(item, name), f"{kind}.{name}")
    if isinstance(item, s.Position):
        row.unit_id = _unit_id(session, entity.id, item.unit, "position.unit")
    if item.uid:
        row.uuid = item.uid
    session.add(row)
    session.flush()
    if isinstance(item, s.Resource):
        for code_, value in item.driver_values:
            set_allocation(session, row.uuid, code_, "driver_value", value)
        for code_, value in item.tupa_factor:
            set_allocation(session, row.uuid, code_, "tupa_factor", value)
    log_change(session, entity.id, kind, row.uuid, "create",
               _("Added {code} {name}").format(code=row.code, name=row.name), author,
               new=row.name, label=row.code)
    return row.uuid


def _uses(session: Session, kind: str, row: Any) -> int:
    def count(query: Select[int]) -> int:
        return session.execute(query).scalar_one()

    if kind == "unit":
        return (count(select(func.count()).select_from(t.Activity)
                      .where(t.Activity.unit_id == row.id))
                + count(select(func.count()).select_from(t.Position)
                        .where(t.Position.unit_id == row.id))
                + count(select(func.count()).select_from(t.Procedure).where(
                    (t.Procedure.filed_at_id == row.id) | (t.Procedure.approved_by_id == row.id))))
    if kind == "position":
        return count(select(func.count()).select_from(t.ActivityStaff)
                     .where(t.ActivityStaff.position_id == row.id))
    return count(select(func.count()).select_from(t.ActivityResource)
                 .where(t.ActivityResource.resource_id == row.id))


def why_not_delete_item(session: Session, kind: str, uuid: str) -> str:
    """Why the unit, position or resource `uuid` cannot be deleted ("" when it can):
    the window disables its Delete button with these words instead of refusing."""
    table, _specs = ITEMS[kind]
    row = row_by_uuid(session, table, uuid)
    uses = _uses(session, kind, row)
    if not uses:
        return ""
    return _("{code} is still used in {n} places (activities, positions or procedures); "
             "change those first").format(code=row.code, n=uses)


def delete_item(session: Session, kind: str, uuid: str, author: str = "") -> RemovedItem:
    table, _specs = ITEMS[kind]
    row = row_by_uuid(session, table, uuid)
    uses = _uses(session, kind, row)
    if uses:
        raise field_error(f"{kind}.code", _(
            "{code} is still used in {n} places (activities, positions or procedures); "
            "change those first").format(code=row.code, n=uses))
    entity = session.get_one(t.Entity, row.entity_id)
    units = {u.id: u.code for u in entity.units}
    if kind == "unit":
        item: Any = s.Unit(code=row.code, name=row.name,
                           other_tupa_minutes=row.other_tupa_minutes, uid=row.uuid)
    elif kind == "position":
        item = s.Position(code=row.code, name=row.name, unit=units.get(row.unit_id),
                          annual_cost=row.annual_cost, uid=row.uuid)
    else:
        item = s.Resource(
            code=row.code, name=row.name, element=row.element, unit_cost=row.unit_cost,
            annual_cost=row.annual_cost, quantity=row.quantity,
            acquisition_cost=row.acquisition_cost, rate=row.rate, driver=row.driver,
            driver_values=tuple((units[a.unit_id], a.driver_value) for a in row.allocations
                                if a.driver_value is not None),
            tupa_factor=tuple((units[a.unit_id], a.tupa_factor) for a in row.allocations
                              if a.tupa_factor is not None),
            uid=row.uuid)
    session.delete(row)
    session.flush()
    log_change(session, entity.id, kind, uuid, "delete",
               _("Deleted {code} {name}").format(code=item.code, name=item.name), author,
               old=item.name, label=item.code)
    return RemovedItem(kind, entity.ubigeo, item)


def restore_item(session: Session, removed: RemovedItem, author: str = "") -> str:
    return add_item(session, removed.kind, removed.ubigeo, removed.item, author)


def set_allocation(session: Session, resource_uuid: str, unit_code: str, field_name: str,
                   value: Decimal | None, author: str = "",
                   expected: int | None = None) -> Decimal | None:
    """Set a resource's driver value or TUPA factor in one unit; None clears it."""
    if field_name not in ("driver_value", "tupa_factor"):
        raise ValueError(f"not an allocation field: {field_name}")
    resource = row_by_uuid(session, t.Resource, resource_uuid)
    path = f"resource.{field_name}.{unit_code}"
    unit_id = _unit_id(session, resource.entity_id, unit_code, path)
    if expected is not None and resource.revision != expected:
        current = session.get(t.ResourceUnit, (resource.id, unit_id))
        check_unchanged(session, resource, expected, path,
                        getattr(current, field_name) if current is not None else None, value)
    spec = FieldSpec(decimal(Decimal(0), Decimal(1) if field_name == "tupa_factor" else _BIG,
                             optional=True, places=4))
    link = session.get(t.ResourceUnit, (resource.id, unit_id))
    if link is None:
        link = t.ResourceUnit(resource_id=resource.id, unit_id=unit_id)
        session.add(link)
    old = set_field(link, field_name, spec, value, path)
    new = getattr(link, field_name)
    if link.driver_value is None and link.tupa_factor is None:
        if link in session.new:  # clearing what was never set: nothing to delete
            session.expunge(link)
        else:
            session.delete(link)
    session.flush()
    log_change(session, resource.entity_id, "resource", resource.uuid, "update",
               _("Changed {field} of {code} in {unit}").format(
                   field=change_field_title("resource", field_name), code=resource.code,
                   unit=unit_code), author,
               field=f"{field_name}.{unit_code}", old=old, new=new,
               label=resource.code)
    return old


# ---- Non-working days ------------------------------------------------------------------


def add_day(session: Session, ubigeo: str, day: date, name: str = "", uid: str = "",
            author: str = "") -> str:
    entity = entity_row(session, ubigeo)
    if session.scalar(select(t.NonWorkingDay.id).where(
            t.NonWorkingDay.entity_id == entity.id, t.NonWorkingDay.day == day)) is not None:
        raise field_error("non_working_day.day", _("{day} is already a day off").format(
            day=day.strftime("%d/%m/%Y")), ProblemCode.DUPLICATE_CODE)
    name = check_value(text(max_length=200), name, "non_working_day.name")
    row = t.NonWorkingDay(entity_id=entity.id, day=day, name=name)
    if uid:
        row.uuid = uid
    session.add(row)
    session.flush()
    log_change(session, entity.id, "non_working_day", row.uuid, "create",
               _("Added day off {day}").format(day=day.strftime("%d/%m/%Y")), author,
               new=name, label=day.isoformat())
    return row.uuid


def delete_day(session: Session, uuid: str, author: str = "") -> tuple[str, s.NonWorkingDay]:
    """Delete a day off; return (ubigeo, day) for the undo."""
    row = row_by_uuid(session, t.NonWorkingDay, uuid)
    entity = session.get_one(t.Entity, row.entity_id)
    removed = s.NonWorkingDay(day=row.day, name=row.name)
    session.delete(row)
    session.flush()
    log_change(session, entity.id, "non_working_day", uuid, "delete",
               _("Deleted day off {day}").format(day=row.day.strftime("%d/%m/%Y")), author,
               old=row.name, label=row.day.isoformat())
    return entity.ubigeo, removed


def rename_day(session: Session, uuid: str, name: str, author: str = "") -> str:
    row = row_by_uuid(session, t.NonWorkingDay, uuid)
    old, row.name = row.name, check_value(text(max_length=200), name, "non_working_day.name")
    session.flush()
    log_change(session, row.entity_id, "non_working_day", uuid, "update",
               _("Renamed day off {day}").format(day=row.day.strftime("%d/%m/%Y")), author,
               field="name", old=old, new=row.name, label=row.day.isoformat())
    return old
