"""The default database lives in the user data folder and gets the demo on first run;
a database given with --db starts empty."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def main_py(*argv: str, data_home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=300)


@pytest.mark.slow
def test_first_run_of_the_default_database_loads_the_demo(tmp_path: Path) -> None:
    result = main_py("metrics", "--entity", "060101", "--procedure", "PA-02", "--json",
                     data_home=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "TramiteClaro" / "tramite-claro.sqlite"
    assert path.exists()
    with sqlite3.connect(path) as connection:
        entities = connection.execute("SELECT count(*) FROM entity").fetchone()[0]
        provincial = connection.execute(
            "SELECT count(*) FROM entity WHERE kind = 'provincial'").fetchone()[0]
        procedures = connection.execute("SELECT count(*) FROM procedure").fetchone()[0]
    assert entities == 127 and provincial == 13
    assert procedures >= 6
    # A second run does not load it again.
    again = main_py("metrics", "--entity", "060101", "--procedure", "PA-02",
                    data_home=tmp_path)
    assert again.returncode == 0, again.stderr
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM procedure").fetchone()[0] == procedures


def test_a_database_given_with_db_starts_empty(tmp_path: Path) -> None:
    target = tmp_path / "vacia.sqlite"
    result = main_py("--db", str(target), "export", "--entity", "060101", "--format", "json",
                     "--out", str(tmp_path / "x.json"), data_home=tmp_path)
    assert result.returncode == 2
    with sqlite3.connect(target) as connection:
        assert connection.execute("SELECT count(*) FROM entity").fetchone()[0] == 0
        assert connection.execute("SELECT count(*) FROM reference_value").fetchone()[0] >= 3
    assert not (tmp_path / "TramiteClaro").exists()
