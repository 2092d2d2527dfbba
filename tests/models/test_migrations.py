"""Migrations of existing data: what an older database holds comes through right."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from models import db as dbmod
from models.migrate import alembic_config, current_revision, head_revision
from procedures.services.exports import export_package
from procedures.services.imports import import_package
from tests.conftest import EXAMPLE


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
        # Later migrations undone first, so that the file is what 0001 left.
        command.downgrade(alembic_config(database.engine), "0002")
        with database.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    finally:
        database.close()

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
