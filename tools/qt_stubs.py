"""Type stubs of the Qt modules we use, for mypy, without installing the whole of PySide6.

The app depends on PySide6-Essentials and PySide6-Pdf only (a slim install); their
wheels carry no `.pyi` files — those ship in the PySide6 meta-package, which would pull
~440 MB of modules the app never imports. This fetches that one wheel (no dependencies)
of the installed version and keeps only the stubs of our modules in `.typings/`.

    uv run python -m tools.qt_stubs       (idempotent; .ci/run calls it before mypy)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from importlib.metadata import version
from pathlib import Path

MODULES = ("QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtSvg", "QtPdf",
           "QtPdfWidgets", "QtTest")
TARGET = Path(__file__).resolve().parent.parent / ".typings" / "PySide6"


def main() -> int:
    wanted = version("PySide6-Essentials")
    stamp = TARGET / "VERSION"
    if stamp.exists() and stamp.read_text().strip() == wanted:
        return 0
    with tempfile.TemporaryDirectory() as folder:
        # The project's environment has no pip (uv manages it); the system's has.
        pip = shutil.which("pip3") or shutil.which("pip")
        command = [pip] if pip else [shutil.which("python3") or "python3", "-m", "pip"]
        subprocess.run([*command, "download", "-q", "--no-deps", "--only-binary=:all:",
                        f"PySide6=={wanted}", "-d", folder], check=True)
        wheel = next(Path(folder).glob("*.whl"))
        TARGET.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(wheel) as archive:
            for module in MODULES:
                (TARGET / f"{module}.pyi").write_bytes(archive.read(f"PySide6/{module}.pyi"))
    (TARGET / "__init__.pyi").write_text("")
    stamp.write_text(wanted + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
