"""`main.py report …` end to end: every kind writes its PDF; bad arguments exit 2."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cli.run import run
from tests.conftest import ROOT

DEMO = ROOT / "resources" / "demo" / "cajamarca.tramite.json"


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "demo.sqlite")
    code, _out, err = cli("--db", path, "import", str(DEMO))
    assert code == 0, err
    return path


@pytest.mark.parametrize("kind, extra", [
    ("guide", ["--procedure", "PA-01"]),
    ("guide", ["--procedure", "PA-01", "--large-print"]),
    ("booklet", []),
    ("sheet", ["--procedure", "SE-01"]),
    ("comparison", ["--procedure", "SE-01", "--version", "Propuesta 2026"]),
    ("tupa", []),
    ("portfolio", ["--entity", "0601"]),
])
def test_every_report_kind_writes_a_pdf(db: str, tmp_path: Path, kind: str,
                                        extra: list[str]) -> None:
    out = tmp_path / f"{kind}.pdf"
    entity = [] if "--entity" in extra else ["--entity", "060101"]
    code, stdout, err = cli("--db", db, "--lang", "en", "report", kind, *entity, *extra,
                            "--out", str(out))
    assert code == 0, err
    # A guide's legal warnings go to stderr as "warning:" lines and do not stop it.
    lines = err.splitlines()
    assert all(line.startswith("warning: ") for line in lines)
    assert bool(lines) is (kind in ("guide", "booklet"))  # PA-01 asks for a DNI copy
    assert str(out) in stdout and stdout.count("\n") == 1
    assert out.read_bytes().startswith(b"%PDF-")


def test_guide_without_procedure_exits_2_with_one_line(db: str, tmp_path: Path) -> None:
    out = tmp_path / "guide.pdf"
    code, stdout, err = cli("--db", db, "report", "guide", "--entity", "060101",
                            "--out", str(out))
    assert code == 2
    assert stdout == ""
    assert err.count("\n") == 1 and "--procedure" in err
    assert not out.exists()


@pytest.mark.parametrize("argv, needle", [
    (["report", "guide", "--entity", "060101", "--procedure", "XX-99"], "XX-99"),
    (["report", "guide", "--entity", "069999", "--procedure", "PA-01"], "069999"),
    (["report", "comparison", "--entity", "060101", "--procedure", "PA-01"], "--version"),
    (["report", "portfolio", "--entity", "060101"], "0601"),
    (["report", "sheet", "--entity", "060101", "--procedure", "PA-01", "--version", "Nope"],
     "Nope"),
])
def test_bad_report_arguments_exit_2(db: str, tmp_path: Path, argv: list[str],
                                     needle: str) -> None:
    code, _stdout, err = cli("--db", db, *argv, "--out", str(tmp_path / "x.pdf"))
    assert code == 2
    assert err.count("\n") == 1 and needle in err, err
    assert "Traceback" not in err


def test_a_guide_of_a_proposal_warns_the_clerk_in_spanish(db: str, tmp_path: Path) -> None:
    """DESIGN §5: warnings that do not stop the command begin `advertencia:`."""
    out = tmp_path / "guide.pdf"
    code, _stdout, err = cli("--db", db, "--lang", "es", "report", "guide", "--entity", "060101",
                            "--procedure", "PA-01", "--version", "Propuesta 2026",
                            "--out", str(out))
    assert code == 0 and out.exists()
    assert err.splitlines() == [
        "advertencia: Propuesta 2026 no está vigente: cada página de la guía lleva la marca "
        "«PROPUESTA — no vigente»."]
