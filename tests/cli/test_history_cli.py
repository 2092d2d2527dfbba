"""`history`: DESIGN §5's JSON shape, newest first, and a table in the UI language; an
edited package brought back with `import --replace` shows what was edited."""

from __future__ import annotations

import io
import json
from pathlib import Path

from cli.run import run
from procedures.people import login_name
from tests.conftest import EXAMPLE

KEYS = ["when", "who", "entity", "procedure", "version", "what", "field", "old", "new"]


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def edited_package(tmp_path: Path, db: str) -> Path:
    """The example exported from `db`, with its fee and one step's minutes changed."""
    exported = tmp_path / "out.tramite.json"
    assert cli("--db", db, "export", "--entity", "060101", "--format", "json",
               "--out", str(exported))[0] == 0
    package = json.loads(exported.read_text(encoding="utf-8"))
    version = package["entities"][0]["procedures"][0]["versions"][0]
    version["fee"] = "52.40"
    version["activities"][1]["minutes"] = "25"
    exported.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    return exported


def test_history_shows_the_fee_changed_by_an_edited_package(tmp_path: Path) -> None:
    db = str(tmp_path / "work.sqlite")
    assert cli("--db", db, "import", str(EXAMPLE))[0] == 0
    package = edited_package(tmp_path, db)
    assert cli("--db", db, "import", "--replace", str(package))[0] == 0
    code, out, err = cli("--db", db, "--lang", "en", "history", "--entity", "060101",
                         "--procedure", "PA-07", "--json")
    assert code == 0 and err == ""
    rows = json.loads(out)
    assert all(list(row) == KEYS for row in rows)
    fee = next(row for row in rows if row["field"] == "fee")
    assert (fee["old"], fee["new"], fee["procedure"], fee["version"]) == (
        "45.90", "52.40", "PA-07", "Actual")
    assert fee["who"] == login_name() and fee["entity"] == "060101"
    minutes = next(row for row in rows if row["field"] == "minutes")
    assert (minutes["old"], minutes["new"]) == ("5", "25")
    assert minutes["what"].endswith("2. Registrar en el sistema y derivar")
    # Nothing else changed: the fee, the minutes, the replacement and the first import
    # (the package names the database it left: "origin").
    assert [row["field"] for row in rows if row["field"]] == ["minutes", "fee"]
    assert rows == sorted(rows, key=lambda row: row["when"], reverse=True)
    assert rows[-1]["what"].endswith(": Imported")


def test_newest_first_and_the_table_in_words(tmp_path: Path) -> None:
    db = str(tmp_path / "work.sqlite")
    assert cli("--db", db, "import", str(EXAMPLE))[0] == 0
    package = edited_package(tmp_path, db)
    assert cli("--db", db, "import", "--replace", str(package))[0] == 0
    rows = json.loads(cli("--db", db, "--lang", "en", "history", "--entity", "060101",
                          "--json")[1])
    # The municipality's summary is written last (with the origin the package brought),
    # then the step after its version's fee.
    assert (rows[0]["what"], rows[0]["field"]) == ("Municipalidad Provincial de Cajamarca",
                                                   "origin")
    assert rows[0]["new"].endswith("@2")  # the two entries of the first import
    assert [row["field"] for row in rows[1:3]] == ["minutes", "fee"]
    code, out, _err = cli("--db", db, "--lang", "es", "history", "--entity", "060101")
    assert code == 0
    assert "Derecho de tramitación (S/): 45.90 → 52.40" in out
    assert "Minutos: 5 → 25" in out
    assert "fee" not in out and "minutes" not in out  # no code in a sentence
    code, out, _err = cli("--db", db, "--lang", "en", "history", "--entity", "060101")
    assert "Fee (S/): 45.90 → 52.40" in out


def test_unknown_entity_or_procedure_is_one_line_exit_2(tmp_path: Path) -> None:
    db = str(tmp_path / "work.sqlite")
    assert cli("--db", db, "import", str(EXAMPLE))[0] == 0
    code, out, err = cli("--db", db, "--lang", "en", "history", "--entity", "069999")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    code, out, err = cli("--db", db, "--lang", "en", "history", "--entity", "060101",
                         "--procedure", "XX-99")
    assert code == 2 and "XX-99" in err and len(err.strip().splitlines()) == 1


def test_an_empty_history_is_an_empty_list(tmp_path: Path) -> None:
    db = str(tmp_path / "work.sqlite")
    assert cli("--db", db, "import", str(EXAMPLE))[0] == 0
    code, out, _err = cli("--db", db, "history", "--entity", "060101", "--procedure", "PA-07",
                          "--json")
    assert code == 0 and len(json.loads(out)) == 1  # the import of the procedure only
