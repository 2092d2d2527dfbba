"""Every command of the window in one registry: text, shortcut, icon, tooltip.

Menus, the toolbar and the tabs' buttons all use these QActions, so a shortcut is
declared once and never twice (Qt refuses ambiguous shortcuts). The window connects
`triggered` to its handlers.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QAbstractButton, QMainWindow, QMenu, QToolBar, QWidget

from procedures.i18n import N_, _
from ui.icons import icon

Key = QKeySequence.StandardKey


@dataclass(frozen=True, slots=True)
class ActionSpec:
    name: str
    text: str  # msgid, with & for the menu mnemonic
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    icon: str = ""
    tip: str = ""  # msgid


SPECS: tuple[ActionSpec, ...] = (
    ActionSpec("new_procedure", N_("&New procedure…"), ("Ctrl+N",), "new-procedure",
               N_("Add a procedure to the municipality chosen in the list")),
    ActionSpec("open_database", N_("&Open database…"), ("Ctrl+O",), "open-database",
               N_("Open another database: a file or a shared PostgreSQL server")),
    ActionSpec("new_database", N_("Ne&w database…"), (), "",
               N_("Create a new, empty database file")),
    ActionSpec("open_default", N_("Open your de&fault database"), (), "",
               N_("The database in your user folder, the one Trámite Claro opens at start")),
    ActionSpec("backup_database", N_("&Back up…"), (), "",
               N_("Write a copy of the open database to a file you choose")),
    ActionSpec("database_copies", N_("&Copies and restore…"), (), "",
               N_("The automatic copies of the open database; restore one of them")),
    ActionSpec("check_database", N_("C&heck"), (), "",
               N_("Integrity, links between tables, schema version and rows of the open "
                  "database")),
    ActionSpec("administration", N_("&Roles and municipalities…"), (), "",
               N_("Who may change which municipality on this shared PostgreSQL database "
                  "(administrators)")),
    ActionSpec("import", N_("&Import…"), ("Ctrl+I",), "import",
               N_("Import a .tramite.json package, an Excel step table or a BPMN model")),
    ActionSpec("synchronise", N_("S&ynchronise…"), (), "",
               N_("Bring back a package that came from this database (a laptop's work): "
                  "both sides' changes are kept, conflicts are shown to decide")),
    ActionSpec("export", N_("&Export the procedure…"), ("Ctrl+E",), "export",
               N_("Export the open procedure to a package, Excel or BPMN file")),
    ActionSpec("export_entity", N_("Export the &municipality…"), (), "",
               N_("Export every procedure of the municipality to a package file")),
    ActionSpec("benchmark", N_("&Benchmark across municipalities…"), ("Ctrl+B",), "",
               N_("The open procedure in every municipality of the region, or of the "
                  "province selected in the list: costs, fees, days, median and outliers")),
    ActionSpec("report", N_("Prin&t report…"), ("Ctrl+P",), "print",
               N_("Guide, booklet, technical sheet, comparison, TUPA table or portfolio: "
                  "preview, print or save as PDF (Ctrl+P)")),
    ActionSpec("demo", N_("Load the &demo data"), (), "demo",
               N_("The 127 municipalities of Cajamarca and mapped example procedures")),
    ActionSpec("quit", N_("&Quit"), ("Ctrl+Q",), "quit"),
    ActionSpec("find", N_("&Find…"), ("Ctrl+F",), "search",
               N_("Search a procedure or a municipality")),
    ActionSpec("insert_row", N_("&Insert a row"), ("Ctrl+Ins",), "add-row",
               N_("A new activity above the current one (Ctrl+Ins)")),
    ActionSpec("delete", N_("&Delete"), ("Del",), "delete-row",
               N_("Delete the selected rows (Del)")),
    ActionSpec("move_up", N_("Move &up"), ("Alt+Up",), "move-up",
               N_("Move the selected rows up (Alt+↑)")),
    ActionSpec("move_down", N_("Move do&wn"), ("Alt+Down",), "move-down",
               N_("Move the selected rows down (Alt+↓)")),
    ActionSpec("cut", N_("Cu&t rows"), ("Ctrl+X",), "cut",
               N_("Copy the selected rows, then delete them (Ctrl+X)")),
    ActionSpec("copy", N_("&Copy rows"), ("Ctrl+C",), "copy",
               N_("Copy the selected rows as text for Excel (Ctrl+C)")),
    ActionSpec("paste", N_("&Paste rows"), ("Ctrl+V",), "paste",
               N_("Paste rows copied from Excel or from this table (Ctrl+V)")),
    ActionSpec("duplicate", N_("Duplicat&e rows"), ("Ctrl+D",), "duplicate",
               N_("Copies of the selected rows right below them (Ctrl+D)")),
    ActionSpec("find_replace", N_("Find and &replace…"), ("Ctrl+H",), "replace",
               N_("Find and replace words in the descriptions of the steps (Ctrl+H)")),
    ActionSpec("filter", N_("&Filter the steps"), ("Ctrl+Shift+L",), "filter",
               N_("Show only the steps that have some text (Ctrl+Shift+L)")),
    ActionSpec("sort", N_("&Sort by this column"), ("Ctrl+Shift+S",), "sort",
               N_("Sort the table by the current column: ascending, descending, then the "
                  "steps' own order (Ctrl+Shift+S). Sorting never changes the steps' order")),
    ActionSpec("show_all", N_("Show all in step &order"), (), "",
               N_("Clear the filter and the sort")),
    ActionSpec("previous_version", N_("Pre&vious version"), ("Ctrl+Shift+PgUp",), "",
               N_("Show the previous version of the procedure (Ctrl+Shift+PgUp)")),
    ActionSpec("next_version", N_("Ne&xt version"), ("Ctrl+Shift+PgDown",), "",
               N_("Show the next version of the procedure (Ctrl+Shift+PgDown)")),
    ActionSpec("choose_version", N_("C&hoose the version…"), ("Ctrl+Shift+V",), "version",
               N_("The list of versions: arrows choose, Enter shows it (Ctrl+Shift+V)")),
    ActionSpec("next_pane", N_("Next &pane"), ("F6", "Ctrl+Tab"), "",
               N_("The keyboard to the next part of the window: the list, the version, "
                  "the tab's content (F6)")),
    ActionSpec("previous_pane", N_("Previous pan&e"), ("Shift+F6", "Ctrl+Shift+Tab"), "",
               N_("The keyboard to the previous part of the window (Shift+F6)")),
    ActionSpec("new_proposal", N_("New &proposal…"), ("Ctrl+Shift+N",), "new-proposal",
               N_("A copy of the open version to simplify (Ctrl+Shift+N)")),
    ActionSpec("rename_version", N_("&Rename the version…"), ("Ctrl+Shift+R",), "rename"),
    ActionSpec("adopt_version", N_("Mark as &adopted"), (), "adopted"),
    ActionSpec("delete_version", N_("De&lete the version…"), (), "delete"),
    ActionSpec("delete_procedure", N_("Delete the proce&dure…"), (), "delete"),
    ActionSpec("procedure_history", N_("Hi&story of the procedure…"), ("Ctrl+Shift+H",), "",
               N_("Who changed what in this procedure, when, from what to what; revert a "
                  "change (Ctrl+Shift+H)")),
    ActionSpec("entity_history", N_("&History of the municipality…"), (), "",
               N_("Every change of the municipality: its procedures and its settings")),
    ActionSpec("copy_procedure", N_("Cop&y to other municipalities…"), (), "copy",
               N_("Copy the open procedure with its versions (or one of them) into other "
                  "municipalities, costed at their own rates")),
    ActionSpec("overview", N_("Municipality &overview"), (), "municipality",
               N_("The municipality at a glance: mapped procedures, costs, warnings and "
                  "where to start")),
    ActionSpec("adopt_standard", N_("New from the standard &catalogue…"), (),
               "new-procedure",
               N_("A procedure pre-filled from a standardized procedure (D.S. 045-2019-PCM "
                  "and others), to map its steps")),
    ActionSpec("entity_settings", N_("&Municipality settings…"), ("Ctrl+M",), "settings",
               N_("Units, positions, resources, days off and calculation settings")),
    ActionSpec("preferences", N_("P&references…"), ("Ctrl+,",), "",
               N_("Language and your name for the change log")),
    ActionSpec("help", N_("&Help"), ("F1",), "help", N_("Keys and symbols (F1)")),
    ActionSpec("log_folder", N_("Open the &log folder"), (), "",
               N_("The folder of the program's log file, which helps a technician")),
    ActionSpec("about", N_("&About Trámite Claro"), (), ""),
)
#: Ctrl+1 … Ctrl+7 show the workspace tabs (the View menu lists them with these names).
TAB_KEYS = tuple(f"Ctrl+{n}" for n in range(1, 8))
TAB_NAMES = (N_("TUPA data"), N_("Requirements"), N_("Activities"), N_("Flowchart"),
             N_("Costs"), N_("Warnings and suggestions"), N_("Comparison"))


class Actions:
    """The window's QActions by name (`actions["undo"]`)."""

    def __init__(self, window: QWidget, stack: QUndoStack) -> None:
        self._actions: dict[str, QAction] = {}
        for spec in SPECS:
            action = QAction(_(spec.text), window)
            if spec.icon:
                action.setIcon(icon(spec.icon))
            if spec.shortcuts:
                action.setShortcuts([QKeySequence(k) for k in spec.shortcuts])
            tip = _(spec.tip) if spec.tip else _(spec.text).replace("&", "").rstrip("…")
            action.setToolTip(tip)
            action.setStatusTip(tip)
            self._actions[spec.name] = action
        undo = stack.createUndoAction(window, _("Undo"))
        undo.setShortcuts([QKeySequence(Key.Undo)])
        undo.setIcon(icon("undo"))
        redo = stack.createRedoAction(window, _("Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        redo.setIcon(icon("redo"))
        self._actions["undo"] = undo
        self._actions["redo"] = redo
        # Disabled, they say why; enabled, they name the step (Qt words their text and
        # enables them; their own `changed` ends with them, while the stack may outlive
        # this window).
        for action in (undo, redo):
            action.changed.connect(self._explain_history)
        self._explain_history()
        self.tabs = []
        for number, (key, name) in enumerate(zip(TAB_KEYS, TAB_NAMES, strict=True)):
            action = QAction(f"&{number + 1} {_(name)}", window)
            action.setShortcut(QKeySequence(key))
            action.setData(number)
            window.addAction(action)
            self.tabs.append(action)
        for action in self._actions.values():
            window.addAction(action)

    def _explain_history(self) -> None:
        for name, why in (
                ("undo", _("Nothing to undo: no change has been made since the database "
                           "was opened.")),
                ("redo", _("Nothing to redo: a change undone with Ctrl+Z can be made again "
                           "here."))):
            action = self._actions[name]
            tip = action.text().replace("&", "") if action.isEnabled() else why
            if action.toolTip() != tip:  # setting it emits `changed` again
                action.setToolTip(tip)
            if action.statusTip() != tip:
                action.setStatusTip(tip)

    def __getitem__(self, name: str) -> QAction:
        return self._actions[name]

    def names(self) -> tuple[str, ...]:
        return tuple(self._actions)

    def shortcuts(self) -> list[tuple[str, str]]:
        """(keys, what they do) of every action with a shortcut, for the help (F1)."""
        # Undo and redo name the next step in their text; the help names the command.
        fixed = {"undo": _("Undo"), "redo": _("Redo")}
        rows = []
        named = [(fixed.get(name, action.text()), action)
                 for name, action in self._actions.items()]
        named += [(_(name), action) for name, action in zip(TAB_NAMES, self.tabs, strict=True)]
        for text, action in named:
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText)
                    for k in action.shortcuts()]
            if keys:
                rows.append((" / ".join(keys), text.replace("&", "").rstrip("…")))
        return rows


def build_menus(window: QMainWindow, commands: Actions) -> tuple[QMenu, QMenu]:
    """The menu bar; returns the (empty) recent-databases menu and the View menu, for
    the window to fill."""
    bar = window.menuBar()
    file_menu = bar.addMenu(_("&File"))
    _add(file_menu, commands, ("new_procedure", None, "open_database", "open_default"))
    recent = QMenu(_("&Recent databases"), window)
    recent.setObjectName("recent_menu")
    file_menu.addMenu(recent)
    file_menu.addAction(commands["new_database"])
    database = file_menu.addMenu(_("Data&base"))
    database.setObjectName("database_menu")
    _add(database, commands, ("backup_database", "database_copies", "check_database", None,
                                  "administration"))
    _add(file_menu, commands, (None, "import", "synchronise", "export", "export_entity",
                               "report", None,
                               "demo", None, "quit"))
    _add(bar.addMenu(_("&Edit")), commands, (
        "undo", "redo", None, "cut", "copy", "paste", "duplicate", None, "insert_row",
        "delete", "move_up", "move_down", None, "find_replace", "find"))
    view = bar.addMenu(_("&View"))
    view.setObjectName("view_menu")
    for action in commands.tabs:
        view.addAction(action)
    view.addSeparator()
    _add(view, commands, ("next_pane", "previous_pane", None, "filter", "sort", "show_all",
                          None))
    _add(bar.addMenu(_("&Procedure")), commands, (
        "choose_version", "previous_version", "next_version", None,
        "new_proposal", "rename_version", "adopt_version", "delete_version", None,
        "benchmark", "report", "procedure_history", None, "copy_procedure", None,
        "delete_procedure"))
    _add(bar.addMenu(_("&Municipality")), commands, ("overview", "adopt_standard", None,
                                                     "entity_settings", "entity_history"))
    _add(bar.addMenu(_("&Tools")), commands, ("preferences",))
    _add(bar.addMenu(_("&Help")), commands, ("help", "log_folder", "about"))
    # A disabled item says why when the pointer rests on it (menus hide tooltips).
    for menu in bar.findChildren(QMenu):
        menu.setToolTipsVisible(True)
    return recent, view


def build_toolbar(window: QMainWindow, commands: Actions) -> QToolBar:
    toolbar = QToolBar(_("Main toolbar"), window)
    toolbar.setObjectName("main_toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    _add(toolbar, commands, (
        "new_procedure", "import", "export", "report", None, "undo", "redo", None,
        "insert_row", "delete", "move_up", "move_down", "cut", "copy", "paste", "duplicate",
        None,
        "new_proposal", None, "entity_settings", "help"))
    return toolbar


def _add(target: QMenu | QToolBar, commands: Actions, names: tuple[str | None, ...]) -> None:
    for name in names:
        if name is None:
            target.addSeparator()
        else:
            target.addAction(commands[name])

def explain(action: QAction, enabled: bool, reason: str) -> None:
    """Enable `action`, or disable it with `reason` as its tooltip (its own tip back
    once it can be done)."""
    if action.property("tip") is None:
        action.setProperty("tip", action.toolTip())
    action.setEnabled(enabled)
    tip = reason if reason and not enabled else str(action.property("tip"))
    action.setToolTip(tip)
    action.setStatusTip(tip)


def mirror(button: QAbstractButton, action: QAction) -> None:
    """A button that does what `action` does: enabled when it is, with its own tooltip,
    or disabled with the action's reason."""
    if button.property("tip") is None:
        button.setProperty("tip", button.toolTip())
    button.setEnabled(action.isEnabled())
    button.setToolTip(str(button.property("tip")) if action.isEnabled() else action.toolTip())
