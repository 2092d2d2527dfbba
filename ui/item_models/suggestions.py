"""A checkable list of the engine's simplification suggestions (title + measured effect)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from procedures.formatting import money, signed
from procedures.i18n import _, ngettext
from procedures.rules.suggestions import Suggestion

AnyIndex = QModelIndex | QPersistentModelIndex


def effect_text(suggestion: Suggestion) -> str:
    """'−2 business days · −S/ 1,200.00 a year for the municipality · −1 visit'."""
    effect = suggestion.effect
    parts = []
    if effect.business_days:
        parts.append(ngettext("{n} business day", "{n} business days",
                              abs(effect.business_days)).format(n=signed(effect.business_days)))
    if effect.lead_time_minutes and not effect.business_days:
        parts.append(_("{n} min of lead time").format(n=signed(effect.lead_time_minutes)))
    if effect.entity_cost_yearly:
        sign = "−" if effect.entity_cost_yearly < 0 else "+"
        parts.append(_("{sign}{amount} a year for the municipality").format(
            sign=sign, amount=money(abs(effect.entity_cost_yearly))))
    if effect.citizen_cost_yearly:
        sign = "−" if effect.citizen_cost_yearly < 0 else "+"
        parts.append(_("{sign}{amount} a year for the citizens").format(
            sign=sign, amount=money(abs(effect.citizen_cost_yearly))))
    if effect.citizen_visits:
        visits = abs(effect.citizen_visits)
        parts.append(ngettext("{n} visit", "{n} visits", int(visits) if visits == int(visits)
                              else 2).format(n=signed(effect.citizen_visits, 2)))
    if effect.activities:
        parts.append(ngettext("{n} activity", "{n} activities", abs(effect.activities)).format(
            n=signed(effect.activities)))
    return " · ".join(parts) or _("no measurable change; it simplifies the rules")


class SuggestionsModel(QAbstractListModel):
    """Suggestions with a check box each; `chosen()` lists the checked keys."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[Suggestion] = []
        self._checked: set[str] = set()

    def set_suggestions(self, items: Sequence[Suggestion]) -> None:
        self.beginResetModel()
        self._items = list(items)
        keys = {item.key for item in self._items}
        self._checked &= keys
        self.endResetModel()

    def chosen(self) -> list[Suggestion]:
        return [item for item in self._items if item.key in self._checked]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{item.title}\n{effect_text(item)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.reason
        if role == Qt.ItemDataRole.CheckStateRole:
            return (Qt.CheckState.Checked if item.key in self._checked
                    else Qt.CheckState.Unchecked)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        key = self._items[index.row()].key
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._checked.add(key)
        else:
            self._checked.discard(key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True


__all__ = ["SuggestionsModel", "effect_text"]
