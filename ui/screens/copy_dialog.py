"""The Copy dialog: a procedure (or one of its versions) into other municipalities.

The clerk ticks the municipalities, chooses all versions or one, and sees in a table
every unit, position and resource the steps use with its match in each municipality (by
code, else by name); a combo box in the last column maps it to another of that
municipality's items or creates it there. What would be refused (a municipality that has
the procedure already, without "Replace") is said under the table and the Copy button
waits. The dialog writes nothing: `request()` is what the window copies (on the worker,
one undo step).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from procedures.i18n import _, ngettext
from procedures.rules.matching import Item
from procedures.services.copying import CREATE, CopyPlan, CopyTarget, copy_plan
from procedures.services.queries import EntityItem
from ui.document import Document
from ui.item_models.rows import Column, RowsModel

AnyIndex = QModelIndex | QPersistentModelIndex
KIND_WORDS = {"unit": lambda: _("Unit"), "position": lambda: _("Position"),
              "resource": lambda: _("Resource")}
UBIGEO_ROLE = Qt.ItemDataRole.UserRole + 1


_PREFIX = re.compile(r"^Municipalidad (Distrital|Provincial) de ", re.IGNORECASE)


def short_name(name: str) -> str:
    """"Asunción" for "Municipalidad Distrital de Asunción" (a narrow column)."""
    return _PREFIX.sub("", name) or name


@dataclass(frozen=True, slots=True)
class MapRow:
    """One item the steps use, in one target: what it becomes there."""

    ubigeo: str
    entity: str
    kind: str
    code: str
    name: str
    choice: str  # the target's code, or CREATE
    how: str  # "code" | "name" | "" (the automatic match)
    match: str  # the automatic match ("" when none)
    options: tuple[Item, ...]  # the target's items of this kind

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.ubigeo, self.kind, self.code)

    def how_text(self) -> str:
        if self.choice == self.match and self.how:
            return {"code": _("code"), "name": _("name")}[self.how]
        return _("chosen") if self.choice != CREATE else "—"

    def choice_text(self) -> str:
        if self.choice == CREATE:
            return _("Create {code} {name}").format(code=self.code, name=self.name)
        name = next((o.name for o in self.options if o.code == self.choice), "")
        return f"{self.choice} {name}".strip()


@dataclass(frozen=True, slots=True)
class CopyRequest:
    source: str  # procedure uuid
    code: str
    targets: tuple[CopyTarget, ...]
    version: str | None
    replace: bool


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box of the target's items of the row's kind, and "Create…"."""

    def __init__(self, model: RowsModel[MapRow], parent: Any = None) -> None:
        super().__init__(parent)
        self.rows = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: AnyIndex) -> QWidget:
        row = self.rows.row(index.row())
        combo = QComboBox(parent)
        combo.setObjectName("map_choice")
        if row is None:
            return combo
        combo.addItem(_("Create {code} {name}").format(code=row.code, name=row.name), CREATE)
        for item in row.options:
            combo.addItem(f"{item.code} {item.name}", item.code)
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        row = self.rows.row(index.row())
        if isinstance(editor, QComboBox) and row is not None:
            editor.setCurrentIndex(max(editor.findData(row.choice), 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class CopyDialog(QDialog):
    def __init__(self, document: Document, source: str, code: str, name: str,
                 source_ubigeo: str, versions: list[str], entities: list[EntityItem],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("copy_dialog")
        self.setWindowTitle(_("Copy {code} to other municipalities").format(code=code))
        self.document, self.source, self.code = document, source, code
        self.plan: CopyPlan | None = None
        self.choices: dict[tuple[str, str, str], str] = {}
        self._token = 0
        intro = QLabel(_("Copy {code} “{name}” with its steps. Units, positions and "
                         "resources are matched by code or name; choose another match or "
                         "“Create” in the last column. Costs are computed again with each "
                         "municipality's own settings.").format(code=code, name=name), self)
        intro.setWordWrap(True)
        self.version = QComboBox(self)
        self.version.setObjectName("copy_version")
        self.version.addItem(ngettext("All its versions ({n})", "All its versions ({n})",
                                      len(versions)).format(n=len(versions)), None)
        for version in versions:
            self.version.addItem(_("Only the version “{name}”").format(name=version), version)
        self.replace = QCheckBox(_("Replace where it exists"), self)
        self.replace.setObjectName("copy_replace")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Filter municipalities…"))
        self.search.setClearButtonEnabled(True)
        self.entities = QStandardItemModel(self)
        for entity in entities:
            if entity.ubigeo == source_ubigeo:
                continue
            item = QStandardItem(f"{entity.ubigeo} {entity.name}")
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(entity.ubigeo, UBIGEO_ROLE)
            self.entities.appendRow(item)
        self.filtered = QSortFilterProxyModel(self)
        self.filtered.setSourceModel(self.entities)
        self.filtered.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.textChanged.connect(self.filtered.setFilterFixedString)
        self.targets = QListView(self)
        self.targets.setObjectName("copy_targets")
        self.targets.setModel(self.filtered)
        self.all = QPushButton(_("Tick the ones shown"), self)
        self.all.clicked.connect(lambda: self._tick_shown(True))
        self.none = QPushButton(_("Untick all"), self)
        self.none.clicked.connect(lambda: self._tick_shown(False, every=True))
        self.map_model: RowsModel[MapRow] = RowsModel([
            Column("entity", _("Municipality"), lambda r: short_name(r.entity),
                   tooltip=lambda r: f"{r.ubigeo} {r.entity}"),
            Column("kind", _("Kind"), lambda r: KIND_WORDS[r.kind]()),
            Column("item", _("In {code}").format(code=code), lambda r: f"{r.code} {r.name}"),
            Column("how", _("Matched by"), lambda r: r.how_text()),
            Column("choice", _("In the municipality"), lambda r: r.choice_text(),
                   edit=lambda r: r.choice, editable=True,
                   tooltip=lambda r: _("Double-click to choose another match or to create "
                                       "it")),
        ], key=lambda r: r.key, on_edit=self._edit, parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("copy_mapping")
        self.table.setModel(self.map_model)
        self.table.setItemDelegateForColumn(4, ChoiceDelegate(self.map_model, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.SelectedClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 150)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel(self)
        self.note.setObjectName("copy_note")
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.copy_button = self.buttons.addButton(_("Copy"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.copy_button.setObjectName("copy_button")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._layout(intro)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        self.entities.itemChanged.connect(lambda _i: self._timer.start())
        self.version.currentIndexChanged.connect(lambda _i: self._timer.start())
        self.replace.toggled.connect(lambda _c: self._update_note())
        self.resize(1100, 620)
        self._update_note()

    def _layout(self, intro: QLabel) -> None:
        options = QHBoxLayout()
        options.addWidget(QLabel(_("What:"), self))
        options.addWidget(self.version)
        options.addSpacing(16)
        options.addWidget(self.replace)
        options.addStretch(1)
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel(_("Into these municipalities:"), left))
        column.addWidget(self.search)
        column.addWidget(self.targets, 1)
        ticks = QHBoxLayout()
        ticks.addWidget(self.all)
        ticks.addWidget(self.none)
        column.addLayout(ticks)
        right = QWidget(self)
        mapping = QVBoxLayout(right)
        mapping.setContentsMargins(0, 0, 0, 0)
        mapping.addWidget(QLabel(_("Units, positions and resources of the steps:"), right))
        mapping.addWidget(self.table, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([330, 760])
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(options)
        layout.addWidget(split, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)

    # ---- State ------------------------------------------------------------------------

    def chosen(self) -> list[str]:
        found = []
        for row in range(self.entities.rowCount()):
            item = self.entities.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                found.append(str(item.data(UBIGEO_ROLE)))
        return found

    def tick(self, ubigeos: list[str]) -> None:
        """Tick these municipalities (tests; the plan follows)."""
        wanted = set(ubigeos)
        for row in range(self.entities.rowCount()):
            item = self.entities.item(row)
            if item.data(UBIGEO_ROLE) in wanted:
                item.setCheckState(Qt.CheckState.Checked)

    def _tick_shown(self, checked: bool, every: bool = False) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if every:
            rows = [self.entities.item(r) for r in range(self.entities.rowCount())]
        else:
            rows = [self.entities.itemFromIndex(self.filtered.mapToSource(
                self.filtered.index(r, 0))) for r in range(self.filtered.rowCount())]
        self.entities.blockSignals(True)
        for item in rows:
            item.setCheckState(state)
        self.entities.blockSignals(False)
        self.entities.layoutChanged.emit()
        self._timer.start()

    @property
    def version_name(self) -> str | None:
        data = self.version.currentData()
        return str(data) if data else None

    def refresh(self) -> None:
        """Work out the matches of the ticked municipalities (on the worker)."""
        self._token += 1
        token, chosen, version = self._token, self.chosen(), self.version_name
        if not chosen:
            self._deliver(token, None)
            return
        database, source = self.document.database, self.source

        def work(_progress: Any) -> CopyPlan:  # worker thread
            with database.session() as session:
                return copy_plan(session, source, chosen, version)

        self.document.tasks.run(work, on_done=lambda plan: self._deliver(token, plan),
                                owner=self)

    @property
    def pending(self) -> bool:
        return self._timer.isActive() or self._token != getattr(self, "_delivered", -1)

    def _deliver(self, token: int, plan: CopyPlan | None) -> None:
        if token != self._token:
            return
        self._delivered = token
        self.plan = plan
        rows = []
        for target in plan.targets if plan else ():
            for need in target.needs:
                key = (target.ubigeo, need.kind, need.code)
                choice = self.choices.get(key, need.match or CREATE)
                rows.append(MapRow(target.ubigeo, target.name, need.kind, need.code,
                                   need.name, choice, need.how, need.match,
                                   tuple(o for o in target.choices if o.kind == need.kind)))
        rows.sort(key=lambda r: (r.choice != CREATE, r.ubigeo, r.kind, r.code))
        self.map_model.set_rows(rows)
        self._update_note()

    def _edit(self, key: Any, column: str, value: Any) -> bool:
        if column != "choice":
            return False
        row = self.map_model.row(self.map_model.row_of(key))
        if row is None:
            return False
        self.choices[key] = str(value or CREATE)
        self.map_model.set_rows([replace(r, choice=self.choices[key]) if r.key == key else r
                                 for r in self.map_model.rows])
        self._update_note()
        return True

    def clashes(self) -> list[str]:
        if self.plan is None:
            return []
        version = self.version_name
        return [t.name for t in self.plan.targets
                if (t.existing and version is None) or t.version_exists]

    def _update_note(self) -> None:
        chosen = len(self.chosen())
        created = sum(1 for r in self.map_model.rows if r.choice == CREATE)
        clashes = self.clashes()
        lines = []
        if not chosen:
            lines.append(_("Tick the municipalities to copy into."))
        else:
            lines.append(ngettext("{n} municipality ticked", "{n} municipalities ticked",
                                  chosen).format(n=chosen) + " · " + ngettext(
                "{n} item will be created", "{n} items will be created", created).format(
                    n=created))
        if clashes and not self.replace.isChecked():
            lines.append(ngettext(
                "{names} already has {code}: tick “Replace where it exists” or untick it.",
                "{names} already have {code}: tick “Replace where it exists” or untick "
                "them.", len(clashes)).format(names=", ".join(clashes[:5]) + (
                    "…" if len(clashes) > 5 else ""), code=self.code))
        elif clashes:
            lines.append(ngettext("{n} municipality has it: it will be replaced (Ctrl+Z "
                                  "brings it back).",
                                  "{n} municipalities have it: it will be replaced (Ctrl+Z "
                                  "brings it back).", len(clashes)).format(n=len(clashes)))
        self.note.setText("\n".join(lines))
        ready = bool(chosen) and self.plan is not None and not self.pending and (
            not clashes or self.replace.isChecked())
        self.copy_button.setEnabled(ready)

    def request(self) -> CopyRequest:
        targets = []
        for ubigeo in self.chosen():
            mapping: dict[str, dict[str, str]] = {}
            for row in self.map_model.rows:
                if row.ubigeo == ubigeo:
                    mapping.setdefault(row.kind, {})[row.code] = row.choice
            targets.append(CopyTarget(ubigeo, mapping))
        return CopyRequest(self.source, self.code, tuple(targets), self.version_name,
                           self.replace.isChecked())
