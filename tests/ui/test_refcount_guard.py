"""The window survives many Qt calls that return nothing (ui/refcount_guard.py).

Each process below makes far more such calls than None, True or False hold references
at start; on an interpreter and shiboken6 that lose one reference a call, Python would
abort with "deallocating None" / "deallocating True or False" without the guard.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: More than None, True or False hold references in a fresh window process (≈ 5,000 measured).
COUNT = 200_000

CALLS = """
import sys
{guard}
from PySide6.QtCore import QObject, QRectF, Signal
from PySide6.QtWidgets import QApplication, QGraphicsScene

class Sender(QObject):
    changed = Signal(int)

app = QApplication([])
scene = QGraphicsScene()
item = scene.addRect(QRectF(0, 0, 1, 1))
sender = Sender()
for n in range({calls}):
    item.setZValue(0.5)  # returns nothing
    sender.changed.emit(n)  # returns a bool
print("done")
"""


def _no_core_file() -> None:
    """In the child: an abort leaves no core file behind (POSIX)."""
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _run(guard: str, folder: Path) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", CALLS.format(guard=guard, calls=COUNT)],
                          cwd=folder, env=environment, capture_output=True, text=True,
                          timeout=120,
                          preexec_fn=_no_core_file if os.name == "posix" else None)


def test_many_calls_that_return_nothing_do_not_abort_the_window(tmp_path: Path) -> None:
    result = _run("import ui", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "done"


def test_the_guard_is_needed_exactly_where_it_acts(tmp_path: Path) -> None:
    from ui import refcount_guard

    result = _run("", tmp_path)
    if refcount_guard.affected():
        assert result.returncode != 0 and "dealloc" in result.stderr
        assert sys.getrefcount(None) > refcount_guard.HEADROOM > COUNT
    else:
        assert result.returncode == 0, result.stderr
