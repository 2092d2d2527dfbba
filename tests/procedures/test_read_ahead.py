"""A package read in a second process (`read_ahead`) gives what reading it here gives: the
same entities, progress and problems, in either start method; a cancel, a failure or an
early stop leaves no process behind; and an import through it stores the same rows and
figures as one read in this process (both backends)."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from procedures.errors import Cancelled, InputError
from procedures.exchange import read_ahead as ahead
from procedures.exchange.package_read import read_package_file
from procedures.exchange.read_ahead import ReaderStopped, read_ahead
from procedures.i18n import use_language
from procedures.services.exports import export_package
from procedures.services.figures import check_figures, measure_for_storage
from procedures.services.imports import import_package
from procedures.snapshots import Entity
from tests.conftest import package_content
from tests.procedures.builders import english_messages
from tests.procedures.test_package_region import region_package

_english = english_messages()

METHODS = ("fork", "spawn")
FIVE = ("060101", "060102", "060103", "060201", "060202")


def _procedures(entity: Entity) -> tuple[str, int]:
    """A picklable piece of work: what a test can recognise."""
    return entity.ubigeo, len(entity.procedures)


def _boom(entity: Entity) -> None:
    raise ValueError(f"boom in {entity.ubigeo}")


def _disk(entity: Entity) -> None:
    raise OSError(errno.EIO, "Input/output error", entity.ubigeo)


def _die(entity: Entity) -> None:
    os._exit(3)


def _readers() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name == "tramite-package-reader"]


def _slowly(pairs: Iterator[tuple[Entity, Any]]) -> list[tuple[Entity, Any]]:
    """Take each entity as a writer would: busy for a while (the child has time)."""
    found = []
    for pair in pairs:
        found.append(pair)
        time.sleep(0.3)
    return found


def _problems(run: Any) -> list[Any]:
    with pytest.raises(InputError) as caught:
        run()
    return list(caught.value.problems)


@pytest.fixture(scope="module")
def five(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return region_package(tmp_path_factory.mktemp("ahead") / "five.tramite.json", FIVE)


@pytest.mark.parametrize("method", METHODS)
def test_the_same_entities_progress_and_work_as_reading_here(five: Path, method: str) -> None:
    here_calls: list[tuple[Any, ...]] = []
    there_calls: list[tuple[Any, ...]] = []
    here = list(read_package_file(five, lambda *a: here_calls.append(a)))
    pairs = _slowly(read_ahead(five, lambda *a: there_calls.append(a), _procedures,
                               method=method))
    assert [entity for entity, _work in pairs] == here
    assert there_calls == here_calls
    worked = [work for _entity, work in pairs]
    # Work done in advance is the work itself; the first is asked for at once (not done).
    assert worked[0] is None
    assert all(work in (None, _procedures(entity)) for entity, work in pairs)
    assert any(work is not None for work in worked[1:])
    assert _readers() == []


def test_read_here_the_work_is_left_to_the_caller(five: Path) -> None:
    pairs = list(read_ahead(five, work=_procedures, method="inline"))
    assert [entity for entity, _work in pairs] == list(read_package_file(five))
    assert all(work is None for _entity, work in pairs)


@pytest.mark.parametrize("method", METHODS)
def test_a_problem_in_the_third_municipality_is_the_same_problem(
        tmp_path: Path, five: Path, method: str) -> None:
    document = json.loads(five.read_text(encoding="utf-8"))
    activity = document["entities"][2]["procedures"][1]["versions"][0]["activities"][0]
    activity["minutes"] = -5
    activity["unit"] = "NOPE"
    bad = tmp_path / "bad.tramite.json"
    bad.write_text(json.dumps(document, indent=1), encoding="utf-8")

    expected = _problems(lambda: list(read_package_file(bad)))
    seen: list[str] = []

    def take() -> None:
        for entity, _work in read_ahead(bad, method=method):
            seen.append(entity.ubigeo)

    assert _problems(take) == expected
    assert len(expected) == 2
    assert seen == list(FIVE[:2])  # what came before the problem came, as here
    assert _readers() == []


@pytest.mark.parametrize("method", METHODS)
def test_the_problems_are_worded_in_the_language_of_the_caller(tmp_path: Path,
                                                                method: str) -> None:
    broken = tmp_path / "broken.tramite.json"
    broken.write_text('{"format": "tramite-claro-package", "version": 1, "entities": [{]}',
                      encoding="utf-8")
    with use_language("es"):
        expected = _problems(lambda: list(read_package_file(broken)))
        found = _problems(lambda: list(read_ahead(broken, method=method)))
    assert found == expected
    assert "JSON" in expected[0].message and "línea" in expected[0].message


@pytest.mark.parametrize("method", METHODS)
def test_a_cancel_stops_the_reader(five: Path, method: str) -> None:
    calls: list[int] = []

    def cancel_second(done: int, total: int, message: str = "") -> None:
        calls.append(done)
        if len(calls) == 2:
            raise Cancelled

    with pytest.raises(Cancelled):
        list(read_ahead(five, cancel_second, method=method))
    assert len(calls) == 2
    assert _readers() == []


def test_a_writer_that_stops_early_stops_the_reader(five: Path) -> None:
    stream = read_ahead(five, method="fork")
    first, _work = next(stream)
    assert first.ubigeo == FIVE[0]
    assert len(_readers()) == 1
    stream.close()
    assert _readers() == []


@pytest.mark.parametrize("method", METHODS)
def test_a_failing_piece_of_work_is_an_error_with_the_childs_traceback(
        five: Path, method: str) -> None:
    with pytest.raises(ReaderStopped, match=r"ValueError: boom in 06\d{4}"):
        _slowly(read_ahead(five, work=_boom, method=method))
    assert _readers() == []


def test_a_disk_error_in_the_reader_is_an_os_error(five: Path) -> None:
    with pytest.raises(OSError) as caught:
        _slowly(read_ahead(five, work=_disk, method="fork"))
    assert caught.value.errno == errno.EIO
    assert caught.value.filename in FIVE[1:]  # the first is asked for at once


def test_a_reader_that_dies_is_an_error_with_its_exit_code(five: Path) -> None:
    with pytest.raises(ReaderStopped, match=r"stopped unexpectedly \(exit code 3\)"):
        _slowly(read_ahead(five, work=_die, method="fork"))
    assert _readers() == []


def test_the_method_is_chosen_by_size_cores_and_threads(tmp_path: Path, five: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    assert ahead._method(five) == "inline"  # a small file
    assert ahead._method(tmp_path / "missing.tramite.json") == "inline"
    monkeypatch.setattr(ahead, "FORK_BYTES", 0)
    monkeypatch.setattr(ahead, "SPAWN_BYTES", 0)
    monkeypatch.setattr(ahead, "_one_thread", lambda: True)
    assert ahead._method(five) == ("fork" if sys.platform == "linux" else "spawn")
    monkeypatch.setattr(ahead, "_one_thread", lambda: False)
    assert ahead._method(five) == "spawn"
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert ahead._method(five) == "inline"


def test_one_thread_is_this_process_alone() -> None:
    import threading

    if not Path("/proc/self/task").is_dir():
        pytest.skip("no /proc here")
    alone = ahead._one_thread()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert ahead._one_thread() is False
    finally:
        stop.set()
        thread.join()
    deadline = time.monotonic() + 5  # the system thread ends just after join() returns
    while ahead._one_thread() is not alone and time.monotonic() < deadline:
        time.sleep(0.01)
    assert ahead._one_thread() is alone


def test_the_work_of_an_import_is_the_stored_figures_measurement(five: Path) -> None:
    work = partial(measure_for_storage, {})
    for entity, measured in _slowly(read_ahead(five, work=work, method="fork")):
        if measured is not None:
            assert measured == measure_for_storage({}, entity)


@pytest.mark.parametrize("method", METHODS)
def test_an_import_read_ahead_stores_what_one_read_here_stores(
        any_db: Any, tmp_path: Path, five: Path, method: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from models.db import open_database

    here = open_database(tmp_path / "here.sqlite")
    try:
        with here.session() as session, session.begin():
            expected = import_package(session, five)
        with here.session() as session:
            export_package(session, "06", tmp_path / "here.tramite.json")
            figures_here = _figures(session)
    finally:
        here.close()

    real = ahead.read_ahead
    slow_writer: list[int] = []

    def forced(path: Any, progress: Any, work: Any) -> Iterator[tuple[Entity, Any]]:
        for pair in real(path, progress, work, method=method):
            slow_writer.append(pair[1] is not None)
            yield pair
            time.sleep(0.2)  # as a writer busy with a big municipality

    monkeypatch.setattr("procedures.services.imports.read_ahead", forced)
    with any_db.session() as session, session.begin():
        result = import_package(session, five)
    assert (result.procedures, result.entities_created) == (
        expected.procedures, expected.entities_created)
    assert any(slow_writer)  # some municipalities came measured by the reader
    with any_db.session() as session:
        assert check_figures(session) == []
        assert _figures(session) == figures_here
        export_package(session, "06", tmp_path / "there.tramite.json")
    assert _content(tmp_path / "there.tramite.json") == _content(tmp_path / "here.tramite.json")


def _content(path: Path) -> Any:
    """A package's content without its ids (the file gives none to requirements, so each
    import makes its own; the procedures' and versions' are compared in the results)."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: strip(item) for key, item in value.items() if key != "id"}
        if isinstance(value, list):
            return [strip(item) for item in value]
        return value

    return strip(json.loads(package_content(path)))


def _figures(session: Any) -> list[tuple[str, ...]]:
    """Every stored figure by procedure uuid and version position, as text."""
    from sqlalchemy import select

    from models import tables as t

    figures = t.VersionFigures.__table__
    rows = session.execute(
        select(t.Procedure.uuid, t.Version.position, figures)
        .join(t.Version, t.Version.procedure_id == t.Procedure.id)
        .join(figures, figures.c.version_id == t.Version.id)).all()
    return sorted(tuple(str(value) for index, value in enumerate(row) if index != 2)
                  for row in rows)


def _silent_death(*args: Any) -> None:
    os._exit(1)


def test_a_reader_that_ends_before_saying_anything_is_replaced_by_reading_here(
        five: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []
    expected: list[tuple[Any, ...]] = []
    here = list(read_package_file(five, lambda *a: expected.append(a)))
    monkeypatch.setattr(ahead, "_serve", _silent_death)
    pairs = list(read_ahead(five, lambda *a: calls.append(a), _procedures, method="fork"))
    assert [entity for entity, _work in pairs] == here
    assert calls == expected
    assert _readers() == []


def test_a_reader_that_cannot_start_is_replaced_by_reading_here(
        five: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = multiprocessing.get_context

    class NoProcesses:
        def __init__(self, method: str) -> None:
            self.context = real(method)

        def Pipe(self, duplex: bool) -> Any:
            return self.context.Pipe(duplex=duplex)

        def Process(self, **kwargs: Any) -> Any:
            process = self.context.Process(**kwargs)

            def refuse() -> None:
                raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

            process.start = refuse
            return process

    monkeypatch.setattr(ahead.multiprocessing, "get_context", NoProcesses)
    pairs = list(read_ahead(five, method="spawn"))
    assert [entity for entity, _work in pairs] == list(read_package_file(five))


def test_every_snapshot_crosses_the_pipe_equal_to_itself(five: Path) -> None:
    import dataclasses
    import io
    import pickle

    from procedures import snapshots as s

    entity = next(iter(read_package_file(five)))
    origin = s.Origin("db-1", 7, (("db-0", 3),), (s.OriginChange(
        "activity", "u-1", "minutes", "ana", "2026-12-01T10:00:00", "Actual", "PA-01"),))
    values = (dataclasses.replace(entity, origin=origin),
              s.ReferenceValues(2026, entity.settings.uit or s.ONE, s.ONE))
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = ahead._snapshot_reducers()
    pickler.dump(values)
    back = pickle.loads(buffer.getvalue())
    assert back == values and repr(back) == repr(values)
    activity = back[0].procedures[0].versions[0].activities[0]
    assert type(activity) is s.Activity and activity.revision == entity.procedures[0].versions[
        0].activities[0].revision
    # Made by the slot builders (half the cost of __init__), found by pickle by name.
    assert buffer.getvalue().count(b"_build_Activity") == 1
