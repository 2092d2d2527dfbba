"""Editing the step table (Tabla ASME-VM) of a version.

Rows are named by uuid; `row` arguments are 0-based indexes into the version's order.
Deleting returns `RemovedActivity` snapshots so the undo puts the same rows back (same
uuids, staff and resources) where they were.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import MISSING, dataclass, fields, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import tables as t
from models.codes import ActivityType, ImprovementAction, TimeSource, ValueClass
from procedures import snapshots as s
from procedures.changes import activity_label, order_text
from procedures.errors import InputError, Location, Problem
from procedures.i18n import _, ngettext
from procedures.rules.activity import (
    MINUTES_MIN,
    PROBABILITY_ABOVE,
    PROBABILITY_MAX,
    Codes,
    activity_problems,
)
from procedures.services.fields import (
    FieldSpec,
    boolean,
    check_value,
    choice,
    code_maps,
    day_or_none,
    decimal,
    field_error,
    log_change,
    row_by_uuid,
    text,
)
from procedures.services.revisions import changed_meanwhile, check_unchanged
from procedures.storage.read import activity_snapshot, version_activity_snapshots
from procedures.storage.write import activity_row
from procedures.vocabulary import field_word

#: Editable scalar fields of an activity (staff and resources have their own calls).
ACTIVITY_FIELDS: dict[str, FieldSpec] = {
    "description": FieldSpec(text(required=True)),
    "type": FieldSpec(choice(ActivityType)),
    "value": FieldSpec(choice(ValueClass)),
    "minutes": FieldSpec(decimal(MINUTES_MIN, Decimal("9999999999.99"))),
    "probability": FieldSpec(decimal(PROBABILITY_ABOVE, PROBABILITY_MAX, above=True, places=4)),
    "parallel": FieldSpec(boolean),
    "in_person": FieldSpec(boolean),
    "action": FieldSpec(choice(ImprovementAction, optional=True)),
    "note": FieldSpec(text()),
    "time_source": FieldSpec(choice(TimeSource, optional=True)),
    "time_date": FieldSpec(day_or_none),
    "time_by": FieldSpec(text(max_length=200)),
}
#: Every field `update_activity` accepts ("unit" is a unit code, or None for the citizen).
EDITABLE_FIELDS = ("unit", *ACTIVITY_FIELDS)


@dataclass(frozen=True, slots=True)
class RemovedActivity:
    """A deleted row: where it was and everything needed to put it back."""

    row: int
    activity: s.Activity


def _version(session: Session, version_uuid: str) -> t.Version:
    return row_by_uuid(session, t.Version, version_uuid)


def _entity_id(session: Session, version: t.Version) -> int:
    return session.execute(
        select(t.Procedure.entity_id).where(t.Procedure.id == version.procedure_id)
    ).scalar_one()


def _ordered(session: Session, version_id: int) -> list[t.Activity]:
    return list(session.scalars(
        select(t.Activity).where(t.Activity.version_id == version_id)
        .order_by(t.Activity.position, t.Activity.id)
    ))


def _renumber(rows: Sequence[t.Activity]) -> None:
    for position, row in enumerate(rows, start=1):
        if row.position != position:
            row.position = position


def _path(row: int, field_name: str) -> str:
    return f"activities[{row}].{field_name}"


def activity_uuids(session: Session, version_uuid: str) -> tuple[str, ...]:
    """The version's activity uuids in table order."""
    version = _version(session, version_uuid)
    return tuple(session.scalars(
        select(t.Activity.uuid).where(t.Activity.version_id == version.id)
        .order_by(t.Activity.position, t.Activity.id)
    ))


def version_activities(session: Session, version_uuid: str) -> tuple[s.Activity, ...]:
    """The version's activities as snapshots, in table order."""
    version = _version(session, version_uuid)
    units = dict(session.execute(
        select(t.Unit.id, t.Unit.code).where(t.Unit.entity_id == _entity_id(session, version))
    ).all())
    return version_activity_snapshots(session, version.id, units)


def some_activities(session: Session, version_uuid: str, uuids: Collection[str]
                    ) -> tuple[s.Activity, ...]:
    """Those activities of the version as snapshots, in table order (the rows an edit
    changed in place: the window reads them instead of the whole version)."""
    version = _version(session, version_uuid)
    units = dict(session.execute(
        select(t.Unit.id, t.Unit.code).where(t.Unit.entity_id == _entity_id(session, version))
    ).all())
    return version_activity_snapshots(session, version.id, units, only=uuids)


def rule_codes(session: Session, entity_id: int) -> Codes:
    """The entity's codes as the activity rule reads them (resources with their element)."""
    def codes(table: Any) -> list[str]:
        return list(session.scalars(select(table.code).where(table.entity_id == entity_id)))

    elements = session.execute(select(t.Resource.code, t.Resource.element)
                               .where(t.Resource.entity_id == entity_id)).all()
    return Codes.from_items(codes(t.Unit), codes(t.Position), [(c, e) for c, e in elements])


#: Values the rule reads in place of a field that is not even of the right type.
_DEFAULTS = {f.name: f.default for f in fields(s.Activity) if f.default is not MISSING}


def check_activity(codes: Codes, activity: s.Activity, row: int) -> None:
    """Refuse an activity that breaks the activity rule or whose fields are not values
    the table can hold (`codes` from `rule_codes`)."""
    problems: list[Problem] = []
    failed: dict[str, Any] = {}
    for name, spec in ACTIVITY_FIELDS.items():
        try:
            spec.check(getattr(activity, name))
        except ValueError as error:
            problems.append(Problem(Location(path=_path(row, name)), str(error)))
            failed[name] = _DEFAULTS.get(name, getattr(activity, name))
    for problem in activity_problems(replace(activity, **failed), codes):
        if problem.field not in failed:
            problems.append(Problem(Location(path=_path(row, problem.field)), problem.message))
    if problems:
        raise InputError(problems)


def _refuse_new_problems(codes: Codes, before: s.Activity, after: s.Activity, row: int,
                         field_name: str) -> None:
    """Refuse an edit that breaks the activity rule, at the edited field's cell. A row
    that already broke it elsewhere (stored before the rule) can still be edited."""
    old = set(activity_problems(before, codes))
    new = [p for p in activity_problems(after, codes)
           if p.field == field_name or p not in old]
    if new:
        raise InputError([Problem(Location(path=_path(row, field_name)), p.message)
                          for p in new])


def insert_activities(
    session: Session,
    version_uuid: str,
    row: int,
    activities: Sequence[s.Activity],
    author: str = "",
) -> tuple[str, ...]:
    """Insert `activities` before 0-based `row` (at the end when row ≥ count).

    An activity with a `uid` keeps it (undoing a delete); others get new uuids. Returns
    the uuids in order. Used for a new row, pasted rows and restored rows.
    """
    version = _version(session, version_uuid)
    entity_id = _entity_id(session, version)
    existing = _ordered(session, version.id)
    row = max(0, min(row, len(existing)))
    codes = rule_codes(session, entity_id)
    problems: list[Problem] = []
    for offset, activity in enumerate(activities):
        try:
            check_activity(codes, activity, row + offset)
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    units, positions, resources = code_maps(session, entity_id)
    created = [activity_row(a, 0, units, positions, resources) for a in activities]
    for new in created:
        new.version_id = version.id
        session.add(new)
    _renumber([*existing[:row], *created, *existing[row:]])
    session.flush()
    summary = ngettext(
        "Inserted {n} activity at row {row} of version {version}",
        "Inserted {n} activities at row {row} of version {version}", len(created)).format(
            n=len(created), row=row + 1, version=version.name)
    for new in created:
        log_change(session, entity_id, "activity", new.uuid, "create", summary, author,
                   new=new.description, label=activity_label(new.position, new.description),
                   version=version)
    return tuple(new.uuid for new in created)


def _owner(session: Session, row: t.Activity) -> t.Version:
    return session.get_one(t.Version, row.version_id)


def _located(session: Session, uuid: str) -> tuple[t.Activity, int, int, dict[int, str]]:
    """An activity's row, its entity's id, its 0-based place in the table and the entity's
    unit codes by id: what every one-activity edit checks against the rule."""
    row = row_by_uuid(session, t.Activity, uuid)
    entity_id = _entity_id(session, session.get_one(t.Version, row.version_id))
    # Its place in table order (position, then id), counted: not 200 rows loaded.
    a = t.Activity
    index = session.execute(select(func.count()).select_from(a).where(
        a.version_id == row.version_id,
        (a.position < row.position) | ((a.position == row.position) & (a.id < row.id)))
    ).scalar_one()
    units = dict(session.execute(select(t.Unit.id, t.Unit.code)
                                 .where(t.Unit.entity_id == entity_id)).all())
    return row, entity_id, index, units


def update_activity(
    session: Session, uuid: str, field_name: str, value: Any, author: str = "",
    expected: int | None = None,
) -> Any:
    """Set one field; return its previous value ("unit": code or None for the citizen).

    Moving an activity to the citizen lane is refused while it has staff, and setting
    `in_person` on an entity lane is refused: the screen clears staff first (`with_lane`).
    `expected`: the revision the screen showed (refused when the row changed since).
    """
    if field_name != "unit" and field_name not in ACTIVITY_FIELDS:
        raise ValueError(f"not an editable activity field: {field_name}")
    row, entity_id, index, unit_codes = _located(session, uuid)
    path = _path(index, field_name)
    _unchanged(session, row, expected, path, activity_snapshot(row, unit_codes), field_name,
               value)
    checked = value if field_name == "unit" else check_value(
        ACTIVITY_FIELDS[field_name].check, value, path)
    units = {code: unit_id for unit_id, code in unit_codes.items()}
    before = activity_snapshot(row, unit_codes)
    _refuse_new_problems(rule_codes(session, entity_id), before,
                         replace(before, **{field_name: checked}), index, field_name)
    old = getattr(before, field_name)
    if field_name == "unit":
        row.unit_id = units[checked] if checked is not None else None
    else:
        setattr(row, field_name, checked)
    session.flush()
    log_change(session, entity_id, "activity", row.uuid, "update",
               _("Changed {field} of activity {row}").format(field=field_word(field_name),
                                                             row=index + 1),
               author, field=field_name, old=old, new=checked,
               label=activity_label(index + 1, row.description), version=_owner(session, row))
    return old


def _unchanged(session: Session, row: t.Activity, expected: int | None, path: str,
               before: s.Activity, field_name: str, value: Any) -> None:
    if expected is not None and row.revision != expected:
        version = session.get_one(t.Version, row.version_id)
        check_unchanged(session, row, expected, path, getattr(before, field_name), value,
                        owners=[version.uuid])


def _set_uses(
    session: Session, uuid: str, field_name: str,
    uses: tuple[s.StaffUse, ...] | tuple[s.ResourceUse, ...], expected: int | None = None,
) -> tuple[t.Activity, int, int, s.Activity]:
    """Check new staff or resources of an activity by the rule: (row, entity id, index,
    the activity as it was)."""
    row, entity_id, index, units = _located(session, uuid)
    before = activity_snapshot(row, units)
    _unchanged(session, row, expected, _path(index, field_name), before, field_name, uses)
    after = replace(before, **{field_name: uses})  # type: ignore[arg-type]  # staff or resources, by name
    _refuse_new_problems(rule_codes(session, entity_id), before, after, index, field_name)
    return row, entity_id, index, before


def set_staff(
    session: Session, uuid: str, staff: Sequence[s.StaffUse], author: str = "",
    expected: int | None = None,
) -> tuple[s.StaffUse, ...]:
    """Replace the positions working on the activity; return the previous list."""
    row, entity_id, index, before = _set_uses(session, uuid, "staff", tuple(staff), expected)
    _units, positions, _resources = code_maps(session, entity_id)
    row.staff = [t.ActivityStaff(position_id=positions[u.position], count=u.count)
                 for u in staff]
    session.flush()
    log_change(session, entity_id, "activity", row.uuid, "update",
               _("Changed staff of activity {row}").format(row=index + 1), author,
               field="staff", old=before.staff, new=tuple(staff),
               label=activity_label(index + 1, row.description), version=_owner(session, row))
    return before.staff


def set_resources(
    session: Session, uuid: str, resources: Sequence[s.ResourceUse], author: str = "",
    expected: int | None = None,
) -> tuple[s.ResourceUse, ...]:
    """Replace the identifiable resources of the activity; return the previous list."""
    row, entity_id, index, before = _set_uses(session, uuid, "resources", tuple(resources),
                                              expected)
    _units, _positions, codes = code_maps(session, entity_id)
    row.resources = [t.ActivityResource(resource_id=codes[u.resource], qty=u.qty)
                     for u in resources]
    session.flush()
    log_change(session, entity_id, "activity", row.uuid, "update",
               _("Changed resources of activity {row}").format(row=index + 1), author,
               field="resources", old=before.resources, new=tuple(resources),
               label=activity_label(index + 1, row.description), version=_owner(session, row))
    return before.resources


def delete_activities(
    session: Session, uuids: Sequence[str], author: str = "",
    expected: Mapping[str, int] | None = None,
) -> tuple[RemovedActivity, ...]:
    """Delete rows (of one version); return them, in table order, for the undo.

    `expected`: uuid -> the revision the screen showed; a row changed since is not
    deleted (nor any other of the rows: the person looks again first)."""
    if not uuids:
        return ()
    first = row_by_uuid(session, t.Activity, uuids[0])
    version = session.get_one(t.Version, first.version_id)
    wanted = set(uuids)
    snapshots = version_activities(session, version.uuid)
    removed = tuple(RemovedActivity(index, a) for index, a in enumerate(snapshots)
                    if a.uid in wanted)
    if len(removed) != len(wanted):
        raise field_error("activities", _("some activities are not in this version"))
    rows = _ordered(session, version.id)
    for item in removed:
        row = next(r for r in rows if r.uuid == item.activity.uid)
        if expected is not None and item.activity.uid in expected:
            check_unchanged(session, row, expected[item.activity.uid],
                            _path(item.row, "description"), row.description,
                            owners=[version.uuid], not_done=_(
                                "Nothing was deleted: look at it again, and delete it if "
                                "it should still go."))
    for row in rows:
        if row.uuid in wanted:
            session.delete(row)
    session.flush()
    _renumber([row for row in rows if row.uuid not in wanted])
    session.flush()
    summary = ngettext("Deleted {n} activity of version {version}",
                       "Deleted {n} activities of version {version}", len(removed)).format(
                           n=len(removed), version=version.name)
    entity_id = _entity_id(session, version)
    for item in removed:
        log_change(session, entity_id, "activity", item.activity.uid, "delete", summary, author,
                   old=item.activity.description,
                   label=activity_label(item.row + 1, item.activity.description),
                   version=version)
    return removed


def restore_activities(
    session: Session, version_uuid: str, removed: Sequence[RemovedActivity], author: str = ""
) -> None:
    """Put deleted rows back at their rows, with their uuids (the undo of a delete)."""
    for item in sorted(removed, key=lambda r: r.row):
        insert_activities(session, version_uuid, item.row, [item.activity], author)


def reorder_activities(
    session: Session, version_uuid: str, order: Sequence[str], author: str = "",
    shown: Sequence[str] | None = None,
) -> tuple[str, ...]:
    """Put the version's rows in `order` (every uuid once); return the previous order.

    `shown`: the order the screen showed; refused when someone reordered the rows since."""
    version = _version(session, version_uuid)
    rows = _ordered(session, version.id)
    previous = tuple(row.uuid for row in rows)
    if shown is not None and tuple(shown) != previous:
        raise changed_meanwhile(session, [version.uuid], "activities", _(
            "another order of the steps"), not_done=_(
                "Nothing was moved: look at the order again, and move the steps if they "
                "should still go elsewhere."))
    if sorted(previous) != sorted(order):
        raise field_error("activities", _("the new order must list every activity once"))
    by_uuid = {row.uuid: row for row in rows}
    _renumber([by_uuid[uuid] for uuid in order])
    session.flush()
    number = {uuid: index for index, uuid in enumerate(previous, start=1)}
    log_change(session, _entity_id(session, version), "version", version.uuid, "reorder",
               _("Reordered the activities of version {version}").format(
                   version=version.name), author, field="order",
               old=order_text(range(1, len(previous) + 1)),
               new=order_text(number[uuid] for uuid in order), label=version.name,
               version=version)
    return previous


def moved_order(order: Sequence[str], moving: Sequence[str], row: int) -> tuple[str, ...]:
    """`order` with the `moving` uuids (kept in their relative order) placed before the
    0-based `row` of the original order (a drag and drop, or a "move up")."""
    moving_set = set(moving)
    block = [uuid for uuid in order if uuid in moving_set]
    before = [uuid for uuid in order[:row] if uuid not in moving_set]
    after = [uuid for uuid in order[row:] if uuid not in moving_set]
    return (*before, *block, *after)


def blank_activity(unit: str | None = None) -> s.Activity:
    """A new row as a person starts it: an operation with value for the citizen."""
    return s.Activity(description=_("New activity"), unit=unit,
                      type=ActivityType.OPERACION, value=ValueClass.VA)
