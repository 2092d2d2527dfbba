"""Undo commands: one `QUndoCommand` per user edit, each calling an editing service."""
