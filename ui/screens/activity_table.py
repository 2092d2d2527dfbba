"""A table view that types like a spreadsheet.

Enter commits and moves down (back to the column where a Tab run started, as in Excel);
Tab commits and edits the next cell; typing on a cell starts editing it; Enter on the
"new row" starts it. Rows can be dragged to a new place. After a row is appended the
owner tells the view where the new row is (`follow_append`), because inserting before the
placeholder moves the placeholder, not the cell being typed.

A cell may have a picker (a dialog that chooses its value, e.g. staff): `picker(index)`
is asked first on F4, Enter and a double-click, and returns True when it handled them.
Space on a check box with several rows selected asks `tick_all(index)` first (the owner
ticks or clears the box in every selected row, as one edit).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QWidget,
)

EndEditHint = QAbstractItemDelegate.EndEditHint


class SpreadsheetTable(QTableView):
    """QTableView with spreadsheet keys (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setTabKeyNavigation(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.verticalHeader().setDefaultSectionSize(26)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setHighlightSections(False)
        self._tab_origin: int | None = None
        self._pending: tuple[int, int] | None = None
        self._closing = False
        self.picker: Callable[[QModelIndex], bool] | None = None
        self.tick_all: Callable[[QModelIndex], bool] | None = None

    def fit_columns(self, widths: Mapping[int, int] | None = None) -> None:
        """Size every column that is not stretched: `widths[column]` (else the default
        size), but never narrower than its header, since a clipped title reads as a
        mistake. Call it after `setModel` and the stretch modes."""
        header = self.horizontalHeader()
        for column in range(header.count()):
            if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
                continue
            wanted = (widths or {}).get(column, header.defaultSectionSize())
            self.setColumnWidth(column, max(wanted, header.sectionSizeHint(column)))

    def enable_row_drag(self) -> None:
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)

    def setItemDelegate(self, delegate: QAbstractItemDelegate) -> None:
        super().setItemDelegate(delegate)
        if hasattr(delegate, "edited"):
            delegate.edited.connect(self.continue_after)

    def continue_after(self, row: int, column: int, hint: EndEditHint) -> None:
        """An edit of (row, column) ended with `hint`: go on as a spreadsheet does."""
        pending, self._pending = self._pending, None
        if pending is not None:
            row, column = pending
        model = self.model()
        here = model.index(row, column)
        self.setCurrentIndex(here)
        tabbing = hint in (EndEditHint.EditNextItem, EndEditHint.EditPreviousItem)
        if tabbing and self._tab_origin is None:
            self._tab_origin = column
        self._continue(here, hint)

    def follow_append(self, row: int, column: int) -> None:
        """The cell being typed became (row, column): continue from there."""
        self._pending = (row, column)

    # ---- Keys -------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        editing = self.state() == QAbstractItemView.State.EditingState
        opens = (Qt.Key.Key_F4, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if key in opens and not editing and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier) \
                and self.picker is not None and self.picker(self.currentIndex()):
            return
        if key == Qt.Key.Key_Space and not editing and self.tick_all is not None \
                and len({i.row() for i in self.selectedIndexes()}) > 1 \
                and self.currentIndex().flags() & Qt.ItemFlag.ItemIsUserCheckable \
                and self.tick_all(self.currentIndex()):
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not editing:
            current = self.currentIndex()
            model = self.model()
            if current.isValid() and getattr(model, "is_placeholder", lambda _r: False)(
                    current.row()):
                self.edit(current)
            else:
                self._move_down()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._tab_origin = None
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.isValid() and self.picker is not None and self.picker(index):
            return
        super().mouseDoubleClickEvent(event)

    def focusNextPrevChild(self, next_: bool) -> bool:
        # While an editor closes, Qt may move focus "to the next child" when the editor
        # hides with focus (after a completer popup); that must not move the cursor a
        # second time.
        if self._closing:
            return True
        return super().focusNextPrevChild(next_)

    def closeEditor(self, editor: QWidget, hint: EndEditHint) -> None:
        self._closing = True
        try:
            self._close_editor(editor, hint)
        finally:
            self._closing = False

    def _close_editor(self, editor: QWidget, hint: EndEditHint) -> None:
        pending, self._pending = self._pending, None
        if hint == EndEditHint.EditNextItem and self._tab_origin is None:
            self._tab_origin = (pending[1] if pending else self.currentIndex().column())
        if pending is not None:
            super().closeEditor(editor, EndEditHint.NoHint)
            row, column = pending
            here = self.model().index(row, column)
            self.setCurrentIndex(here)
            self._continue(here, hint)
            return
        if hint == EndEditHint.SubmitModelCache:
            super().closeEditor(editor, EndEditHint.NoHint)
            self._move_down()
            return
        super().closeEditor(editor, hint)

    def _continue(self, here: QModelIndex, hint: EndEditHint) -> None:
        if hint == EndEditHint.EditNextItem:
            target = self._next_editable(here, +1)
        elif hint == EndEditHint.EditPreviousItem:
            target = self._next_editable(here, -1)
        elif hint == EndEditHint.SubmitModelCache:
            self._move_down()
            return
        else:
            return
        if target.isValid():
            self.setCurrentIndex(target)
            self.edit(target)

    def _next_editable(self, index: QModelIndex, step: int) -> QModelIndex:
        model = self.model()
        column = index.column() + step
        while 0 <= column < model.columnCount():
            candidate = model.index(index.row(), column)
            if not self.isColumnHidden(column) and \
                    model.flags(candidate) & Qt.ItemFlag.ItemIsEditable:
                return candidate
            column += step
        return QModelIndex()

    def _move_down(self) -> None:
        current = self.currentIndex()
        model = self.model()
        if not current.isValid() or model is None:
            return
        column = self._tab_origin if self._tab_origin is not None else current.column()
        self._tab_origin = None
        row = min(current.row() + 1, model.rowCount() - 1)
        self.setCurrentIndex(model.index(row, column))
