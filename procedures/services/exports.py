"""Export in any supported format (the CLI's and the window's `export`): a package (of a
procedure, a municipality, a province or the department), or Excel of a procedure or a
whole entity, or one version as BPMN 2.0.

Excel of a procedure: an ASME-VM sheet per version, the cost workbook of every version
and, when there are two or more, the comparison of the as-is version with `version` (or
with the first proposal). Excel of an entity: the inventory, an ASME-VM sheet per
version of every procedure, and the cost workbook of each procedure's as-is version.
BPMN, and the SUT's activity template (`sut`): one version (`version`, default the
as-is one) of one procedure. A step table asked for as `xlsx` into a file ending .ods or
.csv is written in that format: the ASME-VM sheets only (.ods: one per version; .csv:
one version of one procedure).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from sqlalchemy.orm import Session

from models.codes import VersionKind
from procedures import snapshots as s
from procedures.collector import cycle_collector_paused
from procedures.destination import check_destination
from procedures.errors import InputError, Location, NotFoundError, Problem, ProblemCode
from procedures.exchange.cost_inputs import CostItem
from procedures.exchange.package_write import write_package_file
from procedures.exchange.workbook import WorkbookContent, write_workbook
from procedures.i18n import _, ngettext
from procedures.metrics import allocation_rates, compare_metrics, compute_metrics, portfolio_minutes
from procedures.progress import Progress, no_progress
from procedures.services.lookup import pick_version, procedure_uuid
from procedures.services.measurement import procedure_context
from procedures.storage.bulk_read import entity_ubigeos, iter_entities
from procedures.storage.provenance import origin_of
from procedures.storage.read import (
    entity_row,
    load_entity,
    load_procedures,
    reference_values,
)


def export_file(
    session: Session,
    code: str,
    path: Path,
    fmt: str,
    *,
    procedure: str | None = None,
    version: str | None = None,
    progress: Progress = no_progress,
) -> str:
    """Write the file and return a sentence saying what was written.

    A package (json) takes `code` as a ubigeo, a province (0601) or the department (06):
    every municipality under it, in one file."""
    check_destination(path)
    if fmt == "json":
        _entities, count = export_package(session, code, path, procedure, progress)
        return ngettext("Exported {count} procedure to {path}.",
                        "Exported {count} procedures to {path}.", count).format(
            count=count, path=path)
    return export_steps(session, code, path, fmt, procedure=procedure, version=version,
                        progress=progress)


def entities_for_export(
    session: Session, code: str, procedure: str | None = None
) -> Iterator[s.Entity]:
    """The entities under `code` (a ubigeo, a province or the department) with all their
    procedures, or with just `procedure` (those that have it), read a few at a time."""
    if procedure is not None and len(code) == 6:
        entity = load_entity(session, code)
        found = load_procedures(session, entity_row(session, code).id, [procedure])
        if not found:
            raise NotFoundError(_("there is no procedure with code {code} in {entity}").format(
                code=procedure, entity=entity.name))
        yield _with_links(session, replace(
            entity, procedures=found, origin=origin_of(session, entity_row(session, code).id)))
        return
    ubigeos = entity_ubigeos(session, code) if code.isdigit() and len(code) in (2, 4, 6) else []
    if not ubigeos:
        if len(code) in (2, 4) and code.isdigit():
            raise NotFoundError(_("there is no municipality under {code}").format(code=code))
        raise NotFoundError(_("there is no entity with ubigeo {ubigeo}").format(ubigeo=code))
    found_any = False
    for entity in iter_entities(session, ubigeos):
        if procedure is not None:
            entity = replace(entity, procedures=tuple(
                p for p in entity.procedures if p.code == procedure))
            if not entity.procedures:
                continue
        found_any = True
        # The origin (this database, its newest change of the entity) a later merge
        # starts from.
        yield _with_links(session, replace(
            entity, origin=origin_of(session, entity_row(session, entity.ubigeo).id)))
    if procedure is not None and not found_any:
        raise NotFoundError(_("there is no procedure with code {code} under {entity}").format(
            code=procedure, entity=code))


def _with_links(session: Session, entity: s.Entity) -> s.Entity:
    from procedures.services.matching import links_of

    links = links_of(session, [p.uid for p in entity.procedures])
    if not links:
        return entity
    return replace(entity, procedures=tuple(
        replace(p, same_as=tuple(links.get(p.uid, ()))) for p in entity.procedures))



def export_package(
    session: Session, code: str, path: str | Path, procedure: str | None = None,
    progress: Progress = no_progress,
) -> tuple[int, int]:
    """Write the package of `entities_for_export`; return how many entities and
    procedures it holds. Nothing is left at `path` when anything fails (or `progress`
    raises `Cancelled`), and a file already there stays as it was."""
    counts = [0, 0]
    total = len(entity_ubigeos(session, code)) if len(code) in (2, 4) else 1

    def counted() -> Iterator[s.Entity]:
        for entity in entities_for_export(session, code, procedure):
            counts[0] += 1
            counts[1] += len(entity.procedures)
            progress(counts[0], max(total, counts[0]), entity.name)
            yield entity

    with cycle_collector_paused():
        write_package_file(counted(), path)
    return counts[0], counts[1]


def export_steps(
    session: Session,
    ubigeo: str,
    path: Path,
    fmt: str,
    *,
    procedure: str | None = None,
    version: str | None = None,
    progress: Progress = no_progress,
) -> str:
    """Write the file; return a sentence saying what was written."""
    path = Path(path)
    if fmt == "bpmn":
        if not procedure:
            raise InputError(Problem(Location(file=path.name), _(
                "a BPMN export is of one procedure"),
                ProblemCode.NEEDS_PROCEDURE))
        return _export_bpmn(session, ubigeo, path, procedure, version)
    if fmt == "sut":
        if not procedure:
            raise InputError(Problem(Location(file=path.name), _(
                "the SUT's activity template is of one procedure"),
                ProblemCode.NEEDS_PROCEDURE))
        return _export_sut(session, ubigeo, path, procedure, version)
    if fmt != "xlsx":
        raise InputError(Problem(Location(file=path.name), _(
            "unknown export format {fmt!r}; use json, xlsx, bpmn or sut").format(fmt=fmt),
            ProblemCode.UNKNOWN_FILE_TYPE))
    if path.suffix.lower() in (".ods", ".csv"):
        return _export_plain_steps(session, ubigeo, path, procedure, version)
    if procedure:
        content = procedure_workbook(session, ubigeo, procedure, version)
    else:
        content = entity_workbook(session, ubigeo)
    write_workbook(path, content, progress)
    count = sum(len(p.versions) for p in content.procedures)
    return ngettext("Exported {count} version to {path}.",
                    "Exported {count} versions to {path}.", count).format(count=count, path=path)


def procedure_workbook(
    session: Session, ubigeo: str, code: str, version: str | None = None
) -> WorkbookContent:
    context = procedure_context(session, procedure_uuid(session, ubigeo, code))
    procedure = context.procedure
    items = tuple(CostItem(procedure, v, context.measure(v).metrics) for v in procedure.versions)
    comparison = None
    compared: tuple[int | None, int | None] = (None, None)
    chosen = pick_version(procedure, version) if version else None  # a wrong name is an error
    if len(procedure.versions) > 1:
        before = pick_version(procedure, None)
        after = chosen
        if after is None or after is before:
            after = next((v for v in procedure.versions
                          if v is not before and v.kind is VersionKind.TO_BE),
                         next(v for v in procedure.versions if v is not before))
        first = procedure.versions.index(before)
        second = procedure.versions.index(after)
        comparison = compare_metrics(items[first].metrics, items[second].metrics, before, after,
                                     procedure)
        compared = (first, second)
    return WorkbookContent(entity=context.entity, procedures=(procedure,), items=items,
                           rates=context.rates, comparison=comparison, compared=compared)


def entity_workbook(session: Session, ubigeo: str) -> WorkbookContent:
    entity = load_entity(session, ubigeo, procedures=True)
    rates = allocation_rates(entity, portfolio_minutes(entity.procedures))
    reference = reference_values(session, entity.settings.year)
    items = []
    for procedure in entity.procedures:
        if not procedure.versions:
            continue
        chosen = pick_version(procedure, None)
        metrics = compute_metrics(entity, procedure, chosen, rates, reference)
        items.append(CostItem(procedure, chosen, metrics))
    return WorkbookContent(entity=entity, procedures=entity.procedures, items=tuple(items),
                           rates=rates, inventory=True)


def _export_bpmn(
    session: Session, ubigeo: str, path: Path, code: str, version: str | None
) -> str:
    from procedures.exchange.bpmn_write import write_bpmn_file

    context = procedure_context(session, procedure_uuid(session, ubigeo, code))
    chosen = pick_version(context.procedure, version)
    write_bpmn_file(path, context.entity, context.procedure, chosen,
                    context.measure(chosen).metrics)
    return _("Exported {procedure} / {version} as BPMN to {path}.").format(
        procedure=code, version=chosen.name, path=path)


def _export_sut(
    session: Session, ubigeo: str, path: Path, code: str, version: str | None
) -> str:
    from procedures.exchange.sut_template import left_out, write_sut_template

    context = procedure_context(session, procedure_uuid(session, ubigeo, code))
    chosen = pick_version(context.procedure, version)
    write_sut_template(path, context.entity, chosen)
    message = _("Exported {procedure} / {version} as the SUT's activity template to "
                "{path}.").format(procedure=code, version=chosen.name, path=path)
    dropped = left_out(chosen)
    if dropped:
        message += " " + _("The template has no columns for {what}; they were not "
                           "written.").format(what=", ".join(dropped))
    return message


def _export_plain_steps(
    session: Session, ubigeo: str, path: Path, procedure: str | None, version: str | None
) -> str:
    """The ASME-VM sheets as .ods (every version) or one version as .csv."""
    from procedures.exchange.step_tables import write_csv_table, write_ods_tables

    if path.suffix.lower() == ".csv":
        if not procedure:
            raise InputError(Problem(Location(file=path.name), _(
                "a CSV step table is of one procedure"), ProblemCode.NEEDS_PROCEDURE))
        context = procedure_context(session, procedure_uuid(session, ubigeo, procedure))
        chosen = pick_version(context.procedure, version)
        write_csv_table(path, context.entity, context.procedure, chosen)
        return _("Exported {procedure} / {version} as a step table to {path}.").format(
            procedure=procedure, version=chosen.name, path=path)
    (entity,) = entities_for_export(session, ubigeo, procedure)
    count = write_ods_tables(path, entity, entity.procedures, by_procedure=not procedure)
    return ngettext("Exported {count} version to {path}.",
                    "Exported {count} versions to {path}.", count).format(count=count, path=path)
