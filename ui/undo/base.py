"""The base of every undo command: run a service forward and back in one transaction.

A subclass implements `apply(session)` (do the edit, remember what the undo needs) and
`revert(session)` (put things back). The first run happens in `Document.push`, before
the command reaches the stack, so a refused edit never does; later redo/undo calls come
from the stack. Commands never touch widgets: views follow `Document.changed`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand
from sqlalchemy.orm import Session

from models.revisions import revised
from procedures.errors import DomainError
from ui.document import Change, Document
from ui.field_words import error_text

log = logging.getLogger("tramite.undo")

#: An undo text, or a function that words it in the current language (the history is
#: worded again when the language changes).
Text = str | Callable[[], str]


def worded(text: Text) -> str:
    """The text of a `Text`, in the current language."""
    return text() if callable(text) else text


class DocumentCommand(QUndoCommand):
    """One edit. `change` says what it touched (for the views)."""

    def __init__(self, document: Document, text: Text, change: Change) -> None:
        super().__init__(worded(text))
        self.describe = text
        self.document = document
        self.change = change
        self.last_error: DomainError | None = None
        self._ran_first = False
        self._first_run = False

    # ---- To implement ------------------------------------------------------------------

    def apply(self, session: Session) -> None:
        raise NotImplementedError

    def revert(self, session: Session) -> None:
        raise NotImplementedError

    # ---- Plumbing ----------------------------------------------------------------------

    def retranslate(self) -> None:
        """Word the text again in the current language (after a language switch)."""
        self.setText(worded(self.describe))

    @property
    def author(self) -> str:
        return self.document.author

    def expected(self, session: Session, uuid: str, shown: int | None) -> int | None:
        """The revision an edit of row `uuid` expects (optimistic concurrency): what this
        transaction left when it wrote the row already (a compound edit), else on the
        first run what the screen showed (`shown`), and on undo/redo what this window's
        own last write left. A row someone else changed since is refused in words."""
        done = revised(session)
        if uuid in done:
            return done[uuid]
        if self._first_run:
            return shown
        return self.document.revisions.get(uuid)

    def run_first(self) -> None:
        """The first run (raises DomainError when refused; nothing is stored then)."""
        self._first_run = True
        try:
            self.document.write(self.apply)
        finally:
            self._first_run = False
        self._ran_first = True
        self.document.notify_written(self.change)

    def redo(self) -> None:
        if self._ran_first:
            # QUndoStack.push calls redo(); the edit already ran in Document.push.
            self._ran_first = False
            return
        self._run(self.apply)

    def undo(self) -> None:
        self._run(self.revert)

    def _run(self, step: Callable[[Session], object]) -> None:
        try:
            self.document.write(step)
        except DomainError as error:
            # The database changed behind the stack (another user, another window):
            # say so and drop this command rather than half-undo.
            log.warning("undo step failed: %s", error)
            self.setObsolete(True)
            self.document.refused.emit(error_text(error))
            return
        self.document.notify_written(self.change)


class CompositeCommand(DocumentCommand):
    """Several edits as one undo step and one transaction (a compound edit)."""

    def __init__(self, document: Document, text: Text, parts: Sequence[DocumentCommand]) -> None:
        change = parts[0].change
        for part in parts[1:]:
            change = change | part.change
        super().__init__(document, text, change)
        self.parts = tuple(parts)

    def apply(self, session: Session) -> None:
        for part in self.parts:
            part._first_run = self._first_run  # the parts check what the screen showed
            part.apply(session)

    def revert(self, session: Session) -> None:
        for part in reversed(self.parts):
            part._first_run = False
            part.revert(session)
