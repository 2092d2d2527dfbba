"""`db check | backup | backups | restore`, and every command on a file that is not a
usable Trámite Claro database: refused in words (exit 2), the file left as it was."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from cli.run import run
from models import backups
from models.migrate import head_revision
from tests.conftest import EXAMPLE
from tests.models.schemas import EXTRA, set_revision, with_extra_revision
from tests.models.test_files import (
    checkpointed,
    damaged_by_overwriting,
    fingerprint,
    foreign_file,
)
from tests.procedures.builders import english_messages

_english = english_messages()  # these tests assert the English messages (msgids)


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def counts(path: Path) -> tuple[int, int]:
    from models.files import read_only_uri

    connection = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        return (connection.execute("SELECT count(*) FROM procedure").fetchone()[0],
                connection.execute("SELECT count(*) FROM activity").fetchone()[0])
    finally:
        connection.close()


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A database with the worked example (1 procedure, 9 activities)."""
    path = tmp_path / "trabajo.sqlite"
    assert cli("--db", str(path), "import", str(EXAMPLE))[0] == 0
    return path


EVERY_COMMAND = (
    ("metrics", "--entity", "060101", "--procedure", "PA-07"),
    ("import", str(EXAMPLE)),
    ("import", str(EXAMPLE), "--replace"),
    ("export", "--entity", "060101", "--format", "json", "--out", "{tmp}/x.tramite.json"),
    ("report", "tupa", "--entity", "060101", "--out", "{tmp}/x.pdf"),
    ("demo",),
    ("db", "check"),
    ("db", "rebuild"),
    ("db", "backup", "--out", "{tmp}/copia.sqlite"),
    ("db", "restore", "{copy}"),
)


def run_every_command(target: Path, copy: Path, tmp: Path) -> list[tuple[int, str, str]]:
    results = []
    for command in EVERY_COMMAND:
        argv = [part.format(tmp=tmp, copy=copy) for part in command]
        results.append(cli("--db", str(target), *argv))
    return results


@pytest.mark.parametrize("kind", ["foreign", "foreign_wal", "text"])
def test_another_programs_file_is_refused_by_every_command_and_left_as_it_was(
        tmp_path: Path, work: Path, kind: str, _user_data_folder: Path) -> None:
    folder = tmp_path / "ajeno"
    folder.mkdir()
    if kind == "text":
        target = folder / "notas.sqlite"
        target.write_text("lista de compras\n", encoding="utf-8")
    else:
        target = foreign_file(folder / "agenda.sqlite", wal=kind == "foreign_wal")
    copy = tmp_path / "copia-buena.sqlite"
    backups.copy_database(work, copy)
    before = fingerprint(folder)
    for code, out, err in run_every_command(target, copy, tmp_path):
        assert code == 2, (out, err)
        assert "Traceback" not in err
        said = "another program's database" if kind != "text" else "is not a database"
        assert said in err + out, err
    assert fingerprint(folder) == before
    assert cli("--db", str(target), "db", "backups")[0] == 0
    assert fingerprint(folder) == before


def test_a_database_from_a_newer_version_is_refused_and_no_copy_is_written(
        work: Path, tmp_path: Path, _user_data_folder: Path) -> None:
    set_revision(checkpointed(work), "9999future")
    before = fingerprint(work.parent)
    copies_before = sorted(_user_data_folder.rglob("*.sqlite"))
    for command in (("metrics", "--entity", "060101", "--procedure", "PA-07"),
                    ("import", str(EXAMPLE), "--replace"), ("demo",)):
        code, _out, err = cli("--db", str(work), *command)
        assert code == 2
        assert "newer version of Trámite Claro" in err and "9999future" in err, err
        assert "Can't locate revision" not in err
    code, out, _err = cli("--db", str(work), "db", "check")
    assert code == 2 and "from a newer version" in out
    assert fingerprint(work.parent) == before
    assert sorted(_user_data_folder.rglob("*.sqlite")) == copies_before


def test_a_damaged_database_is_refused_and_its_latest_copy_offered(
        work: Path, tmp_path: Path) -> None:
    assert cli("--db", str(work), "metrics", "--entity", "060101", "--procedure",
               "PA-07")[0] == 0  # the day's first open: an automatic copy
    latest = backups.latest_backup(work)
    assert latest is not None and latest.reason == "daily"
    damaged_by_overwriting(checkpointed(work))
    before = fingerprint(work.parent)
    code, out, err = cli("--db", str(work), "metrics", "--entity", "060101",
                         "--procedure", "PA-07")
    assert code == 2 and out == ""
    assert "is damaged" in err and str(latest.path) in err and "db restore" in err
    assert err.count("\n") == 1, "one line, no traceback"
    code, out, _err = cli("--db", str(work), "db", "check")
    assert code == 2 and "DAMAGED" in out
    assert fingerprint(work.parent) == before
    # What the message says to do, done: the database is back, and sound.
    code, out, err = cli("--db", str(work), "db", "restore", str(latest.path))
    assert code == 0, err
    assert counts(work) == (1, 9)
    code, out, _err = cli("--db", str(work), "db", "check")
    assert code == 0 and "Integrity: sound." in out
    # The damaged bytes were kept among the copies.
    assert [c.reason for c in backups.list_backups(work)][:1] == ["restore"]


def test_backup_and_restore_are_exact_and_a_restore_is_undone_by_its_copy(
        work: Path, tmp_path: Path) -> None:
    from tests.models.test_backups import dump

    copy = tmp_path / "copia.sqlite"
    code, out, err = cli("--db", str(work), "db", "backup", "--out", str(copy))
    assert code == 0, err
    assert dump(copy) == dump(work)
    before = dump(work)
    assert cli("--db", str(work), "demo")[0] == 0
    after_demo = dump(work)
    assert after_demo != before
    code, out, err = cli("--db", str(work), "db", "restore", str(copy))
    assert code == 0, err
    assert dump(work) == before
    undo = backups.latest_backup(work)
    assert undo.reason == "restore" and str(undo.path) in out
    assert cli("--db", str(work), "db", "restore", str(undo.path))[0] == 0
    assert dump(work) == after_demo


def test_backup_refuses_to_overwrite_what_is_not_a_copy(work: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notas.txt"
    notes.write_text("importante\n", encoding="utf-8")
    code, _out, err = cli("--db", str(work), "db", "backup", "--out", str(notes))
    assert code == 2 and "choose another name" in err
    assert notes.read_text(encoding="utf-8") == "importante\n"
    code, _out, err = cli("--db", str(work), "db", "backup", "--out", str(work))
    assert code == 2
    code, _out, err = cli("--db", str(work), "db", "backup", "--out",
                          str(tmp_path / "no-such-folder" / "c.sqlite"))
    assert code == 2 and "does not exist" in err


def test_automatic_copies_daily_and_before_an_import_that_replaces(work: Path) -> None:
    assert backups.list_backups(work) == [], "a new database needs no copy yet"
    for _ in range(2):
        assert cli("--db", str(work), "metrics", "--entity", "060101", "--procedure",
                   "PA-07")[0] == 0
    assert [c.reason for c in backups.list_backups(work)] == ["daily"], "once a day"
    assert cli("--db", str(work), "import", str(EXAMPLE))[0] == 2  # exists: not replaced
    assert [c.reason for c in backups.list_backups(work)] == ["daily"]
    assert cli("--db", str(work), "import", str(EXAMPLE), "--replace")[0] == 0
    reasons = [c.reason for c in backups.list_backups(work)]
    assert reasons == ["import", "daily"]
    code, out, _err = cli("--db", str(work), "db", "backups")
    assert code == 0
    assert "2 automatic copies" in out and "before an import" in out
    assert "first open of the day" in out


def test_an_older_schema_is_copied_then_updated(work: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    real_head = head_revision()  # this version's, before the copy with one more
    monkeypatch.setattr("models.migrate.MIGRATIONS", with_extra_revision(tmp_path))
    code, out, _err = cli("--db", str(work), "db", "check")
    assert code == 0 and "older than this version's" in out
    assert cli("--db", str(work), "metrics", "--entity", "060101", "--procedure",
               "PA-07")[0] == 0
    # The copy before the update is the day's copy too.
    assert [c.reason for c in backups.list_backups(work)] == ["migration"]
    migration = backups.latest_backup(work)
    with sqlite3.connect(migration.path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            real_head,)
    with sqlite3.connect(work) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            EXTRA,)
    assert counts(work) == counts(migration.path) == (1, 9)


def test_a_lock_held_too_long_is_a_worded_error(work: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from models import db as dbmod

    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 300)
    cli("--db", str(work), "db", "check")
    holder = sqlite3.connect(work, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code, _out, err = cli("--db", str(work), "import", str(EXAMPLE), "--replace")
        code_demo, _out, err_demo = cli("--db", str(work), "demo")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == code_demo == 2
    for text in (err, err_demo):
        assert "The database is busy" in text and "Traceback" not in text
        assert text.count("\n") == 1
    assert counts(work) == (1, 9)


def test_a_server_password_is_never_printed() -> None:
    code, out, err = cli("--db", "postgresql+psycopg://ana:secreto@127.0.0.1:1/nada",
                         "metrics", "--entity", "060101", "--procedure", "PA-07")
    assert code == 2
    assert "secreto" not in err + out
    assert "ana:***@127.0.0.1:1/nada" in err or "127.0.0.1" in err
    for target in ("postgresql+psycopg://ana:secreto@127.0.0.1:1/nada",
                   "postgresql+psycopg://ana:secreto@servidor:puerto/nada",
                   "mysql://ana:secreto@servidor/nada"):
        for command in (("db", "check"), ("db", "backup", "--out", "x"), ("demo",)):
            code, out, err = cli("--db", target, *command)
            assert code == 2 and "secreto" not in err + out, (target, command)
            assert len(err.strip().splitlines()) == 1, err


def test_without_db_the_default_database_is_used(_user_data_folder: Path) -> None:
    from models.db import default_database_path

    code, out, _err = cli("db", "check")
    assert code == 2 and "does not exist" in out
    assert not default_database_path().exists(), "db check creates nothing"
    assert cli("metrics", "--entity", "060101", "--procedure", "PA-02")[0] == 0
    assert default_database_path().exists()
    code, out, _err = cli("db", "check")
    assert code == 0 and str(default_database_path().resolve()) in out


def test_check_compares_stored_figures_and_rebuild_puts_them_right(work: Path) -> None:
    code, out, _err = cli("--db", str(work), "db", "check")
    assert code == 0 and "Stored figures: the 1 version's figures equal a fresh" in out
    connection = sqlite3.connect(work)
    with connection:
        connection.execute("UPDATE version_figures SET unit_cost = unit_cost + 1, "
                           "warnings = 'missing_demand'")
    connection.close()
    before = fingerprint(work.parent)
    code, out, err = cli("--db", str(work), "db", "check")
    assert code == 2 and fingerprint(work.parent) == before  # check writes nothing
    assert "Stored figures: 1 version differs from a fresh computation" in out
    assert "060101 PA-07 «Actual»: unit_cost, warnings" in out
    assert "not sound" in err
    code, out, _err = cli("--db", str(work), "db", "rebuild")
    assert (code, out) == (0, "Stored figures rebuilt: 1 version.\n")
    assert cli("--db", str(work), "db", "check")[0] == 0


class _Terminal(io.StringIO):
    """stderr as a terminal (the progress bar is drawn only on one)."""

    def isatty(self) -> bool:
        return True


def test_db_check_shows_its_progress_on_a_terminal(work: Path) -> None:
    out, err = io.StringIO(), _Terminal()
    assert run(["--db", str(work), "db", "check"], out, err) == 0
    drawn = err.getvalue()
    assert "100.0%" in drawn and "[" in drawn, drawn
    assert "Stored figures: all" in out.getvalue() or "Stored figures: the" in out.getvalue()


def test_db_check_reports_every_municipality_it_compared(work: Path) -> None:
    from procedures.services.database import check_file

    heard: list[tuple[int, int, str]] = []
    result = check_file(work, lambda done, total, message="": heard.append(
        (done, total, message)))
    assert result.sound
    assert heard[0][0] == 0, "said at once, before the first municipality is done"
    assert heard[-1][0] == heard[-1][1] > 0, "and at the end"


def test_db_check_of_a_damaged_file_says_so_whatever_the_figures_met(work: Path) -> None:
    damaged_by_overwriting(checkpointed(work))
    code, out, _err = cli("--db", str(work), "db", "check")
    assert code == 2
    assert "DAMAGED" in out
