"""Start the window: QApplication, languages, the database, the main window.

`run_app(db, lang)` is what `main.py` calls without a command; it returns the exit code.
The default database is the user's own file (platformdirs); the first time it is
created, the Cajamarca demo is loaded in the background. A database given with `--db`
starts empty. Languages: our gettext catalogue for our words (`procedures.i18n`) and
Qt's own `qtbase_es.qm` for the standard dialogs; numbers and money are es-PE. Choosing
another language in Preferences applies at once: the translators are swapped and the
window is built again around the same open document (undo history, open procedure,
tab, version and layout are kept), which retranslates every menu, tab, header and
status text without each widget having to know how.

For tests only, TRAMITE_QUIT_AFTER_MS=N quits N ms after the window is shown, once no
background work (e.g. loading the demo) is running, and prints what the window shows;
with TRAMITE_SCREENSHOT=FILE.png it also saves a picture of the window first.
"""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from models.db import Database, open_database
from procedures.i18n import _, normalise_language, set_default_language
from ui import dialogs
from ui.document import Document
from ui.icons import icon
from ui.main_window import APP_TITLE, MainWindow
from ui.qt_gaps import GapTranslator
from ui.settings import APPLICATION, ORGANIZATION, AppSettings
from ui.style import apply_style

log = logging.getLogger("tramite.app")
EXIT_BAD_INPUT = 2


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

    def open(self, target: str | None, *, first_run_demo: bool = False) -> bool:
        try:
            database = open_database(target)
        except Exception as error:  # a wrong URL, a server that is down, not a database
            from procedures.logfile import mask_secrets

            log.warning("cannot open %s: %s", target, error)  # the log masks passwords
            reason = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            dialogs.error(self.window, APP_TITLE, _(
                "The database {target} cannot be opened.").format(
                    target=mask_secrets(target or _("(default)"))), mask_secrets(reason))
            return False
        self._show(database, target)
        if first_run_demo and database.created and self.window is not None:
            QTimer.singleShot(0, self.window.load_demo)
        return True

    def _new_window(self) -> MainWindow:
        assert self.document is not None
        window = MainWindow(self.document, self.settings)
        window.open_requested.connect(self.open)
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
        version = old.workspace.version
        self.window = self._new_window()
        if self.window.workspace.procedure and version:
            self.window.workspace.show_version(version)
        self.window.show()
        old.keep_document = True
        old.close()
        old.deleteLater()

    def _show(self, database: Database, target: str | None) -> None:
        old_window, old_document = self.window, self.document
        if old_window is not None:
            old_window.save_state()
        self.document = Document(database, self.settings.author(), self)
        self.window = self._new_window()
        if target is not None:
            self.settings.remember_database(target)
        else:
            self.settings.set_value("database/last", "")
        self.window.show()
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
    target = db if db is not None else (settings.value("database/last") or None)
    if not controller.open(target, first_run_demo=target is None):
        if db is not None:
            return EXIT_BAD_INPUT
        if not controller.open(None, first_run_demo=True):
            return EXIT_BAD_INPUT
    quit_after = os.environ.get("TRAMITE_QUIT_AFTER_MS")
    if quit_after:
        _quit_when_idle(app, controller, int(quit_after))
    code = app.exec()
    if controller.document is not None:
        controller.document.close()
    return code


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
            print(f"TRAMITE_QUIT_AFTER_MS: {shown} visible={window.isVisible()}",
                  file=sys.stderr, flush=True)
            window.close()
        app.quit()

    QTimer.singleShot(delay_ms, check)
