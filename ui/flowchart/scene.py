"""Draws `procedures.flowchart.layout` with QGraphicsItems: the same coordinates the PDF
and the BPMN export use, and the same colours (by step type, `procedures.colours`). The
scene lays nothing out itself; only the colour legend goes above the lanes (so it is
seen with the diagram and exported with it).

It is a second way to edit the steps: a box dragged to another lane or along its lane
reports where it was dropped (`step_dropped`), a double-click asks to edit it
(`step_activated`); the owner turns these into the same undo commands the table uses,
and the scene is drawn again from the table's rows. The lane headers are one group that
the view keeps at its left edge while the diagram scrolls (`pin_headers`).

Activity boxes are selectable; `activity_selected` reports the rows of the selected
boxes, and `select_rows` selects boxes from the table (the selection goes both ways).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from html import escape

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsItemGroup,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from models.codes import ASME_SYMBOLS, ActivityType
from procedures import colours
from procedures import snapshots as s
from procedures.flowchart import (
    CITIZEN_LANE,
    COLUMN_GAP,
    EMPTY_LANE_HEIGHT,
    LANE_HEADER,
    NODE_WIDTH,
    FlowLayout,
    Lane,
    Node,
    NodeKind,
    layout,
)
from procedures.formatting import smart_number
from procedures.i18n import _
from procedures.vocabulary import citizen_label, label, wait_text

INK = QColor("#34495e")
LINE = QColor("#7f8c99")
LANE_FILL = (QColor("#f7f9fb"), QColor("#eef2f6"))
HEADER_FILL = QColor("#dfe6ee")
HINT = QColor("#8a96a3")
#: An empty lane's hint is repeated every so many scene points along it.
HINT_EVERY = 700.0
SELECTED = QColor("#1f7a8c")
#: A box's fill and border: its ASME type's (the PDF's colours).
TYPE_FILL = {kind: QColor(hex_) for kind, hex_ in colours.ASME_FILLS.items()}
TYPE_LINE = {kind: QColor(hex_) for kind, hex_ in colours.ASME_COLOURS.items()}
#: The band above the lanes that holds the colour legend.
LEGEND_HEIGHT = 26.0
#: A drag shorter than this (scene points) is a click, not a move.
DRAG_MIN = 6.0


class ActivityBox(QGraphicsItem):
    """One activity: ASME symbol, row number, description, minutes.

    `row` is the activity's 0-based row (the node's `index`, which activity nodes have).
    """

    def __init__(self, node: Node, row: int, activity: s.Activity,
                 minutes_per_day: int = 480) -> None:
        super().__init__()
        self.node = node
        self.row = row
        self.activity = activity
        self.minutes_per_day = minutes_per_day
        self.home = QPointF(LANE_HEADER + node.x, node.y)
        self.setPos(self.home)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setToolTip(_("{row}. {description}\n{minutes} min · {type}\nDrag it to another "
                          "lane or place (Ctrl+click selects several, to move them "
                          "together); double-click to edit it.").format(
            row=row + 1, description=activity.description,
            minutes=smart_number(activity.minutes), type=label(activity.type)))

    def minutes_text(self) -> str:
        """The box's time: a wait of days in business days, as on paper (1,440 min of
        a 480-minute day: 3 días hábiles), anything else in minutes."""
        if self.activity.type is ActivityType.ESPERA:
            return wait_text(self.activity.minutes, self.minutes_per_day)
        return f"{smart_number(self.activity.minutes)} min"

    def boundingRect(self) -> QRectF:
        return QRectF(-2, -2, self.node.width + 4, self.node.height + 4)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        rect = QRectF(0, 0, self.node.width, self.node.height)
        selected = self.isSelected()
        kind = self.activity.type
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(SELECTED if selected else TYPE_LINE[kind], 2.4 if selected else 1.1))
        painter.setBrush(QBrush(TYPE_FILL[kind]))
        painter.drawRoundedRect(rect, 6, 6)
        painter.setPen(TYPE_LINE[kind])
        small = QFont(painter.font())
        small.setPointSizeF(7)
        small.setBold(True)
        painter.setFont(small)
        head = f"{ASME_SYMBOLS[kind]}  {self.row + 1}"
        painter.drawText(QRectF(6, 3, rect.width() - 12, 12), Qt.AlignmentFlag.AlignLeft, head)
        painter.drawText(QRectF(6, 3, rect.width() - 12, 12), Qt.AlignmentFlag.AlignRight,
                         self.minutes_text())
        painter.setPen(INK)
        text = QFont(painter.font())
        text.setBold(False)
        text.setPointSizeF(7.5)
        painter.setFont(text)
        body = QRectF(6, 16, rect.width() - 12, rect.height() - 19)
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter) | int(
            Qt.TextFlag.TextWordWrap)
        metrics = painter.fontMetrics()
        description = self.activity.description
        while description and metrics.boundingRect(body.toRect(), flags, description).height() \
                > body.height():
            description = description[:-4].rstrip() + "…"
        painter.drawText(body, flags, description)

    def _kept(self, event: QGraphicsSceneMouseEvent) -> list[ActivityBox]:
        """With Shift, the boxes selected now, to be selected again after Qt's own
        handling (which selects the clicked box alone; Ctrl, Qt's own, toggles it)."""
        scene = self.scene()
        if not event.modifiers() & Qt.KeyboardModifier.ShiftModifier or not isinstance(
                scene, FlowScene):
            return []
        return [*(box for box in scene.boxes.values() if box.isSelected()), self]

    def _keep(self, kept: list[ActivityBox], handle: Callable[[], None]) -> None:
        """Qt's handling of a press or release, then `kept` selected again; the table
        hears of the selection once, at the end."""
        scene = self.scene()
        if not kept or not isinstance(scene, FlowScene):
            handle()
            return
        scene._quiet = True
        try:
            handle()
            for box in kept:
                box.setSelected(True)
        finally:
            scene._quiet = False
        scene.activity_selected.emit(scene.selected_rows())

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        # Shift-click adds the box to the selection.
        self._keep(self._kept(event), lambda: super(ActivityBox, self).mousePressEvent(event))

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self.scene()
        self._keep(self._kept(event),
                   lambda: super(ActivityBox, self).mouseReleaseEvent(event))
        moved = self.pos() - self.home
        if isinstance(scene, FlowScene):
            if math.hypot(moved.x(), moved.y()) >= DRAG_MIN:
                scene.dropped(self)
            else:
                for box in scene.boxes.values():  # a click: every box where it was
                    box.setPos(box.home)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self.scene()
        if isinstance(scene, FlowScene):
            scene.step_activated.emit(self.row)


def _gateway_path(node: Node) -> QPainterPath:
    x, y, w, h = LANE_HEADER + node.x, node.y, node.width, node.height
    path = QPainterPath()
    if node.kind in (NodeKind.START, NodeKind.END):
        path.addEllipse(QRectF(x, y, w, h))
        return path
    path.addPolygon(QPolygonF([QPointF(x + w / 2, y), QPointF(x + w, y + h / 2),
                               QPointF(x + w / 2, y + h), QPointF(x, y + h / 2),
                               QPointF(x + w / 2, y)]))
    return path


def _mark_path(node: Node) -> QPainterPath:
    """The × of a decision or the + of a parallel gateway."""
    cx, cy = LANE_HEADER + node.x + node.width / 2, node.y + node.height / 2
    d = node.width / 5
    path = QPainterPath()
    if node.kind is NodeKind.EXCLUSIVE:
        path.moveTo(cx - d, cy - d)
        path.lineTo(cx + d, cy + d)
        path.moveTo(cx + d, cy - d)
        path.lineTo(cx - d, cy + d)
    elif node.kind in (NodeKind.PARALLEL_FORK, NodeKind.PARALLEL_JOIN):
        path.moveTo(cx - d * 1.3, cy)
        path.lineTo(cx + d * 1.3, cy)
        path.moveTo(cx, cy - d * 1.3)
        path.lineTo(cx, cy + d * 1.3)
    return path


class FlowScene(QGraphicsScene):
    """Signals:
        activity_selected: list of 0-based rows whose boxes are selected.
        step_dropped: (row, unit or None for the citizen, target row) a box was dragged
            into a lane and before the step at `target` (the steps' count: at the end).
        steps_dropped: (rows, units, target) several selected boxes were dragged
            together: row `rows[i]` into the lane of `units[i]` (None: the citizen), all
            before the step at `target`, or -1: a drag across lanes that keeps the order.
        step_activated: (row) a box was double-clicked.
    """

    activity_selected = Signal(list)
    step_dropped = Signal(int, object, int)
    steps_dropped = Signal(list, list, int)
    step_activated = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.flow: FlowLayout | None = None
        self._drawn_for = 0  # the minutes per working day the diagram was drawn with
        self.boxes: dict[int, ActivityBox] = {}
        self.minutes_per_day = 480  # of the open municipality: waits of days read in days
        self.legend: QGraphicsItemGroup | None = None
        self.headers: QGraphicsItemGroup | None = None
        self._quiet = False
        self.selectionChanged.connect(self._selection_changed)

    def show_activities(self, activities: Sequence[s.Activity],
                        unit_names: Mapping[str, str], empty_lanes: Sequence[str] = ()
                        ) -> None:
        """Redraw from the table's rows (layout computed by procedures.flowchart);
        `empty_lanes` are shown without steps (where a step can be dragged to).

        When the new layout is the one drawn (the same lanes, boxes, places and arrows:
        an edit of a step's minutes or words), only the boxes of the changed steps are
        made again; the rest of the diagram stays as it is."""
        selected = self.selected_rows()
        flow = layout(activities, unit_names, citizen_label(), empty_lanes)
        if self._same_drawing(flow, activities):
            self._quiet = True
            self._replace_boxes(activities)
            self._quiet = False
            self.select_rows(selected)
            return
        self._quiet = True
        # Forget the items before the scene deletes them, so no Python wrapper outlives
        # its C++ item (a stale wrapper can be handed out later for a new object that
        # happens to get the same address).
        self.boxes = {}
        self.legend = None
        self.headers = None
        self.clear()
        self.flow = flow
        self._drawn_for = self.minutes_per_day
        self._draw(self.flow, activities)
        self.headers = self._headers(self.flow)
        self.legend = self._legend()
        width = max(LANE_HEADER + self.flow.width, self.legend.childrenBoundingRect().right())
        self.setSceneRect(QRectF(-10, -LEGEND_HEIGHT - 10, width + 20,
                                 LEGEND_HEIGHT + self.flow.height + 20))
        self._quiet = False
        self.select_rows(selected)

    def _same_drawing(self, flow: FlowLayout, activities: Sequence[s.Activity]) -> bool:
        return (self.flow is not None and flow == self.flow
                and self._drawn_for == self.minutes_per_day
                and sorted(self.boxes) == list(range(len(activities))))

    def _replace_boxes(self, activities: Sequence[s.Activity]) -> None:
        """The boxes whose step changed, made again in the same place; a box left
        elsewhere by a drag that changed nothing goes back to its place."""
        for row, box in list(self.boxes.items()):
            if box.activity == activities[row]:
                if box.pos() != box.home:
                    box.setPos(box.home)
                continue
            new = ActivityBox(box.node, row, activities[row], self.minutes_per_day)
            new.setZValue(box.zValue())
            self.removeItem(box)  # Python's now: deleted with its last reference
            self.addItem(new)
            self.boxes[row] = new

    def _draw(self, flow: FlowLayout, activities: Sequence[s.Activity]) -> None:
        width = LANE_HEADER + flow.width
        used = {node.lane for node in flow.nodes if node.kind is NodeKind.ACTIVITY}
        for number, lane in enumerate(flow.lanes):
            band = self.addRect(QRectF(0, lane.top, width, lane.height), QPen(LINE, 0.6),
                                QBrush(LANE_FILL[number % 2]))
            band.setZValue(-2)
            if lane.key not in used:
                self._drop_hint(lane, width)
        for edge in flow.edges:
            points = [QPointF(LANE_HEADER + x, y) for x, y in edge.points]
            path = QPainterPath(points[0])
            for point in points[1:]:
                path.lineTo(point)
            item = QGraphicsPathItem(path)
            item.setPen(QPen(LINE, 1.2))
            item.setZValue(0)
            self.addItem(item)
            self._arrow(points[-2], points[-1])
            if edge.label:
                text = QGraphicsSimpleTextItem(edge.label)
                font = QFont(text.font())
                font.setPointSizeF(7)
                text.setFont(font)
                text.setBrush(INK)
                text.setPos(points[0].x() + 4, points[0].y() - 14)
                self.addItem(text)
        for node in flow.nodes:
            if node.kind is NodeKind.ACTIVITY and node.index is not None:
                box = ActivityBox(node, node.index, activities[node.index],
                                  self.minutes_per_day)
                box.setZValue(2)
                self.addItem(box)
                self.boxes[node.index] = box
                continue
            pen = QPen(INK, 2.5 if node.kind is NodeKind.END else 1.2)
            fill = QBrush(QColor("#ffffff"))
            item = self.addPath(_gateway_path(node), pen, fill)
            item.setZValue(1)
            mark = _mark_path(node)
            if not mark.isEmpty():
                self.addPath(mark, QPen(INK, 1.6)).setZValue(1.5)

    def _drop_hint(self, lane: Lane, width: float) -> None:
        """A lane no step is in yet says what it is for, along its length (one hint
        every `HINT_EVERY` points, so one is in sight wherever the view is scrolled)."""
        if lane.key == CITIZEN_LANE:
            words = _("Drag a step here when the citizen does it")
        else:
            words = _("Drag a step here to give it to {unit}").format(unit=lane.label)
        x = LANE_HEADER + 14
        while x < width - 40:
            text = QGraphicsSimpleTextItem(words)
            font = QFont(text.font())
            font.setPointSizeF(8)
            font.setItalic(True)
            text.setFont(font)
            text.setBrush(HINT)
            text.setPos(x, lane.top + (lane.height - text.boundingRect().height()) / 2)
            text.setZValue(-1)
            text.setToolTip(words)
            self.addItem(text)
            x += max(HINT_EVERY, text.boundingRect().width() + 60)

    def _headers(self, flow: FlowLayout) -> QGraphicsItemGroup:
        """The lanes' names, one group (Python-made items, see `_legend`) above the
        boxes, so the view can keep it at its left edge while the diagram scrolls."""
        group = QGraphicsItemGroup()
        group.setZValue(5)
        self.addItem(group)
        for lane in flow.lanes:
            header = QGraphicsRectItem(QRectF(0, lane.top, LANE_HEADER, lane.height))
            header.setPen(QPen(LINE, 0.6))
            header.setBrush(QBrush(HEADER_FILL))
            group.addToGroup(header)
            text = QGraphicsTextItem()
            font = QFont(text.font())
            font.setPointSizeF(7.5)
            font.setBold(True)
            text.setFont(font)
            text.setDefaultTextColor(INK)
            text.setTextWidth(LANE_HEADER - 6)
            name = escape(lane.label)
            if lane.height <= EMPTY_LANE_HEIGHT:  # a thin lane: one line, all in the tip
                name = escape(QFontMetrics(font).elidedText(
                    lane.label, Qt.TextElideMode.ElideRight, int(LANE_HEADER - 24)))
                name = f"<span style='white-space: nowrap'>{name}</span>"
                header.setToolTip(lane.label)
            text.setHtml(f"<div align='center'>{name}</div>")
            bounds = text.boundingRect()
            text.setPos(3, lane.top + max(0.0, (lane.height - bounds.height()) / 2))
            group.addToGroup(text)
        group.setToolTip(_("The lanes: one per unit, and the citizen's. Drag a step into "
                           "another lane to give it to that unit."))
        return group

    def pin_headers(self, left: float) -> None:
        """Keep the lane names at scene x `left` (the view's left edge), never to the
        right of where they belong."""
        if self.headers is not None:
            self.headers.setX(max(0.0, left))

    def _legend(self) -> QGraphicsItemGroup:
        """A box of each step type's colours, its symbol and its name, above the lanes
        at the left: the same legend as the PDF's.

        Every item is made in Python (not by `addPath` or `createItemGroup`, which make
        them in C++): PySide then learns when the scene deletes them, and the group that
        `self.legend` keeps never holds wrappers of deleted items.
        """
        group = QGraphicsItemGroup()
        self.addItem(group)
        x, middle = 0.0, -LEGEND_HEIGHT / 2
        for kind in ActivityType:
            swatch = QPainterPath()
            swatch.addRoundedRect(QRectF(x, middle - 7, 18, 14), 3, 3)
            mark = QGraphicsPathItem(swatch)
            mark.setPen(QPen(TYPE_LINE[kind], 1))
            mark.setBrush(QBrush(TYPE_FILL[kind]))
            group.addToGroup(mark)
            symbol = QGraphicsSimpleTextItem(ASME_SYMBOLS[kind])
            font = QFont(symbol.font())
            font.setPointSizeF(7)
            symbol.setFont(font)
            symbol.setBrush(TYPE_LINE[kind])
            box = symbol.boundingRect()
            symbol.setPos(x + 9 - box.width() / 2, middle - box.height() / 2)
            group.addToGroup(symbol)
            text = QGraphicsSimpleTextItem(label(kind))
            font = QFont(text.font())
            font.setPointSizeF(8)
            text.setFont(font)
            text.setBrush(INK)
            box = text.boundingRect()
            text.setPos(x + 24, middle - box.height() / 2)
            group.addToGroup(text)
            x += 24 + box.width() + 18
        group.setToolTip(_("Colour of a box: its type of step, as in the printed sheet. "
                           "Click a box to select its row in the table."))
        return group

    def _arrow(self, start: QPointF, end: QPointF) -> None:
        angle = math.atan2(end.y() - start.y(), end.x() - start.x())
        size = 6.5
        left = QPointF(end.x() - size * math.cos(angle - 0.42),
                       end.y() - size * math.sin(angle - 0.42))
        right = QPointF(end.x() - size * math.cos(angle + 0.42),
                        end.y() - size * math.sin(angle + 0.42))
        path = QPainterPath()
        path.addPolygon(QPolygonF([end, left, right, end]))
        self.addPath(path, QPen(LINE, 1), QBrush(LINE)).setZValue(0.5)

    # ---- Where a drag ends ------------------------------------------------------------

    def lane_at(self, y: float) -> Lane | None:
        """The lane at scene height `y` (the nearest one above or below the lanes)."""
        if self.flow is None or not self.flow.lanes:
            return None
        lanes = self.flow.lanes
        return next((lane for lane in lanes if lane.top <= y < lane.top + lane.height),
                    lanes[0] if y < lanes[0].top else lanes[-1])

    def place_at(self, x: float, moving: int | Sequence[int]) -> int:
        """Before which step (0-based row; the count: at the end) a step dropped at
        scene x `x` goes, the `moving` steps themselves left out."""
        away = {moving} if isinstance(moving, int) else set(moving)
        for row, box in sorted(self.boxes.items()):
            if row not in away and box.home.x() + box.node.width / 2 > x:
                return row
        return len(self.boxes)

    def _unit_at(self, box: ActivityBox) -> str | None:
        lane = self.lane_at(box.sceneBoundingRect().center().y())
        return None if lane is None or lane.key == CITIZEN_LANE else lane.key

    def dropped(self, box: ActivityBox) -> None:
        """Where the grabbed box (and, when it is one of several selected, the others
        with it: Qt moves them together) was let go."""
        if self.lane_at(0) is None:
            return
        center = box.sceneBoundingRect().center()
        rows = self.selected_rows() if box.isSelected() else [box.row]
        if len(rows) <= 1:
            self.step_dropped.emit(box.row, self._unit_at(box),
                                   self.place_at(center.x(), box.row))
            return
        # Each box goes to the lane its own centre is in; the order changes only when
        # the boxes were moved along the lanes by more than half a column.
        units = [self._unit_at(self.boxes[row]) for row in rows]
        along = abs(box.pos().x() - box.home.x()) >= (NODE_WIDTH + COLUMN_GAP) / 2
        self.steps_dropped.emit(rows, units, self.place_at(center.x(), rows) if along else -1)

    # ---- Selection ------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        return sorted(row for row, box in self.boxes.items() if box.isSelected())

    def select_rows(self, rows: Sequence[int]) -> None:
        if sorted(rows) == self.selected_rows():
            return
        self._quiet = True
        for row, box in self.boxes.items():
            box.setSelected(row in rows)
        self._quiet = False

    def _selection_changed(self) -> None:
        if not self._quiet:
            self.activity_selected.emit(self.selected_rows())
