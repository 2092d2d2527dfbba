"""Benchmark: one procedure across the municipalities under a code (issue #13, DESIGN §5).

The same procedure is found by `services.matching` (standard code, link, same name);
each municipality's figures are those of its version in force (`rules.scenario.in_force`)
and come through ONE function, `figures_in_force`, so that they can be read from stored
figures (#17) without touching anything else here. The statistics are
`procedures.standard.benchmark` (no storage).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from procedures.errors import NotFoundError
from procedures.i18n import _
from procedures.progress import Progress, no_progress
from procedures.rules.scenario import in_force, plazo_of
from procedures.services.matching import (
    check_scope,
    matching_procedures,
    procedure_by_reference,
)
from procedures.services.measurement import procedure_context
from procedures.standard.benchmark import (
    Benchmark,
    MatchKind,
    VersionFigures,
    build_benchmark,
)


def figures_in_force(session: Session, procedure_uuids: Sequence[str],
                     progress: Progress = no_progress) -> dict[str, VersionFigures]:
    """The figures of the version in force of each procedure (by uuid); a procedure
    without a version is left out.

    The one place the benchmark reads figures: the stored ones (`version_figures`, kept
    in the same transaction as every change); a procedure whose figures are not stored
    (a database being filled) is measured by the engine."""
    from procedures.services.figures import in_force_of

    stored = in_force_of(session, procedure_uuids)
    out: dict[str, VersionFigures] = {}
    total = len(procedure_uuids)
    for index, uuid in enumerate(procedure_uuids):
        found = stored.get(uuid)
        if found is not None:
            f = found.figures
            yearly = f.yearly
            out[uuid] = VersionFigures(
                version=found.version, unit_cost=f.unit_cost, fee=f.fee,
                fee_pct_uit=f.fee_pct_uit, business_days=f.business_days,
                activities=f.activities, handoffs=f.handoffs,
                citizen_visits=f.citizen_visits, citizen_minutes=f.citizen_minutes,
                citizen_hours=yearly.citizen_hours, entity_cost=yearly.entity_cost,
                entity_hours=yearly.entity_hours, annual_demand=found.annual_demand,
                plazo=found.plazo, plazo_unit=found.plazo_unit,
                calificacion=found.calificacion, warnings=tuple(dict.fromkeys(f.warnings)))
            continue
        progress(index, total, "")
        measured = _measured(session, uuid)
        if measured is not None:
            out[uuid] = measured
    progress(total, total, "")
    return out


def _measured(session: Session, uuid: str) -> VersionFigures | None:
    """The engine's figures of the version in force (no stored ones to read)."""
    context = procedure_context(session, uuid)
    version = in_force(context.procedure.versions)
    if version is None:
        return None
    m = context.measure(version).metrics
    plazo, unit = plazo_of(context.procedure, version)
    return VersionFigures(
        version=version.name, unit_cost=m.cost.unit_cost, fee=m.fee,
        fee_pct_uit=m.fee_pct_uit, business_days=m.business_days,
        activities=m.activities, handoffs=m.handoffs, citizen_visits=m.citizen_visits,
        citizen_minutes=m.citizen.minutes, citizen_hours=m.yearly.citizen_hours,
        entity_cost=m.yearly.entity_cost, entity_hours=m.yearly.entity_hours,
        annual_demand=context.procedure.annual_demand, plazo=plazo, plazo_unit=unit,
        calificacion=(version.calificacion or context.procedure.calificacion),
        warnings=tuple(dict.fromkeys(w.code.value for w in m.warnings)))


def run_benchmark(session: Session, scope: str, procedure_uuid: str,
                  progress: Progress = no_progress) -> Benchmark:
    """The benchmark of one procedure across the municipalities under `scope` (and the
    procedure itself, wherever it is).

    NotFoundError when no other municipality under the code has the procedure.
    """
    check_scope(scope)
    matches = matching_procedures(session, procedure_uuid, scope)
    reference = next(m for m in matches if m.kind is MatchKind.SELF)
    others = [m for m in matches if m.kind is not MatchKind.SELF]
    if not others:
        raise NotFoundError(_(
            "no other municipality under {scope} has the procedure {code} — "
            "{name} (by standard code, link or the same name)").format(
            scope=scope, code=reference.code,
            name=reference.name if len(reference.name) <= 120
            else reference.name[:119].rstrip() + "…"))
    # The procedure asked about is always a row, even from outside the scope (a
    # municipality compared with another province).
    in_scope = [m for m in matches if m.ubigeo.startswith(scope) or m.kind is MatchKind.SELF]
    figures = figures_in_force(session, [m.procedure_uuid for m in in_scope], progress)
    measured = [(m, figures[m.procedure_uuid]) for m in in_scope if m.procedure_uuid in figures]
    not_mapped = [m for m in in_scope if m.procedure_uuid not in figures]
    return build_benchmark(scope, reference, measured, not_mapped)


def benchmark_by_reference(session: Session, scope: str, reference: str,
                           progress: Progress = no_progress) -> Benchmark:
    """The CLI's door: `--entity CODE --procedure UBIGEO/CODE`."""
    check_scope(scope)
    return run_benchmark(session, scope, procedure_by_reference(session, reference), progress)
