"""The procedure workspace: a header with the version selector and seven tabs.

The workspace knows which procedure and version are open, hands them to the tabs, keeps
the table and the flowchart selecting the same rows, and forwards the engine's figures
(`ui.figures.Figures`) to the tabs that show them.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from procedures.errors import DomainError
from procedures.i18n import _
from procedures.rules.scenario import in_force
from procedures.services import versions as ev
from procedures.services.measurement import Measured
from procedures.services.queries import (
    ProcedureHeader,
    entity_snapshot,
    procedure_header,
)
from procedures.vocabulary import label
from ui import dialogs
from ui.document import Change, Document
from ui.field_words import error_text
from ui.figures import Figures
from ui.flowchart.view import FlowTab
from ui.icons import icon
from ui.item_models.rows import RowsModel
from ui.screens.activities_tab import ActivitiesTab
from ui.screens.comparison_tab import ComparisonTab
from ui.screens.costs_tab import CostsTab
from ui.screens.elided import ElidedLabel
from ui.screens.form import ChoiceField
from ui.screens.requirements_tab import RequirementsTab
from ui.screens.tupa_tab import TupaTab
from ui.screens.warnings_tab import WarningsTab
from ui.undo.versions import CreateVersion, DeleteVersion, RenameVersion, SetAdopted

TUPA, REQUIREMENTS, ACTIVITIES, FLOW, COSTS, WARNINGS, COMPARISON = range(7)


def warnings_title(count: int) -> str:
    """The Warnings tab's title, with the number of warnings at the end."""
    return (_("Warnings and suggestions ({n})").format(n=count) if count
            else _("Warnings and suggestions"))


class Workspace(QWidget):
    """Signals:
        closed: the open procedure was deleted (the window shows its empty state).
        notice: a message for the status bar.
        measured: the figures of the open version (or None).
        opened: (procedure uuid) a procedure was opened.
        version_shown: (version uuid) a version is on show (another, or the same again).
    """

    closed = Signal()
    notice = Signal(str)
    measured = Signal(object)
    opened = Signal(str)
    version_shown = Signal(str)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspace")
        self.document = document
        self.header: ProcedureHeader | None = None
        self.read_only_reason = ""
        self.version = ""
        self._new_flow = False  # True: the next drawing of the flowchart is fitted
        self._flow_stale = False  # True: the steps changed while the diagram was hidden
        self.figures = Figures(document, self)
        self.title = ElidedLabel(self)
        self.title.setObjectName("title")
        self.subtitle = ElidedLabel(self)
        self.subtitle.setObjectName("subtitle")
        self.versions = ChoiceField((), self)
        self.versions.setObjectName("versions")
        self.versions.setMinimumWidth(210)
        self.versions.setToolTip(_("The version (scenario) shown: the as-is one or a "
                                   "proposal"))
        self.versions.committed.connect(self.show_version)
        self.badge = QLabel(self)
        self.badge.setObjectName("badge")
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        self.tupa = TupaTab(document, self)
        self.requirements = RequirementsTab(document, self)
        self.activities = ActivitiesTab(document, self)
        self.flow = FlowTab(self)
        self.flow.edits = self.activities.edits  # the diagram edits with the table's commands
        self.activities.edits.also_shown.append(self.flow.show_problem)
        self.costs = CostsTab(self)
        self.warnings = WarningsTab(document, self)
        self.comparison = ComparisonTab(document, self)
        for widget, name, text in (
            (self.tupa, "procedure", _("TUPA data")),
            (self.requirements, "list", _("Requirements")),
            (self.activities, "table", _("Activities")),
            (self.flow, "flow", _("Flowchart")),
            (self.costs, "money", _("Costs")),
            (self.warnings, "warning", _("Warnings and suggestions")),
            (self.comparison, "compare", _("Comparison")),
        ):
            self.tabs.addTab(widget, icon(name), text)
        self.tabs.setCurrentIndex(ACTIVITIES)
        self.tabs.currentChanged.connect(self._tab_shown)
        self._layout()
        self._connect()

    def _tab_shown(self, index: int) -> None:
        if index == FLOW and self._flow_stale:
            self._redraw_flow()

    def _layout(self) -> None:
        head = QHBoxLayout()
        head.setSpacing(8)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        head.addWidget(QLabel(_("Version"), self))
        head.addWidget(self.versions)
        head.addWidget(self.badge)
        self.buttons: dict[str, QToolButton] = {}
        for name, tip in (("new-proposal", _("New proposal: a copy of this version "
                                              "(Ctrl+Shift+N)")),
                          ("rename", _("Rename this version")),
                          ("adopted", _("Mark this version as the adopted one")),
                          ("delete", _("Delete this version"))):
            button = QToolButton(self)
            button.setIcon(icon(name))
            button.setToolTip(tip)
            button.setAutoRaise(True)
            head.addWidget(button)
            self.buttons[name] = button
        self.buttons["adopted"].setCheckable(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 4)
        layout.setSpacing(6)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)

    def _connect(self) -> None:
        self.buttons["new-proposal"].clicked.connect(lambda: self.new_proposal())
        self.buttons["rename"].clicked.connect(lambda: self.rename_version())
        self.buttons["adopted"].clicked.connect(lambda: self.toggle_adopted())
        self.buttons["delete"].clicked.connect(lambda: self.delete_version())
        self.figures.measured.connect(self._measured)
        self.figures.failed.connect(self.notice)
        self.activities.rows_changed.connect(self._redraw_flow)
        self.activities.selected_rows.connect(self.flow.select_rows)
        self.activities.notice.connect(self.notice)
        self.requirements.notice.connect(self.notice)
        self.flow.selected_rows.connect(self.activities.select_rows)
        self.warnings.version_created.connect(self.show_version)
        self.warnings.show_row.connect(self._show_row)
        self.document.changed.connect(self._on_change)

    # ---- Opening ----------------------------------------------------------------------

    @property
    def procedure(self) -> str:
        return self.header.uuid if self.header else ""

    def open_procedure(self, uuid: str, version: str = "") -> bool:
        try:
            header = self.document.read(procedure_header, uuid)
        except DomainError as error:
            self.notice.emit(error_text(error))
            return False
        self.header = header
        self.entity = self.document.read(entity_snapshot, header.ubigeo)
        # A database that cannot be written, or a municipality the role may not change.
        self.read_only_reason = self.document.read_only or self.document.standing.refusal(
            header.ubigeo)
        self._show_header()
        chosen = version if header.version(version) else self._default_version(header)
        self.show_version(chosen, force=True)
        self._apply_access()
        self.opened.emit(uuid)
        return True

    def _apply_access(self) -> None:
        """What the user's role does not let them change is shown, not editable."""
        reason = self.read_only_reason
        for view in self.findChildren(QAbstractItemView):
            model = view.model()
            while isinstance(model, QAbstractProxyModel):
                model = model.sourceModel()
            if isinstance(model, RowsModel):
                model.read_only = bool(reason)
        for form in (self.tupa, self.requirements):
            form.setEnabled(not reason)
            form.setToolTip(reason)

    @staticmethod
    def _default_version(header: ProcedureHeader) -> str:
        chosen = in_force(header.versions)  # as the reports choose it
        return chosen.uuid if chosen else ""

    def _show_header(self) -> None:
        header = self.header
        assert header is not None
        self.title.setText(f"{header.code} · {header.name}")
        self.subtitle.setText(header.entity_name + (
            " · " + _("read only") if self.read_only_reason else ""))
        self.subtitle.setToolTip(self.read_only_reason)
        options = []
        for item in header.versions:
            star = " ★" if item.adopted else ""
            options.append((item.uuid, f"{item.name}{star}"))
        self.versions.set_options(options)
        self.comparison.show_header(header, self.version)

    def show_version(self, version: str, force: bool = False) -> None:
        if self.header is None or (version == self.version and not force):
            return
        self.version = version
        self.versions.set_value(version)
        item = self.header.version(version)
        self.badge.setText(label(item.kind) if item else "")
        self.badge.setProperty("kind", item.kind.value if item else "")
        self.badge.style().unpolish(self.badge)
        self.badge.style().polish(self.badge)
        # The buttons are enabled, or disabled with the reason, by the window with its
        # commands (ui.action_states) once `version_shown` is heard.
        self.buttons["adopted"].setChecked(bool(item and item.adopted))
        # First: the worker measures while the tabs below read what they show.
        self.figures.follow(self.header.uuid, version)
        self.tupa.show_version(self.header.uuid, version)
        self.requirements.show_version(self.header.uuid, version)
        self._new_flow = True  # the next drawing is fitted to the window
        self.activities.show_version(self.header.uuid, version, self.entity)
        self.warnings.show_version(self.header.uuid, version)
        self.comparison.show_header(self.header, version)
        self.version_shown.emit(version)

    def _on_change(self, change: Change) -> None:
        if self.header is None:
            return
        if change.touches("procedures") and change.procedure in ("", self.header.uuid) \
                and change.ubigeo == self.header.ubigeo:
            try:
                self.document.read(procedure_header, self.header.uuid)
            except DomainError:
                self.header = None
                self.version = ""
                self.figures.follow("", "")
                self.closed.emit()
                return
        if change.procedure == self.header.uuid and change.touches("versions", "procedure",
                                                                   "procedures"):
            self.header = self.document.read(procedure_header, self.header.uuid)
            self._show_header()
            wanted = change.version if change.touches("versions") and change.version \
                else self.version
            if self.header.version(wanted) is None:
                wanted = self._default_version(self.header)
            self.show_version(wanted, force=True)
        elif change.touches("entity") and change.ubigeo == self.header.ubigeo:
            self.entity = self.document.read(entity_snapshot, self.header.ubigeo)
            self._redraw_flow()

    def refresh(self) -> None:
        """Show what others changed: the header (versions, names), the tabs, the figures;
        a procedure deleted elsewhere closes (the window shows its empty state)."""
        if self.header is None:
            return
        try:
            header = self.document.read(procedure_header, self.header.uuid)
            entity = self.document.read(entity_snapshot, header.ubigeo)
        except DomainError:
            self.header = None
            self.version = ""
            self.figures.follow("", "")
            self.closed.emit()
            return
        if header != self.header:
            self.header = header
            self._show_header()
            if header.version(self.version) is None:
                self.show_version(self._default_version(header), force=True)
                return
            self.versions.set_value(self.version)
        self.entity = entity
        self.tupa.refresh()
        self.requirements.refresh()
        self.activities.refresh()
        stale = Change(frozenset({"activities", "requirements", "procedure", "entity"}),
                       ubigeo=header.ubigeo, procedure=header.uuid, version=self.version)
        self.warnings._on_change(stale)
        self.comparison._on_change(stale)
        self.figures.refresh()

    # ---- Versions ---------------------------------------------------------------------

    def why_not_delete_version(self) -> str:
        """Why the version on show cannot be deleted ("" when it can)."""
        if self.header is None or self.header.version(self.version) is None:
            return _("Open a procedure first.")
        baseline = self.header.baseline
        if baseline is not None and baseline.uuid == self.version:
            return _("The as-is version is the baseline of the costs and comparisons: it "
                     "cannot be deleted (a proposal can).")
        return ""

    def step_version(self, step: int) -> bool:
        """Show the previous (-1) or next (+1) version, as listed in the selector."""
        if self.header is None or not self.header.versions:
            return False
        uuids = [v.uuid for v in self.header.versions]
        here = uuids.index(self.version) if self.version in uuids else 0
        target = here + step
        if not 0 <= target < len(uuids):
            return False
        self.show_version(uuids[target])
        return True

    def choose_version(self) -> None:
        """The version selector with the keyboard in it (arrows choose, Enter shows)."""
        self.versions.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.versions.showPopup()

    def content_focus(self) -> QWidget:
        """The widget of the tab on show that takes the keyboard (its table, its
        diagram, its first field)."""
        current = self.tabs.currentWidget()
        for candidate in (self.activities.table, self.requirements.table, self.flow.view):
            if current.isAncestorOf(candidate):
                return candidate
        for child in current.findChildren(QWidget):
            # A plain scroll area only holds the fields: the first field is meant.
            if child.isVisible() and child.isEnabled() and type(child) is not QScrollArea \
                    and child.focusPolicy() & Qt.FocusPolicy.TabFocus:
                return child
        return current

    def new_proposal(self, name: str | None = None) -> bool:
        if self.header is None:
            return False
        default = self.document.read(ev.proposal_name, self.header.uuid)
        name = name or dialogs.text(self, _("New proposal"),
                                    _("A copy of this version, to simplify. Its name:"),
                                    default)
        if not name:
            return False
        source, author = self.version, self.document.author
        command = CreateVersion(self.document, self.header.uuid,
                                lambda: _("New proposal {name}").format(name=name),
                                lambda session: ev.create_proposal(session, source, name,
                                                                   author))
        if not self.document.push(command):
            dialogs.error(self, _("New proposal"), error_text(command.last_error))
            return False
        self.show_version(command.uuid)
        return True

    def rename_version(self, name: str | None = None) -> bool:
        item = self.header.version(self.version) if self.header else None
        if item is None or self.header is None:
            return False
        name = name or dialogs.text(self, _("Rename the version"), _("New name:"), item.name)
        if not name or name == item.name:
            return False
        command = RenameVersion(self.document, self.header.uuid, item.uuid, name,
                                item.revision)
        if not self.document.push(command):
            dialogs.error(self, _("Rename the version"), error_text(command.last_error))
            return False
        return True

    def delete_version(self) -> bool:
        item = self.header.version(self.version) if self.header else None
        if item is None or self.header is None:
            return False
        why_not = self.why_not_delete_version()
        if why_not:  # never ask first and refuse after
            self.notice.emit(why_not)
            return False
        if not dialogs.ask(self, _("Delete the version"),
                           _("Delete the version “{name}” with its activities? You can undo "
                             "it with Ctrl+Z.").format(name=item.name), _("Delete")):
            return False
        command = DeleteVersion(self.document, self.header.uuid, item.uuid, item.name)
        if not self.document.push(command):
            dialogs.error(self, _("Delete the version"), error_text(command.last_error))
            return False
        return True

    def toggle_adopted(self) -> bool:
        item = self.header.version(self.version) if self.header else None
        if item is None or self.header is None:
            return False
        return self.document.push(SetAdopted(self.document, self.header.uuid, item.uuid,
                                             item.name, not item.adopted))

    # ---- Figures and selection --------------------------------------------------------

    def _measured(self, measured: Measured | None) -> None:
        self.activities.show_figures(measured)
        self.costs.show_figures(measured)
        self.warnings.show_figures(measured)
        count = len(measured.metrics.warnings) if measured else 0
        title = warnings_title(count)
        if self.tabs.tabText(WARNINGS) != title:  # a new title lays the window out again
            self.tabs.setTabText(WARNINGS, title)
        self.measured.emit(measured)

    def _redraw_flow(self) -> None:
        if self.activities.model is None or self.header is None:
            return
        if not self.flow.isVisible():
            # Drawn when its tab is shown: a hidden diagram is not worth 200 boxes per edit.
            self._flow_stale = True
            return
        self._flow_stale = False
        names = {u.code: u.name for u in self.entity.units}
        self.flow.minutes_per_day = self.entity.settings.minutes_per_working_day
        fit, self._new_flow = self._new_flow, False
        self.flow.show_activities(self.activities.model.rows, names,
                                  f"{self.header.code} {self.versions.currentText()}", fit)
        self.flow.select_rows(self.activities.selected())

    def _show_row(self, row: int) -> None:
        self.tabs.setCurrentIndex(ACTIVITIES)
        self.activities.select_rows([row])
        self.activities.table.setFocus()

    def focus_table(self) -> None:
        self.tabs.setCurrentIndex(ACTIVITIES)
        self.activities.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # ---- Table commands ---------------------------------------------------------------

    def keyboard_tab(self, window: QWidget) -> ActivitiesTab | RequirementsTab | None:
        """The table tab the keyboard is in (activities or requirements), if any."""
        focus = QApplication.focusWidget()
        for tab in (self.activities, self.requirements):
            if focus is not None and (focus is tab.table or tab.table.isAncestorOf(focus)):
                return tab
        # A toolbar button takes no focus: then the tab on show is meant, unless the
        # keyboard is elsewhere (the navigator, a form field).
        inside = focus is None or self.isAncestorOf(focus) or focus is window
        current = self.tabs.currentWidget()
        if inside:
            for tab in (self.activities, self.requirements):
                if current is tab:
                    return tab
        return None

    def insert_row(self) -> None:
        if self.tabs.currentIndex() != ACTIVITIES:
            self.focus_table()
        self.activities.insert_row()
