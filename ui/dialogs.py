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
    QVBoxLayout,
    QWidget,
)

from procedures.i18n import LANGUAGE_NAMES, _

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from ui.screens.uses_picker import PickRow


def ask(parent: QWidget | None, title: str, text: str, action: str = "") -> bool:
    """Yes/no; `action` is the wording of the yes button ("Eliminar")."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton(action or _("Yes"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes)
    box.exec()
    return box.clickedButton() is yes


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


def open_database(parent: QWidget | None) -> str | None:
    """A SQLite file path or a PostgreSQL URL, or None."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(_("Open a database"))
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel(_("A database file on this computer, or a shared PostgreSQL "
                              "server (postgresql+psycopg://user@server/database).")))
    url = QLineEdit(dialog)
    url.setPlaceholderText("postgresql+psycopg://usuario@servidor/tramites")
    url.setMinimumWidth(440)
    layout.addWidget(url)
    chosen: list[str] = []

    def browse() -> None:
        path, _filter = QFileDialog.getOpenFileName(
            dialog, _("Open a database file"), "", _("Trámite Claro databases (*.sqlite *.db);;"
                                                     "All files (*)"))
        if path:
            chosen.append(path)
            dialog.accept()

    buttons = QDialogButtonBox(dialog)
    file_button = buttons.addButton(_("Choose a file…"), QDialogButtonBox.ButtonRole.ActionRole)
    file_button.clicked.connect(browse)
    buttons.addButton(_("Open the URL"), QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    if chosen:
        return chosen[-1]
    return url.text().strip() or None


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
    note = QLabel(_("The window changes language at once; reports are written in it too."))
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
