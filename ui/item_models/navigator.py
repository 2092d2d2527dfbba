"""The navigator tree: province → municipality → procedures, loaded lazily.

Provinces and municipalities (a few hundred rows) are loaded at once; a municipality's
procedures are fetched the first time it is expanded (`canFetchMore`/`fetchMore`), so a
region with 140 municipalities × 250 procedures opens instantly. Searching filters in
memory: the procedure names of the whole database are read once (one query) into a
folded index and every keystroke filters that list, then resets the tree to the matches.

Index scheme: a province's internal id is 0 (its parent is the root); a municipality's
is 1 + its province row; a procedure's is `_PROC_BASE` + its municipality's position in
the flat list. No Python objects are stored in indexes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from models.codes import EntityKind
from procedures.i18n import _, ngettext
from procedures.services.queries import EntityItem, ProcedureItem
from procedures.text import search_key
from ui.icons import icon

AnyIndex = QModelIndex | QPersistentModelIndex
KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "province" | "entity" | "procedure"
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # province name | ubigeo | procedure uuid
_PROC_BASE = 1_000_000


_PREFIXES = ("municipalidad provincial de ", "municipalidad distrital de ",
             "municipalidad del centro poblado de ", "municipalidad de ")


def short_name(entity: EntityItem) -> str:
    """'Municipalidad Distrital de Asunción' -> 'Asunción'; the provincial one says so."""
    name = entity.name
    for prefix in _PREFIXES:
        if name.lower().startswith(prefix):
            name = name[len(prefix):]
            break
    if entity.kind is EntityKind.PROVINCIAL:
        return _("{name} (provincial)").format(name=name)
    return name


@dataclass
class _Province:
    name: str
    entities: list[int] = field(default_factory=list)  # positions in the flat list


class NavigatorModel(QAbstractItemModel):
    """Read-only tree; `load_procedures(entity_id)` and `load_index()` read storage."""

    def __init__(
        self,
        load_procedures: Callable[[int], Sequence[ProcedureItem]],
        load_index: Callable[[], Sequence[ProcedureItem]],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._load_procedures = load_procedures
        self._load_index = load_index
        self._all: list[EntityItem] = []
        self._entities: list[EntityItem] = []
        self._provinces: list[_Province] = []
        self._procedures: dict[int, list[ProcedureItem] | None] = {}
        self._index: list[tuple[str, ProcedureItem]] | None = None
        self._filter = ""

    # ---- Content --------------------------------------------------------------------

    def set_entities(self, entities: Sequence[EntityItem]) -> None:
        """All municipalities (from `editing_queries.navigator_entities`)."""
        self._all = list(entities)
        self._index = None
        self._rebuild()

    def invalidate(self, entities: Sequence[EntityItem]) -> None:
        """Procedures were added, removed or renamed: reload counts and lists."""
        self._all = list(entities)
        self._index = None
        self._rebuild()

    def set_filter(self, text: str) -> None:
        self._filter = text
        self._rebuild()

    @property
    def filter_text(self) -> str:
        return self._filter

    def _rebuild(self) -> None:
        self.beginResetModel()
        words = search_key(self._filter).split()
        self._entities, self._provinces, self._procedures = [], [], {}
        matches: dict[int, list[ProcedureItem]] = {}
        if words:
            if self._index is None:
                self._index = [(search_key(f"{p.code} {p.name}"), p) for p in self._load_index()]
            for text, item in self._index:
                if all(word in text for word in words):
                    matches.setdefault(item.entity_id, []).append(item)
        by_province: dict[str, _Province] = {}
        for entity in self._all:
            place = search_key(f"{entity.ubigeo} {entity.name} {entity.province}")
            whole = not words or all(word in place for word in words)
            if not whole and entity.id not in matches:
                continue
            province = by_province.get(entity.province)
            if province is None:
                province = by_province[entity.province] = _Province(entity.province)
                self._provinces.append(province)
            position = len(self._entities)
            self._entities.append(entity)
            province.entities.append(position)
            self._procedures[position] = None if whole else matches[entity.id]
        self.endResetModel()

    # ---- Look-ups --------------------------------------------------------------------

    def entity_index(self, ubigeo: str) -> QModelIndex:
        for province_row, province in enumerate(self._provinces):
            for row, position in enumerate(province.entities):
                if self._entities[position].ubigeo == ubigeo:
                    return self.createIndex(row, 0, 1 + province_row)
        return QModelIndex()

    def procedure_index(self, ubigeo: str, uuid: str) -> QModelIndex:
        """The procedure's index, fetching its municipality's list if needed."""
        parent = self.entity_index(ubigeo)
        if not parent.isValid():
            return QModelIndex()
        if self.canFetchMore(parent):
            self.fetchMore(parent)
        position = self._position(parent)
        for row, item in enumerate(self._procedures.get(position) or ()):
            if item.uuid == uuid:
                return self.createIndex(row, 0, _PROC_BASE + position)
        return QModelIndex()

    def entity_at(self, index: AnyIndex) -> EntityItem | None:
        if self._kind(index) == "entity":
            return self._entities[self._position(index)]
        if self._kind(index) == "procedure":
            return self._entities[int(index.internalId()) - _PROC_BASE]
        return None

    def province_code_at(self, index: AnyIndex) -> str:
        """The four-digit code of a province row ("" for any other row)."""
        if self._kind(index) != "province":
            return ""
        entities = self._provinces[index.row()].entities
        return self._entities[entities[0]].ubigeo[:4] if entities else ""

    def procedure_at(self, index: AnyIndex) -> ProcedureItem | None:
        if self._kind(index) != "procedure":
            return None
        items = self._procedures.get(int(index.internalId()) - _PROC_BASE) or []
        return items[index.row()] if index.row() < len(items) else None

    def _kind(self, index: AnyIndex) -> str:
        if not index.isValid():
            return ""
        internal = int(index.internalId())
        if internal == 0:
            return "province"
        return "entity" if internal < _PROC_BASE else "procedure"

    def _position(self, index: AnyIndex) -> int:
        """Flat-list position of an entity index."""
        province = self._provinces[int(index.internalId()) - 1]
        return province.entities[index.row()]

    # ---- Qt model API -----------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0 or row >= self.rowCount(parent):
            return QModelIndex()
        kind = self._kind(parent)
        if kind == "":
            return self.createIndex(row, 0, 0)
        if kind == "province":
            return self.createIndex(row, 0, 1 + parent.row())
        if kind == "entity":
            return self.createIndex(row, 0, _PROC_BASE + self._position(parent))
        return QModelIndex()

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, child: AnyIndex, /) -> QModelIndex: ...

    def parent(self, index: AnyIndex | None = None) -> QObject | QModelIndex | None:
        """The parent of `index`; without an index, the QObject parent (as in Qt)."""
        if index is None:
            return super().parent()
        kind = self._kind(index)
        if kind == "entity":
            return self.createIndex(int(index.internalId()) - 1, 0, 0)
        if kind == "procedure":
            position = int(index.internalId()) - _PROC_BASE
            for province_row, province in enumerate(self._provinces):
                if position in province.entities:
                    return self.createIndex(province.entities.index(position), 0,
                                            1 + province_row)
        return QModelIndex()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        kind = self._kind(parent)
        if kind == "":
            return len(self._provinces)
        if kind == "province":
            return len(self._provinces[parent.row()].entities)
        if kind == "entity":
            return len(self._procedures.get(self._position(parent)) or ())
        return 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        kind = self._kind(parent)
        if kind == "entity":
            position = self._position(parent)
            loaded = self._procedures.get(position)
            return bool(loaded) if loaded is not None else self._entities[position].procedures > 0
        return self.rowCount(parent) > 0

    def canFetchMore(self, parent: AnyIndex) -> bool:
        if self._kind(parent) != "entity":
            return False
        position = self._position(parent)
        return self._procedures.get(position) is None and self._entities[position].procedures > 0

    def fetchMore(self, parent: AnyIndex) -> None:
        if not self.canFetchMore(parent):
            return
        position = self._position(parent)
        items = list(self._load_procedures(self._entities[position].id))
        if not items:
            self._procedures[position] = []
            return
        self.beginInsertRows(parent, 0, len(items) - 1)
        self._procedures[position] = items
        self.endInsertRows()

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        kind = self._kind(index)
        if not kind:
            return None
        if kind == "province":
            province = self._provinces[index.row()]
            values = {Qt.ItemDataRole.DisplayRole: _("Province of {name}").format(
                          name=province.name),
                      Qt.ItemDataRole.DecorationRole: icon("province"),
                      KIND_ROLE: kind, ID_ROLE: province.name}
            return values.get(role)
        if kind == "entity":
            entity = self._entities[self._position(index)]
            if role == Qt.ItemDataRole.DisplayRole:
                return short_name(entity)
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("{name}\nUbigeo {ubigeo} · {count}").format(
                    name=entity.name, ubigeo=entity.ubigeo, count=ngettext(
                        "{n} procedure", "{n} procedures", entity.procedures).format(
                            n=entity.procedures))
            return {Qt.ItemDataRole.DecorationRole: icon("municipality"), KIND_ROLE: kind,
                    ID_ROLE: entity.ubigeo}.get(role)
        item = self.procedure_at(index)
        if item is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{item.code} · {item.name}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.code}\n{item.name}"
        return {Qt.ItemDataRole.DecorationRole: icon("procedure"), KIND_ROLE: kind,
                ID_ROLE: item.uuid}.get(role)
