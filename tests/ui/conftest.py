"""Window tests: real SQLite files, offscreen Qt, and no Qt warning allowed.

Every test in this folder fails on a Qt warning (the `qt_log_level_fail` marker is
added here rather than in pyproject.toml). No dialog may open: `ui.dialogs` is replaced
by stand-ins that fail the test unless the test says what the person answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLE

# What the offscreen platform cannot do (windows, popups); not our bugs.
IGNORED = ("This plugin does not support propagateSizeHints",
           "This plugin does not support raise",
           "This plugin does not support grabbing the keyboard")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(*IGNORED))


class Answers:
    """What the person answers to each dialog; unexpected dialogs fail the test."""

    def __init__(self) -> None:
        self.queue: dict[str, list[Any]] = {}
        self.asked: list[tuple[str, tuple[Any, ...]]] = []

    def will(self, name: str, *answers: Any) -> None:
        self.queue.setdefault(name, []).extend(answers)

    def answer(self, name: str) -> Callable[..., Any]:
        def respond(*args: Any, **kwargs: Any) -> Any:
            self.asked.append((name, args))
            pending = self.queue.get(name)
            if not pending:
                pytest.fail(f"unexpected dialog ui.dialogs.{name}{args[1:3]}")
            return pending.pop(0)

        return respond


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    from ui import dialogs

    script = Answers()
    for name in ("ask", "inform", "error", "text", "open_file", "save_file", "choose",
                 "new_procedure", "open_database", "preferences", "pick_uses", "print_setup",
                 "options", "existing_procedures", "database_copies", "edit_step",
                 "password"):
        monkeypatch.setattr(dialogs, name, script.answer(name))
    return script


@pytest.fixture(autouse=True, scope="session")
def _app_style(qapp: Any) -> None:
    """The application as `ui.app` sets it up (style, Spanish words, es-PE), once."""
    from ui.app import create_application, install_language

    create_application()
    install_language(qapp, "es")


@pytest.fixture(autouse=True)
def _spanish() -> Iterator[None]:
    from procedures.i18n import set_default_language

    set_default_language("es")
    yield
    set_default_language("es")


@pytest.fixture
def settings(tmp_path: Path) -> Any:
    from PySide6.QtCore import QSettings

    from ui.settings import AppSettings

    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def example_db(db_path: Path) -> Path:
    """A SQLite file with the worked example (Certificado de posesión) imported."""
    from models.db import open_database
    from procedures.services.imports import import_package

    db = open_database(db_path)
    with db.session() as session, session.begin():
        import_package(session, EXAMPLE)
    db.close()
    return db_path


def make_window(qtbot: Any, path: Path, settings: Any, size: bool = True) -> Any:
    from models.db import open_database
    from ui.document import Document
    from ui.main_window import MainWindow

    document = Document(open_database(path), "prueba")
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    if size:
        window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot: Any, example_db: Path, settings: Any) -> Iterator[Any]:
    """The main window on the worked example."""
    main = make_window(qtbot, example_db, settings)
    yield main
    close_window(qtbot, main)


@pytest.fixture
def empty_window(qtbot: Any, db_path: Path, settings: Any) -> Iterator[Any]:
    """The main window on an empty (migrated) database."""
    main = make_window(qtbot, db_path, settings)
    yield main
    close_window(qtbot, main)


def close_window(qtbot: Any, main: Any) -> None:
    """pytest-qt closes the window first (closeEvent saves state and stops the worker);
    then the database is closed."""
    import shiboken6

    document = main.document
    if shiboken6.isValid(main):
        main.close()
    document.tasks.shutdown()
    document.close()


def wait_figures(qtbot: Any, main: Any) -> Any:
    """Wait until the engine's figures of the open version have arrived."""
    figures = main.workspace.figures
    qtbot.waitUntil(lambda: not figures.pending and figures.current is not None,
                    timeout=10_000)
    return figures.current
