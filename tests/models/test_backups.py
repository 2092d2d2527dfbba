"""Copies and restores of SQLite databases: exact, complete or absent, the newest kept."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from models import backups
from models import db as dbmod
from tests.conftest import EXAMPLE, table_dump


def imported(path: Path) -> Path:
    from procedures.services.imports import import_package

    database = dbmod.open_database(path)
    with database.session() as session, session.begin():
        import_package(session, EXAMPLE)
    database.close()
    return path


def dump(path: Path) -> dict[str, list[tuple]]:
    database = dbmod.open_database(path, create=False)
    try:
        return table_dump(database)
    finally:
        database.close()


def test_a_copy_holds_exactly_what_the_database_holds(db_path: Path, tmp_path: Path) -> None:
    imported(db_path)
    out = tmp_path / "copia.sqlite"
    backups.copy_database(db_path, out)
    assert dump(out) == dump(db_path)
    assert not out.with_name(out.name + "-wal").exists(), "a copy is one file"
    with sqlite3.connect(out) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_copy_of_a_database_being_written_includes_its_wal(db_path: Path,
                                                             tmp_path: Path) -> None:
    database = dbmod.open_database(db_path)
    try:
        with database.session() as session, session.begin():
            from procedures.services.imports import import_package

            import_package(session, EXAMPLE)
        assert db_path.with_name(db_path.name + "-wal").stat().st_size > 0
        out = tmp_path / "copia.sqlite"
        backups.copy_database(db_path, out)
        assert table_dump(database) == dump(out)
    finally:
        database.close()


def test_restore_is_exact_and_other_connections_see_the_restored_content(
        db_path: Path, tmp_path: Path) -> None:
    empty, full = tmp_path / "vacia.sqlite", tmp_path / "llena.sqlite"
    backups.copy_database(db_path, empty)
    backups.copy_database(imported(db_path), full)
    database = dbmod.open_database(db_path)  # the window, open meanwhile
    try:
        backups.restore_database(empty, db_path)
        assert table_dump(database) == dump(empty)
        assert not table_dump(database)["procedure"]
        backups.restore_database(full, db_path)
        assert table_dump(database) == dump(full)
        assert table_dump(database)["procedure"]
    finally:
        database.close()
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_damaged_database_is_restored_by_replacing_the_file(db_path: Path,
                                                              tmp_path: Path) -> None:
    from tests.models.test_files import checkpointed, damaged_by_overwriting

    imported(db_path)
    good = tmp_path / "buena.sqlite"
    backups.copy_database(db_path, good)
    damaged_by_overwriting(checkpointed(db_path))
    backups.restore_database(good, db_path, replace_file=True)
    assert dump(db_path) == dump(good)


def test_automatic_copies_are_listed_newest_first_and_the_newest_kept(db_path: Path) -> None:
    assert backups.kept() == backups.KEEP == 10
    backups.set_kept(3)
    made = [backups.automatic_backup(db_path, reason)
            for reason in ("daily", "import", "migration", "restore", "import")]
    listed = backups.list_backups(db_path)
    assert [copy.path for copy in listed] == list(reversed(made))[:3]
    assert [copy.reason for copy in listed] == ["import", "restore", "migration"]
    assert backups.latest_backup(db_path).path == made[-1]
    assert backups.made_today(db_path)
    assert all(copy.path.parent == backups.folder_for(db_path) for copy in listed)
    assert backups.folder_for(db_path).parent == backups.backups_root()


def test_an_unfinished_copy_is_never_listed(db_path: Path) -> None:
    folder = backups.folder_for(db_path)
    folder.mkdir(parents=True)
    (folder / "20260101-101010-000-daily.sqlite.partial").write_bytes(b"SQLite format 3\0")
    assert backups.list_backups(db_path) == []
    assert not backups.made_today(db_path)


def test_a_restore_gives_up_when_a_writer_outlasts_the_timeout(
        db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 300)
    backups.copy_database(db_path, tmp_path / "vacia.sqlite")
    imported(db_path)
    before = dump(db_path)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program writing, for too long
    try:
        started = time.monotonic()
        with pytest.raises(backups.LockTimeout):
            backups.restore_database(tmp_path / "vacia.sqlite", db_path)
        assert time.monotonic() - started < 5
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert dump(db_path) == before
