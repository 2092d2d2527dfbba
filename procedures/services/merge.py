"""Bring back work done elsewhere (`import --merge`, File ▸ Synchronise; issue #14).

A package that came from this database (its origin, or what it was based on, names
this database — `provenance.common_state`) is merged a municipality at a time: every
change either side made since the common state is kept; where both changed the same
field the database's value stays (the file's with `prefer_file`) and a `Conflict` is
listed (`storage.three_way`). The merged procedures are written in place of the stored
ones with their uuids, through the import's writer, in the caller's transaction; each
difference is recorded in the history as a merge (author: the person), the origin the
file brought is recorded so that later exports say they were based on it, and stored
figures are measured at commit (`figures.mark_stale`).

`decide` writes, for chosen conflicts, the file's value (or the database's back: the
undo) through the editing services, so each is checked and recorded like an edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import tables as t
from procedures import snapshots as s
from procedures.collector import cycle_collector_paused
from procedures.errors import InputError, Location, Problem, ProblemCode
from procedures.exchange.package_read import read_package_file
from procedures.i18n import _
from procedures.progress import Progress, no_progress
from procedures.services.figures import mark_stale
from procedures.storage.provenance import common_state, database_id, database_side
from procedures.storage.read import load_entity
from procedures.storage.three_way import (
    DELETED_IN_DATABASE,
    DELETED_IN_FILE,
    Conflict,
    FileSide,
    Merger,
)
from procedures.storage.write import import_entities

__all__ = ["DELETED_IN_DATABASE", "DELETED_IN_FILE", "Conflict", "MergeResult", "decide",
           "merge_package"]


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What a merge did: the municipalities merged, how many of the file's changes were
    taken, and the conflicts (whose value was kept in each: `Conflict.kept`)."""

    file: str
    entities: tuple[str, ...]
    taken: int
    conflicts: tuple[Conflict, ...]
    prefer_file: bool = False


def merge_package(session: Session, path: str | Path, *, prefer_file: bool = False,
                  author: str = "", progress: Progress = no_progress) -> MergeResult:
    """Merge the package at `path` into this database, in the caller's transaction (a
    problem anywhere raises `InputError`, and the caller's rollback leaves the database
    as it was)."""
    path = Path(path)
    problems: list[Problem] = []
    conflicts: list[Conflict] = []
    ubigeos: list[str] = []
    taken = 0
    with cycle_collector_paused():
        for index, theirs in enumerate(read_package_file(path, progress)):
            refusal = _refusal(session, index, theirs, path.name)
            if refusal is not None:
                problems.append(refusal)
                continue
            if problems:
                continue  # refused: the rest is only checked
            merger = _merge_one(session, theirs, prefer_file, author, path.name)
            conflicts.extend(merger.conflicts)
            taken += merger.taken
            ubigeos.append(theirs.ubigeo)
    if problems:
        raise InputError(problems)
    mark_stale(session, ubigeos=ubigeos)
    return MergeResult(path.name, tuple(ubigeos), taken, tuple(conflicts), prefer_file)


def _refusal(session: Session, index: int, theirs: s.Entity, file: str) -> Problem | None:
    """Why the package's municipality cannot be merged here (None: it can). The words
    name no command-line option: the caller says what to do instead."""
    where = Location(file=file, path=f"entities[{index}]")
    entity_id = session.scalar(select(t.Entity.id).where(t.Entity.ubigeo == theirs.ubigeo))
    if entity_id is None:
        return Problem(where, _("municipality {ubigeo} is not in this database: there is "
                                "nothing to merge it with").format(ubigeo=theirs.ubigeo),
                       ProblemCode.NOT_FROM_HERE)
    if theirs.origin is None:
        return Problem(where, _(
            "the package does not say which database it came from (written by an earlier "
            "version of the program, or by hand)"), ProblemCode.NOT_FROM_HERE)
    if common_state(session, entity_id, theirs.origin) is None:
        return Problem(where, _("municipality {ubigeo} of this package came from another "
                                "database ({database}), not from this one ({here})")
                       .format(ubigeo=theirs.ubigeo, database=theirs.origin.database,
                               here=database_id(session)),
                       ProblemCode.NOT_FROM_HERE)
    return None


def _merge_one(session: Session, theirs: s.Entity, prefer_file: bool, author: str,
               file: str) -> Merger:
    entity_id = session.scalar(select(t.Entity.id).where(t.Entity.ubigeo == theirs.ubigeo))
    assert entity_id is not None and theirs.origin is not None
    state = common_state(session, entity_id, theirs.origin)
    assert state is not None
    mine = load_entity(session, theirs.ubigeo, procedures=True)
    merger = Merger(theirs.ubigeo, database_side(session, entity_id, state),
                    FileSide(theirs.origin.changes), prefer_file)
    merged = merger.entity(mine, theirs)
    before = {p.uid: p for p in mine.procedures}
    kept = {p.uid for p in merged.procedures}
    gone = [p.uid for p in mine.procedures if p.uid not in kept]
    if gone:
        from procedures.services.procedures import delete_procedure

        for uid in gone:
            delete_procedure(session, uid, author)
    changed = tuple(p for p in merged.procedures if before.get(p.uid) != p)
    for merged_procedure in changed:
        old = before.get(merged_procedure.uid)
        if old is not None and old.code != merged_procedure.code:
            # The import's writer finds a procedure by its code: the new one first.
            from procedures.services.procedures import update_procedure

            update_procedure(session, old.uid, "code", merged_procedure.code, author)
    import_entities(session, [replace(merged, procedures=changed)], replace=True,
                    author=author, file=file, merging=True)
    _drop_items(session, theirs.ubigeo, merger.dropped, author)
    return merger


def _drop_items(session: Session, ubigeo: str, dropped: Iterable[tuple[str, str]],
                author: str) -> None:
    """Delete the units, positions and resources the file deleted (resources and
    positions first: they may name a unit); one still in use somewhere stays."""
    from procedures.services import entities

    order = {"resource": 0, "position": 1, "unit": 2}
    for kind, code in sorted(dropped, key=lambda item: order[item[0]]):
        try:
            entities.delete_item(session, kind, _item(session, kind, ubigeo, code), author)
        except InputError:
            continue  # still named by something: kept


def decide(session: Session, conflicts: Iterable[Conflict], *, file_side: bool = True,
           author: str = "") -> int:
    """Write each conflict's file side (`file_side`) or its database side back (the
    undo), through the editing services; returns how many were written. For a deletion
    conflict the side is the object's presence: deleted, or put back as that side had
    it (with its uuid, at its place)."""
    done = 0
    deletions = []
    for conflict in conflicts:
        if conflict.deleted:
            deletions.append(conflict)
        elif conflict.field:
            value = conflict.theirs if file_side else conflict.mine
            _write(session, conflict, value, author)
            done += 1
    # Removals first, then what comes back in the order of its place, so that each
    # lands where the side that kept it had it.
    back = [c for c in deletions if (c.deleted == DELETED_IN_DATABASE) == file_side]
    for conflict in [c for c in deletions if c not in back] + sorted(
            back, key=lambda c: c.position):
        done += _presence(session, conflict, file_side, author)
    return done


_TABLES: dict[str, type[t.Activity] | type[t.Requirement] | type[t.Version] |
              type[t.Procedure]] = {
    "activity": t.Activity, "requirement": t.Requirement, "version": t.Version,
    "procedure": t.Procedure}


def _presence(session: Session, conflict: Conflict, file_side: bool, author: str) -> int:
    """One side of a deletion conflict: the object deleted, or written back from the
    snapshot of the side that kept it; 0 when it already is as that side wants."""
    from procedures.services import activities, procedures, versions

    wanted = (conflict.deleted == DELETED_IN_DATABASE) == file_side
    if conflict.kind in ("unit", "position", "resource"):
        return _item_presence(session, conflict, wanted, author)
    table = _TABLES[conflict.kind]
    present = session.scalar(select(table.id).where(table.uuid == conflict.uid)) is not None
    if wanted == present:
        return 0
    kind, (owner_kind, owner) = conflict.kind, conflict.owner
    if not wanted:
        if kind == "activity":
            activities.delete_activities(session, [conflict.uid], author)
        elif kind == "requirement":
            procedures.delete_requirement(session, conflict.uid, author)
        elif kind == "version":
            versions.delete_version(session, conflict.uid, author)
        else:
            procedures.delete_procedure(session, conflict.uid, author)
        return 1
    item = conflict.theirs if conflict.deleted == DELETED_IN_DATABASE else conflict.mine
    if item is None or not owner:
        raise InputError(_("{name} cannot be put back: the merge did not keep it").format(
            name=conflict.step or conflict.version or conflict.procedure))
    if kind == "activity":
        activities.insert_activities(session, owner, conflict.position, [item], author)
    elif kind == "requirement":
        procedures.add_requirement(session, (owner_kind, owner), conflict.position, item,
                                   author)
    elif kind == "version":
        versions.restore_version(session, versions.RemovedVersion(
            owner, conflict.position, item, item.based_on or None, ()), author)
    else:
        procedures.restore_procedure(session, procedures.RemovedProcedure(
            conflict.ubigeo, conflict.position, item), author)
    return 1


def _write(session: Session, conflict: Conflict, value: Any, author: str) -> None:
    from procedures.services import activities, entities, procedures, versions

    kind, uid, name = conflict.kind, conflict.uid, conflict.field
    if kind == "activity":
        if name == "staff":
            activities.set_staff(session, uid, value, author)
        elif name == "resources":
            activities.set_resources(session, uid, value, author)
        else:
            activities.update_activity(session, uid, name, value, author)
    elif kind == "version":
        if name == "order":
            current = [a.uid for a in activities.version_activities(session, uid)]
            activities.reorder_activities(session, uid, _follow(current, value), author)
        elif name == "name":
            versions.rename_version(session, uid, value, author)
        elif name == "adopted":
            versions.set_adopted(session, uid, bool(value), author)
        else:
            versions.update_version(session, uid, name, value, author)
    elif kind == "procedure":
        procedures.update_procedure(session, uid, name, value, author)
    elif kind == "requirement":
        procedures.update_requirement(session, uid, name, value, author)
    elif kind == "entity":
        entities.update_entity(session, conflict.ubigeo, name, value, author)
    else:  # unit, position, resource: `uid` is the code
        row = _item(session, kind, conflict.ubigeo, uid)
        entities.update_item(session, kind, row, name, value, author)


def _item_presence(session: Session, conflict: Conflict, wanted: bool, author: str) -> int:
    """A unit, position or resource (`uid` is its code) deleted, or added back as the
    side that kept it has it; one still in use is not deleted (the service says why)."""
    from procedures.services import entities

    try:
        uuid = _item(session, conflict.kind, conflict.ubigeo, conflict.uid)
    except InputError:
        uuid = ""
    if wanted == bool(uuid):
        return 0
    if not wanted:
        entities.delete_item(session, conflict.kind, uuid, author)
        return 1
    item = conflict.theirs if conflict.deleted == DELETED_IN_DATABASE else conflict.mine
    if item is None:
        raise InputError(_("{name} cannot be put back: the merge did not keep it").format(
            name=conflict.uid))
    entities.add_item(session, conflict.kind, conflict.ubigeo, item, author)
    return 1


def _follow(current: list[str], wanted: Iterable[str]) -> list[str]:
    """`current` in the order of `wanted`; one `wanted` does not name stays after the
    step it follows now (a step added since)."""
    here = set(current)
    result = [uid for uid in wanted if uid in here]
    placed = set(result)
    for index, uid in enumerate(current):
        if uid in placed:
            continue
        previous = next((p for p in reversed(current[:index]) if p in placed), None)
        result.insert(result.index(previous) + 1 if previous is not None else 0, uid)
        placed.add(uid)
    return result


def _item(session: Session, kind: str, ubigeo: str, code: str) -> str:
    tables: dict[str, type[t.Unit] | type[t.Position] | type[t.Resource]] = {
        "unit": t.Unit, "position": t.Position, "resource": t.Resource}
    table = tables[kind]
    found = session.scalar(select(table.uuid).join(t.Entity, table.entity_id == t.Entity.id)
                           .where(t.Entity.ubigeo == ubigeo, table.code == code))
    if found is None:
        raise InputError(_("{code} is no longer in {ubigeo}").format(code=code, ubigeo=ubigeo))
    return str(found)

