"""The *Flujo* tab: the swimlane diagram with zoom, fit and export to PNG or SVG."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QImageWriter, QPainter, QWheelEvent
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QStackedLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from procedures import snapshots as s
from procedures.i18n import _
from ui import dialogs
from ui.flowchart.scene import FlowScene
from ui.icons import icon
from ui.screens.elided import ElidedLabel

ZOOM_STEP = 1.2
#: Below this scale the boxes' words cannot be read: fit the height instead.
READABLE = 0.6


class FlowView(QGraphicsView):
    """Ctrl + wheel zooms; dragging the background pans."""

    def __init__(self, scene: FlowScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QColor("#ffffff"))

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            return
        super().wheelEvent(event)

    def zoom(self, factor: float) -> None:
        scale = self.transform().m11() * factor
        if 0.15 <= scale <= 4:
            self.scale(factor, factor)

    def fit(self) -> None:
        """The whole diagram when it stays readable; else the lanes' full height, from
        the start (a long procedure then scrolls sideways)."""
        rect = self.scene().sceneRect()
        if rect.isEmpty():
            return
        view = self.viewport().rect()
        whole = min(view.width() / rect.width(), view.height() / rect.height())
        if whole >= READABLE:
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
            return
        scale = min(1.0, (view.height() - 8) / rect.height())
        self.resetTransform()
        self.scale(scale, scale)
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())


class FlowTab(QWidget):
    """Signals:
        selected_rows: rows whose boxes the person selected.
    """

    selected_rows = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scene = FlowScene(self)
        self.view = FlowView(self.scene, self)
        self.title = "flujo"
        self.scene.activity_selected.connect(self.selected_rows)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for name, tip, slot in (
            ("zoom-in", _("Zoom in (Ctrl + wheel)"), lambda: self.view.zoom(ZOOM_STEP)),
            ("zoom-out", _("Zoom out"), lambda: self.view.zoom(1 / ZOOM_STEP)),
            ("zoom-fit", _("Fit to the window"), self.view.fit),
        ):
            bar.addWidget(self._button(name, tip, slot))
        bar.addStretch(1)
        # The colours' legend is drawn in the scene, above the lanes.
        hint = ElidedLabel(self)
        hint.setText(_("Click a box to select its row in the table."))
        hint.setObjectName("hint")
        hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(hint, 1)
        bar.addWidget(self._button("image", _("Export as PNG image"), self.export_png, True))
        bar.addWidget(self._button("export", _("Export as SVG drawing"), self.export_svg, True))
        self.empty = QLabel(_("The flowchart appears when the version has activities. "
                              "Type them in the Activities tab."), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("empty")
        self.stack = QStackedLayout()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(self.stack, 1)

    def _button(self, name: str, tip: str, slot: Callable[[], object],
                text: bool = False) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icon(name))
        button.setToolTip(tip)
        button.setAutoRaise(True)
        if text:
            button.setText("PNG" if name == "image" else "SVG")
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.clicked.connect(slot)
        return button

    def show_activities(self, activities: tuple[s.Activity, ...], unit_names: dict[str, str],
                        title: str = "flujo") -> None:
        self.title = title
        first = self.scene.flow is None or not self.scene.boxes
        self.scene.show_activities(activities, unit_names)
        self.stack.setCurrentIndex(1 if activities else 0)
        if first and activities:
            self.view.resetTransform()

    def select_rows(self, rows: list[int]) -> None:
        self.scene.select_rows(rows)
        boxes = [self.scene.boxes[r] for r in rows if r in self.scene.boxes]
        if boxes:
            self.view.ensureVisible(boxes[0], 40, 40)

    # ---- Export ----------------------------------------------------------------------

    def render_image(self, scale: float = 2.0) -> QImage:
        rect = self.scene.sceneRect()
        image = QImage(QSize(int(rect.width() * scale), int(rect.height() * scale)),
                       QImage.Format.Format_ARGB32)
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._render(painter, QRectF(0, 0, image.width(), image.height()))
        painter.end()
        return image

    def _render(self, painter: QPainter, target: QRectF) -> None:
        selected = self.scene.selected_rows()
        self.scene.select_rows([])  # the export shows no selection
        self.scene.render(painter, target, self.scene.sceneRect())
        self.scene.select_rows(selected)

    def export_png(self, path: str | None = None) -> bool:
        path = path or dialogs.save_file(self, _("Export the flowchart"),
                                         _("PNG image (*.png)"), f"{self.title}.png")
        if not path:
            return False
        # What QImage.save(path, "PNG") does; PySide's stub for that call wants bytes for
        # the format while the binding takes only str.
        return QImageWriter(path, b"PNG").write(self.render_image())

    def export_svg(self, path: str | None = None) -> bool:
        path = path or dialogs.save_file(self, _("Export the flowchart"),
                                         _("SVG drawing (*.svg)"), f"{self.title}.svg")
        if not path:
            return False
        rect = self.scene.sceneRect()
        generator = QSvgGenerator()
        generator.setFileName(str(Path(path)))
        generator.setSize(QSize(int(rect.width()), int(rect.height())))
        generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        generator.setTitle(self.title)
        painter = QPainter(generator)
        self._render(painter, QRectF(0, 0, rect.width(), rect.height()))
        painter.end()
        return Path(path).exists()
