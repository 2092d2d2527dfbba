"""Every modal question the window asks, in one module that tests patch (`ask()` first).

Tests replace these functions (monkeypatch) so no dialog ever blocks a test run; the
window calls only these, never `QMessageBox`/`QFileDialog`/`QInputDialog` directly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from procedures.i18n import LANGUAGE_NAMES, N_, _

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from procedures.services.imports import PackageOverlap
    from ui.screens.database_copies import CopyRow
    from ui.screens.uses_picker import PickRow

DATABASE_FILTERS = N_("Trámite Claro databases (*.sqlite *.db);;All files (*)")


def ask(parent: QWidget | None, title: str, text: str, action: str = "") -> bool:
    """Yes/no; `action` is the wording of the yes button ("Eliminar")."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton(action or _("Yes"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes)
    box.exec()
    return box.clickedButton() is yes


def options(parent: QWidget | None, title: str, text: str, buttons: Sequence[str]
            ) -> int | None:
    """One of several answers (the position of its button), or None for Cancel."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    added = [box.addButton(label, QMessageBox.ButtonRole.AcceptRole) for label in buttons]
    box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    if added:
        box.setDefaultButton(added[0])
    box.exec()
    clicked = box.clickedButton()
    return next((index for index, button in enumerate(added) if button is clicked), None)


def existing_procedures(parent: QWidget | None, overlap: PackageOverlap) -> str:
    """Replace ("replace"), keep mine ("keep") or cancel ("") for the procedures of a
    package the database has already."""
    from ui.screens.package_conflicts import PackageConflicts

    dialog = PackageConflicts(overlap, parent)
    dialog.exec()
    return dialog.choice


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def error(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    if details:
        box.setDetailedText(details)
    box.exec()


def text(parent: QWidget | None, title: str, label: str, value: str = "") -> str | None:
    """A line of text, or None when cancelled."""
    result, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, value)
    return result if ok else None


def open_file(parent: QWidget | None, title: str, filters: str, folder: str = "") -> str | None:
    path, _filter = QFileDialog.getOpenFileName(parent, title, folder, filters)
    return path or None


def save_file(parent: QWidget | None, title: str, filters: str, suggested: str = "") -> str | None:
    path, _filter = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path or None


def print_setup(parent: QWidget | None, printer: QPrinter, pages: int) -> bool:
    """The system's print dialog over `printer` (which it configures); False: cancelled.

    Offers all pages, a page range (1 … `pages`) or the current page, and copies.
    """
    from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog

    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print"))
    option = QAbstractPrintDialog.PrintDialogOption
    dialog.setOptions(option.PrintPageRange | option.PrintCurrentPage | option.PrintToFile
                      | option.PrintShowPageSize | option.PrintCollateCopies)
    dialog.setMinMax(1, max(pages, 1))
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def choose(parent: QWidget | None, title: str, label: str, options: Sequence[str],
           current: int = 0) -> int | None:
    """One of `options` (its position), or None when cancelled."""
    item, ok = QInputDialog.getItem(parent, title, label, list(options), current, False)
    return list(options).index(item) if ok and item in options else None


def new_procedure(parent: QWidget | None, entity: str, code: str) -> tuple[str, str] | None:
    """Code and name of a new procedure of `entity`, or None."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(_("New procedure"))
    form = QFormLayout(dialog)
    form.addRow(QLabel(_("A new procedure of {entity}. You type its steps next.").format(
        entity=entity)))
    code_edit = QLineEdit(code, dialog)
    name_edit = QLineEdit(dialog)
    name_edit.setPlaceholderText(_("e.g. Licencia de funcionamiento"))
    name_edit.setMinimumWidth(360)
    form.addRow(_("Code"), code_edit)
    form.addRow(_("Name"), name_edit)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    name_edit.setFocus()
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return code_edit.text().strip(), name_edit.text().strip()


def open_database(parent: QWidget | None, server: dict[str, str] | None = None
                  ) -> str | None:
    """A database file, or a shared server's database, to open: the path or the URL
    built from what was typed (server, database, user, password), or None.

    `server` fills the server's fields (the one used last); the password is never kept.
    """
    from ui.screens.open_database import OpenDatabase

    dialog = OpenDatabase(server or {}, _(DATABASE_FILTERS), parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.target()
    finally:
        dialog.deleteLater()


def password(parent: QWidget | None, server: str, user: str, wrong: bool) -> str | None:
    """The password of `user` on `server`, typed hidden, for this connection only (never
    stored, never shown); None when the person cancels. `wrong`: the last one was
    refused by the server."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(_("Password of the database server"))
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    asked = _("The server {server} asks for the password of {user}. It is used for this "
              "connection only and never stored.").format(server=server, user=user)
    if wrong:
        asked = _("The server did not accept that password. Type it again.") + "\n\n" + asked
    dialog.setLabelText(asked)
    dialog.setOkButtonText(_("Connect"))
    dialog.setCancelButtonText(_("Cancel"))
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.textValue()
    finally:
        dialog.deleteLater()


def preferences(parent: QWidget | None, language: str, author: str) -> tuple[str, str] | None:
    """(language, author) chosen in the preferences dialog, or None."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(_("Preferences"))
    form = QFormLayout(dialog)
    languages = QComboBox(dialog)
    for code, title in LANGUAGE_NAMES.items():
        languages.addItem(title, code)
    languages.setCurrentIndex(max(languages.findData(language), 0))
    name = QLineEdit(author, dialog)
    form.addRow(_("Language"), languages)
    form.addRow(_("Your name (change log)"), name)
    note = QLabel(_("The window changes language at once; reports are written in it too. "
                    "Your name is written in the history of a database file; a shared "
                    "PostgreSQL database records the user you connect as."))
    note.setWordWrap(True)
    note.setObjectName("hint")
    form.addRow(note)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return languages.currentData(), name.text().strip()


def edit_step(parent: QWidget | None, title: str, description: str, minutes: str,
              problem: Callable[[str, str], str]) -> tuple[str, str] | None:
    """A step's description and minutes (the flowchart's double-click), or None.

    `problem(description, minutes)` says what is wrong ("" when nothing): the dialog
    stays open, saying it, until the text can be stored or the person cancels.
    """
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    form = QFormLayout(dialog)
    text = QLineEdit(description, dialog)
    text.setMinimumWidth(420)
    time = QLineEdit(minutes, dialog)
    time.setToolTip(_("Type 90, 1h30 or 2d (working days)"))
    wrong = QLabel(dialog)
    wrong.setObjectName("problem")
    wrong.setStyleSheet("color: #b03a2e;")
    form.addRow(_("Activity"), text)
    form.addRow(_("Minutes"), time)
    form.addRow(wrong)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, dialog)

    def accept() -> None:
        message = problem(text.text(), time.text())
        wrong.setText(message)
        if not message:
            dialog.accept()

    buttons.accepted.connect(accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    text.setFocus()
    text.selectAll()
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return text.text(), time.text()


def pick_uses(parent: QWidget | None, title: str, hint: str, rows: Sequence[PickRow],
              headers: tuple[str, str, str]) -> tuple[tuple[str, Decimal], ...] | None:
    """Positions or resources with their counts (the staff/resources picker), or None."""
    from ui.screens.uses_picker import UsesPicker

    dialog = UsesPicker(title, hint, rows, headers, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()
    finally:
        dialog.deleteLater()


def database_copies(parent: QWidget | None, database: str, rows: Sequence[CopyRow],
                    keep: int, folder: str) -> tuple[str | None, int]:
    """The copies dialog: (copy chosen to restore or None, copies to keep)."""
    from ui.screens.database_copies import DatabaseCopies

    dialog = DatabaseCopies(database, rows, keep, folder, _(DATABASE_FILTERS), parent)
    try:
        dialog.exec()
        return dialog.chosen, dialog.keep.value()
    finally:
        dialog.deleteLater()
