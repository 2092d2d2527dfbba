"""`main.py import/export` with Excel and BPMN files: exit codes, messages, real files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from cli.run import run
from tests.conftest import EXAMPLE, INTEROP

SUT_TEMPLATE = INTEROP / "sut" / "importacionASME.xlsx"


def cli(db: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["--lang", "en", "--db", str(db), *args], out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def db(db_path: Path) -> Path:
    code, _out, err = cli(db_path, "import", str(EXAMPLE))
    assert code == 0, err
    return db_path


def test_export_xlsx_and_bpmn(db: Path, tmp_path: Path) -> None:
    xlsx = tmp_path / "pa07.xlsx"
    code, out, err = cli(db, "export", "--entity", "060101", "--procedure", "PA-07",
                         "--format", "xlsx", "--out", str(xlsx))
    assert (code, err) == (0, "")
    assert out == f"Exported 1 version to {xlsx}.\n"
    assert "Summary" in load_workbook(xlsx, read_only=True).sheetnames
    bpmn = tmp_path / "pa07.bpmn"
    code, out, err = cli(db, "export", "--entity", "060101", "--procedure", "PA-07",
                         "--version", "Actual", "--format", "bpmn", "--out", str(bpmn))
    assert (code, err) == (0, "")
    assert out == f"Exported PA-07 / Actual as BPMN to {bpmn}.\n"
    from tests.procedures.test_bpmn_export import validate

    validate(bpmn)


def test_export_whole_entity(db: Path, tmp_path: Path) -> None:
    xlsx = tmp_path / "entity.xlsx"
    code, out, _err = cli(db, "export", "--entity", "060101", "--format", "xlsx",
                          "--out", str(xlsx))
    assert code == 0 and out == f"Exported 1 version to {xlsx}.\n"
    assert load_workbook(xlsx, read_only=True).sheetnames[:2] == ["Inventory", "PA-07 Actual"]


def test_sut_template_import_reports_then_creates_units(db: Path) -> None:
    args = ("import", str(SUT_TEMPLATE), "--entity", "060101", "--procedure", "PA-07",
            "--version", "Propuesta SUT")
    code, out, err = cli(db, *args)
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 6
    assert lines[5] == ("importacionASME.xlsx: Actividades: row 7, column B (Unidad_Organica): "
                        "unknown unit 'Oficina de Tecnologías de la Información'")
    code, out, err = cli(db, *args, "--create-units")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == ("Imported 6 activities into PA-07 / Propuesta SUT. The "
                                   "version was created as a to-be proposal.")
    code, out, _err = cli(db, "metrics", "--entity", "060101", "--procedure", "PA-07",
                          "--version", "Propuesta SUT", "--json")
    assert code == 0 and '"total_minutes": 130' in out


def test_export_the_sut_template(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "pa07-sut.xlsx"
    code, out, err = cli(db, "export", "--entity", "060101", "--procedure", "PA-07",
                         "--format", "sut", "--out", str(path))
    assert (code, err) == (0, "")
    assert out.startswith(f"Exported PA-07 / Actual as the SUT's activity template to {path}.")
    sheet = load_workbook(path)["Actividades"]
    assert [c.value for c in sheet[1]] == [c.value for c in
                                           load_workbook(SUT_TEMPLATE)["Actividades"][1]]
    code, out, err = cli(db, "import", str(path), "--entity", "060101", "--procedure", "PA-07",
                         "--version", "Desde el SUT")
    assert (code, err) == (0, "") and out.startswith("Imported 9 activities")


def test_round_trips_through_files(db: Path, tmp_path: Path) -> None:
    for fmt, suffix in (("xlsx", "xlsx"), ("bpmn", "bpmn"), ("xlsx", "ods"), ("xlsx", "csv")):
        path = tmp_path / f"pa07.{suffix}"
        assert cli(db, "export", "--entity", "060101", "--procedure", "PA-07", "--format", fmt,
                   "--out", str(path))[0] == 0
        fmt = suffix
        code, out, err = cli(db, "import", str(path), "--entity", "060101", "--procedure",
                             "PA-07", "--version", f"Copia {fmt}")
        assert (code, err) == (0, ""), err
        assert out.startswith(f"Imported 9 activities into PA-07 / Copia {fmt}.")
        code, out, _err = cli(db, "compare", "--entity", "060101", "--procedure", "PA-07",
                              "--from", "Actual", "--to", f"Copia {fmt}", "--json")
        assert code == 0
        assert '"unit_cost": {\n        "absolute": "0.00"' in out


def test_bad_input_exits_2_with_one_line_per_problem(db: Path, tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK? no")
    code, out, err = cli(db, "import", str(fake), "--entity", "060101", "--procedure", "PA-07")
    assert (code, out) == (2, "")
    assert err == ("fake.xlsx: not an Excel workbook (.xlsx); if it is an old .xls file, open "
                   "it and save it as .xlsx\n")
    code, _out, err = cli(db, "import", str(SUT_TEMPLATE), "--entity", "060101")
    assert code == 2 and err == ("importacionASME.xlsx: importing a .xlsx file needs the "
                                 "procedure it goes into; add --procedure CODE\n")
    code, _out, err = cli(db, "export", "--entity", "060101", "--format", "bpmn",
                          "--out", str(tmp_path / "x.bpmn"))
    assert code == 2 and err == "x.bpmn: a BPMN export is of one procedure; add --procedure CODE\n"
    code, _out, err = cli(db, "export", "--entity", "060101", "--procedure", "NOPE",
                          "--format", "xlsx", "--out", str(tmp_path / "x.xlsx"))
    assert code == 2 and "NOPE" in err and not (tmp_path / "x.xlsx").exists()
    code, _out, err = cli(db, "export", "--entity", "060101", "--procedure", "PA-07",
                          "--version", "Nada", "--format", "xlsx",
                          "--out", str(tmp_path / "y.xlsx"))
    assert code == 2 and "'Nada'" in err and not (tmp_path / "y.xlsx").exists()


def test_bad_type_value_names_row_column_and_value(db: Path, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Pasos"
    sheet.append(["Actividad", "Unidad_Organica", "Duracion", "Tipo_Actividad", "Tipo_Valor"])
    sheet.append(["Recibir", "TD", 10, "Operacion", "VA"])
    sheet.append(["Sellar", "TD", 2, "Sellado", "VA"])
    path = tmp_path / "pasos.xlsx"
    book.save(path)
    code, _out, err = cli(db, "import", str(path), "--entity", "060101", "--procedure", "PA-07")
    assert code == 2
    assert err == ("pasos.xlsx: Pasos: row 3, column D (Tipo_Actividad): unknown activity type "
                   "'Sellado'; expected one of: Operacion, Revision, Traslado, Espera, "
                   "Archivo\n")


@pytest.mark.parametrize("fmt", ["xlsx", "bpmn"])
def test_importing_steps_twice_is_refused_and_replace_replaces_them(
        db: Path, tmp_path: Path, fmt: str) -> None:
    """The same step table imported twice never appends every step again: refused with
    the option that replaces them; with --replace the version holds the file's steps."""
    out_file = tmp_path / f"pa07.{fmt}"
    assert cli(db, "export", "--entity", "060101", "--procedure", "PA-07", "--version",
               "Actual", "--format", fmt, "--out", str(out_file))[0] == 0
    args = ("import", str(out_file), "--entity", "060101", "--procedure", "PA-07",
            "--version", "Copia")
    code, out, err = cli(db, *args)
    assert (code, err) == (0, "") and out.startswith("Imported 9 activities into PA-07 / Copia.")
    code, out, err = cli(db, *args)
    assert (code, out) == (2, "")
    assert err == (f"{out_file.name}: version 'Copia' of PA-07 has 9 steps already; the file's "
                   "steps would be added after them; import with --replace to replace them, "
                   "or name another version with --version NAME\n")
    code, out, err = cli(db, *args, "--replace")
    assert (code, err) == (0, "")
    assert "Imported 9 activities into PA-07 / Copia." in out
    assert "They replace the 9 steps the version had." in out
    package = tmp_path / "check.tramite.json"
    assert cli(db, "export", "--entity", "060101", "--procedure", "PA-07", "--format", "json",
               "--out", str(package))[0] == 0
    import json

    versions = json.loads(package.read_text("utf-8"))["entities"][0]["procedures"][0]["versions"]
    copy = next(v for v in versions if v["name"] == "Copia")
    assert len(copy["activities"]) == 9
