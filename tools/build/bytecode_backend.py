"""The build backend `uv sync` uses for the project: hatchling's, plus the bytecode.

uv installs the project editable (the checkout itself is on `sys.path`) and compiles only
`site-packages` (`UV_COMPILE_BYTECODE=1`, `--compile-bytecode`): the program's own modules
would be compiled from source at every start on a machine that disables bytecode
caching (`PYTHONDONTWRITEBYTECODE`). Building the editable wheel therefore compiles
`ui/`, `cli/`, `procedures/`, `models/` and `main.py` into their `__pycache__` first
(with the interpreter uv builds with, the project's own). uv builds it on the first
`uv sync` and again whenever `pyproject.toml` changes; a source file changed since is
compiled again by Python, and `main.py` keeps that (it writes bytecode even where
caching is disabled).
"""

from __future__ import annotations

import compileall
import os
from pathlib import Path
from typing import Any

from hatchling.build import *  # noqa: F403 - every hook hatchling offers
from hatchling.build import build_editable as _build_editable

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("ui", "cli", "procedures", "models")


def compile_project(root: Path = ROOT) -> bool:
    """Write the bytecode of the program's modules; False if some did not compile."""
    quiet = 1  # list only the files that fail
    done = all([compileall.compile_dir(root / name, quiet=quiet) for name in PACKAGES])
    return compileall.compile_file(root / "main.py", quiet=quiet) and done


def build_editable(wheel_directory: str, config_settings: dict[str, Any] | None = None,
                   metadata_directory: str | None = None) -> str:
    if not os.environ.get("TRAMITE_NO_BYTECODE"):
        compile_project()
    return _build_editable(wheel_directory, config_settings, metadata_directory)
