"""Fixed blocks laid out once per document and drawn once, then stamped where they repeat.

A booklet of 250 guides prints the same section headings, row labels, the seven things a
municipality may not ask for and the municipality's own address and hours 250 times.
Breaking those lines again for every guide and writing their text operators again on
every page was most of what the booklet cost beyond its bare text. A `Stamp` breaks its
paragraph once per width and draws it once per PDF into a form XObject; every later copy
is a `/Form Do` reference: a few bytes, no layout. The page looks the same (same glyphs
at the same place) and text extraction still finds every word.

Only text that a municipality's procedures share is stamped: labels, headings, fixed
sentences, the entity's own data, its offices and authorities, and the few standard
legal terms of a TUPA with their due dates. A procedure's own words (name, description,
requirements, steps, fee, legal basis) are laid out every time, since in a real TUPA each
procedure has its own. Caches are per document: a shared Paragraph carries its canvas
while it draws, so two reports building in two worker threads must never share one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from itertools import count
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

_names = count(1)
#: Room around a stamp's box: bullets and glyph overhangs must not be clipped by the form.
_BLEED = 40.0
#: The frame's tolerance when it decides whether a flowable fits (reportlab.platypus.frames).
_FUZZ = 1e-6


class _Stamped(Flowable):
    """Something drawn into a form the first time and referenced from then on."""

    def __init__(self) -> None:
        super().__init__()
        self.name = f"tc_s{next(_names)}"
        self.width = self.height = 0.0

    def _paint(self, canvas: Canvas) -> None:
        raise NotImplementedError

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        """Reference the form at (x, y).

        Flowable.drawOn would save the canvas state and translate, both tracked in
        Python; a form cannot change that state, so one `q cm Do Q` is enough (this
        runs a few thousand times in a booklet).
        """
        form = f"{self.name}_{round(self.width * 100)}"
        if not canvas.hasForm(form):
            canvas.beginForm(form, -_BLEED, -_BLEED,  # type: ignore[arg-type]  # stubs: int
                             self.width + _BLEED, self.height + _BLEED)
            self._paint(canvas)
            canvas.endForm()
        # The page's content stream (private, not in the stubs): no public way to add to it.
        code: list[str] = canvas._code  # type: ignore[attr-defined]
        code.append(f"q 1 0 0 1 {fp_str(x, y)} cm")
        canvas.doForm(form)
        code.append("Q")
        # The document marks a flowable it moves to the next page and never unmarks it;
        # a stamp comes back many times, so its mark must end where it is drawn, or its
        # next move would be taken for a second one ("too large on page").
        self.__dict__.pop("_postponed", None)

    def draw(self) -> None:  # for callers that use Flowable.drawOn's protocol
        self.drawOn(self.canv, 0, 0)


class Stamp(_Stamped):
    """A fixed paragraph (or block) drawn once into a form and referenced from then on.

    `make` builds the flowable (again for a split, so that splitting never touches the
    copy that is drawn into the form).
    """

    def __init__(self, make: Callable[[], Flowable]) -> None:
        super().__init__()
        self.make = make
        self.flowable = make()
        self._sizes: dict[float, tuple[float, float]] = {}

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        size = self._sizes.get(available_width)
        if size is None:
            size = self.flowable.wrap(available_width, available_height)
            self._sizes[available_width] = size
        self.width, self.height = size
        return size

    def getSpaceBefore(self) -> float:
        return self.flowable.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.flowable.getSpaceAfter()

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """Split as the plain flowable would (rare: a long fixed text at a page foot)."""
        fresh = self.make()
        fresh.wrap(available_width, available_height)
        return fresh.split(available_width, available_height)

    def _paint(self, canvas: Canvas) -> None:
        self.flowable.wrap(self.width, self.height)
        self.flowable.drawOn(canvas, 0, 0)


class StampStack(_Stamped):
    """Consecutive fixed paragraphs (a whole list) stamped as one form.

    Laid out as the frame would lay out the parts one by one (the larger of one's
    space after and the next one's space before between them), and split into the
    parts that fit and the separate rest, so pages break exactly where they would.
    """

    def __init__(self, parts: Sequence[Stamp]) -> None:
        super().__init__()
        self.parts = list(parts)
        self._tops: list[float] = []

    def _stack(self, available_width: float, parts: Sequence[Stamp]) -> list[float]:
        """Each part's top, measured down from the stack's top; the last entry is the
        stack's height."""
        tops, y = [], 0.0
        for index, part in enumerate(parts):
            if index:
                y += max(parts[index - 1].getSpaceAfter(), part.getSpaceBefore())
            tops.append(y)
            y += part.wrap(available_width, 72000)[1]
        return [*tops, y]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._tops = self._stack(available_width, self.parts)
        self.width, self.height = available_width, self._tops[-1]
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.parts[0].getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.parts[-1].getSpaceAfter()

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        tops = self._stack(available_width, self.parts)
        fit = 0
        while fit < len(self.parts) and (
                tops[fit] + self.parts[fit].height <= available_height + _FUZZ):
            fit += 1
        if fit == 0:
            return []
        head: Flowable = self.parts[0] if fit == 1 else StampStack(self.parts[:fit])
        return [head, *self.parts[fit:]]

    def _paint(self, canvas: Canvas) -> None:
        for part, top in zip(self.parts, self._tops, strict=False):
            part.flowable.wrap(self.width, self.height)
            part.flowable.drawOn(canvas, 0, self.height - top - part.height)


class Stamps:
    """The fixed paragraphs of one document, each made once and stamped where repeated.

    Disabled (a single guide), it returns plain paragraphs: a form used once saves
    nothing.
    """

    def __init__(self, *, enabled: bool = True) -> None:
        self.enabled = enabled
        self._made: dict[tuple[object, ...], Stamp] = {}
        self._stacks: dict[tuple[int, ...], StampStack] = {}

    def para(self, source: str, style: ParagraphStyle, bullet: str | None = None) -> Flowable:
        """A fixed paragraph of `source` markup (user text escaped by the caller)."""
        if not self.enabled:
            return Paragraph(source, style, bulletText=bullet)
        key = (source, id(style), bullet)
        made = self._made.get(key)
        if made is None:
            made = Stamp(lambda: Paragraph(source, style, bulletText=bullet))
            self._made[key] = made
        return made

    def block(self, key: tuple[object, ...], make: Callable[[], Flowable]) -> Flowable:
        """A fixed block (a table of the entity's data) made by `make`, stamped by `key`."""
        if not self.enabled:
            return make()
        made = self._made.get(("block", *key))
        if made is None:
            made = self._made[("block", *key)] = Stamp(make)
        return made

    def stack(self, parts: Sequence[Flowable]) -> list[Flowable]:
        """Consecutive fixed paragraphs from `para` as one stamp (as they are, disabled)."""
        if not self.enabled or len(parts) < 2:
            return list(parts)
        stamps = [part for part in parts if isinstance(part, Stamp)]
        assert len(stamps) == len(parts), "only stamped paragraphs stack"
        key = tuple(id(part) for part in stamps)
        made = self._stacks.get(key)
        if made is None:
            made = self._stacks[key] = StampStack(stamps)
        return [made]


@cache
def derived(style: ParagraphStyle, name: str, **changes: Any) -> ParagraphStyle:
    """A child style made once per parent (styles are cached, so this is too).

    Making a ParagraphStyle per list or per checklist item cost a deep attribute
    copy each time; the derived style is immutable in use, like its parent.
    """
    return ParagraphStyle(f"{style.name}_{name}", parent=style, **changes)


__all__ = ["Stamp", "StampStack", "Stamps", "derived"]
