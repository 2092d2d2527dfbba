"""Real processes on one SQLite file: writers that wait for each other, and processes
killed (`kill -9`) at random moments of an import, the first run's demo, a schema
update, a backup and a restore. After a kill the database is sound and holds the state
before or the state after, never a mix; a copy is whole or absent.

KILL_TRIALS=N (default 2) sets the number of kills per operation; CI runs the default,
`KILL_TRIALS=200 uv run pytest tests/cli/test_processes.py` a long night.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from models.migrate import head_revision
from tests.conftest import EXAMPLE, ROOT

TRIALS = int(os.environ.get("KILL_TRIALS", "2"))
DEMO_PACKAGE = ROOT / "resources" / "demo" / "cajamarca.tramite.json"
#: Runs main.py with the migration scripts pointed elsewhere (a schema update to do).
WITH_MIGRATIONS = (
    "import sys, pathlib, models.migrate as m; m.MIGRATIONS = pathlib.Path(sys.argv[1]); "
    "from cli.run import run; sys.exit(run(sys.argv[2:]))")


def environment(data_home: Path) -> dict[str, str]:
    return {**os.environ, "XDG_DATA_HOME": str(data_home), "PYTHONPATH": str(ROOT)}


def start(argv: list[str], data_home: Path, *, script: str | None = None
          ) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", script, *argv] if script else \
        [sys.executable, str(ROOT / "main.py"), *argv]
    return subprocess.Popen(command, cwd=ROOT, env=environment(data_home), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    assert "Traceback" not in err, err
    return process.returncode, out, err


def content(path: Path) -> str:
    """A digest of every row of every table (and the schema revision), read-only; the
    file must be sound."""
    from models.files import read_only_uri

    connection = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        digest = hashlib.sha256()
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")]
        for table in tables:
            digest.update(table.encode())
            for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                digest.update(repr(row).encode())
        return digest.hexdigest()
    finally:
        connection.close()


def counts(path: Path) -> tuple[int, int]:
    from models.files import read_only_uri

    connection = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        return (connection.execute("SELECT count(*) FROM entity").fetchone()[0],
                connection.execute("SELECT count(*) FROM procedure").fetchone()[0])
    finally:
        connection.close()


def copy_set(folder: Path, source: Path, name: str) -> Path:
    """`source` copied whole (with a WAL, if any, checkpointed away) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    reader = sqlite3.connect(source)
    writer = sqlite3.connect(target)
    reader.backup(writer)
    writer.close()
    reader.close()
    return target


def kill_trials(tmp_path: Path, name: str, prepare: Callable[[Path], list[str]],
                check: Callable[[Path], None], *, script: str | None = None,
                data_home: Callable[[Path], Path] | None = None) -> None:
    """Run the command once to time it, then kill it TRIALS times at random moments
    (mostly in the second half, where the writing happens) and `check` what is left."""
    rng = random.Random(f"{name}-{TRIALS}")
    timing = tmp_path / f"{name}-timing"
    home = data_home(timing) if data_home else timing / "data"
    began = time.monotonic()
    code, _out, err = finish(start(prepare(timing), home, script=script))
    duration = time.monotonic() - began
    assert code == 0, err
    check(timing)
    for trial in range(TRIALS):
        folder = tmp_path / f"{name}-{trial}"
        home = data_home(folder) if data_home else folder / "data"
        process = start(prepare(folder), home, script=script)
        delay = duration * rng.uniform(0.3, 1.05)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        try:
            check(folder)
        except AssertionError as error:
            raise AssertionError(f"{name}, trial {trial}, killed after {delay:.2f}s of "
                                 f"{duration:.2f}s: {error}") from None


@pytest.fixture
def template(db_path: Path) -> Path:
    return db_path


def test_kill_an_import(tmp_path: Path, template: Path) -> None:
    def prepare(folder: Path) -> list[str]:
        database = copy_set(folder, template, "db.sqlite")
        return ["--db", str(database), "import", str(DEMO_PACKAGE)]

    empty = content(template)

    def check(folder: Path) -> None:
        database = folder / "db.sqlite"
        entities, procedures = counts(database)
        assert (entities, procedures) in ((0, 0), (1, 8)), (entities, procedures)
        if procedures == 0:
            assert content(database) == empty
        else:
            content(database)

    kill_trials(tmp_path, "import", prepare, check)


def test_kill_the_first_run_with_its_demo(tmp_path: Path) -> None:
    def prepare(folder: Path) -> list[str]:
        folder.mkdir(parents=True, exist_ok=True)
        return ["metrics", "--entity", "060101", "--procedure", "PA-02"]

    def default_of(folder: Path) -> Path:
        return folder / "data" / "TramiteClaro" / "tramite-claro.sqlite"

    def check(folder: Path) -> None:
        from models.files import FileKind, inspect_sqlite

        database = default_of(folder)
        state = inspect_sqlite(database)
        # Nothing yet, a file without a table (cut before the schema's commit), or the
        # schema with no demo or all of it.
        assert state.kind in (FileKind.MISSING, FileKind.EMPTY, FileKind.CURRENT), state
        if state.kind is FileKind.CURRENT:
            content(database)
            assert counts(database) in ((0, 0), (127, 8)), counts(database)
        # Whatever a cut-short first run left, the next run ends with the demo.
        code, _out, err = finish(start(prepare(folder), folder / "data"))
        assert code == 0, err
        assert counts(database) == (127, 8)

    kill_trials(tmp_path, "demo", prepare, check, data_home=lambda f: f / "data")


def test_kill_a_schema_update(tmp_path: Path, template: Path) -> None:
    from tests.models.schemas import EXTRA, with_extra_revision

    scripts = with_extra_revision(tmp_path)
    seed = copy_set(tmp_path / "seed", template, "db.sqlite")
    code, _out, err = finish(start(["--db", str(seed), "import", str(DEMO_PACKAGE)],
                                   tmp_path / "seed" / "data"))
    assert code == 0, err
    before = counts(seed)

    def prepare(folder: Path) -> list[str]:
        database = copy_set(folder, seed, "db.sqlite")
        return [str(scripts), "--db", str(database), "export", "--entity", "060101",
                "--format", "json", "--out", str(folder / "x.tramite.json")]

    def check(folder: Path) -> None:
        from models import backups

        database = folder / "db.sqlite"
        content(database)
        assert counts(database) == before
        with sqlite3.connect(database) as connection:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        assert revision in ((head_revision(),), (EXTRA,))
        os.environ["XDG_DATA_HOME"] = str(folder / "data")
        for copy in backups.list_backups(database):  # whole, or not listed
            content(copy.path)
            assert counts(copy.path) == before

    kill_trials(tmp_path, "migration", prepare, check, script=WITH_MIGRATIONS)


def test_kill_a_backup(tmp_path: Path, template: Path) -> None:
    seed = copy_set(tmp_path / "seed", template, "db.sqlite")
    assert finish(start(["--db", str(seed), "demo"], tmp_path / "seed" / "data"))[0] == 0
    state = content(seed)

    def prepare(folder: Path) -> list[str]:
        database = copy_set(folder, seed, "db.sqlite")
        return ["--db", str(database), "db", "backup", "--out", str(folder / "copia.sqlite")]

    def check(folder: Path) -> None:
        assert content(folder / "db.sqlite") == state
        copy = folder / "copia.sqlite"
        if copy.exists():
            assert content(copy) == state

    kill_trials(tmp_path, "backup", prepare, check)


def test_kill_a_restore(tmp_path: Path, template: Path) -> None:
    seed = copy_set(tmp_path / "seed", template, "db.sqlite")
    assert finish(start(["--db", str(seed), "import", str(EXAMPLE)],
                        tmp_path / "seed" / "data"))[0] == 0
    full = copy_set(tmp_path / "seed", seed, "full.sqlite")
    assert finish(start(["--db", str(full), "demo"], tmp_path / "seed" / "data"))[0] == 0
    states = {content(seed), content(full)}

    def prepare(folder: Path) -> list[str]:
        database = copy_set(folder, seed, "db.sqlite")
        return ["--db", str(database), "db", "restore", str(full)]

    def check(folder: Path) -> None:
        assert content(folder / "db.sqlite") in states

    kill_trials(tmp_path, "restore", prepare, check)


def test_commands_writing_one_file_at_once_wait_for_each_other(tmp_path: Path,
                                                               template: Path) -> None:
    """Three imports start while another program holds the write lock and then writes;
    each waits its turn (a deferred BEGIN failed at once: 'database is locked')."""
    database = copy_set(tmp_path, template, "db.sqlite")
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    packages = [EXAMPLE]
    for ubigeo in ("060102", "060103"):
        other = json.loads(json.dumps(example))
        other["entities"][0].update(ubigeo=ubigeo, name=f"Municipalidad {ubigeo}",
                                    kind="district")
        path = tmp_path / f"{ubigeo}.tramite.json"
        path.write_text(json.dumps(other), encoding="utf-8")
        packages.append(path)
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    processes = [start(["--db", str(database), "import", str(package)], tmp_path / "data")
                 for package in packages]
    time.sleep(3)  # they have started and read; now the other writer writes and goes
    holder.execute("UPDATE reference_value SET uit = uit + 0")
    holder.execute("COMMIT")
    holder.close()
    for process in processes:
        code, _out, err = finish(process)
        assert code == 0, err
    assert counts(database) == (3, 3)
    content(database)


def test_a_lock_outlasting_the_timeout_is_a_worded_error_not_a_traceback(
        tmp_path: Path, template: Path) -> None:
    database = copy_set(tmp_path, template, "db.sqlite")
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    script = ("import sys, models.db as d; d.BUSY_TIMEOUT_MS = 500; "
              "from cli.run import run; sys.exit(run(sys.argv[1:]))")
    try:
        code, out, err = finish(start(["--db", str(database), "import", str(EXAMPLE)],
                                      tmp_path / "data", script=script))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert counts(database) == (0, 0)
    shutil.rmtree(tmp_path / "data", ignore_errors=True)
