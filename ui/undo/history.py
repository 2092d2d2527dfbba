"""Reverting a change from the history, as one undoable edit.

The redo puts the change's old value back (`revert_change`, which refuses with the
reason when the object is gone or has changed since); the undo reverts the entry the
revert recorded, so both directions are checked and recorded like any other edit.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from procedures.change_words import field_text, what_text
from procedures.i18n import _
from procedures.services.history import Change as Entry
from procedures.services.history import revert_change
from ui.document import Change, Document
from ui.undo.base import DocumentCommand

#: What a revert touches, by the kind of the changed object (for the views).
_TOUCHES = {
    "activity": {"activities"},
    "procedure": {"procedure", "procedures"},
    "version": {"versions"},
    "requirement": {"requirements"},
}


def touched(entry: Entry) -> Change:
    return Change(frozenset(_TOUCHES.get(entry.kind, {"entity"}) | {"history"}),
                  ubigeo=entry.ubigeo, procedure=entry.procedure_uuid,
                  version=entry.version_uuid,
                  rows=(entry.object_uuid,) if entry.kind == "activity" else ())


class RevertChange(DocumentCommand):
    def __init__(self, document: Document, entry: Entry) -> None:
        super().__init__(document, lambda: _("Revert {field} of {what}").format(
            field=field_text(entry), what=what_text(entry)), touched(entry))
        self.entry_id = entry.id
        self.recorded = 0  # the entry the revert wrote: reverting it is the undo

    def apply(self, session: Session) -> None:
        self.recorded = revert_change(session, self.entry_id, self.author)

    def revert(self, session: Session) -> None:
        revert_change(session, self.recorded, self.author)
