"""Keeps the figures of the open version current: the engine measures, widgets show.

After every change (coalesced: what one turn of the event loop changes — a compound
edit, a paste of many rows — is measured once, at the next turn) the engine's
`Measured` is computed on the database worker (`ui.tasks`) and delivered on the UI
thread; a result that an even newer request has overtaken is dropped. Widgets never
compute a figure: they read `Measured.metrics`.

Signals:
    measured: the `Measured` of the open version (or None when nothing is open).
    failed: a message when the engine refused the data (e.g. a code it does not know).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from procedures.errors import DomainError
from procedures.services import measurement
from procedures.services.measurement import Measured
from ui.document import Change, Document
from ui.field_words import error_text

#: 0: the next turn of the event loop (a figure on screen within 50 ms of an edit).
DEBOUNCE_MS = 0


class Figures(QObject):
    measured = Signal(object)
    failed = Signal(str)

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.procedure = ""
        self.version = ""
        self.current: Measured | None = None
        self._token = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._start)
        document.changed.connect(self._on_change)
        document.figure_views.add(self)

    def follow(self, procedure: str, version: str) -> None:
        """Measure `version` of `procedure` from now on ("" for nothing)."""
        if (procedure, version) == (self.procedure, self.version):
            return
        self.procedure, self.version = procedure, version
        self.current = None
        # At once, not at the next turn: the worker measures while the tabs read.
        self._timer.stop()
        self._start()

    def refresh(self) -> None:
        self._timer.start()

    @property
    def pending(self) -> bool:
        """True while a newer result is on its way (tests wait on this)."""
        return self._timer.isActive() or self._token != getattr(self, "_delivered", -1)

    def _on_change(self, change: Change) -> None:
        if not self.procedure:
            return
        measured = change.measured.get(self.version)
        if measured is not None:  # the edit's commit measured it: the same numbers
            self._timer.stop()
            self._token += 1
            self._deliver(self._token, measured)
            return
        # Settings of the entity, other procedures (allocation) and the UIT all matter.
        self.refresh()

    def _start(self) -> None:
        self._token += 1
        token = self._token
        procedure, version = self.procedure, self.version
        if self.document.closed:
            return  # a timer that fired after the database was closed
        if not procedure or not version:
            self._deliver(token, None)
            return
        database = self.document.database

        def measure(_progress: Any) -> Measured:  # worker thread
            with database.session() as session:
                return measurement.measure(session, version)

        self.document.tasks.run(measure, on_done=lambda m: self._deliver(token, m),
                                on_error=lambda e: self._fail(token, e), owner=self)

    def _deliver(self, token: int, measured: Measured | None) -> None:
        if token != self._token:
            return  # overtaken by a newer request
        self._delivered = token
        self.current = measured
        self.measured.emit(measured)

    def _fail(self, token: int, error: BaseException) -> None:
        if token != self._token:
            return
        self._delivered = token
        self.current = None
        if isinstance(error, (DomainError, LookupError)):
            self.failed.emit(error_text(error))
            self.measured.emit(None)
            return
        raise error
