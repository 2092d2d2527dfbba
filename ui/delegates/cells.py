"""Cell editors that check what is typed before anything is stored.

Each editable column may have a `CellEditor`: a parser from text to value (the same
parsers as pasted rows use: `procedures.durations`, `editing_tabular`) and, for
choices, the options offered while typing. The editor turns red with the message as soon
as the text cannot be read ("validation as you type") and, when it can, its tooltip says
how it was read ("20" → 20 %); Enter or Tab on an invalid text is refused at the cell
(the editor stays open and the message shows there). Only a value that parses reaches
`model.setData`, and the service may still refuse it (a rule across fields): then the
editor opens again on the cell with the text typed, so nothing typed is lost. Leaving
the cell with a refused text puts the old value back, and the next edit of that cell
starts from the text typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QMenu,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from procedures.i18n import _

AnyIndex = QModelIndex | QPersistentModelIndex
INVALID_STYLE = "QLineEdit { border: 1px solid #b03a2e; background: #fdf2f0; }"


@dataclass(frozen=True)
class CellEditor:
    """How a column is typed: `parse(text) -> value` raises ValueError with a message."""

    parse: Callable[[str], Any]
    choices: Callable[[], Sequence[str]] | None = None
    #: Tooltips of the choices, by position (e.g. what each ASME symbol means).
    hints: Callable[[], Sequence[str]] | None = None
    #: How a parsed value is shown back ("20" typed reads as "20 %"), while typing.
    shown: Callable[[Any], str] | None = None


class CheckedLineEdit(QLineEdit):
    """A line edit that knows whether its text parses (and shows why not).

    Signals:
        finished: (hint) Enter, Tab or Shift+Tab was pressed on a text that parses.
        fill: Ctrl+Enter was pressed on a text that parses (into every selected row).
        invalid: (message) Enter or Tab was pressed on a text that does not.
    """

    finished = Signal(QAbstractItemDelegate.EndEditHint)
    fill = Signal()
    invalid = Signal(str)
    #: By key code: `QKeyEvent.key()` is an int.
    _KEYS: ClassVar[dict[int, QAbstractItemDelegate.EndEditHint]] = {
             Qt.Key.Key_Return: QAbstractItemDelegate.EndEditHint.SubmitModelCache,
             Qt.Key.Key_Enter: QAbstractItemDelegate.EndEditHint.SubmitModelCache,
             Qt.Key.Key_Tab: QAbstractItemDelegate.EndEditHint.EditNextItem,
             Qt.Key.Key_Backtab: QAbstractItemDelegate.EndEditHint.EditPreviousItem}

    def __init__(self, editor: CellEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.setFrame(False)
        self.textEdited.connect(self._check)
        if editor.choices is not None:
            # Typing is enough (a unique beginning or a word is read); F4 or Alt+↓ shows
            # the list. No completer popup: popups steal keys from the cell.
            self.setToolTip(_("Type one of: {options}  (F4 shows the list)").format(
                options=", ".join(editor.choices())))

    original = ""

    def problem(self) -> str | None:
        """The message for the current text, or None when it parses (or is unchanged)."""
        if self.text() == self.original:
            return None
        try:
            self.editor.parse(self.text())
        except ValueError as error:
            return str(error)
        return None

    def _check(self) -> None:
        message = self.problem()
        self.setStyleSheet(INVALID_STYLE if message else "")
        self.setToolTip(message or self.reading())

    def reading(self) -> str:
        """How the text is read ("read as 20 %"), for the columns that say it."""
        if self.editor.shown is None or not self.text().strip():
            return ""
        try:
            value = self.editor.parse(self.text())
        except ValueError:
            return ""
        return _("Read as: {value}").format(value=self.editor.shown(value))

    def event(self, event: QEvent) -> bool:
        # Enter and Tab end the edit here (not in Qt's delegate filter), so a refused
        # text keeps the editor open and an accepted one is stored after it closes.
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                    event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                message = self.problem()
                if message:
                    self.invalid.emit(message)
                else:
                    self.fill.emit()
                return True
            hint = self._KEYS.get(event.key())
            if hint is not None and not event.modifiers() & (
                    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
                message = self.problem()
                if message:
                    self.invalid.emit(message)
                else:
                    self.finished.emit(hint)
                return True
        return super().event(event)

    def show_choices(self) -> None:
        """A menu of the options under the cell; choosing one writes it in."""
        if self.editor.choices is None:
            return
        menu = QMenu(self)
        for option in self.editor.choices():
            menu.addAction(option, partial(self._choose, option))
        menu.popup(self.mapToGlobal(QPoint(0, self.height())))

    def _choose(self, text: str) -> None:
        self.setText(text)
        self._check()
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = event.key() == Qt.Key.Key_Down and \
            event.modifiers() & Qt.KeyboardModifier.AltModifier
        if event.key() == Qt.Key.Key_F4 or alt_down:
            self.show_choices()
            return
        super().keyPressEvent(event)


class CellDelegate(QStyledItemDelegate):
    """Editors for the columns that have a `CellEditor` (by column number).

    The delegate's parent must be the view. Signals:
        refused: (index, message) a typed text could not be read; nothing was stored.
        edited: (row, column, hint) an edit ended with Enter/Tab; the view moves on.
        fill_requested: (column, value) Ctrl+Enter: the value into every selected row.
    """

    refused = Signal(QModelIndex, str)
    edited = Signal(int, int, QAbstractItemDelegate.EndEditHint)
    fill_requested = Signal(int, object)

    def __init__(self, editors: dict[int, CellEditor], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editors = editors
        #: Texts typed and not stored, with the value the cell had then, by (row,
        #: column): the next editor there starts from the text while the cell still
        #: holds that value.
        self.drafts: dict[tuple[int, int], tuple[str, str | None]] = {}
        #: Set when the refusal being handled was of a row someone else changed
        #: meanwhile: the cell now shows the fresh value, and the next editor there still
        #: starts from the text typed (the clerk decides whether it replaces the new one).
        self.keep_draft = False

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: AnyIndex) -> QWidget:
        editor = self.editors.get(index.column())
        if editor is None:
            return super().createEditor(parent, option, index)
        widget = CheckedLineEdit(editor, parent)
        widget.setProperty("cell_row", index.row())
        widget.setProperty("cell_column", index.column())
        widget.finished.connect(lambda hint, w=widget: self._finish(w, hint))
        widget.fill.connect(lambda w=widget: self._fill(w))
        widget.invalid.connect(lambda message, w=widget: self._refuse(w, None, message))
        return widget

    def _finish(self, editor: CheckedLineEdit, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """Close the editor, then store the value, then say where typing goes on.

        Storing after closing matters: a value typed on the "new row" inserts a row,
        which would move an open editor's cell under it.
        """
        row, column = editor.property("cell_row"), editor.property("cell_column")
        text = editor.text()
        changed = text != editor.original
        value = editor.editor.parse(text) if changed else None
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        view = self.parent()
        model = view.model() if isinstance(view, QAbstractItemView) else None
        if changed and model is not None and isinstance(view, QAbstractItemView) and \
                not model.setData(model.index(row, column), value, Qt.ItemDataRole.EditRole):
            # Refused by a rule (the window says why): open the cell again on the text.
            self._draft(row, column, text, editor.original)
            QTimer.singleShot(0, lambda: self._reopen(view, row, column))
            return
        self.edited.emit(row, column, hint)

    def _reopen(self, view: QAbstractItemView, row: int, column: int) -> None:
        model = view.model()
        if model is None or (row, column) not in self.drafts:
            return
        index = model.index(row, column)
        if index.isValid():
            view.setCurrentIndex(index)
            view.edit(index)
    def _fill(self, editor: CheckedLineEdit) -> None:
        """Close the editor, then ask for its value in every selected row."""
        column = editor.property("cell_column")
        value = editor.editor.parse(editor.text())
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        self.fill_requested.emit(column, value)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, CheckedLineEdit):
            value = index.data(Qt.ItemDataRole.EditRole)
            editor.original = "" if value is None else str(value)
            kept = self.drafts.pop((index.row(), index.column()), None)
            draft = kept[0] if kept is not None and kept[1] in (editor.original, None) \
                else None
            editor.setText(editor.original if draft is None else draft)
            if draft is not None:  # typed before and not stored: say so at the cell
                editor.setStyleSheet(INVALID_STYLE)
                editor.setToolTip(editor.problem() or _(
                    "This text was not stored; change it, or press Esc to keep the value "
                    "the cell had."))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if not isinstance(editor, CheckedLineEdit):
            super().setModelData(editor, model, index)
            return
        if editor.text() == editor.original:
            return  # unchanged: no undo step, no write
        try:
            value = editor.editor.parse(editor.text())
        except ValueError as error:
            self.drafts[(index.row(), index.column())] = (editor.text(), editor.original)
            self._refuse(editor, index, str(error))
            return
        if not model.setData(index, value, Qt.ItemDataRole.EditRole):
            self._draft(index.row(), index.column(), editor.text(), editor.original)

    def _draft(self, row: int, column: int, text: str, original: str) -> None:
        """Keep a refused text for the next editor of the cell (whatever the cell holds
        then, when it was refused because the row changed meanwhile)."""
        self.drafts[(row, column)] = (text, None if self.keep_draft else original)
        self.keep_draft = False

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if isinstance(editor, CheckedLineEdit) and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) and event.key() in CheckedLineEdit._KEYS:
            return False  # the editor ends the edit itself (see CheckedLineEdit.event)
        if isinstance(editor, CheckedLineEdit) and event.type() == QEvent.Type.FocusOut \
                and editor.problem():
            if QApplication.activePopupWidget() is not None:
                return False  # the list of options is open
            if isinstance(event, QFocusEvent) and event.reason() in (
                    Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason):
                return True  # a tooltip or another window: the cell keeps its text
            message = editor.problem() or ""
            row, column = editor.property("cell_row"), editor.property("cell_column")
            if isinstance(row, int) and isinstance(column, int):
                self.drafts[(row, column)] = (editor.text(), editor.original)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
            self._refuse(editor, None, message)
            return True
        return super().eventFilter(editor, event)

    def _refuse(self, editor: CheckedLineEdit, index: AnyIndex | None, message: str) -> None:
        editor.setStyleSheet(INVALID_STYLE)
        editor.setToolTip(message)
        if editor.isVisible():
            QToolTip.showText(editor.mapToGlobal(QPoint(0, editor.height())), message, editor)
        row, column = editor.property("cell_row"), editor.property("cell_column")
        # The signal carries a plain QModelIndex; `sibling` gives one for a persistent index.
        model_index = index.sibling(index.row(), index.column()) if index is not None \
            else QModelIndex()
        if index is None and isinstance(row, int) and isinstance(column, int):
            parent = editor.parent()
            view = parent.parent() if parent is not None else None
            if isinstance(view, QAbstractItemView) and view.model() is not None:
                model_index = view.model().index(row, column)
        self.refused.emit(model_index, message)
