"""The database's whole life as a person meets it: opening it safely, copies, restoring
one, checking it, and the words for whatever storage can say went wrong.

The command line and the window call these; `models` knows what a file is and how to
copy it, this module decides what to do about it and says so. Automatic copies (SQLite
only; a server's copies are its administrator's job) are made before a migration, before
an import that replaces or merges, before a restore, and on the first open of each day.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, exc, func, select
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models import backups as bk
from models import db as dbmod
from models import tables as t
from models.db import (
    Database,
    DatabaseRefused,
    database_url,
    open_database,
    sqlite_path,
    url_label,
)
from models.files import FileKind, FileState, inspect_sqlite, integrity_problems
from models.health import Health, check_engine, check_sqlite
from procedures.errors import Cancelled, DomainError
from procedures.formatting import number
from procedures.i18n import N_, _, ngettext
from procedures.progress import Progress, no_progress
from procedures.services.figures import Difference, check_figures, fill_missing, rebuild_figures

log = logging.getLogger("tramite.database")

Backup = bk.Backup
#: How a copy's reason is said (the keys are `models.backups.REASONS`).
REASON_WORDS = {
    "daily": N_("first open of the day"),
    "import": N_("before an import"),
    "migration": N_("before a schema update"),
    "restore": N_("before a restore"),
    "copy": N_("before a copy that replaces procedures"),
}


class DatabaseProblem(DomainError):
    """The database cannot be used as it is, or storage refused the work; nothing was
    written. `kind` says what the database is (a `FileKind` value, or "" for a problem
    met while working); `latest` is the newest automatic copy of a damaged file."""

    def __init__(self, message: str, kind: str = "", latest: Backup | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.latest = latest


class NeedsPassword(DatabaseProblem):
    """The server asks for a password that was not given, or refused the one given
    (`wrong`). The window asks for it (for this connection only); a command says where
    to put it. Neither ever stores or prints it."""

    def __init__(self, message: str, user: str, server: str, wrong: bool) -> None:
        super().__init__(message, "password")
        self.user = user
        self.server = server
        self.wrong = wrong


def password_problem(url: URL, error: BaseException) -> NeedsPassword | None:
    """A `NeedsPassword` when `error` is the server asking for a password, else None."""
    original = getattr(error, "orig", None) or error
    text = str(original)
    refused = "password authentication failed" in text or \
        getattr(original, "sqlstate", None) == "28P01"
    if not refused and "no password supplied" not in text:
        return None
    user = url.username or ""
    server = f"{url.host or 'localhost'}{f':{url.port}' if url.port else ''}" + (
        f"/{url.database}" if url.database else "")
    if refused:
        message = _("the server {server} refused the password of {user}: check PGPASSWORD "
                    "or the line of this server in ~/.pgpass").format(server=server, user=user)
    else:
        message = _("the server {server} asks for the password of {user}: set PGPASSWORD, "
                    "or write it in ~/.pgpass (host:port:database:user:password)").format(
                        server=server, user=user)
    return NeedsPassword(message, user, server, wrong=refused)


def reason_words(reason: str) -> str:
    return _(REASON_WORDS.get(reason, reason))


def when(backup: Backup) -> str:
    return backup.made.strftime("%Y-%m-%d %H:%M")


def safe_label(target: str | Path | None) -> str:
    """How to name `target` in a message: never with its password, even when it is not
    a URL we can read."""
    try:
        return url_label(database_url(target))
    except Exception:  # not a URL SQLAlchemy can parse: blank out anything password-like
        return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", str(target))


# ---- Opening ---------------------------------------------------------------------------


def target_url(target: str | Path | None) -> URL:
    """The URL of `target`, or a worded refusal when it is no path and no address."""
    try:
        return database_url(target)
    except Exception as error:  # a URL SQLAlchemy cannot parse (a port that is no number…)
        raise DatabaseProblem(_(
            "{target} is neither a file nor the address of a database server: {error}").format(
                target=safe_label(target), error=first_line(error))) from None


def open_for_work(target: str | Path | None, *, create: bool = True,
                  check_later: bool = False, check_pages: bool = True) -> Database:
    """Open `target` (None: the default database) as the window and the commands do.

    Refuses, in words and without writing anything, whatever is not a usable Trámite
    Claro database; copies an older one before migrating it; makes the day's first copy.

    `check_later` (the window at start-up): a large file of ours is opened before its
    every page is read; the database then has a `gate` that holds every write until
    `finish_check(database)` — run on a worker thread — has found it sound and made the
    day's copy (see `models.db.WriteGate`). `check_pages=False` skips reading the whole
    file first (see `open_database`).
    """
    url = target_url(target)
    path = sqlite_path(url)
    label = url_label(url)

    def before_migration() -> None:
        if path is not None:
            bk.automatic_backup(path, "migration")

    try:
        database = open_database(target, create=create, before_migration=before_migration,
                                 check_later=check_later, check_pages=check_pages)
    except DatabaseRefused as error:
        raise refusal(error.state, label, path) from None
    except DomainError:
        raise
    except Exception as error:  # a server that is down, a wrong URL, a locked file
        raise password_problem(url, error) or storage_problem(error) or \
            cannot_open(url, error) from None
    if path is not None and database.gate is None and not database.created and \
            not bk.made_today(path):
        daily_copy(path)
    if database.migrated:  # from before stored figures (0003): computed once, now
        try:
            database.transaction(fill_missing)
        except BaseException:
            database.close()
            raise
    return database


def finish_check(database: Database) -> DatabaseProblem | None:
    """The check `open_for_work(check_later=True)` left for later (any thread): every
    page read; when sound, the day's first copy, then writes may go ahead. A damaged
    file is refused in words (with its latest copy): its writes are refused from now on
    and nothing was written to it. None when sound (or when nothing was left to check).
    """
    gate, path = database.gate, database.path
    if gate is None or gate.settled or path is None:
        return None
    try:
        problems = integrity_problems(path)
    except Exception as error:  # the file went away meanwhile, a disk error…
        problem = storage_problem(error) or cannot_open(database.url, error)
        gate.refuse(problem)
        return problem
    if problems:
        problem = refusal(FileState(FileKind.DAMAGED, detail="; ".join(problems)),
                          database.label, path)
        gate.refuse(problem)
        return problem
    try:
        if not bk.made_today(path):
            daily_copy(path)
    finally:
        gate.open()
    return None


def cannot_open(url: URL, error: BaseException) -> DatabaseProblem:
    return DatabaseProblem(_("cannot open the database {database}: {error}").format(
        database=url_label(url), error=first_line(error, url.password)))


def daily_copy(path: Path) -> None:
    """The day's first automatic copy; a copy that cannot be made must not stop work."""
    try:
        bk.automatic_backup(path, "daily")
    except (OSError, sqlite3.Error, bk.LockTimeout) as error:
        log.warning("no automatic copy of %s today: %s", path, error)


def refusal(state: FileState, label: str, path: Path | None = None) -> DatabaseProblem:
    """Why `label` cannot be opened, in words; the latest copy of a damaged file."""
    kind = state.kind
    latest = None
    if kind is FileKind.NEWER:
        text = _("{database} was made by a newer version of Trámite Claro (schema {revision}) "
                 "and this version cannot use it. Install the newer version of Trámite Claro; "
                 "the file was not changed.").format(database=label, revision=state.revision)
    elif kind is FileKind.DAMAGED:
        latest = bk.latest_backup(path) if path is not None else None
        text = _("{database} is damaged: part of it cannot be read. Nothing was written "
                 "to it.").format(database=label)
        if latest is not None:
            text += " " + _("The latest automatic copy is from {when}: {file}").format(
                when=when(latest), file=latest.path)
        else:
            text += " " + _("There is no automatic copy of it.")
    elif kind is FileKind.FOREIGN:
        text = _("{database} is another program's database, not a Trámite Claro one. It was "
                 "left as it is.").format(database=label)
    elif kind is FileKind.NOT_DATABASE:
        text = _("{database} is not a database (a Trámite Claro database is a SQLite file). "
                 "It was left as it is.").format(database=label)
    else:
        text = _("{database} does not exist. Nothing was created.").format(database=label)
    return DatabaseProblem(text, kind.value, latest)


def needs_demo(database: Database) -> bool:
    """The default database gets the demo while it has no municipality (its first run,
    or a first run that was cut short)."""
    if not database.is_default:
        return False
    with database.session() as session:
        return not session.scalar(select(func.count()).select_from(t.Entity))


def load_first_demo(database: Database, load: Callable[[Session], object]) -> None:
    """The demo in one unit of work (a first run cut short leaves no half of it)."""
    database.transaction(load)


# ---- Copies ----------------------------------------------------------------------------


def _ours(path: Path, label: str) -> FileState:
    state = inspect_sqlite(path)
    if state.kind not in (FileKind.CURRENT, FileKind.OLDER, FileKind.NEWER):
        raise refusal(state, label, path)
    return state


def backup_file(path: Path, out: Path) -> str:
    """A copy of the SQLite database `path` at `out` (a new file, or an older copy)."""
    label = str(path)
    _ours(path, label)
    out = out.expanduser().resolve()
    if out == path.resolve():
        raise DatabaseProblem(_("the copy cannot be the database itself: {file}").format(
            file=out))
    if out.exists():
        state = inspect_sqlite(out, thorough=False)
        if state.kind not in (FileKind.CURRENT, FileKind.OLDER, FileKind.NEWER,
                              FileKind.EMPTY, FileKind.DAMAGED):
            raise DatabaseProblem(_("{file} exists and is not a copy of a Trámite Claro "
                                    "database; choose another name.").format(file=out))
    if not out.parent.is_dir():
        raise DatabaseProblem(_("the folder {folder} does not exist").format(folder=out.parent))
    _copy(lambda: bk.copy_database(path, out))
    return _("Copy of {database} written to {file}.").format(database=label, file=out)


def backup_package(database: Database, out: Path) -> str:
    """A server database's copy: one package file with every municipality."""
    from procedures.exchange.package_write import write_package_file
    from procedures.storage.read import load_entity

    if not out.name.lower().endswith(".json"):
        out = out.with_name(out.name + ".tramite.json")
    if not out.parent.is_dir():
        raise DatabaseProblem(_("the folder {folder} does not exist").format(folder=out.parent))
    with database.session() as session:
        ubigeos = session.scalars(select(t.Entity.ubigeo).order_by(t.Entity.ubigeo)).all()
        entities = [load_entity(session, ubigeo, procedures=True) for ubigeo in ubigeos]
    write_package_file(entities, out)
    return ngettext(
        "Package of {database} ({n} municipality) written to {file}. Copies of a shared "
        "database are the server's job; this package holds all its data.",
        "Package of {database} ({n} municipalities) written to {file}. Copies of a shared "
        "database are the server's job; this package holds all its data.",
        len(entities)).format(database=database.label, n=len(entities), file=out)


def server_copies_note() -> str:
    return _("Copies of a shared PostgreSQL database are made on the server (pg_dump, by "
             "its administrator); Trámite Claro makes no automatic copies of it. "
             "`db backup --out FILE` writes a package (.tramite.json) of all its data.")


def copy_before(database: Database, reason: str) -> Path | None:
    """An automatic copy before work that replaces data (SQLite; None on a server)."""
    path = database.path
    if path is None:
        return None
    return _copy(lambda: bk.automatic_backup(path, reason))


def _copy(make: Callable[[], Path | None]) -> Path | None:
    try:
        return make()
    except bk.LockTimeout:
        raise busy() from None
    except sqlite3.DatabaseError as error:
        worded = storage_problem(error)
        if worded is None:
            raise
        raise worded from None
    except OSError as error:
        raise DatabaseProblem(_("the copy could not be written: {error}").format(
            error=error.strerror or error)) from None


def copies(path: Path) -> list[Backup]:
    return bk.list_backups(path)


def kept() -> int:
    return bk.kept()


def set_kept(keep: int) -> None:
    bk.set_kept(keep)


def latest_copy(path: Path) -> Backup | None:
    return bk.latest_backup(path)


def copies_folder(path: Path) -> Path:
    return bk.folder_for(path)


def restore(path: Path, copy: Path) -> tuple[str, Path | None]:
    """Make the SQLite database `path` what `copy` holds; the database as it was is
    copied first, so a restore can be undone (restore that copy). Returns the sentence
    and that copy."""
    label = str(path)
    copy = copy.expanduser().resolve()
    state = inspect_sqlite(copy)
    if state.kind not in (FileKind.CURRENT, FileKind.OLDER):
        problem = refusal(state, str(copy), None)
        raise DatabaseProblem(_("{file} cannot be restored: {why}").format(
            file=copy.name, why=problem), problem.kind) from None
    if copy == path.resolve():
        raise DatabaseProblem(_("{file} is the database itself").format(file=copy))
    live = inspect_sqlite(path)
    if live.kind in (FileKind.FOREIGN, FileKind.NOT_DATABASE):
        raise refusal(live, label, path)
    before: Path | None = None
    if live.kind in (FileKind.CURRENT, FileKind.OLDER, FileKind.NEWER):
        before = _copy(lambda: bk.automatic_backup(path, "restore", prune_old=False))
    elif live.kind is FileKind.DAMAGED:
        before = _copy(lambda: _keep_damaged(path))
    _copy(lambda: bk.restore_database(copy, path, replace_file=live.kind in (
        FileKind.DAMAGED, FileKind.MISSING, FileKind.EMPTY)))
    bk.prune(path)
    text = _("{database} now holds the copy {file}.").format(database=label, file=copy.name)
    if before is not None:
        text += " " + _("The database as it was is kept in {copy}; restoring it undoes "
                        "this.").format(copy=before)
    return text, before


def _keep_damaged(path: Path) -> Path:
    """The damaged file's bytes, as they are, among the copies (it cannot be read
    through SQLite)."""
    import shutil
    from datetime import datetime

    folder = bk.folder_for(path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{datetime.now().strftime('%Y%m%d-%H%M%S-%f')[:-3]}-restore.sqlite"
    shutil.copyfile(path, target)
    return target


# ---- Checking --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CheckResult:
    health: Health
    lines: tuple[str, ...]
    #: Versions whose stored figures differ from a fresh computation (or are missing).
    figures: tuple[Difference, ...] = ()

    @property
    def sound(self) -> bool:
        return self.health.sound and not self.figures


def check_target(target: str | Path | None, progress: Progress = no_progress) -> CheckResult:
    """Check `target` without opening it for work (nothing is written, not even a copy).
    `progress` hears of each municipality whose stored figures were compared."""
    from models.db import create_db_engine

    url = target_url(target)
    path = sqlite_path(url)
    if path is not None:
        return check_file(path, progress)
    try:
        engine = create_db_engine(url)
    except Exception as error:  # a driver that is not installed (mysql://…)
        raise cannot_open(url, error) from None
    try:
        return _with_figures(_checked(check_engine(engine), url_label(url), None), engine,
                             progress)
    except Exception as error:
        raise password_problem(url, error) or storage_problem(error) or \
            cannot_open(url, error) from None
    finally:
        engine.dispose()


def check_file(path: Path, progress: Progress = no_progress) -> CheckResult:
    """A SQLite file's health and stored figures. The two run at once: SQLite reads every
    page (`integrity_check`, C code that lets Python run) on a worker thread while the
    figures are computed afresh here; on a damaged file the figures are not reported."""
    if inspect_sqlite(path, thorough=False).kind is not FileKind.CURRENT:
        return _checked(check_sqlite(path), str(path), path)
    progress(0, 1, _("Integrity…"))
    found: list[Health | BaseException] = []

    def integrity() -> None:  # worker thread
        try:
            found.append(check_sqlite(path))
        except BaseException as error:
            found.append(error)

    worker = threading.Thread(target=integrity, name="integrity-check", daemon=True)
    worker.start()

    def health() -> CheckResult:
        worker.join()
        if isinstance(found[0], BaseException):
            raise found[0]
        return _checked(found[0], str(path), path)

    try:
        compared = _compare_figures(_read_only_engine(path), progress)
    except Cancelled:
        raise  # the worker ends on its own: it writes nothing
    except Exception:
        result = health()
        if not _figures_checkable(result):
            return result  # the damage the figures met is what the check reports
        raise
    result = health()
    if not _figures_checkable(result):
        return result
    return _figure_lines(result, *compared)


def _read_only_engine(path: Path) -> Engine:
    from sqlalchemy import create_engine

    from models.files import read_only_uri

    return create_engine("sqlite://", creator=lambda: sqlite3.connect(
        read_only_uri(path), uri=True, check_same_thread=False))


def check_server(database: Database, progress: Progress = no_progress) -> CheckResult:
    return _with_figures(_checked(check_engine(database.engine), database.label, None),
                         database.engine, progress)


def _figures_checkable(result: CheckResult) -> bool:
    return result.health.sound and result.health.state.kind is FileKind.CURRENT


def _with_figures(result: CheckResult, engine: Engine,
                  progress: Progress = no_progress) -> CheckResult:
    """The stored figures compared with a fresh computation (a current, sound schema)."""
    if not _figures_checkable(result):
        return result
    return _figure_lines(result, *_compare_figures(engine, progress))


def _compare_figures(engine: Engine, progress: Progress) -> tuple[tuple[Difference, ...], int]:
    """The versions whose stored figures differ, and how many versions there are
    (`engine` is disposed of)."""
    try:
        with Session(engine) as session:
            differences = tuple(check_figures(session, progress))
            versions = session.scalar(select(func.count()).select_from(t.Version)) or 0
    finally:
        engine.dispose()
    return differences, versions


def _figure_lines(result: CheckResult, differences: tuple[Difference, ...],
                  versions: int) -> CheckResult:
    if not differences:
        line = ngettext("Stored figures: the {n} version's figures equal a fresh computation.",
                        "Stored figures: all {n} versions' figures equal a fresh computation.",
                        versions).format(n=number(versions))
        return CheckResult(result.health, (*result.lines, line))
    lines = [ngettext(
        "Stored figures: {n} version differs from a fresh computation (rebuild them with "
        "`db rebuild`):",
        "Stored figures: {n} versions differ from a fresh computation (rebuild them with "
        "`db rebuild`):", len(differences)).format(n=number(len(differences)))]
    for difference in differences[:MAX_LISTED]:
        what = (", ".join(difference.fields) if difference.fields
                else _("no stored figures"))
        lines.append(f"  {difference.ubigeo} {difference.procedure} «{difference.version}»: "
                     f"{what}")
    if len(differences) > MAX_LISTED:
        lines.append("  " + ngettext("… and {n} more.", "… and {n} more.",
                                     len(differences) - MAX_LISTED).format(
            n=number(len(differences) - MAX_LISTED)))
    return CheckResult(result.health, (*result.lines, *lines), differences)


#: Versions named one by one when stored figures differ.
MAX_LISTED = 20


def rebuild(database: Database, progress: Progress = no_progress) -> str:
    """Every stored figure computed again, in one transaction."""
    count = database.transaction(lambda session: rebuild_figures(session, progress))
    return ngettext("Stored figures rebuilt: {n} version.", "Stored figures rebuilt: {n} versions.",
                    count).format(n=number(count))


def _checked(health: Health, label: str, path: Path | None) -> CheckResult:
    state = health.state
    lines = [_("Database: {database}").format(database=label)]
    if state.kind not in (FileKind.CURRENT, FileKind.OLDER, FileKind.NEWER,
                          FileKind.DAMAGED):
        lines.append(str(refusal(state, label, path)))
        return CheckResult(health, tuple(lines))
    if health.integrity is None:
        lines.append(_("Integrity: kept by the server."))
    elif health.integrity:
        lines.append(_("Integrity: DAMAGED — {problems}").format(
            problems="; ".join(health.integrity[:5])))
        latest = bk.latest_backup(path) if path is not None else None
        if latest is not None:
            lines.append(_("The latest automatic copy is from {when}: {file}").format(
                when=when(latest), file=latest.path))
    else:
        lines.append(_("Integrity: sound."))
    if health.integrity is not None:
        if health.foreign_keys:
            lines.append(ngettext("Links between tables: {n} row points to a row that does "
                                  "not exist ({example}).",
                                  "Links between tables: {n} rows point to rows that do not "
                                  "exist ({example}).", len(health.foreign_keys)).format(
                n=len(health.foreign_keys),
                example=", ".join(f"{table} #{rowid} → {parent}"
                                  for table, rowid, parent in health.foreign_keys[:3])))
        else:
            lines.append(_("Links between tables: sound."))
    if state.kind is FileKind.CURRENT:
        lines.append(_("Schema: {revision} (this version's).").format(revision=state.revision))
    elif state.kind is FileKind.OLDER:
        lines.append(_("Schema: {revision}, older than this version's {head}; it is updated "
                       "(after a copy) when the database is opened.").format(
            revision=state.revision or "—", head=health.head))
    elif state.kind is FileKind.NEWER:
        lines.append(_("Schema: {revision}, from a newer version of Trámite Claro (this one "
                       "knows up to {head}).").format(revision=state.revision, head=health.head))
    if health.rows:
        lines.append(_("Rows: {rows}").format(rows=", ".join(
            f"{name} {count}" for name, count in health.rows.items())))
    return CheckResult(health, tuple(lines))


# ---- Words for storage errors ------------------------------------------------------------


def first_line(error: BaseException, password: str | None = None) -> str:
    """The first line of an error's message, without the password if it appears."""
    original = getattr(error, "orig", None) or error
    lines = str(original).strip().splitlines()
    text = lines[0] if lines else type(error).__name__
    if password:
        text = text.replace(password, "***")
    return text


def busy() -> DatabaseProblem:
    return DatabaseProblem(_(
        "The database is busy: another window or program is writing to it and did not "
        "finish within {seconds} seconds. Nothing was written; try again in a moment.").format(
            seconds=max(dbmod.BUSY_TIMEOUT_MS // 1000, 1)))


def storage_problem(error: BaseException) -> DatabaseProblem | None:
    """Words for an error storage raised while working, or None when it is not one a
    person can act on (a bug: let it be reported as such)."""
    if isinstance(error, DatabaseProblem):
        return error
    from procedures.services.access import words_for  # roles: the app's check or the server's

    refused = words_for(error)
    if refused is not None:
        return DatabaseProblem(refused)
    if isinstance(error, bk.LockTimeout):
        return busy()
    if isinstance(error, StaleDataError):
        return DatabaseProblem(_(
            "Someone else changed or deleted this data meanwhile; nothing was written. Open "
            "it again to see it as it is now."))
    original = getattr(error, "orig", None) or error
    sqlstate = getattr(original, "sqlstate", None)
    if sqlstate == "23505":
        return _same_time()
    if sqlstate in ("40P01", "40001"):
        return DatabaseProblem(_(
            "The server stopped this work because other work on the same data ran at the "
            "same time; nothing was written. Try again."))
    if isinstance(original, sqlite3.Error):
        text = str(original).lower()
        if "locked" in text or "busy" in text:
            return busy()
        if "unique constraint failed" in text:
            return _same_time()
        if "malformed" in text or "not a database" in text or "disk i/o" in text:
            return DatabaseProblem(_(
                "The database is damaged: part of it cannot be read. Nothing was written. "
                "Check it (File ▸ Database ▸ Check, or `db check`) and restore a copy."),
                FileKind.DAMAGED.value)
        if "full" in text:
            return DatabaseProblem(_("The disk is full; nothing was written."))
        if "readonly" in text or "read-only" in text:
            return DatabaseProblem(_("The database cannot be written here (the file or its "
                                     "folder is read-only); nothing was written."))
        if "unable to open" in text:
            return DatabaseProblem(_("The database file cannot be opened: {error}").format(
                error=str(original)))
    if isinstance(error, exc.OperationalError) and sqlstate is None:
        return DatabaseProblem(_("The database server cannot be reached: {error}").format(
            error=first_line(error)))
    return None


def _same_time() -> DatabaseProblem:
    return DatabaseProblem(_(
        "Someone else wrote the same data at the same time (for example, the same "
        "procedures imported twice at once); nothing was written. Try again to see what "
        "is there now."))


def read_only_reason(path: Path | None) -> str:
    """Why the database file at `path` cannot be written ("" when it can, or for a
    server, whose rights are its own): the window disables every change with it
    instead of letting each one be refused."""
    if path is None or not path.exists():
        return ""
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        return _("The database {file} is read-only (the file or its folder cannot be "
                 "written): it can be read, printed and exported, not changed. Open a "
                 "copy you can write to.").format(file=path.name)
    return ""
