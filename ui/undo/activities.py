"""Undo commands of the step table (Tabla ASME-VM)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy.orm import Session

from procedures import snapshots as s
from procedures.i18n import _, ngettext
from procedures.rules.activity import with_lane
from procedures.services import activities as ea
from procedures.services import entities as ee
from procedures.vocabulary import field_word
from ui.document import Change, Document
from ui.undo.base import CompositeCommand, DocumentCommand, Text

Use = TypeVar("Use", s.StaffUse, s.ResourceUse)


def _change(procedure: str, version: str, rows: Sequence[str] = (),
            in_place: bool = False) -> Change:
    """`in_place`: only the `rows` themselves changed (one field, staff, resources)."""
    return Change(frozenset({"activities"}), procedure=procedure, version=version,
                  rows=tuple(rows), updated=tuple(rows) if in_place else ())


class SetActivityField(DocumentCommand):
    """`revision`: the activity's counter as the screen showed it (None: no check)."""

    def __init__(self, document: Document, procedure: str, version: str, uuid: str, row: int,
                 field_name: str, value: Any, revision: int | None = None) -> None:
        super().__init__(document, lambda: _("Change {field} of activity {row}").format(
            field=field_word(field_name), row=row + 1),
            _change(procedure, version, [uuid], in_place=True))
        self.uuid, self.field_name, self.value = uuid, field_name, value
        self.revision = revision
        self.old: Any = None

    def apply(self, session: Session) -> None:
        self.old = ea.update_activity(session, self.uuid, self.field_name, self.value,
                                      self.author,
                                      self.expected(session, self.uuid, self.revision))

    def revert(self, session: Session) -> None:
        ea.update_activity(session, self.uuid, self.field_name, self.old, self.author,
                           self.expected(session, self.uuid, None))


class SetActivityUses(DocumentCommand, Generic[Use]):
    """Replace the staff or the resources of an activity (`kind`: which of the two)."""

    kind: ClassVar[str]

    def __init__(self, document: Document, procedure: str, version: str, uuid: str, row: int,
                 uses: Sequence[Use], revision: int | None = None) -> None:
        field = type(self).kind
        super().__init__(document, lambda: _("Change {field} of activity {row}").format(
            field=field_word(field), row=row + 1),
            _change(procedure, version, [uuid], in_place=True))
        self.uuid = uuid
        self.uses: tuple[Use, ...] = tuple(uses)
        self.old: tuple[Use, ...] = ()
        self.revision = revision

    def store(self, session: Session, uses: Sequence[Use], expected: int | None
              ) -> tuple[Use, ...]:
        """Write `uses`; return the ones they replaced."""
        raise NotImplementedError

    def apply(self, session: Session) -> None:
        self.old = self.store(session, self.uses,
                              self.expected(session, self.uuid, self.revision))

    def revert(self, session: Session) -> None:
        self.store(session, self.old, self.expected(session, self.uuid, None))


class SetActivityStaff(SetActivityUses[s.StaffUse]):
    kind = "staff"

    def store(self, session: Session, uses: Sequence[s.StaffUse], expected: int | None
              ) -> tuple[s.StaffUse, ...]:
        return ea.set_staff(session, self.uuid, uses, self.author, expected)


class SetActivityResources(SetActivityUses[s.ResourceUse]):
    kind = "resources"

    def store(self, session: Session, uses: Sequence[s.ResourceUse], expected: int | None
              ) -> tuple[s.ResourceUse, ...]:
        return ea.set_resources(session, self.uuid, uses, self.author, expected)


class InsertActivities(DocumentCommand):
    """New rows (typed, pasted or a blank one) before `row`; the redo keeps their uuids."""

    def __init__(self, document: Document, procedure: str, version: str, row: int,
                 activities: Sequence[s.Activity], text: Text | None = None) -> None:
        count = len(activities)
        super().__init__(document, text or (lambda: ngettext(
            "Insert activity {row}", "Insert {n} activities at row {row}", count).format(
                n=count, row=row + 1)), _change(procedure, version))
        self.version, self.row, self.activities = version, row, tuple(activities)
        self.uuids: tuple[str, ...] = ()

    def apply(self, session: Session) -> None:
        self.uuids = ea.insert_activities(session, self.version, self.row, self.activities,
                                          self.author)
        self.activities = tuple(replace(a, uid=u) for a, u in zip(self.activities, self.uuids,
                                                                   strict=True))
        self.change = replace(self.change, rows=self.uuids)

    def revert(self, session: Session) -> None:
        ea.delete_activities(session, self.uuids, self.author)


class DeleteActivities(DocumentCommand):
    """`revisions`: uuid -> the counter of each row as the table showed it."""

    def __init__(self, document: Document, procedure: str, version: str,
                 uuids: Sequence[str], rows: Sequence[int],
                 revisions: dict[str, int] | None = None) -> None:
        first, count = rows[0] + 1, len(rows)

        def text() -> str:
            return (_("Delete activity {row}").format(row=first) if count == 1
                    else _("Delete {n} activities").format(n=count))

        super().__init__(document, text, _change(procedure, version))
        self.version, self.uuids = version, tuple(uuids)
        self.revisions = dict(revisions or {})
        self.removed: tuple[ea.RemovedActivity, ...] = ()

    def apply(self, session: Session) -> None:
        expected = {uuid: revision for uuid in self.uuids
                    if (revision := self.expected(session, uuid,
                                                  self.revisions.get(uuid))) is not None}
        self.removed = ea.delete_activities(session, self.uuids, self.author, expected)

    def revert(self, session: Session) -> None:
        ea.restore_activities(session, self.version, self.removed, self.author)
        self.change = replace(self.change, rows=self.uuids)


class ReorderActivities(DocumentCommand):
    def __init__(self, document: Document, procedure: str, version: str,
                 order: Sequence[str], moved: Sequence[str], text: Text,
                 shown: Sequence[str] | None = None) -> None:
        super().__init__(document, text, _change(procedure, version, moved))
        self.version, self.order = version, tuple(order)
        self.shown = tuple(shown) if shown is not None else None
        self.previous: tuple[str, ...] = ()

    def apply(self, session: Session) -> None:
        # The first run moves the rows as the table showed them; a redo, from the order
        # the undo left (anything else: someone reordered them since).
        shown = self.shown if self._first_run else (self.previous or None)
        self.previous = ea.reorder_activities(session, self.version, self.order, self.author,
                                              shown)

    def revert(self, session: Session) -> None:
        ea.reorder_activities(session, self.version, self.previous, self.author, self.order)


class ImportedActivities(DocumentCommand):
    """Rows an Excel or BPMN import appended to a version, and the units it created.

    The import itself ran on the worker (it may be long); this command only makes it
    undoable afterwards: its first run writes nothing, the undo deletes the imported
    rows and then the units created for them and puts back the rows they `replaced`,
    and the redo does it the other way round (same uuids).
    """

    def __init__(self, document: Document, procedure: str, version: str,
                 uuids: Sequence[str], file_name: str, units: Sequence[str] = (),
                 replaced: Sequence[ea.RemovedActivity] = ()) -> None:
        change = _change(procedure, version, uuids)
        if units:
            change = change | Change(frozenset({"entity"}))
        super().__init__(document, lambda: _("Import {file}").format(file=file_name), change)
        self.version, self.uuids, self.units = version, tuple(uuids), tuple(units)
        self.removed: tuple[ea.RemovedActivity, ...] = ()
        self.removed_units: tuple[ee.RemovedItem, ...] = ()
        self.replaced = tuple(replaced)

    def run_first(self) -> None:
        self._ran_first = True  # the import wrote the rows already

    def apply(self, session: Session) -> None:
        for unit in self.removed_units:
            ee.restore_item(session, unit, self.author)
        ea.delete_activities(session, [item.activity.uid for item in self.replaced],
                             self.author)
        ea.restore_activities(session, self.version, self.removed, self.author)

    def revert(self, session: Session) -> None:
        self.removed = ea.delete_activities(session, self.uuids, self.author)
        self.removed_units = tuple(ee.delete_item(session, "unit", uuid, self.author)
                                   for uuid in self.units)
        ea.restore_activities(session, self.version, self.replaced, self.author)


def field_edit(document: Document, procedure: str, version: str, activity: s.Activity,
               row: int, key: str, value: Any) -> DocumentCommand:
    """The command that sets `key` of `activity` (at 0-based `row`) to `value`, as the
    table, a multi-row fill and the flowchart all do it.

    Moving a step between the citizen and a unit clears what only fits one of them
    (staff, "in person") in the same undo step. `value` of staff and resources:
    (code, count) pairs.
    """
    args = (document, procedure, version, activity.uid, row)
    shown = activity.revision
    if key == "staff":
        return SetActivityStaff(*args, [s.StaffUse(c, n) for c, n in value], shown)
    if key == "resources":
        return SetActivityResources(*args, [s.ResourceUse(c, n) for c, n in value], shown)
    command = SetActivityField(*args, key, value, shown)
    parts: list[DocumentCommand] = []
    if key == "unit":
        moved = with_lane(activity, value)
        if moved.staff != activity.staff:
            parts.append(SetActivityStaff(*args, moved.staff, shown))
        if moved.in_person != activity.in_person:
            parts.append(SetActivityField(*args, "in_person", moved.in_person, shown))
    if parts:
        return CompositeCommand(document, command.describe, [*parts, command])
    return command


def fill_edit(document: Document, procedure: str, version: str,
              rows: Sequence[tuple[int, s.Activity]], key: str, value: Any) -> DocumentCommand:
    """One undo step that sets `key` to `value` on several steps ((row, activity) pairs)."""
    parts = [field_edit(document, procedure, version, activity, row, key, value)
             for row, activity in rows]
    if len(parts) == 1:
        return parts[0]
    count = len(parts)
    command = CompositeCommand(document, lambda: _("Change {field} of {n} activities").format(
        field=field_word(key), n=count), parts)
    # Every step it touched stays selected (not only the last one's row).
    command.change = replace(command.change, rows=tuple(a.uid for _row, a in rows))
    return command
