"""The command line as a new user meets it: import, export, bad files, exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli.run import run
from tests.conftest import EXAMPLE, ROOT, package_content
from tests.procedures.builders import english_messages

_english = english_messages()  # these tests assert the English messages (msgids)


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_import_then_export_round_trip(tmp_path: Path) -> None:
    db = str(tmp_path / "work.sqlite")
    code, out, err = cli("--db", db, "import", str(EXAMPLE))
    assert code == 0 and err == ""
    assert "060101" in out
    first, second = tmp_path / "a.tramite.json", tmp_path / "b.tramite.json"
    assert cli("--db", db, "export", "--entity", "060101", "--format", "json",
               "--out", str(first))[0] == 0
    db2 = str(tmp_path / "other.sqlite")
    assert cli("--db", db2, "import", str(first))[0] == 0
    assert cli("--db", db2, "export", "--entity", "060101", "--procedure", "PA-07",
               "--format", "json", "--out", str(second))[0] == 0
    assert package_content(first) == package_content(second)


def test_an_existing_procedure_names_the_option_that_replaces_it(tmp_path: Path) -> None:
    """The core's words name no option; the command line adds --replace by the problem's
    kind, so its output stays what it was."""
    db = str(tmp_path / "work.sqlite")
    code, out, _err = cli("--db", db, "import", str(EXAMPLE))
    assert (code, out) == (0, "Imported 1 procedure (9 activities) into 060101.\n")
    code, out, err = cli("--db", db, "import", str(EXAMPLE))
    assert (code, out) == (2, "")
    assert err == (f"{EXAMPLE.name}: entities[0].procedures[0].code: procedure 'PA-07' "
                   "already exists in 060101; import with --replace to overwrite it\n")
    code, out, err = cli("--db", db, "import", str(EXAMPLE), "--replace")
    assert (code, out, err) == (0, "Imported 1 procedure (9 activities) into 060101.\n", "")


BAD_FILES = {
    "broken_json": lambda d: "{ not json",
    "newer_version": lambda d: {**d, "version": 9},
    "missing_field": lambda d: _edit(d, lambda e: e["units"][0].pop("name")),
    "unknown_unit": lambda d: _edit(d, lambda e: e["procedures"][0]["versions"][0]
                                    ["activities"][4].update(unit="XX")),
    "unknown_position": lambda d: _edit(d, lambda e: e["procedures"][0]["versions"][0]
                                        ["activities"][0]["staff"][0].update(position="ZZ")),
    "wrong_enumeration": lambda d: _edit(d, lambda e: e["procedures"][0]["versions"][0]
                                         ["activities"][0].update(type="operation")),
    "negative_minutes": lambda d: _edit(d, lambda e: e["procedures"][0]["versions"][0]
                                        ["activities"][0].update(minutes=-3)),
    "non_numeric_money": lambda d: _edit(d, lambda e: e["positions"][0].update(
        annual_cost="veinticuatro mil")),
    "probability_above_one": lambda d: _edit(d, lambda e: e["procedures"][0]["versions"][0]
                                             ["activities"][2].update(probability="1.5")),
    "duplicate_code": lambda d: _edit(d, lambda e: e["positions"].append(
        dict(e["positions"][0]))),
}

EXPECTED_PATH = {
    "broken_json": "bad.tramite.json: not valid JSON (line 1",
    "newer_version": "bad.tramite.json: version: ",
    "missing_field": "bad.tramite.json: entities[0].units[0].name: ",
    "unknown_unit": "bad.tramite.json: entities[0].procedures[0].versions[0].activities[4].unit: ",
    "unknown_position": ".activities[0].staff[0].position: ",
    "wrong_enumeration": ".activities[0].type: ",
    "negative_minutes": ".activities[0].minutes: ",
    "non_numeric_money": "bad.tramite.json: entities[0].positions[0].annual_cost: ",
    "probability_above_one": ".activities[2].probability: ",
    "duplicate_code": "bad.tramite.json: entities[0].positions[3].code: ",
}


def _edit(data: dict, change) -> dict:  # type: ignore[no-untyped-def]
    change(data["entities"][0])
    return data


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_files_exit_2_with_one_located_line_and_no_change(
    kind: str, tmp_path: Path, example: dict
) -> None:
    db = str(tmp_path / "work.sqlite")
    content = BAD_FILES[kind](example)
    bad = tmp_path / "bad.tramite.json"
    bad.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    code, out, err = cli("--db", db, "import", str(bad))
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    assert EXPECTED_PATH[kind] in lines[0]
    assert "Traceback" not in err
    # Nothing was written: the entity does not exist.
    code, _, err = cli("--db", db, "export", "--entity", "060101", "--format", "json",
                       "--out", str(tmp_path / "x.json"))
    assert code == 2 and "060101" in err


def test_missing_file_and_unknown_extension(tmp_path: Path) -> None:
    db = str(tmp_path / "w.sqlite")
    code, _, err = cli("--db", db, "import", str(tmp_path / "nada.tramite.json"))
    assert code == 2 and "nada.tramite.json" in err
    other = tmp_path / "datos.csv"
    other.write_text("a,b", encoding="utf-8")
    code, _, err = cli("--db", db, "import", str(other))
    assert code == 2 and ".csv" in err


def test_unknown_entity_and_bad_option() -> None:
    code, _, err = cli("--db", ":memory:", "export", "--entity", "999999", "--format", "json",
                       "--out", "/tmp/never.json")
    assert code == 2 and "999999" in err


def test_a_real_process_never_prints_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tramite.json"
    bad.write_text('{"format": "tramite-claro-package", "version": 1, "entities": [{}]}',
                   encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(tmp_path / "w.sqlite"), "import",
         str(bad)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines and all(line.startswith("bad.tramite.json: entities[0].") for line in lines)
    assert len(lines) == 3  # ubigeo, name and kind are missing


def test_every_command_has_help() -> None:
    for command in ("import", "export", "metrics", "compare", "report", "demo"):
        result = subprocess.run([sys.executable, str(ROOT / "main.py"), command, "--help"],
                                capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert result.returncode == 0, result.stderr
        assert "usage: main.py " + command in result.stdout


def test_bad_option_exits_2() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "metrics", "--entity"],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_lang_is_accepted_before_and_after_the_command(tmp_path: Path) -> None:
    db = str(tmp_path / "w.sqlite")
    assert cli("--db", db, "import", str(EXAMPLE))[0] == 0
    for argv in (("--lang", "en", "metrics", "--entity", "060101", "--procedure", "PA-07"),
                 ("metrics", "--entity", "060101", "--procedure", "PA-07", "--lang", "en")):
        code, out, _err = cli("--db", db, *argv)
        assert code == 0
        assert "Unit cost" in out and "S/ 45.92" in out
