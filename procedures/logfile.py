"""The program's log file, and the one place that keeps passwords out of every message.

What a person reads is one worded line; what a technician needs (the traceback, the
database's own words) goes to a rotating log file in the user's log folder
(platformdirs), which the window opens from Help ▸ Open log folder. A database URL or a
libpq connection string may carry a password: `mask_secrets` hides it in every line
written to the log or shown to a person.
"""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_log_dir

from models.names import APP_AUTHOR, APP_NAME

LOG_NAME = "tramite-claro.log"
MAX_LOG_BYTES = 1024 * 1024
LOG_BACKUPS = 3

#: scheme://user:password@host → scheme://user:***@host; password=… in a libpq string.
_URL_PASSWORD = re.compile(r"([A-Za-z][\w+.-]*://[^:/@\s'\"]*:)[^@\s'\"]*@")
_KEY_PASSWORD = re.compile(r"(?i)\b(password|passwd|pwd)(\s*=\s*)('[^']*'|\"[^\"]*\"|\S+)")


def mask_secrets(text: str) -> str:
    """`text` with any password of a URL or a connection string replaced by ***."""
    return _KEY_PASSWORD.sub(r"\1\2***", _URL_PASSWORD.sub(r"\1***@", text))


def log_folder() -> Path:
    return Path(user_log_dir(APP_NAME, APP_AUTHOR))


class _Masking(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return mask_secrets(super().format(record))


_handler: RotatingFileHandler | None = None


def start_log_file(folder: Path | None = None) -> Path | None:
    """Send the program's log to the rotating file (once); its path, or None when the
    folder cannot be written (the program goes on without a log)."""
    global _handler
    if _handler is not None:
        return Path(_handler.baseFilename)
    folder = folder or log_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(folder / LOG_NAME, maxBytes=MAX_LOG_BYTES,
                                      backupCount=LOG_BACKUPS, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(_Masking("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    _handler = handler
    return Path(handler.baseFilename)
