"""The flowchart as a second way to edit the steps: drag a box to another lane or place,
double-click to edit it, keys for the rest; every edit is the table's own undo command.
It opens fitted, keeps the lane names in sight, and wears the PDF's colours."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from models.codes import ActivityType
from procedures import colours
from procedures.flowchart import LANE_HEADER, layout
from procedures.i18n import _, ngettext
from tests.ui.helpers import activate, activity_rows
from tests.ui.test_versions import open_example

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier
ALT = Qt.KeyboardModifier.AltModifier


def open_flow(qtbot: Any, window: Any) -> Any:
    open_example(window)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    flow = window.workspace.flow
    qtbot.waitUntil(lambda: flow.view.isVisible() and not flow._fit_pending, timeout=5000)
    return flow


def center(flow: Any, row: int) -> QPointF:
    return flow.scene.boxes[row].sceneBoundingRect().center()


def lane_center(flow: Any, key: str, x: float) -> QPointF:
    lane = flow.scene.flow.lane(key)
    return QPointF(x, lane.top + lane.height / 2)


def drag(view: Any, start: QPointF, end: QPointF, keys: Any = NONE) -> None:
    """Press on `start`, move with the button held, release on `end` (scene points)."""
    port = view.viewport()
    a, b = view.mapFromScene(start), view.mapFromScene(end)
    QTest.mousePress(port, LEFT, keys, a)
    for step in (0.25, 0.5, 0.75, 1.0):
        here = QPointF(a) + (QPointF(b) - QPointF(a)) * step
        QApplication.sendEvent(port, QMouseEvent(
            QEvent.Type.MouseMove, here, QPointF(port.mapToGlobal(here.toPoint())), LEFT,
            LEFT, keys))
    QTest.mouseRelease(port, LEFT, keys, b)


def click(view: Any, point: QPointF, keys: Any = NONE) -> None:
    QTest.mouseClick(view.viewport(), LEFT, keys, view.mapFromScene(point))


def test_it_opens_fitted_with_the_lane_names_in_sight_and_the_pdf_colours(
        qtbot: Any, window: Any) -> None:
    flow = open_flow(qtbot, window)
    view, scene = flow.view, flow.scene
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    lanes = scene.headers.sceneBoundingRect()
    assert visible.left() <= lanes.left() + 1 and lanes.right() <= visible.right()
    assert visible.top() <= lanes.top() and lanes.bottom() <= visible.bottom() + 1
    # Scrolled to the end, the names are still at the left edge.
    view.resetTransform()
    view.scale(2, 2)
    bar = view.horizontalScrollBar()
    bar.setValue(bar.maximum())
    left = view.mapToScene(0, 0).x()
    assert left > 100 and abs(scene.headers.x() - left) < 1
    bar.setValue(bar.minimum())
    assert scene.headers.x() == 0
    # A box wears its type's colours, the PDF's.
    box = scene.boxes[3]
    assert box.activity.type is ActivityType.ESPERA
    from ui.flowchart.scene import LEGEND_HEIGHT, TYPE_FILL

    assert TYPE_FILL[ActivityType.ESPERA].name().lower() == \
        colours.ASME_FILLS[ActivityType.ESPERA].lower()
    # On screen the citizen's lane and every unit's (OT has no step) are offered for
    # drops; the export is the table's diagram, without them, and wears the same colours.
    assert [lane.key for lane in scene.flow.lanes] == ["", "TD", "DU", "OT"]
    image = flow.render_image(1.0)
    exported = layout(window.workspace.activities.model.rows, {})
    assert [lane.key for lane in exported.lanes] == ["TD", "DU"]
    node = next(n for n in exported.nodes if n.index == 3)
    left, top = 10 + LANE_HEADER + node.x, 10 + LEGEND_HEIGHT + node.y
    inside = image.pixelColor(int(left + 5), int(top + node.height - 7))
    assert inside.name().lower() == colours.ASME_FILLS[ActivityType.ESPERA].lower()
    assert image.height() == int(exported.height + LEGEND_HEIGHT + 20)
    assert [lane.key for lane in scene.flow.lanes] == ["", "TD", "DU", "OT"], "drawn back"


def test_drag_a_step_to_another_lane_and_along_its_lane(qtbot: Any, window: Any) -> None:
    flow = open_flow(qtbot, window)
    names = [a[0] for a in activity_rows(window)]
    # "Registrar en el sistema y derivar" (TD) down into the DU lane, same place.
    start = center(flow, 1)
    drag(flow.view, start, lane_center(flow, "DU", start.x()))
    rows = activity_rows(window)
    assert rows[1][1] == "DU" and [r[0] for r in rows] == names
    assert window.document.stack.undoText() == _("Change {field} of activity {row}").format(
        field=_("unit"), row=2)
    assert sorted(flow.scene.boxes) == list(range(9)), "drawn again from the table"
    window.document.stack.undo()
    assert activity_rows(window)[1][1] == "TD"
    # The first step along its lane, past the third: it becomes the third.
    start, after = center(flow, 0), center(flow, 2)
    drag(flow.view, start, QPointF(after.x() + 30, start.y()))
    assert [r[0] for r in activity_rows(window)] == [names[1], names[2], names[0], *names[3:]]
    assert window.document.stack.undoText() == _("Move activity {row}").format(row=1)
    window.document.stack.undo()
    assert [r[0] for r in activity_rows(window)] == names
    # Both at once: one undo step.
    start, target = center(flow, 0), center(flow, 5)
    drag(flow.view, start, QPointF(target.x() + 30, target.y()))
    rows = activity_rows(window)
    assert rows[5][0] == names[0] and rows[5][1] == "DU"
    assert window.document.stack.undoText() == _("Move activity {row} to another lane").format(
        row=1)
    window.document.stack.undo()
    assert [r[0] for r in activity_rows(window)] == names
    assert activity_rows(window)[0][1] == "TD"
    # A click is not a drag.
    QTest.mouseClick(flow.view.viewport(), LEFT, NONE,
                     flow.view.mapFromScene(center(flow, 4)))
    assert activity_rows(window)[0][1] == "TD"
    assert window.workspace.activities.selected() == [4]


def test_into_the_citizen_lane_the_staff_goes_in_the_same_step(qtbot: Any,
                                                                window: Any) -> None:
    flow = open_flow(qtbot, window)
    start = center(flow, 1)  # no step is the citizen's yet: the lane is there, empty
    drag(flow.view, start, lane_center(flow, "", start.x()))
    second = window.workspace.activities.model.rows[1]
    assert second.unit is None and second.staff == ()
    window.document.stack.undo()
    second = window.workspace.activities.model.rows[1]
    assert second.unit == "TD" and second.staff


def test_a_unit_with_no_step_has_its_lane_to_drop_into(qtbot: Any, window: Any) -> None:
    flow = open_flow(qtbot, window)
    scene = flow.scene
    assert "OT" not in {a.unit for a in window.workspace.activities.model.rows}
    empty = scene.flow.lane("OT")
    assert empty.label == "Otras unidades"
    hints = [item for item in scene.items()
             if hasattr(item, "text") and "Otras unidades" in item.text()
             and empty.top <= item.pos().y() <= empty.top + empty.height]
    assert hints, "the empty lane says what it is for"
    start = center(flow, 4)
    drag(flow.view, start, lane_center(flow, "OT", start.x()))
    assert activity_rows(window)[4][1] == "OT"
    assert window.document.stack.undoText() == _("Change {field} of activity {row}").format(
        field=_("unit"), row=5)
    assert [lane.key for lane in scene.flow.lanes] == ["", "TD", "DU", "OT"]
    assert not [item for item in scene.items() if hasattr(item, "text")
                and "Otras unidades" in item.text() and item.pos().y() >= empty.top], \
        "a lane with a step has no hint"
    window.document.stack.undo()
    assert activity_rows(window)[4][1] == "DU"
    # Alt+Down walks into the empty lanes too.
    flow.view.setFocus()
    scene.select_rows([4])
    qtbot.keyClick(flow.view, Qt.Key.Key_Down, ALT)
    assert activity_rows(window)[4][1] == "OT"
    window.document.stack.undo()


def moved(count: int) -> str:
    return ngettext("Move activity {row}", "Move {n} activities", count).format(row=1,
                                                                                n=count)


def test_several_boxes_move_together_as_one_undo_step(qtbot: Any, window: Any) -> None:
    flow = open_flow(qtbot, window)
    scene, view = flow.scene, flow.view
    names = [a[0] for a in activity_rows(window)]
    units = [a[1] for a in activity_rows(window)]
    assert units[:4] == ["TD", "TD", "TD", "DU"], units
    # Ctrl+click and Shift+click add boxes to the selection; the table follows.
    click(view, center(flow, 0))
    click(view, center(flow, 1), Qt.KeyboardModifier.ControlModifier)
    assert scene.selected_rows() == [0, 1]
    assert window.workspace.activities.selected() == [0, 1]
    click(view, center(flow, 1), Qt.KeyboardModifier.ControlModifier)
    assert scene.selected_rows() == [0], "Ctrl+click again takes it out"
    click(view, center(flow, 1), Qt.KeyboardModifier.ShiftModifier)
    assert scene.selected_rows() == [0, 1]
    # Dragged down into the DU lane together: both change unit, order kept, one undo.
    start = center(flow, 1)
    depth = scene.flow.lane("DU").top + scene.flow.lane("DU").height / 2 - start.y()
    drag(view, start, QPointF(start.x(), start.y() + depth))
    rows = activity_rows(window)
    assert [r[1] for r in rows[:2]] == ["DU", "DU"] and [r[0] for r in rows] == names
    assert window.document.stack.undoText() == moved(2)
    assert scene.selected_rows() == [0, 1], "still selected, redrawn"
    window.document.stack.undo()
    assert [r[1] for r in activity_rows(window)] == units
    assert sorted(scene.boxes) == list(range(9))
    # A Ctrl + drag band on the background selects the boxes it touches.
    scene.select_rows([])
    first, third = scene.boxes[0].sceneBoundingRect(), scene.boxes[2].sceneBoundingRect()
    top = scene.flow.lanes[0].top + 4  # the citizen's lane: background there
    drag(view, QPointF(first.left() - 8, top),
         QPointF(third.right() + 4, third.bottom() + 4), Qt.KeyboardModifier.ControlModifier)
    assert scene.selected_rows() == [0, 1, 2]
    assert view.dragMode() == view.DragMode.ScrollHandDrag, "a plain drag pans again"
    # Dragged along the lanes past the sixth step: they go after it, in their order,
    # each keeping its lane; one undo step shared with the table's stack.
    grabbed, after = center(flow, 2), center(flow, 5)
    drag(view, grabbed, QPointF(after.x() + 30, grabbed.y()))
    rows = activity_rows(window)
    assert [r[0] for r in rows] == [*names[3:6], *names[:3], *names[6:]]
    assert [r[1] for r in rows[3:6]] == units[:3]
    assert window.document.stack.undoText() == moved(3)
    window.workspace.activities.table.setFocus()
    qtbot.keyClick(window.workspace.activities.table, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier)
    assert [r[0] for r in activity_rows(window)] == names, "the table's Ctrl+Z undoes it"


def test_double_click_edits_the_text_and_the_minutes(qtbot: Any, window: Any,
                                                     answers: Any) -> None:
    flow = open_flow(qtbot, window)
    answers.will("edit_step", ("Inspección ocular", "1h"))
    QTest.mouseDClick(flow.view.viewport(), LEFT, NONE,
                      flow.view.mapFromScene(center(flow, 4)))
    ((_name, args),) = [a for a in answers.asked if a[0] == "edit_step"]
    assert args[2:4] == ("Inspección de campo", "90")
    assert args[4]("", "10") and args[4]("x", "mucho") and not args[4]("x", "1h30")
    row = activity_rows(window)[4]
    assert row[0] == "Inspección ocular" and row[4] == Decimal(60)
    assert window.document.stack.undoText() == _("Edit activity {row}").format(row=5)
    window.document.stack.undo()
    assert activity_rows(window)[4][0] == "Inspección de campo"


def test_keys_insert_delete_move_and_mark_parallel(qtbot: Any, window: Any) -> None:
    flow = open_flow(qtbot, window)
    view = flow.view
    view.setFocus()
    names = [a[0] for a in activity_rows(window)]
    qtbot.keyClick(view, Qt.Key.Key_Right)  # nothing selected: the first step
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert flow.scene.selected_rows() == [1]
    assert window.workspace.activities.selected() == [1], "the table follows"
    qtbot.keyClick(view, Qt.Key.Key_Insert)
    rows = activity_rows(window)
    assert len(rows) == 10 and rows[2][1] == "TD"
    assert rows[2][0] == _("New activity")
    assert flow.scene.selected_rows() == [2], "the new step is selected"
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [r[0] for r in activity_rows(window)] == names
    flow.scene.select_rows([5])
    qtbot.keyClick(view, Qt.Key.Key_P)
    assert window.workspace.activities.model.rows[5].parallel
    qtbot.keyClick(view, Qt.Key.Key_P)
    assert not window.workspace.activities.model.rows[5].parallel
    flow.scene.select_rows([5])
    qtbot.keyClick(view, Qt.Key.Key_Left, ALT)
    assert [r[0] for r in activity_rows(window)][4] == names[5]
    flow.scene.select_rows([4])
    qtbot.keyClick(view, Qt.Key.Key_Up, ALT)  # to the lane above: TD
    assert activity_rows(window)[4][1] == "TD"
    for _step in range(3):
        window.document.stack.undo()
    assert [r[0] for r in activity_rows(window)] == names
    # Ctrl+0 fits, Ctrl++ zooms.
    scale = view.transform().m11()
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.transform().m11() > scale
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert abs(view.transform().m11() - scale) < 0.05 * scale  # fitted again


def test_a_wait_of_days_reads_in_business_days_as_on_paper(qtbot: Any) -> None:
    """1,440 minutes of waiting are 3 días hábiles of a 480-minute day, not '24 h'."""
    from decimal import Decimal

    from models.codes import ActivityType, ValueClass
    from procedures import snapshots as s
    from procedures.vocabulary import wait_text
    from ui.flowchart.scene import FlowScene

    scene = FlowScene()
    scene.minutes_per_day = 480
    steps = (s.Activity(description="Espera en bandeja", unit="TD", type=ActivityType.ESPERA,
                        value=ValueClass.SVA, minutes=Decimal(1440)),
             s.Activity(description="Revisar", unit="TD", type=ActivityType.REVISION,
                        value=ValueClass.CONTROL, minutes=Decimal(15)))
    scene.show_activities(steps, {"TD": "Trámite Documentario"})
    assert scene.boxes[0].minutes_text() == wait_text(Decimal(1440), 480) != "1,440 min"
    assert "3" in scene.boxes[0].minutes_text()
    assert scene.boxes[1].minutes_text() == "15 min"


def test_a_refused_drag_says_why_above_the_diagram(qtbot: Any, window: Any) -> None:
    """Where the clerk is: a drag the database refuses (here a read-only file) snaps back
    and says why above the diagram; the next edit that goes in takes the message away."""
    flow = open_flow(qtbot, window)
    reason = "La base de datos prueba.sqlite es de solo lectura"
    window.document.read_only = reason
    start = center(flow, 1)
    drag(flow.view, start, lane_center(flow, "DU", start.x()))
    assert activity_rows(window)[1][1] == "TD", "nothing written"
    assert flow.problem.isVisible() and flow.problem.text() == reason
    assert flow.scene.boxes[1].pos() == flow.scene.boxes[1].home, "drawn back"
    window.document.read_only = ""
    start = center(flow, 1)
    drag(flow.view, start, lane_center(flow, "DU", start.x()))
    assert activity_rows(window)[1][1] == "DU"
    assert flow.problem.text() == "" and not flow.problem.isVisible()
