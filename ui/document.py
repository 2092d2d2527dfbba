"""The open database and its undo stack: the one place edits go through.

Every edit is a `DocumentCommand` (ui/undo/) whose redo/undo call the editing services
of `procedures.services` in one short transaction each. `Document.push` runs the edit
first and puts it on the stack only when it succeeded, so a refused value never reaches
the stack or the database; the caller gets the located message.

Threads: the document lives on the UI thread. Edits are small single-row transactions
run right here (they take milliseconds, and running them in order on the thread that owns
the stack keeps stack and database in step); long jobs (imports, reports, the demo) go
through `ui.tasks.TaskRunner`, one worker, while a window-modal progress dialog keeps
the user from editing at the same time.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Signal
from PySide6.QtGui import QUndoStack

from models import db as dbmod
from models.db import Database, WriterBusy
from models.revisions import revised
from models.watch import Changed, own_entries
from procedures.errors import ChangedMeanwhile, DomainError
from procedures.services import access, measurement
from procedures.services.database import busy, read_only_reason, storage_problem
from ui.field_words import error_text
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from ui.undo.base import DocumentCommand

T = TypeVar("T")
#: How long one try of an edit waits for another writer before the window says it waits.
WAIT_STEP_MS = 150


@dataclass(frozen=True, slots=True)
class Change:
    """What an edit touched, so each view refreshes only what it shows.

    `what` holds any of: "procedures" (the navigator's lists), "procedure" (TUPA data),
    "versions", "activities", "requirements", "entity" (settings, units, positions,
    resources, days off), "reference".
    """

    what: frozenset[str]
    ubigeo: str = ""
    procedure: str = ""
    version: str = ""
    rows: tuple[str, ...] = field(default=())  # uuids to select after the edit
    #: Activities changed in place and nothing else of the version (no row added,
    #: removed or moved): the step table reads only those. Empty: read it all.
    updated: tuple[str, ...] = field(default=())
    #: The figures of shown versions as the edit's own commit measured them for their
    #: stored figures (`measurement.measured_at_commit`): version uuid -> `Measured`.
    #: Set by `Document.notify_written`; a version not in it is measured again.
    measured: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def touches(self, *kinds: str) -> bool:
        return bool(self.what.intersection(kinds))

    def __or__(self, other: Change) -> Change:
        # In place only when both are (the same version's rows, nothing else moved).
        updated = (tuple(dict.fromkeys(self.updated + other.updated))
                   if self.updated and other.updated and self.version == other.version
                   else ())
        return Change(self.what | other.what, self.ubigeo or other.ubigeo,
                      self.procedure or other.procedure, self.version or other.version,
                      other.rows or self.rows, updated)


@contextmanager
def worded_storage_errors() -> Iterator[None]:
    """Storage's refusals as `DomainError`s a person can read; other errors unchanged."""
    try:
        yield
    except DomainError:
        raise
    except Exception as error:
        worded = storage_problem(error)
        if worded is None:
            raise
        raise worded from None


class Document(QObject):
    """The open database, its undo stack and its change notifications.

    Signals:
        changed: a `Change` after every edit, undo and redo (and after imports).
        refused: (message) an edit was refused; nothing was stored.
        elsewhere: (models.watch.Changed) another window, process or clerk changed the
            database: the screens show what they show as it is now (keeping selection
            and an open editor). Also after an edit refused for that reason.
        waiting: (bool) an edit waits for another program writing to the database
            (True), or no longer does (False).
    """

    changed = Signal(object)
    refused = Signal(str)
    elsewhere = Signal(object)
    waiting = Signal(bool)

    def __init__(self, database: Database, author: str = "",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.author = author
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(500)
        self.tasks = TaskRunner(self)
        #: What the connected user may change (a shared server's roles).
        self.standing = access.standing(database)
        self.closed = False
        #: uuid -> the revision of the row this window's own last write left (what an
        #: undo or redo expects: a different one means someone else changed it since).
        self.revisions: dict[str, int] = {}
        #: Called after each of this window's own writes with the ids of the change-log
        #: entries it wrote (the refresher leaves them out).
        self.wrote_hooks: list[Callable[[set[int]], object]] = []
        #: Why the database cannot be written ("" when it can): checked once, on open.
        self.read_only = read_only_reason(database.path)
        #: What shows a version's figures (`ui.figures.Figures`: its `version`): the
        #: commit of each write hands their measurement over.
        self.figure_views: weakref.WeakSet[Any] = weakref.WeakSet()
        self._measured: Mapping[str, Any] = {}

    @property
    def label(self) -> str:
        return self.database.label

    def read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a read-only service in its own session (UI thread; keep it quick)."""
        with worded_storage_errors(), self.database.session() as session:
            return fn(session, *args, **kwargs)

    def write(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a writing service in one transaction: all of it is stored, or nothing.

        It waits for another writer (busy timeout) and is run again when the server
        asks; what storage still refuses (a lock held too long, data changed by someone
        else meanwhile) becomes a worded `DomainError`.
        """
        self._wait_for_check()
        written: dict[str, int] = {}
        entries: set[int] = set()
        shown = sorted({view.version for view in self.figure_views if view.version})
        measured: list[Mapping[str, Any]] = [{}]
        self._measured = {}

        def work(session: Any) -> T:
            session.info["track_revisions"] = True  # what this window wrote (revisions)
            if shown:  # filled by the commit (a retry starts again)
                measured[0] = measurement.measured_at_commit(session, shown)
            result = fn(session, *args, **kwargs)
            session.flush()
            written.clear()
            written.update(revised(session))
            entries.clear()
            entries.update(own_entries(session))
            return result

        try:
            with worded_storage_errors():
                result = self._waiting_for_writers(work)
        except ChangedMeanwhile:
            self.elsewhere.emit(Changed())  # the screens show the data as it is now
            raise
        self.revisions.update(written)
        self._measured = measured[0]
        for hook in self.wrote_hooks:
            hook(entries)
        return result

    def _wait_for_check(self) -> None:
        """An edit in the first second after start-up waits for the integrity check
        left for later (`models.db.WriteGate`), keeping the window painted; a failed
        check refuses it (the gate raises its problem when the transaction begins)."""
        gate = self.database.gate
        while gate is not None and not gate.wait(WAIT_STEP_MS / 1000):
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def _waiting_for_writers(self, work: Callable[[Any], T]) -> T:
        """Run `work` in a transaction; on SQLite, while another program holds the write
        lock, say so (`waiting`) and keep the window painted instead of freezing it, up
        to the busy timeout (then the worded "busy" refusal)."""
        if not self.database.is_sqlite:
            return self.database.transaction(work)
        deadline = time.monotonic() + dbmod.BUSY_TIMEOUT_MS / 1000
        waited = False
        try:
            while True:
                try:
                    return self.database.transaction(work, wait_ms=WAIT_STEP_MS)
                except WriterBusy:
                    if time.monotonic() >= deadline:
                        raise busy() from None
                    if not waited:
                        waited = True
                        self.waiting.emit(True)
                    QCoreApplication.processEvents(
                        QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        finally:
            if waited:
                self.waiting.emit(False)

    def push(self, command: DocumentCommand) -> bool:
        """Run `command`; on success put it on the undo stack. False when refused."""
        if self.read_only:
            command.last_error = DomainError(self.read_only)
            self.refused.emit(self.read_only)
            return False
        try:
            command.run_first()
        except DomainError as error:
            command.last_error = error
            self.refused.emit(error_text(error))
            return False
        self.stack.push(command)
        return True

    def notify(self, change: Change) -> None:
        self.changed.emit(change)

    def notify_written(self, change: Change) -> None:
        """`notify` right after `write`: with the figures its commit measured."""
        measured, self._measured = self._measured, {}
        self.changed.emit(replace(change, measured=measured) if measured else change)

    def retranslate_history(self) -> None:
        """Word the undo history again in the language just chosen."""
        for index in range(self.stack.count()):
            command = self.stack.command(index)
            if hasattr(command, "retranslate"):
                command.retranslate()

    def watch(self) -> None:
        """Follow what others change from now on (`elsewhere`; ui/refresher.py)."""
        from ui.refresher import Refresher

        if getattr(self, "refresher", None) is None:
            self.refresher: Refresher | None = Refresher(self)

    def close(self) -> None:
        self.closed = True  # late timers (figures, refreshes) find nothing to do
        refresher = getattr(self, "refresher", None)
        if refresher is not None:
            refresher.close()
            self.refresher = None
        self.tasks.shutdown()
        self.stack.clear()
        self.database.close()
