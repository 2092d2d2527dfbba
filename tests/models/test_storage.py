"""Storage on both backends: schema, constraints, money, cascades, migrations."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, StatementError

from models import tables as t
from models.codes import ActivityType, EntityKind, ValueClass, VersionKind


def _entity(session, ubigeo: str = "060101") -> t.Entity:
    entity = t.Entity(ubigeo=ubigeo, name="Municipalidad Provincial de Cajamarca",
                      kind=EntityKind.PROVINCIAL)
    session.add(entity)
    session.flush()
    return entity


def test_reference_values_are_seeded(any_db) -> None:
    with any_db.session() as session:
        values = {r.year: (r.uit, r.rmv) for r in session.scalars(select(t.ReferenceValue))}
    assert values[2026] == (Decimal("5500.00"), Decimal("1130.00"))
    assert values[2025] == (Decimal("5350.00"), Decimal("1130.00"))
    assert values[2024][0] == Decimal("5150.00")


def test_money_round_trips_exactly(any_db) -> None:
    with any_db.session() as session, session.begin():
        entity = _entity(session)
        entity.positions.append(t.Position(code="TMP", name="Técnico", annual_cost=Decimal(
            "24000.07")))
    with any_db.session() as session:
        cost = session.scalar(select(t.Position.annual_cost))
    assert cost == Decimal("24000.07") and isinstance(cost, Decimal)


def test_defaults_follow_the_domain(any_db) -> None:
    with any_db.session() as session, session.begin():
        entity = _entity(session)
    with any_db.session() as session:
        row = session.get(t.Entity, entity.id)
        assert (row.hours_per_day, row.days_per_month, row.minutes_per_working_day) == (8, 30, 480)
        assert row.citizen_hour_value == Decimal("5.43")
        assert len(row.uuid) == 36


def test_duplicate_unit_code_is_refused(any_db) -> None:
    with any_db.session() as session, session.begin():
        entity = _entity(session)
        entity.units.append(t.Unit(code="TD", name="Trámite Documentario"))
    with pytest.raises(IntegrityError), any_db.session() as session, session.begin():
        session.add(t.Unit(entity_id=entity.id, code="TD", name="Otra"))


def test_probability_outside_range_is_refused_by_the_database(any_db) -> None:
    with any_db.session() as session, session.begin():
        entity = _entity(session)
        procedure = t.Procedure(entity_id=entity.id, code="PA-01", name="Prueba")
        version = t.Version(name="Actual", kind=VersionKind.AS_IS)
        procedure.versions.append(version)
        session.add(procedure)
    with pytest.raises(IntegrityError), any_db.session() as session, session.begin():
        session.add(t.Activity(version_id=version.id, position=1, description="x",
                               type=ActivityType.OPERACION, value=ValueClass.VA,
                               minutes=Decimal(5), probability=Decimal("1.5")))


def test_unknown_enumeration_is_refused_before_sql(any_db) -> None:
    with pytest.raises(StatementError), any_db.session() as session, session.begin():
        session.add(t.Entity(ubigeo="060102", name="X", kind="regional"))


def test_deleting_an_entity_cascades(any_db) -> None:
    with any_db.session() as session, session.begin():
        entity = _entity(session)
        unit = t.Unit(code="TD", name="TD")
        entity.units.append(unit)
        session.flush()
        procedure = t.Procedure(entity_id=entity.id, code="PA-01", name="Prueba")
        version = t.Version(name="Actual", kind=VersionKind.AS_IS)
        version.activities.append(t.Activity(position=1, description="x", unit_id=unit.id,
                                             type=ActivityType.OPERACION, value=ValueClass.VA))
        procedure.versions.append(version)
        session.add(procedure)
    with any_db.session() as session, session.begin():
        session.delete(session.get(t.Entity, entity.id))
    with any_db.session() as session:
        assert session.scalar(select(func.count()).select_from(t.Activity)) == 0
        assert session.scalar(select(func.count()).select_from(t.Procedure)) == 0


def test_schema_matches_the_models(any_db) -> None:
    """Autogenerate finds nothing: the migrations describe exactly the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with any_db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, t.Base.metadata) == []
