"""The program's own bytecode: `ui/`, `cli/`, `procedures/`, `models/` and `main.py`
compiled into their `__pycache__` (by `bytecode_backend` at install; bench_startup too)."""

from __future__ import annotations

import compileall
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("ui", "cli", "procedures", "models")


def compile_project(root: Path = ROOT) -> bool:
    """Write the bytecode of the program's modules; False if some did not compile."""
    quiet = 1  # list only the files that fail
    done = all([compileall.compile_dir(root / name, quiet=quiet) for name in PACKAGES])
    return compileall.compile_file(root / "main.py", quiet=quiet) and done
