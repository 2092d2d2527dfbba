"""Figures that change with every edit (the step table's footer, the status bar) are
shown without laying the whole window out again (ui/screens/steady.py), and still get
the room their text needs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from procedures.formatting import money, smart_number
from procedures.services.queries import procedure_index
from tests.ui.conftest import wait_figures
from ui.screens.steady import SLACK, SteadyLine, set_steady_text


class Layouts(QObject):
    """Which widgets were asked to lay themselves out again."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[QObject] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.asked.append(watched)
        return False


def test_an_edit_shows_new_figures_without_laying_the_window_out(
        qtbot: Any, window: Any) -> None:
    assert window.open_procedure(window.document.read(procedure_index)[0].uuid)
    wait_figures(qtbot, window)
    app = QApplication.instance()
    assert app is not None
    model = window.workspace.activities.model
    row = next(n for n, a in enumerate(model.rows) if a.minutes)
    old = model.row(row)
    column = model.column_of("minutes")
    # The first edit enables Undo (the toolbar is laid out again): not measured.
    assert model.setData(model.index(row, column), str(int(old.minutes) + 1),
                         Qt.ItemDataRole.EditRole)
    wait_figures(qtbot, window)
    qtbot.wait(300)  # and the window has laid its toolbar out again
    layouts = Layouts()
    app.installEventFilter(layouts)
    try:
        assert model.setData(model.index(row, column), str(int(old.minutes) + 250),
                             Qt.ItemDataRole.EditRole)
        measured = wait_figures(qtbot, window)
        qtbot.wait(20)
    finally:
        app.removeEventFilter(layouts)
    footer = window.workspace.activities.footer
    assert f"<b>{smart_number(measured.metrics.total_minutes)}</b>" in footer.text()
    cost = window.figure_labels["cost"]
    assert money(measured.metrics.cost.unit_cost) in cost.text()
    assert cost.width() >= cost.sizeHint().width()  # the whole text has room
    assert footer.label.height() >= footer.label.heightForWidth(footer.width())
    above = {window, window.centralWidget(), window.workspace, window.workspace.tabs,
             window.statusBar()}
    assert not [w for w in layouts.asked if w in above]


def test_a_steady_line_takes_the_height_its_text_needs(qtbot: Any) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    label = QLabel()
    label.setWordWrap(True)
    line = SteadyLine(label)
    layout.addWidget(line)
    holder.resize(300, 200)
    holder.show()
    line.setText("uno")
    qtbot.wait(10)
    one = line.height()
    assert one == label.heightForWidth(line.width()) and label.geometry() == line.rect()
    line.setText(" ".join(["palabras que no caben en una sola línea"] * 4))
    qtbot.waitUntil(lambda: line.height() > one)
    assert line.height() == label.heightForWidth(line.width())
    assert label.height() == line.height()
    line.setText("uno")
    qtbot.waitUntil(lambda: line.height() == one)


def natural_width(text: str) -> int:
    label = QLabel(text)
    return label.sizeHint().width()


def test_a_steady_label_grows_at_once_and_shrinks_only_with_room_to_spare(
        qtbot: Any) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    set_steady_text(label, "Costo unitario: S/ 1,038.37")
    assert label.minimumSize() == label.maximumSize() == label.sizeHint()
    width = label.width()
    set_steady_text(label, "Costo unitario: S/ 11,038.37")
    wider = label.width()
    assert wider == natural_width("Costo unitario: S/ 11,038.37") > width  # grown to fit
    set_steady_text(label, "Costo unitario: S/ 1,038.30")  # a little shorter: kept
    assert label.width() == wider and natural_width(label.text()) >= wider - SLACK
    set_steady_text(label, "S/ 1")  # much shorter: shrunk to its text
    assert label.width() == natural_width("S/ 1") < wider - SLACK
    assert label.minimumSize() == label.maximumSize()
