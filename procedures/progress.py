"""Progress and cancel as plain callables (adapted to a Qt dialog or a text bar).

A long function accepts `progress: Progress = no_progress` and calls
`progress(done, total, message)`; the callable raises `Cancelled` to stop the work.
"""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO


class Progress(Protocol):
    def __call__(self, done: int, total: int, message: str = "") -> None: ...


def no_progress(done: int, total: int, message: str = "") -> None:
    """The default: report nothing, never cancel."""


class TextProgressBar:
    """A progress bar on a terminal (stderr), redrawn at most ten times a second."""

    def __init__(self, stream: TextIO | None = None, width: int = 30) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self._last = 0.0

    def __call__(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        finished = total > 0 and done >= total
        if not finished and now - self._last < 0.1:
            return
        self._last = now
        if not self.stream.isatty():
            return  # keep logs and pipes clean: stderr is for problems there
        share = done / total if total else 0.0
        filled = int(share * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {share:6.1%} {message[:40]:<40}")
        if finished:
            self.stream.write("\n")
        self.stream.flush()


def scaled(progress: Progress, start: int, span: int, of: int) -> Progress:
    """A sub-progress that maps its own 0..n onto start..start+span of `of`."""

    def report(done: int, total: int, message: str = "") -> None:
        fraction = done / total if total else 1.0
        progress(start + int(span * fraction), of, message)

    return report
