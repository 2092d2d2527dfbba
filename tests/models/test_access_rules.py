"""The access rules cover the whole schema, and a personal file has no roles."""

from __future__ import annotations

import io
from pathlib import Path

from cli.run import run
from models import access as acc
from models import tables as t


def test_every_table_says_how_its_rows_belong_to_a_municipality() -> None:
    """A table without a rule would be refused by `admin grant` (and left unguarded)."""
    tables = set(t.Base.metadata.tables)
    assert tables - acc.UNGUARDED == set(acc.LINKS), (
        "add the new table to models.access.LINKS")
    for table in acc.LINKS:
        expression = acc.entity_expression(table)
        assert expression is None or "entity_id" in expression or expression == "id"


def test_roles_on_a_personal_file_are_refused_in_words(db_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = run(["--lang", "en", "--db", str(db_path), "admin", "grant", "ana", "--role",
                "viewer"], out, err)
    assert code == 2
    assert "PostgreSQL" in err.getvalue() and "Traceback" not in err.getvalue()
    assert len(err.getvalue().strip().splitlines()) == 1
