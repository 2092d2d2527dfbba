"""The *Requisitos* tab: the requirements list, with prohibited ones flagged inline.

Whether a requirement may be demanded is the engine's call (`prohibited_reason`); the
tab only shows it. Type on the last row to add one; Delete removes; Alt+↑/↓ move.

A proposal edits the procedure's list (shared with the versions that do not change it)
until it is given its own: a copy to simplify. "Use the procedure's list again" drops
the copy. Both are undo steps.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.codes import RequirementKind, VersionKind
from procedures import snapshots as s
from procedures.cells import parse_choice, parse_money
from procedures.errors import ChangedMeanwhile, NotFoundError
from procedures.formatting import money
from procedures.i18n import _
from procedures.rules.prohibited import prohibited_reason as _engine_reason
from procedures.services import procedures as ep
from procedures.services.queries import procedure_header
from procedures.vocabulary import label
from ui.delegates.cells import CellDelegate, CellEditor
from ui.document import Change, Document
from ui.icons import icon
from ui.item_models.rows import Column, RowsModel
from ui.screens.activity_table import SpreadsheetTable
from ui.screens.elided import ElidedLabel
from ui.undo.procedures import (
    AddRequirement,
    DeleteRequirement,
    ReorderRequirements,
    SetRequirementField,
)
from ui.undo.versions import SetOwnRequirements

RED = QColor("#b03a2e")


@lru_cache(maxsize=1024)
def prohibited_reason(name: str) -> str | None:
    """The engine's verdict, remembered: `data()` asks on every paint."""
    return _engine_reason(name)


def _name(text: str) -> str:
    if not text.strip():
        raise ValueError(_("write the requirement"))
    return text.strip()


def requirement_columns() -> list[Column[s.Requirement]]:
    def allowed(q: s.Requirement) -> str:
        return _("No") if prohibited_reason(q.name) else _("Yes")

    return [
        Column("name", _("Requirement"), lambda q: q.name, editable=True,
               placeholder=_("Type here to add a requirement…"),
               foreground=lambda q: RED if prohibited_reason(q.name) else None),
        Column("kind", _("Kind"), lambda q: label(q.kind), editable=True),
        Column("cost", _("Cost to the citizen"), lambda q: money(q.cost),
               edit=lambda q: money(q.cost, symbol=False), editable=True,
               align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
        Column("legal_basis", _("Legal basis"), lambda q: q.legal_basis, editable=True),
        Column("allowed", _("May be demanded?"), allowed,
               tooltip=lambda q: prohibited_reason(q.name),
               icon=lambda q: icon("prohibited") if prohibited_reason(q.name) else None,
               foreground=lambda q: RED if prohibited_reason(q.name) else None,
               header_tooltip=_("Checked against the requirements the law forbids "
                                "municipalities to demand")),
    ]


class RequirementsTab(QWidget):
    notice = Signal(str)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.procedure = ""
        self.version = ""
        self.owner: tuple[str, str] = ("", "")
        self.version_name = ""
        self.where = ElidedLabel(self)
        self.where.setObjectName("hint")
        columns = requirement_columns()
        self.model: RowsModel[s.Requirement] = RowsModel(
            columns, key=lambda q: q.uid, on_edit=self._edit, on_append=self._append,
            parent=self)
        self.model.read_only = bool(document.read_only)
        self.table = SpreadsheetTable(self)
        self.table.setObjectName("requirements")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        delegate = CellDelegate({
            0: CellEditor(_name),
            1: CellEditor(lambda t: parse_choice(RequirementKind, t),
                          lambda: [label(k) for k in RequirementKind]),
            2: CellEditor(parse_money),
            3: CellEditor(str.strip),
        }, self.table)
        delegate.refused.connect(lambda _index, message: self.notice.emit(message))
        self.table.setItemDelegate(delegate)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 100), (2, 160), (3, 200), (4, 150)):
            self.table.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
        self.own = QPushButton(self)
        self.own.setObjectName("own_requirements")
        self.own.clicked.connect(self.toggle_own)
        top = QHBoxLayout()
        top.addWidget(self.where, 1)
        top.addWidget(self.own)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        document.changed.connect(self._on_change)

    def show_version(self, procedure: str, version: str) -> None:
        self.procedure, self.version = procedure, version
        self.reload()

    def reload(self) -> None:
        if not self.version:
            self.model.clear()
            return
        try:
            self.owner = self.document.read(ep.requirement_owner, self.version)
        except NotFoundError:
            self.model.clear()  # the version was just deleted; the workspace switches
            return
        own = self.owner[0] == "version"
        self.where.setText(
            _("This proposal has its own list of requirements; the procedure's stays as it "
              "is.") if own
            else _("The list of the procedure, shared by the versions that do not change it."))
        header = self.document.read(procedure_header, self.procedure)
        item = header.version(self.version)
        self.version_name = item.name if item else ""
        self.own.setText(_("Use the procedure's list again") if own
                         else _("Own list for this proposal"))
        self.own.setToolTip(_("Drop this proposal's list: it uses the procedure's again") if own
                            else _("Copy the procedure's list into this proposal, to "
                                   "simplify it without changing the procedure"))
        # The as-is version is the procedure as it stands: its list is the procedure's.
        self.own.setVisible(own or bool(item and item.kind is VersionKind.TO_BE))
        self.model.set_rows(self.document.read(ep.owner_requirements, self.owner))

    def refresh(self) -> None:
        """Show what others changed (waits while a cell is being typed)."""
        if self.document.closed:
            return
        if self.table.state() == QAbstractItemView.State.EditingState:
            QTimer.singleShot(600, self.refresh)
            return
        self.reload()

    def toggle_own(self) -> bool:
        """Give the open proposal its own list, or let it use the procedure's again."""
        if not self.version:
            return False
        own = self.owner[0] != "version"
        return self.document.push(SetOwnRequirements(self.document, self.procedure,
                                                     self.version, self.version_name, own))

    def _on_change(self, change: Change) -> None:
        if change.procedure == self.procedure and change.touches("requirements"):
            self.reload()

    def _edit(self, uuid: Any, key: str, value: Any) -> bool:
        row = self.model.row_of(uuid)
        shown = self.model.row(row)
        command = SetRequirementField(self.document, self.procedure, self.version, str(uuid),
                                      row, key, value, shown.revision if shown else None)
        if self.document.push(command):
            return True
        if isinstance(command.last_error, ChangedMeanwhile):
            self.reload()  # the rows as they are now; the message offers the value again
        return False

    def _append(self, key: str, value: Any) -> bool:
        row = self.model.row_count
        requirement = s.Requirement(name=_("New requirement"))
        if key in ("name", "kind", "cost", "legal_basis"):
            requirement = s.Requirement(**{**_fields(requirement), key: value})
        done = self.document.push(AddRequirement(self.document, self.procedure, self.version,
                                                 self.owner, row, requirement))
        if done:
            self.table.follow_append(row, self.model.column_of(key))
        return done

    def selected(self) -> list[int]:
        rows = {i.row() for i in self.table.selectionModel().selectedIndexes()}
        if not rows and self.table.currentIndex().isValid():
            rows = {self.table.currentIndex().row()}
        return sorted(r for r in rows if r < self.model.row_count)

    def delete_selected(self) -> bool:
        rows = self.selected()
        if not rows:
            return False
        row = rows[0]
        return self.document.push(DeleteRequirement(
            self.document, self.procedure, self.version, str(self.model.key(row)), row))

    def move_selected(self, step: int) -> bool:
        rows = self.selected()
        if len(rows) != 1:
            return False
        row = rows[0]
        order = [str(self.model.key(r)) for r in range(self.model.row_count)]
        target = row + step
        if not 0 <= target < len(order):
            return False
        order.insert(target, order.pop(row))
        done = self.document.push(ReorderRequirements(
            self.document, self.procedure, self.version, self.owner, order, order[target]))
        if done:
            self.table.setCurrentIndex(self.model.index(target, self.table.currentIndex()
                                                        .column()))
        return done


def _fields(requirement: s.Requirement) -> dict[str, Any]:
    return {"name": requirement.name, "kind": requirement.kind, "cost": requirement.cost,
            "legal_basis": requirement.legal_basis}
