"""The File menu's export asks for a format by the file's name: each filter's
extension gives the export it promises."""

from __future__ import annotations

import re

import pytest

from ui.file_ops import EXPORT_FILTERS, IMPORT_FILTERS, STEP_SUFFIXES, export_format


@pytest.mark.parametrize(("name", "fmt"), [
    ("pa07.tramite.json", "json"), ("PA07.XLSX", "xlsx"), ("pa07.ods", "xlsx"),
    ("pa07.csv", "xlsx"), ("pa07.sut.xlsx", "sut"), ("pa07.bpmn", "bpmn"), ("pa07", "json"),
])
def test_the_name_gives_the_format(name: str, fmt: str) -> None:
    assert export_format(name) == fmt


def test_every_filter_is_a_format_we_write_or_read() -> None:
    written = re.findall(r"\*(\.[\w.]+)", EXPORT_FILTERS)
    assert written == [".tramite.json", ".xlsx", ".ods", ".csv", ".sut.xlsx", ".bpmn"]
    assert len({export_format("x" + suffix) for suffix in written}) == 4
    read = re.findall(r"\*(\.[\w.]+)", IMPORT_FILTERS)
    assert {".xlsx", ".ods", ".csv", ".bpmn"} <= set(read) and set(read) - {
        ".tramite.json", ".json"} <= set(STEP_SUFFIXES)
