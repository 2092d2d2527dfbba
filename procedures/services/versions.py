"""Editing the versions (scenarios) of a procedure: proposals, names, fee, adoption.

A proposal copies a version: its activities get new uuids and `based_on` = the uuid of
the activity they copy, so a comparison matches them by identity. Deleting a version
returns a `RemovedVersion` that `restore_version` writes back with the same uuids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import tables as t
from models.codes import Calificacion, PlazoUnit, VersionKind
from procedures import snapshots as s
from procedures.errors import ProblemCode
from procedures.i18n import _, ngettext
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
from procedures.services.revisions import check_unchanged
from procedures.storage.read import procedure_snapshot
from procedures.storage.write import write_version
from procedures.vocabulary import procedure_word

VERSION_FIELDS: dict[str, FieldSpec] = {
    "fee": FieldSpec(decimal(Decimal(0), Decimal("9999999999.99"))),
    "calificacion": FieldSpec(choice(Calificacion, optional=True)),
    "plazo": FieldSpec(integer(0, 3650, optional=True)),
    "plazo_unit": FieldSpec(choice(PlazoUnit, optional=True)),
    "note": FieldSpec(text()),
}


@dataclass(frozen=True, slots=True)
class RemovedVersion:
    """A deleted version with what pointed at it, to put everything back."""

    procedure_uuid: str
    position: int
    version: s.Version
    based_on_uuid: str | None
    dependants: tuple[str, ...]  # versions that were based on this one


def _version(session: Session, uuid: str) -> t.Version:
    return row_by_uuid(session, t.Version, uuid)


def _entity_id(session: Session, procedure_id: int) -> int:
    return session.execute(
        select(t.Procedure.entity_id).where(t.Procedure.id == procedure_id)).scalar_one()


def version_snapshot(session: Session, row: t.Version) -> s.Version:
    """The version as a snapshot (activities with uids, own requirements if any)."""
    procedure = session.get_one(t.Procedure, row.procedure_id)
    units = dict(session.execute(
        select(t.Unit.id, t.Unit.code).where(t.Unit.entity_id == procedure.entity_id)
    ).all())
    snapshot = procedure_snapshot(procedure, units)
    return next(v for v in snapshot.versions if v.uid == row.uuid)


def _check_name(session: Session, procedure_id: int, name: str, own_id: int | None) -> str:
    name = name.strip()
    if not name:
        raise field_error("version.name", _("a version needs a name"),
                          ProblemCode.MISSING_FIELD)
    if len(name) > 100:
        raise field_error("version.name", _("at most {n} characters").format(n=100))
    clash = session.scalar(select(t.Version.id).where(
        t.Version.procedure_id == procedure_id, t.Version.name == name))
    if clash is not None and clash != own_id:
        raise field_error("version.name", _("there is already a version called {name!r}").format(
            name=name), ProblemCode.DUPLICATE_CODE)
    return name


def proposal_name(session: Session, procedure_uuid: str) -> str:
    """A free default name: "Propuesta 1", "Propuesta 2"…"""
    procedure = row_by_uuid(session, t.Procedure, procedure_uuid)
    names = set(session.scalars(select(t.Version.name).where(
        t.Version.procedure_id == procedure.id)))
    number = 1
    while _("Proposal {n}").format(n=number) in names:
        number += 1
    return _("Proposal {n}").format(n=number)


def create_proposal(
    session: Session, source_uuid: str, name: str, author: str = ""
) -> str:
    """A to-be version copying `source_uuid`; returns the new version's uuid."""
    source = _version(session, source_uuid)
    name = _check_name(session, source.procedure_id, name, None)
    snapshot = version_snapshot(session, source)
    copy = replace(
        snapshot,
        name=name,
        kind=VersionKind.TO_BE,
        uid="",
        adopted=False,
        based_on="",
        activities=tuple(replace(a, uid="", based_on=a.uid) for a in snapshot.activities),
        requirements=(tuple(replace(q, uid="") for q in snapshot.requirements)
                      if snapshot.requirements is not None else None),
    )
    position = (session.scalar(select(func.max(t.Version.position)).where(
        t.Version.procedure_id == source.procedure_id)) or 0) + 1
    row = _write(session, source.procedure_id, copy, position)
    row.based_on_id = source.id
    session.flush()
    log_change(session, _entity_id(session, source.procedure_id), "version", row.uuid, "create",
               _("Created proposal {name} from {source}").format(name=name, source=source.name),
               author, new=name, label=name, version=row)
    return row.uuid


def _write(session: Session, procedure_id: int, version: s.Version, position: int) -> t.Version:
    units, positions, resources = code_maps(session, _entity_id(session, procedure_id))
    row = write_version(session, version, units, positions, resources, position)
    row.procedure_id = procedure_id
    session.add(row)
    session.flush()
    # store.write_version gives requirements fresh uuids; keep the snapshot's.
    for requirement, wanted in zip(row.requirements, version.requirements or (), strict=False):
        if wanted.uid:
            requirement.uuid = wanted.uid
    session.flush()
    return row


def rename_version(session: Session, uuid: str, name: str, author: str = "",
                   expected: int | None = None) -> str:
    """Rename; return the previous name."""
    row = _version(session, uuid)
    check_unchanged(session, row, expected, "version.name", row.name, name)
    name = _check_name(session, row.procedure_id, name, row.id)
    old, row.name = row.name, name
    session.flush()
    log_change(session, _entity_id(session, row.procedure_id), "version", row.uuid, "rename",
               _("Renamed version {old} to {new}").format(old=old, new=name), author,
               field="name", old=old, new=name, label=old, version=row)
    return old


def update_version(session: Session, uuid: str, field_name: str, value: Any,
                   author: str = "", expected: int | None = None) -> Any:
    """Set the fee, calificación, plazo (None inherits the procedure's) or the note."""
    row = _version(session, uuid)
    if field_name not in VERSION_FIELDS:
        raise ValueError(f"not an editable version field: {field_name}")
    check_unchanged(session, row, expected, f"version.{field_name}", getattr(row, field_name),
                    value)
    old = set_field(row, field_name, VERSION_FIELDS[field_name], value, f"version.{field_name}")
    session.flush()
    log_change(session, _entity_id(session, row.procedure_id), "version", row.uuid, "update",
               _("Changed {field} of version {name}").format(field=procedure_word(field_name),
                                                             name=row.name),
               author, field=field_name, old=old, new=getattr(row, field_name), label=row.name,
               version=row)
    return old


def set_adopted(
    session: Session, uuid: str, adopted: bool = True, author: str = ""
) -> tuple[tuple[str, bool], ...]:
    """Mark a version adopted (the others of the procedure stop being adopted).

    Returns every version's previous flag, for `restore_adoption`.
    """
    row = _version(session, uuid)
    versions = list(session.scalars(select(t.Version).where(
        t.Version.procedure_id == row.procedure_id).order_by(t.Version.position)))
    previous = tuple((v.uuid, v.adopted) for v in versions)
    for version in versions:
        version.adopted = adopted if version.id == row.id else (version.adopted and not adopted)
    session.flush()
    entity_id = _entity_id(session, row.procedure_id)
    for version, (_uuid, was) in zip(versions, previous, strict=True):
        if version.adopted != was:
            log_change(session, entity_id, "version", version.uuid, "adopt",
                       (_("Marked version {name} as adopted") if version.adopted
                        else _("Version {name} is no longer adopted")).format(
                           name=version.name), author,
                       field="adopted", old=was, new=version.adopted, label=version.name,
                       version=version)
    return previous


def restore_adoption(session: Session, flags: Sequence[tuple[str, bool]],
                     author: str = "") -> None:
    """Put back the adoption flags `set_adopted` returned (the undo)."""
    for uuid, adopted in flags:
        row = _version(session, uuid)
        if row.adopted != adopted:
            log_change(session, _entity_id(session, row.procedure_id), "version", row.uuid,
                       "adopt", (_("Marked version {name} as adopted") if adopted
                                 else _("Version {name} is no longer adopted")).format(
                           name=row.name), author, field="adopted", old=row.adopted,
                       new=adopted, label=row.name, version=row)
        row.adopted = adopted
    session.flush()


def delete_version(session: Session, uuid: str, author: str = "") -> RemovedVersion:
    """Delete a version; the baseline (first as-is version) cannot be deleted."""
    row = _version(session, uuid)
    versions = list(session.scalars(select(t.Version).where(
        t.Version.procedure_id == row.procedure_id).order_by(t.Version.position, t.Version.id)))
    baseline = next((v for v in versions if v.kind is VersionKind.AS_IS), None)
    if baseline is not None and baseline.id == row.id:
        raise field_error("version", _(
            "the as-is version is the baseline of the costs and comparisons; "
            "it cannot be deleted"))
    snapshot = version_snapshot(session, row)
    procedure = session.get_one(t.Procedure, row.procedure_id)
    based_on = session.get(t.Version, row.based_on_id) if row.based_on_id else None
    dependants = tuple(v.uuid for v in versions if v.based_on_id == row.id)
    removed = RemovedVersion(procedure.uuid, row.position, snapshot,
                             based_on.uuid if based_on else None, dependants)
    log_change(session, procedure.entity_id, "version", uuid, "delete",
               _("Deleted version {name}").format(name=snapshot.name), author,
               old=snapshot.name, label=snapshot.name, procedure=procedure, version=row)
    session.delete(row)
    session.flush()
    return removed


def restore_version(session: Session, removed: RemovedVersion, author: str = "") -> str:
    """Write a deleted version back with the same uuids and links."""
    procedure = row_by_uuid(session, t.Procedure, removed.procedure_uuid)
    row = _write(session, procedure.id, removed.version, removed.position)
    if removed.based_on_uuid:
        source = session.scalar(select(t.Version).where(t.Version.uuid == removed.based_on_uuid))
        row.based_on_id = source.id if source else None
    for dependant in removed.dependants:
        other = session.scalar(select(t.Version).where(t.Version.uuid == dependant))
        if other is not None:
            other.based_on_id = row.id
    session.flush()
    log_change(session, procedure.entity_id, "version", row.uuid, "restore",
               _("Restored version {name}").format(name=row.name), author,
               new=row.name, label=row.name, procedure=procedure, version=row)
    return row.uuid


def create_from_suggestions(
    session: Session, procedure_uuid: str, version_uuid: str, keys: Sequence[str], name: str,
    author: str = "",
) -> str:
    """A to-be version with the chosen suggestions applied (by `Suggestion.key`).

    The suggestions are computed again here, in this transaction, so what is written
    matches the data as it is now; keys no longer offered are refused.
    """
    from procedures.rules.suggestions import apply_suggestions
    from procedures.services.measurement import suggestions

    source = _version(session, version_uuid)
    name = _check_name(session, source.procedure_id, name, None)
    offered = {s_.key: s_ for s_ in suggestions(session, version_uuid)}
    missing = [key for key in keys if key not in offered]
    if missing or not keys:
        raise field_error("suggestions", _(
            "the suggestions changed since they were shown; look at them again"))
    snapshot = version_snapshot(session, source)
    procedure = row_by_uuid(session, t.Procedure, procedure_uuid)
    units = dict(session.execute(
        select(t.Unit.id, t.Unit.code).where(t.Unit.entity_id == procedure.entity_id)).all())
    whole = procedure_snapshot(procedure, units)
    new = apply_suggestions(whole, snapshot, [offered[k] for k in keys], name)
    position = (session.scalar(select(func.max(t.Version.position)).where(
        t.Version.procedure_id == source.procedure_id)) or 0) + 1
    row = _write(session, source.procedure_id, new, position)
    row.based_on_id = source.id
    session.flush()
    log_change(session, procedure.entity_id, "version", row.uuid, "create",
               ngettext("Created proposal {name} from {count} suggestion on {source}",
                        "Created proposal {name} from {count} suggestions on {source}",
                        len(keys)).format(
                   name=name, count=len(keys), source=source.name), author,
               new=name, label=name, procedure=procedure, version=row)
    return row.uuid


def set_own_requirements(
    session: Session, uuid: str, requirements: Sequence[s.Requirement] | None,
    author: str = "",
) -> tuple[s.Requirement, ...] | None:
    """Give the version its own requirement list, or (None) let it inherit again.

    `requirements` rows keep their `uid` when they have one (the redo of an undo writes
    back the same rows). Returns the previous state: the version's own list, or None when
    it inherited the procedure's, so the undo is the same call with that value.
    """
    row = _version(session, uuid)
    previous = (tuple(s.Requirement(name=q.name, kind=q.kind, cost=q.cost,
                                    legal_basis=q.legal_basis, uid=q.uuid)
                      for q in sorted(row.requirements, key=lambda q: (q.position, q.id)))
                if row.overrides_requirements else None)
    for stored in list(row.requirements):
        session.delete(stored)
    session.flush()
    session.expire(row, ["requirements"])
    row.overrides_requirements = requirements is not None
    for position, requirement in enumerate(requirements or ()):
        new = t.Requirement(version_id=row.id, position=position, name=requirement.name,
                            kind=requirement.kind, cost=requirement.cost,
                            legal_basis=requirement.legal_basis)
        if requirement.uid:
            new.uuid = requirement.uid
        session.add(new)
    session.flush()
    log_change(session, _entity_id(session, row.procedure_id), "version", row.uuid, "update",
               (_("Version {name} has its own list of requirements") if requirements is not None
                else _("Version {name} uses the procedure's requirements again")).format(
                   name=row.name), author, field="overrides_requirements",
               old=previous is not None, new=requirements is not None, label=row.name,
               version=row)
    return previous


def procedure_requirements_copy(session: Session, uuid: str) -> tuple[s.Requirement, ...]:
    """The procedure's requirement list of version `uuid`, without uids (a fresh copy)."""
    row = _version(session, uuid)
    procedure = session.get_one(t.Procedure, row.procedure_id)
    return tuple(s.Requirement(name=q.name, kind=q.kind, cost=q.cost, legal_basis=q.legal_basis)
                 for q in sorted(procedure.requirements, key=lambda q: (q.position, q.id)))
