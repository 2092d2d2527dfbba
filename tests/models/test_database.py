"""Opening databases: default location, pragmas, backup before migrating."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from models import db as dbmod
from models.migrate import current_revision, head_revision, schema_is_current, script_revisions
from tests.conftest import EXAMPLE, ROOT


@pytest.fixture
def example_file(db_path: Path) -> Path:
    """A migrated SQLite file with the worked example in it."""
    from procedures.services.imports import import_package

    database = dbmod.open_database(db_path)
    with database.session() as session, session.begin():
        import_package(session, EXAMPLE)
    database.close()
    return db_path


def table_counts(path: Path) -> dict[str, int]:
    """Rows in each of our tables, read without writing anything."""
    from models.files import read_only_uri
    from models.tables import Base

    connection = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                for name in sorted(Base.metadata.tables)}
    finally:
        connection.close()


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


def test_an_older_schema_is_copied_then_migrated_in_one_transaction(
        tmp_path: Path, example_file: Path, monkeypatch) -> None:
    from models import backups
    from tests.models.schemas import EXTRA, with_extra_revision

    before = table_counts(example_file)
    real_head = head_revision()  # this version's, before the copy with one more
    monkeypatch.setattr("models.migrate.MIGRATIONS", with_extra_revision(tmp_path))
    copies: list[Path] = []
    database = dbmod.open_database(
        example_file, before_migration=lambda: copies.append(
            backups.automatic_backup(example_file, "migration")))
    try:
        assert database.migrated and not database.created
        assert current_revision(database.engine) == EXTRA
    finally:
        database.close()
    # The rebuilt parent table took none of its children with it.
    assert table_counts(example_file) == before
    assert len(copies) == 1 and table_counts(copies[0]) == before
    with sqlite3.connect(copies[0]) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            real_head,)


def test_a_migration_that_fails_leaves_the_database_as_it_was(
        tmp_path: Path, example_file: Path, monkeypatch) -> None:
    from tests.models.schemas import with_extra_revision

    scripts = with_extra_revision(tmp_path)
    broken = scripts / "versions" / "0002_test_note.py"
    broken.write_text(broken.read_text("utf-8").replace(
        'batch.add_column(sa.Column("test_note", sa.Text(), nullable=True))',
        'batch.add_column(sa.Column("test_note", sa.Text(), nullable=True))\n'
        '    op.execute("DELETE FROM activity")\n'
        '    op.execute("SELECT * FROM no_such_table")'), "utf-8")
    monkeypatch.setattr("models.migrate.MIGRATIONS", scripts)
    before = table_counts(example_file)
    with pytest.raises(Exception, match="no_such_table"):
        dbmod.open_database(example_file)
    monkeypatch.undo()
    assert table_counts(example_file) == before
    database = dbmod.open_database(example_file)
    assert current_revision(database.engine) == head_revision()
    database.close()


def test_default_path_is_in_the_user_data_folder() -> None:
    path = dbmod.default_database_path()
    assert path.name == "tramite-claro.sqlite"
    assert "TramiteClaro" in str(path)


def test_url_is_accepted_and_password_hidden() -> None:
    url = dbmod.database_url("postgresql+psycopg://ana:secreto@servidor/tramites")
    assert url.get_backend_name() == "postgresql"
    assert "secreto" not in url.render_as_string(hide_password=True)


def test_the_scripts_revisions_are_alembics() -> None:
    """The revisions read from the scripts' text are those Alembic finds."""
    from alembic.script import ScriptDirectory

    from models.migrate import alembic_config

    scripts = ScriptDirectory.from_config(alembic_config())
    assert script_revisions() == (
        frozenset(script.revision for script in scripts.walk_revisions()),
        frozenset(scripts.get_heads()))
    assert head_revision() == scripts.get_current_head()


def test_a_current_schema_is_recognised_without_alembic(tmp_path: Path) -> None:
    """Plain SQL says whether there is work to do; a database at the head is opened
    without importing Alembic (a quarter of a second of every start)."""
    path = tmp_path / "current.sqlite"
    dbmod.open_database(path).close()
    engine = create_engine(f"sqlite:///{path}")
    try:
        assert schema_is_current(engine)
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = 'older'"))
        assert not schema_is_current(engine)
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE alembic_version"))
        assert not schema_is_current(engine)
    finally:
        engine.dispose()
    assert not schema_is_current(create_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}"))
    fresh = tmp_path / "fresh.sqlite"
    dbmod.open_database(fresh).close()
    code = ("import sys; from models.db import open_database; "
            f"open_database({str(fresh)!r}).close(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           cwd=ROOT, check=True)
    assert found.stdout.strip() == "[]", found.stderr
