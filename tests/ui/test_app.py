"""Opening databases from the window: another file, a bad URL, the recent list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shiboken6


def test_open_another_database_replaces_the_window(qtbot: Any, qapp: Any, example_db: Path,
                                                   tmp_path: Path, settings: Any,
                                                   answers: Any) -> None:
    from ui.app import Controller

    controller = Controller(qapp, settings)
    try:
        assert controller.open(str(example_db))
        first = controller.window
        qtbot.addWidget(first)
        assert first.navigator.model.rowCount() == 1
        other = tmp_path / "otra.sqlite"
        answers.will("error", None)
        first.open_requested.emit(str(other))  # a recent file deleted meanwhile
        assert "otra.sqlite" in answers.asked[-1][1][2]
        assert not other.exists(), "opening never creates a file"
        assert controller.window is first
        first.new_requested.emit(str(other))  # File > New database…
        second = controller.window
        qtbot.addWidget(second)
        assert second is not first
        assert not shiboken6.isValid(first) or not first.isVisible()
        assert second.document.label == str(other)
        assert second.empty.title.text()  # an empty database says what to do
        assert settings.value("database/recent")[:2] == [str(other), str(example_db)]
        answers.will("error", None)
        assert not controller.open("postgresql+psycopg://nadie@127.0.0.1:1/nada")
        assert controller.window is second, "a database that fails keeps the open one"
    finally:
        if controller.document is not None:
            controller.document.close()
