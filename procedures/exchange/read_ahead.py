"""A package read (and its municipalities worked on) in a second process, one step ahead.

Importing a region is reading and checking half a gigabyte of JSON, measuring every
version, and writing the rows: on one interpreter these take turns, and threads cannot
share the work (Python's GIL; SQLite's inserts keep it too, measured). Here a child
process runs `read_package_file` while this process writes the previous municipality,
and uses the time it would spend waiting for this one to do `work` on the municipality
it holds (the stored figures' measurement): this process asks for each municipality when
it is ready for it, and one it asks for is sent at once, without the work (done here
then). So the work goes to whichever process has time, and an import on two cores takes
about as long as its longer half.

Nothing changes for the caller: the same entities in the same order, the same progress
calls just before each, the same `InputError` with the same problems at the end, and a
`Cancelled` raised by `progress` stops the child. The child is at most about one
municipality ahead (a pipe's send waits for the reader), so memory stays that of a
municipality or two. Small files, or a machine with one core, are read in this process.

The child is forked where that is safe (Linux, this process running one thread: the
command line), else started afresh (`spawn`: the window's worker thread, Windows,
macOS), which costs a fresh interpreter's start and so is kept for larger files.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import io
import multiprocessing
import os
import pickle
import sys
import traceback
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

from procedures import snapshots
from procedures.collector import cycle_collector_paused
from procedures.errors import InputError
from procedures.exchange.package_read import read_package_file
from procedures.i18n import current_language, use_language
from procedures.progress import Progress, no_progress
from procedures.snapshots import Entity, slot_builder

T = TypeVar("T")

#: Files smaller than this are read in this process (the child would not pay for itself).
FORK_BYTES = 8 * 1024 * 1024
#: The same for a child started afresh (about half a second of start-up to win back).
SPAWN_BYTES = 32 * 1024 * 1024

_PROGRESS, _ENTITY, _PROBLEMS, _MEMORY, _OS_ERROR, _FAILED, _END = range(7)


class ReaderStopped(RuntimeError):
    """The reading process failed in a way that is not a problem of the file."""


class _NotStarted(Exception):
    """The reading process could not start, or ended before saying anything."""


def read_ahead(path: str | Path, progress: Progress = no_progress,
               work: Callable[[Entity], T] | None = None, *,
               method: str | None = None) -> Iterator[tuple[Entity, T | None]]:
    """`read_package_file(path, progress)` as (entity, `work(entity)` or None) pairs, read
    in a second process when the file is large enough.

    The result is None when the work was not done in advance (read in this process, or
    this process asked for the entity before the child had time): the caller then does
    what it needs itself. `work` must be picklable (a module-level function, or a
    `functools.partial` of one) for a child started afresh; its exceptions are reported
    like the reader's own.
    `method` forces "fork", "spawn" or "inline" (tests); by default it is chosen here.
    """
    chosen = method or _method(Path(path))
    if chosen != "inline":
        try:
            yield from _from_child(str(path), progress, work, chosen)
            return
        except _NotStarted:
            pass  # no process to read in (nothing came from it): read here
    for entity in read_package_file(path, progress):
        yield entity, None


def _method(path: Path) -> str:
    """Fork for the command line on Linux, spawn for big files elsewhere, else inline."""
    try:
        size = path.stat().st_size
    except OSError:
        return "inline"  # the reader words why the file cannot be read
    if (os.cpu_count() or 1) < 2:
        return "inline"
    if sys.platform == "linux" and _one_thread() and size >= FORK_BYTES:
        return "fork"
    return "spawn" if size >= SPAWN_BYTES else "inline"


def _one_thread() -> bool:
    """Whether this process runs a single thread (forking one that runs more may leave
    the child holding a lock no thread will release)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def _from_child(path: str, progress: Progress, work: Callable[[Entity], T] | None,
                method: str) -> Iterator[tuple[Entity, T | None]]:
    # typeshed's BaseContext lacks Process (each start method's context has it)
    context: Any = multiprocessing.get_context(method)
    receiver, sender = context.Pipe(duplex=False)
    requests, asker = context.Pipe(duplex=False)
    child = context.Process(target=_serve,
                            args=(path, sender, requests, work, current_language()),
                            name="tramite-package-reader", daemon=True)
    try:
        child.start()
    except OSError:
        for end in (receiver, sender, requests, asker):
            end.close()
        raise _NotStarted from None
    sender.close()  # the child holds the writing end: its exit ends the stream
    requests.close()
    heard = False
    try:
        while True:
            try:
                if not receiver.poll():
                    _ask(asker)
                message = pickle.loads(receiver.recv_bytes())
                heard = True
            except EOFError:
                child.join(5)
                if not heard:
                    raise _NotStarted from None
                raise ReaderStopped(
                    f"the package reader stopped unexpectedly (exit code {child.exitcode})"
                ) from None
            kind = message[0]
            if kind == _ENTITY:
                yield message[1], message[2]
            elif kind == _PROGRESS:
                progress(*message[1:])
            elif kind == _END:
                return
            elif kind == _PROBLEMS:
                raise InputError(message[1])
            elif kind == _MEMORY:
                raise MemoryError()
            elif kind == _OS_ERROR:
                raise OSError(*message[1:])
            else:
                raise ReaderStopped(f"the package reader failed:\n{message[1]}")
    finally:
        receiver.close()
        asker.close()
        if child.is_alive():
            child.terminate()  # a cancel, a problem in the writing, or the end
        child.join()
        child.close()


def _ask(asker: Connection) -> None:
    """Tell the child this process is waiting: what it holds is wanted as it is."""
    with contextlib.suppress(OSError):  # the child is gone: receiving says how
        asker.send_bytes(b"")


def _serve(path: str, sender: Connection, requests: Connection,
           work: Callable[[Entity], Any] | None, language: str) -> None:
    """The child: read, work while the parent is busy, send; any failure is sent as a
    message, never raised."""
    send = _Sender(sender)
    asked = _Asked(requests)

    def forward(done: int, total: int, message: str = "") -> None:
        send((_PROGRESS, done, total, message))

    try:
        try:
            with use_language(language), cycle_collector_paused():  # no cycles: see there
                for entity in read_package_file(path, forward):
                    done = work(entity) if work is not None and not asked() else None
                    send((_ENTITY, entity, done))
                send((_END,))
        except BrokenPipeError:
            raise
        except InputError as error:
            send((_PROBLEMS, error.problems))
        except MemoryError:
            send((_MEMORY,))
        except OSError as error:
            send((_OS_ERROR, error.errno, error.strerror, error.filename))
        except Exception:  # the parent words it: a child must not die silently
            send((_FAILED, traceback.format_exc()))
    except (BrokenPipeError, KeyboardInterrupt):
        pass  # the parent stopped listening (a cancel, a problem) or was interrupted too
    finally:
        sender.close()
        requests.close()


class _Asked:
    """Whether the parent is waiting for the next entity: it asks (an empty message)
    only when nothing is there for it to read."""

    def __init__(self, requests: Connection) -> None:
        self.requests = requests

    def __call__(self) -> bool:
        waiting = False
        try:
            while self.requests.poll():
                self.requests.recv_bytes()
                waiting = True
        except (EOFError, OSError):
            return True  # the parent is gone: do no more work for it
        return waiting


class _Sender:
    """Pickles messages with snapshots as plain tuples of their fields (half the bytes'
    work of the dataclasses' own state functions)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.table = _snapshot_reducers()

    def __call__(self, message: tuple[Any, ...]) -> None:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = self.table
        pickler.dump(message)
        try:
            self.connection.send_bytes(buffer.getbuffer())
        except (BrokenPipeError, OSError):
            raise BrokenPipeError from None


def _snapshot_classes() -> list[type]:
    """The dataclasses of `procedures.snapshots` that are made from all their fields."""
    return [value for value in vars(snapshots).values()
            if isinstance(value, type) and dataclasses.is_dataclass(value)
            and value.__module__ == snapshots.__name__
            and all(field.init for field in dataclasses.fields(value))]


def _builders() -> dict[type, Callable[..., Any]]:
    """Per snapshot class, what the receiving process makes it with: `slot_builder`'s
    function (half the cost of `__init__`, same object), kept here under a name that
    pickle finds (`_build_Activity`); the class itself where there is none."""
    found: dict[type, Callable[..., Any]] = {}
    for cls in _snapshot_classes():
        try:
            build: Callable[..., Any] = slot_builder(cls)
        except TypeError:
            found[cls] = cls
            continue
        build.__name__ = build.__qualname__ = f"_build_{cls.__name__}"
        build.__module__ = __name__
        globals()[build.__name__] = build
        found[cls] = build
    return found


_BUILDERS = _builders()


def _snapshot_reducers() -> dict[type, Callable[[Any], Any]]:
    """copyreg's table plus: each snapshot made again from its fields in order (equal to
    the original, defaults and all)."""
    table: dict[type, Callable[[Any], Any]] = dict(copyreg.dispatch_table)
    for cls, build in _BUILDERS.items():
        names = tuple(field.name for field in dataclasses.fields(cls))
        table[cls] = _reducer(build, names)
    return table


def _reducer(build: Callable[..., Any], names: tuple[str, ...]
             ) -> Callable[[Any], tuple[Any, ...]]:
    fields = attrgetter(*names)
    if len(names) == 1:
        return lambda obj: (build, (fields(obj),))
    return lambda obj: (build, fields(obj))
