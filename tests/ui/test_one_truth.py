"""One truth: every figure of every version of the demo and of the hard review set reads
the same in the window (status bar, costs, comparison), the terminal, the PDFs and the
recalculated workbook; the words around the figures have their plural forms and no
Spanish is left in English (issue #12).

Expected strings come from the vocabulary's formatters over the engine's figures; each
surface is read back as a person reads it (PDF text, terminal text, the window's plain
text, the workbook's recalculated cells formatted by the same formatter).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QStatusBar

from cli.run import run
from procedures.i18n import set_default_language, use_language
from procedures.metrics import Comparison
from procedures.services.measurement import Measured, procedure_context
from procedures.storage.read import load_entity
from procedures.vocabulary import (
    COMPARED,
    LISTED,
    SAVINGS,
    figure_change,
    figure_name,
    figure_value,
    percent_change,
    saving_name,
    saving_value,
)
from tests.conftest import ROOT
from tests.procedures.test_reports_hard_data import package as hard_package
from tests.procedures.test_reports_pdf import build, make_db, text
from tools.i18n import po_path

DEMO = ROOT / "resources" / "demo" / "cajamarca.tramite.json"
ENTITIES = ("060101", "060419")  # the Cajamarca demo, the hard review district
#: Figures that the sheet prints (its key facts, cost tables and yearly totals).
ON_THE_SHEET = ("total_minutes", "staff_minutes", "va_share", "handoffs", "cost.unit_cost",
                *(f"cost.{e}" for e in ("personal", "material_fungible",
                                        "servicio_identificable", "material_no_fungible",
                                        "servicios_terceros", "depreciacion", "costos_fijos")),
                "fee", "citizen.cost", "citizen.out_of_pocket", "yearly.entity_cost",
                "yearly.entity_hours", "yearly.citizen_hours", "yearly.citizen_cost")


@pytest.fixture(scope="module")
def truth_db(tmp_path_factory: pytest.TempPathFactory, _migrated_template: Path) -> Path:
    folder = tmp_path_factory.mktemp("truth")
    hard = folder / "hard.tramite.json"
    hard.write_text(json.dumps(hard_package(), ensure_ascii=False), "utf-8")
    return make_db(folder, _migrated_template, DEMO, hard)


def versions(db: Path) -> Iterator[tuple[str, Measured, list[Measured]]]:
    """(ubigeo, measured version, all measured versions of its procedure), every one."""
    from models.db import open_database

    database = open_database(db)
    try:
        with database.session() as session:
            for ubigeo in ENTITIES:
                entity = load_entity(session, ubigeo, procedures=True)
                for procedure in entity.procedures:
                    context = procedure_context(session, procedure.uid)
                    measured = [context.measure(v) for v in context.procedure.versions]
                    for item in measured:
                        yield ubigeo, item, measured
    finally:
        database.close()


def cli_text(db: Path, lang: str, *argv: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    try:
        assert run(["--db", str(db), "--lang", lang, *argv], out, err) == 0, err.getvalue()
    finally:
        set_default_language("es")
    return " ".join(out.getvalue().split())


def plain(html: str) -> str:
    document = QTextDocument()
    document.setHtml(html)
    return " ".join(document.toPlainText().split())


def missing(expected: list[str], body: str) -> list[str]:
    return [item for item in expected if item not in body]


def figure_line(key: str, measured: Measured) -> str:
    return f"{figure_name(key)} {figure_value(key, measured.metrics.figure(key))}"


def comparison_row(comparison: Comparison, key: str) -> str:
    """A figure's row as every comparison writes it: name, both sides, change, %."""
    change = comparison.changes[key]
    return " ".join((figure_name(key), figure_value(key, comparison.before.figure(key)),
                     figure_value(key, comparison.after.figure(key)),
                     figure_change(key, change.absolute), percent_change(key, change.percent)))


def test_every_version_reads_the_same_everywhere(qtbot: Any, truth_db: Path,
                                                 tmp_path: Path) -> None:
    from ui.screens.comparison_tab import Compared, comparison_html
    from ui.screens.costs_tab import costs_html
    from ui.screens.status import StatusFigures

    bar = QStatusBar()
    qtbot.addWidget(bar)
    status = StatusFigures(bar, str(truth_db))
    walked = compared = 0
    for ubigeo, measured, siblings in versions(truth_db):
        walked += 1
        procedure, version, metrics = measured.procedure, measured.version, measured.metrics
        where = f"{ubigeo} {procedure.code} {version.name}"
        # The terminal: every listed figure, name and value, as the vocabulary writes it.
        shown = cli_text(truth_db, "es", "metrics", "--entity", ubigeo, "--procedure",
                         procedure.code, "--version", version.name)
        assert missing([figure_line(key, measured) for key in LISTED], shown) == [], where
        # The window: the costs tab and the status bar.
        costs = plain(costs_html(measured))
        money_keys = [k for k in ON_THE_SHEET if k.startswith(("cost.", "yearly."))]
        assert missing([figure_value(k, metrics.figure(k)) for k in money_keys], costs) == [], \
            where
        status.show(measured)
        texts = " ".join(label.text() for label in status.labels.values())
        assert figure_value("cost.unit_cost", metrics.cost.unit_cost) in texts
        assert figure_value("fee", metrics.fee) in texts
        # The technical sheet.
        out = tmp_path / f"sheet-{ubigeo}-{procedure.code}-{walked}.pdf"
        build(truth_db, out, "sheet", ubigeo, procedure=procedure.code, version=version.name)
        sheet = text(out) + " " + text(out, layout=True)
        assert missing([figure_value(k, metrics.figure(k)) for k in ON_THE_SHEET],
                       sheet) == [], where
        if measured is siblings[0]:
            continue
        # A proposal against the baseline: the three comparisons agree row by row.
        compared += 1
        before = siblings[0]
        with_cli = cli_text(truth_db, "es", "compare", "--entity", ubigeo, "--procedure",
                            procedure.code, "--from", before.version.name, "--to",
                            version.name)
        from models.db import open_database
        from procedures.services.activities import version_activities
        from procedures.services.measurement import compare

        database = open_database(truth_db)
        try:
            with database.session() as session:
                comparison = compare(session, before.version.uid, version.uid)
                window = plain(comparison_html(Compared(
                    comparison, version_activities(session, before.version.uid),
                    version_activities(session, version.uid))))
        finally:
            database.close()
        pdf_path = tmp_path / f"comparison-{ubigeo}-{procedure.code}-{compared}.pdf"
        build(truth_db, pdf_path, "comparison", ubigeo, procedure=procedure.code,
              version=version.name)
        pdf = text(pdf_path, layout=True)
        pdf = " ".join(pdf.split())

        rows = [comparison_row(comparison, key) for key in COMPARED]
        assert missing([comparison_row(comparison, key) for key in LISTED], with_cli) == [], \
            where
        assert missing(rows, window) == [], where
        assert missing(rows, pdf) == [], where
        savings = [f"{saving_name(k)} {saving_value(k, getattr(comparison.savings, k))}"
                   for k in SAVINGS]
        for body in (with_cli, window):
            assert missing(savings, body) == [], where
        assert missing([saving_value(k, getattr(comparison.savings, k)) for k in SAVINGS],
                       pdf) == [], where
    assert walked == 14 and compared == 4


@pytest.mark.slow
def test_the_recalculated_workbook_holds_the_same_figures(truth_db: Path,
                                                          tmp_path: Path) -> None:
    """The workbook's comparison, recalculated by LibreOffice, written with the same
    formatter, gives the strings the window and the paper print."""
    from models.db import open_database
    from procedures.services.exports import export_steps
    from tests.procedures.xlsx_recalc import recalculated_values

    for ubigeo, measured, siblings in versions(truth_db):
        if measured is siblings[0]:
            continue
        path = tmp_path / f"{ubigeo}-{measured.procedure.code}.xlsx"
        database = open_database(truth_db)
        try:
            with use_language("es"), database.session() as session:
                export_steps(session, ubigeo, path, "xlsx", procedure=measured.procedure.code,
                             version=measured.version.name)
        finally:
            database.close()
        book = recalculated_values(path, tmp_path / "recalc")
        sheet = next(s for s in book.worksheets if s.title.startswith("Compara"))
        found = {row[0].value: (row[1].value, row[2].value) for row in sheet.iter_rows()
                 if row[0].value}
        with use_language("es"):
            for key in LISTED:
                before, after = found[figure_name(key)]
                for cell, side in ((before, siblings[0]), (after, measured)):
                    value = side.metrics.figure(key)
                    if value is None or key == "va_share":  # shares: a % format of 4 decimals
                        continue
                    assert figure_value(key, Decimal(str(cell))) == figure_value(key, value), \
                        (measured.procedure.code, key)


# -- words ------------------------------------------------------------------------------

#: A count of one with a plural noun, in either language ("1 actividades", "1 visits").
WRONG_PLURAL = re.compile(
    r"(?<![\d.,])1 (actividades|visitas|casos|procedimientos|días|pasos|advertencias|"
    r"activities|visits|cases|procedures|days|steps|warnings|business days)\b")


def every_output(db: Path, folder: Path, lang: str) -> str:
    """Every report kind and the terminal's figures, for both review municipalities."""
    parts = []
    with use_language(lang):
        for ubigeo in ENTITIES:
            for kind, procedure, version in (("booklet", None, None), ("tupa", None, None)):
                out = folder / f"{kind}-{ubigeo}-{lang}.pdf"
                build(db, out, kind, ubigeo, procedure=procedure, version=version, lang=lang)
                parts.append(text(out))
        for kind, ubigeo, procedure, version in (
                ("sheet", "060101", "PA-01", "Propuesta 2026"),
                ("sheet", "060419", "PA-03", None),
                ("comparison", "060419", "PA-03", "Propuesta simplificada 2026"),
                ("comparison", "060101", "PA-02", "Propuesta"),
                ("guide", "060101", "SE-01", "Propuesta 2026")):
            out = folder / f"{kind}-{ubigeo}-{procedure}-{lang}.pdf"
            build(db, out, kind, ubigeo, procedure=procedure, version=version, lang=lang)
            parts.append(text(out))
        parts.append(cli_text(db, lang, "compare", "--entity", "060419", "--procedure", "PA-03",
                              "--from", "Actual", "--to", "Propuesta simplificada 2026"))
    return "\n".join(parts)


def window_output(db: Path, lang: str) -> str:
    from ui.screens.comparison_tab import Compared, comparison_html
    from ui.screens.costs_tab import costs_html

    parts = []
    with use_language(lang):
        for _ubigeo, measured, siblings in versions(db):
            parts.append(plain(costs_html(measured)))
            if measured is not siblings[0]:
                from models.db import open_database
                from procedures.services.activities import version_activities
                from procedures.services.measurement import compare

                database = open_database(db)
                try:
                    with database.session() as session:
                        before = siblings[0].version.uid
                        parts.append(plain(comparison_html(Compared(
                            compare(session, before, measured.version.uid),
                            version_activities(session, before),
                            version_activities(session, measured.version.uid)))))
                finally:
                    database.close()
    return "\n".join(parts)


#: Spanish legal names that English keeps (STYLE §14; vocabulary docstring): the TUPA's
#: and the norms' titles, the two appeals, the fee's legal name.
LEGAL_NAMES = ("Procedimientos Administrativos", "Reconsideración",
               "Apelación", "derecho de tramitación")


def spanish_leftovers(body: str, data: str) -> list[str]:
    """Spanish words of the catalogue (not legal names, not in the data) found as whole
    words in an English text: a word the English interface forgot to translate."""
    for name in LEGAL_NAMES:
        body = body.replace(name, "")
    with po_path("es").open("rb") as stream:
        catalogue = read_po(stream, locale="es")
    found = []
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for string in strings:
            if not string or string in ids or len(string) < 12 or "{" in string:
                continue
            if string in data:
                continue
            if re.search(rf"(?<!\w){re.escape(string)}(?!\w)", body):
                found.append(string)
    return found


@pytest.mark.parametrize("lang", ["es", "en"])
def test_plurals_and_no_spanish_left_in_english(qtbot: Any, truth_db: Path, tmp_path: Path,
                                                lang: str) -> None:
    body = every_output(truth_db, tmp_path, lang) + "\n" + window_output(truth_db, lang)
    assert WRONG_PLURAL.findall(body) == []
    if lang == "en":
        data = DEMO.read_text("utf-8") + json.dumps(hard_package(), ensure_ascii=False)
        leftovers = spanish_leftovers(body, data)
        assert leftovers == [], leftovers
        assert "Calificación" not in body.replace("Approval (calificación)", "")
