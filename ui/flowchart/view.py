"""The *Flujo* tab: the swimlane diagram with zoom, fit and export to PNG or SVG, and a
second way to edit the steps.

The diagram stays a projection of the step table: every edit here (drag a box to
another lane or place, double-click or Enter to edit its text and minutes, Ins for a
step after it, Del, P for parallel with the previous one) is one of the table's own undo
commands (`ui.screens.step_edits.StepEdits`), and the diagram is drawn again from the
table's rows. It opens fitted to the window, with the lane names kept in sight.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QImageWriter,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QShowEvent,
    QWheelEvent,
)
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
from procedures.durations import parse_minutes
from procedures.flowchart import CITIZEN_LANE
from procedures.formatting import smart_number
from procedures.i18n import _
from ui import dialogs
from ui.flowchart.scene import ActivityBox, FlowScene
from ui.icons import icon
from ui.screens.elided import ElidedLabel
from ui.screens.form import ProblemLabel

if TYPE_CHECKING:
    from ui.screens.step_edits import StepEdits

ZOOM_STEP = 1.2
#: Below this scale the boxes' words cannot be read: fit the height instead.
READABLE = 0.6


class FlowView(QGraphicsView):
    """Ctrl + wheel zooms; dragging the background pans; the lane names stay in sight.

    Signals:
        key: (key, modifiers) a key for the diagram's edits (the tab handles it).
    """

    key = Signal(int, object)
    #: The keys the tab turns into edits or moves (see `FlowTab.on_key`).
    KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Return, Qt.Key.Key_Enter,
            Qt.Key.Key_F2, Qt.Key.Key_Insert, Qt.Key.Key_P, Qt.Key.Key_Up, Qt.Key.Key_Down)

    def __init__(self, scene: FlowScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setObjectName("flowchart")
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QColor("#ffffff"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Ctrl or Shift + drag on the background draws a band that selects the boxes
        it touches; a plain drag on the background pans."""
        adding = event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                      | Qt.KeyboardModifier.ShiftModifier)
        if adding and event.button() == Qt.MouseButton.LeftButton and not isinstance(
                self.itemAt(event.position().toPoint()), ActivityBox):
            self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self.pin()

    def pin(self) -> None:
        """The lane names at the view's left edge (where they are when not scrolled)."""
        scene = self.scene()
        if isinstance(scene, FlowScene):
            scene.pin_headers(self.mapToScene(0, 0).x())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers()
        if modifiers & Qt.KeyboardModifier.ControlModifier and event.key() in (
                Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus, Qt.Key.Key_0):
            if event.key() == Qt.Key.Key_0:
                self.fit()
            else:
                self.zoom(ZOOM_STEP if event.key() != Qt.Key.Key_Minus else 1 / ZOOM_STEP)
            return
        if event.key() in self.KEYS and not modifiers & Qt.KeyboardModifier.ControlModifier:
            self.key.emit(int(event.key()), modifiers)
            return
        super().keyPressEvent(event)

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
        self.pin()


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
        #: The table's edits (set by the workspace); None: the diagram only shows.
        self.edits: StepEdits | None = None
        self.minutes_per_day = 480
        self._shown: tuple[tuple[s.Activity, ...], dict[str, str]] = ((), {})
        self._fit_pending = True
        self.scene.activity_selected.connect(self.selected_rows)
        self.scene.step_dropped.connect(self.drop)
        self.scene.steps_dropped.connect(self.drop_group)
        self.scene.step_activated.connect(self.edit_step)
        self.view.key.connect(self.on_key)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for name, tip, slot in (
            ("zoom-in", _("Zoom in (Ctrl + wheel)"), lambda: self.view.zoom(ZOOM_STEP)),
            ("zoom-out", _("Zoom out"), lambda: self.view.zoom(1 / ZOOM_STEP)),
            ("zoom-fit", _("Fit to the window"), self.view.fit),
        ):
            bar.addWidget(self._button(name, tip, slot))
        bar.addSpacing(12)
        edits: tuple[tuple[str, str, Callable[[], object]], ...] = (
            ("add-row", _("A new step after the selected one (Ins)"), self.insert_after),
            ("rename", _("Edit the selected step: its text and minutes (Enter)"),
             lambda: self.edit_step()),
            ("parallel", _("Parallel with the previous step, or not (P)"),
             self.toggle_parallel),
            ("delete-row", _("Delete the selected steps (Del)"), self.delete_selected),
        )
        #: The edit buttons by icon name, enabled or disabled with the reason.
        self.edit_buttons: dict[str, QToolButton] = {}
        for name, tip, edit in edits:
            self.edit_buttons[name] = self._button(name, tip, edit)
            bar.addWidget(self.edit_buttons[name])
        self.scene.activity_selected.connect(lambda _rows: self.explain_buttons())
        bar.addStretch(1)
        # The colours' legend is drawn in the scene, above the lanes.
        hint = ElidedLabel(self)
        hint.setText(_("Drag a step to another lane or place; double-click to edit it."))
        hint.setObjectName("hint")
        hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(hint, 1)
        bar.addWidget(self._button("image", _("Export as PNG image"), self.export_png, True))
        bar.addWidget(self._button("export", _("Export as SVG drawing"), self.export_svg, True))
        self.empty = QLabel(_("The flowchart appears when the version has activities. "
                              "Type them in the Activities tab."), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("empty")
        #: Why the last edit made here was refused (gone with the next drawing).
        self.problem = ProblemLabel(self)
        self.problem.setObjectName("flow_problem")
        self.problem.hide()
        self.stack = QStackedLayout()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.problem)
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
                        title: str = "flujo", fit: bool = False) -> None:
        """Draw the steps; `fit` (another version, or the first drawing): fitted to the
        window as soon as it shows."""
        self.title = title
        first = fit or self.scene.flow is None or not self.scene.boxes
        self._shown = (tuple(activities), dict(unit_names))
        self.show_problem("")  # drawn again after an edit: an old refusal is stale
        self.scene.minutes_per_day = self.minutes_per_day
        self.scene.show_activities(activities, unit_names, self._empty_lanes())
        self.stack.setCurrentIndex(1 if activities else 0)
        if first and activities:
            self._fit_pending = True
            if self.view.isVisible():
                self._fit_now()
        self.view.pin()
        self.explain_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._fit_pending:
            # After the layout has given the view its size.
            QTimer.singleShot(0, self, self._fit_now)

    def _fit_now(self) -> None:
        if self.view.isVisible() and self.scene.boxes:
            self._fit_pending = False
            self.view.fit()

    def redraw(self, editing: bool = True) -> None:
        """Draw the last rows again (a drag that changed nothing snaps back); not
        `editing`: without the empty lanes offered for drops (what is exported)."""
        self.scene.show_activities(*self._shown, self._empty_lanes() if editing else ())
        self.view.pin()

    def _empty_lanes(self) -> tuple[str, ...]:
        """Every lane a step can be dragged into, even one no step is in yet: the
        citizen's and each unit of the municipality (in the settings' order). Only on
        screen, while editing: paper and BPMN show the process, not where it could go."""
        if self.edits is None:
            return ()
        return (CITIZEN_LANE, *self._shown[1])

    def show_problem(self, message: str) -> None:
        """A refusal of an edit, said above the diagram (where the clerk is) while it
        shows; the table's line under it says the same."""
        self.problem.setText(message if self.isVisible() else "")
        self.problem.setVisible(bool(self.problem.text()))

    def explain_buttons(self) -> None:
        """Each edit button enabled, or disabled with why it cannot be done now."""
        read_only = self.edits.document.read_only if self.edits is not None else ""
        selected = bool(self.scene.selected_rows())
        for name, button in self.edit_buttons.items():
            if button.property("tip") is None:
                button.setProperty("tip", button.toolTip())
            reason = read_only
            if not reason and name != "add-row" and not selected:
                reason = _("Select a step in the diagram first (click it, or press Right).")
            button.setEnabled(not reason)
            button.setToolTip(reason or str(button.property("tip")))

    # ---- Editing (the table's commands) ---------------------------------------------

    def _selected(self) -> int | None:
        rows = self.scene.selected_rows()
        return rows[0] if rows else None

    def drop(self, row: int, unit: str | None, target: int) -> None:
        if self.edits is None or not self.edits.move_to_lane(row, unit, target):
            self.redraw()

    def drop_group(self, rows: list[int], units: list[str | None], target: int) -> None:
        if self.edits is None or not self.edits.move_group(
                rows, units, None if target < 0 else target):
            self.redraw()

    def edit_step(self, row: int | None = None) -> bool:
        """The step's text and minutes in a small dialog: one undo step."""
        row = self._selected() if row is None else row
        if self.edits is None or row is None:
            return False
        activity = self.edits.activity(row)
        if activity is None:
            return False

        def problem(_description: str, minutes: str) -> str:
            if not _description.strip():
                return _("describe the activity")
            try:
                parse_minutes(minutes, self.minutes_per_day)
            except ValueError as error:
                return str(error)
            return ""

        answer = dialogs.edit_step(self, _("Activity {row}").format(row=row + 1),
                                   activity.description, smart_number(activity.minutes),
                                   problem)
        if answer is None or problem(*answer):
            return False
        description, minutes = answer
        return self.edits.edit_text(row, description.strip(),
                                    parse_minutes(minutes, self.minutes_per_day))

    def insert_after(self) -> bool:
        """A new step after the selected one (at the end when none is)."""
        if self.edits is None:
            return False
        row = self._selected()
        count = self.edits.model.row_count
        at = count if row is None else row + 1
        like = self.edits.activity(row if row is not None else count - 1)
        return self.edits.insert(at, [self.edits.blank(like.unit if like else None)])

    def delete_selected(self) -> bool:
        rows = self.scene.selected_rows()
        return self.edits is not None and bool(rows) and self.edits.delete(rows)

    def toggle_parallel(self) -> bool:
        row = self._selected()
        if self.edits is None or row is None:
            return False
        activity = self.edits.activity(row)
        return activity is not None and self.edits.set_field(row, "parallel",
                                                             not activity.parallel)

    def move_selected(self, step: int) -> bool:
        """One place back (-1) or forward (+1) along the steps."""
        row = self._selected()
        if self.edits is None or row is None:
            return False
        target = row - 1 if step < 0 else row + 2
        if not 0 <= target <= self.edits.model.row_count:
            return False
        return self.edits.move([str(self.edits.model.key(row))], target)

    def move_lane(self, step: int) -> bool:
        """To the lane above (-1) or below (+1) in the diagram, keeping its place."""
        row = self._selected()
        flow = self.scene.flow
        if self.edits is None or row is None or flow is None:
            return False
        activity = self.edits.activity(row)
        keys = [lane.key for lane in flow.lanes]
        if activity is None:
            return False
        here = keys.index(CITIZEN_LANE if activity.unit is None else activity.unit)
        if not 0 <= here + step < len(keys):
            return False
        key = keys[here + step]
        return self.edits.set_field(row, "unit", None if key == CITIZEN_LANE else key)

    def on_key(self, key: int, modifiers: Qt.KeyboardModifier) -> None:
        alt = bool(modifiers & Qt.KeyboardModifier.AltModifier)
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = -1 if key == Qt.Key.Key_Left else +1
            if alt:
                self.move_selected(step)
            else:
                self.select_step(step)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and alt:
            self.move_lane(-1 if key == Qt.Key.Key_Up else +1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            self.edit_step()
        elif key == Qt.Key.Key_Insert:
            self.insert_after()
        elif key == Qt.Key.Key_P:
            self.toggle_parallel()

    def select_step(self, step: int) -> None:
        """The previous or next step's box (the first one when none is selected)."""
        rows = sorted(self.scene.boxes)
        if not rows:
            return
        row = self._selected()
        target = rows[0] if row is None else max(0, min(row + step, rows[-1]))
        self.scene.select_rows([target])
        self.scene.activity_selected.emit([target])
        self.view.ensureVisible(self.scene.boxes[target], 40, 40)

    def select_rows(self, rows: list[int]) -> None:
        self.scene.select_rows(rows)
        boxes = [self.scene.boxes[r] for r in rows if r in self.scene.boxes]
        if boxes:
            self.view.ensureVisible(boxes[0], 40, 40)

    # ---- Export ----------------------------------------------------------------------

    @contextmanager
    def _exported(self) -> Iterator[QRectF]:
        """The diagram as the table has it while exporting: no selection, no empty lane,
        the lane names where they belong; yields the scene rect to draw."""
        selected = self.scene.selected_rows()
        self.redraw(editing=False)
        self.scene.select_rows([])
        self.scene.pin_headers(0)
        try:
            yield self.scene.sceneRect()
        finally:
            self.redraw()
            self.scene.select_rows(selected)

    def render_image(self, scale: float = 2.0) -> QImage:
        with self._exported() as rect:
            image = QImage(QSize(int(rect.width() * scale), int(rect.height() * scale)),
                           QImage.Format.Format_ARGB32)
            image.fill(QColor("#ffffff"))
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.scene.render(painter, QRectF(0, 0, image.width(), image.height()), rect)
            painter.end()
        return image

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
        with self._exported() as rect:
            generator = QSvgGenerator()
            generator.setFileName(str(Path(path)))
            generator.setSize(QSize(int(rect.width()), int(rect.height())))
            generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
            generator.setTitle(self.title)
            painter = QPainter(generator)
            self.scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
            painter.end()
        return Path(path).exists()
