"""Step tables as .ods and .csv: the same columns and the same validation as .xlsx, our
own exports round-trip every field, LibreOffice opens our .ods, and files LibreOffice
writes (the SUT template saved as .ods and .csv) read as the .xlsx does."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from procedures.errors import InputError
from procedures.exchange.asme_read import read_step_workbook
from procedures.exchange.csv_file import write_csv
from procedures.exchange.ods_file import OdsSheet, read_ods, write_ods
from procedures.services.exports import export_package, export_steps
from procedures.services.imports import import_package
from tests.conftest import INTEROP
from tests.procedures.builders import english_messages
from tests.procedures.test_excel_export import example_package
from tests.procedures.test_excel_import import SUT_HEADER, problems, run_import, workbook
from tests.procedures.xlsx_recalc import require_soffice

_english = english_messages()

SUT_TEMPLATE = INTEROP / "sut" / "importacionASME.xlsx"


@pytest.fixture
def db(sqlite_db: object, tmp_path: Path) -> Iterator[object]:
    """The worked example with a to-be version using every field, provenance included."""
    path = example_package(tmp_path)
    data = json.loads(path.read_text("utf-8"))
    steps = data["entities"][0]["procedures"][0]["versions"][1]["activities"]
    steps[5].update(time_source="measured", time_date="2026-03-02", time_by="J. Pérez")
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with sqlite_db.session() as session, session.begin():  # type: ignore[attr-defined]
        import_package(session, path)
    yield sqlite_db


def versions(db: object, tmp_path: Path) -> dict[str, list[dict]]:
    out = tmp_path / "check.tramite.json"
    with db.session() as session:  # type: ignore[attr-defined]
        export_package(session, "060101", out, "PA-07")
    found = json.loads(out.read_text("utf-8"))["entities"][0]["procedures"][0]["versions"]
    return {v["name"]: [{k: x for k, x in a.items() if k not in ("id", "based_on")}
                        for a in v["activities"]] for v in found}


def export(db: object, path: Path, version: str | None = None,
           procedure: str | None = "PA-07") -> str:
    with db.session() as session:  # type: ignore[attr-defined]
        return export_steps(session, "060101", path, "xlsx", procedure=procedure,
                            version=version)


def test_csv_round_trips_every_field(db: object, tmp_path: Path) -> None:
    path = tmp_path / "propuesta.csv"
    assert export(db, path, "Propuesta") == (
        f"Exported PA-07 / Propuesta as a step table to {path}.")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with its mark: Excel shows the accents
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("No.,Activity,Unit,Unit code,Minutes,● Operation")
    assert lines[1].startswith("1,'=SUM(A1),Citizen,,20,X")  # guarded against injection
    message = run_import(db, path, version="Copia")
    assert message.startswith("Imported 10 activities into PA-07 / Copia.")
    found = versions(db, tmp_path)
    assert found["Copia"] == found["Propuesta"]


def test_ods_round_trips_every_field_of_every_version(db: object, tmp_path: Path) -> None:
    path = tmp_path / "pa07.ods"
    assert export(db, path) == f"Exported 2 versions to {path}."
    assert [grid.title for grid in read_ods(path)] == ["ASME Actual", "ASME Propuesta"]
    before = versions(db, tmp_path)
    with pytest.raises(InputError):  # the version has steps: refused unless replacing
        run_import(db, path, version="Propuesta")
    message = run_import(db, path, version="Propuesta", replace=True)  # that version's sheet
    assert "sheet 'ASME Propuesta' was read" in message
    found = versions(db, tmp_path)
    assert found["Propuesta"] == before["Propuesta"]
    run_import(db, path, version="Copia")  # a new version: the procedure's first sheet
    assert versions(db, tmp_path)["Copia"] == found["Actual"]


def test_a_csv_step_table_is_of_one_procedure(db: object, tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        export(db, tmp_path / "x.csv", procedure=None)
    assert problems(caught) == ["x.csv: a CSV step table is of one procedure"]


BAD_ROWS = [SUT_HEADER,
            ["Recibir", "Mesa de partes", 10, "Operacion", "VA"],
            ["Revisar", "Trámite Documentario", "diez", "Revisión", "Quizá"],
            ["", "Trámite Documentario", -5, "Inspeccionar", "SVA"]]


def located(lines: list[str]) -> list[str]:
    """Problems without the file's name (the one thing that differs by format)."""
    return [line.split(": ", 1)[1] for line in lines]


def test_the_same_validation_in_every_format(db: object, tmp_path: Path) -> None:
    xlsx = workbook(tmp_path / "bad.xlsx", BAD_ROWS)
    ods = tmp_path / "bad.ods"
    write_ods(ods, [OdsSheet("Actividades", (20,) * 5, [list(r) for r in BAD_ROWS])])
    csv = tmp_path / "Actividades.csv"  # a .csv's one sheet is named after the file
    write_csv(csv, BAD_ROWS)
    found = []
    for path in (xlsx, ods, csv):
        with pytest.raises(InputError) as caught:
            run_import(db, path)
        found.append(located(problems(caught)))
    assert found[0] == found[1] == found[2]
    assert len(found[0]) == 6
    assert found[0][0].startswith("Actividades: row 2, column B (Unidad_Organica): unknown "
                                  "unit 'Mesa de partes'")


def test_spanish_excel_csv_with_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    path = tmp_path / "pasos.csv"
    text = ("Actividad;Unidad_Organica;Duracion;Tipo_Actividad;Tipo_Valor\r\n"
            "Revisión de expediente;Trámite Documentario;7,5;Revision;Control\r\n")
    path.write_bytes(text.encode("cp1252"))  # as Excel saves "CSV" on Windows
    (step,) = read_step_workbook(path).steps
    assert (step.description, str(step.minutes)) == ("Revisión de expediente", "7.5")


def test_an_ods_with_a_dtd_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>'
                                        "<x>&a;</x>")
    with pytest.raises(InputError) as caught:
        read_step_workbook(path)
    assert problems(caught) == ["bomb.ods: the spreadsheet declares a DTD or entities; it was "
                                "refused without expanding them"]


def convert(path: Path, to: str, out_dir: Path) -> Path:
    """`path` converted by LibreOffice headless (a private profile) into `out_dir`."""
    program = require_soffice()
    profile = out_dir / f"lo-{uuid.uuid4().hex}"
    result = subprocess.run(
        [program, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", to, "--outdir", str(out_dir), str(path)],
        capture_output=True, text=True, timeout=180, check=False)
    shutil.rmtree(profile, ignore_errors=True)
    converted = out_dir / f"{path.stem}.{to.split(':')[0]}"
    assert result.returncode == 0 and converted.exists(), result.stdout + result.stderr
    return converted


@pytest.mark.slow
def test_libreoffice_opens_our_ods(db: object, tmp_path: Path) -> None:
    path = tmp_path / "pa07.ods"
    export(db, path)
    xlsx = export(db, tmp_path / "pa07.xlsx")
    del xlsx
    converted = convert(path, "xlsx", tmp_path / "lo")
    theirs = load_workbook(converted)
    ours = load_workbook(tmp_path / "pa07.xlsx")
    assert theirs.sheetnames == ["ASME Actual", "ASME Propuesta"]
    for name in theirs.sheetnames:
        rows = [r for r in theirs[name].iter_rows(values_only=True)]
        expected = [r for r in ours[name].iter_rows(values_only=True)][:len(rows)]
        assert rows[4] == expected[4]  # the header
        for got, want in zip(rows[5:], expected[5:], strict=True):
            assert [str(v) if v is not None else None for v in got] == [
                str(v) if v is not None else None for v in want][:len(got)]


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["ods", "csv:Text - txt - csv (StarCalc):44,34,76"])
def test_the_sut_template_saved_by_libreoffice_reads_as_the_xlsx(tmp_path: Path,
                                                                  fmt: str) -> None:
    converted = convert(SUT_TEMPLATE, fmt, tmp_path / "lo")
    expected = read_step_workbook(SUT_TEMPLATE).steps
    found = read_step_workbook(converted).steps
    keys = ("description", "minutes", "type", "value")
    assert [tuple(getattr(s, k) for k in keys) for s in found] == [
        tuple(getattr(s, k) for k in keys) for s in expected]
    assert [s.lane.name if s.lane else None for s in found] == [
        s.lane.name if s.lane else None for s in expected]
