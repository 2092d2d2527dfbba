"""`import FILE --merge [--prefer database|file]` (DESIGN §5): one line per conflict
naming procedure, version, step and field with both values (database first, then file)
and a summary line; exit 0 when merged, 2 on bad input with one line per problem."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from cli.run import run
from models.db import open_database
from procedures.services import activities
from tests.conftest import EXAMPLE
from tests.procedures.merge_support import edit, steps


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def exported(db: str, path: Path) -> Path:
    assert cli("--db", db, "export", "--entity", "060101", "--format", "json",
               "--out", str(path))[0] == 0
    return path


def scenario(tmp_path: Path) -> tuple[str, Path]:
    """Office and laptop both change step 1's minutes; the laptop also brings back an
    edited package of itself with --replace (step 2's minutes)."""
    office, laptop = str(tmp_path / "office.sqlite"), str(tmp_path / "laptop.sqlite")
    assert cli("--db", office, "import", str(EXAMPLE))[0] == 0
    to_laptop = exported(office, tmp_path / "to.tramite.json")
    assert cli("--db", laptop, "import", str(to_laptop))[0] == 0
    edited = exported(laptop, tmp_path / "edited.tramite.json")
    package = json.loads(edited.read_text(encoding="utf-8"))
    package["entities"][0]["procedures"][0]["versions"][0]["activities"][1]["minutes"] = 8
    edited.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    assert cli("--db", laptop, "import", "--replace", str(edited))[0] == 0
    for path, value, who in ((laptop, 15, "juan"), (office, 12, "ana")):
        db = open_database(path)
        try:
            edit(db, activities.update_activity, steps(db)[0].uid, "minutes",
                 Decimal(value), author=who)
        finally:
            db.close()
    return office, exported(laptop, tmp_path / "back.tramite.json")


def test_merge_prints_the_one_conflict_and_a_summary(tmp_path: Path) -> None:
    office, back = scenario(tmp_path)
    code, out, err = cli("--lang", "es", "--db", office, "import", str(back), "--merge")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("conflicto: PA-07 «Certificado de posesión» · versión Actual "
                               "· paso 1 «Recibir la solicitud y verificar requisitos» · "
                               "Minutos: base de datos 12 (ana, ")
    assert " · archivo 15 (juan, " in lines[0]
    assert lines[1] == ("fusionado: 1 cambio del archivo, 1 conflicto (se mantuvo el valor "
                        "de la base de datos)")
    db = open_database(office)
    try:
        assert [a.minutes for a in steps(db)][:2] == [12, 8]
    finally:
        db.close()


def test_prefer_file_in_english(tmp_path: Path) -> None:
    office, back = scenario(tmp_path)
    code, out, _err = cli("--lang", "en", "--db", office, "import", str(back), "--merge",
                          "--prefer", "file")
    assert code == 0
    first, summary = out.splitlines()
    assert first.startswith("conflict: PA-07 «Certificado de posesión» · version Actual · "
                            "step 1 «Recibir la solicitud y verificar requisitos» · "
                            "Minutes: database 12 (ana, ")
    assert summary == ("merged: 2 changes from the file, 1 conflict (the file's value was "
                       "kept)")


def test_refusals_are_one_line_and_exit_2(tmp_path: Path) -> None:
    office = str(tmp_path / "office.sqlite")
    assert cli("--db", office, "import", str(EXAMPLE))[0] == 0
    code, out, err = cli("--db", office, "import", str(EXAMPLE), "--merge")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "--replace" in err
    code, _out, err = cli("--db", office, "import", str(EXAMPLE), "--prefer", "file")
    assert code == 2 and "--merge" in err
    with pytest.raises(SystemExit) as both:  # argparse: one or the other
        cli("--db", office, "import", str(EXAMPLE), "--merge", "--replace")
    assert both.value.code == 2
