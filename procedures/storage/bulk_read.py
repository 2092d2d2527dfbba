"""Whole municipalities in bulk: the snapshots of many entities from a few Core queries.

`load.load_entity` reads one municipality through the ORM (selectinload chains): right
for one, but a region portfolio (140 municipalities × 250 procedures × 25 activities)
then builds over a million ORM objects, one entity after another, and the session keeps
them all; the report spent minutes there. Here the same snapshots come from plain Core
rows, a batch of entities per round of thirteen queries, and nothing stays in the
session. They are equal (==) to what `load_entity(..., procedures=True)` returns, with
the same orders (the tests hold the two loaders to that).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from models import tables as t
from procedures import snapshots as s
from procedures.storage.read import settings_of

#: Entities per round of queries: large enough to make the round trips negligible, small
#: enough that only a few thousand procedures are in memory at once.
BATCH = 8

_E, _U, _P, _R = (t.Entity.__table__, t.Unit.__table__, t.Position.__table__,
                  t.Resource.__table__)
_PR, _V, _Q, _A = (t.Procedure.__table__, t.Version.__table__, t.Requirement.__table__,
                   t.Activity.__table__)


def entity_ubigeos(session: Session, prefix: str) -> list[str]:
    """Ubigeos of the entities under a department (2 digits) or province (4), in order."""
    return list(session.scalars(select(_E.c.ubigeo).where(_E.c.ubigeo.like(prefix + "%"))
                                .order_by(_E.c.ubigeo)))


def iter_entities(session: Session, ubigeos: Sequence[str], batch: int = BATCH, *,
                  procedure_ids: Collection[int] | None = None,
                  version_ids: dict[str, int] | None = None,
                  lean: bool = False,
                  steps: Collection[int] | None = None) -> Iterator[s.Entity]:
    """Each entity of `ubigeos` (in that order) with its organisation and procedures.

    `procedure_ids` keeps only those procedures (the stored figures refresh a few of
    them); `version_ids`, when given, is filled with each loaded version's uuid -> row id;
    `lean` steps carry only what the engine measures (no description, note, provenance
    or uuid), which is what the stored figures need; `steps`, when given, reads the
    steps of those versions (row ids) only: the others come without activities.
    """
    for start in range(0, len(ubigeos), batch):
        yield from _Batch(session, ubigeos[start:start + batch], procedure_ids,
                          version_ids, lean, steps).entities()



def _rows(execute: Any, query: Select[Any], raw: bool = True) -> list[tuple[Any, ...]]:
    """Every row of `query` as a tuple. On SQLite the driver's rows are converted by
    SQLAlchemy's own result processors of each column (the same values), once per
    distinct value of a column: a region repeats a few hundred minutes, probabilities
    and types over a million steps, and the conversions were most of reading them.
    Not `raw` (a few procedures): the plain path, whose compiled statements are cached."""
    session = getattr(execute, "__self__", None) if raw else None
    connection = session.connection() if isinstance(session, Session) else None
    if connection is None or connection.dialect.name != "sqlite":
        return list(execute(query).all())
    dialect = connection.dialect
    compiled = query.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
    fetched = connection.exec_driver_sql(str(compiled)).fetchall()
    if not fetched:
        return []
    columns: list[Any] = list(zip(*fetched, strict=True))
    for index, column in enumerate(query.selected_columns):
        process = column.type._cached_result_processor(dialect, None)
        if process is not None:
            columns[index] = _converted(columns[index], process)
    return list(zip(*columns, strict=True))


def _converted(values: Sequence[Any], process: Any) -> list[Any]:
    """`process` of each value, computed once per distinct value (equal raw values,
    such as 1 and 1.0, convert alike)."""
    memo: dict[Any, Any] = {}
    found: list[Any] = []
    append = found.append
    for value in values:
        try:
            append(memo[value])
        except KeyError:
            converted = memo[value] = process(value)
            append(converted)
    return found

class _Batch:
    """One round of queries for a few entities, grouped by owner in Python."""

    def __init__(self, session: Session, ubigeos: Sequence[str],
                 procedure_ids: Collection[int] | None = None,
                 version_ids: dict[str, int] | None = None, lean: bool = False,
                 steps: Collection[int] | None = None) -> None:
        self.session = session
        self.procedure_ids = procedure_ids
        self.version_ids = version_ids
        self.lean = lean
        self.steps = steps
        self.rows = {row.ubigeo: row for row in session.execute(
            select(_E).where(_E.c.ubigeo.in_(list(ubigeos))))}
        self.order = [ubigeo for ubigeo in ubigeos if ubigeo in self.rows]
        self.ids = [self.rows[ubigeo].id for ubigeo in self.order]

    def _by(self, query: Select[Any], key: str) -> dict[int, list[Any]]:
        grouped: dict[int, list[Any]] = defaultdict(list)
        for row in self.session.execute(query):
            grouped[getattr(row, key)].append(row)
        return grouped

    def entities(self) -> Iterator[s.Entity]:
        if not self.ids:
            return
        ids = self.ids
        units = self._by(select(_U).where(_U.c.entity_id.in_(ids)).order_by(_U.c.id),
                         "entity_id")
        unit_code = {u.id: u.code for rows in units.values() for u in rows}
        positions = self._by(select(_P).where(_P.c.entity_id.in_(ids)).order_by(_P.c.id),
                             "entity_id")
        resources = self._by(select(_R).where(_R.c.entity_id.in_(ids)).order_by(_R.c.id),
                             "entity_id")
        ru = t.ResourceUnit.__table__
        allocations = self._by(
            select(ru).join(_R, ru.c.resource_id == _R.c.id).where(_R.c.entity_id.in_(ids))
            .order_by(ru.c.resource_id, ru.c.unit_id), "resource_id")
        nwd = t.NonWorkingDay.__table__
        days = self._by(select(nwd).where(nwd.c.entity_id.in_(ids))
                        .order_by(nwd.c.day, nwd.c.id), "entity_id")
        procedures = _Procedures(self.session, ids, unit_code, self.procedure_ids, self.lean,
                                 self.steps)
        if self.version_ids is not None:
            self.version_ids.update({row.uuid: row.id for rows in procedures.versions.values()
                                     for row in rows})
        for ubigeo in self.order:
            row = self.rows[ubigeo]
            yield s.Entity(
                ubigeo=row.ubigeo, name=row.name, kind=row.kind, settings=settings_of(row),
                units=tuple(s.Unit(code=u.code, name=u.name,
                                   other_tupa_minutes=u.other_tupa_minutes, uid=u.uuid)
                            for u in units[row.id]),
                positions=tuple(s.Position(
                    code=p.code, name=p.name,
                    unit=unit_code.get(p.unit_id) if p.unit_id else None,
                    annual_cost=p.annual_cost, uid=p.uuid) for p in positions[row.id]),
                resources=tuple(_resource(r, allocations[r.id], unit_code)
                                for r in resources[row.id]),
                procedures=procedures.of(row.id),
                non_working_days=tuple(s.NonWorkingDay(day=d.day, name=d.name)
                                       for d in days[row.id]),
                province=row.province, address=row.address, office_hours=row.office_hours,
                phone=row.phone, email=row.email, website=row.website,
                reference_url=row.reference_url, uid=row.uuid,
            )


def _resource(row: Any, allocations: list[Any], unit_code: dict[int, str]) -> s.Resource:
    return s.Resource(
        code=row.code, name=row.name, element=row.element, unit_cost=row.unit_cost,
        annual_cost=row.annual_cost, quantity=row.quantity,
        acquisition_cost=row.acquisition_cost, rate=row.rate, driver=row.driver,
        driver_values=tuple((unit_code[a.unit_id], a.driver_value) for a in allocations
                            if a.driver_value is not None),
        tupa_factor=tuple((unit_code[a.unit_id], a.tupa_factor) for a in allocations
                          if a.tupa_factor is not None),
        uid=row.uuid,
    )


class _Procedures:
    """The procedures of a batch of entities, their versions, requirements and activities."""

    def __init__(self, session: Session, entity_ids: list[int],
                 unit_code: dict[int, str], procedure_ids: Collection[int] | None = None,
                 lean: bool = False, steps: Collection[int] | None = None) -> None:
        self.unit_code = unit_code
        in_batch: Any = _PR.c.entity_id.in_(entity_ids)
        if procedure_ids is not None:
            in_batch = in_batch & _PR.c.id.in_(list(procedure_ids))
        execute = session.execute
        self.procedures: dict[int, list[Any]] = defaultdict(list)
        for row in execute(select(_PR).where(in_batch)
                           .order_by(_PR.c.entity_id, _PR.c.position, _PR.c.id)):
            self.procedures[row.entity_id].append(row)
        self.versions: dict[int, list[Any]] = defaultdict(list)
        for row in execute(select(_V).join(_PR, _V.c.procedure_id == _PR.c.id)
                           .where(in_batch).order_by(_V.c.position, _V.c.id)):
            self.versions[row.procedure_id].append(row)
        self.requirements: dict[tuple[str, int], list[s.Requirement]] = defaultdict(list)
        by_procedure = select(_Q).join(_PR, _Q.c.procedure_id == _PR.c.id)
        by_version = (select(_Q).join(_V, _Q.c.version_id == _V.c.id)
                      .join(_PR, _V.c.procedure_id == _PR.c.id))
        for query in (by_procedure, by_version):
            for row in execute(query.where(in_batch).order_by(_Q.c.position, _Q.c.id)):
                owner = ("p", row.procedure_id) if row.procedure_id else ("v", row.version_id)
                self.requirements[owner].append(s.Requirement(
                    name=row.name, kind=row.kind, cost=row.cost, legal_basis=row.legal_basis,
                    uid=row.uuid))
        self.raw = procedure_ids is None  # whole entities: thousands of rows
        if steps is not None:  # only those versions' steps
            in_batch = in_batch & _V.c.id.in_(sorted(steps))
        staff = self._uses(execute, t.ActivityStaff.__table__, _P, "position_id", "count",
                           in_batch, s.StaffUse, self.raw)
        uses = self._uses(execute, t.ActivityResource.__table__, _R, "resource_id", "qty",
                          in_batch, s.ResourceUse, self.raw)
        self.activities: dict[int, list[s.Activity]] = defaultdict(list)
        codes = self.unit_code
        a = _A.c
        if lean:
            self._lean_activities(execute, in_batch, staff, uses)
            return
        query = (select(a.id, a.version_id, a.description, a.unit_id, a.type, a.value,
                        a.minutes, a.probability, a.parallel, a.in_person, a.action, a.note,
                        a.time_source, a.time_date, a.time_by, a.uuid, a.based_on,
                        a.revision)
                 .join(_V, a.version_id == _V.c.id).join(_PR, _V.c.procedure_id == _PR.c.id)
                 .where(in_batch).order_by(a.version_id, a.position, a.id))
        # A million rows for a region: unpacked by position and built by position, which
        # is several times faster than reading Row attributes into keyword arguments.
        for (activity_id, version_id, description, unit_id, kind, value, minutes,
             probability, parallel, in_person, action, note, time_source, time_date,
             time_by, uid, based_on, revision) in _rows(execute, query, self.raw):
            self.activities[version_id].append(s.Activity(
                description, codes[unit_id] if unit_id is not None else None, kind, value,
                minutes, probability, parallel, in_person, staff.get(activity_id, ()),
                uses.get(activity_id, ()), action, note, time_source, time_date, time_by,
                uid, based_on, revision))

    def _lean_activities(self, execute: Any, in_batch: Any, staff: dict[int, Any],
                         uses: dict[int, Any]) -> None:
        """Steps with only what measuring reads: no description, note or provenance."""
        codes = self.unit_code
        a = _A.c
        query = (select(a.id, a.version_id, a.unit_id, a.type, a.value, a.minutes,
                        a.probability, a.parallel, a.in_person)
                 .join(_V, a.version_id == _V.c.id).join(_PR, _V.c.procedure_id == _PR.c.id)
                 .where(in_batch).order_by(a.version_id, a.position, a.id))
        make = s.Activity
        for (activity_id, version_id, unit_id, kind, value, minutes, probability, parallel,
             in_person) in _rows(execute, query, self.raw):
            self.activities[version_id].append(make(
                "", codes[unit_id] if unit_id is not None else None, kind, value, minutes,
                probability, parallel, in_person, staff.get(activity_id, ()),
                uses.get(activity_id, ())))

    @staticmethod
    def _uses(execute: Any, table: Any, target: Any, column: str, amount: str,
              in_batch: Any, make: Any, raw: bool = True) -> dict[int, tuple[Any, ...]]:
        """Every staff or resource use, per activity in id order, as snapshots.

        Equal uses are one shared (immutable) object, and so are equal tuples of them:
        a municipality repeats a few dozen of each over thousands of activities.
        """
        query = (select(table.c.activity_id, target.c.code, table.c[amount])
                 .join(target, table.c[column] == target.c.id)
                 .join(_A, table.c.activity_id == _A.c.id)
                 .join(_V, _A.c.version_id == _V.c.id)
                 .join(_PR, _V.c.procedure_id == _PR.c.id)
                 .where(in_batch).order_by(table.c.id))
        grouped: dict[int, list[Any]] = defaultdict(list)
        made: dict[tuple[str, Any], Any] = {}
        for activity_id, code, value in _rows(execute, query, raw):
            use = made.get((code, value))
            if use is None:
                use = made[(code, value)] = make(code, value)
            grouped[activity_id].append(use)
        tuples: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        return {activity_id: tuples.setdefault(tuple(found), tuple(found))
                for activity_id, found in grouped.items()}

    def of(self, entity_id: int) -> tuple[s.Procedure, ...]:
        return tuple(self._procedure(row) for row in self.procedures.get(entity_id, ()))

    def _procedure(self, row: Any) -> s.Procedure:
        codes = self.unit_code
        versions = self.versions.get(row.id, [])
        names = {v.id: v.name for v in versions}
        return s.Procedure(
            code=row.code, name=row.name, kind=row.kind, calificacion=row.calificacion,
            plazo=row.plazo, plazo_unit=row.plazo_unit, annual_demand=row.annual_demand,
            preparation_minutes=row.preparation_minutes,
            filed_at=codes.get(row.filed_at_id) if row.filed_at_id else None,
            approved_by=codes.get(row.approved_by_id) if row.approved_by_id else None,
            requirements=tuple(self.requirements.get(("p", row.id), ())),
            versions=tuple(self._version(v, names) for v in versions),
            description=row.description, who_may_apply=row.who_may_apply,
            legal_basis=row.legal_basis, channels=row.channels, contact=row.contact,
            steps_note=row.steps_note, reconsideration_authority=row.reconsideration_authority,
            appeal_authority=row.appeal_authority, uid=row.uuid,
            standard_code=row.standard_code,
        )

    def _version(self, row: Any, names: dict[int, str]) -> s.Version:
        return s.Version(
            name=row.name, kind=row.kind, fee=row.fee,
            activities=tuple(self.activities.get(row.id, ())),
            calificacion=row.calificacion, plazo=row.plazo, plazo_unit=row.plazo_unit,
            requirements=(tuple(self.requirements.get(("v", row.id), ()))
                          if row.overrides_requirements else None),
            based_on=names.get(row.based_on_id, "") if row.based_on_id else "",
            adopted=row.adopted, note=row.note, uid=row.uuid,
        )


__all__ = ["BATCH", "entity_ubigeos", "iter_entities"]
