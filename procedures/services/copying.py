"""Copy a procedure (all its versions, or one of them) into other municipalities.

Units, positions and resources the steps use are matched in each target by code, else by
name (`rules.matching`); what the clerk mapped is used as mapped; the rest is created in
the target (`CREATE`), and said. Nothing measured is copied: every figure of the copy is
computed again at its new home (its positions' costs, its allocation rates, its UIT), and
the result carries those figures so the person sees them. What belongs to each
municipality is not carried over: the yearly demand, the contact and the channels stay the
target's own when its procedure is replaced, and are left for the clerk otherwise; a
proposal adopted in the source is not adopted in the target (adoption is each council's
act).

All targets are written in the caller's transaction, after every target was checked: a
procedure that exists already (same code; with one version, a version of the same name)
is refused unless `replace`, and then nothing at all is written. Copies get new uuids;
the change log of each target says where the copy came from, and the copy is linked to
its source (the benchmark then finds the one through the other, whatever its name).
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import tables as t
from models.codes import VersionKind
from procedures import snapshots as s
from procedures.errors import InputError, Location, Problem, ProblemCode
from procedures.i18n import _
from procedures.progress import Progress, no_progress
from procedures.rules.matching import (
    KINDS,
    Item,
    Need,
    free_code,
    match_items,
    target_items,
    used_items,
)
from procedures.rules.scenario import baseline_of
from procedures.services import entities as ee
from procedures.services import procedures as ep
from procedures.services import versions as ev
from procedures.services.fields import code_maps, log_change
from procedures.services.matching import link_procedures
from procedures.services.measurement import procedure_context
from procedures.storage.read import entity_row, load_entity, load_procedure_by_uuid
from procedures.storage.write import _UuidGuard as UuidGuard
from procedures.storage.write import write_procedure, write_version

#: A mapping value: create the item in the target (a copy of the source's).
CREATE = ""


@dataclass(frozen=True, slots=True)
class TargetPlan:
    """What copying into one municipality would meet: the clash, the matches."""

    ubigeo: str
    name: str
    existing: str  # the name of its procedure with the same code, or ""
    version_exists: bool  # one-version copy: it has a version of that name
    needs: tuple[Need, ...]
    choices: tuple[Item, ...]  # its units, positions and resources


@dataclass(frozen=True, slots=True)
class CopyPlan:
    source_ubigeo: str
    source_name: str
    code: str
    name: str
    versions: tuple[str, ...]  # names of the versions copied
    targets: tuple[TargetPlan, ...]


@dataclass(frozen=True, slots=True)
class CopyTarget:
    """One municipality to copy into; `mapping[kind][source code]` is the target's code
    or `CREATE` (items not in it are matched, else created)."""

    ubigeo: str
    mapping: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CreatedItem:
    kind: str
    code: str
    name: str
    uuid: str
    source_code: str
    amount: Decimal | None = None  # a position's annual cost, a resource's unit cost


@dataclass(frozen=True, slots=True)
class VersionFigures:
    """A copied version measured at its new home."""

    name: str
    activities: int
    unit_cost: Decimal
    fee: Decimal
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TargetResult:
    """What one target received; enough for the window to undo and redo it."""

    ubigeo: str
    entity_name: str
    code: str
    procedure_uuid: str
    version_uuid: str  # one-version copy: the version written ("" for a whole copy)
    created: tuple[CreatedItem, ...]
    replaced_procedure: ep.RemovedProcedure | None
    replaced_version: ev.RemovedVersion | None
    new_procedure: bool
    figures: tuple[VersionFigures, ...]
    demand_left: bool  # the yearly demand was not copied (a new procedure)
    source_uuid: str = ""  # linked to the copy (the benchmark finds one through the other)
    replaced_links: tuple[str, ...] = ()  # the replaced procedure's links, for the undo


@dataclass(frozen=True, slots=True)
class CopyResult:
    source_ubigeo: str
    code: str
    name: str
    versions: tuple[str, ...]
    targets: tuple[TargetResult, ...]
    source_demand: int = 0


def _targets(ubigeos: Sequence[str]) -> list[str]:
    seen: dict[str, None] = {}
    for ubigeo in ubigeos:
        if ubigeo.strip():
            seen[ubigeo.strip()] = None
    return list(seen)


def _chosen(procedure: s.Procedure, version: str | None) -> tuple[s.Version, ...]:
    if version is None:
        return procedure.versions
    found = procedure.version(version)
    if found is None:
        names = ", ".join(v.name for v in procedure.versions) or "—"
        raise InputError(_("procedure {code} has no version {name!r} (versions: {names})")
                         .format(code=procedure.code, name=version, names=names),
                         ProblemCode.NEEDS_PROPOSAL)
    return (found,)


def _existing(session: Session, entity_id: int, code: str) -> t.Procedure | None:
    return session.scalar(select(t.Procedure).where(t.Procedure.entity_id == entity_id,
                                                    t.Procedure.code == code))


def copy_plan(session: Session, source_uuid: str, ubigeos: Sequence[str],
              version: str | None = None) -> CopyPlan:
    """The matches and clashes copying would meet in each target (writes nothing)."""
    source, procedure, _id = load_procedure_by_uuid(session, source_uuid)
    versions = _chosen(procedure, version)
    needed = used_items(source, procedure, versions)
    plans = []
    for ubigeo in _targets(ubigeos):
        target = load_entity(session, ubigeo)
        row = entity_row(session, ubigeo)
        clash = _existing(session, row.id, procedure.code)
        version_exists = bool(clash and version and any(
            v.name == version for v in clash.versions))
        plans.append(TargetPlan(ubigeo, target.name, clash.name if clash else "",
                                version_exists, match_items(needed, target_items(target)),
                                target_items(target)))
    return CopyPlan(source.ubigeo, source.name, procedure.code, procedure.name,
                    tuple(v.name for v in versions), tuple(plans))


def _check(session: Session, source: s.Entity, procedure: s.Procedure,
           targets: Sequence[CopyTarget], version: str | None, replace_: bool) -> None:
    """Every reason to refuse, for every target, before anything is written."""
    problems: list[Problem] = []
    for target in targets:
        where = Location(path=target.ubigeo)
        row = session.scalar(select(t.Entity).where(t.Entity.ubigeo == target.ubigeo))
        if row is None:
            problems.append(Problem(where, _("there is no entity with ubigeo {ubigeo}").format(
                ubigeo=target.ubigeo), ProblemCode.NEEDS_ENTITY))
            continue
        if target.ubigeo == source.ubigeo:
            problems.append(Problem(where, _(
                "it is the municipality the procedure is copied from"),
                ProblemCode.NEEDS_ENTITY))
            continue
        clash = _existing(session, row.id, procedure.code)
        if clash is not None and version is None and not replace_:
            problems.append(Problem(where, _(
                "{entity} already has a procedure {code} ({name})").format(
                    entity=row.name, code=clash.code, name=clash.name),
                ProblemCode.EXISTING_PROCEDURE))
        if clash is not None and version is not None:
            versions = list(clash.versions)
            same = next((v for v in versions if v.name == version), None)
            if same is not None and not replace_:
                problems.append(Problem(where, _(
                    "procedure {code} of {entity} already has a version {name!r}").format(
                        code=clash.code, entity=row.name, name=version),
                    ProblemCode.EXISTING_PROCEDURE))
            elif same is not None and same is baseline_of(versions):
                problems.append(Problem(where, _(
                    "version {name!r} is the baseline of procedure {code} of {entity}; it "
                    "cannot be replaced by one version: copy the whole procedure").format(
                        name=version, code=clash.code, entity=row.name)))
        available = {(k, c) for k, c in ((i.kind, i.code) for i in
                                          target_items(load_entity(session, target.ubigeo)))}
        for kind, chosen in target.mapping.items():
            for source_code, code in chosen.items():
                if code != CREATE and (kind, code) not in available:
                    problems.append(Problem(where, _(
                        "{code!r} (chosen for {source!r}) does not exist in {entity}").format(
                            code=code, source=source_code, entity=row.name)))
    if problems:
        raise InputError(problems)


def copy_procedure(
    session: Session,
    source_uuid: str,
    targets: Sequence[CopyTarget | str],
    *,
    version: str | None = None,
    replace: bool = False,
    author: str = "",
    progress: Progress = no_progress,
) -> CopyResult:
    """Copy the procedure (or its version `version`) into every target, or refuse them
    all with one problem each (nothing written). The caller owns the transaction; the
    session's objects are expunged after each target (only snapshots come back)."""
    source, procedure, _id = load_procedure_by_uuid(session, source_uuid)
    versions = _chosen(procedure, version)
    wanted = [x if isinstance(x, CopyTarget) else CopyTarget(x) for x in targets]
    seen: dict[str, CopyTarget] = {}
    for target in wanted:
        if target.ubigeo.strip():
            seen.setdefault(target.ubigeo.strip(), _stripped(target))
    chosen_targets = list(seen.values())
    if not chosen_targets:
        raise InputError(_("no municipality to copy into"), ProblemCode.NEEDS_ENTITY)
    _check(session, source, procedure, chosen_targets, version, replace)
    needed = used_items(source, procedure, versions)
    results = []
    for index, target in enumerate(chosen_targets):
        progress(index, len(chosen_targets), target.ubigeo)
        results.append(_copy_into(session, source, procedure, versions, needed, target,
                                  version is not None, author))
        # Written (flushed) and read back as snapshots: a region's worth of ORM objects
        # would otherwise make every later flush walk all of them again.
        session.flush()
        session.expunge_all()
    progress(len(chosen_targets), len(chosen_targets), "")
    return CopyResult(source.ubigeo, procedure.code, procedure.name,
                      tuple(v.name for v in versions), tuple(results),
                      procedure.annual_demand)


class _Fresh(UuidGuard):
    """The copy's uuids are new (uuid4): no need to ask storage whether they are taken."""

    def fresh(self, table: type[t.Procedure | t.Version | t.Activity], wanted: str) -> str:
        return wanted or str(uuidlib.uuid4())


def _stripped(target: CopyTarget) -> CopyTarget:
    return CopyTarget(target.ubigeo.strip(), target.mapping)


def _resolve(session: Session, source: s.Entity, target_entity: s.Entity,
             needed: Sequence[Item], target: CopyTarget,
             author: str) -> tuple[dict[tuple[str, str], str], list[CreatedItem]]:
    """Source (kind, code) → target code, creating what is to be created."""
    matches = match_items(needed, target_items(target_entity))
    codes: dict[tuple[str, str], str] = {}
    to_create: list[Need] = []
    for need in matches:
        chosen = target.mapping.get(need.kind, {}).get(need.code, need.match)
        if chosen == CREATE:
            to_create.append(need)
        else:
            codes[(need.kind, need.code)] = chosen
    created: list[CreatedItem] = []
    # every code in use, allocated resources too (they are not matched, but their codes
    # are taken)
    taken = {"unit": {u.code for u in target_entity.units},
             "position": {p.code for p in target_entity.positions},
             "resource": {r.code for r in target_entity.resources}}
    units = {u.code: u for u in source.units}
    positions = {p.code: p for p in source.positions}
    resources = {r.code: r for r in source.resources}
    own_units = {u.code for u in target_entity.units}
    entity_id = entity_row(session, target.ubigeo).id
    unit_ids: dict[str, int] = {}
    for kind in KINDS:
        made: list[tuple[t.Unit | t.Position | t.Resource, Need, Decimal | None]] = []
        for need in (n for n in to_create if n.kind == kind):
            code = free_code(need.code, taken[kind])
            taken[kind].add(code)
            row: t.Unit | t.Position | t.Resource
            amount: Decimal | None = None
            if kind == "unit":
                row = t.Unit(entity_id=entity_id, code=code, name=need.name)
                own_units.add(code)
            elif kind == "position":
                position = positions[need.code]
                home = position.unit
                home_code = codes.get(("unit", home)) if home else None
                if home and home_code is None:
                    home_code = next((m.match for m in match_items(
                        [Item("unit", home, units[home].name if home in units else home)],
                        target_items(target_entity)) if m.match), None)
                row = t.Position(entity_id=entity_id, code=code, name=need.name,
                                 annual_cost=position.annual_cost,
                                 unit_id=unit_ids.get(home_code or ""))
                amount = position.annual_cost
            else:
                resource = resources[need.code]
                row = t.Resource(entity_id=entity_id, code=code, name=need.name,
                                 element=resource.element, unit_cost=resource.unit_cost)
                amount = resource.unit_cost
            session.add(row)
            made.append((row, need, amount))
            codes[(kind, need.code)] = code
        session.flush()
        if kind == "unit":
            unit_ids = dict(session.execute(select(t.Unit.code, t.Unit.id).where(
                t.Unit.entity_id == entity_id)).all())
        for row, need, amount in made:
            log_change(session, entity_id, kind, row.uuid, "create",
                       _("Added {code} {name}").format(code=row.code, name=row.name), author)
            created.append(CreatedItem(kind, row.code, need.name, row.uuid, need.code, amount))
    return codes, created


def _translate(procedure: s.Procedure, versions: Sequence[s.Version],
               codes: Mapping[tuple[str, str], str]) -> tuple[s.Version, ...]:
    """The versions in the target's codes, with fresh uuids (links kept among them)."""
    new_uid = {a.uid: str(uuidlib.uuid4()) for v in versions for a in v.activities if a.uid}

    def unit(code: str | None) -> str | None:
        return codes[("unit", code)] if code is not None else None

    def staff(uses: Sequence[s.StaffUse]) -> tuple[s.StaffUse, ...]:
        merged: dict[str, Decimal] = {}
        for use in uses:
            key = codes[("position", use.position)]
            merged[key] = merged.get(key, Decimal(0)) + use.count
        return tuple(s.StaffUse(code, count) for code, count in merged.items())

    def resources(uses: Sequence[s.ResourceUse]) -> tuple[s.ResourceUse, ...]:
        merged: dict[str, Decimal] = {}
        for use in uses:
            key = codes[("resource", use.resource)]
            merged[key] = merged.get(key, Decimal(0)) + use.qty
        return tuple(s.ResourceUse(code, qty) for code, qty in merged.items())

    def activity(a: s.Activity) -> s.Activity:
        return replace(a, unit=unit(a.unit), staff=staff(a.staff),
                       resources=resources(a.resources), uid=new_uid.get(a.uid, ""),
                       based_on=new_uid.get(a.based_on, ""))

    return tuple(replace(
        v, uid=str(uuidlib.uuid4()), adopted=False,
        activities=tuple(activity(a) for a in v.activities),
        requirements=(tuple(replace(q, uid="") for q in v.requirements)
                      if v.requirements is not None else None),
    ) for v in versions)


def _copy_into(session: Session, source: s.Entity, procedure: s.Procedure,
               versions: Sequence[s.Version], needed: Sequence[Item], target: CopyTarget,
               one_version: bool, author: str) -> TargetResult:
    target_entity = load_entity(session, target.ubigeo)
    row = entity_row(session, target.ubigeo)
    codes, created = _resolve(session, source, target_entity, needed, target, author)
    copied = _translate(procedure, versions, codes)
    old = _existing(session, row.id, procedure.code)
    replaced_procedure: ep.RemovedProcedure | None = None
    replaced_version: ev.RemovedVersion | None = None
    version_uuid = ""
    demand_left = False
    replaced_links: tuple[str, ...] = ()
    trace = _("Copied from {code} of {entity} ({ubigeo})").format(
        code=procedure.code, entity=source.name, ubigeo=source.ubigeo)
    if one_version and old is not None:
        version_row = copied[0]
        same = next((v for v in old.versions if v.name == version_row.name), None)
        if same is not None:
            replaced_version = ev.delete_version(session, same.uuid, author)
        position = (session.scalar(select(func.max(t.Version.position)).where(
            t.Version.procedure_id == old.id)) or 0) + 1
        units, positions, resources = code_maps(session, row.id)
        written = write_version(session, version_row, units, positions, resources, position,
                                _Fresh(session))
        written.procedure_id = old.id
        session.add(written)
        session.flush()
        if version_row.kind is VersionKind.TO_BE:
            base = baseline_of([v for v in old.versions if v.id != written.id])
            written.based_on_id = base.id if base is not None else None
        session.flush()
        procedure_uuid, version_uuid, new_procedure = old.uuid, written.uuid, False
        log_change(session, row.id, "version", written.uuid, "copy",
                   f"{trace}: {version_row.name}", author)
    else:
        demand, contact, channels = 0, "", ""
        position = (session.scalar(select(func.max(t.Procedure.position)).where(
            t.Procedure.entity_id == row.id)) or 0) + 1
        if old is not None:
            demand, contact, channels = old.annual_demand, old.contact, old.channels
            position = old.position
            replaced_links = _links(session, old.id)
            replaced_procedure = ep.delete_procedure(session, old.uuid, author)
        else:
            demand_left = procedure.annual_demand > 0
        written_versions = copied
        if one_version and copied[0].kind is VersionKind.TO_BE:
            base_name = _("Current")
            written_versions = (s.Version(name=base_name, kind=VersionKind.AS_IS,
                                          uid=str(uuidlib.uuid4())),
                                replace(copied[0], based_on=base_name))
        snapshot = replace(
            procedure, uid=str(uuidlib.uuid4()),
            filed_at=codes.get(("unit", procedure.filed_at or "")) or None,
            approved_by=codes.get(("unit", procedure.approved_by or "")) or None,
            annual_demand=demand, contact=contact, channels=channels,
            requirements=tuple(replace(q, uid="") for q in procedure.requirements),
            versions=written_versions)
        units, positions, resources = code_maps(session, row.id)
        new = write_procedure(session, row, snapshot, units, positions, resources, position,
                              _Fresh(session))
        session.flush()
        procedure_uuid, new_procedure = new.uuid, old is None
        if one_version:
            version_uuid = next(v.uuid for v in new.versions if v.name == copied[0].name)
        log_change(session, row.id, "procedure", new.uuid, "copy", trace, author)
    link_procedures(session, procedure.uid, procedure_uuid)
    return TargetResult(
        target.ubigeo, row.name, procedure.code, procedure_uuid, version_uuid,
        tuple(created), replaced_procedure, replaced_version, new_procedure,
        _figures(session, procedure_uuid, [v.name for v in copied]), demand_left,
        procedure.uid, replaced_links)


def _links(session: Session, procedure_id: int) -> tuple[str, ...]:
    """The uuids of the procedures linked to this one (a delete drops the links)."""
    pairs = session.execute(select(t.ProcedureLink.first_id, t.ProcedureLink.second_id).where(
        (t.ProcedureLink.first_id == procedure_id)
        | (t.ProcedureLink.second_id == procedure_id))).all()
    others = [b if a == procedure_id else a for a, b in pairs]
    if not others:
        return ()
    return tuple(session.scalars(select(t.Procedure.uuid).where(t.Procedure.id.in_(others))))


def _figures(session: Session, procedure_uuid: str,
             names: Sequence[str]) -> tuple[VersionFigures, ...]:
    """The copied versions measured at their new home (its rates, its UIT)."""
    context = procedure_context(session, procedure_uuid)
    found = []
    for version in context.procedure.versions:
        if version.name in names:
            metrics = context.measure(version).metrics
            found.append(VersionFigures(version.name, metrics.activities,
                                        metrics.cost.unit_cost, metrics.fee,
                                        tuple(str(w.code) for w in metrics.warnings)))
    return tuple(found)


# ---- Undo and redo (the window) --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UndoneCopy:
    """What taking one target's copy out removed, for putting it back (same uuids)."""

    procedure: ep.RemovedProcedure | None
    version: ev.RemovedVersion | None
    items: tuple[ee.RemovedItem, ...]


def undo_copy(session: Session, result: TargetResult, author: str = "") -> UndoneCopy:
    """Take one target's copy out: the copy goes, what it replaced comes back, then the
    items created for it go."""
    removed_procedure: ep.RemovedProcedure | None = None
    removed_version: ev.RemovedVersion | None = None
    if result.version_uuid and not result.new_procedure:
        removed_version = ev.delete_version(session, result.version_uuid, author)
        if result.replaced_version is not None:
            ev.restore_version(session, result.replaced_version, author)
    else:
        removed_procedure = ep.delete_procedure(session, result.procedure_uuid, author)
        if result.replaced_procedure is not None:
            restored = ep.restore_procedure(session, result.replaced_procedure, author)
            for other in result.replaced_links:
                link_procedures(session, restored, other)
    items = tuple(ee.delete_item(session, item.kind, item.uuid, author)
                  for item in reversed(result.created))
    return UndoneCopy(removed_procedure, removed_version, items)


def redo_copy(session: Session, result: TargetResult, undone: UndoneCopy,
              author: str = "") -> None:
    """Put a copy taken out by `undo_copy` back, with the same uuids."""
    for item in reversed(undone.items):
        ee.restore_item(session, item, author)
    if undone.version is not None:
        if result.replaced_version is not None:
            ev.delete_version(session, result.replaced_version.version.uid, author)
        ev.restore_version(session, undone.version, author)
    if undone.procedure is not None:
        if result.replaced_procedure is not None:
            ep.delete_procedure(session, result.replaced_procedure.procedure.uid, author)
        ep.restore_procedure(session, undone.procedure, author)
        if result.source_uuid:  # the link went with the procedure
            link_procedures(session, result.source_uuid, result.procedure_uuid)
