"""Names to uuids, once, at the edge: what the command line and the files call things.

A person names a municipality by ubigeo, a procedure by its TUPA code and a version by
its name; every other service works in uuids. The words of a refusal list what exists,
so the person can correct the name.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import tables as t
from procedures import snapshots as s
from procedures.errors import NotFoundError
from procedures.i18n import _
from procedures.rules.scenario import baseline_of


def entity_id(session: Session, ubigeo: str) -> int:
    found = session.scalar(select(t.Entity.id).where(t.Entity.ubigeo == ubigeo))
    if found is None:
        raise NotFoundError(_("there is no entity with ubigeo {ubigeo}").format(ubigeo=ubigeo))
    return found


def procedure_uuid(session: Session, ubigeo: str, code: str) -> str:
    """The uuid of procedure `code` of the municipality `ubigeo`."""
    owner = entity_id(session, ubigeo)
    found = session.scalar(select(t.Procedure.uuid).where(
        t.Procedure.entity_id == owner, t.Procedure.code == code))
    if found is None:
        name = session.scalar(select(t.Entity.name).where(t.Entity.id == owner))
        raise NotFoundError(_("there is no procedure with code {code} in {entity}").format(
            code=code, entity=name))
    return found


def version_uuid(session: Session, ubigeo: str, code: str, name: str | None) -> str:
    """The uuid of the named version of a procedure; without a name, its as-is version."""
    procedure = procedure_uuid(session, ubigeo, code)
    rows = session.execute(
        select(t.Version.uuid, t.Version.name, t.Version.kind)
        .join(t.Procedure, t.Version.procedure_id == t.Procedure.id)
        .where(t.Procedure.uuid == procedure)
        .order_by(t.Version.position, t.Version.id)
    ).all()
    versions = tuple(s.Version(name=row.name, kind=row.kind, uid=row.uuid) for row in rows)
    chosen = pick_version(s.Procedure(code=code, name="", versions=versions), name)
    return chosen.uid


def pick_version(procedure: s.Procedure, name: str | None) -> s.Version:
    """The named version, or the as-is one (else the first) when no name is given."""
    if name:
        found = procedure.version(name)
        if found is None:
            names = ", ".join(v.name for v in procedure.versions) or "—"
            raise NotFoundError(_(
                "procedure {code} has no version {name!r} (versions: {names})").format(
                    code=procedure.code, name=name, names=names))
        return found
    found = baseline_of(procedure.versions)
    if found is None:
        raise NotFoundError(_("procedure {code} has no versions yet").format(
            code=procedure.code))
    return found
