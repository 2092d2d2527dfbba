"""Read a BPMN 2.0 file from any modelling tool into a step table.

The XML is parsed with `defusedxml`, with DTDs forbidden: BPMN never needs one, and a
DTD is how "billion laughs" entity bombs and external-entity tricks get in, so such a
file is refused before anything is expanded. Files without diagram interchange are
fine (only the process matters). One process is read — the main one by its content:
the most tasks (those inside sub-processes count), then lanes, then flow nodes — and
everything that has no equivalent in a step table (other pools, message and boundary
events, data objects, annotations) is reported, one line each. A sub-process is read
as a graph of its own, whose tasks the walk takes in its place (`bpmn_flow`). Minutes
and branch shares are also read from a BPSim scenario (any tool's simulation data),
and types, value classes, staff and resources from our own documentation text when the
file lost our extension on the way.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from procedures.bounds import MAX_NUMBER_CHARACTERS
from procedures.errors import InputError, Location, Problem, ProblemCode
from procedures.exchange.bpmn_model import (
    ARTIFACTS,
    BPMN,
    BPSIM_ROOT,
    FLOW_NODES,
    STRUCTURE,
    SUB_PROCESSES,
    TASKS,
    TC,
    local,
    namespace_of,
    tag,
)
from procedures.exchange.steps import StepTable
from procedures.i18n import _

MAX_BPMN_BYTES = 20 * 1024 * 1024
MAX_ELEMENTS = 200_000
MAX_ATTRIBUTES = 1_000_000
#: Lanes within lanes, sub-processes within sub-processes: real models nest a few levels.
MAX_DEPTH = 100


@dataclass
class Flow:
    id: str
    source: str
    target: str
    name: str = ""
    conditional: bool = False
    probability: Decimal | None = None  # a BPSim ControlParameters/Probability


@dataclass
class FlowNode:
    """A flow node of the process with what the walk and the step table need."""

    id: str
    kind: str
    name: str
    order: int
    lane: str | None = None  # the innermost lane's name
    lane_code: str = ""  # our extension: the unit code of the lane
    lane_citizen: bool = False
    events: tuple[str, ...] = ()  # local names of its event definitions
    link_name: str = ""
    timer: str = ""  # timeDuration text of a timer
    attached_to: str = ""
    extension: dict[str, str] | None = None  # our tc:activity attributes
    staff: tuple[tuple[str, str, str], ...] = ()  # (position code, count, name)
    resources: tuple[tuple[str, str, str], ...] = ()  # (resource code, qty, name)
    note: str = ""
    loops: bool = False
    documentation: str = ""
    sim_minutes: Decimal | None = None  # a BPSim ProcessingTime, in minutes
    inner: ProcessGraph | None = None  # the content of a sub-process
    triggered: bool = False  # an event sub-process (outside the sequence flow)

    @property
    def inner_tasks(self) -> int:
        """Tasks inside a sub-process (at any depth)."""
        return self.inner.tasks if self.inner is not None else 0

    @property
    def is_activity(self) -> bool:
        return self.kind in TASKS or (
            self.kind == "intermediateCatchEvent" and self.events == ("timerEventDefinition",))


@dataclass
class ProcessGraph:
    """One process: its nodes in document order and its sequence flows."""

    id: str
    name: str
    nodes: dict[str, FlowNode] = field(default_factory=dict)
    flows: list[Flow] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # notes for content not imported
    has_lanes: bool = False

    @property
    def tasks(self) -> int:
        """Activities, those inside sub-processes included."""
        return sum(1 if node.is_activity else node.inner_tasks for node in self.nodes.values())

    def content(self) -> tuple[int, bool, int]:
        """What makes a process the file's main one: tasks, then lanes, then nodes."""
        return self.tasks, self.has_lanes, len(self.all_nodes())

    def all_nodes(self) -> dict[str, FlowNode]:
        """Every node by id, those inside sub-processes too."""
        found = dict(self.nodes)
        for node in self.nodes.values():
            if node.inner is not None:
                found.update(node.inner.all_nodes())
        return found

    def all_flows(self) -> list[Flow]:
        found = list(self.flows)
        for node in self.nodes.values():
            if node.inner is not None:
                found += node.inner.all_flows()
        return found


def parse_bpmn(data: bytes, file: str = "") -> ET.Element:
    """The root element, or `InputError` for anything that is not plain, safe XML."""
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise InputError(Problem(Location(file=file), _(
            "the file declares a DTD or entities, which BPMN files never need; it was "
            "refused without expanding them (a possible XML bomb)"),
            ProblemCode.UNREADABLE_FILE)) from None
    except ET.ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise InputError(Problem(Location(file=file), _(
            "not valid XML (line {line}, column {column})").format(
                line=line, column=column), ProblemCode.UNREADABLE_FILE)) from None
    except LookupError as error:  # the XML declaration names an encoding Python lacks
        raise InputError(Problem(Location(file=file), _(
            "the file declares a character encoding that is not known: {error}").format(
                error=error), ProblemCode.UNREADABLE_FILE)) from None
    if root.tag != tag(BPMN, "definitions"):
        raise InputError(Problem(Location(file=file), _(
            "not a BPMN 2.0 file: the root element is {found!r}, expected "
            "bpmn:definitions").format(found=local(root.tag) or str(root.tag)),
            ProblemCode.UNREADABLE_FILE))
    return root


def depth(root: ET.Element) -> int:
    """How deep the tree goes, without recursion (a deep file must not overflow the
    stack of the readers that walk it recursively)."""
    deepest, level = 0, [(root, 1)]
    while level:
        element, at = level.pop()
        deepest = max(deepest, at)
        if deepest > MAX_DEPTH:
            break
        level.extend((child, at + 1) for child in element)
    return deepest


def read_bpmn_file(path: Path) -> StepTable:
    """The step table of a .bpmn file (raise `InputError` when it cannot be read)."""
    from procedures.exchange.bpmn_flow import steps_of

    path = Path(path)
    try:
        if path.is_dir():
            raise InputError(Problem(Location(file=path.name), _("is a folder, not a file"),
                                     ProblemCode.UNREADABLE_FILE))
        size = path.stat().st_size
    except OSError as error:
        raise InputError(Problem(Location(file=path.name), _(
            "cannot read the file: {error}").format(error=error.strerror or error),
            ProblemCode.UNREADABLE_FILE)) from None
    if size > MAX_BPMN_BYTES:
        raise InputError(Problem(Location(file=path.name), _(
            "the file is too large ({size} MB; at most {limit} MB)").format(
                size=size // (1024 * 1024), limit=MAX_BPMN_BYTES // (1024 * 1024)),
            ProblemCode.TOO_LARGE))
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(Problem(Location(file=path.name), _(
            "cannot read the file: {error}").format(error=error.strerror or error),
            ProblemCode.UNREADABLE_FILE)) from None
    # Count before parsing: every element starts with "<", and a tree of millions of
    # tiny elements takes gigabytes once parsed; so does one element with a million
    # attributes ("=").
    if data.count(b"<") > 2 * MAX_ELEMENTS or data.count(b"=") > MAX_ATTRIBUTES:
        raise InputError(Problem(Location(file=path.name), _(
            "the model has more than {limit} elements; it was not read").format(
                limit=MAX_ELEMENTS), ProblemCode.TOO_LARGE))
    root = parse_bpmn(data, path.name)
    if sum(1 for _element in root.iter()) > MAX_ELEMENTS:
        raise InputError(Problem(Location(file=path.name), _(
            "the model has more than {limit} elements; it was not read").format(
                limit=MAX_ELEMENTS), ProblemCode.TOO_LARGE))
    if depth(root) > MAX_DEPTH:
        raise InputError(Problem(Location(file=path.name), _(
            "the model is nested more than {limit} levels deep; it was not read").format(
                limit=MAX_DEPTH), ProblemCode.TOO_LARGE))
    graphs, pools = read_processes(root)
    return steps_of(graphs, pools, path.name, _version_name(root))


def _version_name(root: ET.Element) -> str:
    found = root.find(f".//{tag(TC, 'version')}")
    return (found.get("name") or "") if found is not None else ""


def read_processes(root: ET.Element) -> tuple[list[ProcessGraph], dict[str, str]]:
    """Every process of the file, and pool (participant) names by process id."""
    pools: dict[str, str] = {}
    for participant in root.iter(tag(BPMN, "participant")):
        ref = participant.get("processRef")
        if ref:
            pools[ref] = (participant.get("name") or "").strip()
    graphs = [_process(element) for element in root.findall(tag(BPMN, "process"))]
    _simulation(root, graphs)
    return graphs, pools


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def _process(element: ET.Element) -> ProcessGraph:
    graph = ProcessGraph(id=element.get("id") or "", name=_text(element.get("name")))
    for order, child in enumerate(element):
        if namespace_of(child.tag) != BPMN:
            continue
        kind = local(child.tag)
        if kind == "sequenceFlow":
            graph.flows.append(_flow(child))
        elif kind in FLOW_NODES:
            # A node without an id (a damaged or hand-written file) still gets a key, and
            # the node carries the same one: the walk looks nodes up by it.
            node_id = child.get("id") or f"node-{order}"
            graph.nodes[node_id] = _node(child, kind, order, node_id)
        elif kind in ARTIFACTS:
            label = _text(child.get("name")) or _text(
                "".join(child.itertext())) or child.get("id") or ""
            graph.others.append(_("{kind} {name!r} has no equivalent in a step table; not "
                                  "imported.").format(kind=kind, name=label[:60]))
        elif kind not in STRUCTURE:
            graph.others.append(_("{kind} {id!r} has no equivalent in a step table; not "
                                  "imported.").format(kind=kind, id=child.get("id") or ""))
    index = graph.all_nodes()
    for lane_set in element.findall(tag(BPMN, "laneSet")):
        graph.has_lanes = _lanes(lane_set, index) or graph.has_lanes
    _inherit_lanes(graph)
    return graph


def _inherit_lanes(graph: ProcessGraph) -> None:
    """A sub-process's tasks in no lane of their own are in the sub-process's lane."""
    for node in graph.nodes.values():
        if node.inner is None:
            continue
        for inner in node.inner.nodes.values():
            if inner.lane is None and not inner.lane_citizen:
                inner.lane, inner.lane_code = node.lane, node.lane_code
                inner.lane_citizen = node.lane_citizen
        _inherit_lanes(node.inner)


def _flow(element: ET.Element) -> Flow:
    return Flow(
        id=element.get("id") or "",
        source=element.get("sourceRef") or "",
        target=element.get("targetRef") or "",
        name=_text(element.get("name")),
        conditional=element.find(tag(BPMN, "conditionExpression")) is not None,
    )


def _node(element: ET.Element, kind: str, order: int, node_id: str) -> FlowNode:
    definitions = tuple(local(child.tag) for child in element
                        if local(child.tag).endswith("EventDefinition"))
    node = FlowNode(
        id=node_id,
        kind=kind,
        name=_text(element.get("name")),
        order=order,
        events=definitions,
        attached_to=element.get("attachedToRef") or "",
        loops=any(local(child.tag) in ("standardLoopCharacteristics",
                                       "multiInstanceLoopCharacteristics") for child in element),
    )
    link = element.find(tag(BPMN, "linkEventDefinition"))
    if link is not None:
        node.link_name = _text(link.get("name"))
    duration = element.find(f"{tag(BPMN, 'timerEventDefinition')}/{tag(BPMN, 'timeDuration')}")
    if duration is not None:
        node.timer = _text(duration.text)
    if kind in SUB_PROCESSES:
        node.inner = _process(element)
        node.triggered = element.get("triggeredByEvent") == "true"
    documentation = element.find(tag(BPMN, "documentation"))
    if documentation is not None:
        node.documentation = (documentation.text or "").strip()
    extension = element.find(f"{tag(BPMN, 'extensionElements')}/{tag(TC, 'activity')}")
    if extension is not None:
        node.extension = dict(extension.attrib)
        node.staff = tuple((s.get("position") or "", s.get("count") or "1",
                            s.get("name") or "")
                           for s in extension.findall(tag(TC, "staff")))
        node.resources = tuple((r.get("code") or "", r.get("qty") or "1", r.get("name") or "")
                               for r in extension.findall(tag(TC, "resource")))
        note = extension.find(tag(TC, "note"))
        node.note = (note.text or "") if note is not None else ""
    return node


def _lanes(lane_set: ET.Element, nodes: dict[str, FlowNode]) -> bool:
    """Give each node its innermost lane (children are visited after their parent)."""
    found = False
    for lane in lane_set.findall(tag(BPMN, "lane")):
        found = True
        name = _text(lane.get("name"))
        marker = lane.find(f"{tag(BPMN, 'extensionElements')}/{tag(TC, 'lane')}")
        for ref in lane.findall(tag(BPMN, "flowNodeRef")):
            node = nodes.get(_text(ref.text))
            if node is None:
                continue
            node.lane = name
            node.lane_code = (marker.get("unit") or "") if marker is not None else ""
            node.lane_citizen = marker is not None and marker.get("citizen") == "true"
        for child in lane.findall(tag(BPMN, "childLaneSet")):
            _lanes(child, nodes)
    return found


# -- BPSim ---------------------------------------------------------------------------------

#: One of each BPSim time unit, in minutes: (times, divided by).
_TIME_UNITS = {"ms": (1, 60000), "s": (1, 60), "min": (1, 1), "hour": (60, 1),
               "day": (1440, 1), "year": (525600, 1)}
#: Distributions whose mean stands for the value (attributes that give it).
_MEANS = {"NormalDistribution": ("mean",), "TruncatedNormalDistribution": ("mean",),
          "LogNormalDistribution": ("mean",), "NegativeExponentialDistribution": ("mean",),
          "PoissonDistribution": ("mean",), "UniformDistribution": ("min", "max"),
          "TriangularDistribution": ("min", "mode", "max")}


def _bpsim(element: ET.Element, name: str) -> bool:
    return local(element.tag) == name and namespace_of(element.tag).startswith(BPSIM_ROOT)


def _simulation(root: ET.Element, graphs: list[ProcessGraph]) -> None:
    """Processing times and flow probabilities of the file's first BPSim scenario."""
    scenario = next((e for e in root.iter() if _bpsim(e, "Scenario")), None)
    if scenario is None:
        return
    base = next((e.get("baseTimeUnit") for e in scenario if _bpsim(e, "ScenarioParameters")),
                None) or "s"  # the BPSim default
    nodes: dict[str, FlowNode] = {}
    flows: dict[str, Flow] = {}
    for graph in graphs:
        nodes.update(graph.all_nodes())
        flows.update((flow.id, flow) for flow in graph.all_flows())
    for parameters in scenario:
        if not _bpsim(parameters, "ElementParameters"):
            continue
        ref = parameters.get("elementRef") or ""
        for group in parameters:
            for item in group:
                if _bpsim(item, "ProcessingTime") and ref in nodes:
                    nodes[ref].sim_minutes = _sim_value(item, base, minutes=True)
                elif _bpsim(item, "Probability") and ref in flows:
                    flows[ref].probability = _sim_value(item, base, minutes=False)


def _sim_value(parameter: ET.Element, base: str, *, minutes: bool) -> Decimal | None:
    """A BPSim parameter's value (a constant, or a distribution's mean); minutes when
    it is a time."""
    for value in parameter:
        name = local(value.tag)
        if name == "DurationParameter":
            from procedures.exchange.bpmn_flow import iso_minutes

            return iso_minutes(value.get("value") or "") if minutes else None
        if name in ("FloatingParameter", "NumericParameter"):
            number = decimal_attribute(value.get("value"))
        elif name in _MEANS:
            parts = [decimal_attribute(value.get(key)) for key in _MEANS[name]]
            known = [part for part in parts if part is not None]
            number = sum(known, Decimal(0)) / len(known) if len(known) == len(parts) else None
        else:
            continue
        if number is None or not minutes:
            return number
        unit = _TIME_UNITS.get(value.get("timeUnit") or base)
        return number * unit[0] / unit[1] if unit is not None else None
    return None


def decimal_attribute(value: str | None) -> Decimal | None:
    if value is None or len(value) > MAX_NUMBER_CHARACTERS:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
