"""`copy --entity UBIGEO --procedure CODE --to UBIGEO[,UBIGEO…] [--replace]` (DESIGN §5)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from cli.run import run
from tests.conftest import table_dump
from tests.procedures.builders import english_messages
from tests.procedures.copy_support import EMPTY, NEAR, SOURCE, load

_english = english_messages()


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def db(tmp_path: Path) -> str:
    from models.db import open_database

    path = tmp_path / "work.sqlite"
    database = open_database(path)
    load(database, tmp_path)
    database.close()
    return str(path)


def test_copy_reports_what_it_created_one_line_each(db: str) -> None:
    code, out, err = cli("--db", db, "copy", "--entity", SOURCE, "--procedure", "PA-07",
                         "--to", f"{NEAR},{EMPTY}")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "PA-07 copied into 2 municipalities; 11 items created"
    assert lines[1] == "060102 Municipalidad Distrital de Asunción: PA-07 Certificado de " \
                       "posesión created"
    assert ("  created position SDU Subgerente de Desarrollo Urbano (annual cost "
            "S/ 54,000.00, as in 060101: check it)") in lines
    assert "  created unit DU Subgerencia de Desarrollo Urbano" in lines
    assert ("  yearly demand not copied (240 cases a year in 060101): enter this "
            "municipality's own") in lines
    figures = [line for line in lines if line.startswith("  Actual: 9 steps")]
    assert len(figures) == 2 and all("at its rates" in line for line in figures)
    # the unit cost printed is what `metrics` says at the new home
    for ubigeo, line in zip((NEAR, EMPTY), figures, strict=True):
        code, out, _err = cli("--db", db, "metrics", "--entity", ubigeo, "--procedure",
                              "PA-07", "--json")
        unit_cost = json.loads(out)["cost"]["unit_cost"]
        assert f"unit cost S/ {float(unit_cost):,.2f} " in line


def test_an_existing_procedure_is_refused_with_the_option_and_nothing_written(
        db: str) -> None:
    from models.db import open_database

    assert cli("--db", db, "copy", "--entity", SOURCE, "--procedure", "PA-07",
               "--to", NEAR)[0] == 0
    database = open_database(Path(db))
    before = table_dump(database)
    database.close()
    code, out, err = cli("--db", db, "copy", "--entity", SOURCE, "--procedure", "PA-07",
                         "--to", f"{EMPTY},{NEAR},069999")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "060102: Municipalidad Distrital de Asunción already has a procedure PA-07 "
        "(Certificado de posesión); copy with --replace to replace it",
        "069999: there is no entity with ubigeo 069999",
    ]
    database = open_database(Path(db))
    assert table_dump(database) == before
    database.close()
    code, out, err = cli("--db", db, "copy", "--entity", SOURCE, "--procedure", "PA-07",
                         "--to", NEAR, "--replace")
    assert (code, err) == (0, "")
    assert "PA-07 Certificado de posesión replaced" in out


def test_one_version(db: str) -> None:
    code, out, err = cli("--db", db, "copy", "--entity", SOURCE, "--procedure", "PA-07",
                         "--to", EMPTY, "--version", "Propuesta")
    assert (code, err) == (0, "")
    assert "  Propuesta: 9 steps" in out
    code, out, err = cli("--db", db, "copy", "--entity", SOURCE, "--procedure", "PA-07",
                         "--to", EMPTY, "--version", "Propuesta")
    assert code == 2 and err.endswith("already has a version 'Propuesta'; copy with "
                                      "--replace to replace it\n")
    code, _out, err = cli("--db", db, "copy", "--entity", SOURCE, "--procedure", "PA-99",
                          "--to", EMPTY)
    assert code == 2 and err == "there is no procedure with code PA-99 in Municipalidad " \
                                "Provincial de Cajamarca\n"
