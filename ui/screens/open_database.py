"""File ▸ Open database: a file on this computer, or a shared database on a server.

A clerk is asked for a file, or for the server, the database and the user (and a
password, used for this connection only) — never for a SQLAlchemy URL; the URL is
built here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.db import server_url
from procedures.i18n import _

FIELDS = ("host", "port", "database", "user", "password")


class OpenDatabase(QDialog):
    """`target()` once accepted: the chosen file, or the server's URL."""

    def __init__(self, server: dict[str, str], filters: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("open_database")
        self.setWindowTitle(_("Open a database"))
        self._filters = filters
        self.chosen = ""
        layout = QVBoxLayout(self)

        files = QGroupBox(_("A file on this computer"), self)
        files_layout = QVBoxLayout(files)
        files_layout.addWidget(_hint(_("A Trámite Claro database is a .sqlite file: yours, "
                                       "or one a colleague gave you."), files))
        self.choose_file = QPushButton(_("Choose a file…"), files)
        self.choose_file.setObjectName("choose_file")
        self.choose_file.clicked.connect(self._browse)
        files_layout.addWidget(self.choose_file, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(files)

        shared = QGroupBox(_("A shared database on a server (PostgreSQL)"), self)
        form = QFormLayout(shared)
        self.fields: dict[str, QLineEdit] = {}
        for key, label, placeholder in (
                ("host", _("Server"), _("name or address, e.g. servidor.municipio.gob.pe")),
                ("port", _("Port"), "5432"),
                ("database", _("Database"), "tramites"),
                ("user", _("User"), ""),
                ("password", _("Password"), _("not remembered"))):
            edit = QLineEdit(server.get(key, ""), shared)
            edit.setObjectName(f"server_{key}")
            edit.setPlaceholderText(placeholder)
            if key == "password":
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            if key == "port":
                edit.setValidator(QIntValidator(1, 65535, edit))
                edit.setMaximumWidth(90)
            self.fields[key] = edit
            form.addRow(label, edit)
        form.addRow(_hint(_("Your administrator gives you these. The password is used for "
                            "this connection only (or read from PGPASSWORD or .pgpass)."),
                          shared))
        layout.addWidget(shared)

        buttons = QDialogButtonBox(self)
        self.connect_button = buttons.addButton(_("Connect"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.connect_button.setObjectName("connect")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for edit in self.fields.values():
            edit.textChanged.connect(self._complete)
        self._complete()
        self.setMinimumWidth(520)

    def _complete(self) -> None:
        complete = all(self.fields[key].text().strip() for key in ("host", "database", "user"))
        self.connect_button.setEnabled(complete)
        self.connect_button.setToolTip(
            "" if complete else _("Fill in the server, the database and the user first."))

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Open a database file"), "",
                                                    self._filters)
        if path:
            self.choose(path)

    def choose(self, path: str) -> None:
        self.chosen = path
        self.accept()

    def target(self) -> str:
        if self.chosen:
            return self.chosen
        text = {key: self.fields[key].text().strip() for key in FIELDS}
        return server_url(text["host"], text["database"], text["user"],
                          self.fields["password"].text(),
                          int(text["port"]) if text["port"] else None)


def _hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label
