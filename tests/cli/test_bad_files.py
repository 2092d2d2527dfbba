"""Bad files of every format are refused in seconds, located, one line per problem,
exit 2, and the database file is left exactly as it was (issue #11, point 4).

Each case is a file an attacker, a broken tool or a slip of the hand could produce:
values JSON cannot hold or no column keeps (NaN, Infinity, 1e308, "1e999999", 5,000
digits, "year": "1e5000000", a lone surrogate, 40,000 characters), structures that would
take minutes or gigabytes (deep nesting, a zip bomb of shared strings, a row of 5 MB, a
row number past Excel's last, a million tiny XML elements), and a folder given as FILE.
"""

from __future__ import annotations

import hashlib
import io
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from cli.run import run
from procedures.exchange import package_read
from tests.conftest import EXAMPLE
from tests.procedures import bad_files as b
from tests.procedures.builders import english_messages

_english = english_messages()

#: Seconds a refusal may take, with room for a loaded CI machine (each takes well under
#: two on a quiet one).
SECONDS = 10
STEPS = ("--entity", "060101", "--procedure", "PA-07", "--version", "Nueva")
ACTIVITY = "entities[0].procedures[0].versions[0].activities[0]"


def _fee(value: str) -> Callable[[dict], None]:
    return lambda d: d["entities"][0]["procedures"][0]["versions"][0].update(fee=value)


#: name -> (build the file in a folder, what the one located line must say)
CASES: dict[str, tuple[Callable[[Path], Path], list[str]]] = {
    # -- JSON --------------------------------------------------------------------------
    "json_infinity": (lambda d: b.raw_minutes(d / "inf.tramite.json", "Infinity"),
        [f"{ACTIVITY}.minutes: expected a number, found Infinity"]),
    "json_minus_infinity": (lambda d: b.raw_minutes(d / "minf.tramite.json", "-Infinity"),
        [f"{ACTIVITY}.minutes: expected a number, found -Infinity"]),
    "json_nan": (lambda d: b.raw_minutes(d / "nan.tramite.json", "NaN"),
                 [f"{ACTIVITY}.minutes: expected a number, found NaN"]),
    "json_1e308": (lambda d: b.raw_minutes(d / "big.tramite.json", "1e308"),
                   [f"{ACTIVITY}.minutes: must not be above 9999999999.99, found 1E+308"]),
    "json_1e999999_number": (lambda d: b.raw_minutes(d / "huge.tramite.json", "1e999999"),
        [f"{ACTIVITY}.minutes: must not be above 9999999999.99"]),
    "json_1e999999_text": (lambda d: b.raw_minutes(d / "huge_text.tramite.json", '"1e999999"'),
        [f"{ACTIVITY}.minutes: must not be above 9999999999.99, "
                         "found '1e999999'"]),
    "json_huge_integer": (lambda d: b.raw_minutes(d / "digits.tramite.json", "9" * 5000),
        [f"{ACTIVITY}.minutes: expected a number, found 99999999999999999999… "
                       "(5000 characters)"]),
    "json_year_1e5000000": (lambda d: b.package(
        d / "year.tramite.json", lambda data: data["entities"][0]["settings"].update(
            year="1e5000000")), ["entities[0].settings.year: must not be above 2100, found "
                                 "'1e5000000'"]),
    "json_year_fraction": (lambda d: b.package(
        d / "year2.tramite.json", lambda data: data["entities"][0]["settings"].update(
            year=2026.5)), ["entities[0].settings.year: expected a whole number"]),
    "json_money_13_digits": (lambda d: b.package(d / "fee.tramite.json", _fee(
        "12345678901234.50")), ["entities[0].procedures[0].versions[0].fee: must not be "
                                "above 9999999999.99"]),
    "json_money_3_decimals": (lambda d: b.package(d / "cents.tramite.json", _fee("45.905")),
                              ["entities[0].procedures[0].versions[0].fee: at most 2 "
                               "decimals, found '45.905'"]),
    "json_probability_1e-30": (lambda d: b.package(
        d / "prob.tramite.json", lambda data: b.activity(data).update(probability="1e-30")),
        [f"{ACTIVITY}.probability: at most 4 decimals, found '1e-30'"]),
    "json_three_million_zeros": (lambda d: b.tiny_values(d / "zeros.tramite.json", 3_000_000),
        ["municipality 1 (entities[0]) holds more than 2000000 values"]),
    "json_deep_nesting": (lambda d: b.nested(d / "deep.tramite.json", 100_000),
                          ["the data is nested too deeply to be a package"]),
    "json_lone_surrogate": (lambda d: b.package(
        d / "surrogate.tramite.json", lambda data: b.activity(data).update(description="@@"),
        lambda t: t.replace('"@@"', '"\\ud800"', 1)),
                            [f"{ACTIVITY}.description: holds a character that cannot be "
                             "stored"]),
    "json_nul": (lambda d: b.package(
        d / "nul.tramite.json", lambda data: b.activity(data).update(description="@@"),
        lambda t: t.replace('"@@"', '"a\\u0000b"', 1)),
        [f"{ACTIVITY}.description: holds a character"]),
    "json_40000_characters": (lambda d: b.package(
        d / "long.tramite.json", lambda data: b.activity(data).update(description="x" * 40_000)),
        [f"{ACTIVITY}.description: at most 32767 characters, found 40000"]),
    "json_long_code": (lambda d: b.package(
        d / "code.tramite.json", lambda data: data["entities"][0]["procedures"][0].update(
            code="P" * 31)), ["entities[0].procedures[0].code: at most 30 characters"]),
    "json_huge_version_number": (lambda d: b.package(
        d / "format.tramite.json", lambda data: data.update(version=10 ** 50)),
        ["version: must not be above 1000"]),
    "json_folder": (lambda d: _folder(d / "folder.tramite.json"),
                    ["folder.tramite.json: is a folder, not a file"]),
    # -- xlsx --------------------------------------------------------------------------
    "xlsx_infinity_text": (lambda d: b.workbook(d / "inf.xlsx", [
        b.SUT_HEADER, ["Recibir", "TD", "Infinity", "Operacion", "VA"]]),
        ["inf.xlsx: Actividades: row 2, column C (Duracion): expected a number of minutes"]),
    "xlsx_1e308": (lambda d: b.workbook(d / "e308.xlsx", [
        b.SUT_HEADER, ["Recibir", "TD", 1e308, "Operacion", "VA"]]),
        ["e308.xlsx: Actividades: row 2, column C (Duracion): minutes must be between 0"]),
    "xlsx_1e999999_text": (lambda d: b.workbook(d / "e999999.xlsx", [
        b.SUT_HEADER, ["Recibir", "TD", "1e999999", "Operacion", "VA"]]),
        ["row 2, column C (Duracion): minutes must be between 0"]),
    "xlsx_3_decimals": (lambda d: b.workbook(d / "dec.xlsx", [
        b.SUT_HEADER, ["Recibir", "TD", 12.345, "Operacion", "VA"]]),
        ["row 2, column C (Duracion): at most 2 decimals, found 12.345"]),
    "xlsx_probability_1e-30": (lambda d: b.workbook(d / "prob.xlsx", [
        [*b.SUT_HEADER, "Probabilidad"], ["Recibir", "TD", 5, "Operacion", "VA", 1e-30]]),
        ["row 2, column F (Probabilidad): at most 4 decimals"]),
    "xlsx_40000_character_cell": (lambda d: b.rewritten(d / "long.xlsx", b.sheet(
        b.SUT_HEADER, ["x" * 40_000, "TD", 5, "Operacion", "VA"])),
        ["row 2, column A (Actividad): at most 32767 characters, found 40000"]),
    "xlsx_long_shared_string": (lambda d: b.rewritten(d / "sst.xlsx", b.sheet(
        b.SUT_HEADER, [("s", 0), "TD", 5, "Operacion", "VA"]),
        shared=b.shared_strings("y" * 2_000_000)),
        ["row 2, column A (Actividad): at most 32767 characters, found 2000000"]),
    "xlsx_shared_strings_bomb": (lambda d: b.rewritten(d / "bomb.xlsx", b.sheet(
        b.SUT_HEADER, [("s", 0), "TD", 5, "Operacion", "VA"]),
        shared=b.shared_strings(b.low_entropy(40_000_000))),
        ["bomb.xlsx: xl/sharedStrings.xml unpacks to 38 MB"]),
    "xlsx_zip_bomb": (lambda d: b.rewritten(d / "zeros.xlsx", {
        "xl/styles.xml": b"<a>" + b" " * 300_000_000 + b"</a>"}),
        ["zeros.xlsx: the workbook unpacks to 286 MB"]),
    "xlsx_row_of_5_mb": (lambda d: b.rewritten(d / "row.xlsx", b.sheet(
        b.SUT_HEADER, [b.low_entropy(5_000_000), "TD", 5, "Operacion", "VA"])),
        ["row.xlsx: xl/worksheets/sheet1.xml: a row of the sheet is larger than 4 MB"]),
    "xlsx_row_past_excel": (lambda d: b.rewritten(d / "far.xlsx", {
        "xl/worksheets/sheet1.xml": b.sheet_xml([
            (1, b.SUT_HEADER), (2, ["Recibir", "TD", 5, "Operacion", "VA"]),
            (999_999_999, ["Otra", "TD", 5, "Operacion", "VA"])])}),
        ["far.xlsx: Actividades: row 1048576: the sheet goes on past row 1048576"]),
    "xlsx_huge_dimension": (lambda d: b.rewritten(d / "wide.xlsx", b.sheet(
        b.SUT_HEADER, ["Recibir", "TD", 5, "Operacion", "X"], dimension="A1:XFD1048576")),
        ["wide.xlsx: Actividades: row 2, column E (Tipo_Valor): unknown value class 'X'"]),
    "xlsx_million_styles": (lambda d: b.rewritten(d / "styles.xlsx", {
        "xl/styles.xml": b"<styleSheet>" + b"<xf/>" * 1_000_000 + b"</styleSheet>"}),
        ["styles.xlsx: xl/styles.xml has more than 250000 elements"]),
    "xlsx_bad_column": (lambda d: b.rewritten(d / "col.xlsx", {
        "xl/worksheets/sheet1.xml": b.sheet_xml([(1, b.SUT_HEADER)]).replace(
            b'r="A1"', b'r="ZZZZZZ1"')}), ["col.xlsx: cannot read the workbook"]),
    "xlsx_not_a_zip": (lambda d: _text(d / "fake.xlsx", "no soy un libro"),
                       ["fake.xlsx: not an Excel workbook (.xlsx)"]),
    "xlsx_folder": (lambda d: _folder(d / "folder.xlsx"),
                    ["folder.xlsx: is a folder, not a file"]),
    # -- BPMN --------------------------------------------------------------------------
    "bpmn_infinity": (lambda d: b.bpmn(d / "inf.bpmn", extension='minutes="Infinity"'),
                      ["inf.bpmn: task t1: minutes: expected a number, found 'Infinity'"]),
    "bpmn_nan_count": (lambda d: _text(d / "count.bpmn", b.BPMN_HEAD + (
        '<bpmn:process id="p"><bpmn:task id="t1" name="Recibir"><bpmn:extensionElements>'
        '<tc:activity minutes="5"><tc:staff position="TMP" count="NaN"/></tc:activity>'
        "</bpmn:extensionElements></bpmn:task></bpmn:process></bpmn:definitions>")),
        ["count.bpmn: task t1: staff: expected a number, found 'NaN'"]),
    "bpmn_1e999999": (lambda d: b.bpmn(d / "huge.bpmn", extension='minutes="1e999999"'),
                      ["huge.bpmn: task t1: minutes: must not be above 9999999999.99"]),
    "bpmn_probability_1e-30": (lambda d: b.bpmn(
        d / "prob.bpmn", extension='minutes="5" probability="1e-30"'),
        ["prob.bpmn: task t1: probability: at most 4 decimals"]),
    "bpmn_40000_character_name": (lambda d: b.bpmn(d / "long.bpmn", task='name="'
                                                   + "x" * 40_000 + '"'),
                                  ["long.bpmn: task t1: description: at most 32767 characters"]),
    "bpmn_long_lane": (lambda d: b.bpmn(d / "lane.bpmn", lanes=(
        '<bpmn:laneSet id="ls"><bpmn:lane id="l1" name="' + "Oficina " * 40 + '">'
        "<bpmn:flowNodeRef>t1</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>")),
        ["lane.bpmn: task t1: unit name: at most 200 characters"]),
    "bpmn_deep_lanes": (lambda d: b.bpmn(d / "deep.bpmn", lanes=b.deep_lanes(400)),
                        ["deep.bpmn: the model is nested more than 100 levels deep"]),
    "bpmn_million_elements": (lambda d: b.bpmn(d / "many.bpmn", extra="<x/>" * 1_000_000),
                              ["many.bpmn: the model has more than 200000 elements"]),
    "bpmn_folder": (lambda d: _folder(d / "folder.bpmn"),
                    ["folder.bpmn: is a folder, not a file"]),
}


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def _text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def state(db: Path) -> tuple[str, dict[str, int]]:
    """The database file's bytes (hashed) and the rows of every table."""
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    with sqlite3.connect(db) as connection:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                  for name in tables}
    connection.close()
    return digest, counts


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("bad") / "work.sqlite"
    code, _out, err = cli("--db", str(db), "import", str(EXAMPLE))
    assert code == 0, err
    return db


@pytest.mark.parametrize("name", CASES)
def test_a_bad_file_is_refused_quickly_located_and_changes_nothing(
        name: str, database: Path, tmp_path: Path) -> None:
    build, expected = CASES[name]
    path = build(tmp_path)
    before = state(database)
    steps = STEPS if path.suffix in (".xlsx", ".bpmn") else ()
    started = time.perf_counter()
    code, out, err = cli("--db", str(database), "import", str(path), *steps)
    elapsed = time.perf_counter() - started
    assert (code, out) == (2, ""), err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines and all(line.startswith(path.name + ":") for line in lines), err
    for wanted in expected:
        assert any(wanted in line for line in lines), f"{wanted!r} not in:\n{err}"
    assert elapsed < SECONDS, f"{name} took {elapsed:.1f} s"
    assert state(database) == before, "the database changed"


def test_a_package_of_too_many_values_is_refused_before_parsing(
        database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The values a municipality may hold bound the memory of parsing it, whatever its
    size (a package of many municipalities is read one at a time:
    tests/procedures/test_package_paths.py)."""
    monkeypatch.setattr(package_read, "MAX_JSON_VALUES", 100)
    code, _out, err = cli("--db", str(database), "import", str(EXAMPLE))
    assert code == 2
    assert err == (f"{EXAMPLE.name}: municipality 1 (entities[0]) holds more than 100 values; "
                   "split it in smaller packages\n")


#: The files that would take gigabytes if they were read as they are.
BOMBS = ("json_deep_nesting", "json_40000_characters", "json_three_million_zeros",
         "xlsx_long_shared_string", "xlsx_shared_strings_bomb", "xlsx_zip_bomb",
         "xlsx_row_of_5_mb", "xlsx_row_past_excel",
         "xlsx_million_styles", "bpmn_million_elements", "bpmn_40000_character_name")
#: Run in a process of its own: its peak memory (VmHWM) counted from the start of the
#: command, not from the process that started it.
_MEASURED = """
import re, sys
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
from cli.run import run
code = run(sys.argv[1:])
peak = re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)
print("PEAK", int(peak) // 1024, file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.slow
@pytest.mark.parametrize("name", BOMBS)
def test_a_bomb_is_refused_in_little_memory(name: str, database: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    path = CASES[name][0](tmp_path)
    steps = STEPS if path.suffix in (".xlsx", ".bpmn") else ()
    result = subprocess.run([sys.executable, "-c", _MEASURED, "--db", str(database), "import",
                             str(path), *steps], capture_output=True, text=True, cwd=ROOT,
                            timeout=120)
    assert result.returncode == 2, result.stderr
    peak = int(result.stderr.rsplit("PEAK ", 1)[1])
    assert peak < 300, f"{name}: {peak} MB"
