"""The step table as a person views it: sorted by a column, filtered by a text.

A view only: `StepsView` is a QSortFilterProxyModel over `ActivitiesModel`, so sorting
and filtering never change the order of the steps (the table's order is the process,
the flowchart and every figure follow it). The "new row" placeholder stays last
whatever the sort, and is never filtered out. Rows typed or edited while a filter is on
stay shown (`pin`) until the filter changes, as in a spreadsheet: a row that vanished
the moment its unit was changed would look deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from procedures.text import fold
from ui.item_models.activities import ActivitiesModel

AnyIndex = QModelIndex | QPersistentModelIndex
#: `filter_column` that searches every column.
ANY_COLUMN = -1


class StepsView(QSortFilterProxyModel):
    """Sort and filter over an `ActivitiesModel` (UI thread only)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.filter_text = ""
        self.filter_column = ANY_COLUMN
        self._folded = ""
        self._pinned: set[str] = set()

    # ---- What the view asks of "its" model (same names as ActivitiesModel) ---------

    @property
    def source(self) -> ActivitiesModel:
        model = self.sourceModel()
        assert isinstance(model, ActivitiesModel)
        return model

    @property
    def columns(self) -> list[Any]:
        return self.source.columns

    def column_of(self, key: str) -> int:
        return self.source.column_of(key)

    @property
    def row_count(self) -> int:
        """Real rows shown (without the placeholder)."""
        return self.rowCount() - (1 if self.source.on_append is not None else 0)

    def is_placeholder(self, row: int) -> bool:
        index = self.mapToSource(self.index(row, 0))
        return index.isValid() and self.source.is_placeholder(index.row())

    def source_row(self, row: int) -> int:
        """The step's row (its place in the process) of view row `row`, or -1."""
        index = self.mapToSource(self.index(row, 0))
        return index.row() if index.isValid() else -1

    def view_row(self, source_row: int) -> int:
        """Where step `source_row` is shown, or -1 when filtered out."""
        index = self.mapFromSource(self.source.index(source_row, 0))
        return index.row() if index.isValid() else -1

    @property
    def rearranged(self) -> bool:
        """True while the rows are not shown in step order or not all shown."""
        return self.sortColumn() >= 0 or bool(self._folded)

    # ---- Filter ---------------------------------------------------------------------

    def set_filter(self, text: str, column: int = ANY_COLUMN) -> None:
        if (text, column) == (self.filter_text, self.filter_column):
            return
        self.beginFilterChange()
        self.filter_text, self.filter_column = text, column
        self._folded = fold(text)
        self._pinned.clear()
        self.endFilterChange()

    def pin(self, uuids: Iterable[str]) -> None:
        """Keep these rows shown while the current filter lasts."""
        if self._folded:
            self._pinned.update(uuids)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._folded:
            return True
        model = self.source
        activity = model.row(source_row)
        if activity is None:
            return True  # the placeholder: typing a new row is always possible
        if activity.uid in self._pinned:
            return True
        columns = (model.columns if self.filter_column == ANY_COLUMN
                   else [model.columns[self.filter_column]])
        return any(self._folded in fold(column.display(activity)) for column in columns)

    # ---- Sort -----------------------------------------------------------------------

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        model = self.source
        ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
        # The placeholder ends last both ways (Qt reverses the comparison descending).
        if model.is_placeholder(left.row()):
            return not ascending
        if model.is_placeholder(right.row()):
            return ascending
        a, b = model.sort_value(left.row(), left.column()), \
            model.sort_value(right.row(), right.column())
        if a == b:  # ties keep the step order
            return left.row() < right.row() if ascending else left.row() > right.row()
        return bool(a < b)
