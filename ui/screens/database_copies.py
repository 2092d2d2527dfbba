"""File ▸ Database ▸ Copies: the automatic copies of the open database, restoring one
(or another copy file), and how many are kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from procedures.i18n import _


@dataclass(frozen=True, slots=True)
class CopyRow:
    when: str
    why: str
    size: str
    path: str


class DatabaseCopies(QDialog):
    """`chosen` is the copy to restore once accepted (None: only `keep` changed)."""

    def __init__(self, database: str, rows: Sequence[CopyRow], keep: int, folder: str,
                 filters: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("database_copies")
        self.setWindowTitle(_("Copies of the database"))
        self.chosen: str | None = None
        self._filters = filters
        layout = QVBoxLayout(self)
        intro = QLabel(_("Automatic copies of {database}, made before a schema update, an "
                         "import that replaces, a restore, and on the first open of each "
                         "day. They are kept in {folder}.").format(database=database,
                                                                  folder=folder), self)
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(intro)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setObjectName("copies")
        self.table.setHorizontalHeaderLabels([_("Made"), _("Why"), _("Size")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self._paths = [row.path for row in rows]
        for number, row in enumerate(rows):
            for column, value in enumerate((row.when, row.why, row.size)):
                item = QTableWidgetItem(value)
                item.setToolTip(row.path)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(number, column, item)
        if not rows:
            self.table.hide()
            layout.addWidget(QLabel(_("There are no automatic copies of it yet."), self))
        layout.addWidget(self.table)
        keep_row = QHBoxLayout()
        keep_row.addWidget(QLabel(_("Keep the newest"), self))
        self.keep = QSpinBox(self)
        self.keep.setObjectName("keep")
        self.keep.setRange(1, 100)
        self.keep.setValue(keep)
        keep_row.addWidget(self.keep)
        keep_row.addWidget(QLabel(_("copies of each database"), self))
        keep_row.addStretch(1)
        layout.addLayout(keep_row)
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton(_("Restore the chosen copy…"),
                                                QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.setObjectName("restore_chosen")
        other = buttons.addButton(_("Restore another copy file…"),
                                  QDialogButtonBox.ButtonRole.ActionRole)
        other.setObjectName("restore_other")
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.accept)
        self.restore_button.clicked.connect(self._restore_chosen)
        other.clicked.connect(self._restore_other)
        self.table.itemSelectionChanged.connect(self._selection)
        layout.addWidget(buttons)
        if rows:
            self.table.selectRow(0)
        self._selection()
        self.resize(640, 420)

    def _selection(self) -> None:
        chosen = bool(self.table.selectionModel().selectedRows())
        self.restore_button.setEnabled(chosen)
        self.restore_button.setToolTip(
            _("Restore the copy chosen in the list") if chosen
            else _("Choose a copy in the list first (there may be none yet)."))

    def _restore_chosen(self) -> None:
        selected = self.table.selectionModel().selectedRows()
        if selected:
            self.chosen = self._paths[selected[0].row()]
            self.accept()

    def _restore_other(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Restore a copy"), "",
                                                    self._filters)
        if path:
            self.chosen = path
            self.accept()
