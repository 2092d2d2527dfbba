"""A window that keeps up (issue #17, point 5): a real main window, offscreen, on a
200-activity procedure. A script, not a test.

    uv run python bench/bench_window.py [--activities 200] [--procedures 6] [--repeat 5]
        [--profile PREFIX] [--screenshots FOLDER] [--unstyled]

The window has the application's style and style sheet (`ui.style.apply_style`, as
`main.py` gives it; the bare table baseline too), unless `--unstyled`.

Figures, each the median of the repeats, as wall clock and as CPU time of the process
(the window's thread and its worker: less sensitive to a loaded machine), each with its
ratio to a baseline of the same run; every one ends once what it changed is painted:
- open: from `open_procedure` until the step table is filled and the status bar shows
  the engine's figures (target 100 ms);
- flowchart / costs: showing that tab of the open procedure (part of "open" for a clerk
  who looks at it; target within the same 100 ms);
- edit: from a typed cell (the model's setData, as the delegate commits it) until the
  change is stored and every figure on screen is the new one (target 50 ms), once in
  the proposal (a to-be step) and once in the as-is version (whose minutes move the
  municipality's allocation rates, so every stored figure of it is costed again);
- tab switches: how many times the engine measured while switching through every tab
  of a procedure that did not change (target 0).
Baselines measured in the same run: the engine alone measuring the same version (a
session and `measure`), and a bare QTableView filled with the same 200 × 12 cells.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView

import ui  # noqa: F401  # its guard (ui/refcount_guard.py) before the window work
from models.codes import ActivityType
from models.db import open_database
from procedures.demo.bootstrap import load_synthetic
from procedures.services import measurement
from procedures.services.queries import procedure_header, procedure_index
from procedures.services.versions import create_proposal


def _wait(app: QApplication, done: Callable[[], bool], limit_s: float = 30.0) -> None:
    deadline = time.perf_counter() + limit_s
    while not done():
        app.processEvents()
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not finish in time")
        time.sleep(0.0005)


def _painted(app: QApplication) -> None:
    """What the last step asked to be painted is painted (offscreen: into the window's
    backing store), so that a figure counts as on screen only once it is drawn."""
    app.processEvents()
    app.processEvents()


def _now() -> tuple[float, float]:
    """Wall clock and the process's CPU time (every thread: the window and its worker)."""
    return time.perf_counter(), time.process_time()


def _since(started: tuple[float, float]) -> tuple[float, float]:
    """Milliseconds of wall clock and of CPU since `started`."""
    wall, cpu = _now()
    return (wall - started[0]) * 1000, (cpu - started[1]) * 1000


def _screenshots(app: QApplication, window: Any, uuid: str, folder: Path) -> None:
    from ui.screens.workspace import ACTIVITIES, COSTS, FLOW

    folder.mkdir(parents=True, exist_ok=True)
    window.open_procedure(uuid)
    window.statusBar().clearMessage()  # the bench's own "no such procedure" notices
    figures = window.workspace.figures
    _wait(app, lambda: not figures.pending and figures.current is not None)
    for tab, name in ((ACTIVITIES, "table"), (FLOW, "flowchart"), (COSTS, "costs")):
        window.workspace.tabs.setCurrentIndex(tab)
        _painted(app)
        window.grab().save(str(folder / f"window-{name}.png"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=200)
    parser.add_argument("--procedures", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", metavar="PREFIX",
                        help="write cProfile statistics of the opens and of the edits "
                             "to PREFIX-open.prof and PREFIX-edit.prof")
    parser.add_argument("--unstyled", action="store_true",
                        help="without the application's style sheet (as before session 5)")
    parser.add_argument("--screenshots", metavar="FOLDER",
                        help="also save the window on the table, flowchart and costs tabs "
                             "of the first procedure as PNG files there")
    args = parser.parse_args()
    profiles = {name: cProfile.Profile() for name in ("open", "edit")} if args.profile else {}

    def profiled(name: str) -> contextlib.AbstractContextManager[object]:
        profile = profiles.get(name)
        return profile if profile is not None else contextlib.nullcontext()

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    if not args.unstyled:
        from ui.style import apply_style

        apply_style(app)
    folder = Path(tempfile.mkdtemp(prefix="bench-window-"))
    path = folder / "window.sqlite"
    database = open_database(path)
    with database.session() as session, session.begin():
        load_synthetic(session, 1, args.procedures, args.activities)
    with database.session() as session:
        uuids = [item.uuid for item in procedure_index(session)]
        versions = {uuid: procedure_header(session, uuid).versions[0].uuid for uuid in uuids}
    with database.session() as session, session.begin():  # a proposal for each
        proposals = {uuid: create_proposal(session, versions[uuid], "Propuesta")
                     for uuid in uuids}
    database.close()

    from ui.document import Document
    from ui.main_window import MainWindow
    from ui.screens.workspace import ACTIVITIES, COSTS, FLOW
    from ui.settings import AppSettings

    settings = AppSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    document = Document(open_database(path), "bench")
    window = MainWindow(document, settings)
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    workspace = window.workspace
    figures = workspace.figures

    measured = {"count": 0}
    original = measurement.measure

    def counting(*a: object, **k: object) -> object:
        measured["count"] += 1
        return original(*a, **k)  # type: ignore[arg-type]  # a transparent wrapper

    measurement.measure = counting  # type: ignore[assignment]  # counts the engine's runs

    def shown() -> bool:
        return not figures.pending and figures.current is not None

    Times = list[tuple[float, float]]
    opens: Times = []
    flows: Times = []
    costs: Times = []
    as_is_edits: Times = []
    to_be_edits: Times = []
    switches: list[int] = []
    for round_number in range(args.repeat):
        for uuid in uuids:
            workspace.tabs.setCurrentIndex(ACTIVITIES)
            window.open_procedure("")  # nothing: the next open is a real one
            with profiled("open"):
                started = _now()
                window.open_procedure(uuid)
                _wait(app, shown)
                _painted(app)
                opens.append(_since(started))
            started = _now()
            workspace.tabs.setCurrentIndex(FLOW)
            _painted(app)
            flows.append(_since(started))
            started = _now()
            workspace.tabs.setCurrentIndex(COSTS)
            _painted(app)
            costs.append(_since(started))
            # Switching through every tab of an unchanged procedure measures nothing.
            before = measured["count"]
            for tab in range(workspace.tabs.count()):
                workspace.tabs.setCurrentIndex(tab)
                app.processEvents()
            _wait(app, shown)
            switches.append(measured["count"] - before)
            # One typed cell: minutes of a step, of the as-is version (its minutes move
            # the municipality's allocation rates) and of the proposal.
            workspace.tabs.setCurrentIndex(ACTIVITIES)
            app.processEvents()
            for version, times in ((versions[uuid], as_is_edits), (proposals[uuid], to_be_edits)):
                workspace.show_version(version)
                # Typing a cell takes longer than the worker's leftovers (the suggestions
                # and comparison the tab switches asked for): they are not the edit's.
                _wait(app, lambda: shown() and not document.tasks.busy)
                model = workspace.activities.model
                assert model is not None
                column = next(i for i, c in enumerate(model.columns) if c.key == "minutes")
                # A step of a unit (not the citizen's, not a wait): its minutes count in
                # the allocation, so an as-is edit moves the municipality's rates.
                row = next(n for n, a in enumerate(model.rows)
                           if a.unit is not None and a.type is not ActivityType.ESPERA)
                index = model.index(row, column)
                value = 11 + round_number
                previous = figures.current
                with profiled("edit"):
                    started = _now()
                    model.setData(index, str(value), Qt.ItemDataRole.EditRole)
                    def new_figures(before: object = previous) -> bool:
                        return shown() and figures.current is not before

                    _wait(app, new_figures)
                    _painted(app)
                    times.append(_since(started))
                assert figures.current is not None
                shown_minutes = figures.current.version.activities[row].minutes
                assert shown_minutes == value, (shown_minutes, value)  # the new figures

    measurement.measure = original
    for name, profile in profiles.items():
        profile.dump_stats(f"{args.profile}-{name}.prof")
    # Baselines: the engine alone, and a bare table of the same size.
    engine_runs: Times = []
    with document.database.session() as session:
        for _round in range(args.repeat):
            for uuid in uuids:
                started = _now()
                original(session, versions[uuid])
                engine_runs.append(_since(started))
    bare: Times = []
    rows = workspace.activities.model.rowCount() if workspace.activities.model else 0
    for _round in range(args.repeat):
        started = _now()
        table = QTableView()
        items = QStandardItemModel(rows, 12)
        for row in range(rows):
            for column in range(12):
                items.setItem(row, column, QStandardItem(f"{row}·{column}"))
        table.setModel(items)
        table.resize(1100, 500)
        table.show()
        _painted(app)
        bare.append(_since(started))
        table.close()
    if args.screenshots:
        _screenshots(app, window, uuids[0], Path(args.screenshots))
    window.close()
    document.close()
    window.deleteLater()
    app.processEvents()

    def line(name: str, values: list[tuple[float, float]], target: float | None,
             base: tuple[float, float]) -> None:
        wall, cpu = (statistics.median(v[i] for v in values) for i in (0, 1))
        goal = f"   target {target:.0f} ms" if target else ""
        ratio = f"{wall / base[0]:5.1f}× ({cpu / base[1]:4.1f}× CPU)" if base[0] else ""
        print(f"{name:<40} {wall:7.1f} ms ({cpu:6.1f} CPU)  {ratio}{goal}")

    def median(values: list[tuple[float, float]]) -> tuple[float, float]:
        return (statistics.median(v[0] for v in values),
                statistics.median(v[1] for v in values))

    engine, table_base = median(engine_runs), median(bare)
    both = (engine[0] + table_base[0], engine[1] + table_base[1])
    print(f"{args.activities}-activity procedures, {len(opens)} opens, Qt "
          f"{QApplication.platformName()}{', unstyled' if args.unstyled else ''}, "
          f"load average {os.getloadavg()[0]:.2f}")
    print("median wall clock (CPU of the process); ratio to the baseline named")
    line("baseline: engine alone (measure)", engine_runs, None, (0, 0))
    line("baseline: bare QTableView, same cells", bare, None, (0, 0))
    line("open (table + status bar figures)", opens, 100, both)
    print("  ↑ ratio to engine + bare table")
    line("show the flowchart tab", flows, 100, table_base)
    line("show the costs tab", costs, 100, table_base)
    print("  ↑ ratio to the bare table")
    line("edit of a to-be step → stored + shown", to_be_edits, 50, engine)
    line("edit of an as-is step → stored + shown", as_is_edits, 50, engine)
    print("  ↑ ratio to the engine alone")
    print(f"{'engine runs on tab switches':<40} {max(switches):8d}      (target 0)")


if __name__ == "__main__":
    main()
