"""Region seed and synthetic generator against real databases (SQLite, and PostgreSQL
when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import shutil
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from models.codes import ActivityType, CostElement, EntityKind, ValueClass, VersionKind
from models.db import Database, open_database
from models.tables import (
    Activity,
    ActivityResource,
    ActivityStaff,
    Entity,
    Position,
    Procedure,
    Requirement,
    Resource,
    ResourceUnit,
    Unit,
    Version,
)
from procedures.demo.synthetic import (
    SEED_UNITS,
    SyntheticSummary,
    generate_synthetic,
    seed_region,
)
from procedures.errors import Cancelled, InputError
from procedures.ubigeo import districts

pytestmark = pytest.mark.postgres

TABLES = (Entity, Unit, Position, Resource, ResourceUnit, Procedure, Requirement, Version,
          Activity, ActivityStaff, ActivityResource)


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


# ----------------------------------------------------------------------------- region


def test_region_file_has_127_districts_13_capitals() -> None:
    rows = districts()
    assert len(rows) == 127
    assert len({row.ubigeo for row in rows}) == 127
    assert sum(row.is_provincial_seat for row in rows) == 13
    assert all(len(row.ubigeo) == 6 and row.ubigeo.isdigit() for row in rows)
    assert all(row.ubigeo.startswith("06") for row in rows)


def test_seed_region_creates_the_127_municipalities(any_db: Database) -> None:
    calls: list[tuple[int, int]] = []
    with any_db.session() as s, s.begin():
        created = seed_region(s, progress=lambda done, total, message="": calls.append(
            (done, total)
        ))
    assert created == 127
    assert calls[-1] == (127, 127)
    with any_db.session() as s:
        assert count(s, Entity) == 127
        kinds = dict(s.execute(select(Entity.kind, func.count()).group_by(Entity.kind)).all())
        assert kinds == {EntityKind.PROVINCIAL: 13, EntityKind.DISTRICT: 114}
        names = dict(s.execute(select(Entity.ubigeo, Entity.name)).all())
        assert names["060101"] == "Municipalidad Provincial de Cajamarca"
        assert names["060801"] == "Municipalidad Provincial de Jaén"
        assert names["061101"] == "Municipalidad Provincial de San Miguel"
        assert names["060601"] == "Municipalidad Provincial de Cutervo"
        assert names["060701"] == "Municipalidad Provincial de Hualgayoc"
        assert names["060102"] == "Municipalidad Distrital de Asunción"
        assert names["061001"] == "Municipalidad Provincial de San Marcos"
        assert names["060108"] == "Municipalidad Distrital de Los Baños del Inca"
        bambamarca = s.scalars(select(Entity).where(Entity.ubigeo == "060701")).one()
        assert (bambamarca.department, bambamarca.province, bambamarca.district) == (
            "Cajamarca", "Hualgayoc", "Bambamarca"
        )
        # Default settings, as an entity created any other way would get.
        assert bambamarca.year == 2026
        assert bambamarca.minutes_per_working_day == 480
        assert bambamarca.citizen_hour_value == Decimal("5.43")
        assert bambamarca.hours_per_day == Decimal(8)
        assert [u.code for u in bambamarca.units] == sorted(code for code, _ in SEED_UNITS)
        assert count(s, Unit) == 127 * len(SEED_UNITS)
        assert count(s, Position) == 0
        uuids = s.scalars(select(Entity.uuid)).all()
        assert len(set(uuids)) == 127
        assert all(uuid.UUID(value).version == 4 for value in uuids)


def test_seeding_twice_creates_nothing_new(any_db: Database) -> None:
    with any_db.session() as s, s.begin():
        assert seed_region(s) == 127
    with any_db.session() as s, s.begin():
        assert seed_region(s) == 0
    with any_db.session() as s:
        assert count(s, Entity) == 127
        assert count(s, Unit) == 127 * len(SEED_UNITS)


def test_seed_keeps_existing_entities_and_pending_ones(sqlite_db: Database) -> None:
    with sqlite_db.session() as s, s.begin():
        s.add(Entity(ubigeo="060101", name="MPC (importada)", kind=EntityKind.PROVINCIAL))
        s.add(Entity(ubigeo="990001", name="Otra", kind=EntityKind.DISTRICT))
        # Not flushed yet: the seed must see it, and must not reuse its key.
        assert seed_region(s) == 126
    with sqlite_db.session() as s:
        assert count(s, Entity) == 128
        mpc = s.scalars(select(Entity).where(Entity.ubigeo == "060101")).one()
        assert mpc.name == "MPC (importada)"
        assert mpc.units == []


def test_new_rows_after_seed_get_fresh_keys(any_db: Database) -> None:
    """Keys assigned in bulk must not collide with later ordinary inserts (PG sequences)."""
    with any_db.session() as s, s.begin():
        seed_region(s)
    with any_db.session() as s, s.begin():
        entity = Entity(ubigeo="990999", name="Nueva", kind=EntityKind.DISTRICT)
        entity.units.append(Unit(code="TD", name="Mesa de Partes"))
        s.add(entity)
    with any_db.session() as s:
        assert s.scalar(select(func.max(Entity.id))) == entity.id
        assert entity.id > 127


def test_cancelled_seed_leaves_nothing(any_db: Database) -> None:
    def cancel_at_the_end(done: int, total: int, message: str = "") -> None:
        if done == total:
            raise Cancelled

    with pytest.raises(Cancelled), any_db.session() as s, s.begin():
        seed_region(s, progress=cancel_at_the_end)
    with any_db.session() as s:
        assert count(s, Entity) == 0
        assert count(s, Unit) == 0


# -------------------------------------------------------------------------- synthetic


def test_small_synthetic_run_writes_exactly_the_expected_rows(any_db: Database) -> None:
    with any_db.session() as s, s.begin():
        summary = generate_synthetic(s, 3, 5, 7)
    assert (summary.entities, summary.procedures, summary.versions, summary.activities) == (
        3, 15, 15, 105
    )
    assert (summary.first_ubigeo, summary.last_ubigeo) == ("990101", "990103")
    with any_db.session() as s:
        counted = {model.__tablename__: count(s, model) for model in TABLES}
        assert counted == {
            "entity": 3, "unit": summary.units, "position": summary.positions,
            "resource": summary.resources, "resource_unit": summary.resource_units,
            "procedure": 15, "requirement": summary.requirements, "version": 15,
            "activity": 105, "activity_staff": summary.staff,
            "activity_resource": summary.activity_resources,
        }
        assert summary.rows == sum(counted.values())
        entities = s.scalars(select(Entity).order_by(Entity.ubigeo)).all()
        assert [e.name for e in entities] == [
            "Municipalidad Demo 001", "Municipalidad Demo 002", "Municipalidad Demo 003"
        ]
        assert [e.kind for e in entities] == [
            EntityKind.PROVINCIAL, EntityKind.DISTRICT, EntityKind.DISTRICT
        ]
        for entity in entities:
            assert 4 <= len(entity.units) <= 8
            assert {"TD", "OT"} <= {u.code for u in entity.units}
            assert 6 <= len(entity.positions) <= 12
            assert {r.element for r in entity.resources} == set(CostElement) - {
                CostElement.PERSONAL
            }
            for resource in entity.resources:
                if resource.driver:
                    assert {a.unit_id for a in resource.allocations} == {
                        u.id for u in entity.units
                    }
                    assert all(0 <= a.tupa_factor <= 1 for a in resource.allocations)
        _assert_consistent(s)


def _assert_consistent(s: Session) -> None:
    """Foreign keys valid and coherent across entities; values in range."""
    if s.get_bind().dialect.name == "sqlite":
        assert s.execute(text("PRAGMA foreign_key_check")).all() == []
    # Every activity's unit, staff position and resource belong to its procedure's entity.
    wrong_unit = s.scalar(
        select(func.count()).select_from(Activity)
        .join(Version, Activity.version_id == Version.id)
        .join(Procedure, Version.procedure_id == Procedure.id)
        .join(Unit, Activity.unit_id == Unit.id)
        .where(Unit.entity_id != Procedure.entity_id)
    )
    assert wrong_unit == 0
    wrong_staff = s.scalar(
        select(func.count()).select_from(ActivityStaff)
        .join(Activity, ActivityStaff.activity_id == Activity.id)
        .join(Position, ActivityStaff.position_id == Position.id)
        .where((Position.unit_id != Activity.unit_id) | Activity.unit_id.is_(None))
    )
    assert wrong_staff == 0
    wrong_resource = s.scalar(
        select(func.count()).select_from(ActivityResource)
        .join(Activity, ActivityResource.activity_id == Activity.id)
        .join(Version, Activity.version_id == Version.id)
        .join(Procedure, Version.procedure_id == Procedure.id)
        .join(Resource, ActivityResource.resource_id == Resource.id)
        .where(Resource.entity_id != Procedure.entity_id)
    )
    assert wrong_resource == 0
    # Staff on every entity activity except waits, and nowhere else.
    staffed = set(s.scalars(select(ActivityStaff.activity_id)).all())
    for activity in s.scalars(select(Activity)):
        assert 0 < activity.probability <= 1
        assert activity.minutes >= 0
        expects_staff = activity.unit_id is not None and activity.type is not ActivityType.ESPERA
        assert (activity.id in staffed) == expects_staff
        assert not activity.in_person or activity.unit_id is None
    # One as-is version per procedure, numbered 1..n within it.
    for procedure in s.scalars(select(Procedure)):
        assert [v.kind for v in procedure.versions] == [VersionKind.AS_IS]
        positions = [a.position for a in procedure.versions[0].activities]
        assert positions == list(range(1, len(positions) + 1))
        assert procedure.filed_at is not None and procedure.filed_at.code == "TD"
        assert procedure.approved_by is not None
        assert procedure.approved_by.entity_id == procedure.entity_id
        assert procedure.requirements
    uuids: list[str] = []
    for model in (Entity, Unit, Position, Resource, Procedure, Requirement, Version, Activity):
        uuids.extend(s.scalars(select(model.uuid)).all())
    assert len(uuids) == len(set(uuids))
    assert all(uuid.UUID(value).version == 4 for value in uuids)


def _dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """The data of every table; row revisions left out (a write's time, not data)."""
    with db.session() as s:
        return {
            model.__tablename__: [
                tuple(row) for row in s.execute(
                    select(*[c for c in model.__table__.columns if c.name != "revision"])
                    .order_by(*model.__table__.primary_key.columns)
                ).all()
            ]
            for model in TABLES
        }


def _fresh_copy(db_path: Path, name: str) -> Database:
    target = db_path.with_name(name)
    shutil.copyfile(db_path, target)
    return open_database(target)


def test_same_seed_same_data_other_seed_other_data(db_path: Path) -> None:
    dumps = []
    for name, seed in (("a.sqlite", 7), ("b.sqlite", 7), ("c.sqlite", 8)):
        db = _fresh_copy(db_path, name)
        try:
            with db.session() as s, s.begin():
                generate_synthetic(s, 2, 4, 6, seed=seed)
            dumps.append(_dump(db))
        finally:
            db.close()
    assert dumps[0] == dumps[1]
    assert dumps[0]["activity"] != dumps[2]["activity"]


def test_a_second_run_continues_without_collisions(sqlite_db: Database) -> None:
    for _ in range(2):
        with sqlite_db.session() as s, s.begin():
            summary = generate_synthetic(s, 2, 3, 5)
    assert (summary.first_ubigeo, summary.last_ubigeo) == ("990103", "990104")
    with sqlite_db.session() as s:
        assert count(s, Entity) == 4
        assert count(s, Activity) == 2 * 2 * 3 * 5
        _assert_consistent(s)


def test_synthetic_after_seed_and_ordinary_inserts_after_it(any_db: Database) -> None:
    with any_db.session() as s, s.begin():
        seed_region(s)
        generate_synthetic(s, 1, 2, 4)
    with any_db.session() as s, s.begin():
        procedure = s.scalars(select(Procedure)).first()
        assert procedure is not None
        version = Version(name="Propuesta", kind=VersionKind.TO_BE)
        version.activities.append(Activity(
            position=1, description="Nueva", type=ActivityType.OPERACION, value=ValueClass.VA,
        ))
        procedure.versions.append(version)
    with any_db.session() as s:
        assert count(s, Entity) == 128
        assert count(s, Activity) == 2 * 4 + 1


def test_edge_sizes(sqlite_db: Database) -> None:
    with sqlite_db.session() as s, s.begin():
        empty = generate_synthetic(s, 0, 5, 5)
        no_procedures = generate_synthetic(s, 1, 0, 5)
        tiny = generate_synthetic(s, 1, 2, 1)
    assert empty == SyntheticSummary()
    assert (no_procedures.entities, no_procedures.procedures) == (1, 0)
    assert (tiny.procedures, tiny.activities) == (2, 2)
    with sqlite_db.session() as s:
        _assert_consistent(s)


def test_negative_sizes_are_refused(sqlite_db: Database) -> None:
    with sqlite_db.session() as s, s.begin(), pytest.raises(InputError):
        generate_synthetic(s, 1, -1, 5)


def test_progress_is_reported_and_cancel_rolls_back(any_db: Database) -> None:
    calls: list[tuple[int, int]] = []

    def cancel_midway(done: int, total: int, message: str = "") -> None:
        calls.append((done, total))
        assert message
        if done >= total // 2 > 0:
            raise Cancelled

    with pytest.raises(Cancelled), any_db.session() as s, s.begin():
        generate_synthetic(s, 4, 3, 6, progress=cancel_midway)
    assert calls[0] == (0, 12)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    with any_db.session() as s:
        assert {model.__tablename__: count(s, model) for model in TABLES} == {
            model.__tablename__: 0 for model in TABLES
        }


def test_progress_reaches_the_total(sqlite_db: Database) -> None:
    calls: list[tuple[int, int]] = []
    with sqlite_db.session() as s, s.begin():
        generate_synthetic(s, 3, 4, 5, progress=lambda d, t, m="": calls.append((d, t)))
    assert calls[0] == (0, 12)
    assert calls[-1] == (12, 12)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_the_page_cache_setting_is_restored(sqlite_db: Database) -> None:
    with sqlite_db.session() as s, s.begin():
        connection = s.connection()
        before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
        generate_synthetic(s, 1, 2, 3)
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == before
