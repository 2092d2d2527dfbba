"""A guard against a reference-count bug of shiboken6 6.12 on CPython 3.11.

Measured (`sys.getrefcount` before and after 1,000 calls): with PySide6/shiboken6 6.12.0
on Python 3.11 every call of a Qt method that returns nothing (`setZValue`, `setPen`,
`QWidget.update`, …) takes one reference from `None` that it never gave, and every
`Signal.emit` one from `True` or `False`. After a few thousand such calls Python frees
None or a bool and aborts ("Fatal Python error: none_dealloc" / "bool_dealloc"): a
200-step flowchart drawn a few times was enough. shiboken6 6.11.2 does not do it, and
from Python 3.12 on these objects are immortal, so the lost references do no harm.

On an affected interpreter the three singletons are given a very large count once, at
the first import of `ui`: what CPython 3.12 does for them by design. Nothing else is
touched; on any other version this module does nothing.
"""

from __future__ import annotations

import ctypes
import sys

#: Added to each singleton's count: far more than any session can lose (one a call).
HEADROOM = 1 << 40


def affected() -> bool:
    """Whether this interpreter and this shiboken6 lose references of the singletons."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    try:
        from shiboken6 import __version_info__ as version
    except ImportError:
        return False
    return tuple(version[:2]) >= (6, 12)


def guard() -> None:
    """Give None, True and False the headroom, once per process."""
    if getattr(sys, "_tramite_refcount_guard", False) or not affected():
        return
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every CPython object (a Py_ssize_t).
        count = ctypes.c_ssize_t.from_address(id(singleton))
        count.value += HEADROOM
    sys._tramite_refcount_guard = True  # type: ignore[attr-defined]  # once per process


guard()
