"""The left panel: search box and the province → municipality → procedure tree.

Typing filters at once (in memory, see `NavigatorModel`); Enter or a click opens a
procedure; Down from the search box goes to the tree.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QMenu, QTreeView, QVBoxLayout, QWidget

from procedures.i18n import _, ngettext
from procedures.services.queries import (
    entity_procedures,
    navigator_entities,
    procedure_index,
)
from ui.document import Change, Document
from ui.icons import icon
from ui.item_models.navigator import ID_ROLE, KIND_ROLE, NavigatorModel


class SearchBox(QLineEdit):
    """Down moves into the tree; Escape clears the search."""

    down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class Navigator(QWidget):
    """Signals:
        procedure_chosen: (procedure uuid).
        entity_chosen: (ubigeo) a municipality was selected.
        history_requested: ("entity" | "procedure", ubigeo | procedure uuid) its History
            view was asked for (the context menu).
        benchmark_requested: (province code) compare the open procedure there.
    """

    procedure_chosen = Signal(str)
    entity_chosen = Signal(str)
    history_requested = Signal(str, str)
    benchmark_requested = Signal(str)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.search = SearchBox(self)
        self.search.setObjectName("search")
        # Short enough to read whole in the panel's width; the tooltip says the rest.
        self.search.setPlaceholderText(_("Procedure or municipality…"))
        self.search.setToolTip(_("Search a procedure or a municipality (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.model = NavigatorModel(
            lambda entity_id: document.read(entity_procedures, entity_id),
            lambda: document.read(procedure_index), self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("navigator")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setExpandsOnDoubleClick(True)
        self.count = QLabel(self)
        self.count.setObjectName("hint")
        # Wrapped, so that a longer hint never widens the panel.
        self.count.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 10, 4, 6)
        layout.setSpacing(6)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.count)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._open_first)
        self.search.down.connect(self._into_tree)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        #: The open procedure's "PA-07 Certificado…", or "" (the menu names it).
        self.open_procedure_name = ""
        self.tree.activated.connect(self._activated)
        self.tree.clicked.connect(self._activated)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        document.changed.connect(self._on_change)

    def load(self) -> None:
        self.model.set_entities(self.document.read(navigator_entities))
        self._after_reset()

    def _apply_filter(self) -> None:
        self.model.set_filter(self.search.text())
        self._after_reset()

    def filter_now(self, text: str) -> None:
        """Filter without waiting for the typing pause (tests, Ctrl+F with text)."""
        self.search.setText(text)
        self._timer.stop()
        self._apply_filter()

    def _after_reset(self) -> None:
        if self.model.filter_text.strip():
            shown = 0
            for p in range(self.model.rowCount()):
                province = self.model.index(p, 0)
                self.tree.expand(province)
                for e in range(self.model.rowCount(province)):
                    shown += 1
                    entity = self.model.index(e, 0, province)
                    # Procedures found by name are loaded already: show them.
                    if not self.model.canFetchMore(entity) and self.model.rowCount(entity):
                        self.tree.expand(entity)
            self.count.setText(ngettext("{n} municipality matches", "{n} municipalities match",
                                        shown).format(n=shown) if shown
                               else _("Nothing matches. Try fewer letters."))
        else:
            for row in range(self.model.rowCount()):
                self.tree.expand(self.model.index(row, 0))
            entities = sum(self.model.rowCount(self.model.index(p, 0))
                           for p in range(self.model.rowCount()))
            self.count.setText(ngettext("{n} municipality", "{n} municipalities",
                                        entities).format(n=entities) if entities else
                               _("No municipalities yet: import a package (Ctrl+I) or "
                                 "load the demo data (File menu)."))

    def _into_tree(self) -> None:
        self.tree.setFocus()
        if not self.tree.currentIndex().isValid() and self.model.rowCount():
            self.tree.setCurrentIndex(self.model.index(0, 0))

    def _open_first(self) -> None:
        """Enter in the search box opens the first procedure found (right after typing
        too: the filter waiting for a typing pause is applied first)."""
        if self._timer.isActive() or self.model.filter_text != self.search.text():
            self._timer.stop()
            self._apply_filter()
        for p in range(self.model.rowCount()):
            province = self.model.index(p, 0)
            for e in range(self.model.rowCount(province)):
                entity = self.model.index(e, 0, province)
                if self.model.rowCount(entity):
                    self._activated(self.model.index(0, 0, entity))
                    return

    def _activated(self, index: QModelIndex) -> None:
        kind = index.data(KIND_ROLE)
        if kind == "procedure":
            self.procedure_chosen.emit(index.data(ID_ROLE))
        elif kind == "entity":
            self.entity_chosen.emit(index.data(ID_ROLE))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entity = self.model.entity_at(current)
        if entity is not None:
            self.entity_chosen.emit(entity.ubigeo)

    def history_menu(self, index: QModelIndex) -> QMenu | None:
        """The context menu of a municipality or a procedure: its history."""
        kind = index.data(KIND_ROLE)
        if kind not in ("entity", "procedure"):
            return None
        menu = QMenu(self)
        text = _("History of the municipality…") if kind == "entity" else _(
            "History of the procedure…")
        key = str(index.data(ID_ROLE))
        menu.addAction(text).triggered.connect(
            lambda _c=False: self.history_requested.emit(kind, key))
        return menu
    def current_kind(self) -> str:
        """"entity", "procedure" or "province": what the current row of the tree is."""
        return str(self.tree.currentIndex().data(KIND_ROLE) or "")

    def province_menu(self, code: str) -> QMenu:
        """The menu of a province row: compare the open procedure across it."""
        menu = QMenu(self)
        if self.open_procedure_name:
            text = _("Benchmark {procedure} in this province").format(
                procedure=self.open_procedure_name)
        else:
            text = _("Benchmark a procedure in this province (open one first)")
        action = menu.addAction(text)
        action.setEnabled(bool(self.open_procedure_name))
        action.triggered.connect(lambda _c=False: self.benchmark_requested.emit(code))
        return menu

    def _context_menu(self, point: QPoint) -> None:
        """A province's menu compares a procedure across it; a municipality's or a
        procedure's shows its history."""
        index = self.tree.indexAt(point)
        code = self.model.province_code_at(index)
        menu = self.province_menu(code) if code else self.history_menu(index)
        if menu is not None:
            menu.exec(self.tree.viewport().mapToGlobal(point))
            menu.deleteLater()

    def current_province(self) -> str:
        """The code of the province row selected (0601), or ""."""
        return self.model.province_code_at(self.tree.currentIndex())

    def current_ubigeo(self) -> str:
        entity = self.model.entity_at(self.tree.currentIndex())
        return entity.ubigeo if entity else ""

    def reveal(self, ubigeo: str, uuid: str) -> None:
        """Select the open procedure in the tree (expanding its municipality)."""
        index = self.model.procedure_index(ubigeo, uuid)
        if not index.isValid():
            return
        self.tree.expand(index.parent().parent())
        self.tree.expand(index.parent())
        self.tree.selectionModel().blockSignals(True)
        self.tree.setCurrentIndex(index)
        self.tree.selectionModel().blockSignals(False)
        self.tree.scrollTo(index)

    def _on_change(self, change: Change) -> None:
        if change.touches("procedures"):
            expanded = self._expanded()
            self.model.invalidate(self.document.read(navigator_entities))
            self._after_reset()
            for ubigeo in expanded:
                self.tree.expand(self.model.entity_index(ubigeo))

    def refresh(self) -> None:
        """Show what others changed (new, renamed or deleted procedures, municipalities),
        keeping what is expanded and the current item; nothing moves when nothing did."""
        entities = self.document.read(navigator_entities)
        loaded = {entity: procedures for entity, procedures in self.model.loaded().items()
                  if procedures is not None}
        same = tuple(entities) == tuple(self.model.entities()) and all(
            tuple(self.document.read(entity_procedures, entity)) == tuple(procedures)
            for entity, procedures in loaded.items())
        if same:
            return
        current = self.tree.currentIndex()
        kind, key = current.data(KIND_ROLE), current.data(ID_ROLE)
        expanded = self._expanded()
        self.model.invalidate(entities)
        self._after_reset()
        for ubigeo in expanded:
            self.tree.expand(self.model.entity_index(ubigeo))
        if kind == "procedure":
            entity = self.model.entity_at(current) if current.isValid() else None
            found = self.model.procedure_index(entity.ubigeo, key) if entity else None
            if found is not None and found.isValid():
                self.tree.selectionModel().blockSignals(True)
                self.tree.setCurrentIndex(found)
                self.tree.selectionModel().blockSignals(False)
        elif kind == "entity":
            found = self.model.entity_index(key)
            if found.isValid():
                self.tree.selectionModel().blockSignals(True)
                self.tree.setCurrentIndex(found)
                self.tree.selectionModel().blockSignals(False)

    def _expanded(self) -> list[str]:
        found = []
        for p in range(self.model.rowCount()):
            province = self.model.index(p, 0)
            for e in range(self.model.rowCount(province)):
                index = self.model.index(e, 0, province)
                if self.tree.isExpanded(index):
                    found.append(index.data(ID_ROLE))
        return found
