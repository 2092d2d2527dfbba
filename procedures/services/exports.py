"""Export in any supported format (the CLI's and the window's `export`): a package, or
Excel of a procedure or a whole entity, or one version as BPMN 2.0.

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

from dataclasses import replace
from pathlib import Path

from sqlalchemy.orm import Session

from models.codes import VersionKind
from procedures import snapshots as s
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
from procedures.storage.read import (
    entity_row,
    load_entity,
    load_procedures,
    reference_values,
)


def export_file(
    session: Session,
    ubigeo: str,
    path: Path,
    fmt: str,
    *,
    procedure: str | None = None,
    version: str | None = None,
) -> str:
    """Write the file and return a sentence saying what was written."""
    check_destination(path)
    if fmt == "json":
        entities = export_package(session, ubigeo, path, procedure)
        count = sum(len(e.procedures) for e in entities)
        return ngettext("Exported {count} procedure to {path}.",
                        "Exported {count} procedures to {path}.", count).format(
            count=count, path=path)
    return export_steps(session, ubigeo, path, fmt, procedure=procedure, version=version)


def entities_for_export(
    session: Session, ubigeo: str, procedure: str | None = None
) -> tuple[s.Entity, ...]:
    """One entity with all its procedures, or with just `procedure` (each with the
    links a clerk made to the same procedure elsewhere)."""
    if procedure is None:
        return (_with_links(session, load_entity(session, ubigeo, procedures=True)),)
    entity = load_entity(session, ubigeo)
    found = load_procedures(session, entity_row(session, ubigeo).id, [procedure])
    if not found:
        raise NotFoundError(_("there is no procedure with code {code} in {entity}").format(
            code=procedure, entity=entity.name))
    return (_with_links(session, replace(entity, procedures=found)),)


def _with_links(session: Session, entity: s.Entity) -> s.Entity:
    from procedures.services.matching import links_of

    links = links_of(session, [p.uid for p in entity.procedures])
    if not links:
        return entity
    return replace(entity, procedures=tuple(
        replace(p, same_as=tuple(links.get(p.uid, ()))) for p in entity.procedures))


def export_package(
    session: Session, ubigeo: str, path: str | Path, procedure: str | None = None
) -> tuple[s.Entity, ...]:
    entities = entities_for_export(session, ubigeo, procedure)
    write_package_file(entities, path)
    return entities


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
