"""The days off (with a calendar) and the UIT/RMV by year, in the municipality settings.

Every change is an undo command (ui/undo/entities.py); national holidays are known by
the business-day calendar and are not listed here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from procedures import snapshots as s
from procedures.cells import parse_money
from procedures.formatting import money, short_date
from procedures.i18n import _
from procedures.rules.reference import new_year_values
from procedures.services.queries import DayItem, entity_days
from procedures.services.reference import reference_table
from ui.delegates.cells import CellDelegate, CellEditor
from ui.document import Document
from ui.icons import icon
from ui.item_models.rows import Column, RowsModel
from ui.screens.activity_table import SpreadsheetTable
from ui.undo.entities import AddDay, DeleteDay, RenameDay, SetReference

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class DaysTable(QWidget):
    """Days off of the municipality: a calendar to pick them and their list."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.ubigeo = ""
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        # Qt's size hint ignores the style sheet's table borders and cut the last week
        # off: give the calendar the height its month table and navigation bar ask for.
        month = self.calendar.findChild(QTableView)
        bar = self.calendar.findChild(QWidget, "qt_calendar_navigationbar")
        if month is not None and bar is not None:
            self.calendar.setMinimumHeight(month.sizeHint().height()
                                           + bar.sizeHint().height())
        self.calendar.activated.connect(self._toggle)
        self.model: RowsModel[DayItem] = RowsModel([
            Column("day", _("Date"), lambda d: short_date(d.day)),
            Column("name", _("Why"), lambda d: d.name, editable=True),
        ], key=lambda d: d.uuid, on_edit=self._rename, parent=self)
        self.table = SpreadsheetTable(self)
        self.table.setObjectName("days_table")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.fit_columns()
        self.table.setItemDelegate(CellDelegate({1: CellEditor(str.strip)}, self.table))
        add = QPushButton(icon("add-row"), _("Day off on the chosen date"), self)
        add.clicked.connect(lambda: self._toggle(self.calendar.selectedDate()))
        remove = QPushButton(icon("delete-row"), _("Delete the selected day"), self)
        remove.clicked.connect(self.delete_selected)
        hint = QLabel(_("National holidays are known already. Add the days the public sector "
                        "or the municipality does not work (double-click a date)."), self)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(self.calendar)
        left.addWidget(hint)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(left)
        layout.addLayout(right, 1)

    def show_entity(self, ubigeo: str) -> None:
        self.ubigeo = ubigeo
        days = self.document.read(entity_days, ubigeo)
        self.model.set_rows(days)
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())
        marked = QTextCharFormat()
        marked.setForeground(QColor("#b03a2e"))
        marked.setFontWeight(700)
        for day in days:
            self.calendar.setDateTextFormat(QDate(day.day.year, day.day.month, day.day.day),
                                            marked)

    def _toggle(self, when: QDate) -> None:
        day = date(when.year(), when.month(), when.day())
        existing = next((d for d in self.model.rows if d.day == day), None)
        if existing is not None:
            self.document.push(DeleteDay(self.document, self.ubigeo, existing.uuid, day))
        else:
            self.document.push(AddDay(self.document, self.ubigeo, day, _("Day off")))

    def _rename(self, uuid: Any, key: str, value: Any) -> bool:
        return self.document.push(RenameDay(self.document, self.ubigeo, str(uuid), value))

    def delete_selected(self) -> bool:
        index = self.table.currentIndex()
        day = self.model.row(index.row()) if index.isValid() else None
        if day is None:
            return False
        return self.document.push(DeleteDay(self.document, self.ubigeo, day.uuid, day.day))


class ReferenceTable(QWidget):
    """UIT and RMV by year (for every municipality of the database)."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model: RowsModel[s.ReferenceValues] = RowsModel([
            # Only the new-year row takes a year; an existing year is deleted, not renamed.
            Column("year", _("Year"), lambda r: str(r.year), editable=lambda r: False,
                   placeholder=_("New year…")),
            Column("uit", _("UIT"), lambda r: money(r.uit), edit=lambda r: str(r.uit),
                   editable=True, align=RIGHT),
            Column("rmv", _("RMV (minimum wage)"), lambda r: money(r.rmv),
                   edit=lambda r: str(r.rmv), editable=True, align=RIGHT),
        ], key=lambda r: r.year, on_edit=self._edit, on_append=self._append, parent=self)
        self.table = SpreadsheetTable(self)
        self.table.setObjectName("reference_table")
        self.table.setModel(self.model)
        self.table.setItemDelegate(CellDelegate({0: CellEditor(_year),
                                                 1: CellEditor(parse_money),
                                                 2: CellEditor(parse_money)}, self.table))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.fit_columns({0: 90, 1: 130})
        hint = QLabel(_("The UIT of the settings' year measures the fee (fee above one UIT "
                        "needs the MEF's authorisation)."), self)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)

    def reload(self) -> None:
        self.model.set_rows(self.document.read(reference_table))

    def _edit(self, year: Any, key: str, value: Any) -> bool:
        row = self.model.row(self.model.row_of(year))
        if key == "year" or row is None:
            return False
        uit = value if key == "uit" else row.uit
        rmv = value if key == "rmv" else row.rmv
        return self.document.push(SetReference(self.document, int(year), uit, rmv))

    def _append(self, key: str, value: Any) -> bool:
        if key != "year":
            return False
        uit, rmv = new_year_values(self.model.rows)
        return self.document.push(SetReference(self.document, int(value), uit, rmv))


def _year(text: str) -> int:
    if not text.strip().isdigit() or not 1990 <= int(text) <= 2100:
        raise ValueError(_("a year between 1990 and 2100"))
    return int(text)
