"""What a file is, found out before anything is written: and whatever is not a usable
Trámite Claro database is left exactly as it was (bytes, and no side files)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from models import db as dbmod
from models.files import APPLICATION_ID, FileKind, inspect_sqlite
from tests.models.schemas import set_revision


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file of `folder` and a digest of its bytes."""
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.iterdir()) if path.is_file()}


def foreign_file(path: Path, *, wal: bool = False) -> Path:
    """Another program's SQLite database (a small address book)."""
    connection = sqlite3.connect(path)
    if wal:
        connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY, name TEXT)")
    connection.execute("INSERT INTO contact (name) VALUES ('Ana'), ('Luis')")
    connection.commit()
    connection.close()
    return path


def damaged_by_truncation(path: Path) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def damaged_by_overwriting(path: Path) -> Path:
    """Garbage over some pages in the middle (the header stays good)."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for offset in range(3 * page, min(len(data), 9 * page)):
        data[offset] = 0x5A
    path.write_bytes(bytes(data))
    return path


def checkpointed(path: Path) -> Path:
    """Everything in the main file (no WAL beside it), as after the last close."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)
    return path


def test_a_new_database_carries_our_application_id(db_path: Path) -> None:
    database = dbmod.open_database(db_path)
    database.close()
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    state = inspect_sqlite(db_path)
    assert state.kind is FileKind.CURRENT and state.usable


def test_kinds(tmp_path: Path, db_path: Path) -> None:
    assert inspect_sqlite(tmp_path / "nothing.sqlite").kind is FileKind.MISSING
    (tmp_path / "zero.sqlite").write_bytes(b"")
    assert inspect_sqlite(tmp_path / "zero.sqlite").kind is FileKind.EMPTY
    bare = tmp_path / "bare.sqlite"  # a SQLite file without a table
    connection = sqlite3.connect(bare)
    connection.executescript("CREATE TABLE t (x); DROP TABLE t;")
    connection.close()
    assert bare.stat().st_size > 0 and inspect_sqlite(bare).kind is FileKind.EMPTY
    assert inspect_sqlite(foreign_file(tmp_path / "agenda.db")).kind is FileKind.FOREIGN
    text = tmp_path / "notes.sqlite"
    text.write_text("esto no es una base de datos\n" * 50, encoding="utf-8")
    assert inspect_sqlite(text).kind is FileKind.NOT_DATABASE
    assert inspect_sqlite(tmp_path).kind is FileKind.NOT_DATABASE
    assert inspect_sqlite(db_path).kind is FileKind.CURRENT


def test_another_programs_database_with_our_table_names_is_still_foreign(
        tmp_path: Path) -> None:
    path = tmp_path / "otra.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA application_id = 1234")
    connection.execute("CREATE TABLE entity (id INTEGER PRIMARY KEY)")
    connection.commit()
    connection.close()
    assert inspect_sqlite(path).kind is FileKind.FOREIGN


@pytest.mark.parametrize("damage", [damaged_by_truncation, damaged_by_overwriting])
def test_a_damaged_database_is_told_and_refused_untouched(db_path: Path, damage) -> None:
    from procedures.services.imports import import_package
    from tests.conftest import EXAMPLE

    database = dbmod.open_database(db_path)
    with database.session() as session, session.begin():
        import_package(session, EXAMPLE)
    database.close()
    damage(checkpointed(db_path))
    before = fingerprint(db_path.parent)
    assert inspect_sqlite(db_path).kind is FileKind.DAMAGED
    with pytest.raises(dbmod.DatabaseRefused) as refused:
        dbmod.open_database(db_path)
    assert refused.value.state.kind is FileKind.DAMAGED
    assert fingerprint(db_path.parent) == before


@pytest.mark.parametrize("wal", [False, True])
def test_another_programs_database_is_left_exactly_as_it_was(tmp_path: Path,
                                                             wal: bool) -> None:
    path = foreign_file(tmp_path / "agenda.sqlite", wal=wal)
    before = fingerprint(tmp_path)
    with pytest.raises(dbmod.DatabaseRefused) as refused:
        dbmod.open_database(path)
    assert refused.value.state.kind is FileKind.FOREIGN
    assert fingerprint(tmp_path) == before, "not a byte changed, no side file left"


def test_a_text_file_is_not_a_database_and_stays_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "leeme.sqlite"
    path.write_text("hola\n", encoding="utf-8")
    before = fingerprint(tmp_path)
    with pytest.raises(dbmod.DatabaseRefused) as refused:
        dbmod.open_database(path)
    assert refused.value.state.kind is FileKind.NOT_DATABASE
    assert fingerprint(tmp_path) == before


def test_a_database_from_a_newer_version_is_refused_without_a_copy(
        db_path: Path, _user_data_folder: Path) -> None:
    set_revision(checkpointed(db_path), "9999future")
    before = fingerprint(db_path.parent)
    state = inspect_sqlite(db_path)
    assert state.kind is FileKind.NEWER and state.revision == "9999future"
    copies: list[int] = []
    with pytest.raises(dbmod.DatabaseRefused):
        dbmod.open_database(db_path, before_migration=lambda: copies.append(1))
    assert not copies
    assert fingerprint(db_path.parent) == before
    assert not any(_user_data_folder.rglob("*.sqlite")), "no copy written anywhere"


def test_a_missing_file_is_created_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "nueva.sqlite"
    with pytest.raises(dbmod.DatabaseRefused) as refused:
        dbmod.open_database(path, create=False)
    assert refused.value.state.kind is FileKind.MISSING
    assert not path.exists()
    database = dbmod.open_database(path)
    assert database.created
    database.close()


def test_an_empty_file_gets_the_schema(tmp_path: Path) -> None:
    """What a first run cut short before its first commit leaves (or `touch`)."""
    path = tmp_path / "vacia.sqlite"
    path.write_bytes(b"")
    database = dbmod.open_database(path, create=False)
    assert database.created
    database.close()
    assert inspect_sqlite(path).kind is FileKind.CURRENT
