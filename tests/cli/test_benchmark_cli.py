"""`main.py benchmark …` and `report benchmark …` end to end."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest

from cli.run import run
from tests.procedures.benchmark_data import region_package


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("bench")
    path = str(folder / "region.sqlite")
    code, _out, err = cli("--db", path, "import",
                          str(region_package(folder / "r.tramite.json", celendin_fee="900.00")))
    assert code == 0, err
    return path


def test_json_is_the_design_shape_with_the_engines_figures(db: str) -> None:
    code, out, err = cli("--db", db, "benchmark", "--entity", "06", "--procedure",
                         "060101/PA-07", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"procedure", "rows", "median"}
    assert data["rows"][0]["ubigeo"] == "060103"  # cheapest first
    for row in data["rows"]:
        code, metrics_out, err = cli("--db", db, "metrics", "--entity", row["ubigeo"],
                                     "--procedure", row["code"], "--version", row["version"],
                                     "--json")
        metrics = json.loads(metrics_out)
        assert row["unit_cost"] == metrics["cost"]["unit_cost"]
        assert row["fee"] == metrics["fee"]
        assert row["business_days"] == metrics["business_days"]
        assert row["citizen_hours"] == metrics["yearly"]["citizen_hours"]
    assert data["median"]["fee"] == "37.95"  # (30.00 + 45.90) / 2


def test_text_marks_the_outlier_and_the_median(db: str) -> None:
    code, out, err = cli("--db", db, "--lang", "en", "benchmark", "--entity", "06",
                         "--procedure", "060101/PA-07")
    assert code == 0, err
    assert "Median" in out and "Best quartile" in out
    assert "! Municipalidad Provincial de Celendín: Fee" in out


@pytest.mark.parametrize("args, words", [
    (["--entity", "06", "--procedure", "060105/LE-1"], "no other municipality"),
    (["--entity", "06", "--procedure", "060101/NOPE"], "NOPE"),
    (["--entity", "06", "--procedure", "PA-07"], "UBIGEO/CODE"),
    (["--entity", "6x", "--procedure", "060101/PA-07"], "6x"),
    (["--entity", "06", "--procedure", "999999/PA-07"], "999999"),
])
def test_bad_input_is_one_worded_line(db: str, args: list[str], words: str) -> None:
    code, out, err = cli("--db", db, "--lang", "en", "benchmark", *args)
    assert code == 2 and out == ""
    assert words in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


@pytest.mark.parametrize("lang, words", [("es", "Mediana"), ("en", "Median")])
def test_report_benchmark_writes_a_pdf_with_the_rows(db: str, tmp_path: Path, lang: str,
                                                     words: str) -> None:
    out_pdf = tmp_path / f"b-{lang}.pdf"
    code, _out, err = cli("--db", db, "report", "benchmark", "--entity", "06", "--procedure",
                         "060101/PA-07", "--lang", lang, "--out", str(out_pdf))
    assert code == 0, err
    text = subprocess.run(["pdftotext", "-layout", str(out_pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    for name in ("Chetilla", "Asunción", "Celendín", "Cajamarca"):
        assert name in text
    assert words in text and "S/ 900.00" in text
    assert "Cospán" in text  # not mapped, named


def test_report_benchmark_needs_the_procedure(db: str, tmp_path: Path) -> None:
    code, _out, _err = cli("--db", db, "report", "benchmark", "--entity", "06",
                           "--out", str(tmp_path / "x.pdf"))
    assert code == 2 and not (tmp_path / "x.pdf").exists()
