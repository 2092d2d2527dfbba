"""Write one version as BPMN 2.0 XML with diagram interchange (BPMNDI).

One pool (participant) holds one lane per unit plus Ciudadano; the nodes, gateways and
edges are those of `procedures.flowchart.layout`, so bpmn.io, Camunda or Bizagi open the
file laid out exactly as the app draws it. Every flow node lists its `incoming` and
`outgoing` flows (linters require them). See `bpmn_model` for the mapping of ASME types
and for what travels in our extension namespace.
"""

from __future__ import annotations

import os
import tempfile
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

from models.codes import COST_ELEMENTS, DIRECT_RESOURCE_ELEMENTS, ActivityType
from procedures.exchange.asme_sheet import uses_text
from procedures.exchange.bpmn_labels import label_bounds, task_size
from procedures.exchange.bpmn_model import (
    BPMN,
    BPMNDI,
    BPSIM,
    DC,
    DI,
    PREFIXES,
    TC,
    XSI,
    tag,
)
from procedures.filemode import make_shareable
from procedures.flowchart import LANE_HEADER, FlowLayout, Node, NodeKind, layout
from procedures.formatting import money, smart_number
from procedures.i18n import _
from procedures.metrics import Metrics, cost_per_minute
from procedures.snapshots import ZERO, Activity, Entity, Procedure, Version
from procedures.vocabulary import citizen_label, label, short_label

ORIGIN = (20.0, 20.0)
POOL_BAND = 30.0  # the participant's name band (bpmn.io draws lanes right of it)
EVENT_SIZE = 36.0
FLOW_NODE_TAGS = {
    NodeKind.START: "startEvent",
    NodeKind.END: "endEvent",
    NodeKind.EXCLUSIVE: "exclusiveGateway",
    NodeKind.PARALLEL_FORK: "parallelGateway",
    NodeKind.PARALLEL_JOIN: "parallelGateway",
    NodeKind.MERGE: "exclusiveGateway",
}

for _prefix, _uri in PREFIXES.items():
    ET.register_namespace(_prefix, _uri)


def write_bpmn_file(
    path: str | Path, entity: Entity, procedure: Procedure, version: Version,
    metrics: Metrics | None = None,
) -> None:
    """Write atomically: a half-written file never replaces a good one."""
    path = Path(path)
    data = bpmn_document(entity, procedure, version, metrics)
    handle, temporary = tempfile.mkstemp(prefix=".tramite-", suffix=".bpmn", dir=path.parent)
    make_shareable(temporary)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def task_tag(activity: Activity) -> str:
    """The BPMN element of an activity (the table in `bpmn_model`)."""
    if activity.type is ActivityType.ESPERA:
        return "intermediateCatchEvent"
    if activity.type in (ActivityType.TRASLADO, ActivityType.ARCHIVO) or activity.unit is None:
        return "manualTask"
    return "userTask" if activity.staff else "task"


def bpmn_document(
    entity: Entity, procedure: Procedure, version: Version, metrics: Metrics | None = None
) -> bytes:
    """The BPMN 2.0 XML of `version` (UTF-8 bytes with an XML declaration)."""
    return _Writer(entity, procedure, version, metrics).document()


def _b(name: str) -> str:
    return tag(BPMN, name)


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


class _Writer:
    def __init__(
        self, entity: Entity, procedure: Procedure, version: Version, metrics: Metrics | None
    ) -> None:
        self.entity, self.procedure, self.version, self.metrics = (
            entity, procedure, version, metrics)
        self.activities = version.activities
        units = {unit.code: unit.name for unit in entity.units}
        self.size = task_size(a.description for a in self.activities)
        self.layout: FlowLayout = layout(self.activities, units, citizen_label(), merges=True,
                                         node_width=self.size.width,
                                         node_height=self.size.height)
        self.ids = {node.id: self._node_id(node) for node in self.layout.nodes}
        self.flow_ids = {edge.id: f"Flow_{n + 1}" for n, edge in enumerate(self.layout.edges)}
        self.positions = {p.code: p for p in entity.positions}
        self.resources = {r.code: r for r in entity.resources}

    def _node_id(self, node: Node) -> str:
        if node.kind is NodeKind.ACTIVITY and node.index is not None:
            return f"Activity_{node.index + 1}"
        return {
            NodeKind.START: "StartEvent_1",
            NodeKind.END: "EndEvent_1",
        }.get(node.kind, f"Gateway_{node.id}")

    # -- document ------------------------------------------------------------------------
    def document(self) -> bytes:
        root = ET.Element(_b("definitions"), {
            "id": "Definitions_1",
            "targetNamespace": "https://tramite-claro.pe/bpmn",
            "exporter": "Trámite Claro",
            "exporterVersion": "1",
        })
        collaboration = ET.SubElement(root, _b("collaboration"), {"id": "Collaboration_1"})
        ET.SubElement(collaboration, _b("participant"), {
            "id": "Participant_1",
            "name": f"{self.entity.name} — {self.procedure.code} {self.procedure.name}",
            "processRef": "Process_1",
        })
        process = ET.SubElement(root, _b("process"), {
            "id": "Process_1",
            "name": f"{self.procedure.name} ({self.version.name})",
            # Executable, so that an engine (bpmn-engine, Camunda) deploys and runs it: its
            # tasks wait for a person, its waits are timers, its decisions have conditions.
            "isExecutable": "true",
        })
        ET.SubElement(process, _b("documentation")).text = self._process_text()
        extension = ET.SubElement(process, _b("extensionElements"))
        ET.SubElement(extension, tag(TC, "version"), self._version_attributes())
        self._lanes(process)
        self._nodes(process)
        self._flows(process)
        self._diagram(root)
        self._simulation(root)
        ET.indent(root, space="  ")
        text = ET.tostring(root, encoding="unicode")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")

    def _version_attributes(self) -> dict[str, str]:
        attributes = {
            "procedure": self.procedure.code,
            "name": self.version.name,
            "kind": self.version.kind.value,
            "fee": _number(self.version.fee),
        }
        if self.metrics is not None:
            attributes["unitCost"] = _number(self.metrics.cost.unit_cost)
            attributes["leadTimeMinutes"] = _number(self.metrics.lead_time_minutes)
        return attributes

    def _process_text(self) -> str:
        lines = [_("{code} {name} — version {version}").format(
            code=self.procedure.code, name=self.procedure.name, version=self.version.name)]
        if self.metrics is not None:
            cost = self.metrics.cost
            parts = ", ".join(f"{label(e)} {money(cost.element(e))}"
                              for e in COST_ELEMENTS)
            lines.append(_("Unit cost {cost} ({parts}).").format(
                cost=money(cost.unit_cost), parts=parts))
            lines.append(_("Lead time {minutes} min ({days} business days).").format(
                minutes=smart_number(self.metrics.lead_time_minutes),
                days=self.metrics.business_days))
        lines.append(_("Exported by Trámite Claro; minutes, value classes, probabilities, "
                       "staff and resources are kept in the extension elements."))
        return "\n".join(lines)

    # -- process -------------------------------------------------------------------------
    def _lanes(self, process: ET.Element) -> None:
        lane_set = ET.SubElement(process, _b("laneSet"), {"id": "LaneSet_1"})
        for number, lane in enumerate(self.layout.lanes, start=1):
            element = ET.SubElement(lane_set, _b("lane"),
                                    {"id": f"Lane_{number}", "name": lane.label})
            extension = ET.SubElement(element, _b("extensionElements"))
            ET.SubElement(extension, tag(TC, "lane"),
                          {"unit": lane.key} if lane.key else {"citizen": "true"})
            for node in self.layout.nodes:
                if node.lane == lane.key:
                    ET.SubElement(element, _b("flowNodeRef")).text = self.ids[node.id]

    def _nodes(self, process: ET.Element) -> None:
        incoming: dict[str, list[str]] = {}
        outgoing: dict[str, list[str]] = {}
        for edge in self.layout.edges:
            outgoing.setdefault(edge.source, []).append(self.flow_ids[edge.id])
            incoming.setdefault(edge.target, []).append(self.flow_ids[edge.id])
        for node in self.layout.nodes:
            attributes = {"id": self.ids[node.id]}
            activity = self.activities[node.index] if node.index is not None else None
            if activity is not None:
                element_tag = task_tag(activity)
                attributes["name"] = activity.description
            else:
                element_tag = FLOW_NODE_TAGS[node.kind]
                name = self._node_name(node)
                if name:
                    attributes["name"] = name
            if node.kind is NodeKind.EXCLUSIVE:
                attributes["default"] = self._skip_flow(node)
            element = ET.SubElement(process, _b(element_tag), attributes)
            if activity is not None:
                ET.SubElement(element, _b("documentation")).text = self._activity_text(activity)
                extension = ET.SubElement(element, _b("extensionElements"))
                self._activity_extension(extension, activity, node.index or 0)
            for flow in incoming.get(node.id, ()):
                ET.SubElement(element, _b("incoming")).text = flow
            for flow in outgoing.get(node.id, ()):
                ET.SubElement(element, _b("outgoing")).text = flow
            if activity is not None and activity.type is ActivityType.ESPERA:
                timer = ET.SubElement(element, _b("timerEventDefinition"),
                                      {"id": f"Timer_{(node.index or 0) + 1}"})
                duration = ET.SubElement(timer, _b("timeDuration"),
                                         {tag(XSI, "type"): "bpmn:tFormalExpression"})
                duration.text = f"PT{_number(activity.minutes)}M"

    def _node_name(self, node: Node) -> str:
        if node.kind is NodeKind.START:
            return _("Start")
        if node.kind is NodeKind.END:
            return _("End")
        if node.kind is NodeKind.EXCLUSIVE:
            taken = next(e for e in self.layout.edges
                         if e.source == node.id and self._is_activity_after(node, e.target))
            return _("{share} of cases").format(share=taken.label)
        return ""

    def _skip_flow(self, node: Node) -> str:
        skip = next(e for e in self.layout.edges
                    if e.source == node.id and not self._is_activity_after(node, e.target))
        return self.flow_ids[skip.id]

    def _is_activity_after(self, gateway: Node, target: str) -> bool:
        """The gateway's "yes" branch goes to the activity placed right after it."""
        ordered = [n.id for n in self.layout.nodes]
        return ordered.index(target) == ordered.index(gateway.id) + 1

    def _activity_text(self, activity: Activity) -> str:
        parts = [label(activity.type), short_label(activity.value),
                 f"{smart_number(activity.minutes)} min"]
        if activity.probability != 1:
            parts.append(_("probability {value} %").format(
                value=smart_number(activity.probability * 100)))
        # "2 × Técnico Mesa de Partes [TMP]; …": people read the names, our import the
        # codes (or the names, in a municipality whose codes differ).
        if activity.staff:
            parts.append(_("staff: {list}").format(list=uses_text(
                (s.count, self._name(self.positions, s.position), s.position)
                for s in activity.staff)))
        if activity.resources:
            parts.append(_("resources: {list}").format(list=uses_text(
                (r.qty, self._name(self.resources, r.resource), r.resource)
                for r in activity.resources)))
        parts.append(_("direct cost {amount}").format(amount=money(self._direct_cost(activity))))
        return " · ".join(parts)

    @staticmethod
    def _name(table: dict, code: str) -> str:
        found = table.get(code)
        return found.name if found is not None else code

    def _direct_cost(self, activity: Activity) -> Decimal:
        """Staff and per-use resources of one case of this activity (what it adds)."""
        total = ZERO
        for use in activity.staff:
            position = self.positions.get(use.position)
            if position is not None:
                rate = cost_per_minute(position, self.entity.settings)
                total += use.count * activity.minutes * activity.probability * rate
        for resource_use in activity.resources:
            resource = self.resources.get(resource_use.resource)
            if resource is not None and resource.element in DIRECT_RESOURCE_ELEMENTS:
                total += resource_use.qty * activity.probability * (resource.unit_cost or ZERO)
        return total

    def _activity_extension(self, parent: ET.Element, activity: Activity, index: int) -> None:
        attributes = {
            "row": str(index + 1),
            "type": activity.type.value,
            "value": activity.value.value,
            "minutes": _number(activity.minutes),
            "probability": _number(activity.probability),
            "directCost": _number(self._direct_cost(activity).quantize(Decimal("0.01"))),
        }
        if activity.unit is None:
            attributes["citizen"] = "true"
        else:
            attributes["unit"] = activity.unit
        if activity.parallel:
            attributes["parallel"] = "true"
        if activity.in_person:
            attributes["inPerson"] = "true"
        if activity.action is not None:
            attributes["action"] = activity.action.value
        if activity.time_source is not None:
            attributes["timeSource"] = activity.time_source.value
        if activity.time_date is not None:
            attributes["timeDate"] = activity.time_date.isoformat()
        if activity.time_by:
            attributes["timeBy"] = activity.time_by
        element = ET.SubElement(parent, tag(TC, "activity"), attributes)
        for use in activity.staff:
            ET.SubElement(element, tag(TC, "staff"),
                          {"position": use.position, "count": _number(use.count),
                           "name": self._name(self.positions, use.position)})
        for resource_use in activity.resources:
            ET.SubElement(element, tag(TC, "resource"),
                          {"code": resource_use.resource, "qty": _number(resource_use.qty),
                           "name": self._name(self.resources, resource_use.resource)})
        if activity.note:
            ET.SubElement(element, tag(TC, "note")).text = activity.note

    def _flows(self, process: ET.Element) -> None:
        nodes = {node.id: node for node in self.layout.nodes}
        for edge in self.layout.edges:
            attributes = {"id": self.flow_ids[edge.id], "sourceRef": self.ids[edge.source],
                          "targetRef": self.ids[edge.target]}
            source = nodes[edge.source]
            if edge.label and source.kind is NodeKind.EXCLUSIVE:
                # Only a decision's branches carry their share; the probability of an
                # activity inside a parallel stage is in its documentation/extension.
                attributes["name"] = edge.label
            flow = ET.SubElement(process, _b("sequenceFlow"), attributes)
            if source.kind is NodeKind.EXCLUSIVE and self._is_activity_after(source, edge.target):
                condition = ET.SubElement(flow, _b("conditionExpression"),
                                          {tag(XSI, "type"): "bpmn:tFormalExpression"})
                activity = self.activities[nodes[edge.target].index or 0]
                condition.text = f"probability {_number(activity.probability)}"

    # -- simulation (BPSim 2.0) ----------------------------------------------------------
    def _simulation(self, root: ET.Element) -> None:
        """Minutes of every task and the shares of every decision as one BPSim scenario,
        the standard simulation data that tools keep when they drop our extension."""
        relationship = ET.SubElement(root, _b("relationship"), {
            "id": "Relationship_BPSim", "type": "BPSimData"})
        extension = ET.SubElement(relationship, _b("extensionElements"))
        data = ET.SubElement(extension, tag(BPSIM, "BPSimData"))
        scenario = ET.SubElement(data, tag(BPSIM, "Scenario"), {
            "id": "Scenario_1", "name": self.version.name, "vendor": "Trámite Claro",
            "version": "1"})
        ET.SubElement(scenario, tag(BPSIM, "ScenarioParameters"),
                      {"baseTimeUnit": "min", "baseCurrencyUnit": "PEN"})
        for node in self.layout.nodes:
            if node.index is None or self.activities[node.index].type is ActivityType.ESPERA:
                continue  # a wait says its minutes in its timer
            parameters = self._parameters(scenario, self.ids[node.id], "TimeParameters",
                                          "ProcessingTime")
            ET.SubElement(parameters, tag(BPSIM, "FloatingParameter"), {
                "value": _number(self.activities[node.index].minutes), "timeUnit": "min"})
        nodes = {node.id: node for node in self.layout.nodes}
        for edge in self.layout.edges:
            source = nodes[edge.source]
            if source.kind is not NodeKind.EXCLUSIVE:
                continue
            taken = self.activities[nodes[self._taken(source)].index or 0].probability
            share = taken if self._is_activity_after(source, edge.target) else 1 - taken
            parameters = self._parameters(scenario, self.flow_ids[edge.id],
                                          "ControlParameters", "Probability")
            ET.SubElement(parameters, tag(BPSIM, "FloatingParameter"),
                          {"value": _number(share)})
        ET.SubElement(relationship, _b("source")).text = "Definitions_1"
        ET.SubElement(relationship, _b("target")).text = "Definitions_1"

    @staticmethod
    def _parameters(scenario: ET.Element, element: str, group: str, name: str
                    ) -> ET.Element:
        """`<ElementParameters elementRef><group><name>` (the value goes inside)."""
        parameters = ET.SubElement(scenario, tag(BPSIM, "ElementParameters"),
                                   {"elementRef": element})
        return ET.SubElement(ET.SubElement(parameters, tag(BPSIM, group)), tag(BPSIM, name))

    def _taken(self, gateway: Node) -> str:
        """The activity a decision's "yes" branch leads to (placed right after it)."""
        ordered = [n.id for n in self.layout.nodes]
        return ordered[ordered.index(gateway.id) + 1]

    # -- diagram -------------------------------------------------------------------------
    def _diagram(self, root: ET.Element) -> None:
        x0, y0 = ORIGIN
        diagram = ET.SubElement(root, tag(BPMNDI, "BPMNDiagram"), {"id": "BPMNDiagram_1"})
        plane = ET.SubElement(diagram, tag(BPMNDI, "BPMNPlane"),
                              {"id": "BPMNPlane_1", "bpmnElement": "Collaboration_1"})
        width = LANE_HEADER + self.layout.width
        height = max(self.layout.height, 60.0)
        self._shape(plane, "Participant_1", x0, y0, width, height, horizontal=True)
        for number, lane in enumerate(self.layout.lanes, start=1):
            self._shape(plane, f"Lane_{number}", x0 + POOL_BAND, y0 + lane.top,
                        width - POOL_BAND, lane.height, horizontal=True)
        bounds: dict[str, tuple[float, float, float, float]] = {}
        for node in self.layout.nodes:
            x, y, w, h = x0 + LANE_HEADER + node.x, y0 + node.y, node.width, node.height
            if node.activity_type is ActivityType.ESPERA:
                x, y, w, h = x + (w - EVENT_SIZE) / 2, y + (h - EVENT_SIZE) / 2, EVENT_SIZE, \
                    EVENT_SIZE
            bounds[node.id] = (x, y, w, h)
            name = ""
            if node.index is not None and node.activity_type is not ActivityType.ESPERA:
                name = self.activities[node.index].description
            self._shape(plane, self.ids[node.id], x, y, w, h,
                        marker=node.kind is NodeKind.EXCLUSIVE, label=name)
        for edge in self.layout.edges:
            element = ET.SubElement(plane, tag(BPMNDI, "BPMNEdge"), {
                "id": f"{self.flow_ids[edge.id]}_di", "bpmnElement": self.flow_ids[edge.id]})
            points = [(x0 + LANE_HEADER + px, y0 + py) for px, py in edge.points]
            points[0] = _clip(points[0], bounds[edge.source], leaving=True)
            points[-1] = _clip(points[-1], bounds[edge.target], leaving=False)
            for px, py in points:
                ET.SubElement(element, tag(DI, "waypoint"), {"x": _coord(px), "y": _coord(py)})

    def _shape(self, plane: ET.Element, element: str, x: float, y: float, w: float, h: float,
               *, horizontal: bool = False, marker: bool = False, label: str = "") -> None:
        attributes = {"id": f"{element}_di", "bpmnElement": element}
        if horizontal:
            attributes["isHorizontal"] = "true"
        if marker:
            attributes["isMarkerVisible"] = "true"
        shape = ET.SubElement(plane, tag(BPMNDI, "BPMNShape"), attributes)
        ET.SubElement(shape, tag(DC, "Bounds"),
                      {"x": _coord(x), "y": _coord(y), "width": _coord(w), "height": _coord(h)})
        if label:  # a task's name: the block inside the box, below the type icon
            lx, ly, lw, lh = label_bounds(x, y, w, h, label)
            ET.SubElement(ET.SubElement(shape, tag(BPMNDI, "BPMNLabel")), tag(DC, "Bounds"), {
                "x": _coord(lx), "y": _coord(ly), "width": _coord(lw), "height": _coord(lh)})


def _clip(point: tuple[float, float], box: tuple[float, float, float, float],
          leaving: bool) -> tuple[float, float]:
    """Move an end of a horizontal edge onto a shape narrower than its layout box."""
    x, y = point
    left, top, width, height = box
    if top <= y <= top + height and not left <= x <= left + width:
        return (left + width, y) if leaving else (left, y)
    return point


def _coord(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")
