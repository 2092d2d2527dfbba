"""The edits of a version's steps, shared by the step table and the flowchart.

Each method makes one undo command (ui/undo/activities.py, which calls the services) and
pushes it: inserting, deleting, cutting, pasting, duplicating and moving rows, setting a
column on several rows at once, replacing words in the descriptions, moving a step to
another lane or place (the flowchart's drag), marking it parallel. Rows are the steps'
own rows (their place in the process), never the rows of a sorted or filtered view.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication

from procedures import snapshots as s
from procedures.cells import rows_to_tsv, tsv_to_rows
from procedures.errors import ChangedMeanwhile, InputError
from procedures.i18n import _, ngettext
from procedures.services import activities as ea
from ui import dialogs
from ui.field_words import error_text
from ui.undo.activities import (
    DeleteActivities,
    InsertActivities,
    ReorderActivities,
    SetActivityField,
    field_edit,
    fill_edit,
)
from ui.undo.base import CompositeCommand, DocumentCommand

if TYPE_CHECKING:
    from ui.document import Document
    from ui.item_models.activities import ActivitiesModel


class StepEdits:
    """Edits of the version a `StepsHost` (the Activities tab) shows."""

    def __init__(self, host: Any) -> None:
        # The host gives document, procedure, version, entity, model and notice.
        self.host = host
        #: Other places that show a refusal (the flowchart, when the edit came from it).
        self.also_shown: list[Callable[[str], None]] = []

    @property
    def document(self) -> Document:
        return self.host.document

    @property
    def model(self) -> ActivitiesModel:
        assert self.host.model is not None
        return self.host.model

    def _push(self, command: DocumentCommand) -> bool:
        """Push `command`; a refusal is shown where the clerk is (beside the cell)."""
        if self.document.push(command):
            return True
        if isinstance(command.last_error, ChangedMeanwhile):
            self.host.changed_meanwhile()  # show the data as it is now
        text = error_text(command.last_error)
        self.host.show_problem(text)
        for show in self.also_shown:
            show(text)
        return False

    def _where(self) -> tuple[Document, str, str]:
        return self.document, self.host.procedure, self.host.version

    def activity(self, row: int) -> s.Activity | None:
        return self.model.row(row)

    # ---- One field, one or several rows ---------------------------------------------

    def set_field(self, row: int, key: str, value: Any) -> bool:
        activity = self.activity(row)
        if activity is None:
            return False
        return self._push(field_edit(*self._where(), activity, row, key, value))

    def fill(self, rows: Sequence[int], key: str, value: Any) -> bool:
        """Set `key` to `value` on every row of `rows` that can take it (one undo step)."""
        column = self.model.columns[self.model.column_of(key)]
        targets = [(row, a) for row in rows if (a := self.activity(row)) is not None
                   and column.is_editable(a)]
        if not targets:
            return False
        return self._push(fill_edit(*self._where(), targets, key, value))

    def replace_text(self, rows: Sequence[int], find: str, replacement: str,
                     match_case: bool) -> int:
        """Replace `find` in the descriptions of `rows`; how many steps changed (0 when
        none has it, or when the change was refused)."""
        pattern = re.compile(re.escape(find), 0 if match_case else re.IGNORECASE)
        parts: list[DocumentCommand] = []
        for row in rows:
            activity = self.activity(row)
            if activity is None:
                continue
            new = pattern.sub(lambda _m: replacement, activity.description)
            if new != activity.description:
                parts.append(SetActivityField(*self._where(), activity.uid, row,
                                              "description", new, activity.revision))
        if not parts:
            return 0
        count = len(parts)

        def text() -> str:
            return ngettext("Replace “{find}” in {n} activity",
                            "Replace “{find}” in {n} activities", count).format(
                                find=find, n=count)

        return count if self._push(CompositeCommand(self.document, text, parts)) else 0

    def edit_text(self, row: int, description: str, minutes: Any) -> bool:
        """The flowchart's edit of a step: its description and minutes, one undo step."""
        activity = self.activity(row)
        if activity is None:
            return False
        parts: list[DocumentCommand] = [
            SetActivityField(*self._where(), activity.uid, row, key, value, activity.revision)
            for key, value, old in (("description", description, activity.description),
                                    ("minutes", minutes, activity.minutes)) if value != old]
        if not parts:
            return False
        if len(parts) == 1:
            return self._push(parts[0])
        return self._push(CompositeCommand(
            self.document, lambda: _("Edit activity {row}").format(row=row + 1), parts))

    # ---- Rows -----------------------------------------------------------------------

    @staticmethod
    def blank(unit: str | None) -> s.Activity:
        return ea.blank_activity(unit=unit)

    def insert(self, row: int, activities: Sequence[s.Activity] | None = None,
               text: Any = None) -> bool:
        """New rows before `row` (a blank step in the unit of its neighbour by default)."""
        if activities is None:
            before = self.activity(row) or self.activity(row - 1)
            activities = [ea.blank_activity(unit=before.unit if before is not None else None)]
        return self._push(InsertActivities(*self._where(), row, activities, text))

    def delete(self, rows: Sequence[int], cut: bool = False) -> bool:
        if not rows:
            return False
        uuids = [str(self.model.key(r)) for r in rows]
        shown = {a.uid: a.revision for r in rows if (a := self.activity(r)) is not None}
        command = DeleteActivities(*self._where(), uuids, rows, shown)
        if not cut:
            return self._push(command)
        count, first = len(rows), rows[0] + 1

        def text() -> str:
            return ngettext("Cut activity {row}", "Cut {n} activities", count).format(
                row=first, n=count)

        return self._push(CompositeCommand(self.document, text, [command]))

    def duplicate(self, rows: Sequence[int]) -> bool:
        """Copies of `rows` right below the last of them (their own new identity)."""
        copies = [replace(a, uid="", based_on="") for r in rows
                  if (a := self.activity(r)) is not None]
        if not copies:
            return False
        count = len(copies)
        return self.insert(rows[-1] + 1, copies, lambda: ngettext(
            "Duplicate activity {row}", "Duplicate {n} activities", count).format(
                row=rows[0] + 1, n=count))

    def move(self, uuids: Sequence[str], target: int) -> bool:
        """Put the steps `uuids` before the step at `target` (a drag or a move up)."""
        order = [str(self.model.key(r)) for r in range(self.model.row_count)]
        new = ea.moved_order(order, uuids, target)
        if list(new) == order:
            return False
        first = order.index(uuids[0]) + 1
        count = len(uuids)
        return self._push(ReorderActivities(
            *self._where(), new, uuids,
            lambda: ngettext("Move activity {row}", "Move {n} activities", count).format(
                row=first, n=count), order))

    def move_to_lane(self, row: int, unit: str | None, target: int) -> bool:
        """The flowchart's drag: step `row` into the lane of `unit` (None: the citizen)
        and before the step at `target`, as one undo step."""
        activity = self.activity(row)
        if activity is None:
            return False
        order = [str(self.model.key(r)) for r in range(self.model.row_count)]
        new = ea.moved_order(order, [activity.uid], target)
        moves = list(new) != order
        reorder = ReorderActivities(*self._where(), new, [activity.uid],
                                    lambda: _("Move activity {row}").format(row=row + 1),
                                    order)
        if unit == activity.unit:
            return self._push(reorder) if moves else False
        lane = field_edit(*self._where(), activity, row, "unit", unit)
        if not moves:
            return self._push(lane)
        return self._push(CompositeCommand(
            self.document, lambda: _("Move activity {row} to another lane").format(
                row=row + 1), [lane, reorder]))

    def move_group(self, rows: Sequence[int], units: Sequence[str | None],
                   target: int | None) -> bool:
        """The flowchart's drag of several boxes: step `rows[i]` into the lane of
        `units[i]` (None: the citizen), and all of them, in their order, before the step
        at `target` (None: each keeps its place). One undo step."""
        pairs = [(row, a, unit) for row, unit in zip(rows, units, strict=True)
                 if (a := self.activity(row)) is not None]
        if not pairs:
            return False
        parts: list[DocumentCommand] = [field_edit(*self._where(), a, row, "unit", unit)
                                        for row, a, unit in pairs if unit != a.unit]
        uuids = [a.uid for _row, a, _unit in pairs]
        if target is not None:
            order = [str(self.model.key(r)) for r in range(self.model.row_count)]
            new = ea.moved_order(order, uuids, target)
            if list(new) != order:
                parts.append(ReorderActivities(*self._where(), new, uuids, lambda: ""))
        if not parts:
            return False
        count = len(pairs)

        def text() -> str:
            return ngettext("Move activity {row}", "Move {n} activities", count).format(
                row=pairs[0][0] + 1, n=count)

        command = CompositeCommand(self.document, text, parts)
        # The moved steps stay selected, all of them.
        command.change = replace(command.change, rows=tuple(uuids))
        return self._push(command)

    # ---- Clipboard ------------------------------------------------------------------

    def copy(self, rows: Sequence[int]) -> int:
        activities = [a for r in rows if (a := self.activity(r)) is not None]
        QApplication.clipboard().setText(rows_to_tsv(activities))
        return len(activities)

    def paste_rows(self, text: str, at: int, default_unit: str | None) -> bool:
        """Rows of tab-separated text (from Excel or this table) before row `at`."""
        entity = self.host.entity
        try:
            activities = tsv_to_rows(text, entity, default_unit=default_unit)
        except InputError as error:
            lines = [_("Row {row}, {column}: {message}").format(
                row=p.location.row, column=p.location.column or "—", message=p.message)
                for p in error.problems]
            dialogs.error(self.host, _("Paste activities"),
                          _("Nothing was pasted: some cells cannot be read."), "\n".join(lines))
            return False
        if not activities:
            return False
        count = len(activities)
        return self.insert(at, activities, lambda: ngettext(
            "Paste {n} activity", "Paste {n} activities", count).format(n=count))
