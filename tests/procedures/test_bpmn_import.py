"""BPMN import of files written by other tools (the OMG MIWG test suite as exported by
six modellers) and of hostile or broken files, which are refused without expansion."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from procedures.errors import InputError
from procedures.exchange import bpmn_read
from procedures.exchange.bpmn_read import read_bpmn_file
from procedures.results import describe
from procedures.services.imports import import_package, import_steps
from tests.conftest import EXAMPLE, INTEROP, table_dump
from tests.procedures.builders import english_messages

_english = english_messages()

SUITE = INTEROP / "bpmn"
ALL_FILES = sorted(SUITE.glob("**/*.bpmn"))
A20_FILES = [SUITE / "reference" / "A.2.0.bpmn", *sorted(SUITE.glob("tools/*-A.2.0.bpmn"))]
HEAD = '<?xml version="1.0"?>\n'
DEFINITIONS = ('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" '
               'targetNamespace="x">{body}</definitions>')


@pytest.fixture
def db(sqlite_db: object) -> Iterator[object]:
    with sqlite_db.session() as session, session.begin():  # type: ignore[attr-defined]
        import_package(session, EXAMPLE)
    yield sqlite_db


def run_import(db: object, path: Path, version: str = "Importada", **options: object) -> str:
    with db.session() as session, session.begin():  # type: ignore[attr-defined]
        return describe(import_steps(session, path, "060101", "PA-07", version,
                                     **options))


def problems(error: pytest.ExceptionInfo[InputError]) -> list[str]:
    return [str(p) for p in error.value.problems]


def test_the_suite_is_all_there() -> None:
    assert len(ALL_FILES) == 25
    assert len(A20_FILES) == 7  # the reference and six tools


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_every_interop_file_imports(db: object, path: Path) -> None:
    message = run_import(db, path)
    first = message.splitlines()[0]
    assert first.startswith("Imported ") and "into PA-07 / Importada" in first


def test_a10_has_three_tasks_in_order() -> None:
    table = read_bpmn_file(SUITE / "reference" / "A.1.0.bpmn")
    assert [step.description for step in table.steps] == ["Task 1", "Task 2", "Task 3"]


@pytest.mark.parametrize("path", A20_FILES, ids=lambda p: p.name)
def test_a20_has_four_tasks_in_every_tool(path: Path) -> None:
    table = read_bpmn_file(path)
    names = [step.description for step in table.steps]
    assert sorted(names) == ["Task 1", "Task 2", "Task 3", "Task 4"]
    assert names[0] == "Task 1"
    # Task 1 always happens; the three branches of the split share the cases.
    assert [str(step.probability) for step in table.steps] == ["1", "0.3333", "0.3333",
                                                                 "0.3333"]
    assert any("no shares given" in note for note in table.notes)


def test_a10_without_lanes_goes_to_the_filing_unit(db: object) -> None:
    message = run_import(db, SUITE / "reference" / "A.1.0.bpmn")
    assert "3 activities are in no lane; they were given to unit 'Trámite Documentario'." \
        in message
    assert "3 activities have no duration; they were imported with 0 minutes." in message


def test_what_has_no_equivalent_is_reported_one_line_each(db: object) -> None:
    message = run_import(db, SUITE / "reference" / "B.1.0.bpmn")
    lines = message.splitlines()
    assert any(line.startswith("Pool 'Participant'") for line in lines)
    assert any(line.startswith("Sub-process 'Collapsed Sub-Process'") for line in lines)
    assert any("'Start Event Message' (message)" in line for line in lines)
    assert "dataObject 'Data Object' has no equivalent in a step table; not imported." in lines
    assert "Unit 'Lane 1' created with code L1." in lines
    assert "Unit 'Lane 2' created with code L2." in lines
    assert len(lines) == len(set(lines))


def test_boundary_paths_are_reported_and_kept(db: object) -> None:
    table = read_bpmn_file(SUITE / "reference" / "A.3.0.bpmn")
    assert [s.description for s in table.steps] == ["Task 1", "Task 2", "Task 3", "Task 4"]
    assert sum("Boundary event" in note for note in table.notes) == 2


def test_missing_lanes_become_units_and_say_so(db: object) -> None:
    message = run_import(db, SUITE / "reference" / "A.4.1.bpmn")
    assert "Unit 'Lane 1' created with code L1." in message.splitlines()


def test_unknown_positions_in_our_extension_refuse_the_file(db: object, tmp_path: Path) -> None:
    path = tmp_path / "staff.bpmn"
    path.write_text(HEAD + DEFINITIONS.format(body=(
        '<process id="p"><startEvent id="s"/>'
        '<userTask id="t" name="Revisar"><extensionElements>'
        '<tc:activity xmlns:tc="https://tramite-claro.pe/schema/bpmn/1" type="revision" '
        'value="CONTROL" minutes="5" unit="TD"><tc:staff position="JEFE" count="1"/>'
        '</tc:activity></extensionElements></userTask>'
        '<sequenceFlow id="f" sourceRef="s" targetRef="t"/></process>')), "utf-8")
    before = table_dump(db)
    with pytest.raises(InputError) as caught:
        run_import(db, path)
    assert problems(caught) == ["staff.bpmn: userTask t: unknown position 'JEFE'"]
    assert table_dump(db) == before


def test_a_lane_named_like_a_unit_is_that_unit(db: object, tmp_path: Path) -> None:
    path = tmp_path / "lanes.bpmn"
    path.write_text(HEAD + DEFINITIONS.format(body=(
        '<process id="p"><laneSet id="ls">'
        '<lane id="l1" name=" TRAMITE documentario "><flowNodeRef>t1</flowNodeRef></lane>'
        '<lane id="l2" name="Ciudadano"><flowNodeRef>t2</flowNodeRef></lane></laneSet>'
        '<startEvent id="s"/><task id="t1" name="Recibir"/><userTask id="t2" name="Pagar"/>'
        '<endEvent id="e"/>'
        '<sequenceFlow id="f1" sourceRef="s" targetRef="t2"/>'
        '<sequenceFlow id="f2" sourceRef="t2" targetRef="t1"/>'
        '<sequenceFlow id="f3" sourceRef="t1" targetRef="e"/></process>')), "utf-8")
    table = read_bpmn_file(path)
    assert [s.description for s in table.steps] == ["Pagar", "Recibir"]
    assert table.steps[0].lane is None  # the citizen
    run_import(db, path)


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p">
<task id="t" name="&lol9;"/></process></definitions>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p">
<task id="t" name="&secret;"/></process></definitions>
"""


@pytest.mark.parametrize("text", [BOMB, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_xml_bombs_are_refused_without_expansion(db: object, tmp_path: Path, text: str) -> None:
    path = tmp_path / "bomb.bpmn"
    path.write_text(text, "utf-8")
    before = table_dump(db)
    with pytest.raises(InputError) as caught:
        run_import(db, path)
    assert problems(caught) == [
        "bomb.bpmn: the file declares a DTD or entities, which BPMN files never need; it was "
        "refused without expanding them (a possible XML bomb)"]
    assert table_dump(db) == before


@pytest.mark.parametrize(("text", "expected"), [
    ("<definitions><process>", "broken.bpmn: not valid XML (line 1, column 22)"),
    ('<?xml version="1.0"?><html/>', "broken.bpmn: not a BPMN 2.0 file: the root element is "
                                     "'html', expected bpmn:definitions"),
    (HEAD + DEFINITIONS.format(body=""), "broken.bpmn: the file has no process to import"),
    (HEAD + DEFINITIONS.format(body='<process id="p"><startEvent id="s"/></process>'),
     "broken.bpmn: the file has no activities to import"),
])
def test_broken_files_are_refused_with_a_message(db: object, tmp_path: Path, text: str,
                                                 expected: str) -> None:
    path = tmp_path / "broken.bpmn"
    path.write_text(text, "utf-8")
    with pytest.raises(InputError) as caught:
        run_import(db, path)
    assert problems(caught) == [expected]


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bpmn_read, "MAX_BPMN_BYTES", 100)
    with pytest.raises(InputError) as caught:
        read_bpmn_file(SUITE / "reference" / "A.1.0.bpmn")
    assert "the file is too large" in problems(caught)[0]


def test_loops_and_percent_labels(tmp_path: Path) -> None:
    path = tmp_path / "loop.bpmn"
    path.write_text(HEAD + DEFINITIONS.format(body=(
        '<process id="p"><startEvent id="s"/><task id="a" name="Recibir"/>'
        '<task id="r" name="Revisar"/><exclusiveGateway id="g" name="¿Completo?"/>'
        '<task id="o" name="Observar"/><task id="f" name="Firmar"/><endEvent id="e"/>'
        '<sequenceFlow id="1" sourceRef="s" targetRef="a"/>'
        '<sequenceFlow id="2" sourceRef="a" targetRef="r"/>'
        '<sequenceFlow id="3" sourceRef="r" targetRef="g"/>'
        '<sequenceFlow id="4" sourceRef="g" targetRef="o" name="25 %"/>'
        '<sequenceFlow id="5" sourceRef="o" targetRef="r"/>'
        '<sequenceFlow id="6" sourceRef="g" targetRef="f" name="75 %"/>'
        '<sequenceFlow id="7" sourceRef="f" targetRef="e"/></process>')), "utf-8")
    table = read_bpmn_file(path)
    assert [(s.description, str(s.probability)) for s in table.steps] == [
        ("Recibir", "1"), ("Revisar", "1"), ("Observar", "0.2500"), ("Firmar", "0.7500")]
    assert any("returns to 'Revisar' (a loop)" in note for note in table.notes)
