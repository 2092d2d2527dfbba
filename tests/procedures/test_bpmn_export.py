"""BPMN 2.0 export: valid for bpmn-moddle (zero warnings) and bpmnlint, laid out with
BPMNDI from the app's swimlane layout, and restored exactly by our own import."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from defusedxml.ElementTree import parse

from procedures.exchange.bpmn_model import BPMN, BPMNDI, DC, PREFIXES, TC, tag
from procedures.results import describe
from procedures.services.exports import export_package, export_steps
from procedures.services.imports import import_package, import_steps
from tests.procedures.builders import english_messages
from tests.procedures.test_excel_export import example_package

_english = english_messages()

NODE_DIR = Path(__file__).resolve().parent.parent / "node"


def validate(*paths: Path, lint: bool = True) -> None:
    """Run tests/node/validate.mjs (bpmn-moddle, bpmnlint); fail on any warning."""
    node = shutil.which("node")
    if node is None or not (NODE_DIR / "node_modules" / "bpmn-moddle").exists():
        pytest.skip("node or tests/node/node_modules is missing; run `npm ci` in tests/node")
    command = [node, str(NODE_DIR / "validate.mjs"), *(["--lint"] if lint else []),
               *map(str, paths)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def db(sqlite_db: object, tmp_path: Path) -> Iterator[object]:
    with sqlite_db.session() as session, session.begin():  # type: ignore[attr-defined]
        import_package(session, example_package(tmp_path))
    yield sqlite_db


def export_bpmn(db: object, path: Path, version: str | None = None) -> Path:
    with db.session() as session:  # type: ignore[attr-defined]
        export_steps(session, "060101", path, "bpmn", procedure="PA-07", version=version)
    return path


def activities_of(db: object, tmp_path: Path, name: str) -> list[dict]:
    out = tmp_path / "check.tramite.json"
    with db.session() as session:  # type: ignore[attr-defined]
        export_package(session, "060101", out, "PA-07")
    versions = json.loads(out.read_text("utf-8"))["entities"][0]["procedures"][0]["versions"]
    found = next(v for v in versions if v["name"] == name)
    return [{k: v for k, v in a.items() if k not in ("id", "based_on")}
            for a in found["activities"]]


def b(name: str) -> str:
    return tag(BPMN, name)


def test_export_is_valid_for_bpmn_moddle_and_bpmnlint(db: object, tmp_path: Path) -> None:
    paths = [export_bpmn(db, tmp_path / f"{name}.bpmn", name) for name in ("Actual", "Propuesta")]
    validate(*paths)


def test_structure_and_layout(db: object, tmp_path: Path) -> None:
    root = parse(export_bpmn(db, tmp_path / "p.bpmn", "Propuesta")).getroot()
    (process,) = root.findall(b("process"))
    (participant,) = root.iter(b("participant"))
    assert participant.get("processRef") == process.get("id")
    lanes = {lane.get("name"): [ref.text for ref in lane.findall(b("flowNodeRef"))]
             for lane in process.iter(b("lane"))}
    assert list(lanes) == ["Citizen", "Trámite Documentario", "Subgerencia de Desarrollo Urbano"]
    kinds = [child.tag.split("}")[1] for child in process
             if child.tag not in (b("laneSet"), b("sequenceFlow"), b("documentation"),
                                  b("extensionElements"))]
    assert kinds.count("exclusiveGateway") == 1  # the 20 % step; the 35 % one is parallel
    assert kinds.count("parallelGateway") == 2
    assert kinds.count("intermediateCatchEvent") == 1  # the wait, as a timer
    timer = process.find(f"{b('intermediateCatchEvent')}/{b('timerEventDefinition')}/"
                         f"{b('timeDuration')}")
    assert timer is not None and timer.text == "PT480M"
    named = {element.get("name"): element.tag.split("}")[1] for element in process}
    assert named["=SUM(A1)"] == "manualTask"  # the citizen's step
    assert named["Recibir la solicitud y verificar requisitos"] == "userTask"
    assert named["+51 976 000 000"] == "manualTask"  # a transfer
    flows = {flow.get("id"): flow for flow in process.iter(b("sequenceFlow"))}
    nodes = [child for child in process if child.get("id") and child.tag != b("sequenceFlow")
             and child.tag != b("laneSet")]
    for node in nodes:  # every flow node lists exactly its flows
        incoming = sorted(ref.text for ref in node.findall(b("incoming")))
        outgoing = sorted(ref.text for ref in node.findall(b("outgoing")))
        assert incoming == sorted(f for f, e in flows.items() if e.get("targetRef") ==
                                  node.get("id"))
        assert outgoing == sorted(f for f, e in flows.items() if e.get("sourceRef") ==
                                  node.get("id"))
    shapes = {shape.get("bpmnElement"): shape for shape in root.iter(tag(BPMNDI, "BPMNShape"))}
    edges = {edge.get("bpmnElement") for edge in root.iter(tag(BPMNDI, "BPMNEdge"))}
    assert {node.get("id") for node in nodes} <= set(shapes)
    assert set(flows) == edges
    assert shapes[participant.get("id")].get("isHorizontal") == "true"
    lane_ids = [lane.get("id") for lane in process.iter(b("lane"))]
    tops = [float(shapes[i].find(tag(DC, "Bounds")).get("y")) for i in lane_ids]
    assert tops == sorted(tops)
    for lane_id in lane_ids:
        assert shapes[lane_id].get("isHorizontal") == "true"


def test_own_export_round_trips(db: object, tmp_path: Path) -> None:
    path = export_bpmn(db, tmp_path / "p.bpmn", "Propuesta")
    with db.session() as session, session.begin():  # type: ignore[attr-defined]
        message = describe(import_steps(session, path, "060101", "PA-07", "Desde BPMN"))
    assert message.splitlines() == [
        "Imported 10 activities into PA-07 / Desde BPMN. The version was created as a "
        "to-be proposal."]
    assert activities_of(db, tmp_path, "Desde BPMN") == activities_of(db, tmp_path, "Propuesta")


def test_without_our_extension_the_structure_still_reads(db: object, tmp_path: Path) -> None:
    """What another tool keeps of our file: order, lanes, probabilities, parallel stages."""
    path = export_bpmn(db, tmp_path / "p.bpmn", "Propuesta")
    for prefix, uri in PREFIXES.items():
        ET.register_namespace(prefix, uri)
    tree = ET.parse(path)
    for parent in tree.getroot().iter():
        for child in list(parent):
            if child.tag == b("extensionElements"):
                parent.remove(child)
    bare = tmp_path / "bare.bpmn"
    tree.write(bare, xml_declaration=True, encoding="UTF-8")
    assert TC not in bare.read_text("utf-8").split("<bpmn:process")[1]
    with db.session() as session, session.begin():  # type: ignore[attr-defined]
        message = describe(import_steps(session, bare, "060101", "PA-07", "Sin extensiones"))
    assert "10 activities carry no ASME type" in message
    imported = activities_of(db, tmp_path, "Sin extensiones")
    original = activities_of(db, tmp_path, "Propuesta")
    assert [a["description"] for a in imported] == [a["description"] for a in original]
    assert [a.get("unit") for a in imported] == [a.get("unit") for a in original]
    assert [a.get("probability") for a in imported] == [
        a.get("probability") if not a.get("parallel") else None for a in original]
    assert [bool(a.get("parallel")) for a in imported] == [bool(a.get("parallel"))
                                                            for a in original]
    assert [a["type"] == "espera" for a in imported] == [a["type"] == "espera"
                                                          for a in original]
    wait = next(a for a in imported if a["type"] == "espera")
    assert wait["minutes"] == 480


def test_bpmn_needs_a_procedure(db: object, tmp_path: Path) -> None:
    from procedures.errors import InputError, ProblemCode

    with db.session() as session, pytest.raises(InputError) as caught:  # type: ignore[attr-defined]
        export_steps(session, "060101", tmp_path / "x.bpmn", "bpmn")
    assert caught.value.codes == {ProblemCode.NEEDS_PROCEDURE}
    assert "--" not in str(caught.value), "the core names no command-line option"
