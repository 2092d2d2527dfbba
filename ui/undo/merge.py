"""The decisions of a Synchronise's conflicts, as one undoable edit: the redo writes
the chosen side's values (the file's where "theirs" was chosen, the database's back
where "mine" was chosen over a --prefer-file merge), the undo the other side's, both
through the editing services (checked, and recorded in the history like any edit)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from procedures.i18n import ngettext
from procedures.services.merge import Conflict, decide
from ui.document import Change, Document
from ui.undo.base import DocumentCommand

_EVERYTHING = frozenset({"procedures", "procedure", "versions", "activities",
                         "requirements", "entity", "history"})


class DecideConflicts(DocumentCommand):
    def __init__(self, document: Document, to_file: Sequence[Conflict],
                 to_database: Sequence[Conflict] = ()) -> None:
        count = len(to_file) + len(to_database)
        ubigeo = next((c.ubigeo for c in (*to_file, *to_database)), "")
        super().__init__(document, lambda: ngettext(
            "Decide {count} conflict of the synchronisation",
            "Decide {count} conflicts of the synchronisation", count).format(count=count),
            Change(_EVERYTHING, ubigeo=ubigeo))
        self.to_file = tuple(to_file)
        self.to_database = tuple(to_database)

    def apply(self, session: Session) -> None:
        decide(session, self.to_file, file_side=True, author=self.author)
        decide(session, self.to_database, file_side=False, author=self.author)

    def revert(self, session: Session) -> None:
        decide(session, self.to_file, file_side=False, author=self.author)
        decide(session, self.to_database, file_side=True, author=self.author)
