"""Files the app writes get the user's normal permissions (the umask), not mkstemp's 0600."""

from __future__ import annotations

import os
from pathlib import Path


def current_umask() -> int:
    """The process's umask (read by setting it and putting it back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def make_shareable(path: str | Path) -> None:
    """Give a temporary file from `tempfile.mkstemp` the mode a plain `open` would give,
    so that a PDF or an export is readable by whoever may read the user's other files."""
    os.chmod(path, 0o666 & ~current_umask())
