"""The Qt window (PySide6): item models and views, undo commands, background tasks."""

from ui import refcount_guard as _refcount_guard  # noqa: F401  # before any Qt call
