"""How the step table is arranged for the eye: sorted by a column, filtered by a text,
searched for a word (and the word replaced), with the bars above the table that do it.

The arrangement is a view (`StepsView`): the steps keep their order. While the rows are
not in step order, moving rows waits (dragging them is switched off and the move
commands say why), since a drop between two sorted rows has no place in the process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from procedures.i18n import _, ngettext
from ui.screens.table_tools import FilterBar, ReplaceBar

if TYPE_CHECKING:
    from ui.screens.activities_tab import ActivitiesTab


class Arrangement:
    """The sort, the filter and find-and-replace of an `ActivitiesTab`."""

    def __init__(self, tab: ActivitiesTab) -> None:
        self.tab = tab
        self.filter = FilterBar(tab)
        self.filter.changed.connect(self._filter)
        self.filter.leave.connect(self._back)
        self.filter.reset.connect(self.show_all)
        self.replace = ReplaceBar(tab)
        self.replace.find_next.connect(self._find_next)
        self.replace.replace_all.connect(self._replace_all)
        self.replace.closed.connect(self._back)
        #: What `arranged` last said (it is said again only when it changes: the window
        #: updates every command's state on it, and every edit calls `changed`).
        self._said: bool | None = None

    @staticmethod
    def reason() -> str:
        """Why rows cannot be moved now."""
        return _("The table is sorted or filtered: show all in step order first "
                 "(the button above the table) to move steps.")

    def _back(self) -> None:
        self.tab.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _filter(self, text: str, column: int) -> None:
        self.tab.view.set_filter(text, column)
        self.changed()

    def changed(self, *_args: Any) -> None:
        """The view was sorted or filtered (or shows all again), or its rows changed: say
        so, and stop row drags that would drop into an order that is not the steps'."""
        tab = self.tab
        if tab.model is None:
            return
        rearranged = tab.view.rearranged
        self.filter.show_count(tab.view.row_count, tab.model.row_count, rearranged)
        tab.table.setDragEnabled(not rearranged)
        if rearranged != self._said:
            self._said = rearranged
            tab.arranged.emit(rearranged)

    def show_all(self) -> None:
        """Every step, in step order (clears the filter and the sort)."""
        self.filter.clear()
        self.tab.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.tab.view.sort(-1)
        self.changed()

    def sort_current(self) -> None:
        """Ctrl+Shift+S: sort by the current column, ascending, then descending, then
        the steps' own order again."""
        table, view = self.tab.table, self.tab.view
        current = table.currentIndex()
        column = current.column() if current.isValid() else 0
        header = table.horizontalHeader()
        if header.sortIndicatorSection() != column or view.sortColumn() < 0:
            header.setSortIndicator(column, Qt.SortOrder.AscendingOrder)
        elif header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder:
            header.setSortIndicator(column, Qt.SortOrder.DescendingOrder)
        else:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            view.sort(-1)
        self.changed()

    def focus_filter(self) -> None:
        """Ctrl+Shift+L: the keyboard into the filter box."""
        self.filter.text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.text.selectAll()

    def open_replace(self) -> None:
        """Ctrl+H: the find-and-replace bar over the descriptions."""
        self.replace.open_bar()

    def _find_next(self, text: str, match_case: bool) -> None:
        tab = self.tab
        if tab.model is None or not text:
            return
        rows = tab.view.rowCount()
        current = tab.table.currentIndex()
        start = current.row() if current.isValid() else -1
        wanted = text if match_case else text.casefold()
        for step in range(1, rows + 1):
            row = (start + step) % rows
            activity = tab.model.row(tab.view.source_row(row))
            if activity is None:
                continue
            have = activity.description if match_case else activity.description.casefold()
            if wanted in have:
                tab.table.setCurrentIndex(tab.view.index(row, 0))
                tab.table.selectRow(row)
                self.replace.result.setText("")
                return
        self.replace.result.setText(_("Not found"))

    def _replace_all(self, text: str, replacement: str, match_case: bool) -> None:
        count = self.tab.edits.replace_text(self.tab.shown(), text, replacement, match_case)
        self.replace.result.setText(
            ngettext("Replaced in {n} activity", "Replaced in {n} activities", count).format(
                n=count) if count else _("No description shown has “{text}”").format(
                    text=text))
