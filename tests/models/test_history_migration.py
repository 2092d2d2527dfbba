"""Migration 0005: change-log rows written before it keep working in the history, their
field read back from the old sentence and their procedure found through the object."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from models import db as dbmod
from models.migrate import alembic_config, current_revision, head_revision
from procedures.change_words import field_text
from procedures.i18n import use_language
from procedures.services.history import changes
from procedures.services.imports import import_package
from tests.conftest import EXAMPLE


def _back_to(path: Path, revision: str) -> None:
    engine = dbmod.create_db_engine(dbmod.database_url(path))
    try:
        command.downgrade(alembic_config(engine), revision)
    finally:
        engine.dispose()


def test_old_entries_get_their_field_and_procedure(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    database = dbmod.open_database(path)
    try:
        with database.session() as session, session.begin():
            import_package(session, EXAMPLE)
        with database.engine.begin() as connection:
            entity, activity = connection.execute(text(
                "SELECT entity.id, activity.uuid FROM entity, activity "
                "WHERE entity.ubigeo = '060101' ORDER BY activity.position LIMIT 1")).one()
            for summary in ("Se modificó time_source de la actividad 1",
                            "Changed minutes of activity 1", "Se modificó el personal"):
                connection.execute(text(
                    "INSERT INTO change_log (author, entity_id, object_kind, object_uuid, "
                    "action, summary) VALUES ('ana', :e, 'activity', :u, 'update', :s)"),
                    {"e": entity, "u": activity, "s": summary})
    finally:
        database.close()
    _back_to(path, "0002")  # the entries are as an older version wrote them

    database = dbmod.open_database(path)  # migrates 0002 -> head
    try:
        assert current_revision(database.engine) == head_revision()
        with database.session() as session:
            found = [c for c in changes(session, "060101", "PA-07") if c.who == "ana"]
    finally:
        database.close()
    assert [c.field for c in found] == ["", "minutes", "time_source"]
    assert all((c.procedure, c.version) == ("PA-07", "Actual") for c in found)
    with use_language("es"):
        assert field_text(found[2]) == "Origen del tiempo"
        assert field_text(found[0]) == "Modificado"  # no field named: what happened
