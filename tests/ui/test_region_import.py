"""The window imports a package of several municipalities on its worker, with progress
and Cancel: a Cancel after the first municipality is written leaves the database as it
was; without it, every municipality arrives. Both with the file read on the worker and
read ahead in a second process (started afresh: the window runs threads)."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from procedures.exchange import read_ahead
from procedures.storage import write
from tests.conftest import table_dump
from tests.procedures.test_package_region import UBIGEOS, region_package
from ui import file_ops


@pytest.fixture(params=["inline", "spawn"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
           ) -> Iterator[str]:
    """Where the package is read: on the worker, or in a second process (any size)."""
    if request.param == "spawn":
        monkeypatch.setattr(read_ahead, "FORK_BYTES", 0)
        monkeypatch.setattr(read_ahead, "SPAWN_BYTES", 0)
    chosen: list[str] = []
    method = read_ahead._method
    monkeypatch.setattr(read_ahead, "_method", lambda path: chosen.append(method(path))
                        or chosen[-1])
    yield str(request.param)
    assert chosen == [request.param]  # the window runs threads: never forked


def _readers() -> list[Any]:
    return [p for p in multiprocessing.active_children() if p.name == "tramite-package-reader"]


def _entities(main: Any) -> list[str]:
    from sqlalchemy import select

    from models import tables as t

    with main.document.database.session() as session:
        return sorted(session.scalars(select(t.Entity.ubigeo)))


def test_a_cancelled_import_of_a_region_writes_nothing(
        qtbot: Any, empty_window: Any, tmp_path: Path, monkeypatch: Any, reader: str) -> None:
    main = empty_window
    package = region_package(tmp_path / "region.tramite.json")
    before = table_dump(main.document.database)
    held: dict[str, Any] = {}
    started = threading.Event()
    written: list[str] = []
    add = write._Import.add

    def add_then_cancel(self: Any, index: int, entity: Any) -> None:  # worker thread
        add(self, index, entity)
        written.append(entity.ubigeo)
        started.wait(10)
        held["task"].cancel()  # Cancel pressed once the first municipality is written

    monkeypatch.setattr(write._Import, "add", add_then_cancel)
    task = file_ops.run_import(main, main.document, main.statusBar(), str(package))
    held["task"] = task
    started.set()
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert written == [UBIGEOS[0]]
    assert table_dump(main.document.database) == before
    assert main.statusBar().currentMessage()  # says it was cancelled
    assert _readers() == []


def test_a_region_package_is_imported_from_the_window(
        qtbot: Any, empty_window: Any, tmp_path: Path, reader: str) -> None:
    main = empty_window
    package = region_package(tmp_path / "region.tramite.json")
    task = file_ops.run_import(main, main.document, main.statusBar(), str(package))
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    assert _entities(main) == sorted(UBIGEOS)
    assert _readers() == []
