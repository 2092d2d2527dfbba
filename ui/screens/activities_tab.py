"""The *Actividades* tab: the Tabla ASME-VM of the open version, typed like a spreadsheet.

Every change is an undo command (ui/undo/activities.py); the model follows the database
after each one. The footer shows the engine's totals (by type, by value class, minutes,
business days); nothing here computes a figure. The note and the provenance of the time
are columns hidden at first (the header's context menu and View > Columns show them);
staff and resources are typed as codes or chosen in a picker (F4, Enter, double-click).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from models.codes import ASME_SYMBOLS, ActivityType, EntityKind, ValueClass
from procedures import snapshots as s
from procedures.cells import rows_to_tsv, tsv_to_rows
from procedures.errors import InputError, NotFoundError
from procedures.formatting import number, smart_number
from procedures.i18n import _, ngettext
from procedures.rules.activity import with_lane
from procedures.services import activities as ea
from procedures.services.measurement import Measured
from procedures.vocabulary import explanation, label, short_label
from ui import dialogs
from ui.delegates.cells import CellDelegate
from ui.document import Change, Document
from ui.item_models.activities import OPTIONAL_COLUMNS, ActivitiesModel, activity_columns
from ui.screens.activity_cells import PICKED, activity_editors, ask_uses
from ui.screens.activity_table import SpreadsheetTable
from ui.screens.column_chooser import ColumnChooser
from ui.undo.activities import (
    DeleteActivities,
    InsertActivities,
    ReorderActivities,
    SetActivityField,
    SetActivityResources,
    SetActivityStaff,
)
from ui.undo.base import CompositeCommand, DocumentCommand

WIDTHS = {"unit": 80, "type": 108, "value": 74, "minutes": 56, "probability": 58,
          "parallel": 38, "in_person": 86, "staff": 86, "resources": 80, "action": 104,
          "note": 180, "time_source": 100, "time_date": 96, "time_by": 110}


class ActivitiesTab(QWidget):
    """Signals:
        selected_rows: 0-based rows selected in the table (for the flowchart).
        notice: a message for the status bar.
        rows_changed: the rows were loaded again (the flowchart redraws).
    """

    selected_rows = Signal(list)
    notice = Signal(str)
    rows_changed = Signal()

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.procedure = ""
        self.version = ""
        self.entity: s.Entity | None = None
        self.table = SpreadsheetTable(self)
        self.table.enable_row_drag()
        self.table.setObjectName("activities")
        self.table.picker = self.pick
        self.model: ActivitiesModel | None = None
        # The menu has room for the full names the narrow column headers shorten.
        long_names = {"time_source": _("Time source"), "time_date": _("Time taken on"),
                      "time_by": _("Time taken by")}
        headers = [(c.key, long_names.get(c.key, c.header)) for c in activity_columns(
            s.Entity(ubigeo="", name="", kind=EntityKind.DISTRICT))]
        self.columns = ColumnChooser(self.table, headers, fixed=("description",),
                                     hidden=OPTIONAL_COLUMNS, parent=self)
        self.footer = QLabel(self)
        self.footer.setObjectName("footer")
        self.footer.setTextFormat(Qt.TextFormat.RichText)
        self.footer.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.footer)
        document.changed.connect(self._on_change)

    # ---- Content ----------------------------------------------------------------------

    def show_version(self, procedure: str, version: str, entity: s.Entity) -> None:
        """Show `version` of `procedure`; `entity` gives codes and names for the cells."""
        same_entity = self.entity is not None and self.entity == entity
        self.procedure, self.version = procedure, version
        if not same_entity or self.model is None:
            self._build(entity)
        self.reload()
        self.table.scrollToTop()

    def _build(self, entity: s.Entity) -> None:
        self.entity = entity
        columns = activity_columns(entity)
        model = ActivitiesModel(columns, on_edit=self._edit, on_append=self._append,
                                on_move=self.move_rows, parent=self)
        old = self.table.selectionModel()
        self.table.setModel(model)
        if old is not None:
            old.deleteLater()
        if self.model is not None:
            self.model.deleteLater()
        self.model = model
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        delegate = CellDelegate(activity_editors(columns, entity), self.table)
        delegate.refused.connect(self._refused)
        old_delegate = self.table.itemDelegate()
        self.table.setItemDelegate(delegate)
        if old_delegate is not None and old_delegate.parent() is self.table:
            old_delegate.deleteLater()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for number_, column in enumerate(columns):
            if column.key in WIDTHS:
                # Never narrower than the header: a clipped title reads as a mistake.
                self.table.setColumnWidth(number_, max(WIDTHS[column.key],
                                                       header.sectionSizeHint(number_)))
        self.columns.apply()

    def reload(self) -> None:
        if self.model is None:
            return
        try:
            rows = (self.document.read(ea.version_activities, self.version)
                    if self.version else ())
        except NotFoundError:
            rows = ()  # the version was just deleted; the workspace switches version

        self.model.set_rows(rows)
        self.rows_changed.emit()

    def _on_change(self, change: Change) -> None:
        if self.model is None or not self.version:
            return
        # Version switches come from the workspace (show_version); here only rows.
        if change.touches("activities") and change.version in ("", self.version):
            self.reload()
            if change.rows and change.version == self.version:
                self.select_uuids(change.rows)
        elif change.touches("entity") and self.entity is not None:
            from procedures.services.queries import entity_snapshot

            entity = self.document.read(entity_snapshot, self.entity.ubigeo)
            if entity != self.entity:
                self._build(entity)
                self.reload()

    # ---- Editing ----------------------------------------------------------------------

    def _edit(self, uuid: Any, key: str, value: Any) -> bool:
        assert self.model is not None
        row = self.model.row_of(uuid)
        activity = self.model.row(row)
        if activity is None:
            return False
        args = (self.document, self.procedure, self.version, str(uuid), row)
        if key == "staff":
            return self.document.push(SetActivityStaff(
                *args, [s.StaffUse(c, n) for c, n in value]))
        if key == "resources":
            return self.document.push(SetActivityResources(
                *args, [s.ResourceUse(c, n) for c, n in value]))
        command = SetActivityField(*args, key, value)
        # Moving a step between the citizen and a unit clears what only fits one of them.
        parts: list[DocumentCommand] = []
        if key == "unit":
            moved = with_lane(activity, value)
            if moved.staff != activity.staff:
                parts.append(SetActivityStaff(*args, moved.staff))
            if moved.in_person != activity.in_person:
                parts.append(SetActivityField(*args, "in_person", moved.in_person))
        if parts:
            return self.document.push(CompositeCommand(self.document, command.describe,
                                                       [*parts, command]))
        return self.document.push(command)

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
        done = self.document.push(InsertActivities(
            self.document, self.procedure, self.version, rows, [new],
            lambda: _("Add activity {row}").format(row=rows + 1)))
        if done:
            self.table.follow_append(rows, self.model.column_of(key))
        return done

    def pick(self, index: QModelIndex | None = None) -> bool:
        """The staff or resources picker on `index`'s cell (default: the current one).

        False when the cell has no picker (the table then does what the key usually
        does); True otherwise, whether or not the person changed something.
        """
        index = index if index is not None else self.table.currentIndex()
        if self.model is None or self.entity is None or not index.isValid() \
                or self.model.is_placeholder(index.row()):
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
        self.notice.emit(message)

    def selected(self) -> list[int]:
        """Selected real rows (0-based, sorted), or the current row."""
        if self.model is None:
            return []
        rows = {i.row() for i in self.table.selectionModel().selectedIndexes()}
        if not rows and self.table.currentIndex().isValid():
            rows = {self.table.currentIndex().row()}
        return sorted(r for r in rows if r < self.model.row_count)

    def delete_selected(self) -> bool:
        rows = self.selected()
        if not rows or self.model is None:
            return False
        uuids = [str(self.model.key(r)) for r in rows]
        done = self.document.push(DeleteActivities(self.document, self.procedure,
                                                   self.version, uuids, rows))
        if done:
            row = min(rows[0], self.model.rowCount() - 1)
            self.table.setCurrentIndex(self.model.index(row, 0))
        return done

    def insert_row(self) -> bool:
        """A blank row above the current one (Ctrl+Ins)."""
        if self.model is None:
            return False
        rows = self.selected()
        row = rows[0] if rows else self.model.row_count
        before = self.model.row(row) or self.model.row(row - 1)
        blank = ea.blank_activity(unit=before.unit if before is not None else None)
        return self.document.push(InsertActivities(self.document, self.procedure,
                                                   self.version, row, [blank]))

    def move_selected(self, step: int) -> bool:
        """Move the selected rows one place up (-1) or down (+1)."""
        rows = self.selected()
        if not rows or self.model is None:
            return False
        target = rows[0] - 1 if step < 0 else rows[-1] + 2
        if target < 0 or target > self.model.row_count:
            return False
        return self.move_rows([str(self.model.key(r)) for r in rows], target)

    def move_rows(self, uuids: list[str], target: int) -> bool:
        assert self.model is not None
        order = [str(self.model.key(r)) for r in range(self.model.row_count)]
        new = ea.moved_order(order, uuids, target)
        if list(new) == order:
            return False
        first = order.index(uuids[0]) + 1
        count = len(uuids)
        return self.document.push(ReorderActivities(
            self.document, self.procedure, self.version, new, uuids,
            lambda: ngettext("Move activity {row}", "Move {n} activities", count).format(
                row=first, n=count)))

    def copy(self) -> None:
        if self.model is None:
            return
        rows = [self.model.row(r) for r in self.selected()]
        QApplication.clipboard().setText(rows_to_tsv([r for r in rows if r is not None]))
        self.notice.emit(ngettext("{n} activity copied", "{n} activities copied",
                                  len(rows)).format(n=len(rows)))

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
        if single and current.isValid() and not self.model.is_placeholder(current.row()):
            delegate = self.table.itemDelegate()
            editor = delegate.editors.get(current.column()) \
                if isinstance(delegate, CellDelegate) else None
            if editor is not None:
                try:
                    value = editor.parse(text.strip())
                except ValueError as error:
                    self.notice.emit(str(error))
                    return False
                return self.model.setData(current, value)
        rows = self.selected()
        at = rows[-1] + 1 if rows else self.model.row_count
        unit_row = self.model.row(rows[-1]) if rows else self.model.row(self.model.row_count - 1)
        try:
            activities = tsv_to_rows(text, self.entity,
                                     default_unit=unit_row.unit if unit_row else None)
        except InputError as error:
            lines = [_("Row {row}, {column}: {message}").format(
                row=p.location.row, column=p.location.column or "—", message=p.message)
                for p in error.problems]
            dialogs.error(self, _("Paste activities"),
                          _("Nothing was pasted: some cells cannot be read."), "\n".join(lines))
            return False
        if not activities:
            return False
        return self.document.push(InsertActivities(
            self.document, self.procedure, self.version, at, activities,
            lambda: ngettext("Paste {n} activity", "Paste {n} activities",
                             len(activities)).format(n=len(activities))))

    # ---- Selection and figures ------------------------------------------------------

    def select_rows(self, rows: Sequence[int]) -> None:
        if self.model is None:
            return
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = (QItemSelectionModel.SelectionFlag.Select
                 | QItemSelectionModel.SelectionFlag.Rows)
        for row in rows:
            selection.select(self.model.index(row, 0), flags)
        if rows:
            self.table.setCurrentIndex(self.model.index(rows[0], self.table.currentIndex()
                                                        .column() if self.table.currentIndex()
                                                        .isValid() else 0))
            selection.select(self.model.index(rows[0], 0), flags)
            self.table.scrollTo(self.model.index(rows[0], 0))

    def select_uuids(self, uuids: Sequence[str]) -> None:
        """Select the rows an edit touched (after an undo, a paste) unless typing."""
        if self.model is None or self.table.state() == QAbstractItemView.State.EditingState:
            return
        rows = [r for r in (self.model.row_of(u) for u in uuids) if r >= 0]
        if rows and sorted(rows) != self.selected():
            self.select_rows(sorted(rows))

    def _selection_changed(self) -> None:
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

