"""Printed reports: load the data a report needs, measure it, hand it to a builder.

The builders in `procedures.reports` see only snapshots and engine results; this module
is the one place that reads storage for them. The caller owns the session (read-only
here). Building runs inside `use_language(request.lang)` so every word, date and
number of the PDF follows the requested language, whatever the window's language is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from procedures import snapshots as s
from procedures.destination import check_destination
from procedures.errors import InputError, Location, NotFoundError, Problem, ProblemCode
from procedures.i18n import _, ngettext, use_language
from procedures.metrics import (
    AllocationRates,
    Metrics,
    allocation_rates,
    compute_metrics,
    portfolio_minutes,
)
from procedures.progress import Progress, no_progress, scaled
from procedures.reports.document import write_pdf
from procedures.rules.scenario import in_force
from procedures.services.lookup import pick_version, procedure_uuid
from procedures.storage.read import load_entity, reference_values

if TYPE_CHECKING:
    from procedures.reports.guide import GuideData
    from procedures.services.measurement import Context

KINDS = ("guide", "booklet", "sheet", "comparison", "tupa", "portfolio", "benchmark")


@dataclass(frozen=True)
class ReportRequest:
    """What the CLI's `report` command (and the window's Print dialog) asks for.

    `today` fixes the filing date of the guide's due date (tests); None is today.
    """

    kind: str
    entity: str
    procedure: str | None = None
    version: str | None = None
    lang: str = "es"
    large_print: bool = False
    out: Path = Path("report.pdf")
    today: date | None = None


def build_report(
    session: Session, request: ReportRequest, progress: Progress = no_progress
) -> str:
    """Write the PDF of `request` and return one line saying what was written.

    Raises `InputError` for arguments that do not fit the report, `NotFoundError` for
    an unknown entity, procedure or version, `Cancelled` when `progress` cancels (no
    file is written then).
    """
    _check(request)
    check_destination(request.out)
    with use_language(request.lang):
        builder = _BUILDERS[request.kind]
        pages = builder(session, request, progress)
        return ngettext("{kind} written to {path} ({pages} page).",
                        "{kind} written to {path} ({pages} pages).", pages).format(
            kind=_report_name(request.kind), path=request.out, pages=pages)


def _check(request: ReportRequest) -> None:
    problems: list[Problem] = []

    def add(message: str, code: ProblemCode = ProblemCode.INVALID_VALUE) -> None:
        problems.append(Problem(Location(), message, code))

    if request.kind not in KINDS:
        add(_("unknown report {kind!r}; use one of {kinds}").format(
            kind=request.kind, kinds=", ".join(KINDS)))
    needs_procedure = request.kind in ("guide", "sheet", "comparison", "benchmark")
    if needs_procedure and not request.procedure:
        add(_("the {kind} report is of one procedure").format(kind=request.kind),
            ProblemCode.NEEDS_PROCEDURE)
    if request.kind == "comparison" and not request.version:
        add(_("the comparison report needs the proposal to compare with the current "
              "version"), ProblemCode.NEEDS_PROPOSAL)
    if request.kind == "benchmark":
        if len(request.entity) not in (2, 4, 6) or not request.entity.isdigit():
            add(_("the benchmark report takes a department (06), province (0601) or "
                  "ubigeo code"), ProblemCode.NEEDS_ENTITY)
    elif request.kind == "portfolio":
        if len(request.entity) not in (2, 4) or not request.entity.isdigit():
            add(_("the portfolio report takes a province code (4 digits, e.g. 0601) or the "
                  "department code (06)"), ProblemCode.NEEDS_ENTITY)
    elif not (len(request.entity) == 6 and request.entity.isdigit()):
        add(_("the report takes the six-digit ubigeo of a municipality, found "
              "{value!r}").format(value=request.entity), ProblemCode.NEEDS_ENTITY)
    if problems:
        raise InputError(problems)


def _report_name(kind: str) -> str:
    names = {
        "guide": _("Guide for residents"),
        "booklet": _("Booklet of guides"),
        "sheet": _("Technical sheet"),
        "comparison": _("Comparison"),
        "tupa": _("TUPA table"),
        "portfolio": _("Portfolio"),
        "benchmark": _("Benchmark"),
    }
    return names[kind]


def version_in_force(procedure: s.Procedure, name: str | None = None) -> s.Version:
    """The named version; else the one in force (`rules.scenario.in_force`, as the
    window opens it)."""
    if name:
        return pick_version(procedure, name)
    return in_force(procedure.versions) or pick_version(procedure, None)


def _today(request: ReportRequest) -> date:
    return request.today or date.today()


# -- one procedure ------------------------------------------------------------------
def _procedure_context(session: Session, request: ReportRequest) -> Context:
    """The procedure a one-procedure report is about, loaded and ready to measure.
    Imported here: the measurement module (and its suggestions) is ~30 ms of start-up
    a portfolio does not need."""
    from procedures.services.measurement import procedure_context

    assert request.procedure is not None
    return procedure_context(session, procedure_uuid(session, request.entity, request.procedure))


def _guide_data(session: Session, request: ReportRequest) -> GuideData:
    from procedures.reports.guide import GuideData

    assert request.procedure is not None
    context = _procedure_context(session, request)
    version = version_in_force(context.procedure, request.version)
    measured = context.measure(version)
    return GuideData(context.entity, context.procedure, version, measured.metrics,
                     _today(request), in_force=version is version_in_force(context.procedure))


def _guides(session: Session, request: ReportRequest,
            progress: Progress = no_progress) -> list[GuideData]:
    """The booklet's guides: the version in force of every mapped procedure."""
    from procedures.reports.guide import GuideData

    measured = measure_entity(session, request.entity, progress)
    if not measured.rows:
        raise NotFoundError(_("{entity} has no mapped procedures to print").format(
            entity=measured.entity.name))
    today = _today(request)
    return [GuideData(measured.entity, procedure, version, metrics, today)
            for procedure, version, metrics in measured.rows]


def report_warnings(session: Session, request: ReportRequest) -> list[str]:
    """What a clerk must see before printing guides for residents (`clerk_warnings`):
    the guide's own lines, or the booklet's prefixed with each procedure's code; none
    for the reports made for the office. Raises what `build_report` raises."""
    _check(request)
    if request.kind not in ("guide", "booklet"):
        return []
    from procedures.reports.guide import clerk_warnings  # and its calendars: only here
    with use_language(request.lang):
        if request.kind == "guide":
            return clerk_warnings(_guide_data(session, request))
        return [f"{guide.procedure.code}: {line}" for guide in _guides(session, request)
                for line in clerk_warnings(guide)]


def _guide(session: Session, request: ReportRequest, progress: Progress) -> int:
    from procedures.reports.guide import build_guide

    data = _guide_data(session, request)
    progress(0, 1, data.procedure.code)
    pages = write_pdf(request.out, lambda target: build_guide(
        target, data, large_print=request.large_print))
    progress(1, 1, "")
    return pages


def _sheet(session: Session, request: ReportRequest, progress: Progress) -> int:
    from procedures.reports.sheet import SheetData, build_sheet

    assert request.procedure is not None
    context = _procedure_context(session, request)
    version = pick_version(context.procedure, request.version)
    measured = context.measure(version)
    data = SheetData(context.entity, context.procedure, version, measured.metrics,
                     _today(request))
    progress(0, 1, context.procedure.code)
    pages = write_pdf(request.out, lambda target: build_sheet(target, data))
    progress(1, 1, "")
    return pages


def _comparison(session: Session, request: ReportRequest, progress: Progress) -> int:
    from procedures.reports.comparison import ComparisonData, build_comparison

    assert request.procedure is not None and request.version is not None
    context = _procedure_context(session, request)
    after = pick_version(context.procedure, request.version)
    before = context.procedure.as_is
    if before is None:
        raise NotFoundError(_("procedure {code} has no as-is version to compare with").format(
            code=context.procedure.code))
    if before.name == after.name:
        raise InputError(_("the comparison needs a proposal, not the as-is version {name!r}")
                         .format(name=after.name), ProblemCode.NEEDS_PROPOSAL)
    comparison = context.compare(before, after)
    data = ComparisonData(context.entity, context.procedure, before, after, comparison,
                          _today(request))
    progress(0, 1, context.procedure.code)
    pages = write_pdf(request.out, lambda target: build_comparison(target, data))
    progress(1, 1, "")
    return pages


# -- one municipality ----------------------------------------------------------------
@dataclass(frozen=True)
class MeasuredEntity:
    """An entity with the version in force of every procedure and its metrics.

    Procedures with no version yet (mapped later) are left out and counted.
    """

    entity: s.Entity
    rows: tuple[tuple[s.Procedure, s.Version, Metrics], ...]
    reference: s.ReferenceValues | None
    rates: AllocationRates
    skipped: int


def measure_entity(session: Session, ubigeo: str, progress: Progress = no_progress,
                   version: str | None = None) -> MeasuredEntity:
    """Load and measure a whole municipality (allocation rates computed once)."""
    entity = load_entity(session, ubigeo, procedures=True)
    return measure_loaded(entity, reference_values(session, entity.settings.year), progress,
                          version)


def measure_loaded(entity: s.Entity, reference: s.ReferenceValues | None,
                   progress: Progress = no_progress,
                   version: str | None = None) -> MeasuredEntity:
    """Measure every procedure of an entity loaded with its procedures."""
    rates = allocation_rates(entity, portfolio_minutes(entity.procedures))
    rows = []
    skipped = 0
    total = len(entity.procedures)
    for index, procedure in enumerate(entity.procedures):
        progress(index, total, procedure.code)
        if not procedure.versions:
            skipped += 1
            continue
        chosen = version_in_force(procedure, version if procedure.version(version or "")
                                  else None)
        rows.append((procedure, chosen,
                     compute_metrics(entity, procedure, chosen, rates, reference)))
    progress(total, total, "")
    return MeasuredEntity(entity, tuple(rows), reference, rates, skipped)


def _tupa(session: Session, request: ReportRequest, progress: Progress) -> int:
    from procedures.reports.tupa import TupaData, TupaRow, build_tupa

    measured = measure_entity(session, request.entity, scaled(progress, 0, 50, 100),
                              request.version)
    uit = measured.rows[0][2].uit if measured.rows else None
    data = TupaData(measured.entity, tuple(TupaRow(*row) for row in measured.rows), uit,
                    _today(request))
    if Path(request.out).suffix.lower() == ".xlsx":  # the same TUPA as a workbook
        from procedures.exchange.tupa_workbook import write_tupa_workbook

        write_tupa_workbook(Path(request.out), data.entity, measured.rows)
        progress(100, 100, "")
        return 1 + len(measured.rows)  # sheets: the index and one per procedure
    pages = write_pdf(request.out, lambda target: build_tupa(target, data))
    progress(100, 100, "")
    return pages


def _booklet(session: Session, request: ReportRequest, progress: Progress) -> int:
    from procedures.reports.booklet import build_booklet

    guides = _guides(session, request, scaled(progress, 0, 30, 100))
    return write_pdf(request.out, lambda target: build_booklet(
        target, guides, large_print=request.large_print,
        progress=scaled(progress, 30, 70, 100)))


# -- many municipalities ---------------------------------------------------------------
def _portfolio(session: Session, request: ReportRequest, progress: Progress) -> int:
    """Every municipality under the code from the stored figures (the rows of
    `portfolio --json`), then print (`procedures.portfolio.write_pdf`)."""
    from procedures.portfolio import write_pdf as write_portfolio
    from procedures.services.portfolio import measured

    pages = write_portfolio(session, request.entity, request.out, _today(request), progress,
                            lambda missing: measured(session, missing))
    assert pages is not None  # every version is measured
    return pages


def _benchmark(session: Session, request: ReportRequest, progress: Progress) -> int:
    """One procedure (`request.procedure` as UBIGEO/CODE) across the municipalities
    under `request.entity`."""
    from procedures.reports.benchmark import BenchmarkData, build_benchmark_report
    from procedures.services.benchmark import benchmark_by_reference

    result = benchmark_by_reference(session, request.entity, request.procedure or "",
                                    scaled(progress, 0, 80, 100))
    from procedures.portfolio import scope_name

    scope = (scope_name(request.entity) if len(request.entity) < 6
             else result.reference.entity)
    data = BenchmarkData(result, scope, _today(request))
    pages = write_pdf(request.out, lambda target: build_benchmark_report(target, data))
    progress(100, 100, "")
    return pages


_BUILDERS: dict[str, Callable[[Session, ReportRequest, Progress], int]] = {
    "guide": _guide,
    "sheet": _sheet,
    "comparison": _comparison,
    "tupa": _tupa,
    "booklet": _booklet,
    "portfolio": _portfolio,
    "benchmark": _benchmark,
}


