"""One vocabulary: every code, figure and field has one word, and the PDF, the workbook
and the terminal print that word, in Spanish and in English (the window's part is in
tests/ui/test_vocabulary_window.py). The outputs are real: PDFs read back with
pdftotext, workbooks with openpyxl, the command line run in-process."""

from __future__ import annotations

import ast
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from openpyxl import load_workbook
from sqlalchemy.orm import Session

import models.codes
from cli.run import run
from models.codes import (
    ActivityType,
    Calificacion,
    CostElement,
    ImprovementAction,
    PlazoUnit,
    ProcedureKind,
    Rounding,
    TimeSource,
    ValueClass,
    VersionKind,
)
from procedures.i18n import LANGUAGES, _, set_default_language, use_language
from procedures.metrics import FIGURES
from procedures.metrics.results import Kind
from procedures.services.exports import export_steps
from procedures.services.lookup import procedure_uuid, version_uuid
from procedures.services.measurement import compare, procedure_context
from procedures.snapshots import Activity
from procedures.vocabulary import (
    ACTIVITY_FIELDS,
    COMPARED,
    FIGURE_NAMES,
    LISTED,
    WORDS,
    Measure,
    field_word,
    figure_change,
    figure_name,
    figure_value,
    label,
    short_label,
    type_text,
)
from tests.conftest import EXAMPLE, ROOT
from tests.procedures.test_reports_pdf import build, make_db, text
from tools.i18n import po_path

UBIGEO = "060101"
CODE_ENUMS: tuple[type[StrEnum], ...] = tuple(
    value for value in vars(models.codes).values()
    if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum)
ACTIONS = tuple(ImprovementAction)
SOURCES = tuple(TimeSource)


def vocabulary_package(folder: Path) -> Path:
    """The worked example made to use every code a report or a workbook can show.

    PA-07 gets every improvement action and every time source on its steps and a
    proposal without the wait; PA-08 (automatic approval, an exclusive service, a term in
    calendar days) and PA-09 (silencio negativo, a term in months) are copies.
    """
    data = json.loads(EXAMPLE.read_text("utf-8"))
    entity = data["entities"][0]
    procedure = entity["procedures"][0]
    steps = procedure["versions"][0]["activities"]
    for step, action in zip(steps, ACTIONS, strict=False):
        step["action"] = action.value
    for step, source in zip(steps, SOURCES, strict=False):
        step.update(time_source=source.value, time_date="2026-03-15", time_by="J. Chávez")
    proposal = json.loads(json.dumps(procedure["versions"][0]))
    proposal.update(name="Propuesta", kind="to_be", based_on="Actual")
    del proposal["activities"][3]  # the file no longer waits in the tray
    proposal["activities"][0]["minutes"] = 5
    procedure["versions"].append(proposal)
    for code, name, changes in (
        ("PA-08", "Constancia de numeración", {"kind": "servicio", "calificacion": "automatica",
                                               "plazo": 10, "plazo_unit": "calendario"}),
        ("PA-09", "Licencia de funcionamiento", {"calificacion": "previa_negativo", "plazo": 2,
                                                 "plazo_unit": "meses"}),
    ):
        copy = json.loads(json.dumps(procedure))
        copy.update(code=code, name=name, versions=copy["versions"][:1], **changes)
        entity["procedures"].append(copy)
    path = folder / "vocabulary.tramite.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


@pytest.fixture(scope="module")
def vocabulary_db(tmp_path_factory: pytest.TempPathFactory, _migrated_template: Path) -> Path:
    folder = tmp_path_factory.mktemp("vocabulary")
    return make_db(folder, _migrated_template, vocabulary_package(folder))


@pytest.fixture(params=LANGUAGES)
def lang(request: pytest.FixtureRequest) -> str:
    return request.param


@contextmanager
def open_db(path: Path) -> Iterator[Session]:
    """A session on a database file, closed with the block."""
    from models.db import open_database

    database = open_database(path)
    try:
        with database.session() as session:
            yield session
    finally:
        database.close()


def missing(words: list[str], body: str) -> list[str]:
    return [word for word in words if word not in body]


# -- the table ------------------------------------------------------------------------


def test_every_code_has_a_word_distinct_within_its_list() -> None:
    assert set(WORDS) == {code for enum in CODE_ENUMS for code in enum}
    with po_path("es").open("rb") as stream:
        catalogue = read_po(stream, locale="es")
    for lang in LANGUAGES:
        with use_language(lang):
            for enum in CODE_ENUMS:
                for words in ([label(c) for c in enum], [short_label(c) for c in enum]):
                    folded = {word.casefold() for word in words}
                    assert len(folded) == len(words) and all(words), (lang, enum.__name__)
    assert [m for m in WORDS.values() if catalogue.get(m) is None] == []


def test_every_figure_has_a_name_and_a_measure_that_fits_it() -> None:
    assert list(FIGURE_NAMES) == list(FIGURES)
    fits = {Kind.COUNT: {Measure.COUNT, Measure.DAYS},
            Kind.NUMBER: {Measure.MINUTES, Measure.HOURS, Measure.VISITS},
            Kind.MONEY: {Measure.MONEY}, Kind.SHARE: {Measure.SHARE},
            Kind.PERCENT: {Measure.PERCENT}}
    assert {key: name.measure for key, name in FIGURE_NAMES.items()
            if name.measure not in fits[FIGURES[key].kind]} == {}
    assert set(COMPARED) <= set(FIGURES) and set(LISTED) <= set(FIGURES)
    for lang in LANGUAGES:
        with use_language(lang):
            names = [figure_name(key) for key in FIGURES]
            # The terminal's comparison lines up the two sides by name.
            assert len(set(names)) == len(names), lang


@pytest.mark.parametrize(("key", "value", "shown", "change", "changed"), [
    ("cost.unit_cost", Decimal("1234.5"), "S/ 1,234.50", Decimal("-25.5"), "−S/ 25.50"),
    ("fee", Decimal("40"), "S/ 40.00", Decimal("3.1"), "+S/ 3.10"),
    ("va_share", Decimal("0.126"), "12.6 %", Decimal("0.025"), "+2.5 pp"),
    ("fee_pct_uit", Decimal("12.34"), "12.34 %", Decimal("-1.5"), "−1.50 pp"),
    # A change is written like its figure: "145" and "125" differ by "−20", not "−20.0".
    ("total_minutes", Decimal("1150"), "1,150", Decimal("-960"), "−960"),
    ("effort_minutes", Decimal("145"), "145", Decimal("-20"), "−20"),
    ("staff_minutes", Decimal("-7.5"), "−7.5", Decimal("0.5"), "+0.5"),
    ("yearly.entity_cost", Decimal("-25.5"), "−S/ 25.50", Decimal("0"), "S/ 0.00"),
    ("business_days", 3, "3", -2, "−2"),
    ("yearly.entity_hours", Decimal("1234.56"), "1,234.6", Decimal("12"), "+12.0"),
    ("activities", 9, "9", 0, "0"),
])
def test_figures_are_written_as_in_peru(key: str, value: Decimal, shown: str,
                                        change: Decimal, changed: str) -> None:
    for lang in LANGUAGES:
        with use_language(lang):
            assert (figure_value(key, value), figure_change(key, change)) == (shown, changed)
    assert figure_value(key, None) == figure_change(key, None) == "—"


def test_every_activity_field_has_a_name() -> None:
    identity = {"uid", "based_on", "revision"}
    assert list(ACTIVITY_FIELDS) == [f.name for f in fields(Activity) if f.name not in identity]


def test_english_keeps_the_spanish_legal_terms() -> None:
    """STYLE §14: a message whose Spanish names a legal term names it so in English."""
    terms = {"TUPA": r"\bTUPA\b", "UIT": r"\bUIT\b", "silencio positivo": "silencio positivo",
             "silencio negativo": "silencio negativo", "calificación": r"\bcalificaci[oó]n\b"}
    with po_path("es").open("rb") as stream:
        catalogue = read_po(stream, locale="es")
    wrong = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for term, pattern in terms.items():
            if any(re.search(pattern, s, re.I) for s in strings) and \
                    not any(re.search(pattern, i, re.I) for i in ids):
                wrong.append(f"{term}: {ids[0][:60]!r}")
    assert wrong == []
    with use_language("en"):
        assert "silencio positivo" in label(Calificacion.PREVIA_POSITIVO)
        assert "silencio negativo" in label(Calificacion.PREVIA_NEGATIVO)
        assert label(PlazoUnit.HABILES) == "días hábiles"
        assert "UIT" in figure_name("fee_pct_uit")


def is_text(node: ast.expr | None) -> bool:
    """A string literal or a message: "VA", N_("Review") (a colour such as "#2E7D32" is
    not a word)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and not re.fullmatch(r"#[0-9A-Fa-f]{6}", node.value)
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
        node.func.id in ("N_", "_")


def test_no_other_module_keeps_words_for_codes() -> None:
    """A dict from codes to text outside the vocabulary is a second vocabulary (the
    readers' aliases, tuples of the words other tools write, are not text)."""
    enum_names = {enum.__name__ for enum in CODE_ENUMS}
    found = []
    for folder in ("procedures", "ui", "cli"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative == "procedures/vocabulary.py":
                continue
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if not isinstance(node, ast.Assign | ast.AnnAssign) or \
                        not isinstance(node.value, ast.Dict):
                    continue
                keyed = [k for k in node.value.keys if isinstance(k, ast.Attribute)
                         and isinstance(k.value, ast.Name) and k.value.id in enum_names]
                texts = [v for v in node.value.values if is_text(v)]
                target = node.targets[0] if isinstance(node, ast.Assign) else node.target
                name = target.id if isinstance(target, ast.Name) else ast.unparse(target)
                if keyed and texts:
                    found.append(f"{relative}: {name}")
    assert found == []


# -- the same words on paper, in the workbook and in the terminal ---------------------


def report_text(db: Path, folder: Path, lang: str) -> str:
    """The technical sheets of every calificación and version kind, the comparison and
    the TUPA table, as one text."""
    parts = []
    for kind, procedure, version in (("sheet", "PA-07", "Actual"), ("sheet", "PA-07", "Propuesta"),
                                     ("sheet", "PA-08", None), ("sheet", "PA-09", None),
                                     ("comparison", "PA-07", "Propuesta"), ("tupa", None, None)):
        out = folder / f"{kind}-{procedure}-{version}-{lang}.pdf"
        build(db, out, kind, procedure=procedure, version=version, lang=lang)
        parts += [text(out), text(out, layout=True)]  # table rows read whole in the layout
    return "\n".join(parts)


def workbook_cells(db: Path, folder: Path, lang: str) -> dict[str, list[list[object]]]:
    """Every sheet of the entity's workbook and of PA-07's proposal (with its comparison)."""
    sheets: dict[str, list[list[object]]] = {}
    for name, procedure, version in (("entity", None, None), ("pa07", "PA-07", "Propuesta")):
        path = folder / f"{name}-{lang}.xlsx"
        with use_language(lang), open_db(db) as session:
            export_steps(session, UBIGEO, path, "xlsx", procedure=procedure, version=version)
        book = load_workbook(path, read_only=True)
        for sheet in book.worksheets:
            sheets[f"{name}:{sheet.title}"] = [list(row) for row in sheet.iter_rows(
                values_only=True)]
        book.close()
    return sheets


def cli_text(db: Path, lang: str, *argv: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    try:
        assert run(["--db", str(db), "--lang", lang, *argv], out, err) == 0, err.getvalue()
    finally:
        set_default_language("es")
    return out.getvalue()


def test_reports_print_the_vocabulary(vocabulary_db: Path, tmp_path: Path, lang: str) -> None:
    body = report_text(vocabulary_db, tmp_path, lang)
    with use_language(lang):
        codes = [*ActivityType, *CostElement, *Calificacion, *ProcedureKind, *VersionKind,
                 *ImprovementAction, PlazoUnit.CALENDARIO, PlazoUnit.MESES]
        assert missing([label(code) for code in codes], body) == []
        assert missing([short_label(value) for value in ValueClass], body) == []
        assert missing([figure_name(key) for key in COMPARED], body) == []
        assert missing([field_word(f) for f in ("minutes",)], body) == []
        with open_db(vocabulary_db) as session:
            comparison = compare(session, version_uuid(session, UBIGEO, "PA-07", "Actual"),
                                 version_uuid(session, UBIGEO, "PA-07", "Propuesta"))
        rows = [" ".join((figure_name(key), figure_value(key, comparison.before.figure(key)),
                          figure_value(key, comparison.after.figure(key)),
                          figure_change(key, comparison.changes[key].absolute)))
                for key in COMPARED]
        assert missing(rows, body) == []


def test_workbooks_write_the_vocabulary(vocabulary_db: Path, tmp_path: Path, lang: str) -> None:
    sheets = workbook_cells(vocabulary_db, tmp_path, lang)
    cells = {str(cell) for rows in sheets.values() for row in rows for cell in row if cell}
    with use_language(lang):
        codes = [*CostElement, *Calificacion, *PlazoUnit, *VersionKind, *ImprovementAction,
                 *TimeSource, Rounding.SUT]
        assert missing([label(code) for code in codes], "\n".join(cells)) == []
        assert {f"{type_text(t)}" for t in ActivityType} <= cells
        assert {short_label(v) for v in ValueClass} <= cells
        comparison = sheets[f"pa07:{_('Comparison')}"]
        first = [row[0] for row in comparison if row and row[0]]
        names = [figure_name(key) for key in FIGURES]
        assert first[first.index(names[0]):first.index(names[-1]) + 1] == names


def test_the_terminal_prints_the_vocabulary(vocabulary_db: Path, lang: str) -> None:
    shown = cli_text(vocabulary_db, lang, "metrics", "--entity", UBIGEO, "--procedure", "PA-07")
    compared = cli_text(vocabulary_db, lang, "compare", "--entity", UBIGEO, "--procedure",
                        "PA-07", "--from", "Actual", "--to", "Propuesta")
    with use_language(lang), open_db(vocabulary_db) as session:
        context = procedure_context(session, procedure_uuid(session, UBIGEO, "PA-07"))
        metrics = context.measure(context.procedure.versions[0]).metrics
        lines = [" ".join((figure_name(key), figure_value(key, metrics.figure(key))))
                 for key in LISTED]
        flat = " ".join(shown.split())
        assert missing(lines, flat) == []
        assert missing([f"{type_text(t)} {metrics.by_type[t]}" for t in ActivityType], flat) == []
        assert missing([f"{short_label(v)} {metrics.by_value[v]}" for v in ValueClass], flat) == []
        assert missing([label(e) for e in CostElement], flat) == []
        assert f"({field_word('minutes')})" in compared
