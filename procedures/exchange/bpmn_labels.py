"""Task boxes of a BPMN export sized so that bpmn.io (and Camunda Modeler, built on it)
show the whole name, clear of the task's type icon.

bpmn.io draws a task's name inside the box: 12 px Arial, lines 1.2 × 12 px apart,
wrapped at the box's width less 7 px of padding each side, and centred vertically; the
icon of a user, manual or service task sits in the top-left corner (about 32 × 30 px).
A 120 × 56 box holds three short lines at most, so long names ran over the icon and out
of the box. Here the box is made wide enough for few lines and high enough that the
centred block starts below the icon band (and so ends above an equal band at the
bottom). Helvetica's metrics are Arial's (ReportLab carries them; no font file needed).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.lib.utils import simpleSplit

FONT = "Helvetica"
FONT_SIZE = 12.0
LINE_HEIGHT = FONT_SIZE * 1.2
PADDING = 7.0
#: The type icon's corner: bpmn.io draws it within 32 × 30 px of the top-left.
ICON_BAND = 30.0
TASK_WIDTH = 170.0
MIN_TASK_HEIGHT = 80.0  # bpmn.io's own default task size is 100 × 80
#: Beyond this many lines a name is a paragraph; the box stops growing (the full text
#: is in the task's documentation too).
MAX_LINES = 8


def name_lines(name: str, width: float = TASK_WIDTH) -> list[str]:
    """The lines bpmn.io breaks `name` into inside a box `width` wide."""
    return simpleSplit(name, FONT, FONT_SIZE, width - 2 * PADDING) or [""]


@dataclass(frozen=True, slots=True)
class TaskSize:
    width: float
    height: float


def task_size(names: Iterable[str]) -> TaskSize:
    """One box size for every task of a diagram (the lanes stay aligned): as tall as
    the longest name needs to sit whole between the icon band and its mirror below."""
    lines = max((len(name_lines(name)) for name in names), default=1)
    lines = min(lines, MAX_LINES)
    needed = math.ceil(2 * ICON_BAND + lines * LINE_HEIGHT)  # whole pixels in the file
    return TaskSize(TASK_WIDTH, max(MIN_TASK_HEIGHT, needed))


def label_bounds(x: float, y: float, width: float, height: float,
                 name: str) -> tuple[float, float, float, float]:
    """Where the name's text block lies inside the task (x, y, width, height), as
    written in the shape's BPMNLabel for tools that place labels by it."""
    block = len(name_lines(name, width)) * LINE_HEIGHT
    top = y + max(ICON_BAND, (height - block) / 2)
    return x + PADDING, top, width - 2 * PADDING, min(block, height - (top - y) - PADDING)
