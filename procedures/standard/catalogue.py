"""The catalogue of standardized procedures shipped in resources/data (pure Python).

A standardized procedure (TUO Ley 27444, art. 41) is one the PCM approved for every
municipality: same name, calificación, maximum term and allowed requirements. The
catalogue holds only what its sources state (a term no source gives is `None`) and
names its sources per entry, so a clerk can check it. `load_catalogue()` reads and
checks the file once; `catalogue_problems()` is the check (the test runs it too).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from models.codes import Calificacion, PlazoUnit, RequirementKind
from procedures.resources import resource_path

CATALOGUE_FILE = resource_path("data", "standard_procedures.json")
FORMAT = "tramite-claro-standard-catalogue"
#: A standard code: capitals, digits and hyphens, as long as the procedure's column
#: allows (`procedure.standard_code`, String(30)).
CODE_LENGTH = 30
CODE_PATTERN = re.compile(r"[A-Z0-9][A-Z0-9-]{0,29}")
_NAME_LENGTH = 300  # procedure.name
_MAX_PLAZO = 3650  # procedures.bounds: plazo ≤ 3,650


@dataclass(frozen=True, slots=True)
class StandardRequirement:
    name: str
    kind: RequirementKind


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    supports: str  # what of the entry this source states


@dataclass(frozen=True, slots=True)
class StandardProcedure:
    """One standardized procedure: what the norm fixes for every municipality."""

    code: str
    name: str
    legal_basis: str
    calificacion: Calificacion
    plazo: int | None  # None: no source read states it
    plazo_unit: PlazoUnit
    requirements: tuple[StandardRequirement, ...]
    sources: tuple[Source, ...]
    term_note: str = ""


class CatalogueError(ValueError):
    """The catalogue file is not what the program ships (one line per problem)."""


def is_standard_code(code: str) -> bool:
    """Whether `code` has the shape of a standard code (not whether it is catalogued)."""
    return CODE_PATTERN.fullmatch(code) is not None


def catalogue_problems(data: Any) -> list[str]:
    """Every problem of a decoded catalogue file, each located ("procedures[2].plazo: …")."""
    problems: list[str] = []
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != 1:
        return [f"not a {FORMAT} file of version 1"]
    entries = data.get("procedures")
    if not isinstance(entries, list) or not entries:
        return ["procedures: a non-empty list is expected"]
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        problems.extend(f"procedures[{index}].{p}" for p in _entry_problems(entry, seen))
    return problems


def _entry_problems(entry: Any, seen: set[str]) -> list[str]:
    if not isinstance(entry, dict):
        return ["an object is expected"]
    out: list[str] = []
    code = entry.get("code")
    if not isinstance(code, str) or not is_standard_code(code):
        out.append(f"code: {code!r} is not a standard code (A-Z, 0-9, '-', ≤ 30)")
    elif code in seen:
        out.append(f"code: {code} appears twice")
    else:
        seen.add(code)
    for key, limit in (("name", _NAME_LENGTH), ("legal_basis", 2000)):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            out.append(f"{key}: a text of 1 to {limit} characters is expected")
    if entry.get("calificacion") not in {c.value for c in Calificacion}:
        out.append(f"calificacion: {entry.get('calificacion')!r} is not a calificación")
    plazo = entry.get("plazo")
    if plazo is not None and (not isinstance(plazo, int) or isinstance(plazo, bool)
                              or not 0 <= plazo <= _MAX_PLAZO):
        out.append(f"plazo: {plazo!r} is not a whole number of 0 to {_MAX_PLAZO} (or null)")
    if entry.get("plazo_unit") not in {u.value for u in PlazoUnit}:
        out.append(f"plazo_unit: {entry.get('plazo_unit')!r} is not a unit of term")
    if not isinstance(entry.get("term_note", ""), str):
        out.append("term_note: a text is expected")
    requirements = entry.get("requirements")
    if not isinstance(requirements, list) or not requirements:
        out.append("requirements: a non-empty list is expected")
    else:
        for position, item in enumerate(requirements):
            if (not isinstance(item, dict) or not isinstance(item.get("name"), str)
                    or not item["name"].strip()
                    or item.get("kind") not in {k.value for k in RequirementKind}):
                out.append(f"requirements[{position}]: a name and a kind "
                           "(general|especifico) are expected")
    sources = entry.get("sources")
    if not isinstance(sources, list) or not sources:
        out.append("sources: every entry names at least one source")
    else:
        for position, item in enumerate(sources):
            if (not isinstance(item, dict) or not str(item.get("url", "")).startswith(
                    ("https://", "http://")) or not str(item.get("supports", "")).strip()):
                out.append(f"sources[{position}]: a url and what it supports are expected")
    return out


def read_catalogue(path: Path) -> tuple[StandardProcedure, ...]:
    """Read and check a catalogue file (CatalogueError naming every problem)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CatalogueError(f"{path}: {error}") from None
    problems = catalogue_problems(data)
    if problems:
        raise CatalogueError("\n".join(f"{path}: {p}" for p in problems))
    return tuple(_entry(entry) for entry in data["procedures"])


def _entry(entry: dict[str, Any]) -> StandardProcedure:
    return StandardProcedure(
        code=entry["code"], name=entry["name"], legal_basis=entry["legal_basis"],
        calificacion=Calificacion(entry["calificacion"]), plazo=entry["plazo"],
        plazo_unit=PlazoUnit(entry["plazo_unit"]),
        requirements=tuple(StandardRequirement(r["name"], RequirementKind(r["kind"]))
                           for r in entry["requirements"]),
        sources=tuple(Source(s["url"], s["supports"]) for s in entry["sources"]),
        term_note=entry.get("term_note", ""),
    )


@cache
def load_catalogue() -> tuple[StandardProcedure, ...]:
    """The shipped catalogue, read once."""
    return read_catalogue(CATALOGUE_FILE)


def standard(code: str) -> StandardProcedure | None:
    """The catalogued procedure of `code`, or None."""
    return next((entry for entry in load_catalogue() if entry.code == code), None)
