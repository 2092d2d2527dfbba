"""The program started for real (`main.py` in a subprocess, offscreen), as a new user
starts it: a fresh default database gets the demo; `--db` on a new file starts empty.

Each run has its own XDG_DATA_HOME and XDG_CONFIG_HOME, so the user's own database and
settings are never touched. TRAMITE_QUIT_AFTER_MS (read by ui/app.py for tests only)
quits once the window has been shown and the background work is done, and prints which
screen was showing.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def start(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "QT_QPA_PLATFORM": "offscreen",
           "TRAMITE_QUIT_AFTER_MS": "300"}
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], env=env,
                            cwd=tmp_path, capture_output=True, text=True, timeout=180,
                            check=False)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def counts(path: Path) -> tuple[int, int]:
    connection = sqlite3.connect(path)
    try:
        entities = connection.execute("SELECT count(*) FROM entity").fetchone()[0]
        procedures = connection.execute("SELECT count(*) FROM procedure").fetchone()[0]
    finally:
        connection.close()
    return entities, procedures


@pytest.mark.slow
def test_first_start_loads_the_demo_into_the_default_database(tmp_path: Path) -> None:
    result = start(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "TRAMITE_QUIT_AFTER_MS: empty_state visible=True" in result.stderr
    database = tmp_path / "data" / "TramiteClaro" / "tramite-claro.sqlite"
    assert database.exists()
    assert counts(database) == (127, 8), "the 127 municipalities and the mapped procedures"
    # The second start opens the same database and does not load the demo twice.
    again = start(tmp_path, "--lang", "en")
    assert again.returncode == 0, again.stderr
    assert counts(database) == (127, 8)


def test_a_new_file_given_with_db_starts_empty(tmp_path: Path) -> None:
    fresh = tmp_path / "nueva.sqlite"
    result = start(tmp_path, "--db", str(fresh))
    assert result.returncode == 0, result.stderr
    assert "TRAMITE_QUIT_AFTER_MS: empty_state visible=True" in result.stderr
    assert counts(fresh) == (0, 0), "no demo in a database the person chose"
    assert not (tmp_path / "data" / "TramiteClaro" / "tramite-claro.sqlite").exists()


def test_a_database_that_cannot_be_opened_exits_with_2(tmp_path: Path) -> None:
    not_a_database = tmp_path / "texto.sqlite"
    not_a_database.write_text("esto no es una base de datos\n" * 100, encoding="utf-8")
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "QT_QPA_PLATFORM": "offscreen",
           "TRAMITE_QUIT_AFTER_MS": "300"}
    # The error dialog would wait for a person: the test hook cannot press it, so the
    # headless check goes through the command line, which shares the opening code.
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db",
                             str(not_a_database), "metrics", "--entity", "060101",
                             "--procedure", "PA-07"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr


def test_the_window_opens_without_files_reports_or_migrations(tmp_path: Path) -> None:
    """Nothing is imported before it is needed: on a database at the newest schema the
    window appears without Alembic, the spreadsheet and PDF libraries or Qt's PDF module
    (they load on first use), and the project's bytecode is cached even where the
    machine says not to write any."""
    from models.db import open_database

    database = tmp_path / "work.sqlite"
    open_database(database).close()
    code = (
        "import sys; sys.argv = ['main.py', '--db', sys.argv[1]]; import main; main.main(); "
        "loaded = {name.split('.')[0] for name in sys.modules}; "
        "print('HEAVY', sorted(loaded & {'alembic', 'openpyxl', 'reportlab'}) "
        "+ sorted({'PySide6.QtPdf', 'PySide6.QtPdfWidgets'} & set(sys.modules)), "
        "'NO-BYTECODE', sys.dont_write_bytecode)")
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "QT_QPA_PLATFORM": "offscreen",
           "TRAMITE_QUIT_AFTER_MS": "0", "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "-c", code, str(database)], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr
    assert "TRAMITE_QUIT_AFTER_MS: empty_state visible=True" in result.stderr
    assert "HEAVY [] NO-BYTECODE False" in result.stdout, result.stdout
