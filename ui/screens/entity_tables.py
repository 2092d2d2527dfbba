"""The tables of the municipality settings: units, positions, resources (with their
driver values and TUPA factors per unit), days off and the UIT/RMV by year.

Each is a `RowsModel` whose edits become undo commands (ui/undo/entities.py); typing a
code on the last row adds an item. Costs per minute are the engine's
(`procedures.metrics.cost_per_minute`), shown, never computed here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.codes import RESOURCE_ELEMENTS, CostElement
from procedures import snapshots as s
from procedures.cells import parse_choice, parse_money, parse_unit
from procedures.durations import parse_minutes, parse_number
from procedures.errors import DomainError
from procedures.formatting import money, smart_number
from procedures.i18n import N_, _
from procedures.metrics import cost_per_minute
from procedures.services.entities import why_not_delete_item
from procedures.vocabulary import label
from ui.delegates.cells import CellDelegate, CellEditor
from ui.document import Document
from ui.icons import icon
from ui.item_models.rows import Column, RowsModel
from ui.screens.activity_table import SpreadsheetTable
from ui.undo.entities import (
    AddItem,
    DeleteItem,
    SetAllocation,
    SetItemField,
)

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
#: Column widths by kind of table (the name stretches); headers widen them if needed.
#: Column titles (msgids), also the field names of the undo texts.
HEADERS: dict[str, str] = {
    "code": N_("Code"),
    "name": N_("Name"),
    "other_tupa_minutes": N_("Other TUPA minutes a year"),
    "unit": N_("Unit"),
    "annual_cost": N_("Annual cost"),
    "per_minute": N_("Per minute"),
    "element": N_("Cost element"),
    "unit_cost": N_("Unit cost"),
    "quantity": N_("Qty."),
    "acquisition_cost": N_("Purchase"),
    "rate": N_("Rate"),
    "driver": N_("Driver"),
}


def title(key: str) -> str:
    """The column title of `key` in the current language."""
    return _(HEADERS[key])

WIDTHS: dict[str, dict[str, int]] = {
    "unit": {"code": 80, "other_tupa_minutes": 190},
    "position": {"code": 80, "unit": 80, "annual_cost": 120, "per_minute": 100},
    "resource": {"code": 80, "element": 170, "unit_cost": 100, "annual_cost": 110,
                 "quantity": 60, "acquisition_cost": 100, "rate": 65, "driver": 100},
}


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError(_("this field cannot be empty"))
    return value.strip()


def _optional(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    return lambda text: parse(text) if text.strip() else None


def _ratio(text: str) -> Decimal | None:
    """'80 %', '0.8' -> 0.8; empty -> None."""
    if not text.strip():
        return None
    value = parse_number(text.replace("%", ""))
    if "%" in text or value > 1:
        value = value / 100
    if not 0 <= value <= 1:
        raise ValueError(_("a factor goes from 0 % to 100 %"))
    return value


def _pct(value: Decimal | None) -> str:
    return "" if value is None else f"{smart_number(value * 100, 2)} %"


def _opt_money(value: Decimal | None) -> str:
    return "" if value is None else money(value)


class ItemTable(QWidget):
    """A table of units, positions or resources of one municipality."""

    def __init__(self, document: Document, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document, self.kind = document, kind
        self.entity: s.Entity | None = None
        self.table = SpreadsheetTable(self)
        self.table.setObjectName(f"{kind}_table")
        self.model: RowsModel[Any] = RowsModel(self.columns(), key=lambda item: item.uid,
                                               on_edit=self._edit, on_append=self._append,
                                               parent=self)
        self.model.read_only = bool(document.read_only)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        widths = WIDTHS[kind]
        self.table.fit_columns({n: widths[c.key] for n, c in enumerate(self.model.columns)
                                if c.key in widths})
        self.delegate = CellDelegate({}, self.table)
        self.table.setItemDelegate(self.delegate)
        remove = QPushButton(icon("delete-row"), _("Delete the selected one"), self)
        remove.clicked.connect(self.delete_selected)
        self.remove = remove
        self.table.selectionModel().currentChanged.connect(
            lambda *_args: self.explain_remove())
        self.hint = QLabel(_("Type a code on the last row to add one."), self)
        self.hint.setObjectName("hint")
        row = QHBoxLayout()
        row.addWidget(self.hint, 1)
        row.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)

    def columns(self) -> list[Column[Any]]:
        code: Column[Any] = Column("code", title("code"), lambda i: i.code, editable=True,
                                   placeholder=_("New code…"))
        name: Column[Any] = Column("name", title("name"), lambda i: i.name, editable=True)
        if self.kind == "unit":
            return [code, name, Column(
                "other_tupa_minutes", title("other_tupa_minutes"),
                lambda u: smart_number(u.other_tupa_minutes), editable=True, align=RIGHT,
                header_tooltip=_("Yearly minutes of this unit's TUPA procedures that are not "
                                 "mapped yet; they share the unit's allocated costs"))]
        if self.kind == "position":
            return [code, name,
                    Column("unit", title("unit"), lambda p: p.unit or "", editable=True),
                    Column("annual_cost", title("annual_cost"), lambda p: money(p.annual_cost),
                           edit=lambda p: money(p.annual_cost, symbol=False), editable=True,
                           align=RIGHT, header_tooltip=_("Salary and charges of a year")),
                    Column("per_minute", title("per_minute"), self._per_minute, align=RIGHT,
                           header_tooltip=_("Computed by the costing methodology from the "
                                            "annual cost and the working hours"))]
        return [code, name,
                Column("element", title("element"), lambda r: label(r.element), editable=True),
                Column("unit_cost", title("unit_cost"), lambda r: _opt_money(r.unit_cost),
                       edit=lambda r: "" if r.unit_cost is None else str(r.unit_cost),
                       editable=True, align=RIGHT),
                Column("annual_cost", title("annual_cost"), lambda r: _opt_money(r.annual_cost),
                       edit=lambda r: "" if r.annual_cost is None else str(r.annual_cost),
                       editable=True, align=RIGHT),
                Column("quantity", title("quantity"), lambda r: "" if r.quantity is None
                       else smart_number(r.quantity), editable=True, align=RIGHT),
                Column("acquisition_cost", title("acquisition_cost"), lambda r: _opt_money(
                    r.acquisition_cost), edit=lambda r: "" if r.acquisition_cost is None
                    else str(r.acquisition_cost), editable=True, align=RIGHT),
                Column("rate", title("rate"), lambda r: _pct(r.rate), editable=True, align=RIGHT),
                Column("driver", title("driver"), lambda r: r.driver, editable=True)]

    def _per_minute(self, position: s.Position) -> str:
        if self.entity is None:
            return ""
        return money(cost_per_minute(position, self.entity.settings))

    def show_entity(self, entity: s.Entity) -> None:
        self.entity = entity
        units = {u.code: u.name for u in entity.units}
        parsers: dict[str, CellEditor] = {
            "code": CellEditor(_text), "name": CellEditor(_text),
            "other_tupa_minutes": CellEditor(parse_minutes),
            "unit": CellEditor(lambda t: parse_unit(t, units) if t.strip() else None,
                               lambda: [f"{c} · {n}" for c, n in units.items()]),
            "annual_cost": CellEditor(_optional(parse_money) if self.kind == "resource"
                                      else parse_money),
            "element": CellEditor(lambda t: parse_choice(CostElement, t),
                                  lambda: [label(e) for e in RESOURCE_ELEMENTS]),
            "unit_cost": CellEditor(_optional(parse_number)),
            "quantity": CellEditor(_optional(parse_number)),
            "acquisition_cost": CellEditor(_optional(parse_money)),
            "rate": CellEditor(_ratio),
            "driver": CellEditor(str.strip),
        }
        self.delegate.editors = {n: parsers[c.key] for n, c in enumerate(self.model.columns)
                                 if c.key in parsers}
        items = {"unit": entity.units, "position": entity.positions,
                 "resource": entity.resources}[self.kind]
        self.model.set_rows(items)
        self.explain_remove()

    def _edit(self, uuid: Any, key: str, value: Any) -> bool:
        assert self.entity is not None
        item = self.model.row(self.model.row_of(uuid))
        if item is None:
            return False  # the row went away while it was being edited
        return self.document.push(SetItemField(self.document, self.entity.ubigeo, self.kind,
                                               str(uuid), item.code, key, value,
                                               lambda: title(key).lower(), item.revision))

    def _append(self, key: str, value: Any) -> bool:
        assert self.entity is not None
        if key != "code":
            return False
        code = str(value)
        item: Any
        if self.kind == "unit":
            item = s.Unit(code=code, name=code)
        elif self.kind == "position":
            item = s.Position(code=code, name=code, unit=None, annual_cost=Decimal(0))
        else:
            item = s.Resource(code=code, name=code, element=CostElement.MATERIAL_FUNGIBLE,
                              unit_cost=Decimal(0))
        row = self.model.row_count
        done = self.document.push(AddItem(self.document, self.entity.ubigeo, self.kind, item))
        if done:
            self.table.follow_append(row, 0)
        return done

    def selected_uuid(self) -> str:
        index = self.table.currentIndex()
        key = self.model.key(index.row()) if index.isValid() else None
        return str(key) if key else ""

    def explain_remove(self) -> None:
        """Delete enabled, or disabled with why (nothing chosen, still in use)."""
        uuid = self.selected_uuid()
        reason = _("Choose a row first.") if not uuid else ""
        if uuid:
            try:
                reason = self.document.read(why_not_delete_item, self.kind, uuid)
            except DomainError as error:
                reason = str(error)
        if self.document.read_only:
            reason = self.document.read_only
        self.remove.setEnabled(not reason)
        self.remove.setToolTip(reason or _("Delete the selected row (Ctrl+Z brings it back)"))

    def delete_selected(self) -> bool:
        uuid = self.selected_uuid()
        if not uuid or self.entity is None:
            return False
        item = self.model.row(self.model.row_of(uuid))
        if item is None:
            return False
        return self.document.push(DeleteItem(self.document, self.entity.ubigeo, self.kind,
                                             uuid, item.code))


@dataclass(frozen=True)
class Allocation:
    unit: str
    name: str
    driver_value: Decimal | None
    tupa_factor: Decimal | None


class AllocationTable(QWidget):
    """Driver values and TUPA factors of one resource, unit by unit."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.entity: s.Entity | None = None
        self.resource: s.Resource | None = None
        self.title = QLabel(self)
        self.title.setObjectName("section")
        self.model: RowsModel[Allocation] = RowsModel([
            Column("unit", _("Unit"), lambda a: f"{a.unit} · {a.name}"),
            Column("driver_value", _("Driver value"), lambda a: "" if a.driver_value is None
                   else smart_number(a.driver_value, 4), editable=True, align=RIGHT),
            Column("tupa_factor", _("TUPA factor"), lambda a: _pct(a.tupa_factor),
                   editable=True, align=RIGHT,
                   header_tooltip=_("Share of the unit's work that is TUPA procedures")),
        ], key=lambda a: a.unit, on_edit=self._edit, parent=self)
        self.table = SpreadsheetTable(self)
        self.table.setObjectName("allocation_table")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.fit_columns({1: 120, 2: 110})
        self.table.setItemDelegate(CellDelegate({1: CellEditor(_optional(parse_number)),
                                                 2: CellEditor(_ratio)}, self.table))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table)

    def show_resource(self, entity: s.Entity, uid: str) -> None:
        self.entity = entity
        self.resource = next((r for r in entity.resources if r.uid == uid), None)
        if self.resource is None:
            self.title.setText(_("Choose a resource to see how it is shared among units."))
            self.model.clear()
            return
        self.title.setText(_("How {name} is shared among the units").format(
            name=self.resource.name))
        drivers, factors = dict(self.resource.driver_values), dict(self.resource.tupa_factor)
        self.model.set_rows([Allocation(u.code, u.name, drivers.get(u.code),
                                        factors.get(u.code)) for u in entity.units])

    def _edit(self, unit: Any, key: str, value: Any) -> bool:
        assert self.entity is not None and self.resource is not None
        return self.document.push(SetAllocation(self.document, self.entity.ubigeo,
                                                self.resource.uid, self.resource.code,
                                                str(unit), key, value,
                                                self.resource.revision))
