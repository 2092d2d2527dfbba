"""Bad files of every format, built from a few lines each: what an attacker, a broken tool
or a slip of the hand produces. Used by the table-driven refusal tests."""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from tests.conftest import EXAMPLE

SUT_HEADER = ["Actividad", "Unidad_Organica", "Duracion", "Tipo_Actividad", "Tipo_Valor"]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_TWO_LETTERS = bytes((ord("a") + (n & 1)) for n in range(256))


# -- JSON ---------------------------------------------------------------------------------

def example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def activity(data: dict[str, Any], index: int = 0) -> dict[str, Any]:
    return data["entities"][0]["procedures"][0]["versions"][0]["activities"][index]


def package(path: Path, change: Callable[[dict[str, Any]], Any] | None = None,
            text: Callable[[str], str] | None = None) -> Path:
    """The worked example changed as data (`change`) or as text (`text`, for what JSON
    itself cannot say: NaN, 1e999999, a lone surrogate)."""
    data = example()
    if change is not None:
        change(data)
    written = json.dumps(data, ensure_ascii=True, indent=1)
    path.write_text(text(written) if text else written, encoding="utf-8")
    return path


def raw_minutes(path: Path, value: str) -> Path:
    """The example with the first activity's minutes written as `value`, as is."""
    return package(path, lambda data: activity(data).update(minutes=987654321),
                   lambda text: text.replace("987654321", value, 1))


def tiny_values(path: Path, count: int) -> Path:
    """The example whose municipality has an unknown field of `count` zeros: a few bytes
    each on disk, a pointer or an object each in memory."""
    text = json.dumps(example())
    marker = '"entities": [{'
    path.write_text(text.replace(marker, marker + '"x": [' + ",".join(["0"] * count) + "], ",
                                 1), encoding="utf-8")
    return path


def nested(path: Path, depth: int) -> Path:
    """A package whose unknown field nests `depth` lists."""
    text = json.dumps(example())
    path.write_text(text[:-1] + ', "x": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    return path


# -- xlsx ---------------------------------------------------------------------------------

def workbook(path: Path, rows: list[list[Any]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Actividades"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _cell(reference: str, value: Any) -> str:
    if isinstance(value, str):
        return f'<c r="{reference}" t="inlineStr"><is><t>{value}</t></is></c>'
    if isinstance(value, tuple):  # ("s", index): a shared string
        return f'<c r="{reference}" t="s"><v>{value[1]}</v></c>'
    return f'<c r="{reference}"><v>{value}</v></c>'


def sheet_xml(rows: list[tuple[int, list[Any]]], dimension: str = "") -> bytes:
    """A worksheet part written by hand: (row number, cells from column A)."""
    body = "".join(
        f'<row r="{number}">' + "".join(_cell(f"{chr(65 + i)}{number}", v)
                                        for i, v in enumerate(cells)) + "</row>"
        for number, cells in rows)
    size = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{size}'
            f"<sheetData>{body}</sheetData></worksheet>").encode()


def rewritten(path: Path, parts: dict[str, bytes], shared: bytes | None = None) -> Path:
    """A real workbook (openpyxl's) with some parts replaced, and a shared-strings part."""
    source = path.with_suffix(".base.xlsx")
    workbook(source, [SUT_HEADER, ["Recibir", "TD", 10, "Operacion", "VA"]])
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = parts.get(item.filename, old.read(item.filename))
            if shared is not None and item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", (
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                    b"</Types>"))
            if shared is not None and item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", (
                    b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" '
                    b'Target="sharedStrings.xml"/></Relationships>'))
            new.writestr(item.filename, data)
        if shared is not None:
            new.writestr("xl/sharedStrings.xml", shared)
    source.unlink()
    return path


def shared_strings(*texts: str) -> bytes:
    items = "".join(f"<si><t>{text}</t></si>" for text in texts)
    return f'<?xml version="1.0"?><sst xmlns="{MAIN}">{items}</sst>'.encode()


def low_entropy(size: int) -> str:
    """`size` letters a/b at random: compresses about 7:1, like text, unlike a bomb of
    one repeated byte (so the ratio check alone does not catch it)."""
    return os.urandom(size).translate(_TWO_LETTERS).decode()


def sheet(*rows: list[Any], dimension: str = "") -> dict[str, bytes]:
    numbered = [(number, cells) for number, cells in enumerate(rows, start=1)]
    return {"xl/worksheets/sheet1.xml": sheet_xml(numbered, dimension)}


# -- BPMN ---------------------------------------------------------------------------------

BPMN_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
             'xmlns:tc="https://tramite-claro.pe/schema/bpmn/1" id="d">')


def bpmn(path: Path, task: str = 'name="Recibir"', extension: str = "",
         lanes: str = "", extra: str = "") -> Path:
    """One process with one task (its attributes `task`, its `tc:activity` attributes
    `extension`), optional lanes and anything else inside the process."""
    element = (f'<bpmn:task id="t1" {task}><bpmn:extensionElements><tc:activity '
               f'{extension}/></bpmn:extensionElements></bpmn:task>' if extension
               else f'<bpmn:task id="t1" {task}/>')
    path.write_text(BPMN_HEAD + f'<bpmn:process id="p">{lanes}{element}{extra}'
                    "</bpmn:process></bpmn:definitions>", encoding="utf-8")
    return path


def deep_lanes(depth: int) -> str:
    inner = '<bpmn:lane id="deep" name="Mesa"><bpmn:flowNodeRef>t1</bpmn:flowNodeRef>'
    opening = "".join(f'<bpmn:lane id="l{n}" name="L{n}"><bpmn:childLaneSet id="s{n}">'
                      for n in range(depth))
    closing = "</bpmn:childLaneSet></bpmn:lane>" * depth
    return f'<bpmn:laneSet id="ls">{opening}{inner}</bpmn:lane>{closing}</bpmn:laneSet>'
