"""Which columns of a table are shown: a checkable action per column, in the header's
context menu and in the window's View menu (so the keyboard reaches them too).

The chooser only hides and shows sections of the view; the model keeps every column, so
copying, pasting and typing are the same whatever is shown. The window stores the
visible keys in its settings (`changed`) and hands them back at start (`set_visible`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTableView, QWidget


class ColumnChooser(QObject):
    """Signals:
        changed: (visible keys) after the person showed or hid a column.
    """

    changed = Signal(list)

    def __init__(self, table: QTableView, columns: Sequence[tuple[str, str]],
                 fixed: Iterable[str] = (), hidden: Iterable[str] = (),
                 parent: QObject | None = None) -> None:
        """`columns` are (key, header); `fixed` ones are always shown and not offered."""
        super().__init__(parent)
        self.table = table
        self.keys = [key for key, _header in columns]
        self.fixed = set(fixed)
        hidden = set(hidden)
        self.actions: dict[str, QAction] = {}
        offered = [(key, header) for key, header in columns if key not in self.fixed]
        texts = with_accelerators([header for _key, header in offered])
        for (key, _header), text in zip(offered, texts, strict=True):
            action = QAction(text, self)
            action.setCheckable(True)
            action.setChecked(key not in hidden)
            action.toggled.connect(self._toggled)
            self.actions[key] = action
        header_view = table.horizontalHeader()
        header_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header_view.customContextMenuRequested.connect(self._context_menu)

    def visible(self) -> list[str]:
        return [key for key in self.keys
                if key in self.fixed or self.actions[key].isChecked()]

    def set_visible(self, keys: Iterable[str]) -> None:
        """Show exactly `keys` (and the fixed columns) without emitting `changed`."""
        wanted = set(keys)
        for key, action in self.actions.items():
            action.blockSignals(True)
            action.setChecked(key in wanted)
            action.blockSignals(False)
        self.apply()

    def apply(self) -> None:
        """Hide and show the view's sections (again after the model was replaced)."""
        model = self.table.model()
        if model is None:
            return
        for number in range(model.columnCount()):
            key = getattr(model, "columns", [])[number].key if hasattr(model, "columns") \
                else self.keys[number]
            action = self.actions.get(key)
            self.table.setColumnHidden(number, action is not None and not action.isChecked())

    def fill(self, menu: QMenu) -> QMenu:
        """Put the column actions in `menu` (the View menu, the header's menu)."""
        for action in self.actions.values():
            menu.addAction(action)
        return menu

    def _toggled(self, _checked: bool) -> None:
        self.apply()
        self.changed.emit(self.visible())

    def _context_menu(self, point: QPoint) -> None:
        header = self.table.horizontalHeader()
        menu = self.fill(QMenu(header))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(header.mapToGlobal(point))

    def menu_for(self, parent: QWidget, title: str) -> QMenu:
        return self.fill(QMenu(title, parent))


def with_accelerators(texts: Sequence[str]) -> list[str]:
    """`texts` with a distinct menu accelerator each (the first free letter), so the
    column menu is worked with Alt and a letter in any language."""
    used: set[str] = set()
    out = []
    for text in texts:
        place = next((n for n, ch in enumerate(text)
                      if ch.isalnum() and ch.casefold() not in used), None)
        if place is None:
            out.append(text.replace("&", "&&"))
            continue
        used.add(text[place].casefold())
        out.append(text[:place].replace("&", "&&") + "&" + text[place:].replace("&", "&&"))
    return out
