"""The integrity check left for after the window appears (start-up on a large file).

`procedures.services.database.finish_check` reads every page of the file and makes the
day's copy on a plain worker thread (SQLite's C code, which lets the window paint);
`done` brings its outcome to the UI thread: None when sound, else the worded problem.
Until then the database's `WriteGate` holds every write, so nothing can be written to a
file that turns out damaged.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from models.db import Database
from procedures.services import database as dbs

log = logging.getLogger("tramite.integrity")


class IntegrityCheck(QObject):
    """Signals:
        done: (DatabaseProblem | None) the check is over; None when the file is sound.
    """

    done = Signal(object)

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self._thread = threading.Thread(target=self._run, name="integrity-check",
                                        daemon=True)
        self._thread.start()

    def _run(self) -> None:  # worker thread
        try:
            problem = dbs.finish_check(self.database)
        except Exception as error:  # the database went away meanwhile (closed, deleted)
            log.warning("the integrity check of %s stopped: %s", self.database.label, error)
            problem = dbs.storage_problem(error) or dbs.DatabaseProblem(str(error))
        self.done.emit(problem)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self) -> None:
        """Until the check (and the day's copy) is over: before the program ends, so no
        copy is left half-written."""
        self._thread.join()
