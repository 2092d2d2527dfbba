"""Draws `procedures.flowchart.layout` with QGraphicsItems: the same coordinates the PDF
and the BPMN export use. The scene lays nothing out itself; only the colour legend goes
above the lanes (so it is seen with the diagram and exported with it).

Activity boxes are selectable; `activity_selected` reports the rows of the selected
boxes, and `select_rows` selects boxes from the table (the selection goes both ways).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsItemGroup,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from models.codes import ASME_SYMBOLS, ValueClass
from procedures import snapshots as s
from procedures.flowchart import LANE_HEADER, FlowLayout, Node, NodeKind, layout
from procedures.formatting import smart_number
from procedures.i18n import _
from procedures.vocabulary import citizen_label, label, short_label

INK = QColor("#34495e")
LINE = QColor("#7f8c99")
LANE_FILL = (QColor("#f7f9fb"), QColor("#eef2f6"))
HEADER_FILL = QColor("#dfe6ee")
BOX_FILL = QColor("#ffffff")
SELECTED = QColor("#1f7a8c")
VALUE_FILL = {ValueClass.VA: QColor("#e3f4ea"), ValueClass.CONTROL: QColor("#e6eef7"),
              ValueClass.SVA: QColor("#fbe9e7")}
#: The band above the lanes that holds the colour legend.
LEGEND_HEIGHT = 26.0


class ActivityBox(QGraphicsItem):
    """One activity: ASME symbol, row number, description, minutes.

    `row` is the activity's 0-based row (the node's `index`, which activity nodes have).
    """

    def __init__(self, node: Node, row: int, activity: s.Activity) -> None:
        super().__init__()
        self.node = node
        self.row = row
        self.activity = activity
        self.setPos(LANE_HEADER + node.x, node.y)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"{row + 1}. {activity.description}\n"
                        f"{smart_number(activity.minutes)} min · {short_label(activity.value)}")

    def boundingRect(self) -> QRectF:
        return QRectF(-2, -2, self.node.width + 4, self.node.height + 4)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        rect = QRectF(0, 0, self.node.width, self.node.height)
        selected = self.isSelected()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(SELECTED if selected else LINE, 2.2 if selected else 1))
        painter.setBrush(QBrush(VALUE_FILL.get(self.activity.value, BOX_FILL)))
        painter.drawRoundedRect(rect, 6, 6)
        painter.setPen(INK)
        small = QFont(painter.font())
        small.setPointSizeF(7)
        painter.setFont(small)
        symbol = ASME_SYMBOLS[self.activity.type]
        head = f"{symbol}  {self.row + 1}"
        painter.drawText(QRectF(6, 3, rect.width() - 12, 12), Qt.AlignmentFlag.AlignLeft, head)
        painter.drawText(QRectF(6, 3, rect.width() - 12, 12), Qt.AlignmentFlag.AlignRight,
                         f"{smart_number(self.activity.minutes)} min")
        text = QFont(painter.font())
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
    """

    activity_selected = Signal(list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.flow: FlowLayout | None = None
        self.boxes: dict[int, ActivityBox] = {}
        self.legend: QGraphicsItemGroup | None = None
        self._quiet = False
        self.selectionChanged.connect(self._selection_changed)

    def show_activities(self, activities: Sequence[s.Activity],
                        unit_names: Mapping[str, str]) -> None:
        """Redraw from the table's rows (layout computed by procedures.flowchart)."""
        selected = self.selected_rows()
        self._quiet = True
        # Forget the items before the scene deletes them, so no Python wrapper outlives
        # its C++ item (a stale wrapper can be handed out later for a new object that
        # happens to get the same address).
        self.boxes = {}
        self.legend = None
        self.clear()
        self.flow = layout(activities, unit_names, citizen_label())
        self._draw(self.flow, activities)
        self.legend = self._legend()
        width = max(LANE_HEADER + self.flow.width, self.legend.childrenBoundingRect().right())
        self.setSceneRect(QRectF(-10, -LEGEND_HEIGHT - 10, width + 20,
                                 LEGEND_HEIGHT + self.flow.height + 20))
        self._quiet = False
        self.select_rows(selected)

    def _draw(self, flow: FlowLayout, activities: Sequence[s.Activity]) -> None:
        width = LANE_HEADER + flow.width
        for number, lane in enumerate(flow.lanes):
            band = self.addRect(QRectF(0, lane.top, width, lane.height), QPen(LINE, 0.6),
                                QBrush(LANE_FILL[number % 2]))
            band.setZValue(-2)
            header = self.addRect(QRectF(0, lane.top, LANE_HEADER, lane.height),
                                  QPen(LINE, 0.6), QBrush(HEADER_FILL))
            header.setZValue(-1)
            text = QGraphicsTextItem()
            font = QFont(text.font())
            font.setPointSizeF(7.5)
            font.setBold(True)
            text.setFont(font)
            text.setDefaultTextColor(INK)
            text.setTextWidth(LANE_HEADER - 6)
            text.setHtml(f"<div align='center'>{escape(lane.label)}</div>")
            bounds = text.boundingRect()
            text.setPos(3, lane.top + max(0.0, (lane.height - bounds.height()) / 2))
            text.setToolTip(lane.label)
            self.addItem(text)
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
                label = QGraphicsSimpleTextItem(edge.label)
                font = QFont(label.font())
                font.setPointSizeF(7)
                label.setFont(font)
                label.setBrush(INK)
                label.setPos(points[0].x() + 4, points[0].y() - 14)
                self.addItem(label)
        for node in flow.nodes:
            if node.kind is NodeKind.ACTIVITY and node.index is not None:
                box = ActivityBox(node, node.index, activities[node.index])
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

    def _legend(self) -> QGraphicsItemGroup:
        """A swatch and the name of each value class, above the lanes at the left.

        Every item is made in Python (not by `addPath` or `createItemGroup`, which make
        them in C++): PySide then learns when the scene deletes them, and the group that
        `self.legend` keeps never holds wrappers of deleted items.
        """
        group = QGraphicsItemGroup()
        self.addItem(group)
        x, middle = 0.0, -LEGEND_HEIGHT / 2
        for value in (ValueClass.VA, ValueClass.CONTROL, ValueClass.SVA):
            swatch = QPainterPath()
            swatch.addRoundedRect(QRectF(x, middle - 6, 20, 12), 3, 3)
            mark = QGraphicsPathItem(swatch)
            mark.setPen(QPen(LINE, 1))
            mark.setBrush(QBrush(VALUE_FILL[value]))
            group.addToGroup(mark)
            text = QGraphicsSimpleTextItem(label(value))
            font = QFont(text.font())
            font.setPointSizeF(8)
            text.setFont(font)
            text.setBrush(INK)
            box = text.boundingRect()
            text.setPos(x + 26, middle - box.height() / 2)
            group.addToGroup(text)
            x += 26 + box.width() + 22
        group.setToolTip(_("Colour of a box: its value class. Click a box to select its "
                           "row in the table."))
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
