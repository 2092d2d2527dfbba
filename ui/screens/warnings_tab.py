"""The *Advertencias y sugerencias* tab: the engine's warnings on the open version, and
its simplification suggestions with their measured effect. "Apply" creates a new to-be
version with the checked ones (`apply_suggestions`), as one undo step.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from procedures.i18n import _, ngettext
from procedures.services import measurement
from procedures.services import versions as ev
from procedures.services.measurement import Measured
from ui import dialogs
from ui.document import Change, Document
from ui.field_words import error_text
from ui.icons import icon
from ui.item_models.suggestions import SuggestionsModel
from ui.screens import html
from ui.undo.versions import CreateVersion


class WarningsTab(QWidget):
    """Signals:
        version_created: uuid of the version made from suggestions (to open it).
        show_row: a 0-based activity row a warning points at.
    """

    version_created = Signal(str)
    show_row = Signal(int)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.procedure = ""
        self.version = ""
        self._token = 0
        self._stale = False
        self._page = ""
        self.warnings = QTextBrowser(self)
        self.warnings.setObjectName("warnings")
        self.warnings.setOpenLinks(False)
        self.warnings.anchorClicked.connect(lambda url: self.show_row.emit(
            int(url.toString().split(":")[1]) - 1))
        self.model = SuggestionsModel(self)
        self.list = QListView(self)
        self.list.setObjectName("suggestions")
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setAlternatingRowColors(True)
        self.status = QLabel(self)
        self.status.setObjectName("hint")
        self.apply = QPushButton(icon("apply"), _("Create a proposal with the checked ones"),
                                 self)
        self.apply.clicked.connect(self.apply_checked)
        self.model.dataChanged.connect(self._update_button)
        self.model.modelReset.connect(self._update_button)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(_("Simplification suggestions"), lower)
        title.setObjectName("section")
        lower_layout.addWidget(title)
        lower_layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.apply)
        lower_layout.addLayout(row)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.warnings)
        splitter.addWidget(lower)
        splitter.setSizes([220, 320])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(splitter)
        document.changed.connect(self._on_change)
        self._update_button()

    def show_version(self, procedure: str, version: str) -> None:
        self.procedure, self.version = procedure, version
        self._later()

    def _later(self) -> None:
        """Ask the engine now if the tab is shown, else when it is (it is not cheap)."""
        self._stale = True
        if self.isVisible():
            self.refresh_suggestions()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh_suggestions()

    def _on_change(self, change: Change) -> None:
        if self.procedure and change.touches("activities", "requirements", "procedure",
                                             "entity", "reference"):
            self._later()

    def show_figures(self, measured: Measured | None) -> None:
        if measured is None:
            self._show_page(html.page(html.para(_("No version open."), "note")))
            return
        warnings = measured.metrics.warnings
        if not warnings:
            body = html.raw_para(html.span(_("No warnings: the version keeps to the rules "
                                             "the engine checks."), "good"))
        else:
            items = []
            for warning in warnings:
                link = ""
                if warning.activity:
                    see = _("see row {row}").format(row=warning.activity)
                    link = f' <a href="row:{warning.activity}">{escape(see)}</a>'
                items.append(f"<li>{escape(warning.message)}{link}</li>")
            body = f"<ul>{''.join(items)}</ul>"
        heading = ngettext("{n} warning", "{n} warnings", len(warnings)).format(n=len(warnings))
        self._show_page(html.page(html.h2(heading), body))

    def _show_page(self, page: str) -> None:
        """Lay the page out only when it says something new (most edits keep the same
        warnings)."""
        if page != self._page:
            self._page = page
            self.warnings.setHtml(page)

    def refresh_suggestions(self) -> None:
        """Ask the engine again, on the worker; an older answer is dropped."""
        self._stale = False
        self._token += 1
        token = self._token
        procedure, version = self.procedure, self.version
        if not procedure or not version:
            self.model.set_suggestions(())
            return
        database = self.document.database
        self.status.setText(_("Looking for simplifications…"))

        def find(_progress: Any) -> tuple[Any, ...]:  # worker thread
            with database.session() as session:
                return measurement.suggestions(session, version)

        def done(items: tuple[Any, ...]) -> None:
            if token == self._token:
                self.model.set_suggestions(items)
                self.status.setText(
                    ngettext("{n} suggestion. Tick the ones to try and create a proposal.",
                             "{n} suggestions. Tick the ones to try and create a proposal.",
                             len(items)).format(n=len(items)) if items
                    else _("No suggestions for this version."))

        def failed(error: BaseException) -> None:
            if token == self._token:
                self.model.set_suggestions(())
                self.status.setText(error_text(error))

        self.document.tasks.run(find, on_done=done, on_error=failed, owner=self)

    def _update_button(self) -> None:
        chosen = bool(self.model.chosen())
        if self.apply.property("tip") is None:
            self.apply.setProperty("tip", self.apply.toolTip())
        self.apply.setEnabled(chosen)
        self.apply.setToolTip(str(self.apply.property("tip")) if chosen else _(
            "Tick at least one suggestion in the list first."))

    def apply_checked(self, name: str | None = None) -> bool:
        chosen = self.model.chosen()
        if not chosen:
            return False
        proposal = self.document.read(ev.proposal_name, self.procedure)
        name = name or dialogs.text(self, _("Create a proposal"),
                                    _("Name of the new version:"), proposal)
        if not name:
            return False
        keys = [item.key for item in chosen]
        procedure, version, author = self.procedure, self.version, self.document.author
        command = CreateVersion(
            self.document, procedure,
            lambda: ngettext("Apply {n} suggestion", "Apply {n} suggestions",
                             len(keys)).format(n=len(keys)),
            lambda session: ev.create_from_suggestions(session, procedure, version, keys,
                                                       name, author))
        if not self.document.push(command):
            dialogs.error(self, _("Create a proposal"), error_text(command.last_error))
            return False
        self.version_created.emit(command.uuid)
        return True
