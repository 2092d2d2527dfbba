"""`portfolio --entity CODE --json` (DESIGN §5): the stored figures of every procedure's
version in force, the same as `metrics --json` gives for each (issue #17, point 2)."""

from __future__ import annotations

import io
import json
import subprocess
from decimal import Decimal
from pathlib import Path

from sqlalchemy import text

from cli.run import run
from models.db import open_database
from procedures.demo.bootstrap import load_synthetic
from procedures.formatting import minus_number, money, number
from procedures.i18n import use_language


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return run(list(argv), out, err), out.getvalue(), err.getvalue()


def _region(path: Path) -> None:
    database = open_database(path)
    try:
        with database.session() as session, session.begin():
            load_synthetic(session, 3, 4, 6, seed=5)
    finally:
        database.close()


def test_the_portfolio_equals_metrics_of_each_procedure(tmp_path: Path) -> None:
    db = str(tmp_path / "r.sqlite")
    _region(Path(db))
    code, out, err = cli("--db", db, "portfolio", "--entity", "99", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [e["ubigeo"] for e in data["entities"]] == sorted(e["ubigeo"] for e in data["entities"])
    rows = [(e["ubigeo"], p) for e in data["entities"] for p in e["procedures"]]
    assert len(rows) == 12
    assert set(rows[0][1]) == {"code", "name", "version", "unit_cost", "fee", "business_days",
                               "activities", "citizen_hours", "yearly", "warnings"}
    for ubigeo, row in rows:
        code, out, err = cli("--db", db, "metrics", "--entity", ubigeo, "--procedure",
                             row["code"], "--version", row["version"], "--json")
        assert code == 0, err
        metrics = json.loads(out)
        assert row["unit_cost"] == metrics["cost"]["unit_cost"]
        assert row["fee"] == metrics["fee"]
        assert row["business_days"] == metrics["business_days"]
        assert row["activities"] == metrics["activities"]
        assert row["yearly"] == metrics["yearly"]
        assert row["warnings"] == list(dict.fromkeys(w["code"] for w in metrics["warnings"]))


def test_without_stored_figures_the_answer_is_the_same(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite"
    _region(db)
    first = cli("--db", str(db), "portfolio", "--entity", "9901", "--json")
    database = open_database(db)
    try:
        with database.engine.begin() as connection:
            connection.execute(text("DELETE FROM version_figures"))
    finally:
        database.close()
    second = cli("--db", str(db), "portfolio", "--entity", "9901", "--json")
    assert first == second and first[0] == 0


def test_a_code_with_nothing_under_it_is_one_line(tmp_path: Path) -> None:
    db = str(tmp_path / "r.sqlite")
    _region(Path(db))
    for wrong in ("0601", "abc", "1234567"):
        code, out, err = cli("--db", db, "portfolio", "--entity", wrong, "--json")
        assert code == 2 and not out
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    code, out, err = cli("--db", db, "portfolio", "--entity", "99")
    assert code == 0 and "S/ " in out


def _layout_lines(pdf: Path) -> list[str]:
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"],
                         check=True, capture_output=True, text=True).stdout
    return [" ".join(line.split()) for line in raw.splitlines()]


def test_the_pdf_prints_the_stored_figures_of_the_json(tmp_path: Path) -> None:
    """One truth: each municipality's detail in the PDF shows the very figures of
    `portfolio --json`, and they are read from `version_figures` (a stored figure
    changed behind the engine's back is what the PDF prints)."""
    db = tmp_path / "r.sqlite"
    _region(db)
    database = open_database(db)
    try:
        with database.engine.begin() as connection:
            connection.execute(text(
                "UPDATE version_figures SET unit_cost = 1234.56 WHERE version_id = "
                "(SELECT min(v.id) FROM version v JOIN procedure p ON p.id = v.procedure_id"
                " JOIN entity e ON e.id = p.entity_id WHERE e.ubigeo = '990102')"))
    finally:
        database.close()
    code, out, err = cli("--db", str(db), "portfolio", "--entity", "99", "--json")
    assert code == 0, err
    data = json.loads(out)
    pdf = tmp_path / "portfolio.pdf"
    code, _out, err = cli("--db", str(db), "--lang", "en", "report", "portfolio",
                          "--entity", "99", "--out", str(pdf))
    assert code == 0, err
    lines = _layout_lines(pdf)
    start = max(i for i, line in enumerate(lines) if line == "Procedures of each municipality")
    detail = lines[start:]
    names = [entity["name"] for entity in data["entities"]]
    heads = [detail.index(name) for name in names]
    checked = 0
    with use_language("en"):
        for entity, begin, end in zip(data["entities"], heads, [*heads[1:], len(detail)],
                                      strict=True):
            section = detail[begin:end]
            for row in entity["procedures"]:
                found = [line for line in section if line.startswith(row["code"] + " ")]
                assert len(found) == 1, (entity["ubigeo"], row["code"], section)
                yearly = row["yearly"]
                cost = Decimal(yearly["citizen_cost"]) / yearly["cases"] if yearly["cases"] \
                    else None
                expected = [number(yearly["cases"]), str(row["business_days"]),
                            money(Decimal(row["unit_cost"])),
                            money(Decimal(row["fee"])) if Decimal(row["fee"]) else "Free",
                            minus_number(Decimal(str(yearly["citizen_hours"])))]
                if cost is not None:
                    expected.append(money(cost))
                figures = found[0].split(" ", 1)[1]
                for piece in expected:
                    assert piece in figures, (piece, found[0])
                checked += 1
    assert checked == 12
    assert any("S/ 1,234.56" in line for line in detail), "the stored figure, not the engine's"
    assert data["entities"][1]["procedures"][0]["unit_cost"] == "1234.56"


def test_a_damaged_region_is_one_line(tmp_path: Path) -> None:
    """The portfolio does not read the whole file first: damage in the pages it reads is
    still one worded line, exit 2, and nothing half printed."""
    db = tmp_path / "r.sqlite"
    _region(db)
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page:] = b"\x5a" * (len(data) - page)  # every page but the first (the schema)
    db.write_bytes(bytes(data))
    for argv in (["portfolio", "--entity", "99", "--json"],
                 ["report", "portfolio", "--entity", "99", "--out", str(tmp_path / "p.pdf")]):
        code, out, err = cli("--db", str(db), *argv)
        assert (code, out) == (2, ""), (argv, err)
        assert "damaged" in err and "Traceback" not in err and len(err.splitlines()) == 1
    assert not (tmp_path / "p.pdf").exists()


def test_the_json_text_is_what_the_json_encoder_writes(tmp_path: Path) -> None:
    """The pieces are written by hand for speed: byte for byte they are what json's own
    encoder gives for the same values (one procedure a line, as before)."""
    db = tmp_path / "r.sqlite"
    _region(db)
    database = open_database(db)
    try:
        with database.engine.begin() as connection:
            connection.execute(text("UPDATE procedure SET name = :name WHERE id = "
                                    "(SELECT min(id) FROM procedure)"),
                               {"name": 'Inscripción "rápida" \\ de predio\tañadido'})
    finally:
        database.close()
    code, out, err = cli("--db", str(db), "portfolio", "--entity", "99", "--json")
    assert code == 0, err
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    entities = []
    for entity in json.loads(out)["entities"]:
        head = dumps({"ubigeo": entity["ubigeo"], "name": entity["name"]})[:-1]
        rows = ",".join("\n    " + dumps(row) for row in entity["procedures"])
        entities.append(f'\n  {head}, "procedures": [{rows}]}}')
    assert out == '{"entities": [' + ",".join(entities) + "\n]}\n"
    assert 'Inscripción \\"rápida\\" \\\\ de predio\\tañadido' in out  # escaped as json does


READ_ALONE = """
import io, sys
from cli.run import run
out, err = io.StringIO(), io.StringIO()
code = run(sys.argv[1:], out, err)
sys.stdout.write(f"{code} {'sqlalchemy' in sys.modules}\\n" + out.getvalue() + err.getvalue())
"""


def test_a_file_that_needs_nothing_is_read_without_sqlalchemy(tmp_path: Path) -> None:
    """In a fresh process, a file of ours at the newest schema with the day's copy made
    is read through plain sqlite3: SQLAlchemy is never imported, and the text is the
    one read through a Session."""
    import os
    import sys

    from models import backups
    from procedures.services.portfolio import json_pieces, portfolio_rows
    from tests.conftest import ROOT

    db = tmp_path / "r.sqlite"
    _region(db)
    argv = ["--db", str(db), "portfolio", "--entity", "99", "--json"]
    assert not backups.made_today(db)
    code, first, err = cli(*argv)  # opened for work: the day's copy is made
    assert code == 0, err
    assert backups.made_today(db)
    result = subprocess.run([sys.executable, "-c", READ_ALONE, *argv], cwd=ROOT,
                            env=dict(os.environ), capture_output=True, text=True,
                            timeout=120, check=False)
    status, _newline, text_out = result.stdout.partition("\n")
    assert status == "0 False", result.stdout + result.stderr
    database = open_database(db)
    try:
        with database.session() as session:
            through_session = "".join(json_pieces(portfolio_rows(session, "99")))
    finally:
        database.close()
    assert text_out == first == through_session
    # The PDF too: the same pages as the one written through a Session.
    pdfs = tmp_path / "session.pdf", tmp_path / "plain.pdf"
    database = open_database(db)
    try:
        with database.session() as session:
            from procedures.services.reports import ReportRequest, build_report

            build_report(session, ReportRequest(kind="portfolio", entity="99", procedure=None,
                                                version=None, lang="es", large_print=False,
                                                out=pdfs[0]))
    finally:
        database.close()
    result = subprocess.run([sys.executable, "-c", READ_ALONE, "--db", str(db), "report",
                             "portfolio", "--entity", "99", "--out", str(pdfs[1])],
                            cwd=ROOT, env=dict(os.environ), capture_output=True, text=True,
                            timeout=120, check=False)
    status, _newline, said = result.stdout.partition("\n")
    assert status == "0 False", result.stdout + result.stderr
    assert "plain.pdf" in said and "página" in said
    assert _layout_lines(pdfs[1]) == _layout_lines(pdfs[0])


def test_the_plain_reader_leaves_other_files_to_the_full_open(tmp_path: Path) -> None:
    """`read_file` answers only for what needs nothing done: no copy today, a file not in
    WAL mode, not marked as ours yet, or a version without stored figures give None (the
    command then opens the file for work, as every command)."""
    import sqlite3

    from models import backups
    from models.files import APPLICATION_ID
    from procedures.portfolio import read_file

    db = tmp_path / "r.sqlite"
    _region(db)
    assert read_file(db, "99") is None  # no copy made today
    backups.automatic_backup(db, "daily")
    rows = read_file(db, "99")
    assert rows is not None and sum(len(e.rows) for e in rows) == 12

    def sql(statement: str) -> None:
        connection = sqlite3.connect(db, isolation_level=None)
        try:
            connection.execute(statement)
        finally:
            connection.close()

    sql("PRAGMA application_id = 0")
    assert read_file(db, "99") is None
    sql(f"PRAGMA application_id = {APPLICATION_ID}")
    assert read_file(db, "99") is not None
    sql("PRAGMA journal_mode = DELETE")
    assert read_file(db, "99") is None
    sql("PRAGMA journal_mode = WAL")
    assert read_file(db, "99") is not None
    sql("DELETE FROM version_figures WHERE version_id = "
        "(SELECT min(version_id) FROM version_figures)")
    assert read_file(db, "99") is None
