"""Migrations of existing data: what an older database holds comes through right."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import select, text

from models import db as dbmod
from models.migrate import alembic_config, current_revision, head_revision
from procedures.services.exports import export_package
from procedures.services.imports import import_package
from tests.conftest import EXAMPLE


def _back_to(path: Path, revision: str) -> None:
    """Undo the migrations after `revision`, so that a database made by this version
    looks like one an older version wrote (what later migrations added goes)."""
    engine = dbmod.create_db_engine(dbmod.database_url(path))
    try:
        command.downgrade(alembic_config(engine), revision)
    finally:
        engine.dispose()


def test_row_counters_are_added_to_a_database_of_0002_and_edits_check_them(
    tmp_path: Path,
) -> None:
    """Rows written before the counters existed start at 0; the first edit moves it."""
    from decimal import Decimal

    import pytest

    from models import tables as t
    from procedures.errors import ChangedMeanwhile
    from procedures.services import activities as ea

    path = tmp_path / "old.sqlite"
    database = dbmod.open_database(path)
    try:
        with database.session() as session, session.begin():
            import_package(session, EXAMPLE)
    finally:
        database.close()
    _back_to(path, "0002")
    database = dbmod.open_database(path)
    try:
        with database.session() as session:
            first = session.scalars(select(t.Activity).order_by(t.Activity.id)).first()
            assert first is not None and first.revision == 0
            uuid = first.uuid
        with database.session() as session, session.begin():
            ea.update_activity(session, uuid, "minutes", Decimal(7), expected=0)
        with pytest.raises(ChangedMeanwhile), database.session() as session, session.begin():
            ea.update_activity(session, uuid, "minutes", Decimal(8), expected=0)
    finally:
        database.close()


def test_allocated_resources_on_steps_are_removed_and_the_export_imports_again(
    tmp_path: Path,
) -> None:
    """Early editors let an allocated resource (elements 4-7) be put on a step: it counted
    nowhere and the export of such a database was refused by the package reader."""
    path = tmp_path / "old.sqlite"
    database = dbmod.open_database(path)
    try:
        with database.session() as session, session.begin():
            import_package(session, EXAMPLE)
        with database.engine.begin() as connection:
            allocated = connection.execute(text(
                "SELECT id FROM resource WHERE element = 'costos_fijos'")).scalar_one()
            activity = connection.execute(text(
                "SELECT id FROM activity WHERE unit_id IS NOT NULL ORDER BY id")).first()[0]
            connection.execute(text(
                "INSERT INTO activity_resource (activity_id, resource_id, qty) "
                "VALUES (:a, :r, 1)"), {"a": activity, "r": allocated})
    finally:
        database.close()
    _back_to(path, "0001")

    database = dbmod.open_database(path)  # migrates 0001 -> head
    try:
        assert current_revision(database.engine) == head_revision()
        with database.engine.connect() as connection:
            left = connection.execute(text(
                "SELECT count(*) FROM activity_resource JOIN resource "
                "ON resource.id = activity_resource.resource_id "
                "WHERE resource.element IN ('material_no_fungible', 'servicios_terceros', "
                "'depreciacion', 'costos_fijos')")).scalar_one()
            kept = connection.execute(text("SELECT count(*) FROM activity_resource")).scalar_one()
        assert left == 0 and kept > 0
        package = tmp_path / "out.tramite.json"
        with database.session() as session:
            export_package(session, "060101", package)
    finally:
        database.close()
    fresh = dbmod.open_database(tmp_path / "fresh.sqlite")
    try:
        with fresh.session() as session, session.begin():
            import_package(session, package)
    finally:
        fresh.close()


def test_figures_of_a_database_from_before_stored_figures_are_computed_on_first_open(
    tmp_path: Path,
) -> None:
    """0003 creates `version_figures` empty (a migration cannot run the engine); the first
    open for work after it computes every version's figures in one transaction."""
    from procedures.services.database import check_file, open_for_work
    from procedures.services.figures import check_figures

    path = tmp_path / "old.sqlite"
    database = dbmod.open_database(path)
    try:
        with database.session() as session, session.begin():
            import_package(session, EXAMPLE)
    finally:
        database.close()
    _back_to(path, "0002")
    assert not check_file(path).figures  # an older schema: figures are not compared

    database = open_for_work(path)
    try:
        assert database.migrated
        with database.session() as session:
            assert session.execute(text("SELECT count(*) FROM version_figures")).scalar() == 1
            assert check_figures(session) == []
    finally:
        database.close()
    assert check_file(path).sound
