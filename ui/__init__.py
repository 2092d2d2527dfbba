"""The Qt window (PySide6): item models and views, undo commands, background tasks."""
