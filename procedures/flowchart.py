"""Swimlane layout of a version as plain coordinates (drawn by Qt, by the PDF, by BPMN DI).

The flowchart is a projection of the step table: one lane per unit in order of first
appearance (the citizen's lane on top), one column per node, left to right. A stage of
parallel activities sits in one column between a parallel fork and join; an activity
that only a share of cases goes through (probability < 1) is preceded by an exclusive
gateway whose "no" branch skips it. With `merges` (the BPMN export) the branches meet
again at an explicit merge gateway instead of at the next node, as modelling rules
prefer (bpmnlint's fake-join and no-gateway-join-fork). Coordinates are points (1/72
inch) with the origin at the top-left corner of the lane area, lane headers excluded
(`LANE_HEADER` wide on the left, added by the drawer).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from models.codes import ActivityType
from procedures.i18n import _
from procedures.snapshots import Activity

NODE_WIDTH = 120.0
NODE_HEIGHT = 56.0
GATEWAY_SIZE = 30.0
COLUMN_GAP = 34.0
LANE_PADDING = 18.0
LANE_HEADER = 96.0
MIN_LANE_HEIGHT = NODE_HEIGHT + 2 * LANE_PADDING
#: A lane offered for drops that no step is in yet: thin, so that a municipality's ten
#: units leave the diagram readable.
EMPTY_LANE_HEIGHT = 30.0
STACK_GAP = 14.0
MARGIN = 20.0
CITIZEN_LANE = ""  # lane key of the citizen (activities with unit None)


class NodeKind(StrEnum):
    ACTIVITY = "activity"
    EXCLUSIVE = "exclusive"  # decision: some cases go through, others skip
    PARALLEL_FORK = "parallel_fork"
    PARALLEL_JOIN = "parallel_join"
    MERGE = "merge"  # exclusive merge of a skip branch (only with `merges`)
    START = "start"
    END = "end"


@dataclass(frozen=True, slots=True)
class Lane:
    key: str  # unit code, or CITIZEN_LANE
    label: str
    top: float
    height: float


@dataclass(frozen=True, slots=True)
class Node:
    """A box, gateway or event. `index` is the activity's 0-based row (None otherwise)."""

    id: str
    kind: NodeKind
    lane: str
    x: float
    y: float
    width: float
    height: float
    index: int | None = None
    activity_type: ActivityType | None = None

    @property
    def center(self) -> tuple[float, float]:
        return (self.x + self.width / 2, self.y + self.height / 2)

    @property
    def left(self) -> tuple[float, float]:
        return (self.x, self.y + self.height / 2)

    @property
    def right(self) -> tuple[float, float]:
        return (self.x + self.width, self.y + self.height / 2)


@dataclass(frozen=True, slots=True)
class Edge:
    id: str
    source: str
    target: str
    points: tuple[tuple[float, float], ...]
    label: str = ""


@dataclass(frozen=True, slots=True)
class FlowLayout:
    lanes: tuple[Lane, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    width: float
    height: float
    columns: tuple[float, ...]  # left x of every column, for pagination

    def lane(self, key: str) -> Lane:
        return next(lane for lane in self.lanes if lane.key == key)


def lane_key(activity: Activity) -> str:
    return activity.unit if activity.unit is not None else CITIZEN_LANE


def stages(activities: Sequence[Activity]) -> list[list[int]]:
    """Row indexes grouped in stages: a `parallel` activity joins the previous stage."""
    groups: list[list[int]] = []
    for index, activity in enumerate(activities):
        if activity.parallel and groups:
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def lane_order(activities: Sequence[Activity]) -> list[str]:
    keys: list[str] = []
    if any(a.unit is None for a in activities):
        keys.append(CITIZEN_LANE)
    for activity in activities:
        key = lane_key(activity)
        if key not in keys:
            keys.append(key)
    return keys


def _percent(probability: Decimal) -> str:
    value = (probability * 100).normalize()
    text = format(value, "f")
    return f"{text} %"


def layout(
    activities: Sequence[Activity],
    unit_names: Mapping[str, str] | None = None,
    citizen_label: str | None = None,
    empty_lanes: Sequence[str] = (),
    *,
    merges: bool = False,
    node_width: float = NODE_WIDTH,
    node_height: float = NODE_HEIGHT,
) -> FlowLayout:
    """Compute the swimlane layout of `activities` (in table order).

    `empty_lanes` (lane keys) are drawn even without a step, the citizen's on top and a
    unit's below the others, `EMPTY_LANE_HEIGHT` high: places an editor can drop a step
    into. Paper and BPMN leave them out. `merges` adds an exclusive merge gateway
    wherever two branches meet before a node (BPMN export). `node_width` and
    `node_height` size the activity boxes (the BPMN export makes room for bpmn.io's
    labels).
    """
    unit_names = unit_names or {}
    keys = lane_order(activities)
    for key in empty_lanes:
        if key not in keys:
            keys.insert(0 if key == CITIZEN_LANE else len(keys), key)
    groups = stages(activities)
    # How many boxes a stage stacks in one lane decides that lane's height.
    stack: dict[str, int] = dict.fromkeys(keys, 1)
    for group in groups:
        per_lane: dict[str, int] = {}
        for index in group:
            key = lane_key(activities[index])
            per_lane[key] = per_lane.get(key, 0) + 1
        for key, count in per_lane.items():
            stack[key] = max(stack[key], count)
    lanes: list[Lane] = []
    top = 0.0
    used = {lane_key(a) for a in activities}
    for key in keys:
        height = max(node_height + 2 * LANE_PADDING,
                     stack[key] * node_height + (stack[key] - 1) * STACK_GAP + 2 * LANE_PADDING)
        if key not in used:
            height = EMPTY_LANE_HEIGHT
        label = (citizen_label or _("Citizen")) if key == CITIZEN_LANE else unit_names.get(key, key)
        lanes.append(Lane(key=key, label=label, top=top, height=height))
        top += height
    total_height = top
    lane_by_key = {lane.key: lane for lane in lanes}
    if not lanes:
        return FlowLayout((), (), (), 2 * MARGIN, 0.0, ())

    nodes: list[Node] = []
    edges: list[Edge] = []
    columns: list[float] = []
    x = MARGIN

    def center_y(key: str, height: float) -> float:
        lane = lane_by_key[key]
        return lane.top + (lane.height - height) / 2

    def add_column(width: float) -> float:
        nonlocal x
        left = x
        columns.append(left)
        x += width + COLUMN_GAP
        return left

    def gateway(kind: NodeKind, key: str, name: str) -> Node:
        left = add_column(GATEWAY_SIZE)
        node = Node(name, kind, key, left, center_y(key, GATEWAY_SIZE), GATEWAY_SIZE,
                    GATEWAY_SIZE)
        nodes.append(node)
        return node

    def merged(tails: list[tuple[Node, str, float | None]], key: str
               ) -> list[tuple[Node, str, float | None]]:
        """The open ends, joined first by a merge gateway in lane `key` when asked."""
        if not merges or len(tails) < 2:
            return tails
        merge = gateway(NodeKind.MERGE, key, f"merge_{len(nodes)}")
        _connect(edges, tails, merge)
        return [(merge, "", None)]

    first_key = lane_key(activities[0]) if activities else keys[0]
    start = Node("start", NodeKind.START, first_key, add_column(GATEWAY_SIZE * 0.8),
                 center_y(first_key, GATEWAY_SIZE * 0.8), GATEWAY_SIZE * 0.8,
                 GATEWAY_SIZE * 0.8)
    nodes.append(start)
    # Open ends waiting for the next node: (node, label, detour below this y or None).
    tails: list[tuple[Node, str, float | None]] = [(start, "", None)]
    for number, group in enumerate(groups):
        if len(group) == 1:
            index = group[0]
            activity = activities[index]
            key = lane_key(activity)
            skip: Node | None = None
            tails = merged(tails, key)
            if activity.probability < 1:
                skip = gateway(NodeKind.EXCLUSIVE, key, f"xor_{number}")
                _connect(edges, tails, skip)
                tails = [(skip, _percent(activity.probability), None)]
            left = add_column(node_width)
            node = Node(f"activity_{index}", NodeKind.ACTIVITY, key, left,
                        center_y(key, node_height), node_width, node_height, index,
                        activity.type)
            nodes.append(node)
            _connect(edges, tails, node)
            tails = [(node, "", None)]
            if skip is not None:
                tails.append((skip, _percent(1 - activity.probability), node.y + node.height))
            continue
        fork_key = lane_key(activities[group[0]])
        tails = merged(tails, fork_key)
        fork = gateway(NodeKind.PARALLEL_FORK, fork_key, f"fork_{number}")
        _connect(edges, tails, fork)
        left = add_column(node_width)
        placed: dict[str, int] = {}
        branch_tails: list[tuple[Node, str, float | None]] = []
        for index in group:
            activity = activities[index]
            key = lane_key(activity)
            slot = placed.get(key, 0)
            placed[key] = slot + 1
            count = sum(1 for i in group if lane_key(activities[i]) == key)
            lane = lane_by_key[key]
            block = count * node_height + (count - 1) * STACK_GAP
            y = lane.top + (lane.height - block) / 2 + slot * (node_height + STACK_GAP)
            node = Node(f"activity_{index}", NodeKind.ACTIVITY, key, left, y, node_width,
                        node_height, index, activity.type)
            nodes.append(node)
            label = _percent(activity.probability) if activity.probability < 1 else ""
            edges.append(Edge(f"edge_{len(edges)}", fork.id, node.id,
                              _route(fork.right, node.left), label))
            branch_tails.append((node, "", None))
        join = gateway(NodeKind.PARALLEL_JOIN, fork_key, f"join_{number}")
        _connect(edges, branch_tails, join)
        tails = [(join, "", None)]
    last_key = lane_key(activities[-1]) if activities else keys[0]
    tails = merged(tails, last_key)
    end = Node("end", NodeKind.END, last_key, add_column(GATEWAY_SIZE * 0.8),
               center_y(last_key, GATEWAY_SIZE * 0.8), GATEWAY_SIZE * 0.8, GATEWAY_SIZE * 0.8)
    nodes.append(end)
    _connect(edges, tails, end)
    width = x - COLUMN_GAP + MARGIN
    return FlowLayout(tuple(lanes), tuple(nodes), tuple(edges), width, total_height,
                      tuple(columns))


def _connect(
    edges: list[Edge], tails: list[tuple[Node, str, float | None]], target: Node
) -> None:
    for source, label, detour in tails:
        if detour is None:
            points = _route(source.right, target.left)
        else:
            # The "skip" branch of a decision runs under the skipped box.
            x1, _y = source.center
            below = detour + LANE_PADDING / 2
            x2, y2 = target.left
            points = ((x1, source.y + source.height), (x1, below), (x2 - 8, below),
                      (x2 - 8, y2), (x2, y2))
        edges.append(Edge(f"edge_{len(edges)}", source.id, target.id, points, label))


def _route(start: tuple[float, float], end: tuple[float, float]) -> tuple[tuple[float, float], ...]:
    """An orthogonal path: right, then up or down, then right into the target."""
    (x1, y1), (x2, y2) = start, end
    if abs(y1 - y2) < 0.5:
        return (start, end)
    if x2 - x1 < 2 * 8:
        # Target is not to the right (a skip edge can be): go around below or above.
        middle = x1 + 8
        return (start, (middle, y1), (middle, y2), end)
    middle = x2 - min(COLUMN_GAP / 2, (x2 - x1) / 2)
    return (start, (middle, y1), (middle, y2), end)
