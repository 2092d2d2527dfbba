"""Start a procedure from the catalogue of standardized procedures (D.S. 045-2019-PCM…).

The new procedure carries what the norm fixes for every municipality — name, legal
basis, calificación, maximum term (when a source states it) and the requirements the
norm allows — and an empty as-is version: the steps are each municipality's own, for the
clerk to map. A term no source states is left empty rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import tables as t
from procedures.errors import NotFoundError
from procedures.i18n import _
from procedures.services import procedures as ep
from procedures.services.fields import log_change, row_by_uuid
from procedures.standard.catalogue import StandardProcedure, load_catalogue, standard
from procedures.storage.read import entity_row
from procedures.text import fold


@dataclass(frozen=True, slots=True)
class StandardChoice:
    """A catalogued procedure and, if the municipality has one of that name, its code."""

    entry: StandardProcedure
    existing: str


def standard_choices(session: Session, ubigeo: str) -> tuple[StandardChoice, ...]:
    """The catalogue, each entry with the code of the municipality's procedure of the
    same name (accents, case and spaces aside), or ""."""
    entity = entity_row(session, ubigeo)
    names = {fold(name): code for code, name in session.execute(
        select(t.Procedure.code, t.Procedure.name).where(t.Procedure.entity_id == entity.id))}
    return tuple(StandardChoice(entry, names.get(fold(entry.name), ""))
                 for entry in load_catalogue())


def adopt_standard(session: Session, ubigeo: str, standard_code: str, code: str = "",
                   author: str = "") -> str:
    """A new procedure of `ubigeo` pre-filled from the catalogue entry; its uuid."""
    entry = standard(standard_code)
    if entry is None:
        raise NotFoundError(_("there is no standardized procedure {code} in the catalogue")
                            .format(code=standard_code))
    uuid = ep.create_procedure(session, ubigeo, code or ep.free_code(session, ubigeo),
                               entry.name, author)
    row = row_by_uuid(session, t.Procedure, uuid)
    row.legal_basis = entry.legal_basis
    row.calificacion = entry.calificacion
    row.plazo = entry.plazo
    row.plazo_unit = entry.plazo_unit
    row.requirements = [t.Requirement(position=index, name=requirement.name,
                                      kind=requirement.kind)
                        for index, requirement in enumerate(entry.requirements)]
    row.standard_code = entry.code  # the benchmark finds it in other municipalities by it
    session.flush()
    log_change(session, row.entity_id, "procedure", uuid, "adopt",
               _("Started {code} from the standardized procedure {standard}").format(
                   code=row.code, standard=entry.code), author)
    return uuid
