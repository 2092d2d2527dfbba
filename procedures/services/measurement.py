"""Measuring versions over storage, by uuid: figures, comparisons, suggestions, whole entities.

Every door here takes uuids (the window has them; the command line and the files turn
names into uuids once, in `procedures.services.lookup`). A `Context` is what all the
versions of one procedure share (entity, allocation rates, UIT), so measuring several
versions of it loads storage once.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import tables as t
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
from procedures.rules.suggestions import Suggestion, suggest
from procedures.storage.read import (
    as_is_portfolio,
    load_procedure_by_uuid,
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

    def version(self, version_uuid: str) -> s.Version:
        """One of the procedure's versions by uuid (NotFoundError when it is gone)."""
        found = next((v for v in self.procedure.versions if v.uid == version_uuid), None)
        if found is None:
            raise NotFoundError(_("the version no longer exists (it may have been deleted)"))
        return found

    def measure(self, version: s.Version) -> Measured:
        metrics = compute_metrics(self.entity, self.procedure, version, self.rates,
                                  self.reference)
        return Measured(self.entity, self.procedure, version, metrics, self.rates,
                        self.reference)

    def compare(self, before: s.Version, after: s.Version) -> Comparison:
        return compare_metrics(self.measure(before).metrics, self.measure(after).metrics,
                               before, after, self.procedure)


def procedure_context(session: Session, procedure_uuid: str) -> Context:
    """Load one procedure with its entity, the entity's allocation rates and the UIT."""
    entity, procedure, entity_id = load_procedure_by_uuid(session, procedure_uuid)
    rates = allocation_rates(entity, portfolio_minutes(as_is_portfolio(session, entity_id)))
    return Context(entity, procedure, rates, reference_values(session, entity.settings.year))


def version_context(session: Session, version_uuid: str) -> tuple[Context, s.Version]:
    """The context of the version's procedure, and the version itself."""
    procedure_uuid = session.scalar(
        select(t.Procedure.uuid).join(t.Version, t.Version.procedure_id == t.Procedure.id)
        .where(t.Version.uuid == version_uuid))
    if procedure_uuid is None:
        raise NotFoundError(_("the version no longer exists (it may have been deleted)"))
    context = procedure_context(session, procedure_uuid)
    return context, context.version(version_uuid)


def measure(session: Session, version_uuid: str) -> Measured:
    """Every figure of one version (the engine's `Measured`)."""
    context, version = version_context(session, version_uuid)
    return context.measure(version)


def compare(session: Session, before_uuid: str, after_uuid: str) -> Comparison:
    """The engine's comparison of two versions of one procedure."""
    context, before = version_context(session, before_uuid)
    return context.compare(before, context.version(after_uuid))


def suggestions(session: Session, version_uuid: str) -> tuple[Suggestion, ...]:
    """The engine's simplification proposals for a version, each with its effect."""
    context, version = version_context(session, version_uuid)
    return suggest(context.entity, context.procedure, version, context.rates,
                   context.reference)
