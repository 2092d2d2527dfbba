"""Undo commands of procedures (TUPA data) and their requirements."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from procedures import snapshots as s
from procedures.i18n import _
from procedures.services import procedures as ep
from procedures.vocabulary import procedure_word
from ui.document import Change, Document
from ui.undo.base import DocumentCommand


class NewProcedureCommand(DocumentCommand):
    """A procedure made by `create`; undo deletes it, redo puts the same one back."""

    def __init__(self, document: Document, text: Callable[[], str], ubigeo: str) -> None:
        super().__init__(document, text, Change(frozenset({"procedures"}), ubigeo=ubigeo))
        self.ubigeo = ubigeo
        self.uuid = ""
        self.removed: ep.RemovedProcedure | None = None

    def create(self, session: Session) -> str:
        raise NotImplementedError

    def apply(self, session: Session) -> None:
        if self.removed is None:
            self.uuid = self.create(session)
            self.change = replace(self.change, procedure=self.uuid)
        else:
            ep.restore_procedure(session, self.removed, self.author)

    def revert(self, session: Session) -> None:
        self.removed = ep.delete_procedure(session, self.uuid, self.author)


class CreateProcedure(NewProcedureCommand):
    def __init__(self, document: Document, ubigeo: str, code: str, name: str) -> None:
        super().__init__(document, lambda: _("New procedure {code}").format(code=code), ubigeo)
        self.code, self.name = code, name

    def create(self, session: Session) -> str:
        return ep.create_procedure(session, self.ubigeo, self.code, self.name, self.author)


class DeleteProcedure(DocumentCommand):
    def __init__(self, document: Document, ubigeo: str, uuid: str, code: str) -> None:
        super().__init__(document, lambda: _("Delete procedure {code}").format(code=code),
                         Change(frozenset({"procedures"}), ubigeo=ubigeo))
        self.uuid = uuid
        self.removed: ep.RemovedProcedure | None = None

    def apply(self, session: Session) -> None:
        self.removed = ep.delete_procedure(session, self.uuid, self.author)
        self.change = replace(self.change, procedure="")

    def revert(self, session: Session) -> None:
        assert self.removed is not None
        ep.restore_procedure(session, self.removed, self.author)
        self.change = replace(self.change, procedure=self.uuid)


class SetProcedureField(DocumentCommand):
    """`revision`: the procedure's counter as the screen showed it (None: no check)."""

    def __init__(self, document: Document, ubigeo: str, uuid: str, key: str,
                 value: Any, revision: int | None = None) -> None:
        what = {"procedure"} | ({"procedures"} if key in ("code", "name") else set())
        super().__init__(document, lambda: _("Change {field} of the procedure").format(
            field=procedure_word(key)), Change(frozenset(what), ubigeo=ubigeo, procedure=uuid))
        self.uuid, self.key, self.value, self.revision = uuid, key, value, revision
        self.old: Any = None

    def apply(self, session: Session) -> None:
        self.old = ep.update_procedure(session, self.uuid, self.key, self.value, self.author,
                                       self.expected(session, self.uuid, self.revision))

    def revert(self, session: Session) -> None:
        ep.update_procedure(session, self.uuid, self.key, self.old, self.author,
                            self.expected(session, self.uuid, None))


def _requirements(procedure: str, version: str, rows: Sequence[str] = ()) -> Change:
    return Change(frozenset({"requirements"}), procedure=procedure, version=version,
                  rows=tuple(rows))


class AddRequirement(DocumentCommand):
    def __init__(self, document: Document, procedure: str, version: str,
                 owner: tuple[str, str], row: int, requirement: s.Requirement) -> None:
        super().__init__(document, lambda: _("Add requirement {row}").format(row=row + 1),
                         _requirements(procedure, version))
        self.owner, self.row, self.requirement = owner, row, requirement

    def apply(self, session: Session) -> None:
        uid = ep.add_requirement(session, self.owner, self.row, self.requirement, self.author)
        self.requirement = replace(self.requirement, uid=uid)
        self.change = replace(self.change, rows=(uid,))

    def revert(self, session: Session) -> None:
        ep.delete_requirement(session, self.requirement.uid, self.author)


class SetRequirementField(DocumentCommand):
    def __init__(self, document: Document, procedure: str, version: str, uuid: str, row: int,
                 key: str, value: Any, revision: int | None = None) -> None:
        super().__init__(document, lambda: _("Change {field} of requirement {row}").format(
            field=procedure_word(key), row=row + 1), _requirements(procedure, version, [uuid]))
        self.uuid, self.key, self.value, self.revision = uuid, key, value, revision
        self.old: Any = None

    def apply(self, session: Session) -> None:
        self.old = ep.update_requirement(session, self.uuid, self.key, self.value, self.author,
                                         self.expected(session, self.uuid, self.revision))

    def revert(self, session: Session) -> None:
        ep.update_requirement(session, self.uuid, self.key, self.old, self.author,
                              self.expected(session, self.uuid, None))


class DeleteRequirement(DocumentCommand):
    def __init__(self, document: Document, procedure: str, version: str, uuid: str,
                 row: int) -> None:
        super().__init__(document, lambda: _("Delete requirement {row}").format(row=row + 1),
                         _requirements(procedure, version))
        self.uuid = uuid
        self.removed: ep.RemovedRequirement | None = None

    def apply(self, session: Session) -> None:
        self.removed = ep.delete_requirement(session, self.uuid, self.author)

    def revert(self, session: Session) -> None:
        assert self.removed is not None
        ep.restore_requirement(session, self.removed, self.author)


class ReorderRequirements(DocumentCommand):
    def __init__(self, document: Document, procedure: str, version: str,
                 owner: tuple[str, str], order: Sequence[str], moved: str) -> None:
        super().__init__(document, lambda: _("Move a requirement"),
                         _requirements(procedure, version, [moved]))
        self.owner, self.order = owner, tuple(order)
        self.previous: tuple[str, ...] = ()

    def apply(self, session: Session) -> None:
        self.previous = ep.reorder_requirements(session, self.owner, self.order, self.author)

    def revert(self, session: Session) -> None:
        ep.reorder_requirements(session, self.owner, self.previous, self.author)
