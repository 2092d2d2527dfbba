"""Undo commands of versions: proposals, names, fee and overrides (TUPA data and the
requirement list), adoption, deletion."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from procedures import snapshots as s
from procedures.i18n import _
from procedures.services import procedures as ep
from procedures.services import versions as ev
from procedures.vocabulary import procedure_word
from ui.document import Change, Document
from ui.undo.base import DocumentCommand, Text


def _versions(procedure: str, version: str = "") -> Change:
    return Change(frozenset({"versions"}), procedure=procedure, version=version)


class CreateVersion(DocumentCommand):
    """A new version made by `create(session) -> uuid` (a copy, or suggestions applied).

    The redo after an undo writes back the same rows (same uuids)."""

    def __init__(self, document: Document, procedure: str, text: Text,
                 create: Callable[[Session], str]) -> None:
        super().__init__(document, text, _versions(procedure))
        self.create = create
        self.uuid = ""
        self.removed: ev.RemovedVersion | None = None

    def apply(self, session: Session) -> None:
        if self.removed is None:
            self.uuid = self.create(session)
        else:
            ev.restore_version(session, self.removed, self.author)
        self.change = replace(self.change, version=self.uuid)

    def revert(self, session: Session) -> None:
        self.removed = ev.delete_version(session, self.uuid, self.author)
        self.change = replace(self.change, version="")


class DeleteVersion(DocumentCommand):
    def __init__(self, document: Document, procedure: str, uuid: str, name: str) -> None:
        super().__init__(document, lambda: _("Delete version {name}").format(name=name),
                         _versions(procedure))
        self.uuid = uuid
        self.removed: ev.RemovedVersion | None = None

    def apply(self, session: Session) -> None:
        self.removed = ev.delete_version(session, self.uuid, self.author)
        self.change = replace(self.change, version="")

    def revert(self, session: Session) -> None:
        assert self.removed is not None
        ev.restore_version(session, self.removed, self.author)
        self.change = replace(self.change, version=self.uuid)


class RenameVersion(DocumentCommand):
    def __init__(self, document: Document, procedure: str, uuid: str, name: str,
                 revision: int | None = None) -> None:
        super().__init__(document, lambda: _("Rename version to {name}").format(name=name),
                         _versions(procedure, uuid))
        self.uuid, self.name, self.revision = uuid, name, revision
        self.old = ""

    def apply(self, session: Session) -> None:
        self.old = ev.rename_version(session, self.uuid, self.name, self.author,
                                     self.expected(session, self.uuid, self.revision))

    def revert(self, session: Session) -> None:
        ev.rename_version(session, self.uuid, self.old, self.author,
                          self.expected(session, self.uuid, None))


class SetVersionField(DocumentCommand):
    """`revision`: the version's counter as the screen showed it (None: no check)."""

    def __init__(self, document: Document, procedure: str, uuid: str, key: str,
                 value: Any, revision: int | None = None) -> None:
        super().__init__(document, lambda: _("Change {field} of the version").format(
            field=procedure_word(key)),
            Change(frozenset({"versions", "procedure"}), procedure=procedure, version=uuid))
        self.uuid, self.key, self.value, self.revision = uuid, key, value, revision
        self.old: Any = None

    def apply(self, session: Session) -> None:
        self.old = ev.update_version(session, self.uuid, self.key, self.value, self.author,
                                     self.expected(session, self.uuid, self.revision))

    def revert(self, session: Session) -> None:
        ev.update_version(session, self.uuid, self.key, self.old, self.author,
                          self.expected(session, self.uuid, None))


class SetAdopted(DocumentCommand):
    def __init__(self, document: Document, procedure: str, uuid: str, name: str,
                 adopted: bool) -> None:
        super().__init__(document, lambda: (
            _("Mark {name} as adopted") if adopted
            else _("Unmark {name} as adopted")).format(name=name), _versions(procedure, uuid))
        self.uuid, self.adopted = uuid, adopted
        self.previous: tuple[tuple[str, bool], ...] = ()

    def apply(self, session: Session) -> None:
        self.previous = ev.set_adopted(session, self.uuid, self.adopted, self.author)

    def revert(self, session: Session) -> None:
        ev.restore_adoption(session, self.previous, self.author)


class SetOwnRequirements(DocumentCommand):
    """Give a version its own requirement list (a copy of the procedure's to start
    from), or drop it so the version inherits the procedure's list again."""

    def __init__(self, document: Document, procedure: str, uuid: str, name: str,
                 own: bool) -> None:
        super().__init__(document, lambda: (
            _("Own requirements for {name}") if own
            else _("Procedure's requirements again for {name}")).format(name=name),
            Change(frozenset({"requirements"}), procedure=procedure, version=uuid))
        self.uuid, self.own = uuid, own
        self.new: tuple[s.Requirement, ...] | None = None
        self.old: tuple[s.Requirement, ...] | None = None

    def apply(self, session: Session) -> None:
        if self.own and self.new is None:
            self.new = ev.procedure_requirements_copy(session, self.uuid)
        self.old = ev.set_own_requirements(session, self.uuid, self.new if self.own else None,
                                           self.author)
        if self.own:
            # Remember the rows as written (with their uuids): a redo writes the same ones.
            self.new = ep.owner_requirements(session, ("version", self.uuid))

    def revert(self, session: Session) -> None:
        ev.set_own_requirements(session, self.uuid, self.old, self.author)
