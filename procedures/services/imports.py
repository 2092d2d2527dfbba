"""Import any supported file (the CLI's and the window's `import`): a package, or a step
table (a spreadsheet — .xlsx, .ods, .csv — or BPMN) into one version of a procedure; each
returns an `ImportResult`.

A package is read a municipality at a time and written in bulk as it is validated, all
in the caller's transaction: a problem anywhere refuses the whole file (the caller rolls
back), and the problems of the whole file are reported.
A step table is read and checked first (cells, units, position and resource codes);
only then are rows added, so a refused file leaves the database as it was. Its
activities are appended to the chosen version; a version that does not exist yet is
created as a to-be proposal based on the as-is one. Without a version name the as-is
version receives them. A version that has steps already is refused (code
`VERSION_HAS_STEPS`: the same file imported twice would add every step again) unless
`replace`, which replaces its steps with the file's. Units named in a spreadsheet that
match none of the entity's are reported (code `UNKNOWN_UNIT`) unless `create_units`; a
diagram's lanes that match none are created (each one noted).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import tables as t
from models.codes import VersionKind
from procedures import snapshots as s
from procedures.collector import cycle_collector_paused
from procedures.errors import InputError, Location, Problem, ProblemCode
from procedures.exchange.package_read import read_package_file
from procedures.exchange.read_ahead import read_ahead
from procedures.exchange.resolve import resolve_steps
from procedures.exchange.steps import StepTable
from procedures.i18n import _, ngettext
from procedures.progress import Progress, no_progress, scaled
from procedures.results import CreatedUnit, ImportResult, Outcome, ProcedureResult
from procedures.services.figures import ImportedFigures, Measured
from procedures.storage.read import entity_row, load_procedure, procedure_row
from procedures.storage.write import activity_row, import_entities, log_change

XLSX_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".csv")  # every spreadsheet of a step table
BPMN_SUFFIXES = (".bpmn", ".xml")


def import_file(
    session: Session,
    path: Path,
    *,
    replace: bool = False,
    entity: str | None = None,
    procedure: str | None = None,
    version: str | None = None,
    create_units: bool = False,
    keep_existing: bool = False,
    append: bool = False,
    progress: Progress = no_progress,
    author: str = "",
) -> ImportResult:
    """Import `path` by its extension, in the caller's transaction (recorded as `author`'s).

    `keep_existing` (a package) leaves the procedures the database has as they are and
    adds the others; `append` (a step table) adds the file's steps after the version's.
    """
    suffix = path.suffix.lower()
    if path.name.lower().endswith(".json"):
        return import_package(session, path, replace=replace, keep_existing=keep_existing,
                              progress=progress, author=author)
    if suffix in XLSX_SUFFIXES + BPMN_SUFFIXES:
        needs = (
            (entity, ProblemCode.NEEDS_ENTITY,
             _("importing a {kind} file needs the municipality it goes into")),
            (procedure, ProblemCode.NEEDS_PROCEDURE,
             _("importing a {kind} file needs the procedure it goes into")),
        )
        missing = [Problem(Location(file=path.name), message.format(kind=suffix), code)
                   for value, code, message in needs if not value]
        if missing:
            raise InputError(missing)
        return import_steps(session, path, entity or "", procedure or "", version,
                            create_units=create_units, replace=replace, append=append,
                            progress=progress, author=author)
    raise InputError(Problem(Location(file=path.name), _(
        "unknown file type {suffix!r}; use .tramite.json, .xlsx, .ods, .csv or .bpmn").format(
            suffix=suffix or path.name), ProblemCode.UNKNOWN_FILE_TYPE))


def import_package(
    session: Session,
    path: str | Path,
    *,
    replace: bool = False,
    keep_existing: bool = False,
    author: str = "",
    progress: Progress = no_progress,
) -> ImportResult:
    """Read, validate and write the file a municipality at a time, in the caller's
    transaction: a problem anywhere in the file (or a cancel) raises, and the caller's
    rollback leaves the database as it was."""
    path = Path(path)
    links: list[tuple[str, str, tuple[str, ...]]] = []

    def noting_links(entities: Iterable[tuple[s.Entity, Measured | None]]
                     ) -> Iterator[tuple[s.Entity, Measured | None]]:
        # The stream passes once: the links to store afterwards are noted on the way.
        for entity, measured in entities:
            links.extend((entity.ubigeo, p.code, p.same_as) for p in entity.procedures
                         if p.same_as)
            yield entity, measured

    figures = ImportedFigures(session)  # measured on the way, stored once written
    # A large file is read and measured in a second process while this one writes.
    read = read_ahead(path, progress, figures.work())
    with cycle_collector_paused():
        result = import_entities(
            session, figures.measuring(noting_links(read)),
            replace=replace, skip_existing=keep_existing and not replace, author=author,
            file=path.name)
        figures.store(result)  # the rest (merged municipalities) measured at commit
    _link_same_procedures(session, links)
    return result


def _link_same_procedures(session: Session,
                          links: Sequence[tuple[str, str, tuple[str, ...]]]) -> None:
    """The package's `same_as` links, once its procedures are written: a link to a
    procedure this database does not hold (yet) is left out; the rest are stored."""
    from procedures.errors import DomainError
    from procedures.services.matching import link_procedures, procedure_by_reference

    for ubigeo, code, same_as in links:
        try:
            mine = procedure_by_reference(session, f"{ubigeo}/{code}")
        except DomainError:
            continue
        for reference in same_as:
            try:
                link_procedures(session, mine, procedure_by_reference(session, reference))
            except DomainError:
                continue


@dataclass(frozen=True, slots=True)
class PackageOverlap:
    """The procedures of a package, split by whether the database has them: what a
    person needs to choose between replacing them and keeping their own."""

    file: str
    new: tuple[str, ...]  # "PA-07 Certificado de posesión (060101)"
    existing: tuple[str, ...]


def package_overlap(session: Session, path: Path,
                    progress: Progress = no_progress) -> PackageOverlap:
    """Which procedures of the package at `path` the database has already (read a
    municipality at a time, so a region's package is never held whole; `progress` gets
    the bytes read and may cancel)."""
    new: list[str] = []
    existing: list[str] = []
    for entity in read_package_file(path, progress):
        entity_id = session.scalar(select(t.Entity.id).where(t.Entity.ubigeo == entity.ubigeo))
        codes = set() if entity_id is None else set(session.scalars(
            select(t.Procedure.code).where(t.Procedure.entity_id == entity_id)))
        for procedure in entity.procedures:
            name = f"{procedure.code} {procedure.name} ({entity.ubigeo})"
            (existing if procedure.code in codes else new).append(name)
    return PackageOverlap(path.name, tuple(new), tuple(existing))


def read_step_file(
    path: Path, version: str | None = None, progress: Progress = no_progress,
    procedure: str | None = None,
) -> StepTable:
    """Read an .xlsx, .ods, .csv or .bpmn file into a step table (no database involved)."""
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        from procedures.exchange.asme_read import read_step_workbook

        return read_step_workbook(path, version, progress, procedure)
    if suffix in BPMN_SUFFIXES:
        from procedures.exchange.bpmn_read import read_bpmn_file

        return read_bpmn_file(path)
    raise InputError(Problem(Location(file=path.name), _(
        "unknown file type {suffix!r}; use .xlsx, .ods, .csv or .bpmn").format(
            suffix=suffix or path.name),
        ProblemCode.UNKNOWN_FILE_TYPE))


def import_steps(
    session: Session,
    path: Path,
    entity: str,
    procedure: str,
    version: str | None,
    *,
    create_units: bool = False,
    replace: bool = False,
    append: bool = False,
    progress: Progress = no_progress,
    author: str = "",
) -> ImportResult:
    """Write the file's activities into a version that has none (or, with `replace`,
    instead of the ones it has); the result names the rows added."""
    path = Path(path)
    snapshot, target_procedure = load_procedure(session, entity, procedure)
    table = read_step_file(path, version, scaled(progress, 0, 80, 100), procedure)
    if not table.steps and table.problems:  # every row was refused: say why
        raise InputError(table.problems)
    if not table.steps:
        sheet = table.source if path.suffix.lower() in XLSX_SUFFIXES else ""
        raise InputError(Problem(Location(file=path.name, sheet=sheet), _(
            "the file has no activities to import"), ProblemCode.NOTHING_TO_IMPORT))
    default_unit = target_procedure.filed_at or (
        snapshot.units[0].code if snapshot.units else None)
    # A diagram's lanes are drawn on purpose, so a missing one becomes a unit (noted);
    # a spreadsheet's unit cells are free text, so only `create_units` creates them.
    is_diagram = path.suffix.lower() in BPMN_SUFFIXES
    # A diagram also carries the staff codes of the municipality it was drawn in: those
    # this one lacks are found by name or left out (noted), never a refusal.
    resolved = resolve_steps(table, snapshot, create_units=create_units or is_diagram,
                             default_unit=default_unit, drop_unknown_codes=is_diagram)

    entity_id = entity_row(session, entity).id
    procedure_db = procedure_row(session, entity_id, procedure)
    target, created = _target_version(session, procedure_db, version)
    existing = list(session.scalars(
        select(t.Activity).where(t.Activity.version_id == target.id)))
    if existing and not (replace or append):
        raise InputError(Problem(Location(file=path.name), ngettext(
            "version {version!r} of {procedure} has {count} step already; the file's steps "
            "would be added after it",
            "version {version!r} of {procedure} has {count} steps already; the file's steps "
            "would be added after them", len(existing)).format(
                version=target.name, procedure=procedure, count=len(existing)),
            ProblemCode.VERSION_HAS_STEPS))
    if not replace:
        existing = []
    for old in existing:
        session.delete(old)
    if existing:
        session.flush()
    units = _codes(session, t.Unit, entity_id)
    new_units: list[CreatedUnit] = []
    for unit in resolved.new_units:
        row = t.Unit(entity_id=entity_id, code=unit.code, name=unit.name)
        session.add(row)
        session.flush()
        units[unit.code] = row.id
        new_units.append(CreatedUnit(entity, row.uuid, row.code, row.name))
        log_change(session, entity_id, "unit", row.uuid, "create",
                   _("Unit created by an import ({file})").format(file=path.name), author,
                   new=row.name, label=row.code)
    positions = _codes(session, t.Position, entity_id)
    resources = _codes(session, t.Resource, entity_id)
    start = (session.scalar(
        select(func.max(t.Activity.position)).where(t.Activity.version_id == target.id)) or 0)
    total = len(resolved.activities)
    rows: list[t.Activity] = []
    for index, activity in enumerate(resolved.activities):
        new = activity_row(activity, start + index + 1, units, positions, resources)
        new.version_id = target.id
        session.add(new)
        rows.append(new)
        if index % 500 == 0:
            progress(80 + 20 * index // total, 100, activity.description)
    session.flush()
    session.expire(target, ["activities"])
    summary = ngettext("Imported {count} activity from {file}",
                       "Imported {count} activities from {file}", total).format(
                           count=total, file=path.name)
    if existing:
        summary += " " + ngettext("(replacing {count} activity)",
                                  "(replacing {count} activities)", len(existing)).format(
                                      count=len(existing))
    log_change(session, entity_id, "version", target.uuid, "import", summary, author,
               field="activities", old=len(existing) if replace else start,
               new=start + total if not replace else total, label=target.name,
               procedure=procedure_db, version=target)
    progress(100, 100, "")
    outcome = ProcedureResult(
        entity, procedure, procedure_db.uuid, Outcome.STEPS_ADDED, versions=(target.uuid,),
        activities=total, activity_uuids=tuple(row.uuid for row in rows),
        version=target.name, version_created=created, steps_replaced=len(existing))
    return ImportResult(file=path.name, procedures=(outcome,), entities=(entity,),
                        units_created=tuple(new_units),
                        notes=(*table.notes, *resolved.notes))


def _codes(session: Session, table: type[t.Unit | t.Position | t.Resource],
           entity_id: int) -> dict[str, int]:
    """code -> id of an entity's units, positions or resources."""
    rows = session.execute(select(table.code, table.id).where(table.entity_id == entity_id))
    return {code: row_id for code, row_id in rows}


def _target_version(
    session: Session, procedure: t.Procedure, name: str | None
) -> tuple[t.Version, bool]:
    """The version to append to, creating it when needed (True when created)."""
    versions = sorted(procedure.versions, key=lambda v: (v.position, v.id))
    base = next((v for v in versions if v.kind is VersionKind.AS_IS), None) or (
        versions[0] if versions else None)
    if name:
        found = next((v for v in versions if v.name == name), None)
        if found is not None:
            return found, False
        kind = VersionKind.TO_BE
    else:
        if base is not None:
            return base, False
        name, kind = _("Current"), VersionKind.AS_IS
    row = t.Version(
        uuid=str(uuid.uuid4()),
        procedure_id=procedure.id,
        position=(max((v.position for v in versions), default=-1) + 1),
        name=name,
        kind=kind,
        fee=base.fee if base is not None else 0,
        based_on_id=base.id if base is not None and kind is VersionKind.TO_BE else None,
    )
    session.add(row)
    session.flush()
    return row, True
