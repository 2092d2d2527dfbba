"""The question a package import asks when the database has some of its procedures.

How many procedures are new, how many the database has already (listed by name, in a
list that scrolls, so a package of 200 procedures still fits a 1366×768 screen), and
three answers: replace them with the file's, keep the database's own (and add the new
ones), or cancel. Worded for a clerk: no JSON path, no command-line option.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from procedures.i18n import _, ngettext
from procedures.services.imports import PackageOverlap

REPLACE = "replace"
KEEP = "keep"
#: The list shows this many names before it scrolls; the dialog stays below 768 px.
VISIBLE_NAMES = 12


class PackageConflicts(QDialog):
    """Replace / Keep mine / Cancel for the procedures a package shares with the
    database; `choice` is REPLACE, KEEP or "" (cancelled)."""

    def __init__(self, overlap: PackageOverlap, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = ""
        self.setWindowTitle(_("Import"))
        layout = QVBoxLayout(self)
        existing, new = len(overlap.existing), len(overlap.new)
        summary = ngettext(
            "{file} has {count} procedure this database has already:",
            "{file} has {count} procedures this database has already:", existing).format(
                file=overlap.file, count=existing)
        self.summary = QLabel(summary, self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.names = QListWidget(self)
        self.names.addItems(list(overlap.existing))
        rows = min(max(existing, 3), VISIBLE_NAMES)
        self.names.setFixedHeight(rows * self.names.sizeHintForRow(0) + 8
                                  if existing else 60)
        layout.addWidget(self.names)
        added = ngettext("{count} procedure of the file is new and is imported in any case.",
                         "{count} procedures of the file are new and are imported in any "
                         "case.", new).format(count=new) if new else _(
            "The file has no new procedure.")
        self.new = QLabel(added + "\n\n" + _(
            "Replace: the file's version takes the place of yours (their versions and "
            "steps).\nKeep mine: yours stay as they are."), self)
        self.new.setWordWrap(True)
        layout.addWidget(self.new)
        buttons = QDialogButtonBox(self)
        self.replace_button = QPushButton(_("Replace"), self)
        self.keep_button = QPushButton(_("Keep mine"), self)
        buttons.addButton(self.replace_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.replace_button.clicked.connect(lambda: self._choose(REPLACE))
        self.keep_button.clicked.connect(lambda: self._choose(KEEP))
        buttons.rejected.connect(self.reject)
        self.keep_button.setDefault(True)  # the safe answer: nothing of theirs is lost
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.setMaximumWidth(900)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()
