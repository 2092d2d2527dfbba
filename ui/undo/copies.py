"""Undo commands of copies between municipalities and of procedures started from the
standard catalogue."""

from __future__ import annotations

from sqlalchemy.orm import Session

from procedures.i18n import _, ngettext
from procedures.services import adopt as ea
from procedures.services import copying as ec
from ui.document import Change, Document
from ui.undo.base import DocumentCommand
from ui.undo.procedures import NewProcedureCommand

#: A copy touches procedures (the navigator's lists) and organisations (created items).
COPIED = frozenset({"procedures", "procedure", "versions", "activities", "requirements",
                    "entity"})


class CopiedProcedure(DocumentCommand):
    """A copy into one or many municipalities, as one undo step.

    The copy itself ran on the worker (many targets take a while); this command makes it
    undoable afterwards: its first run writes nothing, the undo takes every target's copy
    out (what it replaced comes back, what it created goes) and the redo puts it back
    with the same uuids — all targets in one transaction each way.
    """

    def __init__(self, document: Document, result: ec.CopyResult) -> None:
        count = len(result.targets)
        super().__init__(document, lambda: ngettext(
            "Copy {code} into {n} municipality", "Copy {code} into {n} municipalities",
            count).format(code=result.code, n=count), Change(COPIED))
        self.result = result
        self.undone: list[ec.UndoneCopy] = []

    def run_first(self) -> None:
        self._ran_first = True  # the copy wrote everything already
        self.document.notify(self.change)

    def apply(self, session: Session) -> None:
        for target, undone in zip(self.result.targets, self.undone, strict=True):
            ec.redo_copy(session, target, undone, self.author)

    def revert(self, session: Session) -> None:
        undone = [ec.undo_copy(session, target, self.author)
                  for target in reversed(self.result.targets)]
        self.undone = list(reversed(undone))


class AdoptStandard(NewProcedureCommand):
    """A new procedure pre-filled from the standard catalogue."""

    def __init__(self, document: Document, ubigeo: str, standard: str, code: str) -> None:
        super().__init__(document, lambda: _("New procedure {code} from {standard}").format(
            code=code, standard=standard), ubigeo)
        self.standard, self.code = standard, code

    def create(self, session: Session) -> str:
        return ea.adopt_standard(session, self.ubigeo, self.standard, self.code, self.author)
