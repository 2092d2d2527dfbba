"""Start the window: QApplication, languages, the database, the main window.

`run_app(db, lang)` is what `main.py` calls without a command; it returns the exit code.
Without `--db` the window opens the default database, the user's own file (platformdirs);
while it has no municipality (its first run, or a first run cut short) the Cajamarca demo
is loaded in the background, in one transaction. A database given with `--db` starts
empty. Opening goes through `procedures.services.database.open_for_work`: what is not a
usable Trámite Claro database is refused in words and left untouched; a damaged one is
offered its latest automatic copy. At start-up a file of ours in WAL mode is shown before
SQLite has read every page of it: that check runs once the window is up (`ui.integrity`),
writes wait for it, and a damaged file makes the window read-only with the same offer.

Languages: our gettext catalogue for our words (`procedures.i18n`) and Qt's own
`qtbase_es.qm` for the standard dialogs; numbers and money are es-PE. Choosing another
language in Preferences applies at once: the translators are swapped and the
window is built again around the same open document (undo history, open procedure,
tab, version and layout are kept), which retranslates every menu, tab, header and
status text without each widget having to know how.

For tests only, TRAMITE_QUIT_AFTER_MS=N quits N ms after the window is shown, once no
background work (e.g. loading the demo) is running, and prints what the window shows;
with TRAMITE_SCREENSHOT=FILE.png it also saves a picture of the window first.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import make_url

from models.db import Database, default_database_path, server_parts
from procedures.i18n import _, normalise_language, set_default_language
from procedures.services import database as dbs
from ui import dialogs
from ui.document import Document
from ui.icons import icon
from ui.main_window import APP_TITLE, MainWindow
from ui.qt_gaps import GapTranslator
from ui.settings import APPLICATION, ORGANIZATION, AppSettings
from ui.style import apply_style

if TYPE_CHECKING:
    from ui.integrity import IntegrityCheck

log = logging.getLogger("tramite.app")
EXIT_BAD_INPUT = 2
#: The procedure's tabs are built this long after the window is shown, once no task of
#: the start-up is running (a procedure opened sooner builds them itself).
WORKSPACE_AFTER_MS = 1000


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (an existing one is reused: tests create their own)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APP_TITLE)
    app.setWindowIcon(icon("flow"))
    apply_style(app)
    return app


#: Qt's own translators in use (replaced when the language changes).
_installed: list[QTranslator] = []


def install_language(app: QApplication, lang: str) -> list[QTranslator]:
    """Our language for `_()`, the es-PE (or English) locale, Qt's own translations.

    Calling it again swaps everything: the previous Qt translators are removed first.
    """
    lang = normalise_language(lang)
    set_default_language(lang)
    if lang == "es":
        QLocale.setDefault(QLocale(QLocale.Language.Spanish, QLocale.Country.Peru))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    while _installed:
        old = _installed.pop()
        app.removeTranslator(old)
        old.deleteLater()
    if lang != "en":
        # First ours for the words Qt's catalogue lacks: Qt asks the last installed first.
        gaps = GapTranslator(app)
        app.installTranslator(gaps)
        _installed.append(gaps)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = QTranslator(app)
        if translator.load(f"qtbase_{lang}", folder):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            log.warning("Qt's own %s translation (qtbase_%s.qm) is missing in %s",
                        lang, lang, folder)
    return list(_installed)


class Controller(QObject):
    """Owns the open document and its window; opening another database replaces both."""

    def __init__(self, app: QApplication, settings: AppSettings) -> None:
        super().__init__(app)
        self.app = app
        self.settings = settings
        self.window: MainWindow | None = None
        self.document: Document | None = None
        #: The integrity check left for after the window appeared (start-up).
        self.checking: IntegrityCheck | None = None

    def open(self, target: str | None, *, create: bool = False,
             check_later: bool = False) -> bool:
        """Open `target` (None: the default database) in a new window; False when it
        cannot be opened (the open one, if any, stays). A file is created only with
        `create` (or the default database, which always exists).

        `check_later` (start-up): a large file of ours is shown before SQLite has read
        every page of it; that check runs on a worker thread once the window is up,
        writes wait for it, and a damaged file is said so in the window (read-only from
        then on) with its latest automatic copy offered."""
        default = target is None or _is_default(target)
        try:
            database = dbs.open_for_work(target, create=create or default,
                                         check_later=check_later)
        except dbs.NeedsPassword as problem:
            return self._ask_password(str(target), problem, create)
        except dbs.DatabaseProblem as problem:
            log.warning("cannot open %s: %s", dbs.safe_label(target), problem)
            return self._refused(target, problem)
        if database.gate is not None:
            try:
                self._show(database)
            except Exception:  # e.g. a damaged page met before the check: check first
                if self.document is not None and self.document.database is database:
                    self.document.close()
                    self.document = None
                database.close()
                return self.open(target, create=create)  # checked first this time
            self._check_later(database)
        else:
            self._show(database)
        if dbs.needs_demo(database) and self.window is not None:
            QTimer.singleShot(0, self.window.load_demo)
        return True

    def _check_later(self, database: Database) -> None:
        from ui.integrity import IntegrityCheck

        self.checking = IntegrityCheck(database, self)
        self.checking.done.connect(self._checked)
        if self.window is not None:
            self.window.statusBar().showMessage(_("Checking the database…"))

    def _checked(self, problem: dbs.DatabaseProblem | None) -> None:
        """The check left for later is over (UI thread)."""
        window, document = self.window, self.document
        checked = self.checking.database if self.checking is not None else None
        if window is None or document is None or document.database is not checked:
            return  # another database is open by now
        status = window.statusBar()
        if problem is None:
            if status.currentMessage() == _("Checking the database…"):
                status.clearMessage()
            return
        log.warning("%s is damaged: %s", document.label, problem)
        document.read_only = str(problem)
        window.database_changed_state()
        status.showMessage(str(problem))
        latest = problem.latest
        title = _("Open a database")
        if latest is None:
            dialogs.error(window, title, str(problem))
        elif dialogs.ask(window, title, str(problem) + "\n\n" + _(
                "Restore that copy now? The damaged file is kept among the copies."),
                _("Restore the copy")):
            self.restore(str(latest.path))

    def finish(self) -> None:
        """Before the program ends: the check left for later (and the day's copy) done."""
        if self.checking is not None:
            self.checking.wait()

    def _ask_password(self, target: str, problem: dbs.NeedsPassword, create: bool) -> bool:
        """The server wants a password: ask for it (again, when it was wrong), for this
        connection only; Cancel goes back to choosing a database."""
        password = dialogs.password(self.window, problem.server, problem.user, problem.wrong)
        if password is None:
            return self._choose_again(target)
        url = make_url(target).set(password=password)
        return self.open(url.render_as_string(hide_password=False), create=create)

    def _choose_again(self, target: str) -> bool:
        """Back to the database chooser (the Open dialog), as after File ▸ Open."""
        if self.window is not None:
            QTimer.singleShot(0, self.window.open_database)
            return False
        chosen = dialogs.open_database(None, server_parts(target))
        return bool(chosen) and self.open(chosen)

    def create(self, path: str) -> bool:
        return self.open(path, create=True)

    def _refused(self, target: str | None, problem: dbs.DatabaseProblem) -> bool:
        """Say why; offer a damaged database its latest automatic copy."""
        title = _("Open a database")
        latest = problem.latest
        if latest is None:
            dialogs.error(self.window, title, str(problem))
            return False
        if not dialogs.ask(self.window, title, str(problem) + "\n\n" + _(
                "Restore that copy now? The damaged file is kept among the copies."),
                _("Restore the copy")):
            return False
        path = Path(dbs.safe_label(target))
        try:
            dbs.restore(path, latest.path)
        except dbs.DatabaseProblem as error:
            dialogs.error(self.window, title, str(error))
            return False
        if not self.open(target):
            return False
        self._say(_restored(latest.path))
        return True

    def restore(self, copy: str) -> bool:
        """Make the open database what `copy` holds, then show it again."""
        if self.document is None or self.document.database.path is None:
            return False
        path = self.document.database.path
        key = self.document.database.key
        if self.window is not None:
            self.window.save_state()
        # No connection or undo step of ours may outlive the old content.
        self.document.close()
        self.document = None
        try:
            dbs.restore(path, Path(copy))
            message = _restored(Path(copy))
        except dbs.DatabaseProblem as error:
            message = ""
            dialogs.error(self.window, _("Restore a copy"), str(error))
        if not self.open(key):
            return False
        if message:
            self._say(message)
        return bool(message)

    def _say(self, message: str) -> None:
        if self.window is not None:
            self.window.statusBar().showMessage(message, 15000)

    def _new_window(self) -> MainWindow:
        assert self.document is not None
        window = MainWindow(self.document, self.settings)
        window.open_requested.connect(self.open)
        window.new_requested.connect(self.create)
        window.restore_requested.connect(self.restore)
        window.language_requested.connect(self.change_language)
        return window

    def change_language(self, lang: str) -> None:
        """Switch the language now: new translators, the window built again."""
        install_language(self.app, lang)
        old = self.window
        if old is None or self.document is None:
            return
        self.document.retranslate_history()
        old.save_state()
        version = old.open_version()
        self.window = self._new_window()
        if self.window.open_uuid() and version:
            self.window.workspace.show_version(version)
        self.window.show()
        old.keep_document = True
        old.close()
        old.deleteLater()

    def _show(self, database: Database) -> None:
        old_window, old_document = self.window, self.document
        if old_window is not None:
            old_window.save_state()
        self.document = Document(database, self.settings.author(), self)
        self.document.watch()  # others' changes show in the window
        self.window = self._new_window()
        self.settings.remember_database(database.key)
        self.window.show()
        # The procedure's tabs are not needed to show the window: built once it is up.
        QTimer.singleShot(WORKSPACE_AFTER_MS, self.window, self.window.prepare_workspace)
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        if old_document is not None:
            old_document.close()


def run_app(db: str | None = None, lang: str | None = None) -> int:
    """Open the window on `db` (None: the default database) in `lang`; the exit code."""
    from procedures.logfile import start_log_file

    start_log_file()  # the technician's details (Help ▸ Open log folder)
    app = create_application()
    settings = AppSettings()
    install_language(app, lang or settings.value("general/language") or "es")
    controller = Controller(app, settings)
    # `--db` on a path that does not exist asks for a new file there.
    if not controller.open(db, create=True, check_later=True):
        return EXIT_BAD_INPUT
    quit_after = os.environ.get("TRAMITE_QUIT_AFTER_MS")
    if quit_after:
        _quit_when_idle(app, controller, int(quit_after))
    _collector_back()
    code = app.exec()
    controller.finish()
    if controller.document is not None:
        controller.document.close()
    return code


def _collector_back() -> None:
    """`main.py` pauses Python's cycle collector while the program starts; it runs again
    from the first turn of the event loop, over what is made from then on (`gc.freeze`:
    the start-up's own objects, modules and the window, are not scanned again)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _restored(copy: Path) -> str:
    return _("The database now holds the copy {file}. As it was before, it is among its "
             "copies (File ▸ Database ▸ Copies and restore): restoring that undoes "
             "this.").format(file=copy.name)


def _is_default(target: str) -> bool:
    return "://" not in target and \
        Path(target).expanduser().resolve() == default_database_path().resolve()


def _quit_when_idle(app: QApplication, controller: Controller, delay_ms: int) -> None:
    """Test hook: quit once the window has been shown for `delay_ms` and is idle."""

    def check() -> None:
        window, document = controller.window, controller.document
        if document is not None and document.tasks.busy:
            QTimer.singleShot(100, check)
            return
        if window is not None:
            picture = os.environ.get("TRAMITE_SCREENSHOT")
            if picture:  # what a new user sees, from the real start (tools, docs)
                window.grab().save(picture, "PNG")
            current = window.stack.currentWidget()
            shown = current.objectName() if current is not None else ""
            print(f"TRAMITE_QUIT_AFTER_MS: {shown} visible={window.isVisible()} "
                  f"ui_cpu={time.thread_time():.3f}", file=sys.stderr, flush=True)
            window.close()
        app.quit()

    QTimer.singleShot(delay_ms, check)
