"""BPMN 2.0 export: valid for bpmn-moddle (zero warnings) and bpmnlint's stock
recommended rules, laid out with BPMNDI from the app's swimlane layout, with minutes and
shares as a BPSim scenario, restored exactly by our own import and, through BPSim and
the documentation, by a tool that drops our extension."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from defusedxml.ElementTree import parse

from procedures.exchange.bpmn_model import BPMN, BPMNDI, BPSIM, DC, PREFIXES, TC, tag
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


def run_in_engine(*paths: Path) -> list[dict]:
    """Run the files to their end in bpmn-engine (tests/node/run.mjs); what each ran."""
    node = shutil.which("node")
    if node is None or not (NODE_DIR / "node_modules" / "bpmn-engine").exists():
        pytest.skip("node or tests/node/node_modules is missing; run `npm ci` in tests/node")
    result = subprocess.run([node, str(NODE_DIR / "run.mjs"), *map(str, paths)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


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


def test_the_linter_runs_the_stock_recommended_rules() -> None:
    """No rule is switched off: what the test passes, bpmn.io's own linter passes."""
    config = json.loads((NODE_DIR / ".bpmnlintrc").read_text("utf-8"))
    assert config == {"extends": "bpmnlint:recommended"}


DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cajamarca.tramite.json"


@pytest.mark.slow
def test_every_demo_procedure_exports_lint_clean(sqlite_db: object, tmp_path: Path) -> None:
    """Every version of the demo municipality (decisions after decisions, stages after
    decisions, decisions at the end): the shapes that broke the stock rules."""
    data = json.loads(DEMO.read_text("utf-8"))
    data["entities"] = [e for e in data["entities"] if e["ubigeo"] == "060101"]
    package = tmp_path / "demo.tramite.json"
    package.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    paths = []
    with sqlite_db.session() as session, session.begin():  # type: ignore[attr-defined]
        import_package(session, package)
    with sqlite_db.session() as session:  # type: ignore[attr-defined]
        for procedure in data["entities"][0]["procedures"]:
            for version in procedure["versions"]:
                path = tmp_path / f"{procedure['code']}-{len(paths)}.bpmn"
                export_steps(session, "060101", path, "bpmn", procedure=procedure["code"],
                             version=version["name"])
                paths.append(path)
    assert len(paths) >= 10
    validate(*paths)
    for path, run in zip(paths, run_in_engine(*paths), strict=True):
        # Every step of the table ran, from the start event to the end event.
        process = parse(path).getroot().find(b("process"))
        assert process is not None
        tasks = {e.get("id") for e in process if (e.get("id") or "").startswith("Activity_")}
        assert run["ran"][0] == "StartEvent_1" and run["ran"][-1] == "EndEvent_1", path.name
        assert set(run["ran"]) - {"StartEvent_1", "EndEvent_1"} == tasks, path.name


def test_an_engine_runs_the_export_to_its_end(db: object, tmp_path: Path) -> None:
    """Executable: user and manual tasks wait, the wait is a timer, decisions decide."""
    paths = [export_bpmn(db, tmp_path / f"{name}.bpmn", name) for name in ("Actual", "Propuesta")]
    runs = run_in_engine(*paths)
    assert [len(run["ran"]) for run in runs] == [9 + 2, 10 + 2]


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
    # The 20 % step's decision and the merge after it; the 35 % step is in a stage.
    assert kinds.count("exclusiveGateway") == 2
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
        # Branches meet only at a gateway that does nothing else (an explicit merge).
        if len(incoming) > 1:
            assert node.tag in (b("exclusiveGateway"), b("parallelGateway"))
            assert len(outgoing) == 1
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


#: What bpmn.io does with a task's name (diagram-js Text, BpmnRenderer): 12 px Arial,
#: lines 1.2 × 12 apart, 7 px padding, wrapped at word breaks, centred vertically; the
#: type icon of a user/manual task lies within 32 × 30 px of the box's top-left corner.
BPMN_IO_FONT, BPMN_IO_LINE, BPMN_IO_PADDING, TYPE_ICON = 12.0, 14.4, 7.0, 30.0
LONG_NAME = ("Revisar en el sistema de trámite documentario el expediente completo, verificar "
             "uno por uno los requisitos del TUPA vigente y registrar las observaciones que "
             "correspondan antes de derivarlo a la subgerencia")


def bpmn_io_lines(name: str, width: float) -> int:
    """How many lines bpmn.io breaks `name` into (Arial has Helvetica's metrics)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, current = 0, ""
    for word in name.split():
        candidate = f"{current} {word}".strip()
        if current and stringWidth(candidate, "Helvetica", BPMN_IO_FONT) > width:
            lines, current = lines + 1, word
        else:
            current = candidate
    return lines + 1


@pytest.mark.parametrize("long_name", [False, True])
def test_task_names_read_whole_below_the_type_icon(sqlite_db: object, tmp_path: Path,
                                                   long_name: bool) -> None:
    data = json.loads(example_package(tmp_path).read_text("utf-8"))
    if long_name:
        data["entities"][0]["procedures"][0]["versions"][0]["activities"][1][
            "description"] = LONG_NAME
    source = tmp_path / "labels.tramite.json"
    source.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with sqlite_db.session() as session, session.begin():  # type: ignore[attr-defined]
        import_package(session, source)
    root = parse(export_bpmn(sqlite_db, tmp_path / "labels.bpmn", "Actual")).getroot()
    shapes = {shape.get("bpmnElement"): shape for shape in root.iter(tag(BPMNDI, "BPMNShape"))}
    tasks = [element for element in root.iter()
             if element.tag in (b("task"), b("userTask"), b("manualTask"))]
    assert len(tasks) >= 6
    names = [task.get("name") for task in tasks]
    assert (LONG_NAME in names) is long_name
    for task in tasks:
        shape = shapes[task.get("id")]
        box = shape.find(tag(DC, "Bounds"))
        x, y, w, h = (float(box.get(k)) for k in ("x", "y", "width", "height"))
        lines = bpmn_io_lines(task.get("name"), w - 2 * BPMN_IO_PADDING)
        top = (h - lines * BPMN_IO_LINE) / 2  # where bpmn.io starts the centred block
        assert top >= TYPE_ICON, (task.get("name"), lines, h)
        assert top + lines * BPMN_IO_LINE <= h - BPMN_IO_PADDING
        # The label bounds written for other tools: inside the box, under the icon.
        label = shape.find(f"{tag(BPMNDI, 'BPMNLabel')}/{tag(DC, 'Bounds')}")
        assert label is not None
        lx, ly, lw, lh = (float(label.get(k)) for k in ("x", "y", "width", "height"))
        assert x < lx and lx + lw < x + w and y + TYPE_ICON <= ly and ly + lh <= y + h
        assert lh >= lines * BPMN_IO_LINE - 0.1
    validate(tmp_path / "labels.bpmn")


def test_own_export_round_trips(db: object, tmp_path: Path) -> None:
    path = export_bpmn(db, tmp_path / "p.bpmn", "Propuesta")
    with db.session() as session, session.begin():  # type: ignore[attr-defined]
        message = describe(import_steps(session, path, "060101", "PA-07", "Desde BPMN"))
    assert message.splitlines() == [
        "Imported 10 activities into PA-07 / Desde BPMN. The version was created as a "
        "to-be proposal."]
    assert activities_of(db, tmp_path, "Desde BPMN") == activities_of(db, tmp_path, "Propuesta")


def stripped(path: Path, out: Path, *, bpsim: bool) -> Path:
    """`path` as a tool that does not know our namespace keeps it (and, without `bpsim`,
    one that drops every extension element, BPSim's too)."""
    for prefix, uri in PREFIXES.items():
        ET.register_namespace(prefix, uri)
    tree = ET.parse(path)
    for parent in tree.getroot().iter():
        for child in list(parent):
            if child.tag == tag(TC, "activity") or child.tag == tag(TC, "lane") or (
                    not bpsim and child.tag == b("extensionElements")):
                parent.remove(child)
    tree.write(out, xml_declaration=True, encoding="UTF-8")
    assert 'tc:activity' not in out.read_text("utf-8")
    return out


def unit_cost(db: object, version: str) -> object:
    with db.session() as session:  # type: ignore[attr-defined]
        from procedures.services.lookup import procedure_uuid
        from procedures.services.measurement import procedure_context

        context = procedure_context(session, procedure_uuid(session, "060101", "PA-07"))
        return context.measure(context.procedure.version(version)).metrics.cost.unit_cost


def test_bpsim_scenario_carries_minutes_and_shares(db: object, tmp_path: Path) -> None:
    root = parse(export_bpmn(db, tmp_path / "p.bpmn", "Propuesta")).getroot()
    (relationship,) = root.findall(b("relationship"))
    assert relationship.get("type") == "BPSimData"
    (scenario,) = relationship.iter(tag(BPSIM, "Scenario"))
    (parameters,) = scenario.iter(tag(BPSIM, "ScenarioParameters"))
    assert parameters.get("baseTimeUnit") == "min"
    values: dict[str, tuple[str, str | None]] = {}
    for element in scenario.iter(tag(BPSIM, "ElementParameters")):
        (value,) = element.iter(tag(BPSIM, "FloatingParameter"))
        kind = "time" if element.find(f".//{tag(BPSIM, 'ProcessingTime')}") is not None \
            else "probability"
        values[element.get("elementRef") or ""] = (kind, value.get("value"))
    process = root.find(b("process"))
    assert process is not None
    names = {e.get("id"): e.get("name") for e in process}
    times = {names[ref]: value for ref, (kind, value) in values.items() if kind == "time"}
    assert times["Inspección de campo"] == "90" and times["=SUM(A1)"] == "20"
    assert "El expediente espera en bandeja" not in times  # its timer says it
    shares = sorted(value for kind, value in values.values() if kind == "probability")
    assert shares == ["0.2", "0.8"]  # the 20 % step's decision, both branches


def test_a_tool_that_drops_our_extension_keeps_the_figures(db: object, tmp_path: Path
                                                            ) -> None:
    """BPSim gives the minutes and shares, the documentation the type, value class,
    staff and resources: the unit cost comes back, not 0.00."""
    path = export_bpmn(db, tmp_path / "p.bpmn", "Propuesta")
    bare = stripped(path, tmp_path / "bare.bpmn", bpsim=True)
    with db.session() as session, session.begin():  # type: ignore[attr-defined]
        message = describe(import_steps(session, bare, "060101", "PA-07", "Sin extensión"))
    assert message.splitlines()[1:] == []
    imported = activities_of(db, tmp_path, "Sin extensión")
    original = activities_of(db, tmp_path, "Propuesta")
    kept = ("description", "unit", "citizen", "type", "value", "minutes", "probability",
            "staff", "resources", "parallel")
    assert [{k: a.get(k) for k in kept} for a in imported] == [
        {k: a.get(k) for k in kept} for a in original]
    assert unit_cost(db, "Sin extensión") == unit_cost(db, "Propuesta")


def test_without_any_extension_the_structure_still_reads(db: object, tmp_path: Path) -> None:
    """What a tool that drops every extension keeps: order, lanes, probabilities,
    parallel stages, the wait's timer; the documentation still gives the types."""
    path = export_bpmn(db, tmp_path / "p.bpmn", "Propuesta")
    bare = stripped(path, tmp_path / "bare.bpmn", bpsim=False)
    assert BPSIM not in bare.read_text("utf-8")
    with db.session() as session, session.begin():  # type: ignore[attr-defined]
        message = describe(import_steps(session, bare, "060101", "PA-07", "Sin extensiones"))
    assert "9 activities have no duration" in message
    assert "carry no ASME type" not in message
    imported = activities_of(db, tmp_path, "Sin extensiones")
    original = activities_of(db, tmp_path, "Propuesta")
    assert [a["description"] for a in imported] == [a["description"] for a in original]
    assert [a.get("unit") for a in imported] == [a.get("unit") for a in original]
    assert [a.get("probability") for a in imported] == [a.get("probability")
                                                        for a in original]
    assert [a["type"] for a in imported] == [a["type"] for a in original]
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
