"""Stored figures: every version's headline figures kept in `version_figures`, always
equal to what the engine gives (issue #17).

Why stored: a region's portfolio measured 875,000 activities again on every run (67 s);
read from one table it is a query. What keeps them right is one place: a session hook.
After every flush it notes which versions, procedures, entities and reference years the
ORM objects changed; before the commit it measures again every version those changes
reach, in the same transaction. No service has to remember it. Writes that bypass the
ORM (bulk Core inserts: the synthetic generator, a bulk package import) call
`mark_stale` and the commit does the rest.

What reaches what:

- a step, its staff or resources, a version, a requirement → that version;
- a procedure (demand, plazo, requirements) → its versions;
- an entity's settings, units, positions, resources and their allocation → every version
  of the entity;
- a reference value (UIT of a year) → every version of the entities of that year;
- non-working days → nothing: no stored figure counts calendar days (business days are
  the lead time over the minutes of a working day).

The allocation rates of an entity are computed from every as-is version, so a step of an
as-is version may change the unit cost of every procedure of its entity. Each stored row
carries the digest of the rates it was costed at; after each change the entity's rates
are computed again — from the changed procedures' steps and every other baseline's
stored minutes per unit (`_stored_portfolio`), not from every as-is step — and every
row with another digest is re-costed from its stored row in integer arithmetic
(`_Recoster`); only the rows whose unit cost or warnings move are written, the others
get the new digest in one statement. A package's new municipalities are measured from
the file as it streams past the bulk writer (`ImportedFigures`), not read back.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache, partial
from typing import Any

from sqlalchemy import Table, bindparam, delete, event, insert, inspect, select, update
from sqlalchemy.orm import Session

from models import tables as t
from models.codes import Rounding, VersionKind
from procedures import snapshots as s
from procedures.metrics.stored import (
    _ALLOCATED,
    Figures,
    Measured,
    differing_fields,
    figures_of,
    measure_for_storage,
    measure_snapshot,
    rates_key,
)
from procedures.progress import Progress, no_progress

_VF: Table = t.VersionFigures.__table__  # type: ignore[assignment]
#: Rows per IN list and per executemany (well under SQLite's 32,766 parameters).
CHUNK = 500
_PENDING = "figures_pending"


# ---- The figures ---------------------------------------------------------------------------


def stored_figures(session: Session, version_ids: Collection[int]) -> dict[int, Figures]:
    """The stored figures of those versions (a version without a row is left out)."""
    found: dict[int, Figures] = {}
    ids = list(version_ids)
    for start in range(0, len(ids), CHUNK):
        for row in session.execute(select(_VF).where(
                _VF.c.version_id.in_(ids[start:start + CHUNK]))):
            found[row.version_id] = Figures.of_row(row)
    return found


# ---- Measuring -----------------------------------------------------------------------------


@dataclass
class _Measured:
    """Fresh figures of some versions of one entity, by version id."""

    figures: dict[int, Figures] = field(default_factory=dict)
    key: str = ""


class _References:
    """Reference values by year, read once per refresh."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.years: dict[int, s.ReferenceValues | None] = {}

    def __call__(self, year: int) -> s.ReferenceValues | None:
        if year not in self.years:
            from procedures.storage.read import reference_values

            self.years[year] = reference_values(self.session, year)
        return self.years[year]


def _measure(entity: s.Entity, rates: Any, reference: s.ReferenceValues | None,
             ids: dict[str, int], only: Collection[int] | None = None,
             handed: _HandOver | None = None) -> dict[int, Figures]:
    """Figures of the entity's versions (of those whose row id is in `only`, when
    given); each measured version that `handed` wants is passed to it too."""
    from procedures.metrics import compute_metrics

    measured: dict[int, Figures] = {}
    for procedure in entity.procedures:
        for version in procedure.versions:
            version_id = ids[version.uid]
            if only is not None and version_id not in only:
                continue
            # The version handed to the window is measured with the display detail (its
            # cost lines); the stored figures need none.
            shown = handed is not None and version.uid in handed.versions
            metrics = compute_metrics(entity, procedure, version, rates, reference,
                                      detail=shown)
            measured[version_id] = figures_of(metrics)
            if handed is not None and shown:
                handed.sink(entity, procedure, version, metrics, rates, reference)
    return measured


def measure_entities(session: Session, ubigeos: list[str],
                     progress: Progress = no_progress) -> Iterator[tuple[int, _Measured]]:
    """Fresh figures of every version of those entities, entity by entity (row id)."""
    from procedures.metrics import allocation_rates, portfolio_minutes
    from procedures.storage.bulk_read import iter_entities

    entity_ids = dict(session.execute(select(t.Entity.ubigeo, t.Entity.id)
                                      .where(t.Entity.ubigeo.in_(ubigeos))).all())
    references = _References(session)
    total = len(ubigeos)
    ids: dict[str, int] = {}
    for index, entity in enumerate(iter_entities(session, ubigeos, version_ids=ids, lean=True)):
        progress(index, total, entity.name)
        rates = allocation_rates(entity, portfolio_minutes(entity.procedures))
        figures = _measure(entity, rates, references(entity.settings.year), ids)
        _remember(session, entity_ids[entity.ubigeo], rates_key(rates), rates)
        yield entity_ids[entity.ubigeo], _Measured(figures, rates_key(rates))
    progress(total, total, "")


def _entity_rates(session: Session, entity_id: int, entity: s.Entity,
                  fresh_ids: Collection[int], ids: dict[str, int], shown: bool = False
                  ) -> Any:
    """The entity's allocation rates now. `entity` holds the versions measured again
    (row ids `fresh_ids`; uuids -> ids in `ids`): the minutes of those that are as-is
    are taken from their steps, every other procedure's from its stored figures
    (`_stored_portfolio`); without those, from the steps of every as-is version.
    `shown`: rates to show (the yearly minutes too, even without allocated resources)."""
    from procedures.metrics import allocation_rates, portfolio_minutes
    from procedures.storage.read import as_is_portfolio

    if not shown and not any(r.element in _ALLOCATED for r in entity.resources):
        return allocation_rates(entity, {})  # no allocated resource: no rate to move
    portfolio = _stored_portfolio(session, entity_id, entity, set(fresh_ids), ids)
    if portfolio is None:
        portfolio = portfolio_minutes(as_is_portfolio(session, entity_id))
    return allocation_rates(entity, portfolio)


def _stored_portfolio(session: Session, entity_id: int, entity: s.Entity,
                      fresh_ids: set[int], ids: dict[str, int]
                      ) -> dict[str, Decimal] | None:
    """`portfolio_minutes` of the entity without reading its steps: each procedure's
    baseline (first as-is version) minutes per unit × its demand, summed in procedure
    order as `as_is_portfolio` gives them. The versions in `fresh_ids` (changed in this
    transaction, loaded with their steps) count with the minutes of their steps, the
    others with their stored `unit_minutes` (kept equal to their steps by this same
    hook: a version whose steps changed is measured again). None when a baseline has no
    stored figures (then the steps are read)."""
    from procedures.metrics.timing import unit_minutes

    fresh: dict[int, dict[str, Decimal]] = {}
    for procedure in entity.procedures:
        for version in procedure.versions:
            version_id = ids.get(version.uid)
            if version.kind is VersionKind.AS_IS and version_id in fresh_ids:
                fresh[version_id] = unit_minutes(version.activities)
    totals: dict[str, Decimal] = {}
    seen: set[int] = set()
    for version_id, procedure_id, demand, text in session.execute(
            select(t.Version.id, t.Version.procedure_id, t.Procedure.annual_demand,
                   _VF.c.unit_minutes)
            .join(t.Procedure, t.Version.procedure_id == t.Procedure.id)
            .outerjoin(_VF, _VF.c.version_id == t.Version.id)
            .where(t.Procedure.entity_id == entity_id, t.Version.kind == VersionKind.AS_IS)
            .order_by(t.Procedure.id, t.Version.position, t.Version.id)):
        if procedure_id in seen:
            continue
        seen.add(procedure_id)
        if version_id in fresh:
            minutes = fresh[version_id]
        elif version_id in fresh_ids or text is None:
            return None
        else:
            minutes = {unit: value for unit, value, _n, _d in _minutes_of(text)}
        if demand <= 0:
            continue
        for unit, value in minutes.items():
            totals[unit] = totals.get(unit, _ZERO) + value * demand
    return totals


_ZERO = Decimal(0)


@lru_cache(maxsize=1 << 16)
def _minutes_of(text: str) -> tuple[tuple[str, Decimal, int, int], ...]:
    """A stored `unit_minutes`: (unit, minutes, and minutes as numerator, denominator).
    Parsed once per text: the same rows are read again at every as-is edit."""
    found = []
    for unit, value in json.loads(text).items():
        minutes = Decimal(value)
        found.append((unit, minutes, *minutes.as_integer_ratio()))
    return tuple(found)


@lru_cache(maxsize=1 << 16)
def _direct_of(text: str) -> tuple[tuple[str, int, int], ...]:
    """A stored `direct_costs`: (element, numerator, denominator)."""
    found = []
    for element, value in json.loads(text).items():
        numerator, _slash, denominator = value.partition("/")
        found.append((element, int(numerator), int(denominator or 1)))
    return tuple(found)


class _Recoster:
    """`recost`'s unit cost in integer arithmetic, for the hundreds of rows one as-is
    step re-costs: each element's exact total as an unreduced numerator/denominator
    pair (stored elements 1–3 + minutes per unit × the unit's summed rates), rounded as
    `round_costs` does ("sut": each element truncated to the cent, then added; "exact":
    the sum rounded half up). Equal to the `Fraction` computation: both are exact."""

    def __init__(self, rates: Any, exact: bool) -> None:
        self.exact = exact
        self.units: dict[str, list[tuple[str, int, int]]] = {
            unit: [(element.value, rate.numerator, rate.denominator)
                   for element, rate in rates.combined(unit)]
            for unit in rates.by_element}

    def unit_cost(self, direct_costs: str, unit_minutes: str) -> Decimal:
        from procedures.metrics.exact import add_ratio  # the engine loads on first use

        totals = {element: [n, d] for element, n, d in _direct_of(direct_costs)}
        for unit, _value, minutes, per in _minutes_of(unit_minutes):
            rates = self.units.get(unit)
            if not rates:
                continue
            for element, numerator, denominator in rates:
                add_ratio(totals, element, minutes * numerator, per * denominator)
        if not self.exact:  # cents_down of each element (toward zero), then added
            cents = 0
            for numerator, denominator in totals.values():
                part = abs(numerator) * 100 // denominator
                cents += -part if numerator < 0 else part
            return Decimal(cents).scaleb(-2)
        numerator, denominator = 0, 1
        for n, d in totals.values():
            numerator, denominator = numerator * d + n * denominator, denominator * d
        cents = (200 * abs(numerator) + denominator) // (2 * denominator)  # half up
        return Decimal(-cents if numerator < 0 else cents).scaleb(-2)


#: The allocation rates last computed per (database, entity), with their digest: an edit
#: that cannot move them (a to-be step, a fee) reuses them while the stored rows still
#: carry that digest (another process that moved them rewrote every row of the entity).
_RATES: dict[tuple[str, int], tuple[str, Any]] = {}


def _remember(session: Session, entity_id: int, key: str, rates: Any) -> None:
    if len(_RATES) > 512:
        _RATES.clear()
    _RATES[(str(session.get_bind().engine.url), entity_id)] = (key, rates)


def _known_rates(session: Session, entity_id: int) -> tuple[str, Any] | None:
    cached = _RATES.get((str(session.get_bind().engine.url), entity_id))
    if cached is None:
        return None
    stored = session.scalar(
        select(_VF.c.rates_key).join(t.Version, t.Version.id == _VF.c.version_id)
        .join(t.Procedure, t.Procedure.id == t.Version.procedure_id)
        .where(t.Procedure.entity_id == entity_id).limit(1))
    return cached if stored == cached[0] else None


def _measure_part(session: Session, entity_id: int, ubigeo: str, part: _Part,
                  references: _References, moving: bool = True) -> _Measured:
    """Fresh figures of some versions of one entity (every version of `part.procedures`,
    and `part.versions`), and of every other version whose stored figures were costed at
    other allocation rates (re-costed from their rows).

    `moving` is False when nothing changed could move the rates (no as-is step, no
    demand, no version kind or order): then the rates of the last refresh are reused.
    When the session's commit was asked to hand over a version it measures
    (`hand_over`), its steps are read in full and the rates computed from the entity as
    read now (those shown carry the resources' names and costs).
    """
    from procedures.storage.bulk_read import iter_entities

    handed: _HandOver | None = session.info.get(_HANDED)
    fresh = set(part.versions)
    if part.procedures:
        fresh.update(session.scalars(select(t.Version.id).where(
            t.Version.procedure_id.in_(sorted(part.procedures)))))
    if handed is not None and fresh.isdisjoint(session.scalars(
            select(t.Version.id).where(t.Version.uuid.in_(sorted(handed.versions))))):
        handed = None  # not one of the versions measured here
    ids: dict[str, int] = {}
    entity = next(iter_entities(session, [ubigeo], procedure_ids=part.procedures | set(
        part.owners.values()), version_ids=ids, lean=handed is None, steps=fresh))
    known = None if moving or handed is not None else _known_rates(session, entity_id)
    before = _RATES.get((str(session.get_bind().engine.url), entity_id))
    if known is not None:
        key, rates = known
    else:
        rates = _entity_rates(session, entity_id, entity, fresh, ids, shown=handed is not None)
        key = rates_key(rates)
        _remember(session, entity_id, key, rates)
    reference = references(entity.settings.year)
    measured = _measure(entity, rates, reference, ids, fresh, handed)
    # The rates moved: every other version is re-costed from its stored row (its steps,
    # settings and demand did not change, or it would be measured here); only the
    # rows whose unit cost or warnings change are written, every other one gets the new
    # digest. A version with no minutes in a unit whose rates moved keeps its cost
    # without re-costing (an as-is step moves the rates of its own unit only).
    from procedures.rules.compliance import WarningCode, fee_above_cost

    exact = Rounding(entity.settings.rounding) is Rounding.EXACT
    moved = _moved_units(before[1], rates) if before is not None else None
    recoster = _Recoster(rates, exact)
    above = str(WarningCode.FEE_ABOVE_COST)
    changed: list[dict[str, Any]] = []
    stale = False
    for row in session.execute(
            select(_VF.c.version_id, _VF.c.rates_key, _VF.c.unit_minutes,
                   _VF.c.direct_costs, _VF.c.fee, _VF.c.unit_cost, _VF.c.warnings,
                   t.Version.procedure_id)
            .join(t.Version, t.Version.id == _VF.c.version_id)
            .join(t.Procedure, t.Procedure.id == t.Version.procedure_id)
            .where(t.Procedure.entity_id == entity_id, _VF.c.rates_key != key)):
        if row.version_id in fresh:
            continue
        stale = True
        if (moved is not None and before is not None and row.rates_key == before[0]
                and moved.isdisjoint(unit for unit, *_ in _minutes_of(row.unit_minutes))):
            continue
        unit_cost = recoster.unit_cost(row.direct_costs, row.unit_minutes)
        codes = row.warnings.split()
        warnings = [code for code in codes if code != above]
        if fee_above_cost(row.fee, unit_cost):
            warnings.insert(0, above)
        if unit_cost != row.unit_cost or warnings != codes:
            changed.append({"_id": row.version_id, "_cost": unit_cost,
                            "_warnings": " ".join(warnings)})
    for start in range(0, len(changed), CHUNK):
        session.execute(update(_VF).where(_VF.c.version_id == bindparam("_id"))
                        .values(unit_cost=bindparam("_cost"), warnings=bindparam("_warnings")),
                        changed[start:start + CHUNK])
    if stale:  # every row of the entity now at these rates (the measured ones rewritten)
        session.execute(update(_VF).where(_VF.c.rates_key != key, _VF.c.version_id.in_(
            select(t.Version.id).join(t.Procedure, t.Procedure.id == t.Version.procedure_id)
            .where(t.Procedure.entity_id == entity_id))).values(rates_key=key))
    return _Measured(measured, key)


def _moved_units(before: Any, after: Any) -> set[str]:
    """Units whose summed rates per element differ between two sets of rates."""
    units = set(before.by_element) | set(after.by_element)
    return {unit for unit in units
            if dict(before.combined(unit)) != dict(after.combined(unit))}


def _write(session: Session, entity_id_measured: Iterable[tuple[int, _Measured]],
           *, replace: bool = True) -> int:
    """Replace the stored rows of the measured versions; the number written."""
    written = 0
    rows: list[dict[str, Any]] = []

    def flush() -> None:
        if replace:
            ids = [row["version_id"] for row in rows]
            session.execute(delete(_VF).where(_VF.c.version_id.in_(ids)))
        session.execute(insert(_VF), rows)
        rows.clear()

    for _entity_id, measured in entity_id_measured:
        for version_id, figures in measured.figures.items():
            row = figures.row()
            row["version_id"] = version_id
            row["rates_key"] = measured.key
            rows.append(row)
            if len(rows) >= CHUNK:
                written += len(rows)
                flush()
    if rows:
        written += len(rows)
        flush()
    return written


# ---- Refreshing ----------------------------------------------------------------------------


@dataclass
class _Part:
    """What of one entity is measured again: every version of some procedures, and some
    versions (`owners`: version row id -> its procedure's)."""

    procedures: set[int] = field(default_factory=set)
    owners: dict[int, int] = field(default_factory=dict)

    @property
    def versions(self) -> set[int]:
        return set(self.owners)


@dataclass
class Stale:
    """What a transaction changed, as far as stored figures care."""

    versions: set[int] = field(default_factory=set)
    activities: set[int] = field(default_factory=set)
    procedures: set[int] = field(default_factory=set)
    entities: set[int] = field(default_factory=set)
    resources: set[int] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    #: Entities whose allocation rates may have moved (nothing else of them changed).
    checks: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return any(getattr(self, name) for name in _STALE)

    def update(self, other: Stale) -> None:
        for name in _STALE:
            getattr(self, name).update(getattr(other, name))


_STALE = ("versions", "activities", "procedures", "entities", "resources", "years", "checks")


def _chunks(values: Collection[int]) -> Iterator[list[int]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start:start + CHUNK]


def refresh_figures(session: Session, version_ids: Collection[int] = (),
                    entity_ids: Collection[int] = (), *, stale: Stale | None = None,
                    progress: Progress = no_progress) -> int:
    """Measure again what the changes reach and store it; the number of rows written.

    `version_ids` and `entity_ids` (every version of those) may be given directly; the
    commit hook passes what it collected as `stale`.
    """
    wanted = Stale(versions=set(version_ids), entities=set(entity_ids))
    if stale is not None:
        wanted.update(stale)
    if not wanted:
        return 0
    everything = set(wanted.entities)
    for chunk in _chunks(wanted.resources):
        everything.update(session.scalars(select(t.Resource.entity_id)
                                          .where(t.Resource.id.in_(chunk))))
    if wanted.years:
        everything.update(session.scalars(select(t.Entity.id)
                                          .where(t.Entity.year.in_(sorted(wanted.years)))))
    versions = set(wanted.versions)
    for chunk in _chunks(wanted.activities):
        versions.update(session.scalars(select(t.Activity.version_id)
                                        .where(t.Activity.id.in_(chunk))))
    parts: dict[int, _Part] = defaultdict(_Part)
    moving: set[int] = set(wanted.checks)  # entities whose rates may have moved
    for entity_id in wanted.checks:
        parts.setdefault(entity_id, _Part())  # an entry: its rates are checked
    for chunk in _chunks(wanted.procedures):
        for procedure_id, entity_id in session.execute(
                select(t.Procedure.id, t.Procedure.entity_id).where(t.Procedure.id.in_(chunk))):
            parts[entity_id].procedures.add(procedure_id)
            moving.add(entity_id)  # its demand, or its versions' kinds and order
    for chunk in _chunks(versions):
        for version_id, procedure_id, entity_id, kind in session.execute(
                select(t.Version.id, t.Version.procedure_id, t.Procedure.entity_id,
                       t.Version.kind)
                .join(t.Procedure, t.Procedure.id == t.Version.procedure_id)
                .where(t.Version.id.in_(chunk))):
            parts[entity_id].owners[version_id] = procedure_id
            if kind is VersionKind.AS_IS:
                moving.add(entity_id)
    ubigeo: dict[int, str] = {}
    for chunk in _chunks(everything | set(parts)):
        ubigeo.update(session.execute(select(t.Entity.id, t.Entity.ubigeo)
                                      .where(t.Entity.id.in_(chunk))).all())
    whole = sorted(ubigeo[e] for e in everything if e in ubigeo)
    written = _write(session, measure_entities(session, whole, progress))
    references = _References(session)
    written += _write(session, (
        (entity_id, _measure_part(session, entity_id, ubigeo[entity_id], part,
                                  references, entity_id in moving))
        for entity_id, part in sorted(parts.items())
        if entity_id in ubigeo and entity_id not in everything))
    return written


def mark_stale(session: Session, *, version_ids: Iterable[int] = (),
               procedure_ids: Iterable[int] = (), entity_ids: Iterable[int] = (),
               ubigeos: Collection[str] = ()) -> None:
    """Have the commit measure these again (for writes that bypass the ORM, and for
    imports: whole municipalities are measured in batches, faster than part by part)."""
    pending = _pending(session)
    pending.versions.update(version_ids)
    pending.procedures.update(procedure_ids)
    pending.entities.update(entity_ids)
    if ubigeos:
        pending.entities.update(session.scalars(
            select(t.Entity.id).where(t.Entity.ubigeo.in_(sorted(set(ubigeos))))))


class ImportedFigures:
    """The figures of a package's municipalities, measured from the snapshots as they
    stream past the bulk writer (the same engine and rates a read-back would give) and
    stored as soon as each one is written: reading 125,000 steps back to measure them
    took as long as writing them. One municipality's figures are held at a time.

    Only a municipality the database did not have, once in the file, is measured this
    way; one merged into an existing municipality (its other procedures move the rates)
    is measured at commit (`mark_stale`), as before. Whatever is not found written as
    expected (rows by procedure code and version position) is measured at commit too.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.references = _References(session)
        #: ubigeo -> (rates digest, rates, figures by (procedure code, version position)).
        self.pending: dict[str, Measured] = {}
        self.seen: set[str] = set()
        self.stored: set[str] = set()
        self.left: set[str] = set()  # measured at commit
        #: A municipality was not written when the next was asked for: the writer has
        #: met a problem and only checks the rest (the import will be refused).
        self.stopped = False

    def work(self) -> Callable[[s.Entity], Measured]:
        """What the package's reading process does to each municipality it reads (a
        picklable function: `read_ahead` may run it in a fresh interpreter): measure it
        with this database's reference values, read here once."""
        return partial(measure_for_storage, {
            row.year: s.ReferenceValues(year=row.year, uit=row.uit, rmv=row.rmv)
            for row in self.session.scalars(select(t.ReferenceValue))})

    def measuring(self, entities: Iterable[tuple[s.Entity, Measured | None]]
                  ) -> Iterator[s.Entity]:
        """Pass the stream on, measuring each municipality on the way (or taking what the
        reading process measured); when the next one is asked for, the writer has
        written the last one: its figures go in then."""
        for entity, measured in entities:
            self._store_pending()
            self.measure(entity, measured)
            yield entity
        self._store_pending()

    def measure(self, entity: s.Entity, measured: Measured | None = None) -> None:
        ubigeo = entity.ubigeo
        if ubigeo in self.seen:  # twice in one file: the second part merges
            self.pending.pop(ubigeo, None)
            self.left.add(ubigeo)
            return
        self.seen.add(ubigeo)
        if self.stopped:
            self.left.add(ubigeo)
            return
        codes = [procedure.code for procedure in entity.procedures]
        if len(set(codes)) != len(codes) or self.session.scalar(
                select(t.Entity.id).where(t.Entity.ubigeo == ubigeo)) is not None:
            self.left.add(ubigeo)
            return
        if measured is None:
            measured = measure_snapshot(entity, self.references(entity.settings.year))
        self.pending[ubigeo] = measured

    def _store_pending(self) -> None:
        for ubigeo in list(self.pending):
            self._store(ubigeo)
            del self.pending[ubigeo]

    def _store(self, ubigeo: str) -> None:
        """Write one municipality's figures, its versions being written; one not found
        written as expected is left to the commit."""
        key, rates, figures = self.pending[ubigeo]
        found = self.session.execute(
            select(t.Version.id, t.Procedure.code, t.Version.position, t.Procedure.entity_id)
            .join(t.Procedure, t.Procedure.id == t.Version.procedure_id)
            .join(t.Entity, t.Entity.id == t.Procedure.entity_id)
            .where(t.Entity.ubigeo == ubigeo)).all()
        if not found and figures:  # not written (refused): nothing more is measured
            self.left.add(ubigeo)
            self.stopped = True
            return
        rows = []
        for version_id, code, position, _entity_id in found:
            measured = figures.get((code, position))
            if measured is None:
                break
            row = measured.row()
            row["version_id"] = version_id
            row["rates_key"] = key
            rows.append(row)
        if len(rows) != len(figures) or len(found) != len(figures):
            self.left.add(ubigeo)
            return
        for start in range(0, len(rows), CHUNK):
            self.session.execute(insert(_VF), rows[start:start + CHUNK])
        if found:
            _remember(self.session, found[0][3], key, rates)
        self.stored.add(ubigeo)

    def store(self, result: Any) -> None:
        """After the import (`result`, an `ImportResult`): every municipality of the
        file whose figures were not stored here is measured at commit."""
        self._store_pending()
        done = (self.stored & set(result.entities_created)) - self.left
        others = sorted(set(result.entities) - done)
        if others:
            mark_stale(self.session, ubigeos=others)
        self.pending.clear()


def rebuild_figures(session: Session, progress: Progress = no_progress) -> int:
    """Every stored figure computed again from scratch; the number of versions."""
    session.flush()
    session.execute(delete(_VF))
    ubigeos = list(session.scalars(select(t.Entity.ubigeo).order_by(t.Entity.ubigeo)))
    return _write(session, measure_entities(session, ubigeos, progress), replace=False)


def fill_missing(session: Session, progress: Progress = no_progress) -> int:
    """Figures for every entity that has versions without them (after the migration)."""
    missing = sorted(set(session.scalars(
        select(t.Procedure.entity_id).join(t.Version, t.Version.procedure_id == t.Procedure.id)
        .outerjoin(_VF, _VF.c.version_id == t.Version.id).where(_VF.c.version_id.is_(None)))))
    if not missing:
        return 0
    return refresh_figures(session, entity_ids=missing, progress=progress)


# ---- Checking ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Difference:
    """A version whose stored figures are not what the engine gives now."""

    ubigeo: str
    procedure: str
    version: str
    fields: tuple[str, ...]  # empty: no stored figures at all


def check_figures(session: Session, progress: Progress = no_progress) -> list[Difference]:
    """Compare every stored figure with a fresh computation (nothing is written)."""
    ubigeos = list(session.scalars(select(t.Entity.ubigeo).order_by(t.Entity.ubigeo)))
    names = {row.id: (row.ubigeo, row.code, row.name) for row in session.execute(
        select(t.Version.id, t.Version.name, t.Procedure.code, t.Entity.ubigeo)
        .join(t.Procedure, t.Procedure.id == t.Version.procedure_id)
        .join(t.Entity, t.Entity.id == t.Procedure.entity_id))}
    found: list[Difference] = []
    seen: set[int] = set()
    for _entity_id, measured in measure_entities(session, ubigeos, progress):
        stored = stored_figures(session, measured.figures)
        keys = dict(session.execute(select(_VF.c.version_id, _VF.c.rates_key).where(
            _VF.c.version_id.in_(list(measured.figures)))).all()) if measured.figures else {}
        for version_id, fresh in measured.figures.items():
            seen.add(version_id)
            old = stored.get(version_id)
            where = names[version_id]
            if old is None:
                found.append(Difference(*where, ()))
                continue
            wrong = differing_fields(old, fresh)
            if not wrong and keys.get(version_id) != measured.key:
                wrong = ("rates_key",)
            if wrong:
                found.append(Difference(*where, wrong))
    return sorted(found, key=lambda d: (d.ubigeo, d.procedure, d.version))


# ---- The hook ------------------------------------------------------------------------------


def _pending(session: Session) -> Stale:
    pending = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = Stale()
    return pending


def _note(stale: Stale, obj: object, deleted: bool, new: bool = False) -> None:
    """What a changed ORM object reaches (deleted rows reach their owner)."""
    kind = type(obj)
    if kind is t.Activity:  # deleted too: its version stays and is measured again
        stale.versions.add(obj.version_id)  # type: ignore[attr-defined]
    elif kind in (t.ActivityStaff, t.ActivityResource):
        stale.activities.add(obj.activity_id)  # type: ignore[attr-defined]
    elif kind is t.Version:
        if deleted or new or _reorders(obj):  # which version is the as-is one may change
            stale.procedures.add(obj.procedure_id)  # type: ignore[attr-defined]
        else:
            stale.versions.add(obj.id)  # type: ignore[attr-defined]
    elif kind is t.Requirement:
        if obj.version_id is not None:  # type: ignore[attr-defined]
            stale.versions.add(obj.version_id)  # type: ignore[attr-defined]
        if obj.procedure_id is not None:  # type: ignore[attr-defined]
            stale.procedures.add(obj.procedure_id)  # type: ignore[attr-defined]
    elif kind is t.Procedure:
        if deleted:  # the as-is portfolio lost a procedure: the rates may move
            stale.checks.add(obj.entity_id)  # type: ignore[attr-defined]
        else:
            stale.procedures.add(obj.id)  # type: ignore[attr-defined]
    elif kind is t.Entity:
        if not deleted:
            stale.entities.add(obj.id)  # type: ignore[attr-defined]
    elif kind in (t.Unit, t.Position, t.Resource):
        stale.entities.add(obj.entity_id)  # type: ignore[attr-defined]
    elif kind is t.ResourceUnit:
        stale.resources.add(obj.resource_id)  # type: ignore[attr-defined]
    elif kind is t.ReferenceValue:
        stale.years.add(obj.year)  # type: ignore[attr-defined]


def _reorders(version: object) -> bool:
    """A version whose kind, order or procedure changed (in this flush)."""
    state = inspect(version)
    return any(state.attrs[name].history.has_changes()
               for name in ("kind", "position", "procedure_id"))


def _after_flush(session: Session, _context: object) -> None:
    pending = _pending(session)
    for obj in session.new:
        _note(pending, obj, False, new=True)
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            _note(pending, obj, False)
    for obj in session.deleted:
        _note(pending, obj, True)


def _before_commit(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()
    pending = session.info.pop(_PENDING, None)
    try:
        if pending:
            refresh_figures(session, stale=pending)
    finally:
        session.info.pop(_HANDED, None)


def _forget(session: Session, *_args: object) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_HANDED, None)


@dataclass(frozen=True)
class _HandOver:
    versions: frozenset[str]
    sink: Callable[..., None]


_HANDED = "figures_handed"


def hand_over(session: Session, version_uuids: Collection[str],
              sink: Callable[..., None]) -> None:
    """Have this session's next commit pass the engine's measurement of those versions
    (by uuid) to `sink(entity, procedure, version, metrics, rates, reference)` when its
    stored figures are measured again from their steps: the very numbers it stores, so
    a window need not measure them a second time. `entity` comes with the measured
    procedures, `procedure` with the steps of the versions measured. Nothing is passed
    for a version only re-costed, or measured with its whole entity (a change of the
    entity's settings, an import): then the caller measures it itself."""
    session.info[_HANDED] = _HandOver(frozenset(version_uuids), sink)


_installed: list[Callable[..., None]] = []


def install() -> None:
    """Register the hook on every Session (once; importing this module does it)."""
    if _installed:
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "before_commit", _before_commit)
    event.listen(Session, "after_rollback", _forget)
    _installed.extend((_after_flush, _before_commit, _forget))


install()


# ---- Reading ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredRow:
    """One procedure of a portfolio: its version in force and that version's figures."""

    ubigeo: str
    entity: str
    code: str
    name: str
    version: str
    annual_demand: int
    figures: Figures


@dataclass(frozen=True, slots=True)
class _Scenario:
    id: int
    kind: VersionKind
    adopted: bool
    name: str


def in_force_figures(session: Session, prefix: str) -> list[StoredRow]:
    """The stored figures of the version in force of every procedure of the entities
    under `prefix` (a department, province or ubigeo), in ubigeo and TUPA order: what a
    portfolio shows, read instead of measured (`rules.scenario.in_force` picks the same
    version the reports do). Procedures without versions are left out."""
    from procedures.rules.scenario import in_force

    procedures = session.execute(
        select(t.Procedure.id, t.Procedure.code, t.Procedure.name, t.Procedure.annual_demand,
               t.Entity.ubigeo, t.Entity.name.label("entity"))
        .join(t.Entity, t.Entity.id == t.Procedure.entity_id)
        .where(t.Entity.ubigeo.like(prefix + "%"))
        .order_by(t.Entity.ubigeo, t.Procedure.position, t.Procedure.id)).all()
    versions: dict[int, list[_Scenario]] = defaultdict(list)
    for row in session.execute(
            select(t.Version.id, t.Version.procedure_id, t.Version.kind, t.Version.adopted,
                   t.Version.name)
            .join(t.Procedure, t.Procedure.id == t.Version.procedure_id)
            .join(t.Entity, t.Entity.id == t.Procedure.entity_id)
            .where(t.Entity.ubigeo.like(prefix + "%"))
            .order_by(t.Version.position, t.Version.id)):
        versions[row.procedure_id].append(_Scenario(row.id, row.kind, row.adopted, row.name))
    chosen = {procedure_id: in_force(found) for procedure_id, found in versions.items()}
    stored: dict[int, Figures] = {}
    for row in session.execute(
            select(_VF).join(t.Version, t.Version.id == _VF.c.version_id)
            .join(t.Procedure, t.Procedure.id == t.Version.procedure_id)
            .join(t.Entity, t.Entity.id == t.Procedure.entity_id)
            .where(t.Entity.ubigeo.like(prefix + "%"))):
        stored[row.version_id] = Figures.of_row(row)
    rows = []
    for procedure in procedures:
        version = chosen.get(procedure.id)
        if version is None or version.id not in stored:
            continue
        rows.append(StoredRow(procedure.ubigeo, procedure.entity, procedure.code,
                              procedure.name, version.name, procedure.annual_demand,
                              stored[version.id]))
    return rows


@dataclass(frozen=True, slots=True)
class InForce:
    """A procedure's version in force, its terms, and that version's stored figures."""

    version: str
    annual_demand: int
    calificacion: Any
    plazo: int | None
    plazo_unit: Any
    figures: Figures


def in_force_of(session: Session, procedure_uuids: Collection[str]) -> dict[str, InForce]:
    """The stored figures of the version in force of each procedure (by uuid), with the
    terms that version keeps (its own or the procedure's). A procedure without a version,
    or whose figures are not stored yet, is left out (the caller measures it)."""
    from procedures.rules.scenario import in_force

    wanted = list(procedure_uuids)
    procedures: dict[int, Any] = {}
    for start in range(0, len(wanted), 500):
        for row in session.execute(
                select(t.Procedure.id, t.Procedure.uuid, t.Procedure.annual_demand,
                       t.Procedure.calificacion, t.Procedure.plazo, t.Procedure.plazo_unit)
                .where(t.Procedure.uuid.in_(wanted[start:start + 500]))):
            procedures[row.id] = row
    versions: dict[int, list[Any]] = defaultdict(list)
    ids = list(procedures)
    for start in range(0, len(ids), 500):
        for scenario in session.execute(
                select(t.Version.id, t.Version.procedure_id, t.Version.kind, t.Version.adopted,
                       t.Version.name, t.Version.calificacion, t.Version.plazo,
                       t.Version.plazo_unit)
                .where(t.Version.procedure_id.in_(ids[start:start + 500]))
                .order_by(t.Version.position, t.Version.id)):
            versions[scenario.procedure_id].append(scenario)
    chosen: dict[int, Any] = {}
    for procedure_id, rows in versions.items():
        picked = in_force([_Scenario(r.id, r.kind, r.adopted, r.name) for r in rows])
        if picked is not None:
            chosen[procedure_id] = next(r for r in rows if r.id == picked.id)
    stored: dict[int, Figures] = {}
    version_ids = [row.id for row in chosen.values()]
    for start in range(0, len(version_ids), 500):
        for row in session.execute(
                select(_VF).where(_VF.c.version_id.in_(version_ids[start:start + 500]))):
            stored[row.version_id] = Figures.of_row(row)
    out: dict[str, InForce] = {}
    for procedure_id, version in chosen.items():
        procedure = procedures[procedure_id]
        figures = stored.get(version.id)
        if figures is None:
            continue
        out[procedure.uuid] = InForce(
            version=version.name, annual_demand=procedure.annual_demand,
            calificacion=version.calificacion if version.calificacion is not None
            else procedure.calificacion,
            plazo=version.plazo if version.plazo is not None else procedure.plazo,
            plazo_unit=version.plazo_unit if version.plazo_unit is not None
            else procedure.plazo_unit,
            figures=figures)
    return out
