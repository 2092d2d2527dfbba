"""Walk a process's sequence flows from its start into an ordered step table.

From each start event the walk follows the flows; at a split it finds the join (the
nearest node every branch reaches) and walks each branch up to it:
- exclusive (and event-based) branches multiply the probability of their activities by
  the branch's share — our extension or a "20 %" label gives it, else equal shares
  (noted); inclusive branches keep it (every branch may run; noted);
- parallel branches become parallel stages: the first activity of each branch shares a
  stage, then the second of each, and so on (exact when a branch holds one activity,
  as in our export; noted otherwise).
A branch's share is its BPSim probability, else a "20 %" label. A sub-process is walked
in its place (its tasks flattened into the table, noted); an event sub-process's tasks
follow at the end. A node already walked ends a branch (a loop back is noted).
Activities that no walk reached (exception paths) follow at the end, noted. Our
extension, when present, restores each activity's own figures exactly; without it the
BPSim scenario gives the minutes and our documentation text the type, value class,
staff and resources.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import TypeVar

from models.codes import ActivityType, ImprovementAction, TimeSource, ValueClass
from procedures.bounds import MINUTES, shown
from procedures.errors import InputError, Location, Problem, ProblemCode
from procedures.exchange.bpmn_model import SUB_PROCESSES
from procedures.exchange.bpmn_read import FlowNode, ProcessGraph, decimal_attribute
from procedures.exchange.steps import (
    DEFAULT_VALUE,
    ImportedStep,
    LaneRef,
    StepTable,
    is_citizen,
    normalise,
    parse_number,
    parse_type,
    parse_value,
)
from procedures.i18n import _
from procedures.snapshots import ONE, ZERO, ResourceUse, StaffUse

_Choice = TypeVar("_Choice", bound=Enum)

MIN_PROBABILITY = Decimal("0.0001")
HUNDREDTH = Decimal("0.01")
_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")
_DURATION = re.compile(
    r"^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$")
#: "2 × Técnico Mesa de Partes [TMP]" (the code is optional).
_USE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*[×xX*]\s*(.*?)\s*(?:\[([^\]]*)\])?\s*$")


@dataclass
class Entry:
    node: FlowNode
    probability: Decimal
    parallel: bool = False


class Walker:
    """The walk over one process graph (see the module docstring)."""

    def __init__(self, graph: ProcessGraph) -> None:
        self.graph = graph
        self.nodes = graph.nodes
        self.successors: dict[str, list] = {node: [] for node in graph.nodes}
        for flow in graph.flows:
            if flow.source in self.successors and flow.target in self.nodes:
                self.successors[flow.source].append(flow)
        self._link_throws_to_catches()
        self.visited: set[str] = set()
        self.notes: list[str] = []

    def _link_throws_to_catches(self) -> None:
        """A link throw event continues at the link catch event of the same name."""
        from procedures.exchange.bpmn_read import Flow

        catches = {n.link_name: n.id for n in self.nodes.values()
                   if n.kind == "intermediateCatchEvent" and n.link_name}
        for node in self.nodes.values():
            if node.kind == "intermediateThrowEvent" and node.link_name in catches:
                self.successors[node.id].append(
                    Flow(f"link-{node.id}", node.id, catches[node.link_name]))

    def run(self) -> list[Entry]:
        ordered = sorted(self.nodes.values(), key=lambda n: n.order)
        starts = [n for n in ordered if n.kind == "startEvent"]
        if not starts:
            targets = {f.target for flows in self.successors.values() for f in flows}
            starts = [n for n in ordered if n.id not in targets and not n.attached_to]
        entries: list[Entry] = []
        for start in starts:
            entries += self.walk(start.id, frozenset(), ONE)
        for node in ordered:
            if node.kind == "boundaryEvent" and node.id not in self.visited:
                attached = self.nodes.get(node.attached_to)
                kinds = ", ".join(d.removesuffix("EventDefinition") for d in node.events)
                self.notes.append(_("Boundary event {name!r} ({definitions}) on {task!r} has "
                                    "no equivalent in a step table; the activities of its "
                                    "path are added at the end.").format(
                                        name=node.name or node.id, definitions=kinds or "—",
                                        task=attached.name if attached else node.attached_to))
                self.visited.add(node.id)
                for flow in self.successors[node.id]:
                    entries += self.walk(flow.target, frozenset(), ONE)
        for node in ordered:
            if node.triggered and node.inner_tasks and node.id not in self.visited:
                self.visited.add(node.id)
                self.notes.append(_("Event sub-process {name!r} runs only when its event "
                                    "happens; its {count} tasks are added at the end.")
                                  .format(name=node.name or node.id, count=node.inner_tasks))
                entries += self._flatten(node, ONE)
        for node in ordered:
            if (node.is_activity or node.inner_tasks) and node.id not in self.visited:
                self.notes.append(_("{name!r} is not reached from the start event (an "
                                    "exception path or a loose task); added at the end.")
                                  .format(name=node.name or node.id))
                entries += self.walk(node.id, frozenset(), ONE)
        return entries

    def walk(self, current: str | None, stop: frozenset[str], probability: Decimal
             ) -> list[Entry]:
        entries: list[Entry] = []
        while current is not None and current not in stop:
            node = self.nodes[current]
            if current in self.visited:
                if node.is_activity:
                    self.notes.append(_("The flow returns to {name!r} (a loop); the repetition "
                                        "is not represented.").format(name=node.name or current))
                break
            self.visited.add(current)
            self._note(node)
            if node.is_activity:
                entries.append(Entry(node, probability))
            elif node.inner_tasks:
                entries += self._flatten(node, probability)
            outs = self.successors[current]
            if not outs:
                break
            if len(outs) == 1:
                current = outs[0].target
                continue
            join = self.find_join(current, [flow.target for flow in outs], stop)
            inner = stop | {join} if join is not None else stop
            kind = self._split_kind(node, outs)
            shares = self._shares(node, outs, kind)
            branches = [self.walk(flow.target, inner, _clamp(probability * share))
                        for flow, share in zip(outs, shares, strict=True)]
            entries += self._interleave(node, branches) if kind == "parallel" else [
                entry for branch in branches for entry in branch]
            current = join
        return entries

    def _flatten(self, node: FlowNode, probability: Decimal) -> list[Entry]:
        """The activities of a sub-process, walked as a process of their own."""
        assert node.inner is not None
        inner = Walker(node.inner)
        entries = [replace(entry, probability=_clamp(entry.probability * probability))
                   for entry in inner.run()]
        self.notes += inner.notes + node.inner.others
        return entries

    def find_join(self, split: str, targets: list[str], stop: frozenset[str]) -> str | None:
        """The nearest node that every branch reaches (not walking through `stop`)."""
        reach = [self._distances(target, split, stop) for target in targets]
        common = set(reach[0]).intersection(*reach[1:])
        if not common:
            return None
        return min(common, key=lambda n: (max(r[n] for r in reach), self.nodes[n].order))

    def _distances(self, start: str, split: str, stop: frozenset[str]) -> dict[str, int]:
        found = {start: 0}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if node in stop or node == split:
                continue
            for flow in self.successors[node]:
                if flow.target not in found:
                    found[flow.target] = found[node] + 1
                    queue.append(flow.target)
        return found

    @staticmethod
    def _split_kind(node: FlowNode, outs: list) -> str:
        if node.kind == "parallelGateway":
            return "parallel"
        if node.kind == "inclusiveGateway":
            return "inclusive"
        if node.kind.endswith("Gateway"):
            return "exclusive"
        # Several flows out of a task or event: conditional ones decide, others fork.
        return "exclusive" if any(flow.conditional for flow in outs) else "parallel"

    def _shares(self, node: FlowNode, outs: list, kind: str) -> list[Decimal]:
        if kind != "exclusive":
            if kind == "inclusive":
                self.notes.append(_("Inclusive gateway {name!r}: every branch is counted in "
                                    "every case (probability 1).").format(
                                        name=node.name or node.id))
            return [ONE] * len(outs)
        given = [flow.probability if flow.probability is not None and ZERO <= flow.probability
                 <= ONE else _percent(flow.name) for flow in outs]
        known = [share for share in given if share is not None]
        if len(known) == len(outs):
            return known
        if known:
            rest = max(ONE - sum(known, ZERO), ZERO) / (len(outs) - len(known))
            return [share if share is not None else rest for share in given]
        self.notes.append(_("Decision {name!r}: no shares given; each of its {count} branches "
                            "counts as 1/{count} of the cases.").format(
                                name=node.name or node.id, count=len(outs)))
        return [ONE / len(outs)] * len(outs)

    def _interleave(self, node: FlowNode, branches: list[list[Entry]]) -> list[Entry]:
        branches = [branch for branch in branches if branch]
        if len(branches) <= 1:
            return branches[0] if branches else []
        if any(len(branch) > 1 for branch in branches):
            self.notes.append(_("Parallel branches after {name!r} hold several activities; "
                                "they were paired stage by stage.").format(
                                    name=node.name or node.id))
        entries = []
        for depth in range(max(len(branch) for branch in branches)):
            stage = [branch[depth] for branch in branches if depth < len(branch)]
            for position, entry in enumerate(stage):
                entries.append(replace(entry, parallel=position > 0))
        return entries

    def _note(self, node: FlowNode) -> None:
        label = node.name or node.id
        if node.kind in SUB_PROCESSES and node.inner_tasks:
            self.notes.append(_("Sub-process {name!r}: its {count} tasks were imported in "
                                "its place, one after the other.").format(
                                    name=label, count=node.inner_tasks))
        elif node.kind in SUB_PROCESSES:
            self.notes.append(_("Sub-process {name!r} ({count} tasks inside) is not imported "
                                "as activities; the flow continues after it.").format(
                                    name=label, count=node.inner_tasks))
        elif node.kind.endswith("Event") and not node.is_activity and any(
                definition not in ("terminateEventDefinition", "linkEventDefinition")
                for definition in node.events):
            kinds = ", ".join(d.removesuffix("EventDefinition") for d in node.events)
            self.notes.append(_("{kind} {name!r} ({definitions}) has no equivalent in a step "
                                "table.").format(kind=_event_kind(node.kind), name=label,
                                                 definitions=kinds))
        elif node.loops:
            self.notes.append(_("{name!r} repeats (loop or multi-instance); it is counted "
                                "once.").format(name=label))
        elif node.kind == "complexGateway":
            self.notes.append(_("Complex gateway {name!r} is read as a decision.").format(
                name=label))


def _event_kind(kind: str) -> str:
    return {
        "startEvent": _("Start event"),
        "endEvent": _("End event"),
        "intermediateCatchEvent": _("Intermediate event"),
        "intermediateThrowEvent": _("Intermediate event"),
    }.get(kind, kind)


def _percent(text: str) -> Decimal | None:
    match = _PERCENT.search(text or "")
    if not match:
        return None
    return Decimal(match.group(1).replace(",", ".")) / 100


def _clamp(value: Decimal) -> Decimal:
    """A probability as stored: four decimals, above 0, at most 1."""
    return min(max(value.quantize(MIN_PROBABILITY), MIN_PROBABILITY), ONE)


def iso_minutes(text: str) -> Decimal | None:
    """Minutes of an ISO 8601 duration (PT960M, PT2H30M, P1D = 1,440)."""
    match = _DURATION.match(text.strip().upper())
    if not match or not any(match.groups()):
        return None
    days, hours, minutes, seconds = (Decimal(g) if g else ZERO for g in match.groups())
    return days * 1440 + hours * 60 + minutes + seconds / 60


def steps_of(
    graphs: list[ProcessGraph], pools: dict[str, str], file: str, version: str = ""
) -> StepTable:
    """The step table of the process with the most tasks; the rest is noted."""
    candidates = [g for g in graphs if g.nodes]
    if not candidates:
        raise InputError(Problem(Location(file=file), _("the file has no process to import"),
                                 ProblemCode.NOTHING_TO_IMPORT))
    main = max(candidates, key=lambda g: (*g.content(), -graphs.index(g)))
    notes: list[str] = []
    for graph in candidates:
        if graph is not main:
            notes.append(_("Pool {name!r} ({count} tasks) is not imported: a step table holds "
                           "one process.").format(
                               name=pools.get(graph.id) or graph.name or graph.id,
                               count=graph.tasks))
    walker = Walker(main)
    entries = walker.run()
    notes += walker.notes + main.others
    pool = pools.get(main.id) or main.name
    mapped = _Mapper(file, pool, main.has_lanes)
    steps = tuple(mapped.step(entry) for entry in entries)
    return StepTable(steps=steps, source=pool or main.id, notes=tuple(notes + mapped.notes()),
                     version=version, problems=tuple(mapped.problems))


class _Mapper:
    """Entries to `ImportedStep`s; counts what had to be assumed."""

    def __init__(self, file: str, pool: str, has_lanes: bool) -> None:
        self.file, self.pool, self.has_lanes = file, pool, has_lanes
        self.assumed_type = self.no_minutes = self.no_lane = 0
        self.problems: list[Problem] = []

    def number(self, raw: str | None, field: str, where: Location) -> Decimal | None:
        """A number of our extension; one written but unreadable (NaN, Infinity, a
        thousand digits) is a problem, not a missing value."""
        number = decimal_attribute(raw)
        if raw is not None and raw.strip() and number is None:
            self.problems.append(Problem(where, _("{field}: expected a number, found {value}")
                                         .format(field=field, value=shown(raw))))
        return number

    def step(self, entry: Entry) -> ImportedStep:
        node, extension = entry.node, entry.node.extension or {}
        where = Location(file=self.file, path=f"{node.kind} {node.id}")
        written = _Documented.read(node.documentation) if not extension else _Documented()
        kind = _choice(ActivityType, extension.get("type")) or written.type
        if kind is None:
            self.assumed_type += 1
            waits = node.kind == "intermediateCatchEvent"  # a timer: see FlowNode.is_activity
            kind = ActivityType.ESPERA if waits else ActivityType.OPERACION
        value = (_choice(ValueClass, extension.get("value")) or written.value
                 or DEFAULT_VALUE[kind])
        minutes = self.number(extension.get("minutes"), _("minutes"), where)
        if minutes is None:
            minutes = node.sim_minutes
        if minutes is None:
            minutes = iso_minutes(node.timer) if node.timer else None
            if minutes is not None and minutes <= MINUTES.maximum:
                minutes = minutes.quantize(HUNDREDTH)  # PT20S is 0.33 min, not 0.3333…
        if minutes is None or minutes < 0:
            self.no_minutes += 1
            minutes = ZERO
        probability = self.number(extension.get("probability"), _("probability"), where)
        if probability is None and entry.probability == ONE:
            probability = written.probability  # a share the flow cannot show (a stage)
        if probability is None or not ZERO < probability <= ONE:
            probability = entry.probability
        parallel = extension.get("parallel") == "true" if extension else entry.parallel
        citizen = extension.get("citizen") == "true" or node.lane_citizen or (
            node.lane is not None and not node.lane_code and is_citizen(node.lane))
        lane = None if citizen else self._lane(node, extension, where)
        staff = node.staff or written.staff
        resources = node.resources or written.resources
        return ImportedStep(
            description=node.name or _("(task {id} without a name)").format(id=node.id),
            lane=lane,
            type=kind,
            value=value,
            where=where,
            minutes=minutes,
            probability=probability,
            parallel=parallel,
            in_person=extension.get("inPerson") == "true",
            staff=tuple(StaffUse(code or name, self.number(count, _("staff"), where) or ONE)
                        for code, count, name in staff if code or name),
            resources=tuple(
                ResourceUse(code or name, self.number(qty, _("resources"), where) or ONE)
                for code, qty, name in resources if code or name),
            staff_names=tuple(name for code, _count, name in staff if code or name),
            resource_names=tuple(name for code, _qty, name in resources if code or name),
            staff_where=where if staff else None,
            resources_where=where if resources else None,
            action=_choice(ImprovementAction, extension.get("action")),
            note=node.note,
            time_source=_choice(TimeSource, extension.get("timeSource")),
            time_date=_iso_day(extension.get("timeDate")),
            time_by=extension.get("timeBy", ""),
        )

    def _lane(self, node: FlowNode, extension: dict[str, str], where: Location) -> LaneRef:
        code = extension.get("unit") or node.lane_code
        if node.lane is None and not code:
            self.no_lane += 1
            return LaneRef(name="", where=where)  # the service chooses the default unit
        return LaneRef(name=node.lane or "", where=where, code=code)

    def notes(self) -> list[str]:
        found = []
        if self.assumed_type:
            found.append(_("{count} activities carry no ASME type: tasks were read as "
                           "operación and timers as espera, with the method's usual value "
                           "class.").format(count=self.assumed_type))
        if self.no_minutes:
            found.append(_("{count} activities have no duration; they were imported with 0 "
                           "minutes.").format(count=self.no_minutes))
        return found


@dataclass
class _Documented:
    """What our documentation text of an activity says ("Revisión · CONTROL · 10 min ·
    personal: 1 × Técnico Mesa de Partes [TMP] · …"), for a file that lost our
    extension. Text that does not begin with a type and a value class is not ours."""

    type: ActivityType | None = None
    value: ValueClass | None = None
    staff: tuple[tuple[str, str, str], ...] = ()
    resources: tuple[tuple[str, str, str], ...] = ()
    probability: Decimal | None = None

    @staticmethod
    def read(text: str) -> _Documented:
        parts = [part.strip() for part in text.split("·")]
        if len(parts) < 2:
            return _Documented()
        kind, value = parse_type(parts[0]), parse_value(parts[1])
        if kind is None or value is None:
            return _Documented()
        found = _Documented(kind, value)
        staff_words = {"staff", "personal", normalise(_("staff: {list}").split(":")[0])}
        resource_words = {"resources", "recursos",
                          normalise(_("resources: {list}").split(":")[0])}
        chance_words = {"probability", "probabilidad",
                        normalise(_("probability {value} %").split("{")[0])}
        for part in parts[2:]:
            prefix, _colon, rest = part.partition(":")
            share = _percent(part)
            if share is not None and normalise(part.split()[0]) in chance_words:
                found.probability = share if ZERO < share <= ONE else None
            elif normalise(prefix) in staff_words:
                found.staff = _uses(rest)
            elif normalise(prefix) in resource_words:
                found.resources = _uses(rest)
        return found


def _uses(text: str) -> tuple[tuple[str, str, str], ...]:
    """'1 × Técnico Mesa de Partes [TMP]; 2 × …' -> ((code, quantity, name), …)."""
    found = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        match = _USE.match(part)
        if match is None or parse_number(match.group(1)) is None:
            continue
        found.append(((match.group(3) or "").strip(),
                      str(parse_number(match.group(1))), match.group(2).strip()))
    return tuple(found)


def _iso_day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _choice(enum_cls: type[_Choice], value: str | None) -> _Choice | None:
    if not value:
        return None
    try:
        return enum_cls(value)
    except ValueError:
        return None
