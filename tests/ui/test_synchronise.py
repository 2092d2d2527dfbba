"""File ▸ Synchronise: the merge runs on the worker, then the conflicts dialog lists the
field both sides changed; choosing "theirs" is one undo step (Ctrl+Z puts the
database's value back, Ctrl+Y the file's again), recorded through the editing services."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from models.db import Database, open_database
from procedures import snapshots as s
from procedures.services import activities
from tests.conftest import EXAMPLE
from tests.procedures.merge_support import bring, edit, export, steps
from tests.ui.conftest import close_window, make_window


def both_sides(tmp_path: Path, laptop_edits: Callable[[Database], None],
               office_edits: Callable[[Database], None]) -> tuple[Path, Path]:
    """The office file with its edits, and the package the laptop sends back after its
    own (the laptop took the office's municipality first)."""
    office_path = tmp_path / "office.sqlite"
    office, laptop = open_database(office_path), open_database(tmp_path / "laptop.sqlite")
    try:
        bring(office, EXAMPLE)
        bring(laptop, export(office, tmp_path / "to.tramite.json"))
        laptop_edits(laptop)
        office_edits(office)
        back = export(laptop, tmp_path / "back.tramite.json")
    finally:
        office.close()
        laptop.close()
    return office_path, back


def set_minutes(db: Database, step: int, minutes: int, author: str) -> None:
    edit(db, activities.update_activity, steps(db)[step].uid, "minutes", Decimal(minutes),
         author=author)


@pytest.fixture
def synchronised(tmp_path: Path) -> tuple[Path, Path]:
    """The office file (step 1 set to 12 by ana) and the laptop's package (step 1 set
    to 15 by juan, step 2 to 8)."""
    def laptop_edits(laptop: Database) -> None:
        set_minutes(laptop, 0, 15, "juan")
        set_minutes(laptop, 1, 8, "juan")

    return both_sides(tmp_path, laptop_edits, lambda office: set_minutes(office, 0, 12, "ana"))


@pytest.fixture
def office_window(qtbot: Any, synchronised: tuple[Path, Path],
                  settings: Any) -> Iterator[Any]:
    main = make_window(qtbot, synchronised[0], settings)
    yield main
    close_window(qtbot, main)


def office_minutes(main: Any) -> list[Decimal]:
    from procedures.storage.read import load_entity

    entity = main.document.read(load_entity, "060101", procedures=True)
    return [a.minutes for a in entity.procedures[0].versions[0].activities]


def test_synchronise_lists_the_conflict_and_theirs_is_one_undo_step(
        qtbot: Any, office_window: Any, synchronised: tuple[Path, Path],
        monkeypatch: pytest.MonkeyPatch, qtmodeltester: Any, tmp_path: Path) -> None:
    from ui import file_ops
    from ui.item_models.conflicts import KEEP, MINE, THEIRS
    from ui.screens.merge_conflicts import MergeConflicts

    seen: dict[str, Any] = {}

    def answer(dialog: MergeConflicts) -> int:
        model = dialog.model
        qtmodeltester.check(model)
        seen["rows"] = model.rowCount()
        seen["mine"] = model.index(0, MINE).data()
        seen["theirs"] = model.index(0, THEIRS).data()
        seen["keep"] = model.index(0, KEEP).data()
        dialog.all_theirs.click()
        seen["after"] = model.index(0, KEEP).data(Qt.ItemDataRole.CheckStateRole)
        dialog.grab().save(str(tmp_path / "conflicts.png"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(MergeConflicts, "exec", answer)
    task = file_ops.run_merge(office_window, office_window.document,
                              office_window.statusBar(), str(synchronised[1]))
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    qtbot.waitUntil(lambda: "rows" in seen, timeout=10_000)
    assert seen["rows"] == 1
    assert seen["mine"].startswith("12 (ana, ") and seen["theirs"].startswith("15 (juan, ")
    assert seen["keep"] == "Mío"
    assert seen["after"] == Qt.CheckState.Checked
    assert (tmp_path / "conflicts.png").stat().st_size > 0
    assert office_minutes(office_window)[:2] == [15, 8]
    stack = office_window.document.stack
    assert stack.count() == 1
    stack.undo()
    assert office_minutes(office_window)[:2] == [12, 8]  # the merge itself stays
    stack.redo()
    assert office_minutes(office_window)[:2] == [15, 8]


def test_the_menu_command_is_greyed_on_an_empty_database(empty_window: Any) -> None:
    action = empty_window.commands["synchronise"]
    assert not action.isEnabled()
    assert "municipalidad" in action.toolTip() or "municipalidad" in action.statusTip()


def test_a_package_that_did_not_come_from_here_is_refused_in_words(
        qtbot: Any, window: Any, answers: Any) -> None:
    from ui import file_ops

    answers.will("open_file", str(EXAMPLE))  # a package with no origin
    answers.will("error", None)
    task = file_ops.run_merge(window, window.document, window.statusBar())
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    qtbot.waitUntil(lambda: any(name == "error" for name, _a in answers.asked),
                    timeout=10_000)
    _name, args = next(item for item in answers.asked if item[0] == "error")
    assert args[1] == "Sincronizar"
    assert args[2].startswith("No se fusionó nada:")
    assert "Archivo ▸ Importar" in args[2] and "--" not in args[2]  # no command-line option
    assert window.document.stack.count() == 0


def test_the_menu_command_merges_without_conflicts_quietly(
        qtbot: Any, window: Any, answers: Any, example_db: Path, tmp_path: Path) -> None:
    """File ▸ Sincronizar… on a package whose changes do not collide with the office's:
    no dialog, the status bar says the summary, the laptop's change is in."""
    office, laptop = open_database(example_db), open_database(tmp_path / "laptop.sqlite")
    try:
        bring(laptop, export(office, tmp_path / "to.tramite.json"))
        edit(laptop, activities.update_activity, steps(laptop)[4].uid, "minutes",
             Decimal(33), author="juan")
        package = export(laptop, tmp_path / "quiet.tramite.json")
    finally:
        office.close()
        laptop.close()
    answers.will("open_file", str(package))
    shown: list[str] = []
    window.statusBar().messageChanged.connect(shown.append)
    window.commands["synchronise"].trigger()
    qtbot.waitUntil(lambda: any(m.startswith("fusionado: 1 cambio") for m in shown),
                    timeout=30_000)
    assert office_minutes(window)[4] == 33
    assert window.document.stack.count() == 0


def test_a_step_deleted_in_the_file_and_changed_here_is_decided_in_the_dialog(
        qtbot: Any, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Theirs deletes the step the database changed, one undo step brings it back."""
    from ui import file_ops
    from ui.item_models.conflicts import KEEP
    from ui.screens.merge_conflicts import MergeConflicts

    changed: list[s.Activity] = []

    def office_edits(office: Database) -> None:
        set_minutes(office, 2, 33, "ana")
        changed.append(steps(office)[2])

    office_path, back = both_sides(
        tmp_path, lambda laptop: edit(laptop, activities.delete_activities,
                                      [steps(laptop)[2].uid], author="juan"), office_edits)
    main = make_window(qtbot, office_path, settings)
    seen: dict[str, Any] = {}

    def answer(dialog: MergeConflicts) -> int:
        model = dialog.model
        seen["flags"] = model.index(0, KEEP).flags()
        model.setData(model.index(0, KEEP), Qt.CheckState.Checked.value,
                      Qt.ItemDataRole.CheckStateRole)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(MergeConflicts, "exec", answer)
    try:
        task = file_ops.run_merge(main, main.document, main.statusBar(), str(back))
        assert task is not None
        qtbot.waitUntil(lambda: task.done, timeout=30_000)
        qtbot.waitUntil(lambda: "flags" in seen, timeout=10_000)
        assert seen["flags"] & Qt.ItemFlag.ItemIsUserCheckable

        def uids() -> list[str]:
            from procedures.storage.read import load_entity

            entity = main.document.read(load_entity, "060101", procedures=True)
            return [a.uid for a in entity.procedures[0].versions[0].activities]

        qtbot.waitUntil(lambda: changed[0].uid not in uids(), timeout=10_000)
        main.document.stack.undo()
        assert uids()[2] == changed[0].uid
        assert office_minutes(main)[2] == 33
    finally:
        close_window(qtbot, main)
