"""The conflicts of a synchronisation (File ▸ Synchronise…): both sides changed the
same field, or one deleted what the other changed. Each row shows where, the field,
the database's value (mine) and the file's (theirs), each with who and when, and the
decision; "All mine" / "All theirs" set every row. OK writes the decisions as one undo
step (`ui.undo.merge.DecideConflicts`); the merge itself is already written."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from procedures.i18n import _
from procedures.services.merge import Conflict
from ui.item_models.conflicts import KEEP, MINE, PROCEDURE, STEP, THEIRS, ConflictsModel


class MergeConflicts(QDialog):
    """Mine / theirs for each conflict; `model.to_change()` is the answer on OK."""

    def __init__(self, conflicts: Sequence[Conflict], summary: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("merge_conflicts")
        self.setWindowTitle(_("Synchronise: conflicts"))
        layout = QVBoxLayout(self)
        self.summary = QLabel(summary + "\n" + _(
            "Both sides changed these. Mine: the database's value stays; theirs: the "
            "file's takes its place. OK does it as one step (Ctrl+Z undoes it)."), self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = ConflictsModel(conflicts, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        for column, width in ((PROCEDURE, 200), (STEP, 260), (MINE, 250), (THEIRS, 250)):
            if self.table.columnWidth(column) > width:
                self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(STEP, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(KEEP, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(self)
        self.all_mine = QPushButton(_("All mine"), self)
        self.all_theirs = QPushButton(_("All theirs"), self)
        buttons.addButton(self.all_mine, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.all_theirs, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Ok)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            _("Keep what the merge wrote"))
        self.all_mine.clicked.connect(lambda: self.model.choose_all(False))
        self.all_theirs.clicked.connect(lambda: self.model.choose_all(True))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(1100, 480)
        self.setMaximumHeight(740)
