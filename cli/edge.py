"""The command line's edge: whatever a command meets, the person reads one worded line.

Errors of the person's input are worded where they arise (`InputError`, exit 2). The
rest arrives here: the operating system's (a folder that does not exist or cannot be
written, a folder given as a file), the database's (read-only, locked, damaged), a pipe
closed by the reader (`metrics --json | head -1`), lack of memory. Each becomes one line
on stderr and exit 2; anything else is a fault of the program: one line naming the log
file, exit 1. The traceback goes to the log file only. No line shows a password.
"""

from __future__ import annotations

import io
import logging
import os
import sys
from typing import TextIO

from procedures.i18n import _
from procedures.logfile import mask_secrets

log = logging.getLogger("tramite.cli")

EXIT_BAD_INPUT = 2
EXIT_FAULT = 1


class MaskingStream(io.TextIOBase):
    """A text stream that hides passwords in everything written to it."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return self.stream.write(mask_secrets(text))

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        """The wrapped stream's: progress bars are drawn on a terminal only (without
        this, no command ever drew one)."""
        return self.stream.isatty()


def say(err: TextIO, line: str) -> None:
    """Print one line on stderr, even when stderr itself is gone."""
    try:
        print(mask_secrets(line), file=err)
        err.flush()
    except (OSError, ValueError):
        pass


def failure(error: BaseException, out: TextIO, err: TextIO, log_path: str) -> int:
    """Word `error` on `err`; the exit code."""
    log.error("%s", _kind(error), exc_info=error)
    if isinstance(error, BrokenPipeError) or (
            isinstance(error, OSError) and error.errno == 32):
        _silence(out)
        say(err, _("the output was closed before everything was written (broken pipe)"))
        return EXIT_BAD_INPUT
    database = database_reason(error)
    if database is not None:
        say(err, _("the database refused the operation: {reason}").format(reason=database))
        return EXIT_BAD_INPUT
    if isinstance(error, OSError):
        say(err, os_reason(error))
        return EXIT_BAD_INPUT
    if isinstance(error, MemoryError):
        say(err, _("there is not enough memory to finish; nothing was written"))
        return EXIT_BAD_INPUT
    if log_path:
        say(err, _("unexpected error ({kind}); nothing was written. The details are in "
                   "{path}").format(kind=_kind(error), path=log_path))
    else:
        say(err, _("unexpected error ({kind}): {message}; nothing was written").format(
            kind=_kind(error), message=str(error)[:300]))
    return EXIT_FAULT


def os_reason(error: OSError) -> str:
    """'/tmp/missing/out.json: No such file or directory'."""
    reason = error.strerror or str(error) or type(error).__name__
    if isinstance(error, IsADirectoryError):
        reason = _("is a folder, not a file")
    elif isinstance(error, NotADirectoryError):
        reason = _("a part of the path is a file, not a folder")
    elif isinstance(error, FileNotFoundError):
        reason = _("the folder or file does not exist")
    elif isinstance(error, PermissionError):
        reason = _("permission denied (the folder or file cannot be written or read)")
    name = error.filename if error.filename is not None else ""
    return f"{name}: {reason}" if name else reason


def database_reason(error: BaseException) -> str | None:
    """Why the database refused, in words; None when `error` is not the database's."""
    try:
        from sqlalchemy.exc import SQLAlchemyError
    except ImportError:  # pragma: no cover - SQLAlchemy is a dependency
        return None
    if not isinstance(error, SQLAlchemyError):
        import sqlite3

        if not isinstance(error, sqlite3.Error):
            return None
    original = getattr(error, "orig", None) or error
    text = (str(original).strip().splitlines() or [type(original).__name__])[0]
    folded = text.lower()
    if "readonly" in folded or "read-only" in folded:
        return _("the database file is read-only (copy it to a folder you can write to)")
    if "locked" in folded or "busy" in folded:
        return _("the database is in use by another program; try again in a moment")
    if "not a database" in folded or "malformed" in folded or "corrupt" in folded:
        return _("the database file is damaged or is not a Trámite Claro database")
    if "unable to open" in folded:
        return _("the database file cannot be opened (does its folder exist?)")
    if "disk" in folded and "full" in folded:
        return _("the disk is full")
    return mask_secrets(text[:300])


def _kind(error: BaseException) -> str:
    return type(error).__name__


def _silence(out: TextIO) -> None:
    """After a broken pipe, point stdout at the null device: Python flushes it at exit
    and would print a second error."""
    if out is sys.stdout or out is sys.__stdout__:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
