"""The municipality's logo in the settings dialog: chosen from a file, previewed,
removed; every change one undo step; a file that is not a logo is refused in words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from procedures.i18n import _
from procedures.services.queries import entity_snapshot
from tests.procedures.test_logo import JPEG, PNG


def _logo(window: Any) -> bytes | None:
    return window.document.read(entity_snapshot, "060101").settings.logo


def test_choose_preview_remove_and_undo(qtbot: Any, window: Any, tmp_path: Path,
                                        answers: Any) -> None:
    from ui.screens.entity_settings import EntitySettings

    dialog = EntitySettings(window.document, "060101", window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.logo_preview.pixmap().isNull() and not dialog.logo_remove.isEnabled()
    chosen = tmp_path / "escudo.png"
    chosen.write_bytes(PNG)
    # The button opens the system's file dialog; here it answers with the file.
    answers.will("open_file", str(chosen))
    qtbot.mouseClick(dialog.logo_choose, Qt.MouseButton.LeftButton)
    assert answers.asked[-1][0] == "open_file"
    assert _logo(window) == PNG
    preview = dialog.logo_preview.pixmap()
    assert not preview.isNull() and dialog.logo_remove.isEnabled()
    # Kept in proportion inside the preview box (300 × 120: 2.5 wide for 1 high).
    assert abs(preview.width() / preview.height() - 2.5) < 0.05
    assert preview.width() <= dialog.logo_preview.width()
    other = tmp_path / "logo.jpg"
    other.write_bytes(JPEG)
    dialog.set_logo_file(str(other))
    assert _logo(window) == JPEG
    qtbot.mouseClick(dialog.logo_remove, Qt.MouseButton.LeftButton)
    assert _logo(window) is None and dialog.logo_preview.pixmap().isNull()
    stack = window.document.stack
    assert stack.undoText() == _("Change {field}").format(field=_("Logo").lower())
    stack.undo()
    assert _logo(window) == JPEG and not dialog.logo_preview.pixmap().isNull()
    stack.undo()
    assert _logo(window) == PNG
    stack.redo()
    assert _logo(window) == JPEG


def test_a_file_that_is_not_a_logo_is_refused_in_words(qtbot: Any, window: Any,
                                                        tmp_path: Path) -> None:
    from ui.screens.entity_settings import EntitySettings

    dialog = EntitySettings(window.document, "060101", window)
    qtbot.addWidget(dialog)
    dialog.show()
    fake = tmp_path / "escudo.png"
    fake.write_text("not really a picture", encoding="utf-8")
    count = window.document.stack.count()
    dialog.set_logo_file(str(fake))
    assert "PNG" in dialog.problems.text() and "JPEG" in dialog.problems.text()
    assert window.document.stack.count() == count and _logo(window) is None


def test_enter_in_a_field_does_not_open_the_file_dialog(qtbot: Any, window: Any) -> None:
    from ui.screens.entity_settings import EntitySettings

    dialog = EntitySettings(window.document, "060101", window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    field = dialog.fields["phone"]
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Return)  # an unexpected dialog would fail the test
    assert dialog.isVisible()
