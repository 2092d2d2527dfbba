"""A PostgreSQL server that asks for a password the URL does not carry (issue #11).

The window asks for it in a hidden-text dialog (again after a wrong one), connects, and
never stores it (Recent, settings, log); Cancel goes back to choosing a database. The
command line says in one line where to put it (PGPASSWORD or ~/.pgpass), exit 2.

Needs TEST_DATABASE_URL (an administrator of a throwaway server) and a server that asks
a password of the role `tramite_clerk` on TCP: pg_hba.conf with
`host all tc_password_clerk 127.0.0.1/32 scram-sha-256` (or initdb `--auth-host=scram-sha-256`).
Skipped when the server lets that role in without a password.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.conftest import EXAMPLE, ROOT

pytestmark = pytest.mark.postgres
ROLE = "tc_password_clerk"  # not one of the groups of models/access.py
SECRET = "Zq9-clave-Xy"  # a throwaway role of a throwaway server
DATABASE = "tramite_password"


@pytest.fixture
def clerk_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """The URL of a database owned by a role with a password, without the password."""
    admin = os.environ.get("TEST_DATABASE_URL")
    if not admin:
        pytest.skip("TEST_DATABASE_URL is not set (CI sets it to a throwaway server)")
    url = make_url(admin)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    plain = (f"host={url.host or '127.0.0.1'} port={url.port or 5432} "
             f"user={url.username or 'postgres'} dbname={url.database or 'postgres'}")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        connection.execute(f"DROP ROLE IF EXISTS {ROLE}")
        connection.execute(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{SECRET}'")
        connection.execute(f"CREATE DATABASE {DATABASE} OWNER {ROLE}")
    clerk = url.set(username=ROLE, password=None, database=DATABASE)
    try:
        psycopg.connect(f"host={clerk.host or '127.0.0.1'} port={clerk.port or 5432} "
                        f"user={ROLE} dbname={DATABASE}").close()
    except psycopg.OperationalError:
        return clerk.render_as_string(hide_password=False)
    pytest.skip("the server lets the role in without a password (see the module's note)")


def _everything_written(tmp_path: Path) -> str:
    """Every text file the test's settings and the log folder hold."""
    texts = []
    for folder in (tmp_path, Path(os.environ["XDG_STATE_HOME"])):
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in (".ini", ".log", ".conf", ".txt", ""):
                texts.append(path.read_text(errors="replace"))
    return "\n".join(texts)


def test_the_window_asks_for_the_password_again_when_wrong_and_never_stores_it(
        qtbot: Any, qapp: Any, db_path: Path, settings: Any, answers: Any, clerk_url: str,
        tmp_path: Path) -> None:
    from ui.app import Controller

    controller = Controller(qapp, settings)
    try:
        assert controller.open(str(db_path))
        answers.will("open_database", clerk_url)  # server, database and user; no password
        answers.will("password", "equivocada", SECRET)
        controller.window.commands["open_database"].trigger()
        window = controller.window
        assert window.document.database.engine.dialect.name == "postgresql"
        asked = [args for name, args in answers.asked if name == "password"]
        assert len(asked) == 2
        assert asked[0][3] is False and asked[1][3] is True, "the second says it was wrong"
        assert ROLE in asked[0][2] and DATABASE in asked[0][1]
        recent = settings.value("database/recent")
        assert recent[0] == clerk_url, "remembered without the password"
        assert SECRET not in window.windowTitle() and SECRET not in window.document.label
        settings._settings.sync()  # written to its file, as on quitting
        assert SECRET not in _everything_written(tmp_path)
    finally:
        if controller.document is not None:
            controller.document.close()
        if controller.window is not None:
            controller.window.close()


def test_cancel_goes_back_to_choosing_a_database(qtbot: Any, qapp: Any, db_path: Path,
                                                 settings: Any, answers: Any,
                                                 clerk_url: str) -> None:
    from ui.app import Controller

    controller = Controller(qapp, settings)
    try:
        assert controller.open(str(db_path))
        first = controller.window
        answers.will("open_database", clerk_url, None)  # then the chooser is cancelled too
        answers.will("password", None)
        first.commands["open_database"].trigger()
        qtbot.waitUntil(lambda: [n for n, _a in answers.asked].count("open_database") == 2,
                        timeout=3000)
        assert [n for n, _a in answers.asked] == ["open_database", "password", "open_database"]
        assert controller.window is first and controller.document is not None
        assert controller.document.database.path == db_path, "the file stays open"
    finally:
        if controller.document is not None:
            controller.document.close()
        if controller.window is not None:
            controller.window.close()


def test_the_command_line_says_where_to_put_the_password(clerk_url: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PGPASSWORD"}

    def run(url: str, *command: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "main.py", "--db", url,
                               *(command or ("db", "check"))],
                              cwd=ROOT, capture_output=True, text=True, timeout=120,
                              env={**env, **extra})

    none = run(clerk_url)
    assert none.returncode == 2
    lines = none.stderr.strip().splitlines()
    assert len(lines) == 1 and "PGPASSWORD" in lines[0] and ".pgpass" in lines[0], lines
    assert "Traceback" not in none.stderr
    wrong = run(clerk_url, PGPASSWORD="equivocada-Qw7")
    assert wrong.returncode == 2 and len(wrong.stderr.strip().splitlines()) == 1
    assert "equivocada-Qw7" not in wrong.stderr + wrong.stdout
    typed = run(make_url(clerk_url).set(password="otra-Qw8").render_as_string(
        hide_password=False))
    assert typed.returncode == 2 and "otra-Qw8" not in typed.stderr + typed.stdout
    good = run(clerk_url, "import", str(EXAMPLE), PGPASSWORD=SECRET)
    assert good.returncode == 0, good.stderr
    assert SECRET not in good.stdout + good.stderr
