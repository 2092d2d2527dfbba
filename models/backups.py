"""Copies of a SQLite database and restoring one, with SQLite's online backup.

A copy is written beside its final name and renamed into place when complete, so a copy
that stops half-way (a killed process, a full disk) never looks like a good one.
Automatic copies live in the user data folder (platformdirs), one folder per database,
named by when and why they were made; the newest `kept()` are kept. Restoring writes the
copy into the live database in one transaction (other connections see the old or the
new content, never a mix), or — when the live file cannot be read — replaces the file.

Pure storage knowledge: reasons are plain keys ("daily", "import", …), words are the
callers'.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from platformdirs import user_data_dir

from models.files import read_only_uri
from models.names import APP_AUTHOR, APP_NAME

#: How many automatic copies of each database are kept, unless the person chose another
#: number (kept in the backups folder, so the window and the command line agree).
KEEP = 10
#: Why an automatic copy was made.
REASONS = ("daily", "import", "migration", "restore", "copy")
_NAME = re.compile(r"^(\d{8}-\d{6}-\d{3})-([a-z]+)\.sqlite$")
_STAMP = "%Y%m%d-%H%M%S-%f"


class LockTimeout(Exception):
    """Another program kept the database locked for longer than the busy timeout."""


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    made: datetime
    reason: str
    size: int


def backups_root() -> Path:
    return Path(user_data_dir(APP_NAME, APP_AUTHOR)) / "backups"


def kept() -> int:
    """How many automatic copies of each database are kept (the person's setting)."""
    try:
        value = json.loads((backups_root() / "settings.json").read_text("utf-8"))["keep"]
    except (OSError, ValueError, KeyError, TypeError):
        return KEEP
    return value if isinstance(value, int) and value >= 1 else KEEP


def set_kept(keep: int) -> None:
    root = backups_root()
    root.mkdir(parents=True, exist_ok=True)
    (root / "settings.json").write_text(json.dumps({"keep": max(int(keep), 1)}), "utf-8")


def folder_for(database: Path) -> Path:
    """The folder of `database`'s automatic copies (its name and a digest of its path)."""
    resolved = str(database.expanduser().resolve())
    digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:10]
    stem = re.sub(r"[^\w.-]+", "_", database.stem)[:40] or "database"
    return backups_root() / f"{stem}-{digest}"


def _deadline_progress(timeout_ms: int) -> Callable[[int, int, int], None]:
    """A backup progress callback that gives up once a lock outlasts `timeout_ms`."""
    start = time.monotonic()

    def progress(status: int, _remaining: int, _total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and \
                time.monotonic() - start > timeout_ms / 1000:
            raise LockTimeout()

    return progress


def copy_database(source: Path, target: Path) -> None:
    """Copy the live database `source` to `target` (whole, consistent, WAL included)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    from models import db as dbmod  # SQLAlchemy: not to list the copies

    timeout = dbmod.BUSY_TIMEOUT_MS
    reader = sqlite3.connect(source, timeout=timeout / 1000)
    try:
        writer = sqlite3.connect(partial)
        try:
            reader.backup(writer, progress=_deadline_progress(timeout), sleep=0.05)
            # A copy is a file on its own: no WAL beside it, nothing half-written.
            writer.execute("PRAGMA journal_mode = DELETE")
        finally:
            writer.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        reader.close()
    with partial.open("rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, target)


def automatic_backup(database: Path, reason: str, *, prune_old: bool = True) -> Path:
    """A copy of `database` in its backups folder; the oldest beyond `kept()` go
    (unless `prune_old` is False: a restore prunes once it is done)."""
    assert reason in REASONS, reason
    folder = folder_for(database)
    folder.mkdir(parents=True, exist_ok=True)
    while True:
        stamp = datetime.now().strftime(_STAMP)[:-3]
        target = folder / f"{stamp}-{reason}.sqlite"
        if not target.exists():
            break
        time.sleep(0.002)
    copy_database(database, target)
    if prune_old:
        prune(database)
    return target


def list_backups(database: Path) -> list[Backup]:
    """The automatic copies of `database`, newest first."""
    folder = folder_for(database)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if not match:
            continue
        with contextlib.suppress(ValueError, OSError):
            made = datetime.strptime(match.group(1) + "000", _STAMP)
            found.append(Backup(path, made, match.group(2), path.stat().st_size))
    return sorted(found, key=lambda backup: backup.made, reverse=True)


def latest_backup(database: Path) -> Backup | None:
    backups = list_backups(database)
    return backups[0] if backups else None


def made_today(database: Path) -> bool:
    today = datetime.now().date()
    return any(backup.made.date() == today for backup in list_backups(database))


def prune(database: Path) -> None:
    """Keep the newest `kept()` copies; forget unfinished ones."""
    for old in list_backups(database)[kept():]:
        old.path.unlink(missing_ok=True)
    for partial in folder_for(database).glob("*.partial"):
        with contextlib.suppress(OSError):
            if time.time() - partial.stat().st_mtime > 600:
                partial.unlink()


def restore_database(backup: Path, database: Path, *, replace_file: bool = False) -> None:
    """Make `database` hold exactly what `backup` holds.

    A readable live database is overwritten through SQLite (one transaction: other
    connections see the old or the new content); with `replace_file` (a damaged or
    missing live file) a full copy of `backup` is renamed over it instead, and the old
    file's WAL, which belongs to the old content, is removed first.
    """
    if replace_file or not database.exists():
        partial = database.with_name(database.name + ".restoring")
        shutil.copyfile(backup, partial)
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        for side in ("-wal", "-shm"):
            database.with_name(database.name + side).unlink(missing_ok=True)
        os.replace(partial, database)
        return
    from models import db as dbmod

    timeout = dbmod.BUSY_TIMEOUT_MS
    reader = sqlite3.connect(read_only_uri(backup), uri=True)
    try:
        writer = sqlite3.connect(database, timeout=timeout / 1000)
        try:
            reader.backup(writer, progress=_deadline_progress(timeout), sleep=0.05)
        finally:
            writer.close()
    finally:
        reader.close()
