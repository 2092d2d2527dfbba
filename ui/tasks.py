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

A `Task` is a plain Python object, not a QObject: the worker reports through one
long-lived `_Bridge` per runner, and the runner calls each task's callbacks. A QObject
per task, deleted later while the worker still held its wrapper and its signals held the
only references to the callbacks' closures, made PySide crash inside ~QObject now and
then (the window tests, a few runs in ten once reports ran on the worker).

Python's cycle collector runs on whichever thread happens to allocate. Run on the
worker, it can free a cycle holding UI objects (a closed window's wrappers, a slot's
closure) and delete or disconnect QObjects of the UI thread while that thread is
destroying others: PySide then crashes inside ~QObject (seen in the window tests, about
one run in four, once reports made the worker busy). So while jobs run, automatic
collection is off and the UI thread collects on a timer, generation by generation as
the automatic collector would (`_UiThreadCollector`).
"""

from __future__ import annotations

import functools
import gc
import logging
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from procedures.errors import Cancelled, DomainError
from procedures.i18n import _
from ui import dialogs

log = logging.getLogger("tramite.tasks")

#: A progress dialog appears only for work that lasts longer than this.
SHOW_AFTER_MS = 400
_THROTTLE_SECONDS = 0.05


class Task:
    """One submitted job: its Cancel flag, its progress callable, whether it is done.

    `cancel()` and `progress()` are safe on any thread; `done` is set on the UI thread
    just before the callbacks run.
    """

    def __init__(self, bridge: _Bridge) -> None:
        self._bridge = bridge
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
        self._bridge.progressed.emit(self, done, total, message)


class _Bridge(QObject):
    """The worker's way to the UI thread, one per runner and as long-lived as it.

    Signals:
        progressed: (task, done, total, message), throttled.
        finished: (task, outcome, value, details): outcome is DONE (value: the result),
            FAILED (value: the exception, details: its traceback) or CANCELLED.
    """

    progressed = Signal(object, int, int, str)
    finished = Signal(object, str, object, str)


DONE, FAILED, CANCELLED = "done", "failed", "cancelled"


class _Job(QRunnable):
    def __init__(self, task: Task, fn: Callable[[Callable[..., None]], Any],
                 bridge: _Bridge) -> None:
        super().__init__()
        self.task = task
        self.fn = fn
        self.bridge = bridge

    def run(self) -> None:  # worker thread
        task, fn, bridge = self.task, self.fn, self.bridge
        try:
            result = fn(task.progress)
        except Cancelled:
            bridge.finished.emit(task, CANCELLED, None, "")
        except BaseException as error:  # delivered to the UI thread, never lost
            bridge.finished.emit(task, FAILED, error, traceback.format_exc())
        else:
            bridge.finished.emit(task, DONE, result, "")


class _UiThreadCollector(QObject):
    """Cycle collection only on the UI thread while a worker runs Python.

    `pause()` and `resume()` are called on the UI thread when a runner's first job
    starts and its last one ends. `gc` state is process-wide and there is one runner
    per open database, so the pauses are counted and collection comes back (if it was
    on) when the last one resumes, or when a runner is destroyed while paused.
    """

    INTERVAL_MS = 250
    _pauses = 0
    _was_enabled = True

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self._state = {"paused": False}
        self.destroyed.connect(functools.partial(_UiThreadCollector._release, self._state))

    @property
    def paused(self) -> bool:
        return self._state["paused"]

    def pause(self) -> None:
        if self.paused:
            return
        cls = _UiThreadCollector
        if cls._pauses == 0:
            cls._was_enabled = gc.isenabled()
            gc.disable()
        cls._pauses += 1
        self._state["paused"] = True
        self._timer.start()

    def resume(self) -> None:
        if not self.paused:
            return
        self._timer.stop()
        _UiThreadCollector._release(self._state)
        self.collect()

    @staticmethod
    def _release(state: dict[str, bool]) -> None:
        if not state["paused"]:
            return
        state["paused"] = False
        cls = _UiThreadCollector
        cls._pauses -= 1
        if cls._pauses == 0 and cls._was_enabled:
            gc.enable()

    @staticmethod
    def collect() -> None:
        """What the automatic collector would do now (the oldest generation due)."""
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        if counts[0] <= thresholds[0]:
            return
        generation = 2 if counts[2] > thresholds[2] else 1 if counts[1] > thresholds[1] else 0
        gc.collect(generation)


@dataclass(slots=True)
class _Callbacks:
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    on_cancel: Callable[[], None] | None
    parent: QWidget | None
    alive: Callable[[], bool]
    progress: _ProgressDialog | None


class TaskRunner(QObject):
    """Runs jobs one at a time on one worker thread; results arrive on the UI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._tasks: dict[Task, _Callbacks] = {}
        self._collector = _UiThreadCollector(self)
        self._bridge = _Bridge(self)
        self._bridge.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        self._bridge.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        #: Set by `shutdown`: the window is closing and its database with it, so work
        #: asked for later (a debounced refresh firing) is not started at all.
        self.closed = False

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
        task = Task(self._bridge)
        if self.closed:
            task.cancel()
            task.done = True
            return task
        owner = owner if owner is not None else parent

        def alive() -> bool:
            return owner is None or shiboken6.isValid(owner)

        progress = _ProgressDialog(task, title, parent) if title else None
        self._tasks[task] = _Callbacks(on_done, on_error, on_cancel, parent, alive, progress)
        self._collector.pause()
        self._pool.start(_Job(task, fn, self._bridge))
        return task

    def _progressed(self, task: Task, done: int, total: int, message: str) -> None:
        callbacks = self._tasks.get(task)
        if callbacks is not None and callbacks.progress is not None and not task.done:
            callbacks.progress.show_progress(done, total, message)

    def _finished(self, task: Task, outcome: str, value: Any, details: str) -> None:
        callbacks = self._tasks.pop(task, None)
        task.done = True
        if not self._tasks:
            self._collector.resume()
        if callbacks is None:
            return
        if callbacks.progress is not None:
            callbacks.progress.close()
        if not callbacks.alive():
            return
        if outcome == DONE and callbacks.on_done is not None:
            callbacks.on_done(value)
        elif outcome == CANCELLED and callbacks.on_cancel is not None:
            callbacks.on_cancel()
        elif outcome == FAILED:
            if callbacks.on_error is not None:
                callbacks.on_error(value)
            else:
                show_error(callbacks.parent, value, details)

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel what runs and wait for the worker (at exit); nothing starts after."""
        self.closed = True
        for task in list(self._tasks):
            task.cancel()
        finished = self._pool.waitForDone(timeout_ms)
        if finished:
            self._collector.resume()
        return finished


class _ProgressDialog:
    """A window-modal QProgressDialog with Cancel for one task (UI thread)."""

    def __init__(self, task: Task, title: str, parent: QWidget | None) -> None:
        self.task = task
        self.title = title
        self.dialog = dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
        dialog.setWindowTitle(_("Trámite Claro"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(420)
        dialog.canceled.connect(self.cancel_pressed)
        dialog.setValue(0)

    def show_progress(self, done: int, total: int, message: str) -> None:
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        if message and not self.task.cancel_requested:
            self.dialog.setLabelText(f"{self.title}\n{message}")

    def cancel_pressed(self) -> None:
        self.task.cancel()
        self.dialog.setLabelText(_("Cancelling… nothing will be written."))

    def close(self) -> None:
        """Hide and delete the dialog, its connection to us undone first (so no Python
        callable is released from inside its destructor)."""
        dialog = self.dialog
        if not shiboken6.isValid(dialog):  # its window went first
            return
        dialog.canceled.disconnect(self.cancel_pressed)
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()


def show_error(parent: QWidget | None, error: BaseException, details: str = "") -> None:
    """Word an error for a person: domain errors (and storage's refusals: a lock held
    too long, a damaged file) as they are, others as unexpected."""
    from procedures.services.database import storage_problem
    from ui.field_words import error_text

    worded = error if isinstance(error, DomainError) else storage_problem(error)
    if worded is not None:
        dialogs.error(parent, _("Trámite Claro"), error_text(worded))
        return
    log.error("unexpected error in a background task\n%s", details)
    dialogs.error(parent, _("Trámite Claro"),
                  _("Something unexpected went wrong; nothing was written. The details "
                    "below help a technician."), details or repr(error))
