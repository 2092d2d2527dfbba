"""Undo commands of a municipality's settings, organisation, days off and the UIT/RMV."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from procedures import snapshots as s
from procedures.i18n import N_, _
from procedures.services import entities as ee
from procedures.services import reference
from ui.document import Change, Document
from ui.undo.base import DocumentCommand, Text, worded

#: Undo texts per kind of item: whole sentences, so each language agrees its words.
ADD_TEXTS = {"unit": N_("Add unit {code}"), "position": N_("Add position {code}"),
             "resource": N_("Add resource {code}")}
DELETE_TEXTS = {"unit": N_("Delete unit {code}"), "position": N_("Delete position {code}"),
                "resource": N_("Delete resource {code}")}


def _entity(ubigeo: str) -> Change:
    return Change(frozenset({"entity"}), ubigeo=ubigeo)


class SetEntityField(DocumentCommand):
    """`shown`: (uuid, revision) of the municipality as the screen showed it."""

    def __init__(self, document: Document, ubigeo: str, key: str, value: Any,
                 label: Text, shown: tuple[str, int] | None = None) -> None:
        super().__init__(document, lambda: _("Change {field}").format(
            field=worded(label)), _entity(ubigeo))
        self.ubigeo, self.key, self.value = ubigeo, key, value
        self.uuid: str = shown[0] if shown is not None else ""
        self.revision: int | None = shown[1] if shown is not None else None
        self.old: Any = None

    def _expected(self, session: Session, first: bool) -> int | None:
        if not self.uuid:
            return None
        return self.expected(session, self.uuid, self.revision if first else None)

    def apply(self, session: Session) -> None:
        self.old = ee.update_entity(session, self.ubigeo, self.key, self.value, self.author,
                                    self._expected(session, True))

    def revert(self, session: Session) -> None:
        ee.update_entity(session, self.ubigeo, self.key, self.old, self.author,
                         self._expected(session, False))


class SetItemField(DocumentCommand):
    def __init__(self, document: Document, ubigeo: str, kind: str, uuid: str, code: str,
                 key: str, value: Any, label: Text, revision: int | None = None) -> None:
        super().__init__(document, lambda: _("Change {field} of {code}").format(
            field=worded(label), code=code), _entity(ubigeo))
        self.kind, self.uuid, self.key, self.value = kind, uuid, key, value
        self.revision = revision
        self.old: Any = None

    def apply(self, session: Session) -> None:
        self.old = ee.update_item(session, self.kind, self.uuid, self.key, self.value,
                                  self.author, self.expected(session, self.uuid, self.revision))

    def revert(self, session: Session) -> None:
        ee.update_item(session, self.kind, self.uuid, self.key, self.old, self.author,
                       self.expected(session, self.uuid, None))


class AddItem(DocumentCommand):
    def __init__(self, document: Document, ubigeo: str, kind: str,
                 item: s.Unit | s.Position | s.Resource) -> None:
        super().__init__(document, lambda: _(ADD_TEXTS[kind]).format(code=item.code),
                         _entity(ubigeo))
        self.ubigeo, self.kind, self.item = ubigeo, kind, item
        self.uuid = ""
        self.removed: ee.RemovedItem | None = None

    def apply(self, session: Session) -> None:
        if self.removed is None:
            self.uuid = ee.add_item(session, self.kind, self.ubigeo, self.item, self.author)
        else:
            ee.restore_item(session, self.removed, self.author)

    def revert(self, session: Session) -> None:
        self.removed = ee.delete_item(session, self.kind, self.uuid, self.author)


class DeleteItem(DocumentCommand):
    def __init__(self, document: Document, ubigeo: str, kind: str, uuid: str,
                 code: str) -> None:
        super().__init__(document, lambda: _(DELETE_TEXTS[kind]).format(code=code),
                         _entity(ubigeo))
        self.kind, self.uuid = kind, uuid
        self.removed: ee.RemovedItem | None = None

    def apply(self, session: Session) -> None:
        self.removed = ee.delete_item(session, self.kind, self.uuid, self.author)

    def revert(self, session: Session) -> None:
        assert self.removed is not None
        ee.restore_item(session, self.removed, self.author)


class SetAllocation(DocumentCommand):
    def __init__(self, document: Document, ubigeo: str, resource: str, code: str, unit: str,
                 key: str, value: Decimal | None, revision: int | None = None) -> None:
        label = N_("driver value") if key == "driver_value" else N_("TUPA factor")
        super().__init__(document, lambda: _("Change {field} of {code} in {unit}").format(
            field=_(label), code=code, unit=unit), _entity(ubigeo))
        self.resource, self.unit, self.key, self.value = resource, unit, key, value
        self.revision = revision
        self.old: Decimal | None = None

    def apply(self, session: Session) -> None:
        self.old = ee.set_allocation(session, self.resource, self.unit, self.key, self.value,
                                     self.author,
                                     expected=self.expected(session, self.resource,
                                                            self.revision))

    def revert(self, session: Session) -> None:
        ee.set_allocation(session, self.resource, self.unit, self.key, self.old, self.author,
                          expected=self.expected(session, self.resource, None))


class AddDay(DocumentCommand):
    def __init__(self, document: Document, ubigeo: str, day: date, name: str) -> None:
        super().__init__(document, lambda: _("Add day off {day}").format(
            day=day.strftime("%d/%m/%Y")), _entity(ubigeo))
        self.ubigeo, self.day, self.name = ubigeo, day, name
        self.uuid = ""

    def apply(self, session: Session) -> None:
        self.uuid = ee.add_day(session, self.ubigeo, self.day, self.name, self.uuid,
                               self.author)

    def revert(self, session: Session) -> None:
        ee.delete_day(session, self.uuid, self.author)


class DeleteDay(DocumentCommand):
    def __init__(self, document: Document, ubigeo: str, uuid: str, day: date) -> None:
        super().__init__(document, lambda: _("Delete day off {day}").format(
            day=day.strftime("%d/%m/%Y")), _entity(ubigeo))
        self.uuid = uuid
        self.removed: tuple[str, s.NonWorkingDay] | None = None

    def apply(self, session: Session) -> None:
        self.removed = ee.delete_day(session, self.uuid, self.author)

    def revert(self, session: Session) -> None:
        assert self.removed is not None
        ubigeo, day = self.removed
        ee.add_day(session, ubigeo, day.day, day.name, self.uuid, self.author)


class RenameDay(DocumentCommand):
    def __init__(self, document: Document, ubigeo: str, uuid: str, name: str) -> None:
        super().__init__(document, lambda: _("Rename a day off"), _entity(ubigeo))
        self.uuid, self.name = uuid, name
        self.old = ""

    def apply(self, session: Session) -> None:
        self.old = ee.rename_day(session, self.uuid, self.name, self.author)

    def revert(self, session: Session) -> None:
        ee.rename_day(session, self.uuid, self.old, self.author)


class SetReference(DocumentCommand):
    """Create, change (uit and rmv given) or delete (both None) the values of a year."""

    def __init__(self, document: Document, year: int, uit: Decimal | None,
                 rmv: Decimal | None) -> None:
        super().__init__(document, lambda: (
            _("Delete the UIT and RMV of {year}") if uit is None
            else _("Set the UIT and RMV of {year}")).format(year=year),
            Change(frozenset({"reference"})))
        self.year, self.uit, self.rmv = year, uit, rmv
        self.old: s.ReferenceValues | None = None

    def apply(self, session: Session) -> None:
        if self.uit is None or self.rmv is None:
            self.old = reference.delete_reference(session, self.year, self.author)
        else:
            self.old = reference.set_reference(session, self.year, self.uit, self.rmv, self.author)

    def revert(self, session: Session) -> None:
        if self.old is None:
            reference.delete_reference(session, self.year, self.author)
        else:
            reference.set_reference(session, self.year, self.old.uit, self.old.rmv, self.author)
