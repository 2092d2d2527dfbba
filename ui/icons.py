"""Icons by logical name: `icon("undo")` -> resources/icons/undo.svg.

All icons share one drawing style (24 px grid, 1.75 px round strokes, slate with a teal
accent). An unknown name is a programming error and fails loudly in tests.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QDir
from PySide6.QtGui import QIcon

from procedures.resources import resource_path

ICON_DIR = resource_path("icons")
QDir.addSearchPath("icons", str(ICON_DIR))


def names() -> tuple[str, ...]:
    return tuple(sorted(path.stem for path in ICON_DIR.glob("*.svg")))


@cache
def icon(name: str) -> QIcon:
    path = ICON_DIR / f"{name}.svg"
    if not path.exists():
        raise KeyError(f"no icon named {name!r} in {ICON_DIR}")
    return QIcon(f"icons:{name}.svg")
