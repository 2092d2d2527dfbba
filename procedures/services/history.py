"""The history of a municipality's changes: read it, and revert one change.

Entries are written by `procedures.storage.write.log_change` in the transaction of the
change itself. Reading gives `Change` snapshots, newest first; entries written before
migration 0005 have no procedure, version or values of their own: the procedure and
version are found through the changed object when it still exists, and the summary
sentence stands in for what is missing.

Reverting puts a field's old value back through the same editing service the screen
uses (so it is checked by the same rules and recorded like any edit), and only when the
field still holds the value the change gave it: a later edit, or the object's deletion,
refuses the revert with the reason. Reverting the entry a revert wrote is the undo.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models import tables as t
from procedures.change_words import value_words
from procedures.changes import FALSE, TRUE, is_cut, resources_from_text, staff_from_text, value_text
from procedures.errors import ConflictError, NotFoundError
from procedures.i18n import N_, _
from procedures.services import activities as ea
from procedures.services import entities as ee
from procedures.services import procedures as ep
from procedures.services import versions as ev
from procedures.storage.read import activity_snapshot, entity_row


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of the history as it was recorded (values as language-free text)."""

    id: int
    when: datetime
    who: str
    ubigeo: str
    kind: str
    object_uuid: str
    object_label: str
    action: str
    field: str
    old: str
    new: str
    summary: str
    procedure_uuid: str = ""
    procedure: str = ""
    version_uuid: str = ""
    version: str = ""


def changes(session: Session, ubigeo: str, procedure: str = "", *,
            procedure_uuid: str = "", limit: int | None = None) -> tuple[Change, ...]:
    """The municipality's changes, newest first; only one procedure's with `procedure`
    (its code: what it is called now or was called then) or `procedure_uuid`."""
    entity = entity_row(session, ubigeo)
    if procedure and not procedure_uuid:
        procedure_uuid = session.scalar(select(t.Procedure.uuid).where(
            t.Procedure.entity_id == entity.id, t.Procedure.code == procedure)) or ""
    c = t.ChangeLog
    # Plain rows, not ORM objects: a long history loads several times faster.
    query = select(c.id, c.at, c.author, c.object_kind, c.object_uuid, c.object_label,
                   c.action, c.field, c.old_value, c.new_value, c.summary, c.procedure_uuid,
                   c.procedure_label, c.version_uuid, c.version_label).where(
        c.entity_id == entity.id).order_by(c.at.desc(), c.id.desc())
    if procedure or procedure_uuid:  # its own entries, and old ones that name none
        query = query.where(or_(c.procedure_uuid == procedure_uuid,
                                c.procedure_label == procedure, c.procedure_uuid == ""))
    elif limit is not None:
        query = query.limit(limit)
    rows = session.connection().execute(query).all()
    legacy = _legacy_places(session, [r[4] for r in rows if not r[11]])
    result = []
    nowhere = ("", "", "", "")
    for (entry_id, at, who, kind, object_uuid, label, action, field, old, new, summary,
         in_procedure, procedure_label, in_version, version_label) in rows:
        place = (in_procedure, procedure_label, in_version, version_label) if in_procedure \
            else legacy.get(object_uuid, nowhere)
        if (procedure or procedure_uuid) and not (
                (procedure_uuid and place[0] == procedure_uuid)
                or (procedure and place[1] == procedure)):
            continue
        result.append(Change(entry_id, _utc(at), who, ubigeo, kind, object_uuid, label, action,
                             field, old, new, summary, *place))
        if limit is not None and len(result) >= limit:
            break
    if procedure and not procedure_uuid and not result:
        raise NotFoundError(_("there is no procedure with code {code} in {entity}").format(
            code=procedure, entity=ubigeo))
    return tuple(result)


def _utc(when: datetime) -> datetime:
    """SQLite gives the server's UTC clock without a zone: say it is UTC."""
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _legacy_places(session: Session, uuids: list[str]
                   ) -> dict[str, tuple[str, str, str, str]]:
    """(procedure uuid, code, version uuid, name) of the objects old entries name."""
    wanted = {uuid for uuid in uuids if uuid}
    if not wanted:
        return {}
    places: dict[str, tuple[str, str, str, str]] = {}
    found = list(session.execute(
        select(t.Activity.uuid, t.Procedure.uuid, t.Procedure.code, t.Version.uuid,
               t.Version.name)
        .join(t.Version, t.Version.id == t.Activity.version_id)
        .join(t.Procedure, t.Procedure.id == t.Version.procedure_id)
        .where(t.Activity.uuid.in_(wanted))).all())
    found += session.execute(
        select(t.Version.uuid, t.Procedure.uuid, t.Procedure.code, t.Version.uuid,
               t.Version.name)
        .join(t.Procedure, t.Procedure.id == t.Version.procedure_id)
        .where(t.Version.uuid.in_(wanted))).all()
    for key, *place in found:
        places[key] = (place[0], place[1], place[2], place[3])
    for key, uuid, code in session.execute(select(t.Procedure.uuid, t.Procedure.uuid,
                                                  t.Procedure.code)
                                           .where(t.Procedure.uuid.in_(wanted))).all():
        places[key] = (uuid, code, "", "")
    for key, uuid, code in session.execute(
            select(t.Requirement.uuid, t.Procedure.uuid, t.Procedure.code)
            .join(t.Procedure, t.Procedure.id == t.Requirement.procedure_id)
            .where(t.Requirement.uuid.in_(wanted))).all():
        places[key] = (uuid, code, "", "")
    for key, uuid, code, version, name in session.execute(
            select(t.Requirement.uuid, t.Procedure.uuid, t.Procedure.code, t.Version.uuid,
                   t.Version.name)
            .join(t.Version, t.Version.id == t.Requirement.version_id)
            .join(t.Procedure, t.Procedure.id == t.Version.procedure_id)
            .where(t.Requirement.uuid.in_(wanted))).all():
        places[key] = (uuid, code, version, name)
    return places


# ---- Revert ---------------------------------------------------------------------------


def why_not_revertible(change: Change) -> str:
    """Why `change` cannot be reverted whatever the data holds now ("" when it may be:
    whether it still can is only known when it is tried)."""
    if change.action not in _FIELD_ACTIONS or not change.field:
        return _("Only the change of one field can be reverted; an addition, a deletion "
                 "or an import is undone with Undo while the window is open.")
    if (change.kind, change.field) in _NOT_REVERTIBLE or change.kind not in _EDITS:
        return _("This kind of change cannot be reverted from the history.")
    if is_cut(change.old) or is_cut(change.new):
        return _("The text was too long to be kept whole in the history; it cannot be put "
                 "back from here.")
    return ""

#: Actions whose entry is the change of one field (the only ones that can be reverted).
_FIELD_ACTIONS = ("update", "rename", "adopt")
#: Fields whose change cannot be put back from the text kept in the history.
_NOT_REVERTIBLE = {("version", "overrides_requirements"), ("version", "activities"),
                   ("version", "order"), ("procedure", "requirements_order"),
                   ("version", "requirements_order")}


def revert_change(session: Session, change_id: int, author: str = "") -> int:
    """Put back the old value of change `change_id`; return the id of the entry that
    records the revert (reverting that one undoes it). Raises ConflictError with the
    reason when it cannot be done."""
    entry = session.get(t.ChangeLog, change_id)
    if entry is None:
        raise ConflictError(_("this change is no longer in the history"))
    if entry.action not in _FIELD_ACTIONS or not entry.field:
        raise ConflictError(_(
            "only the change of one field can be reverted; an addition, a deletion or an "
            "import is undone with Undo while the window is open"))
    if (entry.object_kind, entry.field) in _NOT_REVERTIBLE or entry.object_kind not in _EDITS:
        raise ConflictError(_("this kind of change cannot be reverted from the history"))
    if is_cut(entry.old_value) or is_cut(entry.new_value):
        raise ConflictError(_("the text was too long to be kept whole in the history; "
                              "it cannot be put back from here"))
    current, apply = _EDITS[entry.object_kind](session, entry)
    if not same_value(value_text(current), entry.new_value):
        raise ConflictError(_(
            "it has changed since: it is now {now}, not {then}; revert the later change "
            "first").format(now=_quoted(entry, value_text(current)),
                            then=_quoted(entry, entry.new_value)))
    before = session.scalar(select(t.ChangeLog.id).order_by(t.ChangeLog.id.desc()).limit(1))
    try:
        apply(_typed(entry.object_kind, entry.field, entry.old_value), author)
    except NotFoundError as error:
        raise ConflictError(str(error)) from None
    session.flush()
    after = session.scalar(select(t.ChangeLog.id).where(
        t.ChangeLog.id > (before or 0), t.ChangeLog.object_uuid == entry.object_uuid,
        t.ChangeLog.field == entry.field).order_by(t.ChangeLog.id.desc()).limit(1))
    if after is None:  # every service records its change; this would be a bug
        raise RuntimeError("a revert recorded no change")
    return after


def same_value(first: str, second: str) -> bool:
    """Two texts of the history name the same value ("45.9" and "45.90" do)."""
    if first == second:
        return True
    try:
        return Decimal(first) == Decimal(second)
    except (InvalidOperation, ValueError):
        return False


def _quoted(entry: t.ChangeLog, text: str) -> str:
    """A value in words, between quotes ("empty" for nothing)."""
    words = value_words(entry.object_kind, entry.field, text)
    return f"«{words}»" if words else _("empty")


Apply = Callable[[Any, str], Any]


def _gone(kind: str) -> ConflictError:
    return ConflictError(_(GONE_WORDS.get(kind, N_("it no longer exists (it may have been "
                                                   "deleted)"))))


#: Why a revert is refused when its object is gone, per kind of object.
GONE_WORDS = {
    "activity": N_("the activity no longer exists (it may have been deleted)"),
    "procedure": N_("the procedure no longer exists (it may have been deleted)"),
    "version": N_("the version no longer exists (it may have been deleted)"),
    "requirement": N_("the requirement no longer exists (it may have been deleted)"),
    "unit": N_("the unit no longer exists (it may have been deleted)"),
    "position": N_("the position no longer exists (it may have been deleted)"),
    "resource": N_("the resource no longer exists (it may have been deleted)"),
    "non_working_day": N_("the day off no longer exists (it may have been deleted)"),
}


def _row(session: Session, table: Any, entry: t.ChangeLog) -> Any:
    row = session.scalar(select(table).where(table.uuid == entry.object_uuid))
    if row is None:
        raise _gone(entry.object_kind)
    return row


def _activity(session: Session, entry: t.ChangeLog) -> tuple[Any, Apply]:
    row = _row(session, t.Activity, entry)
    units = dict(session.execute(select(t.Unit.id, t.Unit.code)).all())
    current = getattr(activity_snapshot(row, units), entry.field)
    uuid, field = row.uuid, entry.field
    if field == "staff":
        return current, lambda value, who: ea.set_staff(session, uuid, value, who)
    if field == "resources":
        return current, lambda value, who: ea.set_resources(session, uuid, value, who)
    return current, lambda value, who: ea.update_activity(session, uuid, field, value, who)


def _procedure(session: Session, entry: t.ChangeLog) -> tuple[Any, Apply]:
    row = _row(session, t.Procedure, entry)
    field = entry.field
    if field in ("filed_at", "approved_by"):
        unit_id = getattr(row, f"{field}_id")
        current = session.get_one(t.Unit, unit_id).code if unit_id is not None else None
    else:
        current = getattr(row, field)
    uuid = row.uuid
    return current, lambda value, who: ep.update_procedure(session, uuid, field, value, who)


def _version(session: Session, entry: t.ChangeLog) -> tuple[Any, Apply]:
    row = _row(session, t.Version, entry)
    field, uuid = entry.field, row.uuid
    if field == "name":
        return row.name, lambda value, who: ev.rename_version(session, uuid, value, who)
    if field == "adopted":
        return row.adopted, lambda value, who: ev.set_adopted(session, uuid, value, who)
    return getattr(row, field), lambda value, who: ev.update_version(session, uuid, field,
                                                                      value, who)


def _requirement(session: Session, entry: t.ChangeLog) -> tuple[Any, Apply]:
    row = _row(session, t.Requirement, entry)
    field, uuid = entry.field, row.uuid
    return getattr(row, field), lambda value, who: ep.update_requirement(session, uuid, field,
                                                                          value, who)


def _entity(session: Session, entry: t.ChangeLog) -> tuple[Any, Apply]:
    row = session.scalar(select(t.Entity).where(t.Entity.uuid == entry.object_uuid))
    if row is None:
        raise ConflictError(_("the municipality no longer exists"))
    field, ubigeo = entry.field, row.ubigeo
    return getattr(row, field), lambda value, who: ee.update_entity(session, ubigeo, field,
                                                                     value, who)


def _item(kind: str, table: Any) -> Callable[[Session, t.ChangeLog], tuple[Any, Apply]]:
    def edits(session: Session, entry: t.ChangeLog) -> tuple[Any, Apply]:
        row = _row(session, table, entry)
        field, uuid = entry.field, row.uuid
        base, _dot, unit = field.partition(".")
        if kind == "resource" and base in ("driver_value", "tupa_factor"):
            unit_id = session.scalar(select(t.Unit.id).where(
                t.Unit.entity_id == row.entity_id, t.Unit.code == unit))
            link = session.get(t.ResourceUnit, (row.id, unit_id)) if unit_id else None
            current = getattr(link, base) if link is not None else None
            return current, lambda value, who: ee.set_allocation(session, uuid, unit, base,
                                                                 value, who)
        if kind == "position" and field == "unit":
            current = session.get_one(t.Unit, row.unit_id).code if row.unit_id else None
        else:
            current = getattr(row, field)
        return current, lambda value, who: ee.update_item(session, kind, uuid, field, value,
                                                          who)
    return edits


def _day(session: Session, entry: t.ChangeLog) -> tuple[Any, Apply]:
    row = _row(session, t.NonWorkingDay, entry)
    uuid = row.uuid
    return row.name, lambda value, who: ee.rename_day(session, uuid, value or "", who)


_EDITS: dict[str, Callable[[Session, t.ChangeLog], tuple[Any, Apply]]] = {
    "activity": _activity,
    "procedure": _procedure,
    "version": _version,
    "requirement": _requirement,
    "entity": _entity,
    "unit": _item("unit", t.Unit),
    "position": _item("position", t.Position),
    "resource": _item("resource", t.Resource),
    "non_working_day": _day,
}
#: Fields kept as "true"/"false", dates, and lists of staff or resources.
_BOOLEANS = {"parallel", "in_person", "adopted"}


def _typed(kind: str, field: str, text: str) -> Any:
    """The value a service takes, read back from the history's text."""
    if field in _BOOLEANS:
        return {TRUE: True, FALSE: False}[text]
    if kind == "activity" and field == "time_date":
        return date.fromisoformat(text) if text else None
    if kind == "activity" and field == "staff":
        return staff_from_text(text)
    if kind == "activity" and field == "resources":
        return resources_from_text(text)
    if kind == "activity" and field == "unit":
        return text or None
    if kind == "resource" and field.partition(".")[0] in ("driver_value", "tupa_factor"):
        try:
            return Decimal(text) if text else None
        except InvalidOperation:
            raise ConflictError(_("the old value cannot be read back")) from None
    return text if text else None
