"""The History view: who changed what, when, from what to what — of one procedure or of a
whole municipality — filtered by words, field, person and dates, with "Revert this
change" as an undoable edit.

It is a window of its own (not modal): the person can keep editing while it is open, and
it reloads after every edit, undo and redo (`Document.changed`).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QItemSelection, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from procedures.i18n import _, ngettext
from procedures.services.history import Change as Entry
from procedures.services.history import changes, why_not_revertible
from ui.document import Change, Document
from ui.field_words import error_text
from ui.item_models.history import (
    CHANGE_ROLE,
    FIELD,
    NEW,
    OLD,
    PROCEDURE,
    WHAT,
    HistoryFilter,
    HistoryModel,
)
from ui.undo.history import RevertChange

#: The first day the date filters offer; shown as "any day" (no limit).
_NO_DAY = QDate(2000, 1, 1)
#: At most this many entries are shown (the newest); the filters work within them. The
#: view reloads after every edit: 5,000 entries read in about 0.25 s (bench in the notes).
LIMIT = 5_000


class HistoryView(QDialog):
    """The changes of municipality `ubigeo`, or of one procedure (`procedure_uuid` and
    its `code`) in it.

    Signals:
        show_requested: (procedure uuid, version uuid, object uuid, kind) a double-click
            on an entry: show where it happened.
    """

    show_requested = Signal(str, str, str, str)

    def __init__(self, document: Document, ubigeo: str, title: str, procedure_uuid: str = "",
                 code: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_view")
        self.document = document
        self.ubigeo, self.procedure_uuid, self.code = ubigeo, procedure_uuid, code
        self._counts = self._message = ""
        self.setWindowTitle(_("History: {title}").format(title=title))
        self.model = HistoryModel(self)
        self.proxy = HistoryFilter(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit(self)
        self.search.setObjectName("history_search")
        self.search.setPlaceholderText(_("Words in any column…"))
        self.search.setClearButtonEnabled(True)
        self.field = QComboBox(self)
        self.field.setObjectName("history_field")
        self.who = QComboBox(self)
        self.who.setObjectName("history_who")
        self.since = self._day_edit("history_since")
        self.until = self._day_edit("history_until")
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(QLabel(_("Field"), self))
        filters.addWidget(self.field, 2)
        filters.addWidget(QLabel(_("Who"), self))
        filters.addWidget(self.who, 1)
        filters.addWidget(QLabel(_("From"), self))
        filters.addWidget(self.since)
        filters.addWidget(QLabel(_("to"), self))
        filters.addWidget(self.until)

        self.table = QTableView(self)
        self.table.setObjectName("history_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # One procedure's history names it in the title; the column would repeat it.
        self.table.setColumnHidden(PROCEDURE, bool(procedure_uuid))

        self.note = QLabel(self)
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        self.revert_button = QPushButton(_("&Revert this change"), self)
        self.revert_button.setObjectName("history_revert")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.revert_button)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.search.textChanged.connect(lambda _t: self._apply_filter())
        self.field.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.who.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.since.dateChanged.connect(lambda _d: self._apply_filter())
        self.until.dateChanged.connect(lambda _d: self._apply_filter())
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.revert_button.clicked.connect(self.revert_current)
        self.table.doubleClicked.connect(lambda _i: self.show_current())
        document.changed.connect(self._on_change)
        self.resize(1180, 560)
        self.reload()

    def _day_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setMinimumDate(_NO_DAY)
        edit.setSpecialValueText(_("any day"))
        edit.setDate(_NO_DAY)
        return edit

    # ---- Loading ----------------------------------------------------------------------

    def reload(self) -> None:
        """Read the history again (keeping the filters and, when it is still there, the
        selected entry)."""
        chosen = self.current()
        found = self.document.read(changes, self.ubigeo, self.code,
                                   procedure_uuid=self.procedure_uuid, limit=LIMIT)
        self.model.set_changes(found)
        self._fill_choices()
        self._apply_filter()
        self._fit_columns()
        if chosen is not None:
            self.select(chosen.id)
        self._selected()

    def _fill_choices(self) -> None:
        """The field and person lists: what the loaded entries name (keeping the choice)."""
        for combo, values, anything in (
            (self.field, sorted({self.model.texts(r)[FIELD] for r in range(self.model.rowCount())}
                                - {""}), _("Any field")),
            (self.who, sorted({c.who for c in self.model.changes()}), _("Anyone")),
        ):
            kept = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(anything, None)
            for value in values:
                combo.addItem(value or "—", value)
            combo.setCurrentIndex(max(combo.findData(kept), 0) if kept is not None else 0)
            combo.blockSignals(False)

    def _fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column, widest in ((WHAT, 320), (FIELD, 200), (OLD, 200), (NEW, 200)):
            if header.sectionSize(column) > widest:
                header.resizeSection(column, widest)

    def _apply_filter(self) -> None:
        self.proxy.set_filter(self.search.text(), self.field.currentData() or "",
                              self.who.currentData(), self._day(self.since),
                              self._day(self.until))
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            self._counts = ngettext("{n} change", "{n} changes", total).format(n=total)
        else:
            self._counts = ngettext("{shown} of {n} change shown",
                                    "{shown} of {n} changes shown", total).format(
                shown=shown, n=total)
        self._show_note()
        self._selected()

    @staticmethod
    def _day(edit: QDateEdit) -> date | None:
        chosen = edit.date()
        if chosen == _NO_DAY:
            return None
        return date(chosen.year(), chosen.month(), chosen.day())

    def set_filter(self, text: str = "", field: str = "", who: str | None = None,
                   since: date | None = None, until: date | None = None) -> None:
        """Set the filter widgets (what a person does by typing and choosing)."""
        self.search.setText(text)
        self.field.setCurrentIndex(max(self.field.findData(field), 0) if field else 0)
        self.who.setCurrentIndex(max(self.who.findData(who), 0) if who is not None else 0)
        self.since.setDate(QDate(since.year, since.month, since.day) if since else _NO_DAY)
        self.until.setDate(QDate(until.year, until.month, until.day) if until else _NO_DAY)

    # ---- Selection and revert -----------------------------------------------------------

    def current(self) -> Entry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        entry = rows[0].data(CHANGE_ROLE)
        return entry if isinstance(entry, Entry) else None

    def select(self, entry_id: int) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            entry = index.data(CHANGE_ROLE)
            if isinstance(entry, Entry) and entry.id == entry_id:
                self.table.selectRow(row)
                self.table.scrollTo(index)
                return True
        return False

    def _selected(self, *_args: QItemSelection) -> None:
        entry = self.current()
        reason = why_not_revertible(entry) if entry is not None else _(
            "Choose a change to revert it.")
        self.revert_button.setEnabled(not reason)
        self.revert_button.setToolTip(reason or _(
            "Put the value before this change back (Ctrl+Z undoes it)"))
        if entry is not None:  # say beside the button why it cannot be used
            self._message = reason
            self._show_note()

    def revert_current(self) -> bool:
        """Revert the selected change (one undo step); False with the reason when refused."""
        entry = self.current()
        if entry is None or why_not_revertible(entry):
            return False
        command = RevertChange(self.document, entry)
        done = self.document.push(command)
        self._message = _("Reverted; Ctrl+Z undoes it.") if done else _(
            "Not reverted: {reason}").format(reason=error_text(command.last_error))
        self._show_note()
        return done

    def show_current(self) -> bool:
        """Ask the window to show the selected entry's procedure, version and step."""
        entry = self.current()
        if entry is None or not entry.procedure_uuid:
            return False
        self.show_requested.emit(entry.procedure_uuid, entry.version_uuid, entry.object_uuid,
                                 entry.kind)
        return True

    def _show_note(self) -> None:
        self.note.setText(" · ".join(p for p in (self._counts, self._message) if p))

    def _on_change(self, _change: Change) -> None:
        self.reload()

    def retranslate(self) -> None:
        self.model.retranslate()
