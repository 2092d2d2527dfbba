"""Use cases for package files: import (all-or-nothing) and export."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import tables as t
from procedures import snapshots as s
from procedures.errors import NotFoundError
from procedures.exchange.package_read import load_package_file
from procedures.exchange.package_write import write_package_file
from procedures.i18n import _
from procedures.progress import Progress, no_progress
from procedures.storage.read import entity_row, load_entity, load_procedures
from procedures.storage.write import ImportSummary, import_entities


def import_package(
    session: Session,
    path: str | Path,
    *,
    replace: bool = False,
    author: str = "",
    progress: Progress = no_progress,
) -> ImportSummary:
    """Validate the whole file, then write it in the caller's transaction."""
    path = Path(path)
    entities = load_package_file(path)
    return import_entities(
        session, entities, replace=replace, author=author, file=path.name, progress=progress
    )


def entities_for_export(
    session: Session, ubigeo: str, procedure: str | None = None
) -> tuple[s.Entity, ...]:
    """One entity with all its procedures, or with just `procedure`."""
    if procedure is None:
        return (load_entity(session, ubigeo, procedures=True),)
    entity = load_entity(session, ubigeo)
    found = load_procedures(session, entity_row(session, ubigeo).id, [procedure])
    if not found:
        raise NotFoundError(_("there is no procedure with code {code} in {entity}").format(
            code=procedure, entity=entity.name))
    from dataclasses import replace

    return (replace(entity, procedures=found),)


def export_package(
    session: Session, ubigeo: str, path: str | Path, procedure: str | None = None
) -> tuple[s.Entity, ...]:
    entities = entities_for_export(session, ubigeo, procedure)
    write_package_file(entities, path)
    return entities


def entity_exists(session: Session, ubigeo: str) -> bool:
    return session.scalar(select(t.Entity.id).where(t.Entity.ubigeo == ubigeo)) is not None
