"""BPMN import of files written by other tools (the OMG MIWG test suite as exported by
six modellers) and of hostile or broken files, which are refused without expansion."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
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
    lines = message.splitlines()
    assert "Unit 'Lane 2' created with code L2." in lines
    assert "Unit 'Lane 3' created with code L3." in lines
    assert "Pool 'Pool 1' (2 tasks) is not imported: a step table holds one process." in lines


#: Tasks of the main pool of each MIWG model, those inside sub-processes included, as
#: each tool exported it (a tool may draw a call activity as a sub-process).
COUNTS = {"A.1.0": 3, "A.2.0": 4, "A.3.0": 4, "A.4.0": 4, "A.4.1": 4, "B.1.0": 6,
          "B.2.0": 22}
TOOL_COUNTS = {"visualparadigm-B.1.0": 5}


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_every_interop_file_gives_the_tasks_of_its_main_pool(path: Path) -> None:
    table = read_bpmn_file(path)
    model = path.stem.rsplit("-", 1)[-1]
    assert len(table.steps) == TOOL_COUNTS.get(path.stem, COUNTS[model])
    lanes = {step.lane.name for step in table.steps if step.lane is not None}
    if model in ("A.4.0", "B.1.0"):
        assert lanes == {"Lane 1", "Lane 2"}, "the main pool, with its lanes"


@pytest.mark.parametrize("path", sorted(SUITE.glob("**/*A.4.0.bpmn")), ids=lambda p: p.name)
def test_sub_process_tasks_are_flattened_in_their_lanes(path: Path) -> None:
    table = read_bpmn_file(path)
    lanes = {s.description: s.lane.name if s.lane else "" for s in table.steps}
    assert lanes == {"Task 3": "Lane 1", "Task 4": "Lane 1", "Task 5": "Lane 1",
                     "Task 6": "Lane 2"}
    assert table.steps[0].description == "Task 3"
    assert sum("tasks were imported in its place" in note for note in table.notes) == 2
    assert any(note.startswith("Pool ") and "(2 tasks)" in note for note in table.notes)


def test_visual_paradigm_keeps_the_main_pool() -> None:
    """Its B.1.0 has a 3-task side pool ("Participant") that once won a tie."""
    table = read_bpmn_file(SUITE / "tools" / "visualparadigm-B.1.0.bpmn")
    assert table.source == "Pool"
    assert "User Task 5" in [step.description for step in table.steps]
    assert any(note.startswith("Pool 'Participant' (3 tasks)") for note in table.notes)


BPSIM_FILE = ('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
              'xmlns:bpsim="http://www.bpsim.org/schemas/1.0" id="d" targetNamespace="x">'
              '<process id="p"><startEvent id="s"/><task id="a" name="Recibir"/>'
              '<exclusiveGateway id="g"/><task id="o" name="Observar"/>'
              '<task id="f" name="Firmar"/><exclusiveGateway id="m"/><endEvent id="e"/>'
              '<sequenceFlow id="1" sourceRef="s" targetRef="a"/>'
              '<sequenceFlow id="2" sourceRef="a" targetRef="g"/>'
              '<sequenceFlow id="3" sourceRef="g" targetRef="o"/>'
              '<sequenceFlow id="4" sourceRef="g" targetRef="f"/>'
              '<sequenceFlow id="5" sourceRef="o" targetRef="m"/>'
              '<sequenceFlow id="6" sourceRef="f" targetRef="m"/>'
              '<sequenceFlow id="7" sourceRef="m" targetRef="e"/></process>'
              '<relationship type="BPSimData"><extensionElements><bpsim:BPSimData>'
              '<bpsim:Scenario id="s1"><bpsim:ScenarioParameters baseTimeUnit="s"/>'
              '<bpsim:ElementParameters elementRef="a"><bpsim:TimeParameters>'
              '<bpsim:ProcessingTime><bpsim:FloatingParameter value="450"/>'
              '</bpsim:ProcessingTime></bpsim:TimeParameters></bpsim:ElementParameters>'
              '<bpsim:ElementParameters elementRef="o"><bpsim:TimeParameters>'
              '<bpsim:ProcessingTime><bpsim:DurationParameter value="PT1H30M"/>'
              '</bpsim:ProcessingTime></bpsim:TimeParameters></bpsim:ElementParameters>'
              '<bpsim:ElementParameters elementRef="f"><bpsim:TimeParameters>'
              '<bpsim:ProcessingTime><bpsim:NormalDistribution mean="10" '
              'standardDeviation="2" timeUnit="min"/></bpsim:ProcessingTime>'
              '</bpsim:TimeParameters></bpsim:ElementParameters>'
              '<bpsim:ElementParameters elementRef="3"><bpsim:ControlParameters>'
              '<bpsim:Probability><bpsim:FloatingParameter value="0.25"/></bpsim:Probability>'
              '</bpsim:ControlParameters></bpsim:ElementParameters>'
              '<bpsim:ElementParameters elementRef="4"><bpsim:ControlParameters>'
              '<bpsim:Probability><bpsim:FloatingParameter value="0.75"/></bpsim:Probability>'
              '</bpsim:ControlParameters></bpsim:ElementParameters>'
              '</bpsim:Scenario></bpsim:BPSimData></extensionElements></relationship>'
              '</definitions>')


def test_another_tools_bpsim_scenario_gives_minutes_and_shares(tmp_path: Path) -> None:
    """A BPSim 1.0 scenario in seconds, an ISO duration and a distribution's mean."""
    path = tmp_path / "bpsim.bpmn"
    path.write_text(HEAD + BPSIM_FILE, "utf-8")
    table = read_bpmn_file(path)
    assert [(s.description, s.minutes, str(s.probability)) for s in table.steps] == [
        ("Recibir", Decimal("7.5"), "1"), ("Observar", Decimal(90), "0.2500"),
        ("Firmar", Decimal(10), "0.7500")]
    assert not any("no shares given" in note or "no duration" in note
                   for note in table.notes)


STAFFED = ('<process id="p"><startEvent id="s"/>'
           '<userTask id="t" name="Revisar"><extensionElements>'
           '<tc:activity xmlns:tc="https://tramite-claro.pe/schema/bpmn/1" type="revision" '
           'value="CONTROL" minutes="5" unit="TD">{staff}'
           '</tc:activity></extensionElements></userTask>'
           '<sequenceFlow id="f" sourceRef="s" targetRef="t"/></process>')


def test_unknown_positions_are_left_out_with_a_note(db: object, tmp_path: Path) -> None:
    """A diagram from another municipality: its staff codes are not fatal."""
    path = tmp_path / "staff.bpmn"
    path.write_text(HEAD + DEFINITIONS.format(body=STAFFED.format(staff=(
        '<tc:staff position="JEFE" count="1" name="Jefe de Catastro"/>'
        '<tc:resource code="TONER" qty="1"/>'))), "utf-8")
    message = run_import(db, path)
    lines = message.splitlines()
    assert lines[0].startswith("Imported 1 activity into PA-07 / Importada")
    assert ("Position JEFE (Jefe de Catastro) is not in Municipalidad Provincial de "
            "Cajamarca; it was left out of 1 activity.") in lines
    assert ("Resource TONER is not in Municipalidad Provincial de Cajamarca; it was left "
            "out of 1 activity.") in lines


def test_positions_of_another_municipality_are_found_by_name(db: object,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "staff.bpmn"
    path.write_text(HEAD + DEFINITIONS.format(body=STAFFED.format(staff=(
        '<tc:staff position="T-01" count="2" name="técnico  MESA de partes"/>'))), "utf-8")
    message = run_import(db, path)
    assert ("Position 'T-01' of the file is TMP (Técnico Mesa de Partes) here, by its name."
            in message.splitlines())
    with db.session() as session:  # type: ignore[attr-defined]
        from procedures.services.lookup import procedure_uuid
        from procedures.services.measurement import procedure_context

        context = procedure_context(session, procedure_uuid(session, "060101", "PA-07"))
        (activity,) = context.procedure.version("Importada").activities
    assert [(use.position, use.count) for use in activity.staff] == [("TMP", 2)]


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
