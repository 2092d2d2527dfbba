"""The window follows what others change: another window, a command, another clerk.

On SQLite a timer asks `PRAGMA data_version` on a connection of its own every second
(`models.watch.SqliteWatch`; microseconds, the file is not read); on PostgreSQL a
`QSocketNotifier` wakes up when a NOTIFY arrives on the listening connection
(`models.watch.PgListener`), with a slow timer as a safety net. Either way nothing
blocks the window. What others changed is announced as `Document.elsewhere`; this
window's own writes are left out (Document.wrote_hooks).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

from models.watch import Changed, PgListener, SqliteWatch
from ui.document import Document

log = logging.getLogger("tramite.refresh")
#: How often SQLite is polled, and PostgreSQL's listener read without a wake-up.
SQLITE_MS = 1000
SERVER_MS = 5000


class Refresher(QObject):
    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent or document)
        self.document = document
        self.watch: SqliteWatch | PgListener | None = None
        self.notifier: QSocketNotifier | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        database = document.database
        try:
            if database.path is not None:
                self.watch = SqliteWatch(database.path)
                self.timer.setInterval(SQLITE_MS)
            elif not database.is_sqlite:
                listener = PgListener(database.engine, database.source)
                self.watch = listener
                self.notifier = QSocketNotifier(listener.fileno(), QSocketNotifier.Type.Read,
                                                self)
                self.notifier.activated.connect(lambda *_a: self.check())
                self.timer.setInterval(SERVER_MS)
        except Exception:  # the window works without it, only not live
            log.warning("others' changes will not be shown live", exc_info=True)
            self.watch = None
        document.wrote_hooks.append(self._wrote)
        if self.watch is not None:
            self.timer.start()

    def _wrote(self, entries: set[int]) -> None:
        if isinstance(self.watch, SqliteWatch):
            self.watch.wrote(entries)

    def check(self) -> Changed | None:
        """Look now (the timer and the notifier call this); announce what others did."""
        if self.watch is None:
            return None
        try:
            changed = self.watch.poll()
        except Exception:  # a lost server connection: keep the window
            log.warning("could not read others' changes", exc_info=True)
            return None
        if changed is not None:
            self.document.elsewhere.emit(changed)
        return changed

    def close(self) -> None:
        self.timer.stop()
        if self.notifier is not None:
            self.notifier.setEnabled(False)
        if self.watch is not None:
            self.watch.close()
            self.watch = None
