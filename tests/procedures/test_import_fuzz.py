"""Damaged files never crash an import: each one is read, or refused with located
problems (`InputError`), whatever was broken. Mutations are drawn by Hypothesis from
real files: the worked example package, the SUT's own activity template and a BPMN
reference model with lanes and gateways."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from procedures.errors import InputError
from procedures.exchange.asme_read import read_step_workbook
from procedures.exchange.bpmn_read import read_bpmn_file
from procedures.exchange.package_read import parse_package_text
from tests.conftest import EXAMPLE
from tests.procedures.builders import english_messages

_english = english_messages()

DATA = Path(__file__).resolve().parent.parent / "data" / "interop"
SUT_TEMPLATE = DATA / "sut" / "importacionASME.xlsx"
BPMN_MODEL = DATA / "bpmn" / "reference" / "A.2.0.bpmn"
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

junk = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["", "-5", "1e999", "NaN", "=1+1", "XX", "0", "1.5", "sí", "\x00"]),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=5), st.integers(),
                                                         max_size=2),
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document (dict keys and list positions)."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _mutate(document: Any, path: tuple[Any, ...], action: str, value: Any) -> Any:
    if not path:
        return value
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "duplicate" and isinstance(parent, list):
        parent.append(json.loads(json.dumps(parent[last])))
    else:
        parent[last] = value
    return document


EXAMPLE_TEXT = EXAMPLE.read_text("utf-8")
EXAMPLE_PLACES = _paths(json.loads(EXAMPLE_TEXT))


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(EXAMPLE_PLACES),
                          st.sampled_from(["replace", "delete", "duplicate"]), junk),
                min_size=1, max_size=4))
def test_a_damaged_package_is_read_or_refused_with_located_problems(
        mutations: list[tuple[tuple[Any, ...], str, Any]]) -> None:
    document = json.loads(EXAMPLE_TEXT)
    for path, action, value in mutations:
        try:
            document = _mutate(document, path, action, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced that place
    try:
        text = json.dumps(document, ensure_ascii=False, allow_nan=True)
    except ValueError:
        return  # circular or unencodable: not a file anyone could send
    try:
        parse_package_text(text, "x.tramite.json")
    except InputError as error:
        assert error.problems and all(str(p) for p in error.problems)


@FUZZ
@given(st.binary(max_size=40), st.integers(0, 10_000), st.booleans())
def test_damaged_package_bytes_are_refused_cleanly(junk_bytes: bytes, where: int,
                                                   cut: bool) -> None:
    text = EXAMPLE_TEXT[:where] if cut else (
        EXAMPLE_TEXT[:where] + junk_bytes.decode("latin-1") + EXAMPLE_TEXT[where:])
    try:
        parse_package_text(text, "x.tramite.json")
    except InputError as error:
        assert error.problems


SUT_ROWS = [row for row in load_workbook(SUT_TEMPLATE).active.iter_rows(values_only=True)]
cell_junk = junk.filter(lambda v: not isinstance(v, list | dict))


def _damaged_workbook_is_read_or_refused(source: Path, name: str,
                                         edits: list[tuple[int, int, Any]]) -> None:
    """Write the junk into the first sheet of `source` (1-based cells), save it as
    `name` and read it: a step table, or problems that name the file."""
    book = load_workbook(source)
    sheet = book.worksheets[0]
    for row, column, value in edits:
        if isinstance(value, str):
            value = "".join(ch for ch in value if ch >= " " or ch in "\t\n")
        if isinstance(value, float) and value != value:  # NaN cannot be stored
            value = "NaN"
        try:
            sheet.cell(row=row, column=column, value=value)
        except ValueError:
            continue  # openpyxl refuses the value: no spreadsheet could hold it
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        book.save(path)
        try:
            read_step_workbook(path)
        except InputError as error:
            assert error.problems
            assert all(p.location.file == name for p in error.problems)


@FUZZ
@given(st.lists(st.tuples(st.integers(1, max(len(SUT_ROWS), 1)), st.integers(1, 7),
                          cell_junk), min_size=1, max_size=6))
def test_a_damaged_sut_template_is_read_or_refused_with_located_problems(
        edits: list[tuple[int, int, Any]]) -> None:
    _damaged_workbook_is_read_or_refused(SUT_TEMPLATE, "plantilla.xlsx", edits)


BPMN_BYTES = BPMN_MODEL.read_bytes()


@FUZZ
@given(st.integers(0, len(BPMN_BYTES)), st.integers(0, 200),
       st.sampled_from([b"", b"<", b">", b"&", b"\"", b"<task/>", b"</lane>", b"\xff",
                        b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"sourceRef=\"nowhere\""]))
@example(at=1523, remove=0, insert=b"\xff")  # a task loses its id attribute (a KeyError once)
@example(at=30, remove=1, insert=b"")  # encoding="SO-8859-1" (a LookupError once)
def test_a_damaged_bpmn_model_is_read_or_refused_with_located_problems(
        at: int, remove: int, insert: bytes) -> None:
    data = BPMN_BYTES[:at] + insert + BPMN_BYTES[at + remove:]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "modelo.bpmn"
        path.write_bytes(data)
        try:
            read_bpmn_file(path)
        except InputError as error:
            assert error.problems


@pytest.fixture(scope="module")
def own_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's step table as this app exports it (title block, ASME columns,
    provenance, footer formulas)."""
    from models.db import open_database
    from procedures.services.exports import export_steps
    from procedures.services.imports import import_package

    folder = tmp_path_factory.mktemp("own")
    database = open_database(folder / "own.sqlite")
    try:
        with database.session() as session, session.begin():
            import_package(session, EXAMPLE)
        with database.session() as session:
            export_steps(session, "060101", folder / "own.xlsx", "xlsx", procedure="PA-07")
    finally:
        database.close()
    return folder / "own.xlsx"


@pytest.mark.slow
@FUZZ
@given(edits=st.lists(st.tuples(st.integers(1, 30), st.integers(1, 24), cell_junk),
                      min_size=1, max_size=6))
def test_a_damaged_own_workbook_is_read_or_refused_with_located_problems(
        own_workbook: Path, edits: list[tuple[int, int, Any]]) -> None:
    _damaged_workbook_is_read_or_refused(own_workbook, "propio.xlsx", edits)
