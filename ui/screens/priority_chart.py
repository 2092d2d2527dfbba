"""The prioritisation matrix drawn with QPainter (QtCharts is not in the slim install).

It draws `procedures.priority.layout`: the same dots, ticks and median lines the PDF
draws. The candidates to simplify carry their rank; a click on a dot emits its
procedure, and the tooltip names it with its figures.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from procedures.formatting import money, number
from procedures.i18n import _
from procedures.priority import Dot, Layout, Matrix, layout

AXIS = QColor("#8a97a5")
GRID = QColor("#e6ebf0")
DOT = QColor("#7f9bb3")
CANDIDATE = QColor("#c0392b")
QUADRANT = QColor(192, 57, 43, 18)
TEXT = QColor("#34495e")
LEFT, RIGHT, TOP, BOTTOM = 64, 28, 22, 42


class PriorityChart(QWidget):
    """Signals:
        procedure_chosen: (procedure uuid) a dot was clicked.
    """

    procedure_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("priority_chart")
        self.setMouseTracking(True)
        self.setMinimumSize(360, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.data: Matrix | None = None
        self.placed: Layout | None = None

    def sizeHint(self) -> QSize:
        return QSize(520, 300)

    def set_matrix(self, data: Matrix | None) -> None:
        self.data = data
        self.placed = None
        self.update()

    def _plot(self) -> QRectF:
        return QRectF(LEFT, TOP, max(self.width() - LEFT - RIGHT, 10),
                      max(self.height() - TOP - BOTTOM, 10))

    def _layout(self) -> Layout | None:
        if self.data is None or not self.data.points:
            return None
        plot = self._plot()
        if self.placed is None or (self.placed.width, self.placed.height) != (
                plot.width(), plot.height()):
            self.placed = layout(self.data, plot.width(), plot.height())
        return self.placed

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        placed = self._layout()
        plot = self._plot()
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() - 1, 7))
        painter.setFont(small)
        if placed is None:
            painter.setPen(TEXT)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _(
                "No mapped procedure with a yearly demand yet:\nthe matrix needs both."))
            painter.end()
            return
        ox, oy = plot.left(), plot.top()
        # the quadrant to start from: more demand and more burden than the median
        painter.fillRect(QRectF(ox + placed.median_x, oy, plot.width() - placed.median_x,
                                placed.median_y), QUADRANT)
        for tick in placed.y_ticks:
            y = oy + tick.at
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(ox, y), QPointF(plot.right(), y))
            painter.setPen(TEXT)
            label = money(tick.value)
            painter.drawText(QRectF(0, y - 8, LEFT - 6, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
        for tick in placed.x_ticks:
            x = ox + tick.at
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(x, oy), QPointF(x, plot.bottom()))
            painter.setPen(TEXT)
            label = number(tick.value)
            painter.drawText(QRectF(x - 40, plot.bottom() + 2, 80, 16),
                             Qt.AlignmentFlag.AlignHCenter, label)
        painter.setPen(QPen(AXIS, 1))
        painter.drawRect(plot)
        dashed = QPen(CANDIDATE, 1, Qt.PenStyle.DashLine)
        painter.setPen(dashed)
        painter.drawLine(QPointF(ox + placed.median_x, oy),
                         QPointF(ox + placed.median_x, plot.bottom()))
        painter.drawLine(QPointF(ox, oy + placed.median_y),
                         QPointF(plot.right(), oy + placed.median_y))
        painter.setPen(TEXT)
        x_title = _("Cases per year (logarithmic scale)") if placed.log_x else _(
            "Cases per year")
        painter.drawText(QRectF(ox, plot.bottom() + 20, plot.width(), 18),
                         Qt.AlignmentFlag.AlignHCenter, x_title)
        painter.drawText(QRectF(ox, 2, plot.width(), 18), Qt.AlignmentFlag.AlignLeft,
                         _("Burden on the resident per case (S/)"))
        painter.drawText(QRectF(ox, oy + 2, plot.width() - 6, 16), Qt.AlignmentFlag.AlignRight,
                         _("simplify first"))
        for dot in sorted(placed.dots, key=lambda d: d.rank != 0, reverse=False):
            centre = QPointF(ox + dot.x, oy + dot.y)
            colour = CANDIDATE if dot.rank else DOT
            painter.setPen(QPen(QColor("#ffffff"), 1))
            painter.setBrush(colour)
            radius = 6.0 if dot.rank else 4.0
            painter.drawEllipse(centre, radius, radius)
            if dot.rank:
                painter.setPen(colour)
                painter.drawText(centre + QPointF(7, -5), str(dot.rank))
        painter.end()

    def dot_at(self, x: float, y: float) -> Dot | None:
        placed = self._layout()
        if placed is None:
            return None
        plot = self._plot()
        near = [(abs(plot.left() + d.x - x) + abs(plot.top() + d.y - y), d) for d in placed.dots]
        near = [item for item in near if item[0] <= 9]
        return min(near, key=lambda item: item[0])[1] if near else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        dot = self.dot_at(event.position().x(), event.position().y())
        if dot is None:
            QToolTip.hideText()
            return
        point = dot.point
        QToolTip.showText(event.globalPosition().toPoint(), _(
            "{code} {name}\n{cases} cases a year × {burden} per case = {yearly} a year").format(
                code=point.code, name=point.name, cases=number(point.cases),
                burden=money(point.burden), yearly=money(point.yearly)), self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        dot = self.dot_at(event.position().x(), event.position().y())
        if dot is not None and dot.point.uuid:
            self.procedure_chosen.emit(dot.point.uuid)
