"""A merge's conflicts as a table (File ▸ Synchronise): where, which field, the
database's value with who and when, the file's with who and when, and the decision —
mine (the database's, what the merge kept) or theirs (the file's). Texts are worded
once when the conflicts are set (no work in data())."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from procedures.i18n import N_, _
from procedures.merge_words import field_words, side_value, stamp_text
from procedures.services.merge import DELETED_IN_DATABASE, Conflict

AnyIndex = QModelIndex | QPersistentModelIndex

COLUMNS = (N_("Procedure"), N_("Version"), N_("Step"), N_("Field"), N_("Mine (database)"),
           N_("Theirs (file)"), N_("Keep"))
PROCEDURE, VERSION, STEP, FIELD, MINE, THEIRS, KEEP = range(len(COLUMNS))


def decidable(conflict: Conflict) -> bool:
    """A field's conflict, or a deletion's (theirs: deleted, or back as the file has
    it; mine: as the database has it)."""
    return bool(conflict.field or conflict.deleted)


def _cells(conflict: Conflict) -> tuple[str, ...]:
    mine_stamp = stamp_text(conflict.database_who, conflict.database_when)
    theirs_stamp = stamp_text(conflict.file_who, conflict.file_when)
    if conflict.deleted:
        deleted, changed = _("was deleted"), _("was changed")
        mine, theirs = ((deleted, changed) if conflict.deleted == DELETED_IN_DATABASE
                        else (changed, deleted))
        field = _("(the whole item)")
    else:
        mine, theirs = side_value(conflict, conflict.database), side_value(conflict,
                                                                           conflict.file)
        field = field_words(conflict)
    procedure = f"{conflict.procedure} {conflict.procedure_name}".strip() or conflict.uid
    return (procedure, conflict.version, conflict.step, field, mine + mine_stamp,
            theirs + theirs_stamp)


class ConflictsModel(QAbstractTableModel):
    """One row per conflict; `theirs(row)` says whether the file's value was chosen."""

    def __init__(self, conflicts: Sequence[Conflict], parent: Any = None) -> None:
        super().__init__(parent)
        self.conflicts = tuple(conflicts)
        self._texts = [_cells(c) for c in self.conflicts]
        # What the merge wrote is the starting choice (the file's with --prefer file).
        self._theirs = [c.kept == "file" for c in self.conflicts]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.conflicts)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        conflict = self.conflicts[row]
        if column == KEEP:
            if role == Qt.ItemDataRole.DisplayRole:
                return _("Theirs") if self._theirs[row] else _("Mine")
            if role == Qt.ItemDataRole.CheckStateRole and decidable(conflict):
                return (Qt.CheckState.Checked if self._theirs[row]
                        else Qt.CheckState.Unchecked)
            if role == Qt.ItemDataRole.ToolTipRole:
                return (_("Ticked: as the file has it (deleted, or kept with its "
                          "changes); not ticked: as the database has it.")
                        if conflict.deleted else
                        _("Ticked: the file's value; not ticked: the database's."))
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._texts[row][column]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == KEEP and decidable(
                self.conflicts[index.row()]):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: AnyIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (not index.isValid() or index.column() != KEEP
                or role != Qt.ItemDataRole.CheckStateRole
                or not decidable(self.conflicts[index.row()])):
            return False
        self.choose(index.row(), Qt.CheckState(value) == Qt.CheckState.Checked)
        return True

    def choose(self, row: int, theirs: bool) -> None:
        if not decidable(self.conflicts[row]) or self._theirs[row] == theirs:
            return
        self._theirs[row] = theirs
        index = self.index(row, KEEP)
        self.dataChanged.emit(index, index)

    def choose_all(self, theirs: bool) -> None:
        for row in range(len(self.conflicts)):
            self.choose(row, theirs)

    def theirs(self, row: int) -> bool:
        return self._theirs[row]

    def to_change(self) -> tuple[tuple[Conflict, ...], tuple[Conflict, ...]]:
        """(conflicts to set to the file's value, conflicts to set back to the
        database's): what differs from what the merge wrote."""
        to_file = tuple(c for c, theirs in zip(self.conflicts, self._theirs, strict=True)
                        if decidable(c) and theirs and c.kept != "file")
        to_database = tuple(c for c, theirs in zip(self.conflicts, self._theirs, strict=True)
                            if decidable(c) and not theirs and c.kept == "file")
        return to_file, to_database
