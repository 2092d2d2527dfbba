"""Importing step tables from Excel: the SUT template as distributed, our own export,
and files that must be refused with located problems, leaving the database unchanged."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from procedures.errors import InputError, ProblemCode
from procedures.exchange import asme_read, xlsx_open
from procedures.exchange.asme_read import read_step_workbook
from procedures.results import describe
from procedures.services.exports import export_package, export_steps
from procedures.services.imports import import_package, import_steps
from tests.conftest import EXAMPLE, INTEROP, table_dump
from tests.procedures.builders import english_messages

_english = english_messages()

SUT_TEMPLATE = INTEROP / "sut" / "importacionASME.xlsx"
SUT_HEADER = ["Actividad", "Unidad_Organica", "Duracion", "Tipo_Actividad", "Tipo_Valor"]


@pytest.fixture
def db(sqlite_db: object) -> Iterator[object]:
    """A database holding the worked example (PA-07 in 060101)."""
    with sqlite_db.session() as session, session.begin():  # type: ignore[attr-defined]
        import_package(session, EXAMPLE)
    yield sqlite_db


def run_import(db: object, path: Path, version: str | None = "Propuesta", **options: object) -> str:
    with db.session() as session, session.begin():  # type: ignore[attr-defined]
        return describe(import_steps(session, path, "060101", "PA-07", version,
                                     **options))


def version_activities(db: object, tmp_path: Path, name: str) -> list[dict]:
    out = tmp_path / "check.tramite.json"
    with db.session() as session:  # type: ignore[attr-defined]
        export_package(session, "060101", out, "PA-07")
    versions = json.loads(out.read_text("utf-8"))["entities"][0]["procedures"][0]["versions"]
    found = next(v for v in versions if v["name"] == name)
    return [{k: v for k, v in a.items() if k not in ("id", "based_on")}
            for a in found["activities"]]


def workbook(path: Path, rows: list[list[object]], title: str = "Actividades") -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def problems(error: pytest.ExceptionInfo[InputError]) -> list[str]:
    return [str(p) for p in error.value.problems]


# -- the SUT template ------------------------------------------------------------------------

def test_sut_template_units_unknown_are_reported_with_sheet_row_column_value(db: object) -> None:
    before = table_dump(db)
    with pytest.raises(InputError) as caught:
        run_import(db, SUT_TEMPLATE)
    lines = problems(caught)
    assert len(lines) == 6
    assert lines[0].startswith(
        "importacionASME.xlsx: Actividades: row 2, column B (Unidad_Organica): unknown unit "
        "' Oficina General de Administración'; known units: TD (Trámite Documentario)")
    assert ("row 3, column B (Unidad_Organica): unknown unit "
            "' Oficina General de Administración25514'") in lines[1]
    assert table_dump(db) == before
    assert caught.value.codes == {ProblemCode.UNKNOWN_UNIT}, "creating the units would do"
    assert "--" not in str(caught.value), "the core names no command-line option"


def test_the_result_names_the_rows_and_units_added(db: object) -> None:
    """What the window makes undoable comes from the result, not from the database."""
    from sqlalchemy import select

    from models import tables as t
    from procedures.results import Outcome

    with db.session() as session, session.begin():  # type: ignore[attr-defined]
        result = import_steps(session, SUT_TEMPLATE, "060101", "PA-07", "Propuesta",
                              create_units=True)
    (added,) = result.procedures
    assert (added.entity, added.code, added.outcome, added.activities) == (
        "060101", "PA-07", Outcome.STEPS_ADDED, 6)
    assert (added.version, added.version_created) == ("Propuesta", True)
    with db.session() as session:  # type: ignore[attr-defined]
        version = session.scalar(select(t.Version).where(t.Version.name == "Propuesta"))
        rows = [a.uuid for a in sorted(version.activities, key=lambda a: a.position)]
        procedure = version.procedure.uuid
        units = {u.uuid: u.code for u in session.scalars(select(t.Unit))}
    assert added.versions == (version.uuid,) and added.uuid == procedure
    assert added.activity_uuids == tuple(rows)
    assert sorted(u.code for u in result.units_created) == ["GDU", "OGA", "OTI"]
    assert all(units[u.uuid] == u.code for u in result.units_created)
    assert result.file == "importacionASME.xlsx" and result.entities == ("060101",)


def test_sut_template_with_create_units(db: object, tmp_path: Path) -> None:
    message = run_import(db, SUT_TEMPLATE, create_units=True)
    assert message.splitlines()[0] == (
        "Imported 6 activities into PA-07 / Propuesta. The version was created as a to-be "
        "proposal.")
    # The stray "25514" is not a second unit: both rows land in the same new one.
    assert "Unit 'Oficina General de Administración' created with code OGA." in message
    assert message.count("created with code") == 3
    activities = version_activities(db, tmp_path, "Propuesta")
    assert [a["description"] for a in activities] == [f"actividad{n}" for n in range(1, 7)]
    assert activities[0] == {"description": "actividad1", "unit": "OGA", "type": "revision",
                             "value": "VA", "minutes": 45}
    assert activities[1]["unit"] == "OGA" and activities[1]["value"] == "CONTROL"
    assert [a["type"] for a in activities] == [
        "revision", "traslado", "operacion", "operacion", "operacion", "operacion"]
    assert [a["unit"] for a in activities][2:] == ["GDU", "OTI", "OTI", "OTI"]


def test_columns_by_name_in_any_order_and_names_normalised(db: object, tmp_path: Path) -> None:
    path = workbook(tmp_path / "shuffled.xlsx", [
        ["Tipo_Valor", "Duracion", "Actividad", "Tipo_Actividad", "Unidad_Organica"],
        ["sva", "7,5", "  Llevar   el expediente ", "TRASLADO", "  tramite DOCUMENTARIO123"],
        ["Control", 12, "Revisar", "Revisión", "DU"],
        [None, None, None, None, None],
        ["VA", 3, "Entregar", "operación", "Ciudadano"],
    ])
    message = run_import(db, path, version="Actual", replace=True)
    assert "read as 'Trámite Documentario'" in message  # the loose match is noted
    activities = version_activities(db, tmp_path, "Actual")
    assert activities == [
        {"description": "Llevar   el expediente", "unit": "TD", "type": "traslado",
         "value": "SVA", "minutes": 7.5},
        {"description": "Revisar", "unit": "DU", "type": "revision", "value": "CONTROL",
         "minutes": 12},
        {"description": "Entregar", "citizen": True, "type": "operacion", "value": "VA",
         "minutes": 3},
    ]


def test_every_bad_cell_is_reported_and_nothing_is_written(db: object, tmp_path: Path) -> None:
    path = workbook(tmp_path / "bad.xlsx", [
        SUT_HEADER,
        ["Recibir", "TD", 10, "Operacionn", "VA"],
        ["Revisar", "TD", "diez", "Revision", "Mucho"],
        ["", "TD", -3, "Espera", "SVA"],
        ["Firmar", "Alcaldía", 5, "Operacion", "VA"],
    ])
    before = table_dump(db)
    with pytest.raises(InputError) as caught:
        run_import(db, path)
    lines = problems(caught)
    assert ("bad.xlsx: Actividades: row 2, column D (Tipo_Actividad): unknown activity type "
            "'Operacionn'; expected one of: Operacion, Revision, Traslado, Espera, Archivo") \
        in lines
    assert ("bad.xlsx: Actividades: row 3, column C (Duracion): expected a number of minutes, "
            "found 'diez'") in lines
    assert any(line.startswith("bad.xlsx: Actividades: row 3, column E (Tipo_Valor): unknown value "
                               "class 'Mucho'") for line in lines)
    assert "bad.xlsx: Actividades: row 4, column A (Actividad): the activity has no description" \
        in lines
    assert any("row 4, column C (Duracion): minutes must be between 0" in line for line in lines)
    assert any("row 5, column B (Unidad_Organica): unknown unit 'Alcaldía'" in line
               for line in lines)
    assert table_dump(db) == before


def test_missing_column_names_it(db: object, tmp_path: Path) -> None:
    path = workbook(tmp_path / "short.xlsx", [
        ["Actividad", "Unidad_Organica", "Tipo_Actividad", "Tipo_Valor"],
        ["Recibir", "TD", "Operacion", "VA"],
    ])
    with pytest.raises(InputError) as caught:
        run_import(db, path)
    (line,) = problems(caught)
    assert line.startswith("short.xlsx: Actividades: row 1: required column 'Duracion' is "
                           "missing (the header row has: Actividad, Unidad_Organica,")


def test_a_sheet_without_any_header_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "other.xlsx", [["Nombre", "Edad"], ["Ana", 30]])
    with pytest.raises(InputError) as caught:
        read_step_workbook(path)
    assert "no sheet has a step table" in problems(caught)[0]


# -- malformed and hostile files ------------------------------------------------------------

def test_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("Actividad;Duracion\nRecibir;10\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_step_workbook(path)
    assert problems(caught) == ["fake.xlsx: not an Excel workbook (.xlsx); if it is an old "
                                ".xls file, open it and save it as .xlsx"]


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hola")
    with pytest.raises(InputError) as caught:
        read_step_workbook(path)
    assert "it has no workbook inside" in problems(caught)[0]


def test_a_damaged_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook><sheets>")
    with pytest.raises(InputError) as caught:
        read_step_workbook(path)
    assert problems(caught)[0].startswith("broken.xlsx: cannot read the workbook:")


def test_a_zip_bomb_is_refused_before_opening(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", b"\0" * (60 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(InputError) as caught:
        read_step_workbook(path)
    assert "unpacks to 60 MB" in problems(caught)[0]


def test_an_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = workbook(tmp_path / "big.xlsx", [SUT_HEADER, ["Recibir", "TD", 10, "Operacion", "VA"]])
    monkeypatch.setattr(xlsx_open, "MAX_FILE_BYTES", 1000)
    with pytest.raises(InputError) as caught:
        read_step_workbook(path)
    assert "the file is too large" in problems(caught)[0]


def test_too_many_rows_are_refused_while_streaming(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [SUT_HEADER] + [[f"Paso {n}", "TD", 1, "Operacion", "VA"] for n in range(30)]
    path = workbook(tmp_path / "long.xlsx", rows)
    monkeypatch.setattr(asme_read, "MAX_ROWS", 25)
    with pytest.raises(InputError) as caught:
        read_step_workbook(path)
    assert problems(caught) == ["long.xlsx: Actividades: row 27: the sheet has more than 25 "
                                "activity rows; split it in smaller files"]


def test_the_default_limits() -> None:
    assert xlsx_open.MAX_FILE_BYTES == 20 * 1024 * 1024
    assert xlsx_open.MAX_ROWS == asme_read.MAX_ROWS == 100_000


# -- our own workbook, round trip -----------------------------------------------------------

def test_our_asme_sheet_round_trips(db: object, tmp_path: Path) -> None:
    out = tmp_path / "pa07.xlsx"
    with db.session() as session:  # type: ignore[attr-defined]
        export_steps(session, "060101", out, "xlsx", procedure="PA-07")
    message = run_import(db, out, version="Copia")
    assert message.startswith("Imported 9 activities into PA-07 / Copia.")
    assert version_activities(db, tmp_path, "Copia") == version_activities(db, tmp_path,
                                                                           "Actual")


def import_rich(db: object, tmp_path: Path) -> None:
    """A hand-written sheet in our layout, with every optional column, into "Borrador"."""
    rich = tmp_path / "rich.xlsx"
    header = ["N.°", "Actividad", "Unidad", "Código unidad", "Minutos", "● Operación",
              "■ Revisión", "→ Traslado", "D Espera", "▼ Archivo", "VA", "Control", "SVA",
              "Probabilidad", "Personal", "Recursos", "Acción de mejora", "Paralela",
              "Presencial", "Nota"]
    workbook(rich, [
        ["Tabla ASME-VM"], [None, "Versión", "Borrador"], [], [], header,
        [1, "Presentar", "Ciudadano", None, 15, "X", None, None, None, None, "X", None, None,
         1, None, None, None, None, "X", None],
        [2, "Revisar", "Trámite Documentario", "TD", 7.5, None, "X", None, None, None, None,
         "X", None, "20%", "2 × Técnico Mesa de Partes [TMP]", "3 × Papel [A4]; FOLDER",
         "Automatizar", None, None, "@revisar antes"],
        [3, "Inspeccionar", "Subgerencia de Desarrollo Urbano", "DU", 90, "X", None, None,
         None, None, "X", None, None, 0.5, "1 × TDU", "1 × [MOV]", None, "X", None, None],
        ["Total", "Número de actividades"],
    ], title="ASME Borrador")
    run_import(db, rich, version="Borrador")


def test_round_trip_keeps_every_field(db: object, tmp_path: Path) -> None:
    """Probability, parallel, in person, action, note, staff and resource quantities."""
    import_rich(db, tmp_path)
    activities = version_activities(db, tmp_path, "Borrador")
    assert activities == [
        {"description": "Presentar", "citizen": True, "type": "operacion", "value": "VA",
         "minutes": 15, "in_person": True},
        {"description": "Revisar", "unit": "TD", "type": "revision", "value": "CONTROL",
         "minutes": 7.5, "probability": "0.20", "staff": [{"position": "TMP", "count": 2}],
         "resources": [{"resource": "A4", "qty": 3}, {"resource": "FOLDER", "qty": 1}],
         "action": "automatizar", "note": "@revisar antes"},
        {"description": "Inspeccionar", "unit": "DU", "type": "operacion", "value": "VA",
         "minutes": 90, "probability": "0.50", "parallel": True,
         "staff": [{"position": "TDU", "count": 1}], "resources": [{"resource": "MOV",
                                                                     "qty": 1}]},
    ]


def test_reexport_of_a_rich_version_reimports_identically(db: object, tmp_path: Path) -> None:
    import_rich(db, tmp_path)
    out = tmp_path / "again.xlsx"
    with db.session() as session:  # type: ignore[attr-defined]
        export_steps(session, "060101", out, "xlsx", procedure="PA-07")
    before = version_activities(db, tmp_path, "Borrador")
    # The sheet of that version is read, and its steps replace the version's own.
    message = run_import(db, out, version="Borrador", replace=True)
    assert "sheet 'ASME Borrador' was read" in message
    assert "They replace the 3 steps the version had." in message
    assert len(before) == 3 and version_activities(db, tmp_path, "Borrador") == before


def test_unknown_position_in_our_sheet_is_located(db: object, tmp_path: Path) -> None:
    header = ["N.°", "Actividad", "Unidad", "Minutos", "Operación", "Revisión", "Traslado",
              "Espera", "Archivo", "VA", "Control", "SVA", "Personal"]
    path = workbook(tmp_path / "staff.xlsx", [
        header,
        [1, "Revisar", "TD", 5, None, "X", None, None, None, None, "X", None, "1 × Jefe [JEF]"],
        [2, "Dos marcas", "TD", 5, "X", "X", None, None, None, None, "X", None, None],
    ])
    with pytest.raises(InputError) as caught:
        run_import(db, path)
    assert problems(caught) == [
        "staff.xlsx: Actividades: row 2, column M (Personal): unknown position 'JEF'",
        "staff.xlsx: Actividades: row 3, column E (Operación): mark exactly one type column; "
        "found: Operación, Revisión",
    ]


def test_without_version_the_as_is_version_receives_the_rows(db: object, tmp_path: Path) -> None:
    path = workbook(tmp_path / "one.xlsx", [SUT_HEADER, ["Sellar", "TD", 2, "Operacion",
                                                         "Control"]])
    with pytest.raises(InputError) as caught:  # it has steps: importing is a choice
        run_import(db, path, version=None)
    assert caught.value.codes == {ProblemCode.VERSION_HAS_STEPS}
    assert problems(caught) == ["one.xlsx: version 'Actual' of PA-07 has 9 steps already; the "
                                "file's steps would be added after them"]
    message = run_import(db, path, version=None, replace=True)
    assert message == ("Imported 1 activity into PA-07 / Actual. They replace the 9 steps "
                       "the version had.")
    assert [a["minutes"] for a in version_activities(db, tmp_path, "Actual")] == [2]


def test_minutes_in_words_are_read(tmp_path: Path) -> None:
    path = workbook(tmp_path / "words.xlsx", [SUT_HEADER,
                                              ["Firmar", "DU", "45 min", "Revision", "Control"]])
    (step,) = read_step_workbook(path).steps
    assert step.minutes == Decimal(45)


def test_entity_workbook_reimport_reads_the_sheet_of_the_procedure(
    sqlite_db: object, tmp_path: Path
) -> None:
    demo = EXAMPLE.parent.parent.parent / "resources" / "demo" / "cajamarca.tramite.json"
    data = json.loads(demo.read_text("utf-8"))
    data["entities"] = [e for e in data["entities"] if e["ubigeo"] == "060101"]
    package = tmp_path / "demo.tramite.json"
    package.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with sqlite_db.session() as session, session.begin():  # type: ignore[attr-defined]
        import_package(session, package)
    out = tmp_path / "entity.xlsx"
    with sqlite_db.session() as session:  # type: ignore[attr-defined]
        export_steps(session, "060101", out, "xlsx")
    with sqlite_db.session() as session, session.begin():  # type: ignore[attr-defined]
        message = describe(import_steps(session, out, "060101", "PA-03", "Copia"))
    assert "sheet 'PA-03 Actual' was read" in message
    check = tmp_path / "check.tramite.json"
    with sqlite_db.session() as session:  # type: ignore[attr-defined]
        export_package(session, "060101", check, "PA-03")
    versions = json.loads(check.read_text("utf-8"))["entities"][0]["procedures"][0]["versions"]
    by_name = {v["name"]: [{k: x for k, x in a.items() if k not in ("id", "based_on")}
                           for a in v["activities"]] for v in versions}
    assert by_name["Copia"] == by_name["Actual"]
