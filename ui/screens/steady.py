"""Labels whose text changes on every edit without laying the window out again.

A new text makes a QLabel ask its layout for room (`updateGeometry`), and each layout
asks its parent's, up to the main window: after an edit, the footer's and the status
bar's new figures laid out every tab, the splitter and the window, and repainted most of
it (≈ 5–10 ms of an edit whose figures are otherwise painted in 2). Qt asks nothing of a
widget whose size is fixed, nor of the parent of one that has no layout; so:

- `SteadyLine` holds a word-wrapped label in a box without a layout, of a fixed height:
  a new text is laid out inside the box, and the box asks for a new height only when
  the text needs one (a line more or less);
- `set_steady_text` gives a label in a bar a fixed size that grows with its text and
  shrinks only when it has a good deal of room to spare (figures that change by a digit
  do not move the bar's other widgets).
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

#: Pixels a fixed-size label keeps to spare before it shrinks to its text.
SLACK = 24


class SteadyLine(QWidget):
    """A box holding `label` (word-wrapped), as tall as its text needs at its width."""

    def __init__(self, label: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        label.setParent(self)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._fit()

    def text(self) -> str:
        return self.label.text()

    def setText(self, text: str) -> None:  # QLabel's name for it
        if text != self.label.text():
            self.label.setText(text)  # this box has no layout: nothing above moves
            self._fit()

    def setToolTip(self, tip: str) -> None:
        if tip != self.label.toolTip():
            self.label.setToolTip(tip)

    def toolTip(self) -> str:
        return self.label.toolTip()

    def sizeHint(self) -> QSize:
        return QSize(self.label.sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self._height())

    def _height(self) -> int:
        width = self.width()
        if self.label.wordWrap() and width > 0:
            height = self.label.heightForWidth(width)
            if height >= 0:
                return height
        return self.label.sizeHint().height()

    def _fit(self) -> None:
        height = self._height()
        if self.minimumHeight() != height or self.maximumHeight() != height:
            self.setFixedHeight(height)  # one new layout, when the height changes
        self.label.setGeometry(0, 0, self.width(), height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()


def set_steady_text(label: QLabel, text: str) -> None:
    """Show `text` in `label` (a one-line figure in a bar) without laying the bar out
    again unless the text needs more room, or leaves a good deal to spare."""
    if text == label.text():
        return
    label.setText(text)
    fit_steadily(label)


#: The label's width beyond its text's (margins, the style's padding), in pixels.
_EXTRA = "steady_extra"


def fit_steadily(label: QLabel) -> None:
    """Fix `label`'s size to its text's (after a new text or font), keeping the size it
    has while the text fits with less than `SLACK` pixels to spare.

    A fixed-size label's `sizeHint` is never below its size, so the width its text
    needs is measured with its font, plus what its natural size had beyond the text."""
    extra = label.property(_EXTRA)
    if extra is None or label.minimumSize() != label.maximumSize():
        natural = label.sizeHint()  # not fixed yet: its own size
        label.setProperty(_EXTRA, natural.width() - _advance(label))
        label.setFixedSize(natural)
        return
    needed = _advance(label) + int(extra)
    width = label.maximumWidth()
    if needed <= width <= needed + SLACK:
        return
    label.setFixedSize(needed, label.maximumHeight())


def _advance(label: QLabel) -> int:
    """The text's width as QLabel measures it for its size hint."""
    return label.fontMetrics().boundingRect(0, 0, 2000, 2000, int(label.alignment()),
                                            label.text()).width()
