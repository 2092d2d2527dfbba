"""The *Actividades* tab: the Tabla ASME-VM of the open version, typed like a spreadsheet.

Every change is an undo command (made by `StepEdits`, shared with the flowchart); the
model follows the database after each one. The table shows the model through a view
(`StepsView`) that sorts and filters without changing the steps' order: `selected()` and
every edit speak of the steps' own rows, never of the rows as sorted. The footer shows
the engine's totals (by type, by value class, minutes, business days); nothing here
computes a figure. The note and the provenance of the time
are columns hidden at first (the header's context menu and View > Columns show them);
staff and resources are typed as codes or chosen in a picker (F4, Enter, double-click).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from models.codes import ASME_SYMBOLS, ActivityType, EntityKind, ValueClass
from procedures import snapshots as s
from procedures.errors import NotFoundError
from procedures.formatting import number, smart_number
from procedures.i18n import _, ngettext
from procedures.rules.activity import with_lane
from procedures.services import activities as ea
from procedures.services.measurement import Measured
from procedures.vocabulary import explanation, label, short_label
from ui.delegates.cells import CellDelegate
from ui.document import Change, Document
from ui.item_models.activities import OPTIONAL_COLUMNS, ActivitiesModel, activity_columns
from ui.item_models.steps_view import StepsView
from ui.screens.activity_cells import PICKED, activity_editors, ask_uses
from ui.screens.activity_table import SpreadsheetTable
from ui.screens.column_chooser import ColumnChooser
from ui.screens.form import ProblemLabel
from ui.screens.steady import SteadyLine
from ui.screens.step_arrangement import Arrangement
from ui.screens.step_edits import StepEdits

#: How soon a refresh that waits for an open editor looks again.
REFRESH_RETRY_MS = 600
WIDTHS = {"unit": 80, "type": 108, "value": 74, "minutes": 56, "probability": 58,
          "parallel": 38, "in_person": 86, "staff": 86, "resources": 80, "action": 104,
          "note": 180, "time_source": 100, "time_date": 96, "time_by": 110}


class ActivitiesTab(QWidget):
    """Signals:
        selected_rows: 0-based rows selected in the table (for the flowchart).
        notice: a message for the status bar.
        rows_changed: the rows were loaded again (the flowchart redraws).
        arranged: (bool) the view is sorted or filtered (True) or shows every step in
            step order (False); moving rows waits for the latter.
    """

    selected_rows = Signal(list)
    notice = Signal(str)
    rows_changed = Signal()
    arranged = Signal(bool)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.procedure = ""
        self.version = ""
        self.entity: s.Entity | None = None
        self._selecting = False  # True: select_rows is at work (see there)
        self.table = SpreadsheetTable(self)
        self.table.enable_row_drag()
        self.table.setObjectName("activities")
        self.table.picker = self.pick
        self.table.tick_all = self.tick_all
        self.model: ActivitiesModel | None = None
        self.view = StepsView(self)
        self.edits = StepEdits(self)
        header = self.table.horizontalHeader()
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.arrangement = Arrangement(self)
        self.filter, self.replace = self.arrangement.filter, self.arrangement.replace
        # The menu has room for the full names the narrow column headers shorten.
        long_names = {"time_source": _("Time source"), "time_date": _("Time taken on"),
                      "time_by": _("Time taken by")}
        headers = [(c.key, long_names.get(c.key, c.header)) for c in activity_columns(
            s.Entity(ubigeo="", name="", kind=EntityKind.DISTRICT))]
        self.columns = ColumnChooser(self.table, headers, fixed=("description",),
                                     hidden=OPTIONAL_COLUMNS, parent=self)
        footer = QLabel()
        footer.setObjectName("footer")
        footer.setTextFormat(Qt.TextFormat.RichText)
        footer.setWordWrap(True)
        # Its figures change with every edit: in a box that does not lay the window out
        # again for each (ui/screens/steady.py).
        self.footer = SteadyLine(footer, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.filter)
        layout.addWidget(self.replace)
        layout.addWidget(self.table, 1)
        self.problem = ProblemLabel(self)
        self.problem.setObjectName("table_problem")
        layout.addWidget(self.problem)
        layout.addWidget(self.footer)
        document.changed.connect(self._on_change)

    # ---- Content ----------------------------------------------------------------------

    def show_version(self, procedure: str, version: str, entity: s.Entity) -> None:
        """Show `version` of `procedure`; `entity` gives codes and names for the cells."""
        same_entity = self.entity is not None and self.entity == entity
        self.procedure, self.version = procedure, version
        self.problem.setText("")
        if not same_entity or self.model is None:
            self._build(entity)
        self.reload()
        self.table.scrollToTop()

    def _build(self, entity: s.Entity) -> None:
        self.entity = entity
        columns = activity_columns(entity)
        model = ActivitiesModel(columns, on_edit=self._edit, on_append=self._append,
                                on_move=self.move_rows, parent=self)
        self.view.setSourceModel(model)
        if self.model is not None:
            self.model.deleteLater()
        else:
            self.table.setModel(self.view)
            self.table.selectionModel().selectionChanged.connect(self._selection_changed)
            self.table.setSortingEnabled(True)
            # After the view's own slot, which sorts: then the view knows its order.
            self.table.horizontalHeader().sortIndicatorChanged.connect(
                self.arrangement.changed)
        self.model = model
        model.read_only = bool(self.document.read_only)
        self.filter.set_columns([c.header for c in columns])
        delegate = CellDelegate(activity_editors(columns, entity), self.table)
        delegate.refused.connect(self._refused)
        delegate.fill_requested.connect(self.fill)
        old_delegate = self.table.itemDelegate()
        self.table.setItemDelegate(delegate)
        if old_delegate is not None and old_delegate.parent() is self.table:
            old_delegate.deleteLater()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Widths from the titles alone: the sort arrow shows on one column at a time and
        # must not widen them all.
        shown = header.isSortIndicatorShown()
        header.setSortIndicatorShown(False)
        for number_, column in enumerate(columns):
            if column.key in WIDTHS:
                # Never narrower than the header: a clipped title reads as a mistake.
                self.table.setColumnWidth(number_, max(WIDTHS[column.key],
                                                       header.sectionSizeHint(number_)))
        header.setSortIndicatorShown(shown)
        self.columns.apply()

    def reload(self) -> None:
        if self.model is None:
            return
        try:
            rows = (self.document.read(ea.version_activities, self.version)
                    if self.version else ())
        except NotFoundError:
            rows = ()  # the version was just deleted; the workspace switches version

        self._show_rows(rows)

    def _show_rows(self, rows: Sequence[s.Activity]) -> None:
        """Show `rows` (the version's steps as stored now): the model signals only
        what differs (an edited cell: one `dataChanged`)."""
        assert self.model is not None
        self.model.set_rows(rows)
        self.arrangement.changed()
        self.rows_changed.emit()

    def _reload_rows(self, uuids: Sequence[str]) -> bool:
        """Read again only the rows an edit changed in place (a cell of 200 steps: one
        row, not 200); False when one of them is not in the table (read it all)."""
        assert self.model is not None
        rows = list(self.model.rows)
        where = {uuid: self.model.row_of(uuid) for uuid in uuids}
        if any(row < 0 for row in where.values()):
            return False
        try:
            fresh = self.document.read(ea.some_activities, self.version, tuple(uuids))
        except NotFoundError:
            return False
        if len(fresh) != len(where):
            return False  # one of them was removed meanwhile
        for activity in fresh:
            rows[where[activity.uid]] = activity
        self.model.set_rows(rows)  # dataChanged for the changed rows only
        self.arrangement.changed()
        self.rows_changed.emit()
        return True

    def _on_change(self, change: Change) -> None:
        if self.model is None or not self.version:
            return
        # Version switches come from the workspace (show_version); here only rows.
        if change.touches("activities") and change.version in ("", self.version):
            if self.problem.text():
                self.problem.setText("")  # an edit went in: an old refusal is stale
            self.view.pin(change.rows)
            measured = change.measured.get(self.version)
            if measured is not None:  # the version as the edit's commit read it
                self._show_rows(measured.version.activities)
            elif not (change.updated and change.version == self.version
                      and change.what == {"activities"} and self._reload_rows(change.updated)):
                self.reload()
            if change.rows and change.version == self.version:
                self.select_uuids(change.rows)
        elif change.touches("entity") and self.entity is not None:
            from procedures.services.queries import entity_snapshot

            entity = self.document.read(entity_snapshot, self.entity.ubigeo)
            if entity != self.entity:
                self._build(entity)
                self.reload()

    def refresh(self) -> None:
        """Show what others changed (ui/refresher.py): the rows (and the entity's codes)
        as they are now, keeping the selection and the cell in use. While a cell is being
        typed nothing moves under it: the refresh waits until the editor closes (an edit
        of a row changed meanwhile is then refused in words, and its text kept)."""
        if self.document.closed:
            return
        if self.model is None or not self.version:
            return
        if self.table.state() == QAbstractItemView.State.EditingState:
            QTimer.singleShot(REFRESH_RETRY_MS, self.refresh)
            return
        selected = [str(self.model.key(r)) for r in self.selected()]
        current = self.table.currentIndex()
        at = self.view.mapToSource(current) if current.isValid() else QModelIndex()
        current_key = self.model.key(at.row()) if at.isValid() else None
        if self.entity is not None:
            from procedures.services.queries import entity_snapshot

            try:
                entity = self.document.read(entity_snapshot, self.entity.ubigeo)
            except NotFoundError:
                return
            if entity != self.entity:
                self._build(entity)
        self.reload()
        rows = [r for r in (self.model.row_of(u) for u in selected) if r >= 0]
        if rows and rows != self.selected():
            self.select_rows(rows)
        if current_key is not None and (row := self.model.row_of(current_key)) >= 0:
            index = self.view.mapFromSource(self.model.index(row, at.column()))
            if index.isValid():
                self.table.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.NoUpdate)

    # ---- Editing ----------------------------------------------------------------------

    def _edit(self, uuid: Any, key: str, value: Any) -> bool:
        assert self.model is not None
        return self.edits.set_field(self.model.row_of(uuid), key, value)

    def _append(self, key: str, value: Any) -> bool:
        assert self.model is not None and self.entity is not None
        rows = self.model.row_count
        last = self.model.row(rows - 1)
        blank = ea.blank_activity(unit=last.unit if last is not None else None)
        if key in ("staff", "resources"):
            make = s.StaffUse if key == "staff" else s.ResourceUse
            value = tuple(make(c, n) for c, n in value)
        new = replace(blank, **{key: value})
        if key == "unit":
            new = with_lane(new, value)
        done = self.edits.insert(rows, [new], lambda: _("Add activity {row}").format(
            row=rows + 1))
        if done:
            self.table.follow_append(self.view.view_row(rows), self.model.column_of(key))
        return done

    def pick(self, index: QModelIndex | None = None) -> bool:
        """The staff or resources picker on `index`'s cell (default: the current one).

        False when the cell has no picker (the table then does what the key usually
        does); True otherwise, whether or not the person changed something.
        """
        index = index if index is not None else self.table.currentIndex()
        if self.model is None or self.entity is None or not index.isValid():
            return False
        index = self.view.mapToSource(index) if index.model() is self.view else index
        if not index.isValid() or self.model.is_placeholder(index.row()):
            return False
        key = self.model.columns[index.column()].key
        if key not in PICKED or not self.model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        activity = self.model.row(index.row())
        assert activity is not None
        answer = ask_uses(self, self.entity, activity, index.row(), key)
        current = ([(x.position, x.count) for x in activity.staff] if key == "staff"
                   else [(x.resource, x.qty) for x in activity.resources])
        if answer is not None and list(answer) != current:
            self._edit(activity.uid, key, answer)
        return True

    def _refused(self, index: QModelIndex, message: str) -> None:
        """A typed text could not be read: the editor turned red; say it under the
        table too, naming the cell as the table does."""
        if index.isValid() and self.model is not None:
            row = self.view.source_row(index.row())
            where = _("Row {row}, {column}").format(
                row=row + 1 if row >= 0 else self.model.row_count + 1,
                column=self.model.columns[index.column()].header)
            message = f"{where}: {message}"
        self.problem.setText(message)
        self.document.refused.emit(message)  # the status bar says it too, until fixed

    def changed_meanwhile(self) -> None:
        """An edit was refused because someone else changed the row meanwhile: show the
        rows as they are now; the refused text stays in the cell's next editor."""
        delegate = self.table.itemDelegate()
        if isinstance(delegate, CellDelegate):
            delegate.keep_draft = True
        self.reload()

    def show_problem(self, message: str) -> None:
        """An edit was refused: say why under the table and beside the current cell."""
        self.problem.setText(message)
        current = self.table.currentIndex()
        if message and current.isValid() and self.table.isVisible():
            rect = self.table.visualRect(current)
            QToolTip.showText(self.table.viewport().mapToGlobal(rect.bottomLeft()), message,
                              self.table.viewport(), rect, 8000)

    def selected(self) -> list[int]:
        """Selected real rows (the steps' own 0-based rows, sorted), or the current row."""
        if self.model is None:
            return []
        rows = {self.view.source_row(i.row())
                for i in self.table.selectionModel().selectedIndexes()}
        if not rows and self.table.currentIndex().isValid():
            rows = {self.view.source_row(self.table.currentIndex().row())}
        return sorted(r for r in rows if 0 <= r < self.model.row_count)

    def shown(self) -> list[int]:
        """The steps the view shows (all of them unless filtered), in step order."""
        return sorted(r for r in (self.view.source_row(v) for v in range(self.view.rowCount()))
                      if self.model is not None and 0 <= r < self.model.row_count)

    def delete_selected(self, cut: bool = False) -> bool:
        rows = self.selected()
        if not rows or self.model is None:
            return False
        current = self.table.currentIndex()
        done = self.edits.delete(rows, cut)
        if done:
            row = min(current.row() if current.isValid() else 0, self.view.rowCount() - 1)
            self.table.setCurrentIndex(self.view.index(max(row, 0), 0))
        return done

    def insert_row(self) -> bool:
        """A blank row above the current one (Ctrl+Ins)."""
        if self.model is None:
            return False
        rows = self.selected()
        return self.edits.insert(rows[0] if rows else self.model.row_count)

    def duplicate(self) -> bool:
        """Copies of the selected rows below them (Ctrl+D)."""
        rows = self.selected()
        return bool(rows) and self.edits.duplicate(rows)

    def move_selected(self, step: int) -> bool:
        """Move the selected rows one place up (-1) or down (+1)."""
        rows = self.selected()
        if not rows or self.model is None or self.view.rearranged:
            if self.view.rearranged:
                self.notice.emit(self.arrangement.reason())
            return False
        target = rows[0] - 1 if step < 0 else rows[-1] + 2
        if target < 0 or target > self.model.row_count:
            return False
        return self.move_rows([str(self.model.key(r)) for r in rows], target)

    def move_rows(self, uuids: list[str], target: int) -> bool:
        return self.edits.move(uuids, target)

    def fill(self, column: int, value: Any) -> bool:
        """Ctrl+Enter in a cell: the value into that column of every selected row."""
        if self.model is None:
            return False
        return self.edits.fill(self.selected(), self.model.columns[column].key, value)

    def tick_all(self, index: QModelIndex) -> bool:
        """Space on a check box of several selected rows: all of them take the opposite
        of this one's state (one undo step)."""
        if self.model is None:
            return False
        source = self.view.mapToSource(index)
        activity = self.model.row(source.row())
        column = self.model.columns[source.column()]
        if activity is None or column.checked is None:
            return False
        return self.fill(source.column(), not column.checked(activity))

    def copy(self) -> None:
        if self.model is None:
            return
        count = self.edits.copy(self.selected())
        self.notice.emit(ngettext("{n} activity copied", "{n} activities copied",
                                  count).format(n=count))

    def cut(self) -> bool:
        """Copy the selected rows, then delete them (one undo step)."""
        if self.model is None or not self.selected():
            return False
        self.edits.copy(self.selected())
        return self.delete_selected(cut=True)

    def paste(self) -> bool:
        """Paste rows (tab-separated, from Excel or this table) below the current row, or
        one value into the current cell."""
        if self.model is None or self.entity is None:
            return False
        text = QApplication.clipboard().text()
        if not text.strip():
            return False
        current = self.table.currentIndex()
        single = "\t" not in text and "\n" not in text.strip("\r\n")
        if single and current.isValid() and not self.view.is_placeholder(current.row()):
            delegate = self.table.itemDelegate()
            editor = delegate.editors.get(current.column()) \
                if isinstance(delegate, CellDelegate) else None
            if editor is not None:
                try:
                    value = editor.parse(text.strip())
                except ValueError as error:
                    self.notice.emit(str(error))
                    return False
                return self.view.setData(current, value)
        rows = self.selected()
        at = rows[-1] + 1 if rows else self.model.row_count
        unit_row = self.model.row(rows[-1]) if rows else self.model.row(self.model.row_count - 1)
        return self.edits.paste_rows(text, at, unit_row.unit if unit_row else None)

    # ---- Selection and figures ------------------------------------------------------

    def select_rows(self, rows: Sequence[int]) -> None:
        """Select the steps `rows` (their own rows) where the view shows them."""
        if self.model is None:
            return
        # Its steps (clear, select each, move the current cell) are not told to the
        # flowchart one by one: half a selection would come back to it.
        self._selecting = True
        try:
            self._select_rows(rows)
        finally:
            self._selecting = False
        self._selection_changed()

    def _select_rows(self, rows: Sequence[int]) -> None:
        assert self.model is not None
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = (QItemSelectionModel.SelectionFlag.Select
                 | QItemSelectionModel.SelectionFlag.Rows)
        shown = [v for v in (self.view.view_row(r) for r in rows) if v >= 0]
        for row in shown:
            selection.select(self.view.index(row, 0), flags)
        if shown:
            current = self.table.currentIndex()
            column = current.column() if current.isValid() else 0
            # The current cell moves to the first of them, the selection stays whole.
            selection.setCurrentIndex(self.view.index(shown[0], column),
                                      QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(self.view.index(shown[0], 0))

    def select_uuids(self, uuids: Sequence[str]) -> None:
        """Select the rows an edit touched (after an undo, a paste) unless typing."""
        if self.model is None or self.table.state() == QAbstractItemView.State.EditingState:
            return
        rows = [r for r in (self.model.row_of(u) for u in uuids) if r >= 0]
        if rows and sorted(rows) != self.selected():
            self.select_rows(sorted(rows))

    def _selection_changed(self) -> None:
        if not self._selecting:
            self.selected_rows.emit(self.selected())

    def show_figures(self, measured: Measured | None) -> None:
        if measured is None:
            self.footer.setText("")
            return
        m = measured.metrics
        types = " &nbsp; ".join(
            f"<span title='{label(t)}'>{ASME_SYMBOLS[t]} {m.by_type[t]}</span>"
            for t in ActivityType)
        values = " &nbsp; ".join(f"{short_label(v)} {m.by_value[v]}" for v in ValueClass)
        self.footer.setText(_(
            "<b>{count}</b> activities &nbsp;·&nbsp; <b>{minutes}</b> min in total "
            "&nbsp;·&nbsp; lead time <b>{days}</b> business days &nbsp;·&nbsp; value added "
            "<b>{va}</b> &nbsp;&nbsp;|&nbsp;&nbsp; {types} &nbsp;&nbsp;|&nbsp;&nbsp; {values}"
        ).format(count=m.activities, minutes=smart_number(m.total_minutes),
                 days=number(m.business_days), va=f"{smart_number(m.va_share * 100, 1)} %",
                 types=types, values=values))
        self.footer.setToolTip("\n".join(explanation(t) for t in ActivityType))

