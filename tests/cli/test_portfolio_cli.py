"""`portfolio --entity CODE --json` (DESIGN §5): the stored figures of every procedure's
version in force, the same as `metrics --json` gives for each (issue #17, point 2)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from sqlalchemy import text

from cli.run import run
from models.db import open_database
from procedures.demo.bootstrap import load_synthetic


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
