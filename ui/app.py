"""Start the window: QApplication, languages, the database, the main window.

`run_app(db, lang)` is what `main.py` calls without a command; it returns the exit code.
The default database is the user's own file (platformdirs); the first time it is
created, the Cajamarca demo is loaded in the background. A database given with `--db`
starts empty. Languages: our gettext catalogue for our words (`procedures.i18n`) and
Qt's own `qtbase_es.qm` for the standard dialogs; numbers and money are es-PE.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from models.db import Database, open_database
from procedures.i18n import _, normalise_language, set_default_language
from ui import dialogs
from ui.document import Document
from ui.icons import icon
from ui.main_window import APP_TITLE, MainWindow
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


def install_language(app: QApplication, lang: str) -> list[QTranslator]:
    """Our language for `_()`, the es-PE (or English) locale, Qt's own translations."""
    lang = normalise_language(lang)
    set_default_language(lang)
    if lang == "es":
        QLocale.setDefault(QLocale(QLocale.Language.Spanish, QLocale.Country.Peru))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    translators = []
    if lang != "en":
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = QTranslator(app)
        if translator.load(f"qtbase_{lang}", folder):
            app.installTranslator(translator)
            translators.append(translator)
    return translators


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
            log.warning("cannot open %s: %s", target, error)
            dialogs.error(self.window, APP_TITLE, _(
                "The database {target} cannot be opened.").format(
                    target=target or _("(default)")), str(error).strip().splitlines()[0]
                if str(error).strip() else repr(error))
            return False
        self._show(database, target)
        if first_run_demo and database.created and self.window is not None:
            QTimer.singleShot(0, self.window.load_demo)
        return True

    def _show(self, database: Database, target: str | None) -> None:
        old_window, old_document = self.window, self.document
        if old_window is not None:
            old_window.save_state()
        self.document = Document(database, self.settings.author(), self)
        self.window = MainWindow(self.document, self.settings)
        self.window.open_requested.connect(self.open)
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
    code = app.exec()
    if controller.document is not None:
        controller.document.close()
    return code
