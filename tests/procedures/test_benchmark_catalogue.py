"""The shipped catalogue of standardized procedures: valid, sourced, nothing invented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.codes import Calificacion
from procedures.rules.prohibited import prohibited_reason
from procedures.standard.catalogue import (
    CATALOGUE_FILE,
    CatalogueError,
    catalogue_problems,
    is_standard_code,
    load_catalogue,
    read_catalogue,
    standard,
)
from procedures.text import fold


def test_the_shipped_file_is_valid() -> None:
    data = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    assert catalogue_problems(data) == []
    entries = load_catalogue()
    assert len(entries) == len(data["procedures"]) >= 5
    assert len({e.code for e in entries}) == len(entries)


def test_every_entry_cites_the_norm_and_its_sources() -> None:
    for entry in load_catalogue():
        assert "045-2019-PCM" in entry.legal_basis
        assert entry.sources and all(s.url.startswith("http") for s in entry.sources)
        assert entry.requirements
        # Licences are prior evaluation with positive silence (Ley 28976).
        assert entry.calificacion is Calificacion.PREVIA_POSITIVO
        # A term is given only where a source states it, and the source says so.
        if entry.plazo is not None:
            assert entry.term_note
            assert any("días hábiles" in s.supports or "día hábil" in s.supports
                       for s in entry.sources)


def test_no_requirement_is_one_the_law_forbids() -> None:
    """The app's own prohibited-requirement rule finds nothing in the catalogue (a
    copy of the DNI or a SUNARP certificate may not be asked for: their numbers are)."""
    for entry in load_catalogue():
        for requirement in entry.requirements:
            assert "copia de dni" not in fold(requirement.name)
            assert prohibited_reason(requirement.name) is None, requirement.name


def test_lookup_and_codes() -> None:
    assert standard("LF-045-RMA") is not None
    assert standard("LF-045-RMA").plazo == 8  # type: ignore[union-attr]
    assert standard("NOPE") is None
    assert is_standard_code("LF-045-RB")
    assert not is_standard_code("lf 045")
    assert not is_standard_code("A" * 31)


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["procedures"][0].update(code="bad code"), "procedures[0].code"),
    (lambda d: d["procedures"][1].update(code=d["procedures"][0]["code"]), "appears twice"),
    (lambda d: d["procedures"][0].update(plazo=-1), "procedures[0].plazo"),
    (lambda d: d["procedures"][0].update(plazo=True), "procedures[0].plazo"),
    (lambda d: d["procedures"][0].update(calificacion="x"), "calificacion"),
    (lambda d: d["procedures"][0].update(sources=[]), "sources"),
    (lambda d: d["procedures"][0]["requirements"][0].update(kind="x"), "requirements[0]"),
    (lambda d: d.update(version=2), "version 1"),
])
def test_a_broken_catalogue_is_refused_with_its_place(change, expected, tmp_path: Path) -> None:
    data = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    change(data)
    assert any(expected in p for p in catalogue_problems(data))
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"c\.json"):
        read_catalogue(path)
