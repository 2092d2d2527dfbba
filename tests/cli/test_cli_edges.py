"""The command line's edge: whatever goes wrong outside the person's input is one worded
line and exit 2 (a fault of the program: exit 1 naming the log file), never a traceback,
never a password (issue #11, point 4)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli import run as cli_run
from cli.run import run
from procedures.logfile import log_folder, mask_secrets
from tests.conftest import EXAMPLE, ROOT
from tests.procedures.builders import english_messages

_english = english_messages()
METRICS = ("metrics", "--entity", "060101", "--procedure", "PA-07")


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "work.sqlite"
    assert cli("--db", str(path), "import", str(EXAMPLE))[0] == 0
    return path


def main_py(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python main.py …` through a real shell (pipes and all); stderr kept apart."""
    return subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], cwd=cwd,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHON": sys.executable})


def test_export_into_a_folder_that_does_not_exist(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "pa07.tramite.json"
    code, out, err = cli("--db", str(db), "export", "--entity", "060101", "--format", "json",
                         "--out", str(target))
    assert (code, out) == (2, "")
    assert err == f"{target}: the folder {target.parent} does not exist\n"


def test_export_into_a_folder_that_cannot_be_written(db: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0:  # root writes anywhere it has a mode for; /proc/self it cannot
        folder = Path("/proc/self")
    else:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o555)
    target = folder / "pa07.xlsx"
    code, _out, err = cli("--db", str(db), "export", "--entity", "060101", "--procedure",
                          "PA-07", "--format", "xlsx", "--out", str(target))
    assert code == 2
    assert err == f"{target}: the folder {folder} cannot be written\n"


def test_a_report_onto_a_folder(db: Path, tmp_path: Path) -> None:
    code, _out, err = cli("--db", str(db), "report", "guide", "--entity", "060101",
                          "--procedure", "PA-07", "--out", str(tmp_path))
    assert code == 2
    assert err == f"{tmp_path}: is a folder; give the name of the file to write\n"


def test_a_read_only_database(db: Path) -> None:
    url = f"sqlite:///file:{db}?mode=ro&uri=true"
    code, _out, err = cli("--db", url, "import", str(EXAMPLE), "--replace")
    assert code == 2 and "Traceback" not in err
    assert "read-only" in err and "nothing was written" in err and len(err.splitlines()) == 1


def test_a_damaged_database(db: Path) -> None:
    data = bytearray(db.read_bytes())
    data[4096 * 2:4096 * 12] = b"\xff" * (4096 * 10)  # pages of the tables, header intact
    db.write_bytes(bytes(data))
    code, out, err = cli("--db", str(db), *METRICS)
    assert (code, out) == (2, "")
    assert "damaged" in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_a_password_is_never_printed(tmp_path: Path) -> None:
    url = "postgresql+psycopg://clerk:s3cr3t-Pa55@127.0.0.1:1/tramite"
    code, _out, err = cli("--db", url, *METRICS)
    assert code == 2
    assert "s3cr3t" not in err and "cannot be reached" in err and "Traceback" not in err
    log = (log_folder() / "tramite-claro.log")
    assert not log.exists() or "s3cr3t" not in log.read_text(encoding="utf-8")


def test_secrets_are_masked_in_every_form() -> None:
    assert mask_secrets("postgresql://u:p%40ss@host/db and x") == "postgresql://u:***@host/db and x"
    assert mask_secrets("host=db user=u password=hunter2 port=5432") == \
        "host=db user=u password=*** port=5432"
    assert mask_secrets("PASSWORD='two words' next") == "PASSWORD=*** next"
    assert mask_secrets("sqlite:///C:/data/tramite.sqlite") == "sqlite:///C:/data/tramite.sqlite"


def test_metrics_into_a_pipe_closed_early(db: Path, tmp_path: Path) -> None:
    """`metrics --json | head -1` prints the first line and nothing else; a reader
    that leaves at once (`| true`) gets one worded line, not a traceback."""
    main = f'"$PYTHON" {ROOT / "main.py"} --lang en --db {db} {" ".join(METRICS)} --json'
    first = main_py(f"{main} | head -1", tmp_path)
    assert first.stdout == "{\n"
    assert "Traceback" not in first.stderr and "Exception ignored" not in first.stderr
    gone = main_py(f"{main} | true", tmp_path)  # `true` is gone before Python writes
    assert gone.returncode == 2
    assert gone.stderr == "the output was closed before everything was written (broken pipe)\n"


def test_a_fault_of_the_program_names_the_log_file(db: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> int:
        raise RuntimeError("a bug with the password=hunter2 in it")

    monkeypatch.setitem(cli_run.COMMANDS, "metrics", broken)
    code, _out, err = cli("--db", str(db), *METRICS)
    log = log_folder() / "tramite-claro.log"
    assert code == 1 and "Traceback" not in err
    assert err == (f"unexpected error (RuntimeError); nothing was written. The details are "
                   f"in {log}\n")
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: a bug with the password=***" in text
    assert "hunter2" not in text
