"""A table model over keyed rows (frozen dataclasses) that follows the database precisely.

The model holds the rows' keys (uuids) and a cache of the rows themselves; `data()`
only reads that cache, never the database. After an edit the screen loads the rows
again (one query) and hands them to `set_rows`, which works out what changed and emits
exactly that: `beginRemoveRows`/`beginInsertRows` for rows that went or came,
`layoutChanged` (with persistent indexes moved) for a pure reorder, `dataChanged` for
rows whose content differs. Selections and scroll positions survive edits.

Columns are declared (`Column`): how a row shows, what an editor starts with, tooltips,
check boxes. Edits go to `on_edit(key, column, value) -> bool`, which pushes an undo
command and says whether it was accepted; the model never writes to the database.
Optionally a trailing "new row" placeholder accepts typing to append (`on_append`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QIcon

from procedures.text import fold

Row = TypeVar("Row")
AnyIndex = QModelIndex | QPersistentModelIndex
PLACEHOLDER_COLOR = QColor("#8a97a5")

# Looked up once: a view asks flags() and data() for every role of every cell it paints
# (a 20-row screen of the step table: ~1,500 calls), and Qt's enum attributes and the
# Flag `|` are Python work on each call.
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_CHECK = Qt.ItemDataRole.CheckStateRole
_TIP = Qt.ItemDataRole.ToolTipRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_SHOWN = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_SHOWN_EDITABLE = _SHOWN | Qt.ItemFlag.ItemIsEditable
_DRAG = Qt.ItemFlag.ItemIsDragEnabled
_ROW = _SHOWN | _DRAG
_ROW_CHECKABLE = _SHOWN | Qt.ItemFlag.ItemIsUserCheckable | _DRAG
_ROW_EDITABLE = _SHOWN_EDITABLE | _DRAG


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column: `display` is the cell text; `edit` the editor's starting value."""

    key: str
    header: str
    display: Callable[[Row], str]
    edit: Callable[[Row], Any] | None = None
    tooltip: Callable[[Row], str | None] | None = None
    header_tooltip: str = ""
    checked: Callable[[Row], bool] | None = None
    editable: Callable[[Row], bool] | bool = False
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    foreground: Callable[[Row], QColor | None] | None = None
    icon: Callable[[Row], QIcon | None] | None = None
    #: Written on the placeholder row (the first such column shows the hint).
    placeholder: str = ""
    #: What sorting by this column compares (default: the text, accents and case aside).
    sort: Callable[[Row], Any] | None = None

    def is_editable(self, row: Row) -> bool:
        return self.editable(row) if callable(self.editable) else self.editable


class RowsModel(QAbstractTableModel, Generic[Row]):
    """Rows with keys; see the module docstring. UI thread only."""

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        key: Callable[[Row], Hashable],
        *,
        on_edit: Callable[[Hashable, str, Any], bool] | None = None,
        on_append: Callable[[str, Any], bool] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._key = key
        self._rows: list[Row] = []
        self._keys: list[Hashable] = []
        self.on_edit = on_edit
        self.on_append = on_append
        #: True when what is shown cannot be changed here: a database that cannot be
        #: written, or a municipality the user's role does not let them change.
        self.read_only = False

    # ---- Access -----------------------------------------------------------------------

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(self._rows)

    def row(self, index: int) -> Row | None:
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def key(self, index: int) -> Hashable | None:
        return self._keys[index] if 0 <= index < len(self._keys) else None

    def row_of(self, key: Hashable) -> int:
        """The row number of `key`, or -1."""
        try:
            return self._keys.index(key)
        except ValueError:
            return -1

    def column_of(self, key: str) -> int:
        return next(i for i, column in enumerate(self.columns) if column.key == key)

    def sort_value(self, row: int, column: int) -> Any:
        """What a sort by `column` compares for `row` (a real row)."""
        spec, item = self.columns[column], self._rows[row]
        return spec.sort(item) if spec.sort is not None else fold(spec.display(item))

    def is_placeholder(self, row: int) -> bool:
        return self.on_append is not None and row == len(self._rows)

    @property
    def row_count(self) -> int:
        """Real rows (without the placeholder)."""
        return len(self._rows)

    # ---- Following the database -----------------------------------------------------

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Make the model show `rows`, emitting the smallest precise set of signals."""
        new_rows = list(rows)
        new_keys = [self._key(r) for r in new_rows]
        if len(set(new_keys)) != len(new_keys):
            raise ValueError("row keys must be unique")
        old_by_key = dict(zip(self._keys, self._rows, strict=True))
        if new_keys != self._keys:
            if self._keys and new_keys and old_by_key.keys().isdisjoint(new_keys):
                # Another version or procedure: nothing to keep, and one reset costs the
                # views (sort proxy, headers) far less than removing and inserting 200 rows.
                self.beginResetModel()
                self._rows, self._keys = new_rows, new_keys
                self.endResetModel()
                return
            if sorted(map(str, new_keys)) == sorted(map(str, self._keys)):
                self._reorder(new_keys, new_rows)
            else:
                self._splice(new_keys, new_rows)
        self._rows, self._keys = new_rows, new_keys
        last = len(self.columns) - 1
        for number, row in enumerate(new_rows):
            before = old_by_key.get(new_keys[number])
            if before is not None and before != row:
                self.dataChanged.emit(self.index(number, 0), self.index(number, last))

    def _reorder(self, new_keys: list[Hashable], new_rows: list[Row]) -> None:
        self.layoutAboutToBeChanged.emit()
        position = {key: number for number, key in enumerate(new_keys)}
        moved_from = list(self._keys)
        old_persistent = self.persistentIndexList()
        new_persistent = []
        for index in old_persistent:
            row = index.row()
            if 0 <= row < len(moved_from):
                new_persistent.append(self.index(position[moved_from[row]], index.column()))
            else:
                new_persistent.append(self.index(row, index.column()))
        self._rows, self._keys = new_rows, new_keys
        self.changePersistentIndexList(old_persistent, new_persistent)
        self.layoutChanged.emit()

    def _splice(self, new_keys: list[Hashable], new_rows: list[Row]) -> None:
        matcher = SequenceMatcher(a=self._keys, b=new_keys, autojunk=False)
        rows, keys = list(self._rows), list(self._keys)
        # From the end, so the earlier positions stay valid.
        for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
            if tag == "equal":
                continue
            if tag in ("delete", "replace"):
                self.beginRemoveRows(QModelIndex(), i1, i2 - 1)
                del rows[i1:i2], keys[i1:i2]
                self._rows, self._keys = rows, keys
                self.endRemoveRows()
            if tag in ("insert", "replace"):
                self.beginInsertRows(QModelIndex(), i1, i1 + (j2 - j1) - 1)
                rows[i1:i1] = new_rows[j1:j2]
                keys[i1:i1] = new_keys[j1:j2]
                self._rows, self._keys = rows, keys
                self.endInsertRows()

    def clear(self) -> None:
        self.set_rows(())

    # ---- Qt model API -----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._rows) + (1 if self.on_append is not None else 0)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.columns):
                return None
            column = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column.header
            if role == Qt.ItemDataRole.ToolTipRole and column.header_tooltip:
                return column.header_tooltip
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.rowCount():
            return "*" if self.is_placeholder(section) else str(section + 1)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        if self.read_only:
            return _SHOWN
        column = self.columns[index.column()]
        if self.is_placeholder(index.row()):
            return _SHOWN_EDITABLE if column.editable and column.checked is None else _SHOWN
        row = self._rows[index.row()]
        if column.checked is not None:
            return _ROW_CHECKABLE if column.is_editable(row) else _ROW
        if column.is_editable(row) and self.on_edit is not None:
            return _ROW_EDITABLE
        return _ROW

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        number = index.column()
        columns = self.columns
        if not 0 <= number < len(columns):
            return None
        column = columns[number]
        row_number = index.row()
        rows = self._rows
        if row_number == len(rows) and self.on_append is not None:  # the placeholder
            if role == _DISPLAY:
                return column.placeholder
            if role == _FOREGROUND:
                return QBrush(PLACEHOLDER_COLOR)
            if role == _EDIT:
                return ""
            return None
        if not 0 <= row_number < len(rows):
            return None
        row = rows[row_number]
        if role == _DISPLAY:
            return "" if column.checked is not None else column.display(row)
        if role == _EDIT:
            return column.edit(row) if column.edit is not None else column.display(row)
        if role == _CHECK and column.checked is not None:
            return (Qt.CheckState.Checked if column.checked(row)
                    else Qt.CheckState.Unchecked)
        if role == _TIP and column.tooltip is not None:
            return column.tooltip(row)
        if role == _ALIGN:
            return column.align
        if role == _FOREGROUND and column.foreground is not None:
            color = column.foreground(row)
            return QBrush(color) if color is not None else None
        if role == _DECORATION and column.icon is not None:
            return column.icon(row)
        return None

    def setData(self, index: AnyIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        column = self.columns[index.column()]
        if self.read_only:
            return False
        if role == Qt.ItemDataRole.CheckStateRole:
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        if self.is_placeholder(index.row()):
            return self.on_append(column.key, value) if self.on_append else False
        key = self.key(index.row())
        if key is None or self.on_edit is None:
            return False
        # The database is the truth: the view updates when `set_rows` follows the edit.
        return self.on_edit(key, column.key, value)
