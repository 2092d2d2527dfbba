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

import os
from typing import Any

from hatchling.build import *  # noqa: F403 - every hook hatchling offers
from hatchling.build import build_editable as _build_editable
from project_bytecode import compile_project


def build_editable(wheel_directory: str, config_settings: dict[str, Any] | None = None,
                   metadata_directory: str | None = None) -> str:
    if not os.environ.get("TRAMITE_NO_BYTECODE"):
        compile_project()
    return _build_editable(wheel_directory, config_settings, metadata_directory)
