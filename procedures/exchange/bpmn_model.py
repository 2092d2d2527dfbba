"""BPMN 2.0 vocabulary shared by our writer and reader, and how ASME maps onto it.

ASME type → BPMN element (what we write; chosen so that modellers show the right
marker and a round trip is exact):

| ASME type | lane | BPMN element |
|---|---|---|
| operación, revisión | a unit, with staff | `userTask` (a person of the entity works on it) |
| operación, revisión | a unit, no staff listed | `task` |
| operación, revisión | Ciudadano | `manualTask` (the resident does it, outside our systems) |
| traslado, archivo | any | `manualTask` (moving or filing paper) |
| espera | any | `intermediateCatchEvent` with a `timerEventDefinition` (`timeDuration` PTnM) |

An activity that only a share of cases goes through sits behind an exclusive gateway
whose other (default) branch skips it; a stage of parallel activities sits between a
parallel fork and join. Everything BPMN cannot say — minutes, value class, probability,
staff, resources, improvement action, the unit code — travels in
`<bpmn:extensionElements>` in our own namespace (`TC`), so our import restores it
exactly. Minutes and the decisions' probabilities are also written as a BPSim 2.0
scenario (the simulation standard of Bizagi, Signavio, ADONIS: `bpsim:BPSimData` in the
extension elements of a `bpmn:relationship` of type BPSimData, with
`TimeParameters/ProcessingTime` on tasks and `ControlParameters/Probability` on sequence
flows), so they survive a tool that drops our extension. Type, value class, staff,
resources and the direct cost are also in `<bpmn:documentation>` for people reading the
file in another tool, written so that our import can read them back from there.
Reading a file from another tool maps back: any task → operación, a timer catch event
→ espera, and the value class the ASME method usually gives that type; tasks inside a
sub-process are taken in its place (flattened).
"""

from __future__ import annotations

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
TC = "https://tramite-claro.pe/schema/bpmn/1"
BPSIM = "http://www.bpsim.org/schemas/2.0"
#: Every BPSim version's namespace starts so (1.0 files are read too).
BPSIM_ROOT = "http://www.bpsim.org/schemas/"
PREFIXES = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI, "xsi": XSI, "tc": TC,
            "bpsim": BPSIM}

#: Elements that become an activity of the step table.
TASKS = frozenset({
    "task", "userTask", "manualTask", "serviceTask", "scriptTask", "businessRuleTask",
    "sendTask", "receiveTask", "callActivity",
})
GATEWAYS = frozenset({
    "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway",
    "complexGateway",
})
EVENTS = frozenset({
    "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
    "boundaryEvent", "implicitThrowEvent",
})
SUB_PROCESSES = frozenset({"subProcess", "transaction", "adHocSubProcess"})
FLOW_NODES = TASKS | GATEWAYS | EVENTS | SUB_PROCESSES
#: Process content with no equivalent in a step table (reported, one line each).
ARTIFACTS = frozenset({
    "dataObject", "dataObjectReference", "dataStoreReference", "textAnnotation", "group",
})
#: Process content that is structure or decoration, silently fine to skip.
STRUCTURE = frozenset({
    "sequenceFlow", "laneSet", "documentation", "extensionElements", "ioSpecification",
    "property", "association", "dataInputAssociation", "dataOutputAssociation", "auditing",
    "monitoring", "categoryValue", "correlationSubscription",
    # a sub-process read as a process of its own meets its own flows and markers
    "incoming", "outgoing", "standardLoopCharacteristics", "multiInstanceLoopCharacteristics",
    "dataInput", "dataOutput", "ioBinding",
})


def tag(namespace: str, name: str) -> str:
    """Clark notation: {namespace}name, as ElementTree writes and reads tags."""
    return f"{{{namespace}}}{name}"


def local(tag_name: object) -> str:
    """The local part of a Clark-notation tag (comments and PIs give '')."""
    if not isinstance(tag_name, str):
        return ""
    return tag_name.rsplit("}", 1)[-1]


def namespace_of(tag_name: object) -> str:
    if not isinstance(tag_name, str) or not tag_name.startswith("{"):
        return ""
    return tag_name[1:].split("}", 1)[0]
