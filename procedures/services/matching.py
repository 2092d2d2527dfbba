"""The same procedure in other municipalities: by standard code, by a clerk's link, by name.

Three ways, strongest first (DESIGN §5, issue #13): procedures carrying the same
standard code (the catalogue in resources/data) are the same; procedures a clerk linked
are the same (links chain: A–B and B–C make A, B and C one procedure); else a procedure
with the same name (accents, case and spaces aside) is *proposed* as the same, for the
clerk to confirm — confirming makes it a link. One procedure per municipality: the
strongest match, then the first in TUPA order.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models import tables as t
from procedures.errors import ConflictError, InputError, NotFoundError, ProblemCode
from procedures.i18n import _
from procedures.services.fields import row_by_uuid
from procedures.standard.benchmark import STRENGTH, Match, MatchKind
from procedures.standard.catalogue import is_standard_code, standard
from procedures.text import fold


def check_scope(code: str) -> str:
    """A department (06), a province (0601) or a municipality (060101): InputError else."""
    if not (code.isdigit() and len(code) in (2, 4, 6)):
        raise InputError(_(
            "{value!r} is not a department (06), province (0601) or ubigeo (060101) "
            "code").format(value=code[:60]), ProblemCode.NEEDS_ENTITY)
    return code


def matching_procedures(session: Session, procedure_uuid: str,
                        scope: str) -> tuple[Match, ...]:
    """The procedure itself and the same procedure in every other municipality whose
    ubigeo begins with `scope`, one per municipality, in ubigeo order.

    The procedure asked about comes first when it lies in the scope.
    """
    check_scope(scope)
    reference = row_by_uuid(session, t.Procedure, procedure_uuid)
    in_scope = t.Entity.ubigeo.startswith(scope, autoescape=True)
    kinds: dict[int, MatchKind] = {reference.id: MatchKind.SELF}
    linked = linked_ids(session, reference.id)
    codes = {code for code in session.scalars(
        select(t.Procedure.standard_code).where(t.Procedure.id.in_(linked),
                                                t.Procedure.standard_code.is_not(None)))
             if code}
    if codes:
        for found in session.scalars(select(t.Procedure.id).where(
                t.Procedure.standard_code.in_(codes))):
            kinds.setdefault(found, MatchKind.STANDARD)
    for found in linked:
        kinds.setdefault(found, MatchKind.LINK)
    for found in list(kinds):  # a standard match's own links are the same procedure too
        if kinds[found] is MatchKind.STANDARD:
            for other in linked_ids(session, found):
                kinds.setdefault(other, MatchKind.LINK)
    # The same name: the scope's distinct names are folded (each once, and remembered),
    # so a region of 35,000 procedures sharing a few thousand names is read quickly.
    wanted = _folded(reference.name)
    names = [name for name in session.scalars(
        select(t.Procedure.name).distinct().join(t.Entity, t.Entity.id == t.Procedure.entity_id)
        .where(in_scope)) if _folded(name) == wanted]
    rows = session.execute(
        select(t.Procedure.id, t.Procedure.uuid, t.Procedure.entity_id, t.Procedure.code,
               t.Procedure.name, t.Procedure.standard_code, t.Procedure.position,
               t.Entity.ubigeo, t.Entity.name)
        .join(t.Entity, t.Entity.id == t.Procedure.entity_id)
        .where(or_(t.Procedure.id.in_(kinds), (t.Procedure.name.in_(names) & in_scope)))
    ).all()
    by_id = {row[0]: row for row in rows}
    taken_entities = {by_id[i][2] for i in kinds if i in by_id}
    for row in rows:
        if row[0] not in kinds and row[2] not in taken_entities:
            kinds[row[0]] = MatchKind.NAME
    best: dict[int, tuple[tuple[int, int, int], Match]] = {}
    for found, kind in kinds.items():
        hit = by_id.get(found)
        if hit is None or not (hit[7].startswith(scope) or kind is MatchKind.SELF):
            continue
        rank = (STRENGTH[kind], hit[6], hit[0])
        match = Match(hit[1], hit[7], hit[8], hit[3], hit[4], kind)
        if hit[2] not in best or rank < best[hit[2]][0]:
            best[hit[2]] = (rank, match)
    matches = sorted((m for _rank, m in best.values()),
                     key=lambda m: (m.kind is not MatchKind.SELF, m.ubigeo))
    return tuple(matches)


@lru_cache(maxsize=65_536)
def _folded(name: str) -> str:
    return fold(name)


def linked_ids(session: Session, procedure_id: int) -> set[int]:
    """Every procedure linked to this one, directly or through others (itself included)."""
    seen = {procedure_id}
    frontier = {procedure_id}
    while frontier:
        pairs = session.execute(select(t.ProcedureLink.first_id, t.ProcedureLink.second_id)
                                .where(or_(t.ProcedureLink.first_id.in_(frontier),
                                           t.ProcedureLink.second_id.in_(frontier)))).all()
        found = {i for pair in pairs for i in pair} - seen
        seen |= found
        frontier = found
    return seen


def link_procedures(session: Session, first_uuid: str, second_uuid: str) -> bool:
    """Say two procedures of different municipalities are the same one (confirming a
    name proposal does this). False when they were linked already."""
    first = row_by_uuid(session, t.Procedure, first_uuid)
    second = row_by_uuid(session, t.Procedure, second_uuid)
    if first.id == second.id:
        raise ConflictError(_("a procedure cannot be linked to itself"))
    if first.entity_id == second.entity_id:
        raise ConflictError(_("both procedures belong to the same municipality; a link "
                              "joins the same procedure of two municipalities"))
    low, high = sorted((first.id, second.id))
    exists = session.scalar(select(t.ProcedureLink.id).where(
        t.ProcedureLink.first_id == low, t.ProcedureLink.second_id == high))
    if exists is not None:
        return False
    session.add(t.ProcedureLink(first_id=low, second_id=high))
    session.flush()
    return True


def unlink_procedures(session: Session, first_uuid: str, second_uuid: str) -> bool:
    """Remove a clerk's link between two procedures. False when there was none."""
    first = row_by_uuid(session, t.Procedure, first_uuid)
    second = row_by_uuid(session, t.Procedure, second_uuid)
    low, high = sorted((first.id, second.id))
    link = session.scalar(select(t.ProcedureLink).where(
        t.ProcedureLink.first_id == low, t.ProcedureLink.second_id == high))
    if link is None:
        return False
    session.delete(link)
    session.flush()
    return True


def set_standard_code(session: Session, procedure_uuid: str, code: str | None) -> None:
    """Mark a procedure as a standardized one (None or "" clears it); the code must be
    in the catalogue."""
    row = row_by_uuid(session, t.Procedure, procedure_uuid)
    code = (code or "").strip() or None
    if code is not None and (not is_standard_code(code) or standard(code) is None):
        raise InputError(_("unknown standard procedure {code!r}: not in the catalogue of "
                           "standardized procedures").format(code=code[:60]))
    row.standard_code = code
    session.flush()


def links_of(session: Session, procedure_uuids: list[str]) -> dict[str, list[str]]:
    """For a package: each procedure's linked procedures as "UBIGEO/CODE"."""
    ids = dict(session.execute(select(t.Procedure.uuid, t.Procedure.id)
                               .where(t.Procedure.uuid.in_(procedure_uuids))).all())
    if not ids:
        return {}
    pairs = session.execute(select(t.ProcedureLink.first_id, t.ProcedureLink.second_id)
                            .where(or_(t.ProcedureLink.first_id.in_(ids.values()),
                                       t.ProcedureLink.second_id.in_(ids.values())))).all()
    names = dict(
        (pid, f"{ubigeo}/{code}") for pid, ubigeo, code in session.execute(
            select(t.Procedure.id, t.Entity.ubigeo, t.Procedure.code)
            .join(t.Entity, t.Entity.id == t.Procedure.entity_id)
            .where(t.Procedure.id.in_({i for pair in pairs for i in pair}))).all())
    out: dict[str, list[str]] = defaultdict(list)
    back = {pid: uuid for uuid, pid in ids.items()}
    for first, second in pairs:
        for mine, other in ((first, second), (second, first)):
            if mine in back:
                out[back[mine]].append(names[other])
    return {uuid: sorted(found) for uuid, found in out.items()}


def procedure_by_reference(session: Session, reference: str) -> str:
    """The uuid of "UBIGEO/CODE" (the benchmark's --procedure); worded errors."""
    ubigeo, slash, code = reference.partition("/")
    if not slash or not code or not (len(ubigeo) == 6 and ubigeo.isdigit()):
        raise InputError(_("{value!r}: give the procedure as UBIGEO/CODE, e.g. "
                           "060101/PA-07").format(value=reference[:60]),
                         ProblemCode.NEEDS_PROCEDURE)
    found = session.scalar(select(t.Procedure.uuid).join(
        t.Entity, t.Entity.id == t.Procedure.entity_id).where(
        t.Entity.ubigeo == ubigeo, t.Procedure.code == code))
    if found is None:
        exists = session.scalar(select(t.Entity.id).where(t.Entity.ubigeo == ubigeo))
        if exists is None:
            raise NotFoundError(_("no municipality with ubigeo {ubigeo}").format(
                ubigeo=ubigeo))
        raise NotFoundError(_("the municipality {ubigeo} has no procedure {code!r}").format(
            ubigeo=ubigeo, code=code[:60]))
    return found
