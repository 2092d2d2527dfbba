"""Benchmark: the window appearing on a database against a bare PySide6 window.

Issue #17: "the window with the region database appears within 0.5 s of a bare PySide6
window started the same way; memory with the region open under 300 MB". Both are whole
processes of the same interpreter with the same environment (here the machine's own,
e.g. PYTHONDONTWRITEBYTECODE=1), alternated in the same run; the time is from starting
the process to the window's first turn of the event loop after it is shown (the
program's `TRAMITE_QUIT_AFTER_MS=0` hook, which then quits; the bare window prints the
same line from a zero timer). Peak memory is that of the whole process.

    uv run python bench/bench_startup.py --db /tmp/region.sqlite [--repeat 5] [--cold]

A --db that does not exist yet is generated first (`demo --municipalities 20`, not
timed); the region is `demo --municipalities 140 --procedures 250 --activities 25`.
Settings live in a temporary folder (the window opens on its empty state, the person's
own settings are not touched). With --cold the project's `__pycache__` folders are
removed first and the first start (which writes them again) is printed too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from processes import MAIN, PYTHON, ROOT, Run, alternate, load_average, report, run

LINE = "TRAMITE_QUIT_AFTER_MS:"
BARE = r'''
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("Trámite Claro")
window.setCentralWidget(QLabel("bare"))
window.resize(1360, 820)
window.show()

def shown():
    print("TRAMITE_QUIT_AFTER_MS: bare visible=%s" % window.isVisible(), file=sys.stderr,
          flush=True)
    app.quit()

QTimer.singleShot(0, shown)
app.exec()
'''


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cold", action="store_true",
                        help="remove the project's bytecode first and time the first start")
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"generating {args.db} (not timed)…", file=sys.stderr)
        run([PYTHON, MAIN, "--db", str(args.db), "demo", "--municipalities", "20",
             "--procedures", "250", "--activities", "25"])
    home = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    env = {"QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "TRAMITE_QUIT_AFTER_MS": "0", "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_DATA_HOME": str(home / "data")}

    def ours() -> Run:
        return run([PYTHON, MAIN, "--db", str(args.db)], env=env, until=LINE)

    def bare() -> Run:
        return run([PYTHON, "-c", BARE], env=env, until=LINE)

    if args.cold:
        for folder in ROOT.glob("[a-z]*/**/__pycache__"):
            if ".venv" not in folder.parts:
                shutil.rmtree(folder)
    first = ours()  # the first start may write caches (bytecode, fonts): not compared
    runs, bare_runs = alternate(ours, bare, args.repeat)
    shutil.rmtree(home, ignore_errors=True)
    size = args.db.stat().st_size / 1024 / 1024
    flags = " ".join(f"{k}={os.environ[k]}" for k in ("PYTHONDONTWRITEBYTECODE",
                                                       "UV_COMPILE_BYTECODE")
                     if k in os.environ) or "no bytecode flags"
    print(f"database     {args.db} ({size:.0f} MB); {flags}; load average {load_average()}")
    if args.cold:
        print(f"{'first start, no project bytecode':<42} {first.wall:7.2f} s wall  "
              f"{first.cpu:7.2f} s CPU")
    report("window shown (main.py --db)", runs, "bare PySide6 window", bare_runs)
    runs.sort(key=lambda r: r.wall)
    bare_runs.sort(key=lambda r: r.wall)
    gap = runs[len(runs) // 2].wall - bare_runs[len(bare_runs) // 2].wall
    print(f"{'difference (wall, median)':<42} {gap:7.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
