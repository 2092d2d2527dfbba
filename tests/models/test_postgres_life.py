"""A shared PostgreSQL database's life: what is not ours is refused untouched, a newer
schema is refused, deadlocks are run again, racing imports end in words, and the `db`
commands say that copies are the server's job (a package instead).

Runs when TEST_DATABASE_URL names a throwaway server (CI sets it; `-m postgres`).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import EXAMPLE, ROOT, _reset_postgres, package_content

pytestmark = pytest.mark.postgres


@pytest.fixture
def server() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set (CI sets it to a throwaway server)")
    _reset_postgres(url)
    return url


def execute(url: str, *statements: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()


def tables(url: str) -> list[str]:
    engine = create_engine(url)
    with engine.connect() as connection:
        names = connection.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).scalars()
        found = list(names)
    engine.dispose()
    return found


def cli(*argv: str) -> tuple[int, str, str]:
    from cli.run import run
    from procedures.i18n import use_language

    out, err = io.StringIO(), io.StringIO()
    with use_language("en"):
        code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_another_programs_schema_is_refused_and_left_as_it_was(server: str) -> None:
    from models.db import DatabaseRefused, open_database
    from models.files import FileKind

    execute(server, "CREATE TABLE contact (id serial PRIMARY KEY, name text)",
            "INSERT INTO contact (name) VALUES ('Ana')")
    with pytest.raises(DatabaseRefused) as refused:
        open_database(server)
    assert refused.value.state.kind is FileKind.FOREIGN
    assert tables(server) == ["contact"], "none of our tables added"
    code, _out, err = cli("--db", server, "import", str(EXAMPLE))
    assert code == 2 and "another program's database" in err
    assert tables(server) == ["contact"]


def test_a_newer_schema_on_the_server_is_refused(server: str) -> None:
    from models.db import open_database

    open_database(server).close()
    execute(server, "UPDATE alembic_version SET version_num = '9999future'")
    code, _out, err = cli("--db", server, "metrics", "--entity", "060101", "--procedure",
                          "PA-07")
    assert code == 2 and "newer version of Trámite Claro" in err and "9999future" in err
    code, out, _err = cli("--db", server, "db", "check")
    assert code == 2 and "from a newer version" in out


def test_a_deadlock_is_run_again_by_the_unit_of_work(server: str) -> None:
    from models.db import open_database

    database = open_database(server)
    try:
        with database.session() as session, session.begin():
            session.execute(text("UPDATE reference_value SET uit = uit"))
        with database.session() as session:
            years = sorted(session.scalars(text("SELECT year FROM reference_value")))[:2]
        barrier = threading.Barrier(2, timeout=20)
        attempts: list[str] = []
        errors: list[BaseException] = []

        def writer(name: str, first: int, second: int) -> None:
            def work(session) -> None:  # type: ignore[no-untyped-def]
                attempts.append(name)
                session.execute(text("UPDATE reference_value SET uit = uit + 1 "
                                     "WHERE year = :y"), {"y": first})
                if len(attempts) <= 2:
                    barrier.wait()  # both hold their first row: now each wants the other's
                session.execute(text("UPDATE reference_value SET rmv = rmv + 1 "
                                     "WHERE year = :y"), {"y": second})

            try:
                database.transaction(work)
            except BaseException as error:  # reported below
                errors.append(error)

        threads = [threading.Thread(target=writer, args=("a", years[0], years[1])),
                   threading.Thread(target=writer, args=("b", years[1], years[0]))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert not errors, errors
        assert len(attempts) == 3, "the one the server stopped ran again"
    finally:
        database.close()


def test_two_imports_racing_into_the_server_end_in_words(server: str) -> None:
    from models.db import open_database

    open_database(server).close()  # the schema first: the race is about the data
    command = [sys.executable, str(ROOT / "main.py"), "--lang", "en", "--db", server,
               "import", str(EXAMPLE)]
    for _round in range(3):
        _reset_postgres(server)
        open_database(server).close()
        processes = [subprocess.Popen(command, cwd=ROOT, text=True, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE) for _ in range(3)]
        results = [(p.wait(120), *p.communicate()) for p in processes]
        for code, _out, err in results:
            assert "Traceback" not in err, err
            assert code in (0, 2), err
            if code == 2:
                assert len(err.strip().splitlines()) == 1, err
        assert sorted(code for code, _o, _e in results).count(0) == 1, results
        engine = create_engine(server)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM procedure")).scalar() == 1
        engine.dispose()


def test_copies_of_a_server_database_are_the_servers_job(server: str, tmp_path: Path) -> None:
    assert cli("--db", server, "import", str(EXAMPLE))[0] == 0
    code, out, _err = cli("--db", server, "db", "backups")
    assert code == 0 and "pg_dump" in out
    code, _out, err = cli("--db", server, "db", "restore", str(tmp_path / "x.sqlite"))
    assert code == 2 and "import FILE --replace" in err
    code, out, err = cli("--db", server, "db", "backup", "--out", str(tmp_path / "todo"))
    assert code == 0, err
    package = tmp_path / "todo.tramite.json"
    assert package.exists() and "1 municipality" in out
    # The package holds the data: into a fresh file, it exports the same.
    local = tmp_path / "local.sqlite"
    assert cli("--db", str(local), "import", str(package))[0] == 0
    again = tmp_path / "again.tramite.json"
    assert cli("--db", str(local), "db", "backup", "--out", str(again))[0] == 0
    assert cli("--db", str(local), "export", "--entity", "060101", "--format", "json",
               "--out", str(again))[0] == 0
    # The same content (the origin names each database: tests.conftest.package_content).
    assert package_content(again) == package_content(package)
    code, out, _err = cli("--db", server, "db", "check")
    assert code == 0 and "kept by the server" in out and "procedure 1" in out
