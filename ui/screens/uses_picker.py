"""The staff and resources picker of a step: every position (with its cost per minute) or
every identifiable resource (with its unit cost), each with a headcount or quantity.

Opened by F4, Enter or a double-click on a Staff or Resources cell (typing codes in the
cell keeps working). Keys: ↑/↓ choose a row; typing a number edits its count (a spin
box); Space switches between 0 and 1; + and − add or take one; Enter accepts, Esc
cancels. The picker changes nothing itself: the step table turns its answer into one
undo command. Costs are the engine's (`cost_per_minute`), shown, never computed here;
what is offered is the activity rule's (`offered_positions`, `offered_resources`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from procedures import snapshots as s
from procedures.formatting import money, smart_number
from procedures.i18n import _
from procedures.metrics import cost_per_minute
from procedures.rules.activity import offered_positions, offered_resources
from procedures.vocabulary import label
from ui.item_models.rows import Column, RowsModel

AnyIndex = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
COUNT = 4  # the column of the headcount or quantity
MAX_COUNT = 9999


@dataclass(frozen=True, slots=True)
class PickRow:
    """One position or resource offered, with the count chosen so far (0: not used)."""

    code: str
    name: str
    detail: str  # the position's unit, the resource's cost element
    cost: str  # what one minute (position) or one unit (resource) costs, as shown
    count: Decimal = Decimal(0)


def staff_rows(entity: s.Entity, unit: str | None,
               current: Sequence[tuple[str, Decimal]]) -> list[PickRow]:
    """Positions of the entity; the activity's unit's own positions come first."""
    counts = dict(current)
    return [PickRow(p.code, p.name, p.unit or "", _("{cost} a minute").format(
        cost=money(cost_per_minute(p, entity.settings))), counts.get(p.code, Decimal(0)))
        for p in offered_positions(entity, unit)]


def resource_rows(entity: s.Entity,
                  current: Sequence[tuple[str, Decimal]]) -> list[PickRow]:
    """The identifiable resources (those with a unit cost), and any other already used."""
    counts = dict(current)
    return [PickRow(r.code, r.name, label(r.element),
                    _("{cost} each").format(cost=money(r.unit_cost))
                    if r.unit_cost is not None else "—",
                    counts.get(r.code, Decimal(0))) for r in offered_resources(entity, counts)]


class CountDelegate(QStyledItemDelegate):
    """A spin box for the count that stores every change at once, so Enter on the
    dialog accepts what is shown."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: AnyIndex) -> QWidget:
        spin = QDoubleSpinBox(parent)
        spin.setDecimals(2)
        spin.setRange(0, MAX_COUNT)
        spin.setFrame(False)
        spin.setAlignment(RIGHT)
        spin.valueChanged.connect(lambda _value, box=spin: self.commitData.emit(box))
        return spin

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        value = float(index.data(Qt.ItemDataRole.EditRole) or 0)
        if isinstance(editor, QDoubleSpinBox) and editor.value() != value:
            # Quietly: this runs before the view knows the editor (and while the model
            # follows a change), when committing back would be wrong.
            editor.blockSignals(True)
            editor.setValue(value)
            editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QDoubleSpinBox):
            model.setData(index, Decimal(str(round(editor.value(), 2))),
                          Qt.ItemDataRole.EditRole)


class PickTable(QTableView):
    """Rows are chosen, the count column is the one typed into."""

    def moveCursor(self, action: QAbstractItemView.CursorAction,
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        index = super().moveCursor(action, modifiers)
        return self.model().index(index.row(), COUNT) if index.isValid() else index

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.isValid():
            target = self.model().index(index.row(), COUNT)
            self.setCurrentIndex(target)
            self.edit(target)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentIndex()
        step = {Qt.Key.Key_Plus: 1, Qt.Key.Key_Minus: -1}.get(Qt.Key(event.key()))
        if current.isValid() and self.state() != QAbstractItemView.State.EditingState:
            value = Decimal(str(current.siblingAtColumn(COUNT).data(Qt.ItemDataRole.EditRole)))
            if event.key() == Qt.Key.Key_Space:
                self.model().setData(current.siblingAtColumn(COUNT),
                                     Decimal(0) if value else Decimal(1))
                return
            if step is not None:
                self.model().setData(current.siblingAtColumn(COUNT),
                                     max(Decimal(0), min(Decimal(MAX_COUNT), value + step)))
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.model().setData(current.siblingAtColumn(COUNT), Decimal(0))
                return
        super().keyPressEvent(event)


class UsesPicker(QDialog):
    """Choose positions (or resources) and their counts; `chosen()` after accept."""

    def __init__(self, title: str, hint: str, rows: Sequence[PickRow],
                 headers: tuple[str, str, str], parent: QWidget | None = None) -> None:
        """`headers`: what the detail, cost and count columns are called."""
        super().__init__(parent)
        self.setObjectName("uses_picker")
        self.setWindowTitle(title)
        detail_header, cost_header, count_header = headers
        self.model: RowsModel[PickRow] = RowsModel([
            Column("code", _("Code"), lambda r: r.code),
            Column("name", _("Name"), lambda r: r.name),
            Column("detail", detail_header, lambda r: r.detail),
            Column("cost", cost_header, lambda r: r.cost, align=RIGHT),
            Column("count", count_header, lambda r: smart_number(r.count) if r.count else "",
                   edit=lambda r: r.count, editable=True, align=RIGHT),
        ], key=lambda r: r.code, on_edit=self._set_count, parent=self)
        self.model.set_rows(rows)
        self.table = PickTable(self)
        self.table.setObjectName("picker_table")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(COUNT, CountDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 70), (2, 90), (3, 130), (COUNT, 90)):
            self.table.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
        intro = QLabel(hint, self)
        intro.setWordWrap(True)
        keys = QLabel(_("Type a number for the row, Space for 0 or 1, + and − to add or take "
                        "one. Enter accepts."), self)
        keys.setObjectName("hint")
        keys.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(keys)
        layout.addWidget(buttons)
        self.resize(720, 420)
        first = next((n for n, r in enumerate(rows) if r.count), 0)
        if rows:
            self.table.setCurrentIndex(self.model.index(first, COUNT))
        self.table.setFocus()

    def _set_count(self, code: Any, key: str, value: Any) -> bool:
        row = self.model.row(self.model.row_of(code))
        if row is None or value is None:
            return False
        rows = list(self.model.rows)
        rows[self.model.row_of(code)] = replace(row, count=Decimal(value))
        self.model.set_rows(rows)
        return True

    def chosen(self) -> tuple[tuple[str, Decimal], ...]:
        """(code, count) of the rows with a count, in the order shown."""
        return tuple((r.code, r.count) for r in self.model.rows if r.count > 0)
