"""Use cases of the measurement engine over storage: metrics and comparisons."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from procedures import snapshots as s
from procedures.errors import NotFoundError
from procedures.i18n import _
from procedures.metrics import (
    AllocationRates,
    Comparison,
    Metrics,
    allocation_rates,
    compare_metrics,
    compute_metrics,
    portfolio_minutes,
)
from procedures.rules.scenario import baseline_of
from procedures.storage.read import (
    as_is_portfolio,
    entity_row,
    load_procedure,
    reference_values,
)


@dataclass(frozen=True)
class Measured:
    """A version with its figures and everything needed to show or print them."""

    entity: s.Entity
    procedure: s.Procedure
    version: s.Version
    metrics: Metrics
    rates: AllocationRates
    reference: s.ReferenceValues | None


@dataclass(frozen=True)
class Context:
    """What every measurement of one procedure shares: entity, rates, UIT."""

    entity: s.Entity
    procedure: s.Procedure
    rates: AllocationRates
    reference: s.ReferenceValues | None

    def measure(self, version: s.Version) -> Measured:
        metrics = compute_metrics(self.entity, self.procedure, version, self.rates,
                                  self.reference)
        return Measured(self.entity, self.procedure, version, metrics, self.rates,
                        self.reference)


def procedure_context(session: Session, ubigeo: str, code: str) -> Context:
    entity, procedure = load_procedure(session, ubigeo, code)
    row = entity_row(session, ubigeo)
    rates = allocation_rates(entity, portfolio_minutes(as_is_portfolio(session, row.id)))
    return Context(entity, procedure, rates, reference_values(session, entity.settings.year))


def pick_version(procedure: s.Procedure, name: str | None) -> s.Version:
    """The named version, or the as-is one (else the first) when no name is given."""
    if name:
        found = procedure.version(name)
        if found is None:
            names = ", ".join(v.name for v in procedure.versions) or "—"
            raise NotFoundError(_(
                "procedure {code} has no version {name!r} (versions: {names})").format(
                    code=procedure.code, name=name, names=names))
        return found
    found = baseline_of(procedure.versions)
    if found is None:
        raise NotFoundError(_("procedure {code} has no versions yet").format(
            code=procedure.code))
    return found


def measure_version(
    session: Session, ubigeo: str, code: str, version: str | None = None
) -> Measured:
    context = procedure_context(session, ubigeo, code)
    return context.measure(pick_version(context.procedure, version))


def compare_versions(
    session: Session, ubigeo: str, code: str, before: str, after: str
) -> Comparison:
    context = procedure_context(session, ubigeo, code)
    first = pick_version(context.procedure, before)
    second = pick_version(context.procedure, after)
    return compare_metrics(context.measure(first).metrics, context.measure(second).metrics,
                           first, second)
