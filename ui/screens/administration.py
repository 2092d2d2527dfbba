"""File ▸ Database ▸ Roles and municipalities: who may change what on a shared server.

The server enforces the roles (row-level security); this dialog is how an administrator
grants and revokes them, the same as `admin grant | revoke` on the command line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.codes import Role
from models.db import Database
from procedures.errors import DomainError
from procedures.i18n import _
from procedures.services import access
from ui.document import worded_storage_errors

AnyIndex = QModelIndex | QPersistentModelIndex


class MembersModel(QAbstractTableModel):
    """The logins with a role: user, role, municipalities."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.members: list[access.Member] = []

    def set_members(self, members: Sequence[access.Member]) -> None:
        self.beginResetModel()
        self.members = list(members)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's API)
        return 0 if parent.isValid() else len(self.members)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's API)
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("User"), _("Role"), _("Municipalities they change"))[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        member = self.members[index.row()]
        if index.column() == 0:
            return member.user
        if index.column() == 1:
            return access.role_word(member.role)
        if member.role is Role.ADMIN:
            return _("all")
        return ", ".join(member.ubigeos) or "—"


class AdministrationDialog(QDialog):
    """Grant and revoke roles; every refusal is worded inside the dialog."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.setObjectName("administration")
        self.setWindowTitle(_("Roles and municipalities"))
        layout = QVBoxLayout(self)
        intro = QLabel(_(
            "On this shared database the server enforces who may change what: a municipal "
            "clerk or a consultant changes the municipalities granted to them and reads the "
            "rest; read only reads everything; an administrator changes everything and "
            "grants. Logins are created by the server's administrator."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = MembersModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("members")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        layout.addWidget(self.table)
        form = QFormLayout()
        self.user = QLineEdit(self)
        self.user.setObjectName("user")
        self.user.setMaxLength(63)
        self.role = QComboBox(self)
        self.role.setObjectName("role")
        for role in (Role.CLERK, Role.CONSULTANT, Role.VIEWER, Role.ADMIN):
            self.role.addItem(access.role_word(role), role.value)
        self.role.currentIndexChanged.connect(self._role_changed)
        self.entities = QLineEdit(self)
        self.entities.setObjectName("entities")
        self.entities.setPlaceholderText(_("ubigeos, a province (0601) or the department (06)"))
        form.addRow(_("&User:"), self.user)
        form.addRow(_("R&ole:"), self.role)
        form.addRow(_("&Municipalities:"), self.entities)
        layout.addLayout(form)
        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a00000;")
        self.done_label = QLabel(self)
        self.done_label.setObjectName("done")
        self.done_label.setWordWrap(True)
        layout.addWidget(self.problem)
        layout.addWidget(self.done_label)
        buttons = QHBoxLayout()
        self.grant_button = QPushButton(_("&Grant"), self)
        self.grant_button.setObjectName("grant")
        self.grant_button.clicked.connect(self.grant)
        self.revoke_button = QPushButton(_("Re&voke"), self)
        self.revoke_button.setObjectName("revoke")
        self.revoke_button.clicked.connect(self.revoke)
        buttons.addWidget(self.grant_button)
        buttons.addWidget(self.revoke_button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(720, 480)
        self.refresh()
        self.user.setFocus()

    def refresh(self) -> None:
        self._attempt(lambda: self.model.set_members(access.members(self.database)))

    def _chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        member = self.model.members[current.row()]
        self.user.setText(member.user)
        self.role.setCurrentIndex(self.role.findData(member.role.value))
        self.entities.setText(", ".join(member.ubigeos))

    def _role_changed(self) -> None:
        granted = Role(self.role.currentData()) in (Role.CLERK, Role.CONSULTANT)
        self.entities.setEnabled(granted)

    def grant(self) -> None:
        codes = [code for code in self.entities.text().replace(",", " ").split() if code]
        role = Role(self.role.currentData())
        if role not in (Role.CLERK, Role.CONSULTANT):
            codes = []
        self._attempt(lambda: access.grant(self.database, self.user.text().strip(), role,
                                           codes), refresh=True)

    def revoke(self) -> None:
        self._attempt(lambda: access.revoke(self.database, self.user.text().strip()),
                      refresh=True)

    def _attempt(self, work: Callable[[], object], refresh: bool = False) -> None:
        try:
            with worded_storage_errors():
                said = work()
        except DomainError as error:
            self.problem.setText(str(error))
            self.done_label.clear()
            return
        self.problem.clear()
        if isinstance(said, str):
            self.done_label.setText(said)
        if refresh:
            self.refresh()
