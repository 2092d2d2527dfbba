"""The main window: navigator on the left, the open procedure on the right, the key
figures in the status bar, menus and a toolbar over one action registry.

The window wires widgets together and routes commands to the right place (the focused
table, the open version); the edits themselves are undo commands, the figures come
from the engine, and long work runs through `ui.file_ops`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from models.codes import Role
from models.db import default_database_path, server_parts
from procedures.errors import DomainError
from procedures.i18n import _
from procedures.services import procedures as ep
from procedures.services.access import refused_words, standing
from procedures.services.database import server_copies_note
from procedures.services.measurement import Measured
from procedures.services.queries import ProcedureHeader, entity_snapshot, navigator_entities
from ui import database_ops, dialogs
from ui.action_states import WindowState, reasons, tab_reason
from ui.actions import Actions, build_menus, build_toolbar, explain, mirror
from ui.document import Change, Document
from ui.field_words import error_text
from ui.reports import Reports
from ui.screens.empty import EmptyState
from ui.screens.navigator import Navigator
from ui.screens.status import StatusFigures
from ui.settings import AppSettings
from ui.undo.procedures import CreateProcedure, DeleteProcedure

APP_TITLE = "Trámite Claro"


# Dialogs and their file work are imported when first used, not to show the window.
if TYPE_CHECKING:
    from ui.screens.activities_tab import ActivitiesTab
    from ui.screens.benchmark_view import BenchmarkWindow
    from ui.screens.history_view import HistoryView
    from ui.screens.overview import OverviewScreen
    from ui.screens.report_dialog import ReportDialog
    from ui.screens.requirements_tab import RequirementsTab
    from ui.screens.workspace import Workspace


class MainWindow(QMainWindow):
    """Signals:
        open_requested: (target) the person chose another database (path or URL).
        new_requested: (path) the person asked for a new database file there.
        restore_requested: (path) the person chose a copy to restore into this database.
        language_requested: (code) the person chose another language in Preferences.
    """

    open_requested = Signal(str)
    new_requested = Signal(str)
    restore_requested = Signal(str)
    language_requested = Signal(str)

    def __init__(self, document: Document, settings: AppSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.settings = settings
        #: True when the document outlives this window (a language switch rebuilds it).
        self.keep_document = False
        self._error = ""  # the refusal the status bar shows, if any
        #: The open History views, by (ubigeo, procedure uuid or "").
        self._histories: dict[tuple[str, str], HistoryView] = {}
        self.database_name = database_ops.display_name(document.database)
        if document.read_only:
            self.database_name = _("{database} (read-only)").format(
                database=self.database_name)
        self._marked_read_only = bool(document.read_only)
        self.setWindowTitle(f"{APP_TITLE} — {self.database_name}")
        self.setObjectName("main_window")
        self.commands = Actions(self, document.stack)
        self.navigator = Navigator(document, self)
        self.empty = EmptyState(self)
        self._workspace: Workspace | None = None  # built when first needed
        self._overview: OverviewScreen | None = None  # built when first shown
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("splitter")
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([255, 1105])
        self.setCentralWidget(self.splitter)
        self._status_bar()
        self.reports = Reports(self, document, settings, self.statusBar())
        self._menus()
        self._toolbar()
        self._connect()
        self.navigator.load()
        self._update_empty()
        self._update_actions()
        self.restore()

    # ---- Building ---------------------------------------------------------------------

    def _status_bar(self) -> None:
        self.status_figures = StatusFigures(self.statusBar(), self.document.label, self,
                                            name=self.database_name)
        if self.document.read_only:  # why nothing can be changed, always in sight
            label = self.status_figures.database
            label.setToolTip(f"{label.toolTip()}\n{self.document.read_only}")
        self.figure_labels = self.status_figures.labels
        self.warnings_button = self.status_figures.warnings
        self.warnings_button.clicked.connect(lambda: self._show_warnings())
        words = self.document.standing.words()
        self.role_label = QLabel(words, self)
        self.role_label.setObjectName("status_role")
        self.role_label.setVisible(bool(words))
        self.statusBar().addPermanentWidget(self.role_label)

    def _menus(self) -> None:
        self.recent_menu, view = build_menus(self, self.commands)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        # Filled by the workspace when it is built (at the latest when the menu opens).
        self._columns_menu = view.addMenu(_("&Columns of the activities"))
        self._columns_menu.aboutToShow.connect(lambda: self.workspace)

    def _toolbar(self) -> None:
        self.addToolBar(build_toolbar(self, self.commands))

    def _connect(self) -> None:
        a = self.commands
        handlers = {
            "new_procedure": self.new_procedure, "open_database": self.open_database,
            "new_database": self.new_database, "open_default": self.open_default,
            "backup_database": self.back_up, "database_copies": self.database_copies,
            "check_database": self.check_database, "administration": self.administration,
            "import": self.import_file, "synchronise": self.synchronise,
            "export": self.export_procedure,
            "export_entity": self.export_entity, "report": self.print_report,
            "benchmark": self.open_benchmark,
            "demo": self.load_demo, "quit": self.close, "find": self.focus_search,
            "insert_row": self.insert_row, "delete": self.delete,
            "move_up": lambda: self.move_rows(-1), "move_down": lambda: self.move_rows(+1),
            "copy": self.copy, "paste": self.paste, "cut": self.cut,
            "duplicate": lambda: self.workspace.activities.duplicate(),
            "find_replace": lambda: self._in_table("open_replace"),
            "filter": lambda: self._in_table("focus_filter"),
            "sort": lambda: self._in_table("sort_current"),
            "show_all": lambda: self.workspace.activities.arrangement.show_all(),
            "previous_version": lambda: self.workspace.step_version(-1),
            "next_version": lambda: self.workspace.step_version(+1),
            "choose_version": lambda: self.workspace.choose_version(),
            "next_pane": lambda: self.cycle_focus(+1),
            "previous_pane": lambda: self.cycle_focus(-1),
            "new_proposal": lambda: self.workspace.new_proposal(),
            "rename_version": lambda: self.workspace.rename_version(),
            "adopt_version": lambda: self.workspace.toggle_adopted(),
            "delete_version": lambda: self.workspace.delete_version(),
            "delete_procedure": self.delete_procedure,
            "entity_settings": self.entity_settings, "preferences": self.preferences,
            "procedure_history": self.procedure_history, "entity_history": self.entity_history,
            "help": self.show_help, "about": self.about,
            "log_folder": self.open_log_folder,
            "copy_procedure": self.copy_procedure, "overview": self.show_overview,
            "adopt_standard": self.adopt_standard,
        }
        for name, handler in handlers.items():
            a[name].triggered.connect(lambda _checked=False, h=handler: h())
        for tab_number, action in enumerate(a.tabs):
            action.triggered.connect(lambda _c=False, n=tab_number: self.show_tab(n))
        self.navigator.procedure_chosen.connect(self.open_procedure)
        self.navigator.benchmark_requested.connect(
            lambda code: self.open_benchmark(scope=code))
        self.navigator.entity_chosen.connect(self._entity_chosen)
        self.navigator.history_requested.connect(self._history_from_navigator)
        self.empty.new_procedure.connect(self.new_procedure)
        self.empty.import_file.connect(self.import_file)
        self.empty.load_demo.connect(self.load_demo)
        self.document.refused.connect(self._refused)
        self.document.changed.connect(self._on_change)
        self.document.elsewhere.connect(self.refresh_elsewhere)
        self.document.waiting.connect(self._waiting)

    @property
    def workspace(self) -> Workspace:
        """The open procedure's seven tabs, built the first time a procedure is opened
        (or a command reaches them), not to show the window: the first screen is the list
        and the empty state, and the tabs' modules, widgets and polish were a fifth of the
        start-up. `_workspace` is None until then: nothing is open."""
        if self._workspace is None:
            from ui.screens.workspace import Workspace

            workspace = self._workspace = Workspace(self.document, self)
            self.stack.addWidget(workspace)
            columns = workspace.activities.columns
            columns.fill(self._columns_menu)
            shown = self.settings.value("workspace/activity_columns")
            if shown:
                columns.set_visible(shown)
            columns.changed.connect(
                lambda keys: self.settings.set_value("workspace/activity_columns", keys))
            workspace.closed.connect(self._closed)
            workspace.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))
            workspace.measured.connect(self.show_figures)
            workspace.opened.connect(lambda _u: self._update_actions())
            workspace.version_shown.connect(lambda _u: self._update_actions())
            workspace.activities.arranged.connect(lambda _r: self._update_actions())
            self._update_actions()
        return self._workspace

    def prepare_workspace(self) -> None:
        """Build the procedure's tabs now (the window calls it once it has been shown
        and the person has it in view), so the first procedure opened does not wait for
        them either."""
        if self.document.closed or self._workspace is not None:
            return
        if self.document.tasks.busy:  # the start-up's own work first
            QTimer.singleShot(200, self, self.prepare_workspace)
            return
        self.workspace.ensurePolished()

    def _header(self) -> ProcedureHeader | None:
        """The open procedure's header; None when nothing is open."""
        return self._workspace.header if self._workspace is not None else None

    def open_uuid(self) -> str:
        """The open procedure's uuid; "" when nothing is open."""
        return self._workspace.procedure if self._workspace is not None else ""

    def open_version(self) -> str:
        """The version on show of the open procedure; "" when nothing is open."""
        return self._workspace.version if self._workspace is not None else ""

    @property
    def overview(self) -> OverviewScreen:
        """The municipality overview, built the first time it is needed (not to show the
        window: its module, its chart and its widgets are a tenth of the start-up)."""
        if self._overview is None:
            from ui.screens.overview import OverviewScreen

            self._overview = OverviewScreen(self.document, self)
            self.stack.addWidget(self._overview)
            self._overview.procedure_chosen.connect(self.open_procedure)
            self._overview.adopt_requested.connect(lambda _u: self.adopt_standard())
        return self._overview

    # ---- State ------------------------------------------------------------------------

    def restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 720)
            self.splitter.setSizes([255, 1025])
            # First start on a small screen (1366 × 768 less a taskbar): use all of it.
            available = self.screen().availableGeometry()
            if QGuiApplication.platformName() != "offscreen" and (
                    available.width() < 1500 or available.height() < 900):
                self.setWindowState(Qt.WindowState.WindowMaximized)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        last = self.settings.procedure_for(self.document.database.key)
        if last:
            self.open_procedure(last, quiet=True)
            self.workspace.tabs.setCurrentIndex(self.settings.value("workspace/tab"))

    def save_state(self) -> None:
        self.settings.set_value("window/geometry", self.saveGeometry())
        self.settings.set_value("window/state", self.saveState())
        self.settings.set_value("window/splitter", self.splitter.saveState())
        self.settings.remember_procedure(self.document.database.key, self.open_uuid())
        if self._workspace is not None:
            self.settings.set_value("workspace/tab", self._workspace.tabs.currentIndex())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.reports.close_previews()  # each deletes its temporary file
        if not self.keep_document:
            self.document.tasks.shutdown()
        super().closeEvent(event)

    def _refused(self, text: str) -> None:
        self._error = text
        self.statusBar().showMessage(text, 10000)

    def _clear_error(self) -> None:
        """A refusal's message goes as soon as an edit succeeds: it is stale then."""
        if self._error and self.statusBar().currentMessage() == self._error:
            self.statusBar().clearMessage()
        self._error = ""

    def database_changed_state(self) -> None:
        """The database became read-only while open (its late integrity check failed):
        the title, the status bar and every command say so."""
        if self.document.read_only and not self._marked_read_only:
            self._marked_read_only = True
            self.database_name = _("{database} (read-only)").format(
                database=self.database_name)
            self.setWindowTitle(f"{APP_TITLE} — {self.database_name}")
            label = self.status_figures.database
            label.setText(self.database_name)
            label.setToolTip(f"{label.toolTip()}\n{self.document.read_only}")
        self._update_actions()

    def _update_empty(self) -> None:
        empty = not self.document.read(navigator_entities)
        self.empty.set_database_empty(empty)

    def _update_actions(self) -> None:
        """Every command enabled, or disabled with why it cannot be done now as its
        tooltip (no command is offered, asked and then refused)."""
        workspace = self._workspace
        header = self._header()
        self.navigator.open_procedure_name = (
            f"{header.code} {header.name}" if self.open_uuid() and header is not None
            else "")
        state = self.action_state()
        for name, reason in reasons(state, self.commands.names()).items():
            if name not in ("undo", "redo"):
                explain(self.commands[name], not reason, reason)
        tabs = tab_reason(state)
        for action in self.commands.tabs:
            explain(action, not tabs, tabs)
        # The buttons that do what a command does say what it says.
        for button, name in ((self.empty.buttons["new"], "new_procedure"),
                             (self.empty.buttons["import"], "import"),
                             (self.empty.buttons["demo"], "demo")):
            mirror(button, self.commands[name])
        if workspace is None:
            return
        for tool, name in ((workspace.buttons["new-proposal"], "new_proposal"),
                           (workspace.buttons["rename"], "rename_version"),
                           (workspace.buttons["adopted"], "adopt_version"),
                           (workspace.buttons["delete"], "delete_version")):
            mirror(tool, self.commands[name])
        workspace.flow.explain_buttons()

    def action_state(self) -> WindowState:
        """What is open and chosen now, for `ui.action_states`."""
        workspace = self._workspace
        if workspace is None:  # nothing has been open yet
            return WindowState(
                database_empty=self.empty.database_empty, entity=self._entity(),
                procedure_open=False, read_only=self.document.read_only,
                is_default=self.document.database.is_default,
                server=self.document.database.path is None, version_index=0,
                version_count=0, delete_version="", rearranged="",
                server_copies=server_copies_note(), **self._role_state())
        open_ = bool(workspace.procedure) and workspace.header is not None
        versions = [v.uuid for v in workspace.header.versions] if workspace.header else []
        return WindowState(
            database_empty=self.empty.database_empty,
            entity=self._entity(), procedure_open=open_,
            read_only=self.document.read_only,
            is_default=self.document.database.is_default,
            server=self.document.database.path is None,
            version_index=versions.index(workspace.version)
            if workspace.version in versions else 0,
            version_count=len(versions),
            delete_version=workspace.why_not_delete_version() if open_ else "",
            rearranged=workspace.activities.arrangement.reason()
            if open_ and workspace.activities.view.rearranged else "",
            server_copies=server_copies_note(), **self._role_state())

    def _role_state(self) -> dict[str, str]:
        """What the user's role allows here (a shared server's roles), for the states."""
        standing = self.document.standing
        access = standing.access
        sqlite = self.document.database.is_sqlite
        ubigeo = self._entity()
        return {
            "role_refusal": standing.refusal(ubigeo) if ubigeo else "",
            "role_reads_only": "" if access.writes else refused_words(access, None),
            "administration": "" if not sqlite and access.role is Role.ADMIN else (
                _("Roles exist only on a shared PostgreSQL database.") if sqlite
                else _("Only an administrator grants roles.")),
            "demo_refusal": "" if access.editable is None else _(
                "Only an administrator loads the demo data: it writes every municipality."),
        }

    def administration(self) -> None:
        from ui.screens.administration import AdministrationDialog

        AdministrationDialog(self.document.database, self).exec()
        self.document.standing = standing(self.document.database)
        self._update_actions()

    def _entity(self) -> str:
        header = self._header()
        if header is not None:
            chosen = self.navigator.current_ubigeo()
            return chosen or header.ubigeo
        return self.navigator.current_ubigeo()

    def _on_change(self, change: Change) -> None:
        self._clear_error()
        if change.touches("procedures"):
            self._update_empty()
            self._update_actions()
            if change.procedure and change.procedure != self.open_uuid():
                # A new procedure (or an undone delete): open it.
                self.open_procedure(change.procedure)
        elif change.procedure and change.procedure != self.open_uuid():
            # Undo/redo of an edit in another procedure: show where it happened.
            self.open_procedure(change.procedure, quiet=True)

    def _waiting(self, waiting: bool) -> None:
        """Another program is writing to the database: the edit waits, and says so."""
        if waiting:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            self.statusBar().showMessage(_(
                "Waiting: another window or program is writing to the database…"))
        else:
            QApplication.restoreOverrideCursor()
            self.statusBar().clearMessage()

    def refresh_elsewhere(self, _changed: object = None) -> None:
        """Another window, a command or another clerk changed the database: the list, the
        open procedure and its figures show it (selection and an open editor are kept)."""
        if self.document.closed:
            return
        self.navigator.refresh()
        if self._workspace is not None:
            self._workspace.refresh()
        self._update_empty()
        self._update_actions()

    # ---- Opening ----------------------------------------------------------------------

    def open_procedure(self, uuid: str, quiet: bool = False) -> bool:
        if uuid == self.workspace.procedure:
            self.stack.setCurrentWidget(self.workspace)
            self.show_figures(self.workspace.figures.current)
            return True
        if not self.workspace.open_procedure(uuid):
            return False
        self.stack.setCurrentWidget(self.workspace)
        header = self.workspace.header
        if header is not None:
            self.navigator.reveal(header.ubigeo, header.uuid)
        if not quiet:
            self.workspace.tabs.setCurrentIndex(self.workspace.tabs.currentIndex())
        self._update_actions()
        return True

    def _entity_chosen(self, ubigeo: str) -> None:
        """A municipality chosen in the list (not one of its procedures): its overview."""
        self._update_actions()
        if self.navigator.current_kind() == "entity":
            self.show_overview(ubigeo)

    def show_overview(self, ubigeo: str = "") -> bool:
        ubigeo = ubigeo or self._entity()
        if not ubigeo:
            return False
        name = next((e.name for e in self.document.read(navigator_entities)
                     if e.ubigeo == ubigeo), ubigeo)
        self.overview.show_entity(ubigeo, name)
        self.stack.setCurrentWidget(self.overview)
        self.show_figures(None)  # the status bar's figures are those of an open version
        self._update_actions()
        return True

    def copy_procedure(self) -> None:
        header = self.workspace.header
        if header is not None:
            from ui import copy_ops

            copy_ops.ask_and_copy(self, self.document, self.statusBar(), header)

    def adopt_standard(self) -> str:
        ubigeo = self._entity()
        if not ubigeo:
            return ""
        name = next((e.name for e in self.document.read(navigator_entities)
                     if e.ubigeo == ubigeo), ubigeo)
        from ui import copy_ops

        uuid = copy_ops.adopt_standard(self, self.document, ubigeo, name)
        if uuid:
            self.open_procedure(uuid)
        return uuid

    def open_benchmark(self, scope: str | None = None) -> BenchmarkWindow | None:
        """The open procedure across the municipalities: of `scope` (a province's menu
        in the list), else of the province selected in the list, else of the whole
        department. Rows open their procedure here."""
        from ui.screens.benchmark_view import BenchmarkWindow

        header = self.workspace.header
        if header is None:
            return None
        window = BenchmarkWindow(self.document, header.uuid, header.ubigeo, self,
                                 scope=scope or self.navigator.current_province() or None)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.open_requested.connect(self.open_procedure)
        window.saved.connect(lambda message: self.statusBar().showMessage(message, 8000))
        window.show()
        window.refresh()
        return window

    def _closed(self) -> None:
        self.stack.setCurrentWidget(self.empty)
        self.show_figures(None)
        self._update_actions()

    def _show_warnings(self) -> None:
        from ui.screens.workspace import WARNINGS

        self.workspace.tabs.setCurrentIndex(WARNINGS)

    def show_tab(self, number: int) -> None:
        if self.open_uuid():
            self.workspace.tabs.setCurrentIndex(number)
            # The keyboard to what the tab is for: its table, its diagram, its first field.
            self.workspace.content_focus().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_search(self) -> None:
        """Ctrl+F: the search box of the list (Enter opens the first procedure found)."""
        self.navigator.search.setFocus()
        self.navigator.search.selectAll()

    # ---- Figures ----------------------------------------------------------------------

    def show_figures(self, measured: Measured | None) -> None:
        if measured is not None and self.stack.currentWidget() is not self._workspace:
            return  # the overview is on show: no version's figures in the status bar
        self.status_figures.show(measured)

    # ---- Commands ---------------------------------------------------------------------

    def insert_row(self) -> None:
        self.workspace.insert_row()

    def delete(self) -> None:
        if QApplication.focusWidget() is self.navigator.tree:
            self.delete_procedure()
            return
        if self._in_flowchart():
            self.workspace.flow.delete_selected()
            return
        tab = self._keyboard_tab()
        if tab is not None:
            tab.delete_selected()

    def move_rows(self, step: int) -> None:
        """Move the selected rows of the table in use (`move` is QWidget's: the window's);
        in the flowchart Alt+↑/↓ moves the step to the lane above or below."""
        if self._in_flowchart():
            self.workspace.flow.move_lane(step)
            return
        tab = self._keyboard_tab()
        if tab is not None:
            tab.move_selected(step)

    def _keyboard_tab(self) -> ActivitiesTab | RequirementsTab | None:
        """The open procedure's tab the keyboard works in, if any."""
        return self._workspace.keyboard_tab(self) if self._workspace is not None else None

    def _in_flowchart(self) -> bool:
        return self._workspace is not None \
            and QApplication.focusWidget() is self._workspace.flow.view

    def copy(self) -> None:
        if self._workspace is not None and self._keyboard_tab() is self._workspace.activities:
            self._workspace.activities.copy()

    def cut(self) -> None:
        if self._workspace is not None and self._keyboard_tab() is self._workspace.activities:
            self._workspace.activities.cut()

    def _in_table(self, command: str) -> None:
        """A command of the step table's arrangement (its method's name): show its tab
        first."""
        from ui.screens.workspace import ACTIVITIES

        if self.open_uuid():
            self.workspace.tabs.setCurrentIndex(ACTIVITIES)
            getattr(self.workspace.activities.arrangement, command)()

    def panes(self) -> list[QWidget]:
        """The parts of the window F6 (Ctrl+Tab) walks: the list, the version, the
        content of the tab on show."""
        found: list[QWidget] = [self.navigator.tree]
        if self._workspace is not None and self.stack.currentWidget() is self._workspace:
            found += [self._workspace.versions, self._workspace.content_focus()]
        elif self._overview is not None and self.stack.currentWidget() is self._overview:
            found.append(self._overview.procedures)
        else:
            found.append(self.empty)
        return found

    def cycle_focus(self, step: int) -> None:
        panes = self.panes()
        focus = QApplication.focusWidget()
        here = next((n for n, pane in enumerate(panes) if focus is not None and (
            focus is pane or pane.isAncestorOf(focus))), -1)
        if here < 0 and focus is not None and self.navigator.isAncestorOf(focus):
            here = 0  # the search box belongs to the list's pane
        target = panes[(here + step) % len(panes)] if here >= 0 else panes[0]
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def paste(self) -> None:
        if self._workspace is not None and self._keyboard_tab() is self._workspace.activities:
            self._workspace.activities.paste()

    def new_procedure(self) -> bool:
        ubigeo = self._entity()
        if not ubigeo:
            dialogs.inform(self, _("New procedure"),
                           _("Choose first the municipality in the list on the left."))
            return False
        entity = next((e for e in self.document.read(navigator_entities)
                       if e.ubigeo == ubigeo), None)
        code = self.document.read(ep.free_code, ubigeo)
        answer = dialogs.new_procedure(self, entity.name if entity else ubigeo, code)
        if answer is None:
            return False
        code, name = answer
        command = CreateProcedure(self.document, ubigeo, code, name)
        if not self.document.push(command):
            dialogs.error(self, _("New procedure"), error_text(command.last_error))
            return False
        self.open_procedure(command.uuid)
        self.workspace.focus_table()
        return True

    def delete_procedure(self) -> bool:
        header = self._header()
        if header is None:
            return False
        if not dialogs.ask(self, _("Delete the procedure"),
                           _("Delete {code} “{name}” with all its versions? You can undo it "
                             "with Ctrl+Z.").format(code=header.code, name=header.name),
                           _("Delete")):
            return False
        return self.document.push(DeleteProcedure(self.document, header.ubigeo, header.uuid,
                                                  header.code))

    def entity_settings(self) -> None:
        ubigeo = self._entity()
        if not ubigeo:
            return
        from ui.screens.entity_settings import EntitySettings

        try:
            dialog = EntitySettings(self.document, ubigeo, self)
        except DomainError as error:
            dialogs.error(self, _("Municipality settings"), error_text(error))
            return
        dialog.exec()
        dialog.deleteLater()

    def procedure_history(self) -> HistoryView | None:
        """The History view of the open procedure."""
        header = self._header()
        if header is None:
            return None
        return self.show_history(header.ubigeo, f"{header.code} · {header.name}", header.uuid,
                                 header.code)

    def entity_history(self, ubigeo: str = "") -> HistoryView | None:
        """The History view of the chosen municipality."""
        ubigeo = ubigeo or self._entity()
        if not ubigeo:
            return None
        try:
            name = self.document.read(entity_snapshot, ubigeo).name
        except DomainError as error:
            dialogs.error(self, _("History"), error_text(error))
            return None
        return self.show_history(ubigeo, name)

    def _history_from_navigator(self, kind: str, key: str) -> None:
        if kind == "procedure":
            if self.open_procedure(key):
                self.procedure_history()
        else:
            self.entity_history(key)

    def show_history(self, ubigeo: str, title: str, procedure_uuid: str = "",
                     code: str = "") -> HistoryView | None:
        """Open (or bring forward) the History view of a municipality or a procedure."""
        key = (ubigeo, procedure_uuid)
        view = self._histories.get(key)
        if view is None:
            from ui.screens.history_view import HistoryView

            try:
                view = HistoryView(self.document, ubigeo, title, procedure_uuid, code, self)
            except DomainError as error:
                dialogs.error(self, _("History"), error_text(error))
                return None
            view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            view.show_requested.connect(self._show_change)
            view.destroyed.connect(lambda _o=None, k=key: self._histories.pop(k, None))
            self._histories[key] = view
        view.show()
        view.raise_()
        view.activateWindow()
        return view

    def _show_change(self, procedure: str, version: str, uuid: str, kind: str) -> None:
        """Where a change of the history happened: its procedure, version and step."""
        if not self.open_procedure(procedure):
            return
        if version and self.workspace.header is not None \
                and self.workspace.header.version(version):
            self.workspace.show_version(version)
        if kind == "activity":
            from ui.screens.workspace import ACTIVITIES

            self.workspace.tabs.setCurrentIndex(ACTIVITIES)
            self.workspace.activities.select_uuids([uuid])

    def open_database(self) -> None:
        servers = [item for item in self.settings.value("database/recent") if "://" in item]
        target = dialogs.open_database(self, server_parts(servers[0]) if servers else None)
        if target:
            self.open_requested.emit(target)

    def open_default(self) -> None:
        self.open_requested.emit(str(default_database_path().resolve()))

    def new_database(self) -> None:
        path = database_ops.ask_new_database(self)
        if path:
            self.new_requested.emit(path)

    def back_up(self) -> None:
        database_ops.back_up(self, self.document, self.statusBar())

    def check_database(self) -> None:
        database_ops.check(self, self.document)

    def database_copies(self) -> None:
        chosen = database_ops.choose_copy(self, self.document.database)
        if chosen:
            self.restore_requested.emit(chosen)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.value("database/recent")
        default = str(default_database_path().resolve())
        if not recent:
            none = self.recent_menu.addAction(_("(none yet)"))
            explain(none, False, _("No other database has been opened yet: the ones you "
                                   "open are listed here."))
        for target in recent:
            if target == default:
                text = _("{database} (your default database)").format(database=target)
            elif "://" in target:  # a server, named as the Open dialog asks for it
                parts = server_parts(target)
                text = _("{database} on {server}").format(
                    database=parts.get("database", "?"), server=parts.get("host") or
                    "localhost") + (f" ({parts['user']})" if parts.get("user") else "")
            else:
                text = target
            action = self.recent_menu.addAction(text)
            here = target == self.document.database.key
            action.setToolTip(target)
            explain(action, not here, _("{database}: it is the database open now.").format(
                database=target))
            action.triggered.connect(lambda _c=False, t=target: self.open_requested.emit(t))

    def _open_parts(self) -> tuple[str, str, str]:
        header = self._header()
        if header is None:
            return "", "", ""
        item = header.version(self.workspace.version)
        return header.ubigeo, header.code, item.name if item else ""

    def import_file(self, path: str | None = None) -> None:
        ubigeo, code, version = self._open_parts()
        from ui import file_ops

        file_ops.run_import(self, self.document, self.statusBar(), path, entity=ubigeo,
                            procedure=code, version=version)

    def synchronise(self, path: str | None = None) -> None:
        """File ▸ Synchronise: merge a package that came from this database."""
        from ui import file_ops

        file_ops.run_merge(self, self.document, self.statusBar(), path)

    def export_procedure(self, path: str | None = None) -> None:
        ubigeo, code, version = self._open_parts()
        if code:
            from ui import file_ops

            file_ops.run_export(self, self.document, self.statusBar(), ubigeo, code, version,
                                code, path)

    def export_entity(self, path: str | None = None) -> None:
        ubigeo = self._entity()
        if ubigeo:
            from ui import file_ops

            file_ops.run_export(self, self.document, self.statusBar(), ubigeo, None, None,
                                ubigeo, path)

    def print_report(self) -> ReportDialog | None:
        """The Reports dialog over what is open (a procedure, else the municipality)."""
        ubigeo = self._entity()
        if not ubigeo:
            return None
        name = next((e.name for e in self.document.read(navigator_entities)
                     if e.ubigeo == ubigeo), ubigeo)
        from ui.screens.report_dialog import ReportSubject

        return self.reports.open_dialog(ReportSubject(
            ubigeo, name, self._header(),
            self._workspace.version if self._workspace is not None else ""))

    def load_demo(self) -> None:
        from ui import file_ops

        file_ops.run_demo(self, self.document, self.statusBar(), self._after_demo)

    def _after_demo(self) -> None:
        self._update_empty()
        self._update_actions()

    def preferences(self) -> None:
        before = self.settings.value("general/language")
        answer = dialogs.preferences(self, before, self.settings.author())
        if answer is None:
            return
        language, author = answer
        self.settings.set_value("general/language", language)
        self.settings.set_value("general/author", author)
        self.document.author = self.settings.author()
        if language != before:
            self.language_requested.emit(language)

    def show_help(self) -> None:
        from ui.screens.help import HelpDialog

        dialog = HelpDialog(self, self.commands.shortcuts())
        dialog.exec()
        dialog.deleteLater()

    def open_log_folder(self) -> bool:
        """Show the log folder in the system's file manager (created when missing)."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from procedures.logfile import log_folder

        folder = log_folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            dialogs.error(self, _("Trámite Claro"), _(
                "The log folder {folder} cannot be created: {error}").format(
                    folder=folder, error=error.strerror or error))
            return False
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        if not opened:
            self.statusBar().showMessage(_("The log folder is {folder}").format(
                folder=folder), 15000)
        return opened

    def about(self) -> None:
        dialogs.inform(self, _("About Trámite Claro"), _(
            "Trámite Claro maps, measures and simplifies the procedures of the TUPA of the "
            "municipalities of Cajamarca.\n\nDatabase: {database}").format(
                database=self.document.label))

