"""The change history as a table: an adapter over `Change` snapshots (no query in data()),
and the filter the History view puts over it (text, field, who, date range)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from procedures.change_words import field_text, new_words, old_words, what_text
from procedures.i18n import N_, _
from procedures.services.history import Change
from procedures.text import fold

AnyIndex = QModelIndex | QPersistentModelIndex

#: The columns, in order (msgids).
COLUMNS = (N_("When"), N_("Who"), N_("Procedure"), N_("Version"), N_("What"), N_("Field"),
           N_("Before"), N_("After"))
WHEN, WHO, PROCEDURE, VERSION, WHAT, FIELD, OLD, NEW = range(len(COLUMNS))
#: The entry of a row (a `Change`), for the view and the filter.
CHANGE_ROLE = Qt.ItemDataRole.UserRole + 1


def when_text(change: Change) -> str:
    """The local date and time of a change: "03/12/2026 18:40"."""
    return change.when.astimezone().strftime("%d/%m/%Y %H:%M")


def cells(change: Change) -> tuple[str, ...]:
    """The row's texts in the current language, column by column."""
    old, new = old_words(change), new_words(change)
    if not change.field and change.summary and not (old or new):  # an import: its sentence
        new = change.summary
    return (when_text(change), change.who, change.procedure, change.version,
            what_text(change), field_text(change), old, new)


class HistoryModel(QAbstractTableModel):
    """Changes, newest first; texts are worded once per load (and per language)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._changes: list[Change] = []
        self._texts: list[tuple[str, ...]] = []

    def set_changes(self, changes: Sequence[Change]) -> None:
        self.beginResetModel()
        self._changes = list(changes)
        self._texts = [cells(c) for c in self._changes]
        self.endResetModel()

    def retranslate(self) -> None:
        self.set_changes(self._changes)

    def change(self, row: int) -> Change:
        return self._changes[row]

    def texts(self, row: int) -> tuple[str, ...]:
        return self._texts[row]

    def changes(self) -> tuple[Change, ...]:
        return tuple(self._changes)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._changes)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._texts[row][column]
        if role == CHANGE_ROLE:
            return self._changes[row]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section]) if 0 <= section < len(COLUMNS) else None
        return None


class HistoryFilter(QSortFilterProxyModel):
    """Rows whose texts hold the typed words (accents and case aside), of one field,
    by one person, between two dates (each optional)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._field = ""
        self._who: str | None = None
        self._since: date | None = None
        self._until: date | None = None

    def set_filter(self, text: str = "", field: str = "", who: str | None = None,
                   since: date | None = None, until: date | None = None) -> None:
        """`field`: the field's words as the Field column shows them ("" any); `who`:
        None any."""
        self.beginFilterChange()
        self._words = fold(text).split()
        self._field, self._who, self._since, self._until = field, who, since, until
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, HistoryModel):
            return True
        change = model.change(source_row)
        texts = model.texts(source_row)
        if self._field and texts[FIELD] != self._field:
            return False
        if self._who is not None and change.who != self._who:
            return False
        day = change.when.astimezone().date()
        if self._since is not None and day < self._since:
            return False
        if self._until is not None and day > self._until:
            return False
        if self._words:
            folded = fold(" ".join(texts))
            return all(word in folded for word in self._words)
        return True
