"""The window's settings: one declarative spec (key, type, default, description) over
QSettings, with a version and a migration step.

Only the UI thread touches settings. Never store a database password: PostgreSQL URLs
are remembered without it (psycopg then reads PGPASSWORD or ~/.pgpass). The procedure
open last is remembered per database. How many automatic copies are kept is not here:
the command line needs it too (`procedures.services.database.kept`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings
from sqlalchemy.engine import URL, make_url

from procedures.i18n import N_
from procedures.people import login_name

ORGANIZATION = "TramiteClaro"
APPLICATION = "Trámite Claro"
#: Bump when a key is renamed or its meaning changes; `migrate` upgrades old files.
SETTINGS_VERSION = 2
MAX_RECENT = 8
#: Databases whose last open procedure is remembered.
MAX_REMEMBERED = 20


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    type: type
    default: Any
    description: str  # msgid


SPEC: tuple[Setting, ...] = (
    Setting("general/language", str, "es", N_("Language of the window and the reports: es or en")),
    Setting("general/author", str, "", N_("Your name, written in the change log of every edit")),
    Setting("database/recent", list, [], N_("Recently opened databases (files or URLs)")),
    Setting("window/geometry", QByteArray, QByteArray(), N_("Size and place of the window")),
    Setting("window/state", QByteArray, QByteArray(), N_("Toolbars and docks of the window")),
    Setting("window/splitter", QByteArray, QByteArray(), N_("Width of the navigator")),
    Setting("workspace/procedures", list, [],
            N_("The procedure open last in each database (procedure|database)")),
    Setting("workspace/tab", int, 2, N_("The workspace tab shown last")),
    Setting("workspace/activity_columns", list, [],
            N_("Columns shown in the activity table (empty: the usual ones)")),
    Setting("reports/folder", str, "", N_("The folder a report was saved in last (empty: "
                                          "Documents)")),
    Setting("reports/preview_geometry", QByteArray, QByteArray(),
            N_("Size and place of the print preview")),
)
_BY_KEY = {setting.key: setting for setting in SPEC}


class AppSettings:
    """Typed access to the spec; unknown keys are a programming error."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings if settings is not None else QSettings(ORGANIZATION,
                                                                          APPLICATION)
        self.migrate()

    def value(self, key: str) -> Any:
        setting = _BY_KEY[key]
        raw = self._settings.value(key, None)
        if raw is None:
            return setting.default.copy() if isinstance(setting.default, list) \
                else setting.default
        if setting.type is list:
            if isinstance(raw, str):
                return [raw]  # QSettings hands back a one-item list as its item
            if isinstance(raw, list | tuple):
                return [str(item) for item in raw]
            return setting.default.copy()
        if setting.type is QByteArray:
            return raw if isinstance(raw, QByteArray) else QByteArray()
        try:
            return setting.type(raw)
        except (TypeError, ValueError):
            return setting.default

    def set_value(self, key: str, value: Any) -> None:
        if key not in _BY_KEY:
            raise KeyError(key)
        self._settings.setValue(key, value)

    def migrate(self) -> None:
        """Upgrade settings written by an older version.

        Version 2: the last open procedure belongs to the database it was open in
        (`workspace/procedure` and `database/last` are folded into
        `workspace/procedures`).
        """
        raw = self._settings.value("settings/version", 0)
        try:
            version = int(str(raw or 0))
        except ValueError:
            version = 0  # not written by this program: treat as the oldest
        if version < 2:
            procedure = self._settings.value("workspace/procedure", "")
            last = self._settings.value("database/last", "")
            if procedure and last:
                self.remember_procedure(str(last), str(procedure))
            self._settings.remove("workspace/procedure")
            self._settings.remove("database/last")
        if version < SETTINGS_VERSION:
            self._settings.setValue("settings/version", SETTINGS_VERSION)

    # ---- Conveniences ---------------------------------------------------------------

    def author(self) -> str:
        """The person's name for the history of a personal (SQLite) file: the one set
        in Preferences, else the operating system's login name. (A server records its
        own user.)"""
        name = self.value("general/author")
        return name or login_name()

    def remember_database(self, target: str) -> None:
        """Put `target` first in the recent list (passwords removed)."""
        target = safe_target(target)
        recent = [item for item in self.value("database/recent") if item != target]
        self.set_value("database/recent", [target, *recent][:MAX_RECENT])

    def procedure_for(self, database: str) -> str:
        """The procedure open last in `database` (a path, or a URL without password)."""
        database = safe_target(database)
        for item in self.value("workspace/procedures"):
            uuid, _bar, key = item.partition("|")
            if key == database:
                return uuid
        return ""

    def remember_procedure(self, database: str, uuid: str) -> None:
        database = safe_target(database)
        others = [item for item in self.value("workspace/procedures")
                  if item.partition("|")[2] != database]
        entries = [f"{uuid}|{database}", *others] if uuid else others
        self.set_value("workspace/procedures", entries[:MAX_REMEMBERED])


def safe_target(target: str) -> str:
    """A path stays as it is; a URL loses its password."""
    if "://" not in target:
        return target
    url = make_url(target)
    if url.password is not None:
        url = URL.create(url.drivername, username=url.username, host=url.host,
                         port=url.port, database=url.database, query=url.query)
    return url.render_as_string(hide_password=False)
