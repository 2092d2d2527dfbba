"""Measuring versions over storage, by uuid: figures, comparisons, suggestions, whole entities.

Every door here takes uuids (the window has them; the command line and the files turn
names into uuids once, in `procedures.services.lookup`). A `Context` is what all the
versions of one procedure share (entity, allocation rates, UIT), so measuring several
versions of it loads storage once.

`measure` (the window's figures, after every edit) reads only the one version's steps,
and reuses the municipality's as-is minutes per unit when the rates they give are the
ones its stored figures were costed at (see `entity_rates`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

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
from procedures.services.figures import hand_over, rates_key
from procedures.storage.read import (
    as_is_portfolio,
    load_procedure_by_uuid,
    load_versions_by_uuid,
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


def measure(session: Session, version_uuid: str) -> Measured:
    """Every figure of one version (the engine's `Measured`).

    Only this version's steps are read: in `Measured.procedure` the other versions come
    without their activities.
    """
    context, (version,) = versions_context(session, (version_uuid,))
    return context.measure(version)


def measured_at_commit(session: Session, version_uuids: Collection[str]
                       ) -> dict[str, Measured]:
    """The figures of those versions as this session's next commit measures them for
    their stored figures (version uuid -> `Measured`, equal to `measure` after the
    commit), filled at the commit: a window shows them without measuring again. A
    version the commit did not measure from its steps is not in it (the caller
    measures it)."""
    found: dict[str, Measured] = {}

    def keep(entity: s.Entity, procedure: s.Procedure, version: s.Version, metrics: Metrics,
             rates: AllocationRates, reference: s.ReferenceValues | None) -> None:
        # As `measure` gives them: the organisation only, and the other versions of the
        # procedure without their steps.
        procedure = replace(procedure, versions=tuple(
            other if other.uid == version.uid else replace(other, activities=())
            for other in procedure.versions))
        found[version.uid] = Measured(replace(entity, procedures=()), procedure, version,
                                      metrics, rates, reference)

    hand_over(session, version_uuids, keep)
    return found


def versions_context(session: Session, version_uuids: Sequence[str]
                     ) -> tuple[Context, tuple[s.Version, ...]]:
    """The context of some versions of one procedure, and those versions with their
    steps: in `Context.procedure` the other versions come without their activities."""
    entity, procedure, versions, entity_id = load_versions_by_uuid(session, version_uuids)
    rates = entity_rates(session, entity, entity_id, procedure, versions)
    return (Context(entity, procedure, rates, reference_values(session, entity.settings.year)),
            versions)


#: (database, entity row id) -> each procedure's part of the as-is portfolio (its yearly
#: minutes per unit, by procedure code), as last read in this process. At most this many
#: entities are kept.
_PORTFOLIOS: dict[tuple[str, int], dict[str, dict[str, Decimal]]] = {}
PORTFOLIOS_KEPT = 64


def entity_rates(session: Session, entity: s.Entity, entity_id: int,
                 procedure: s.Procedure, measured: Sequence[s.Version]) -> AllocationRates:
    """The entity's allocation rates, computed from `entity` as it is now.

    Reading the minutes of every as-is step of the municipality is what costs (6,000
    steps for 250 procedures); the rates themselves are quick. So the minutes last read
    are reused when the rates they give now have the digest that the version's stored
    figures were costed at (`version_figures.rates_key`, rewritten for every version of
    the municipality in the transaction of any change that moves the rates, by this or
    another process): then the rates are those a fresh read would give. When the
    version measured is its procedure's as-is one (an edit of it moved the rates), that
    procedure's part is taken from the steps just read, under the same check. Otherwise
    (another procedure's as-is step, no stored figures, another database) the minutes
    are read again.
    """
    place = (str(session.get_bind().engine.url), entity_id)
    parts = _PORTFOLIOS.get(place)
    if parts is not None:
        stored = session.scalar(
            select(t.VersionFigures.rates_key)
            .join(t.Version, t.Version.id == t.VersionFigures.version_id)
            .where(t.Version.uuid == measured[0].uid))
        rates = allocation_rates(entity, _summed(parts))
        if stored is not None and stored == rates_key(rates):
            return rates
        as_is = procedure.as_is
        if stored is not None and as_is is not None and any(v.uid == as_is.uid
                                                            for v in measured):
            fresh = {**parts, procedure.code: portfolio_minutes((procedure,))}
            rates = allocation_rates(entity, _summed(fresh))
            if stored == rates_key(rates):
                _PORTFOLIOS[place] = fresh
                return rates
    portfolio = as_is_portfolio(session, entity_id)
    parts = {item.code: portfolio_minutes((item,)) for item in portfolio}
    if len(_PORTFOLIOS) >= PORTFOLIOS_KEPT:
        _PORTFOLIOS.clear()
    _PORTFOLIOS[place] = parts
    return allocation_rates(entity, _summed(parts))


def _summed(parts: dict[str, dict[str, Decimal]]) -> dict[str, Decimal]:
    """Yearly minutes per unit of the whole portfolio (as `portfolio_minutes` adds them)."""
    totals: dict[str, Decimal] = {}
    for part in parts.values():
        for unit, minutes in part.items():
            totals[unit] = totals.get(unit, Decimal(0)) + minutes
    return totals


def compare(session: Session, before_uuid: str, after_uuid: str) -> Comparison:
    """The engine's comparison of two versions of one procedure."""
    context, (before, after) = versions_context(session, (before_uuid, after_uuid))
    return context.compare(before, after)


def suggestions(session: Session, version_uuid: str) -> tuple[Suggestion, ...]:
    """The engine's simplification proposals for a version, each with its effect."""
    context, (version,) = versions_context(session, (version_uuid,))
    return suggest(context.entity, context.procedure, version, context.rates,
                   context.reference)
