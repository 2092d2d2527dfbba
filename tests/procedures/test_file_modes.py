"""Reports and exports are written with the user's normal permissions (the umask), not
the 0600 of a temporary file."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.procedures.test_reports_pdf import build, example_db  # noqa: F401  fixture


@pytest.fixture
def umask_027() -> Iterator[None]:
    previous = os.umask(0o027)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_pdf_and_exports_follow_the_umask(example_db: Path, tmp_path: Path,  # noqa: F811
                                          umask_027: None) -> None:
    from models.db import open_database
    from procedures.services.exports import export_package, export_steps

    pdf = tmp_path / "tupa.pdf"
    build(example_db, pdf, "tupa", lang="en")
    assert _mode(pdf) == 0o640
    db = open_database(example_db)
    try:
        # Every file an export writes: step tables in each format, the SUT's template,
        # BPMN, the workbook of the whole municipality and the package.
        for name, fmt, procedure in (("steps.xlsx", "xlsx", "PA-07"),
                                     ("steps.ods", "xlsx", "PA-07"),
                                     ("steps.csv", "xlsx", "PA-07"),
                                     ("steps.bpmn", "bpmn", "PA-07"),
                                     ("sut.xlsx", "sut", "PA-07"),
                                     ("all.xlsx", "xlsx", None),
                                     ("all.ods", "xlsx", None)):
            out = tmp_path / name
            with db.session() as session:
                export_steps(session, "060101", out, fmt, procedure=procedure)
            assert _mode(out) == 0o640, name
        package = tmp_path / "all.tramite.json"
        with db.session() as session:
            export_package(session, "060101", package)
        assert _mode(package) == 0o640
    finally:
        db.close()
