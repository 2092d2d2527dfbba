"""The SUT's activity template as an export: the distributed template's sheet, header,
words and widths exactly, so it uploads as it is; and it reads back into a version with
the same steps."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from procedures.errors import InputError, ProblemCode
from procedures.services.exports import export_package, export_steps
from procedures.services.imports import import_package, import_steps
from tests.conftest import INTEROP
from tests.procedures.builders import english_messages
from tests.procedures.test_excel_export import example_package

_english = english_messages()

TEMPLATE = INTEROP / "sut" / "importacionASME.xlsx"
#: The words the template and the SUT manual use (tests/data/interop/README.md).
TYPE_WORDS = {"Operacion", "Revision", "Traslado", "Espera", "Archivo"}
VALUE_WORDS = {"VA", "Control", "SVA"}


@pytest.fixture
def db(sqlite_db: object, tmp_path: Path) -> Iterator[object]:
    with sqlite_db.session() as session, session.begin():  # type: ignore[attr-defined]
        import_package(session, example_package(tmp_path))
    yield sqlite_db


def export_sut(db: object, path: Path, version: str = "Propuesta") -> str:
    with db.session() as session:  # type: ignore[attr-defined]
        return export_steps(session, "060101", path, "sut", procedure="PA-07",
                            version=version)


def versions(db: object, tmp_path: Path) -> dict[str, list[dict]]:
    out = tmp_path / "check.tramite.json"
    with db.session() as session:  # type: ignore[attr-defined]
        export_package(session, "060101", out, "PA-07")
    found = json.loads(out.read_text("utf-8"))["entities"][0]["procedures"][0]["versions"]
    return {v["name"]: v["activities"] for v in found}


def test_the_export_is_shaped_as_the_template(db: object, tmp_path: Path) -> None:
    path = tmp_path / "sut.xlsx"
    message = export_sut(db, path)
    assert message == (f"Exported PA-07 / Propuesta as the SUT's activity template to {path}. "
                       "The template has no columns for probabilities, parallel stages, "
                       "staff, resources, improvement actions and notes; they were not "
                       "written.")
    template = load_workbook(TEMPLATE)
    ours = load_workbook(path)
    assert ours.sheetnames == template.sheetnames == ["Actividades"]
    sheet, model = ours["Actividades"], template["Actividades"]
    assert [c.value for c in sheet[1]] == [c.value for c in model[1]]
    assert {k: d.width for k, d in sheet.column_dimensions.items()} == {
        k: d.width for k, d in model.column_dimensions.items()}
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 10
    for row in rows:
        description, unit, minutes, kind, value = row
        assert description.data_type == unit.data_type == kind.data_type == "s"
        assert minutes.data_type == "n" and isinstance(minutes.value, int)
        assert kind.value in TYPE_WORDS and value.value in VALUE_WORDS
        assert not any(cell.font.b for cell in row)
    assert rows[0][0].value == "=SUM(A1)" and rows[0][1].value == "Ciudadano"
    assert rows[0][0].quotePrefix  # text, never a formula, in Excel as in the SUT


def test_the_export_reads_back_into_the_same_steps(db: object, tmp_path: Path) -> None:
    path = tmp_path / "sut.xlsx"
    export_sut(db, path)
    with db.session() as session, session.begin():  # type: ignore[attr-defined]
        import_steps(session, path, "060101", "PA-07", "Desde el SUT")
    found = versions(db, tmp_path)
    keys = ("description", "unit", "citizen", "minutes", "type", "value")
    assert [{k: a.get(k) for k in keys} for a in found["Desde el SUT"]] == [
        {k: a.get(k) for k in keys} for a in found["Propuesta"]]


def test_the_template_is_of_one_procedure(db: object, tmp_path: Path) -> None:
    with db.session() as session, pytest.raises(InputError) as caught:  # type: ignore[attr-defined]
        export_steps(session, "060101", tmp_path / "x.xlsx", "sut")
    assert caught.value.codes == {ProblemCode.NEEDS_PROCEDURE}
    assert not (tmp_path / "x.xlsx").exists()
