"""Why each command of the window cannot be done now ("" when it can).

A command that cannot be done is disabled with the reason as its tooltip and status tip
(never offered, asked and then refused). The reasons are worked out here from a plain
`WindowState` (what is open, what is chosen, whether the database can be written), so
every state is one table: no procedure open, the as-is version on show, a proposal, a
read-only database.
"""

from __future__ import annotations

from dataclasses import dataclass

from procedures.i18n import _

#: Commands that change the database (a read-only one refuses them all).
WRITES = frozenset({
    "new_procedure", "import", "demo", "insert_row", "delete", "move_up", "move_down",
    "cut", "paste", "duplicate", "find_replace", "new_proposal", "rename_version",
    "adopt_version", "delete_version", "delete_procedure", "entity_settings",
    "database_copies", "copy_procedure", "adopt_standard", "synchronise",
})
#: Commands on the open procedure (its versions, its step table).
ON_PROCEDURE = frozenset({
    "export", "new_proposal", "rename_version", "adopt_version", "delete_version",
    "delete_procedure", "insert_row", "delete", "move_up", "move_down", "copy", "paste",
    "cut", "duplicate", "find_replace", "filter", "sort", "show_all", "choose_version",
    "previous_version", "next_version", "procedure_history", "benchmark", "copy_procedure",
})
#: Commands on the municipality chosen in the list (or the open procedure's).
ON_ENTITY = frozenset({"new_procedure", "entity_settings", "export_entity", "report",
                       "entity_history", "overview", "adopt_standard"})


@dataclass(frozen=True, slots=True)
class WindowState:
    database_empty: bool = False  # no municipality at all
    entity: str = ""  # ubigeo chosen in the list or of the open procedure
    procedure_open: bool = False
    read_only: str = ""  # why the database cannot be written ("" when it can)
    is_default: bool = False  # the open database is the default one
    server: bool = False  # a PostgreSQL server, not a file
    version_index: int = 0  # of the version on show, among the procedure's
    version_count: int = 0
    delete_version: str = ""  # why the version on show cannot be deleted
    rearranged: str = ""  # why rows cannot be moved while the view is sorted/filtered
    server_copies: str = ""  # what to do instead of the copies dialog on a server
    #: Why the user's role does not let them change the chosen municipality ("": it does).
    role_refusal: str = ""
    #: Why the user's role does not let them write at all ("": it does).
    role_reads_only: str = ""
    #: Why the roles dialog cannot be opened ("": the user grants roles here).
    administration: str = ""
    #: Why the demo data cannot be loaded by this user ("": they may write everything).
    demo_refusal: str = ""


def reasons(state: WindowState, names: tuple[str, ...]) -> dict[str, str]:
    """The reason each of `names` cannot be done now ("" when it can)."""
    return {name: _reason(state, name) for name in names}


def _reason(state: WindowState, name: str) -> str:
    if name in ON_ENTITY and not state.entity:
        if state.database_empty:
            return _("The database has no municipality yet: load the demo data or import "
                     "a package (File menu).")
        return _("Choose a municipality (or one of its procedures) in the list first.")
    if name == "synchronise" and state.database_empty:
        return _("The database has no municipality yet: only a package that came from "
                 "this database is synchronised with it (File ▸ Import brings a new one).")
    if name in ON_PROCEDURE and not state.procedure_open:
        return _("Open a procedure first: choose it in the list on the left.")
    if name in WRITES and state.read_only:
        return state.read_only
    if name in WRITES and state.role_reads_only:
        return state.role_reads_only
    if name == "demo" and state.demo_refusal:
        return state.demo_refusal
    if name in WRITES and name not in ("import", "database_copies", "copy_procedure",
                                       "synchronise") \
            and state.role_refusal:
        return state.role_refusal
    if name == "administration":
        return state.administration
    if name == "open_default" and state.is_default:
        return _("This is already your default database.")
    if name == "database_copies" and state.server:
        return state.server_copies
    if name == "delete_version":
        return state.delete_version
    if name in ("move_up", "move_down"):
        return state.rearranged
    if name == "show_all" and not state.rearranged:
        return _("The steps are already all shown, in their own order.")
    if name in ("previous_version", "next_version", "choose_version") \
            and state.version_count < 2:
        return _("The procedure has only one version; a proposal (Ctrl+Shift+N) makes a "
                 "second one.")
    if name == "previous_version" and state.version_index == 0:
        return _("This is the first version of the procedure.")
    if name == "next_version" and state.version_index >= state.version_count - 1:
        return _("This is the last version of the procedure.")
    return ""


def tab_reason(state: WindowState) -> str:
    """Why the tabs (Ctrl+1 … Ctrl+7) cannot be shown."""
    return "" if state.procedure_open else _("Open a procedure first: choose it in the "
                                             "list on the left.")
