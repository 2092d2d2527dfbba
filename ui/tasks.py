"""The one background-task helper: plain functions on one database worker thread.

`TaskRunner.run(fn, on_done=...)` runs `fn(progress)` on a single worker thread (a
`QThreadPool` limited to one thread, so database work is serialised: SQLite has one
writer and sessions are not shared). `progress(done, total, message)` is the core's
plain progress callable (`procedures.progress`); it raises `Cancelled` once the user
pressed Cancel, which rolls back the function's transaction.

Threads: `fn` runs on the worker and must not touch widgets; it returns ids or frozen
dataclasses. `on_done`, `on_error` and `on_cancel` run on the UI thread (queued signals).
With a `title`, a window-modal QProgressDialog with Cancel shows after a short delay.
No `processEvents()` anywhere: the event loop keeps running while the worker works.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from procedures.errors import Cancelled, DomainError
from procedures.i18n import _
from ui import dialogs

log = logging.getLogger("tramite.tasks")

#: A progress dialog appears only for work that lasts longer than this.
SHOW_AFTER_MS = 400
_THROTTLE_SECONDS = 0.05


class Task(QObject):
    """One submitted job.

    Signals:
        progressed: (done, total, message) from the worker, throttled.
        succeeded: the function's return value.
        failed: the exception it raised (not Cancelled).
        cancelled: the function stopped because Cancel was pressed.
    """

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object, str)
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop = threading.Event()
        self._last = 0.0
        self.done = False

    def cancel(self) -> None:
        """Ask the function to stop at its next progress call (thread-safe)."""
        self._stop.set()

    @property
    def cancel_requested(self) -> bool:
        return self._stop.is_set()

    def progress(self, done: int, total: int, message: str = "") -> None:
        """The `Progress` callable handed to the function (called on the worker)."""
        if self._stop.is_set():
            raise Cancelled()
        now = time.monotonic()
        if done < total and now - self._last < _THROTTLE_SECONDS:
            return
        self._last = now
        self.progressed.emit(done, total, message)


class _Job(QRunnable):
    def __init__(self, task: Task, fn: Callable[[Callable[..., None]], Any]) -> None:
        super().__init__()
        self.task = task
        self.fn = fn

    def run(self) -> None:  # worker thread
        try:
            result = self.fn(self.task.progress)
        except Cancelled:
            self.task.cancelled.emit()
        except BaseException as error:  # delivered to the UI thread, never lost
            self.task.failed.emit(error, traceback.format_exc())
        else:
            self.task.succeeded.emit(result)


class TaskRunner(QObject):
    """Runs jobs one at a time on one worker thread; results arrive on the UI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._tasks: set[Task] = set()

    def run(
        self,
        fn: Callable[[Callable[..., None]], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        title: str | None = None,
        parent: QWidget | None = None,
        owner: QObject | None = None,
    ) -> Task:
        """Submit `fn(progress)`. Errors without `on_error` are shown in a dialog.

        The callbacks are dropped when `owner` (default: `parent`) no longer exists by
        the time the result arrives (its window was closed meanwhile).
        """
        task = Task(self)
        owner = owner if owner is not None else parent

        def alive() -> bool:
            return owner is None or shiboken6.isValid(owner)

        self._tasks.add(task)
        dialog = _progress_dialog(task, title, parent) if title else None

        def finish() -> None:
            task.done = True
            self._tasks.discard(task)
            if dialog is not None:
                dialog.reset()
                dialog.hide()
                dialog.deleteLater()
            task.deleteLater()

        def succeeded(result: Any) -> None:
            finish()
            if on_done is not None and alive():
                on_done(result)

        def failed(error: BaseException, details: str) -> None:
            finish()
            if not alive():
                return
            if on_error is not None:
                on_error(error)
            else:
                show_error(parent, error, details)

        def cancelled() -> None:
            finish()
            if on_cancel is not None and alive():
                on_cancel()

        task.succeeded.connect(succeeded, Qt.ConnectionType.QueuedConnection)
        task.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
        task.cancelled.connect(cancelled, Qt.ConnectionType.QueuedConnection)
        self._pool.start(_Job(task, fn))
        return task

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel what runs and wait for the worker (at exit)."""
        for task in list(self._tasks):
            task.cancel()
        return self._pool.waitForDone(timeout_ms)


def _progress_dialog(task: Task, title: str, parent: QWidget | None) -> QProgressDialog:
    dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
    dialog.setWindowTitle(_("Trámite Claro"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(420)

    def progressed(done: int, total: int, message: str) -> None:
        if task.done:
            return
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        if message and not task.cancel_requested:
            dialog.setLabelText(f"{title}\n{message}")

    def cancel_pressed() -> None:
        task.cancel()
        dialog.setLabelText(_("Cancelling… nothing will be written."))

    task.progressed.connect(progressed, Qt.ConnectionType.QueuedConnection)
    dialog.canceled.connect(cancel_pressed)
    dialog.setValue(0)
    return dialog


def show_error(parent: QWidget | None, error: BaseException, details: str = "") -> None:
    """Word an error for a person: domain errors as they are, others as unexpected."""
    if isinstance(error, DomainError):
        dialogs.error(parent, _("Trámite Claro"), str(error))
        return
    log.error("unexpected error in a background task\n%s", details)
    dialogs.error(parent, _("Trámite Claro"),
                  _("Something unexpected went wrong; nothing was written. The details "
                    "below help a technician."), details or repr(error))
