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

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from models.db import Database
from procedures.errors import DomainError
from procedures.services.database import read_only_reason, storage_problem
from ui.field_words import error_text
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from ui.undo.base import DocumentCommand

T = TypeVar("T")


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

    def touches(self, *kinds: str) -> bool:
        return bool(self.what.intersection(kinds))

    def __or__(self, other: Change) -> Change:
        return Change(self.what | other.what, self.ubigeo or other.ubigeo,
                      self.procedure or other.procedure, self.version or other.version,
                      other.rows or self.rows)


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
    """

    changed = Signal(object)
    refused = Signal(str)

    def __init__(self, database: Database, author: str = "",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.author = author
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(500)
        self.tasks = TaskRunner(self)
        #: Why the database cannot be written ("" when it can): checked once, on open.
        self.read_only = read_only_reason(database.path)

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
        with worded_storage_errors():
            return self.database.transaction(lambda session: fn(session, *args, **kwargs))

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

    def retranslate_history(self) -> None:
        """Word the undo history again in the language just chosen."""
        for index in range(self.stack.count()):
            command = self.stack.command(index)
            if hasattr(command, "retranslate"):
                command.retranslate()

    def close(self) -> None:
        self.tasks.shutdown()
        self.stack.clear()
        self.database.close()
