"""Opening databases: default location, pragmas, backup before migrating."""

from __future__ import annotations

import contextlib
from pathlib import Path

from sqlalchemy import text

from models import db as dbmod
from models.migrate import current_revision, head_revision


def test_sqlite_is_opened_with_wal_foreign_keys_and_busy_timeout(sqlite_db) -> None:
    with sqlite_db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == dbmod.BUSY_TIMEOUT_MS


def test_new_file_is_created_and_migrated(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.sqlite"
    database = dbmod.open_database(path)
    try:
        assert database.created and path.exists()
        assert current_revision(database.engine) == head_revision()
    finally:
        database.close()
    again = dbmod.open_database(path)
    assert not again.created
    again.close()


def test_an_old_file_is_backed_up_before_migrating(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    database = dbmod.open_database(path)
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'base-old'"))
    database.close()
    # An unknown older revision: the app must back up first, then (here) fail cleanly.
    backups_before = list(tmp_path.glob("old.backup-*.sqlite"))
    with contextlib.suppress(Exception):
        dbmod.open_database(path)
    backups = list(tmp_path.glob("old.backup-*.sqlite"))
    assert len(backups) == len(backups_before) + 1


def test_default_path_is_in_the_user_data_folder() -> None:
    path = dbmod.default_database_path()
    assert path.name == "tramite-claro.sqlite"
    assert "TramiteClaro" in str(path)


def test_url_is_accepted_and_password_hidden() -> None:
    url = dbmod.database_url("postgresql+psycopg://ana:secreto@servidor/tramites")
    assert url.get_backend_name() == "postgresql"
    assert "secreto" not in url.render_as_string(hide_password=True)
