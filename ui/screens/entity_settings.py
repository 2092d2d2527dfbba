"""The municipality settings dialog: calculation settings, units, positions, resources,
days off and reference values. Every change is an undo step and is saved at once; the
dialog has no Save button, only Close.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.codes import Rounding
from procedures import snapshots as s
from procedures.cells import parse_money
from procedures.durations import parse_minutes, parse_number
from procedures.errors import DomainError
from procedures.formatting import money, smart_number
from procedures.i18n import N_, _
from procedures.logo import read_logo_file
from procedures.services.queries import entity_snapshot
from procedures.vocabulary import label
from ui import dialogs
from ui.document import Change, Document
from ui.field_words import error_text
from ui.screens.entity_calendar import DaysTable, ReferenceTable
from ui.screens.entity_tables import AllocationTable, ItemTable
from ui.screens.form import ChoiceField, LineField, ProblemLabel
from ui.undo.entities import SetEntityField


def _positive(text: str) -> Any:
    value = parse_number(text)
    if value <= 0:
        raise ValueError(_("must be more than 0"))
    return value


def _whole(text: str) -> int:
    if not text.strip().isdigit():
        raise ValueError(_("type a whole number"))
    return int(text)


def _optional_money(text: str) -> Any:
    return parse_money(text) if text.strip() else None


#: (key, label msgid, parser, how to show the stored value)
GENERAL: tuple[tuple[str, str, Any, Any], ...] = (
    ("name", N_("Name"), lambda t: t.strip() or _raise(), str),
    ("year", N_("Year of the costs"), _whole, str),
    ("hours_per_day", N_("Working hours a day"), _positive, smart_number),
    ("days_per_month", N_("Working days a month (costing)"), _positive, smart_number),
    ("minutes_per_working_day", N_("Minutes of a working day (terms)"), _whole, str),
    ("citizen_hour_value", N_("Value of an hour of the citizen (S/)"), parse_money,
     lambda v: money(v, symbol=False)),
    ("travel_minutes", N_("Minutes of a trip to the office"), parse_minutes, smart_number),
    ("travel_fare", N_("Fare of a trip (S/)"), parse_money, lambda v: money(v, symbol=False)),
    ("uit", N_("UIT of the year (S/, empty: the reference table)"), _optional_money,
     lambda v: money(v, symbol=False)),
    ("address", N_("Address"), str.strip, str),
    ("office_hours", N_("Office hours"), str.strip, str),
    ("phone", N_("Phone"), str.strip, str),
    ("email", N_("E-mail"), str.strip, str),
    ("website", N_("Website"), str.strip, str),
)


#: The box of the first page each field goes in (the others: "calculation").
SECTION = {key: "contact" for key in ("name", "address", "office_hours", "phone", "email",
                                      "website")}


def _raise() -> str:
    raise ValueError(_("this field cannot be empty"))


class EntitySettings(QDialog):
    def __init__(self, document: Document, ubigeo: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.ubigeo = ubigeo
        self.setObjectName("entity_settings")
        self.resize(1160, 640)
        self.tabs = QTabWidget(self)
        self.fields: dict[str, Any] = {}
        self.problems = ProblemLabel(self)
        self.tabs.addTab(self._general(), _("General"))
        self.units = ItemTable(document, "unit", self)
        self.positions = ItemTable(document, "position", self)
        self.resources = ItemTable(document, "resource", self)
        self.allocation = AllocationTable(document, self)
        resources = QSplitter(Qt.Orientation.Vertical, self)
        resources.addWidget(self.resources)
        resources.addWidget(self.allocation)
        resources.setSizes([330, 200])
        self.days = DaysTable(document, self)
        self.reference = ReferenceTable(document, self)
        self.tabs.addTab(self.units, _("Units"))
        self.tabs.addTab(self.positions, _("Positions"))
        self.tabs.addTab(resources, _("Resources"))
        self.tabs.addTab(self.days, _("Days off"))
        self.tabs.addTab(self.reference, _("UIT and RMV"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        note = QLabel(_("Changes are saved at once; Ctrl+Z in the main window undoes them."),
                      self)
        note.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problems)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resources.table.selectionModel().currentChanged.connect(
            lambda *_a: self._show_allocation())
        document.changed.connect(self._on_change)
        document.elsewhere.connect(lambda _changed: self.refresh())
        # Refusals of the tables here show here, not in the window behind the dialog.
        document.refused.connect(self._refused)
        for items in (self.units, self.positions, self.resources):
            items.delegate.refused.connect(
                lambda index, message, t=items: self._cell_refused(t, index, message))
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        # The keyboard starts on the first field of the first page.
        super().showEvent(event)
        self.fields["name"].setFocus(Qt.FocusReason.OtherFocusReason)

    def _general(self) -> QWidget:
        """Two boxes side by side: what the figures are computed with, and the
        municipality's own data (what the citizen's guide prints)."""
        page = QWidget(self)
        boxes = {"calculation": QGroupBox(_("Calculation of costs and terms"), page),
                 "contact": QGroupBox(_("The municipality (for the citizen's guide)"), page)}
        forms = {section: QFormLayout(box) for section, box in boxes.items()}
        for key, name, parse, show in GENERAL:
            box = boxes[SECTION.get(key, "calculation")]
            form = forms[SECTION.get(key, "calculation")]
            field = LineField(parse, show, box)
            field.setObjectName(f"entity_{key}")
            field.committed.connect(lambda value, k=key, n=name: self._commit(k, value, n))
            self.problems.watch(field, _(name))
            self.fields[key] = field
            form.addRow(_(name), field)
            if key == "minutes_per_working_day":
                rounding = ChoiceField([(r, label(r)) for r in Rounding], box)
                rounding.setObjectName("entity_rounding")
                rounding.committed.connect(lambda value: self._commit(
                    "rounding", value, N_("Rounding")))
                self.fields["rounding"] = rounding
                form.addRow(_("Rounding"), rounding)
        layout = QHBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(12)
        for section, box in boxes.items():
            column = QVBoxLayout()
            column.addWidget(box)
            if section == "contact":
                column.addWidget(self._logo_box(page))
            column.addStretch(1)
            layout.addLayout(column, 1)
        return page

    def _logo_box(self, parent: QWidget) -> QGroupBox:
        """The logo every report prints in its header: a preview, choose and remove."""
        box = QGroupBox(_("Logo (printed on every report)"), parent)
        self.logo_preview = QLabel(box)
        self.logo_preview.setObjectName("entity_logo_preview")
        self.logo_preview.setFixedSize(180, 72)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setFrameShape(QLabel.Shape.StyledPanel)
        self.logo_choose = QPushButton(_("Choose image…"), box)
        self.logo_choose.setObjectName("entity_logo_choose")
        self.logo_choose.setToolTip(_("A PNG or JPEG file of at most 1 MB"))
        self.logo_choose.clicked.connect(self._choose_logo)
        self.logo_remove = QPushButton(_("Remove logo"), box)
        self.logo_remove.setObjectName("entity_logo_remove")
        self.logo_remove.clicked.connect(lambda: self._commit("logo", None, N_("Logo")))
        for button in (self.logo_choose, self.logo_remove):
            button.setAutoDefault(False)  # Enter in a field commits it, never opens a file
        buttons = QVBoxLayout()
        buttons.addWidget(self.logo_choose)
        buttons.addWidget(self.logo_remove)
        buttons.addStretch(1)
        row = QHBoxLayout(box)
        row.addWidget(self.logo_preview)
        row.addLayout(buttons)
        row.addStretch(1)
        return box

    def _choose_logo(self) -> None:
        path = dialogs.open_file(self, _("Choose the logo"),
                                 _("Images (PNG, JPEG)") + " (*.png *.jpg *.jpeg)")
        if path:
            self.set_logo_file(path)

    def set_logo_file(self, path: str) -> None:
        """Read and check the chosen image; set it (one undo step) or say why not."""
        try:
            data = read_logo_file(path)
        except ValueError as error:
            self.problems.setText(_("Logo: {reason}").format(reason=error))
            return
        self._commit("logo", data, N_("Logo"))

    def _show_logo(self, logo: bytes | None) -> None:
        """The preview, scaled into its box in proportion; "no logo" when none is set."""
        self.logo_remove.setEnabled(logo is not None)
        if logo is None:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(_("No logo: the reports print a plain shield"))
            self.logo_preview.setWordWrap(True)
            return
        pixmap = QPixmap()
        pixmap.loadFromData(logo)
        self.logo_preview.setPixmap(pixmap.scaled(
            self.logo_preview.width() - 8, self.logo_preview.height() - 8,
            Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))

    def reload(self) -> None:
        try:
            entity = self.document.read(entity_snapshot, self.ubigeo)
        except DomainError:
            self.reject()
            return
        self.entity = entity
        self.setWindowTitle(_("Settings of {name}").format(name=entity.name))
        row = self.document.read(lambda session: _contact(session, self.ubigeo))
        values = {"name": entity.name, **_settings(entity.settings), **row}
        for key, value in values.items():
            if key in self.fields:
                self.fields[key].set_value(value)
        self.units.show_entity(entity)
        self.positions.show_entity(entity)
        self.resources.show_entity(entity)
        self._show_allocation()
        self._show_logo(entity.settings.logo)
        self.days.show_entity(self.ubigeo)
        self.reference.reload()

    def _show_allocation(self) -> None:
        self.allocation.show_resource(self.entity, self.resources.selected_uuid())

    def _commit(self, key: str, value: Any, name: str) -> None:
        command = SetEntityField(self.document, self.ubigeo, key, value,
                                 lambda: _(name).lower(),
                                 (self.entity.uid, self.entity.revision))
        if not self.document.push(command):
            self.reload()
            self.problems.setText(error_text(command.last_error))
            return
        self.problems.setText("")

    def refresh(self) -> None:
        """Show what others changed; waits while a field or a cell is being typed."""
        if self.document.closed:
            return
        if not self.isVisible():
            return
        focus = QApplication.focusWidget()
        typing = any(t.table.state() == QAbstractItemView.State.EditingState
                     for t in (self.units, self.positions, self.resources))
        if typing or (focus is not None and any(focus is f for f in self.fields.values())):
            QTimer.singleShot(600, self.refresh)
            return
        self.reload()

    def _on_change(self, change: Change) -> None:
        if change.touches("entity", "reference") and self.isVisible():
            self.problems.setText("")
            self.reload()

    def _refused(self, message: str) -> None:
        if self.isVisible():
            self.problems.setText(message)

    def _cell_refused(self, items: ItemTable, index: QModelIndex, message: str) -> None:
        """A typed text the cell could not read: named by its column and page."""
        if index.isValid():
            column = items.model.columns[index.column()].header
            message = f"{column} ({self.tabs.tabText(self.tabs.currentIndex())}): {message}"
        self.problems.setText(message)


def _settings(settings: s.Settings) -> dict[str, Any]:
    return {key: getattr(settings, key) for key in (
        "year", "hours_per_day", "days_per_month", "minutes_per_working_day", "rounding",
        "citizen_hour_value", "travel_minutes", "travel_fare", "uit")}


def _contact(session: Any, ubigeo: str) -> dict[str, str]:
    row = entity_snapshot(session, ubigeo)
    return {key: getattr(row, key) for key in ("address", "office_hours", "phone", "email",
                                                "website")}
