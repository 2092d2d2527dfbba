"""Check where a file is to be written before any work is done for it.

An export or a report that would end in "no such folder" after a minute of work is
refused at once, naming the path the person gave (not the temporary file the writers
use to replace the target in one step).
"""

from __future__ import annotations

import os
from pathlib import Path

from procedures.errors import InputError, Location, Problem, ProblemCode
from procedures.i18n import _


def check_destination(path: Path) -> None:
    """Raise `InputError` unless a file can be written at `path`."""
    folder = path.parent if str(path.parent) else Path(".")
    message = None
    if path.is_dir():
        message = _("is a folder; give the name of the file to write")
    elif not folder.exists():
        message = _("the folder {folder} does not exist").format(folder=folder)
    elif not folder.is_dir():
        message = _("{folder} is not a folder").format(folder=folder)
    elif not os.access(folder, os.W_OK | os.X_OK):
        message = _("the folder {folder} cannot be written").format(folder=folder)
    if message:
        raise InputError(Problem(Location(file=str(path)), message, ProblemCode.CANNOT_WRITE))
