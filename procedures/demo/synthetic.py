"""Seed the Cajamarca region and generate synthetic data for demos, scale tests and benchmarks.

Both functions take a `Session` whose transaction the caller owns (`with s.begin()`) and
never commit. Rows are written with executemany in chunks (`storage.bulk_write`) and
with primary keys assigned here (from the current `max(id)`), so children reference their
parents without a round trip: the region workload of DESIGN §7 (≈ 2 million rows) takes
seconds on SQLite. The progress callable may raise `Cancelled`; it propagates and the
caller's rollback leaves nothing behind.

Pre-assigned keys assume one writer at a time, which holds for this tool: SQLite locks
the file for the writing transaction, and on PostgreSQL the sequences are moved past the
new keys before returning so later ordinary inserts do not collide.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.codes import EntityKind
from models.tables import (
    Activity,
    ActivityResource,
    ActivityStaff,
    Base,
    Entity,
    Position,
    Procedure,
    Requirement,
    Resource,
    ResourceUnit,
    Unit,
    Version,
)
from procedures.demo import names as names
from procedures.errors import InputError
from procedures.i18n import _
from procedures.progress import Progress, no_progress
from procedures.storage.bulk_write import BulkWriter
from procedures.ubigeo import districts

#: The organisation every seeded municipality starts with: the lane where files are
#: received, the office that signs most municipal acts, and "the rest" (cost allocation
#: needs a unit for what is not TUPA work). No positions or resources: their costs differ
#: by municipality and must be entered by the user.
SEED_UNITS: tuple[tuple[str, str], ...] = (
    ("TD", "Trámite Documentario (Mesa de Partes)"),
    ("SG", "Secretaría General"),
    ("OT", "Otras unidades"),
)

#: Synthetic municipalities use department code 99, which INEI does not assign.
SYNTHETIC_DEPARTMENT = "99"
DISTRICTS_PER_PROVINCE = 50
MAX_SYNTHETIC_ENTITIES = 99 * DISTRICTS_PER_PROVINCE
#: Rows of the largest table buffered before a write (bounds memory, paces progress).
CHUNK_ROWS = 50_000

_KEYED: tuple[type[Base], ...] = (Entity, Unit, Position, Resource, Procedure, Version, Activity)

ENTITY_COLUMNS = ("id", "uuid", "ubigeo", "name", "kind", "department", "province", "district",
                  "travel_minutes", "travel_fare")
UNIT_COLUMNS = ("id", "uuid", "entity_id", "code", "name", "other_tupa_minutes")
POSITION_COLUMNS = ("id", "uuid", "entity_id", "code", "name", "unit_id", "annual_cost")
RESOURCE_COLUMNS = ("id", "uuid", "entity_id", "code", "name", "element", "unit_cost",
                    "annual_cost", "quantity", "acquisition_cost", "rate", "driver")
RESOURCE_UNIT_COLUMNS = ("resource_id", "unit_id", "driver_value", "tupa_factor")
PROCEDURE_COLUMNS = ("id", "uuid", "entity_id", "position", "code", "name", "kind",
                     "calificacion", "plazo", "plazo_unit", "annual_demand",
                     "preparation_minutes", "filed_at_id", "approved_by_id")
REQUIREMENT_COLUMNS = ("uuid", "procedure_id", "position", "name", "kind", "cost")
VERSION_COLUMNS = ("id", "uuid", "procedure_id", "position", "name", "kind", "fee")
ACTIVITY_COLUMNS = ("id", "uuid", "version_id", "position", "description", "unit_id", "type",
                    "value", "minutes", "probability", "parallel", "in_person", "note",
                    "time_by", "based_on")
STAFF_COLUMNS = ("activity_id", "position_id", "count")
ACTIVITY_RESOURCE_COLUMNS = ("activity_id", "resource_id", "qty")

_COUNTED = ("entities", "units", "positions", "resources", "resource_units", "procedures",
            "requirements", "versions", "activities", "staff", "activity_resources")
_HEX_VARIANT = {digit: format((int(digit, 16) & 3) | 8, "x") for digit in "0123456789abcdef"}


@dataclass(frozen=True, slots=True)
class SyntheticSummary:
    """How many rows `generate_synthetic` wrote, per table, and the ubigeos it used."""

    entities: int = 0
    units: int = 0
    positions: int = 0
    resources: int = 0
    resource_units: int = 0
    procedures: int = 0
    requirements: int = 0
    versions: int = 0
    activities: int = 0
    staff: int = 0
    activity_resources: int = 0
    first_ubigeo: str = ""
    last_ubigeo: str = ""

    @property
    def rows(self) -> int:
        """All rows written."""
        return sum(getattr(self, name) for name in _COUNTED)


def _uuid_list(rng: random.Random, count: int) -> list[str]:
    """`count` random version-4 UUID strings from `rng` (≈ 5× faster than `uuid.uuid4()`,
    and reproducible: the generator's output depends only on its seed)."""
    variant = _HEX_VARIANT
    hexes = rng.randbytes(16 * count).hex()
    return [
        f"{hexes[i:i + 8]}-{hexes[i + 8:i + 12]}-4{hexes[i + 13:i + 16]}-"
        f"{variant[hexes[i + 16]]}{hexes[i + 17:i + 20]}-{hexes[i + 20:i + 32]}"
        for i in range(0, 32 * count, 32)
    ]


def _uuid_stream(rng: random.Random, batch: int = 1024) -> Iterator[str]:
    while True:
        yield from _uuid_list(rng, batch)


class _UuidPool:
    """Random UUIDs handed out in ascending order within blocks.

    Rows with consecutive keys then get ascending UUIDs, so the unique UUID index is
    filled in order instead of at random places: about a third faster on SQLite. The
    values stay random version-4 UUIDs.
    """

    def __init__(self, rng: random.Random, block: int = 65_536) -> None:
        self.rng = rng
        self.block_size = block
        self.block: list[str] = []
        self.next = 0

    def take(self, count: int) -> list[str]:
        taken: list[str] = []
        while count > 0:
            if self.next == len(self.block):
                self.block = sorted(_uuid_list(self.rng, self.block_size))
                self.next = 0
            end = min(len(self.block), self.next + count)
            taken.extend(self.block[self.next:end])
            count -= end - self.next
            self.next = end
        return taken


# --------------------------------------------------------------------------- region seed


def seed_region(session: Session, progress: Progress = no_progress) -> int:
    """Create the region's municipalities that do not exist yet (keyed by ubigeo).

    Each gets default settings and the units of `SEED_UNITS`. Returns how many were
    created; running it again creates nothing.
    """
    rows = districts()
    message = _("Creating the municipalities of the region")
    total = len(rows)
    progress(0, total, message)
    existing = set(session.execute(
        select(Entity.ubigeo).where(Entity.ubigeo.in_([row.ubigeo for row in rows]))
    ).scalars())
    missing = [row for row in rows if row.ubigeo not in existing]
    if missing:
        writer = BulkWriter(session, {Entity: ENTITY_COLUMNS[:8], Unit: UNIT_COLUMNS[:5]})
        ids = writer.next_ids((Entity, Unit))
        entity_id, unit_id = ids[Entity], ids[Unit]
        for row in missing:
            kind = EntityKind.PROVINCIAL if row.is_provincial_seat else EntityKind.DISTRICT
            writer.buffers[Entity].append((
                entity_id, str(uuid.uuid4()), row.ubigeo, row.municipality_name, kind.value,
                row.department, row.province, row.district,
            ))
            for code, name in SEED_UNITS:
                writer.buffers[Unit].append((unit_id, str(uuid.uuid4()), entity_id, code, name))
                unit_id += 1
            entity_id += 1
        writer.flush()
        writer.sync_sequences({Entity: entity_id - 1, Unit: unit_id - 1})
    progress(total, total, message)
    return len(missing)


# --------------------------------------------------------------------- synthetic data


def generate_synthetic(
    session: Session,
    municipalities: int,
    procedures: int,
    activities: int,
    progress: Progress = no_progress,
    seed: int = 1,
) -> SyntheticSummary:
    """Write plausible synthetic municipalities for scale tests and benchmarks.

    Each municipality gets 4–8 units, 6–12 positions, resources of every cost element with
    driver values and TUPA factors, and `procedures` procedures with requirements and one
    as-is version of `activities` activities (staff on every entity step except waits).
    Ubigeos use department 99 and continue after earlier synthetic ones. The content is
    the same for the same seed; UUIDs too, on the same starting database.
    """
    for label, value in (("municipalities", municipalities), ("procedures", procedures),
                         ("activities", activities)):
        if value < 0:
            raise InputError(_("{name} must not be negative").format(name=label))
    generator = _Synthesizer(session, procedures, activities, progress, seed)
    if generator.first_sequence + municipalities > MAX_SYNTHETIC_ENTITIES:
        raise InputError(_("at most {count} synthetic municipalities fit in one database").format(
            count=MAX_SYNTHETIC_ENTITIES
        ))
    first_entity = generator.ids[Entity]
    with generator.writer:
        summary = generator.run(municipalities)
    # Core rows pass no ORM hook: the commit measures the new entities (stored figures).
    from procedures.services.figures import mark_stale

    mark_stale(session, entity_ids=range(first_entity, generator.ids[Entity]))
    return summary


class _Synthesizer:
    """One generation run: random sources, next keys, buffers and counters."""

    def __init__(
        self, session: Session, procedures: int, activities: int, progress: Progress, seed: int
    ) -> None:
        self.writer = BulkWriter(session, {
            Entity: ENTITY_COLUMNS, Unit: UNIT_COLUMNS, Position: POSITION_COLUMNS,
            Resource: RESOURCE_COLUMNS, ResourceUnit: RESOURCE_UNIT_COLUMNS,
            Procedure: PROCEDURE_COLUMNS, Requirement: REQUIREMENT_COLUMNS,
            Version: VERSION_COLUMNS, Activity: ACTIVITY_COLUMNS, ActivityStaff: STAFF_COLUMNS,
            ActivityResource: ACTIVITY_RESOURCE_COLUMNS,
        })
        self.procedures = procedures
        self.activities = activities
        self.progress = progress
        self.rng = random.Random(seed)
        self.ids = self.writer.next_ids(_KEYED)
        # UUIDs are unique per database: their stream depends on where this run starts.
        uuid_rng = random.Random(f"{seed}/{self.ids[Entity]}")
        self.new_uuid = _uuid_stream(uuid_rng).__next__
        self.activity_uuids = _UuidPool(uuid_rng)
        self.first_sequence = self._first_sequence()
        self.counts = dict.fromkeys(_COUNTED, 0)
        number = self.writer.number
        self.one = number("1")
        self.probabilities = [number(p) for p in ("0.10", "0.15", "0.20", "0.25", "0.30")]
        self.factors = [number(f) for f in ("0.30", "0.50", "0.60", "0.70", "0.80", "0.90")]
        self.zero_factor = number("0")

    def _first_sequence(self) -> int:
        last = self.writer.connection.execute(
            select(func.max(Entity.ubigeo)).where(Entity.ubigeo.like(f"{SYNTHETIC_DEPARTMENT}%"))
        ).scalar()
        if not last:
            return 0
        province, district = int(last[2:4]), int(last[4:6])
        return (province - 1) * DISTRICTS_PER_PROVINCE + district

    def run(self, municipalities: int) -> SyntheticSummary:
        total = municipalities * self.procedures
        message = _("Generating synthetic municipalities")
        self.progress(0, total, message)
        ubigeos: list[str] = []
        activity_rows = self.writer.buffers[Activity]
        for index in range(municipalities):
            ubigeos.append(self._entity(self.first_sequence + index, activity_rows))
            self.progress((index + 1) * self.procedures, total, message)
        self.writer.flush()
        self.writer.sync_sequences({model: self.ids[model] - 1 for model in _KEYED})
        self.progress(total, total, message)
        return SyntheticSummary(
            **self.counts,
            first_ubigeo=ubigeos[0] if ubigeos else "",
            last_ubigeo=ubigeos[-1] if ubigeos else "",
        )

    def _take(self, model: type[Base], count: int = 1) -> int:
        first = self.ids[model]
        self.ids[model] = first + count
        return first

    def _entity(self, sequence: int, activity_rows: list[tuple[Any, ...]]) -> str:
        rng, number, buffers = self.rng, self.writer.number, self.writer.buffers
        province, district = divmod(sequence, DISTRICTS_PER_PROVINCE)
        ubigeo = f"{SYNTHETIC_DEPARTMENT}{province + 1:02d}{district + 1:02d}"
        kind = EntityKind.PROVINCIAL if district == 0 else EntityKind.DISTRICT
        entity_id = self._take(Entity)
        buffers[Entity].append((
            entity_id, self.new_uuid(), ubigeo, f"Municipalidad Demo {sequence + 1:03d}",
            kind.value, "Demo", f"Provincia Demo {province + 1:02d}",
            f"Distrito Demo {sequence + 1:03d}", rng.choice((30, 60, 90, 120, 180)),
            number(rng.choice(("3.00", "5.00", "6.00", "8.00", "12.00"))),
        ))
        self.counts["entities"] += 1
        unit_ids, positions_by_unit = self._organisation(entity_id)
        resource_ids = self._resources(entity_id, unit_ids)
        self._procedures(entity_id, unit_ids, positions_by_unit, resource_ids, activity_rows)
        return ubigeo

    def _organisation(self, entity_id: int) -> tuple[dict[str, int], dict[int, list[int]]]:
        rng, number, buffers = self.rng, self.writer.number, self.writer.buffers
        drawn = rng.sample(names.UNIT_POOL, rng.randint(2, 6))
        specs = [names.FILING_UNIT, *drawn, names.OTHER_UNIT]
        unit_ids: dict[str, int] = {}
        for spec in specs:
            unit_id = self._take(Unit)
            unit_ids[spec.code] = unit_id
            other = 0 if spec is names.OTHER_UNIT else rng.randrange(20_000, 200_000, 100)
            buffers[Unit].append((unit_id, self.new_uuid(), entity_id, spec.code, spec.name,
                                  other))
        working = specs[:-1]  # positions and activities never sit in "Otras unidades"
        positions_by_unit: dict[int, list[int]] = {unit_ids[s.code]: [] for s in working}
        for index in range(max(rng.randint(6, 12), len(working))):
            spec = working[index % len(working)]
            level = names.POSITION_LEVELS[1] if index < len(working) else rng.choice(
                names.POSITION_LEVELS
            )
            cost = rng.randrange(level.min_cost, level.max_cost + 1, 600)
            position_id = self._take(Position)
            positions_by_unit[unit_ids[spec.code]].append(position_id)
            buffers[Position].append((
                position_id, self.new_uuid(), entity_id, f"P{index + 1:02d}",
                level.title.format(unit=spec.name), unit_ids[spec.code], number(f"{cost}.00"),
            ))
        self.counts["units"] += len(specs)
        self.counts["positions"] += sum(len(p) for p in positions_by_unit.values())
        return unit_ids, positions_by_unit

    def _resources(self, entity_id: int, unit_ids: dict[str, int]) -> dict[str, int]:
        rng, number, buffers = self.rng, self.writer.number, self.writer.buffers
        other_id = unit_ids[names.OTHER_UNIT.code]
        factors = {
            unit_id: self.zero_factor if unit_id == other_id else rng.choice(self.factors)
            for unit_id in unit_ids.values()
        }
        resource_ids: dict[str, int] = {}
        for spec in names.RESOURCES:
            resource_id = self._take(Resource)
            resource_ids[spec.code] = resource_id
            amount = number(spec.amount)
            unit_cost = annual = quantity = acquisition = rate = None
            if spec.element in ("material_fungible", "servicio_identificable"):
                unit_cost = amount
            elif spec.element == "depreciacion":
                quantity, acquisition, rate = spec.quantity, amount, number(spec.rate)
            else:
                annual = amount
            buffers[Resource].append((
                resource_id, self.new_uuid(), entity_id, spec.code, spec.name, spec.element,
                unit_cost, annual, quantity, acquisition, rate, spec.driver,
            ))
            if spec.driver:
                for unit_id in unit_ids.values():
                    scale = 10 if unit_id == other_id else 1
                    driver_value = rng.randint(1, 12) * scale * (10 if spec.driver == "m2" else 1)
                    buffers[ResourceUnit].append(
                        (resource_id, unit_id, driver_value, factors[unit_id])
                    )
                    self.counts["resource_units"] += 1
        self.counts["resources"] += len(names.RESOURCES)
        return resource_ids

    def _procedures(
        self,
        entity_id: int,
        unit_ids: dict[str, int],
        positions_by_unit: dict[int, list[int]],
        resource_ids: dict[str, int],
        activity_rows: list[tuple[Any, ...]],
    ) -> None:
        rng, number, buffers = self.rng, self.writer.number, self.writer.buffers
        td_id = unit_ids[names.FILING_UNIT.code]
        working_ids = list(positions_by_unit)
        approvers = [unit_id for unit_id in working_ids if unit_id != td_id] or [td_id]
        templates = names.PROCEDURES
        n_activities = self.activities
        steps = _StepTable.build(resource_ids)
        for index in range(self.procedures):
            spec = templates[index % len(templates)]
            repeat = index // len(templates)
            name = spec.name if repeat == 0 else f"{spec.name} ({repeat + 1})"
            prefix = "SE" if spec.kind == "servicio" else "PA"
            approver_id = unit_ids.get(spec.unit) or rng.choice(approvers)
            procedure_id = self._take(Procedure)
            buffers[Procedure].append((
                procedure_id, self.new_uuid(), entity_id, index + 1, f"{prefix}-{index + 1:03d}",
                name, spec.kind, spec.calificacion, spec.plazo, "habiles",
                rng.randint(spec.min_demand, spec.max_demand), rng.choice((0, 15, 30, 60, 120)),
                td_id, approver_id,
            ))
            extra = rng.sample(names.REQUIREMENTS[1:], rng.randint(1, 3))
            for position, (text_, kind, cost) in enumerate((names.REQUIREMENTS[0], *extra), 1):
                buffers[Requirement].append(
                    (self.new_uuid(), procedure_id, position, text_, kind, number(cost))
                )
            self.counts["requirements"] += 1 + len(extra)
            version_id = self._take(Version)
            effort = self._activities(
                version_id, n_activities, td_id, approver_id, working_ids, positions_by_unit,
                steps, activity_rows,
            )
            cents = 0 if spec.free else effort * rng.randint(15, 30)  # S/ 0.15–0.30 a minute
            buffers[Version].append((
                version_id, self.new_uuid(), procedure_id, 0, "Actual", "as_is",
                number(f"{cents // 100}.{cents % 100:02d}"),
            ))
            if len(activity_rows) >= CHUNK_ROWS:
                self.writer.flush()
        self.counts["procedures"] += self.procedures
        self.counts["versions"] += self.procedures

    def _activities(
        self,
        version_id: int,
        count: int,
        td_id: int,
        approver_id: int,
        working_ids: list[int],
        positions_by_unit: dict[int, list[int]],
        table: _StepTable,
        activity_rows: list[tuple[Any, ...]],
    ) -> int:
        """Append one version's activities, staff and resources; return its effort minutes.

        The generator's hot loop: steps are precompiled tuples, and `random()` arithmetic
        replaces randint/choice (several times faster).
        """
        rng, buffers = self.rng, self.writer.buffers
        random_ = rng.random
        staff_rows, resource_rows = buffers[ActivityStaff], buffers[ActivityResource]
        one, probabilities = self.one, self.probabilities
        n_probabilities, n_working = len(probabilities), len(working_ids)
        steps = rng.choices(table.body, cum_weights=table.cum_weights, k=count)
        if count >= 1:
            steps[0] = table.first
        if count >= 2:
            steps[1] = table.receive
        if count >= 3:
            steps[-1] = table.last
        uuids = self.activity_uuids.take(count)
        activity_id = self._take(Activity, count)
        effort = staffed = resourced = 0
        for position, (description, lane, type_, value, low, span, optional, in_person, works,
                       resource_id, a4) in enumerate(steps, 1):
            if lane == _CITIZEN:
                unit_id = None
            elif lane == _FILING:
                unit_id = td_id
            elif lane == _APPROVER:
                unit_id = approver_id
            else:
                unit_id = working_ids[int(random_() * n_working)]
            minutes = low + int(random_() * span)
            activity_rows.append((
                activity_id, uuids[position - 1], version_id, position, description, unit_id,
                type_, value, minutes,
                probabilities[int(random_() * n_probabilities)] if optional else one,
                position > 2 and random_() < 0.05, in_person, "", "", "",
            ))
            if works and unit_id is not None:
                staff = positions_by_unit[unit_id]
                staff_rows.append((activity_id, staff[int(random_() * len(staff))], one))
                effort += minutes
                staffed += 1
                if resource_id is not None:
                    quantity = 1 + int(random_() * 3) if a4 else 1
                    resource_rows.append((activity_id, resource_id, quantity))
                    resourced += 1
            activity_id += 1
        counts = self.counts
        counts["activities"] += count
        counts["staff"] += staffed
        counts["activity_resources"] += resourced
        return effort


_CITIZEN, _FILING, _APPROVER, _OTHER = range(4)
_LANES = {"citizen": _CITIZEN, "td": _FILING, "approver": _APPROVER, "other": _OTHER}

#: A step ready for the hot loop: description, lane, type, value, minimum minutes, span of
#: minutes, optional, in person, staffed (not a wait), resource id or None, quantity 1–3.
_Step = tuple[str, int, str, str, int, int, bool, bool, bool, int | None, bool]


class _StepTable(NamedTuple):
    """The step kinds of one municipality, with its resource ids resolved."""

    body: list[_Step]
    cum_weights: list[int]
    first: _Step
    receive: _Step
    last: _Step

    @classmethod
    def build(cls, resource_ids: dict[str, int]) -> _StepTable:
        def compiled(step: names.StepSpec) -> _Step:
            return (
                step.description, _LANES[step.lane], step.type, step.value, step.min_minutes,
                step.max_minutes - step.min_minutes + 1, step.optional, step.in_person,
                step.type != "espera", resource_ids.get(step.resource), step.resource == "A4",
            )

        weights: list[int] = []
        for step in names.STEPS:
            weights.append((weights[-1] if weights else 0) + step.weight)
        return cls(
            [compiled(step) for step in names.STEPS], weights, compiled(names.FIRST_STEP),
            compiled(names.RECEIVE_STEP), compiled(names.LAST_STEP),
        )
