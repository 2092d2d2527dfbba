"""The window's part of one vocabulary: the step table, the TUPA form, the requirements,
the version badge, the settings, the costs and the comparison show the vocabulary's
word for every code, figure and field — the same words tests/procedures/test_vocabulary
finds in the PDFs, the workbooks and the terminal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from models.codes import (
    ActivityType,
    Calificacion,
    CostElement,
    ImprovementAction,
    PlazoUnit,
    ProcedureKind,
    RequirementKind,
    Rounding,
    TimeSource,
    ValueClass,
    VersionKind,
)
from procedures.i18n import LANGUAGES, set_default_language, use_language
from procedures.services.measurement import compare
from procedures.services.queries import procedure_header, procedure_index
from procedures.vocabulary import (
    ACTIVITY_FIELDS,
    COMPARED,
    explanation,
    field_short,
    field_word,
    figure_change,
    figure_name,
    figure_value,
    label,
    short_label,
    type_text,
)
from tests.procedures.test_reports_pdf import make_db
from tests.procedures.test_vocabulary import vocabulary_package
from tests.ui.conftest import close_window, make_window, wait_figures
from ui.screens.workspace import COSTS


@pytest.fixture(params=LANGUAGES)
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    """The window built in `lang` (the worker threads measure in it too)."""
    set_default_language(request.param)
    with use_language(request.param):
        yield request.param


@pytest.fixture
def vocabulary_window(qtbot: Any, tmp_path: Path, _migrated_template: Path, settings: Any,
                      lang: str) -> Iterator[Any]:
    db = make_db(tmp_path, _migrated_template, vocabulary_package(tmp_path))
    window = make_window(qtbot, db, settings)
    yield window
    close_window(qtbot, window)


def column_texts(model: Any, key: str) -> set[str]:
    column = model.column_of(key)
    return {model.data(model.index(row, column)) for row in range(model.row_count)}


def combo_texts(combo: Any) -> list[str]:
    return [combo.itemText(index) for index in range(combo.count())]


def test_the_window_shows_the_vocabulary(qtbot: Any, vocabulary_window: Any) -> None:
    window = vocabulary_window
    item = next(p for p in window.document.read(procedure_index) if p.code == "PA-07")
    assert window.open_procedure(item.uuid)
    wait_figures(qtbot, window)
    workspace = window.workspace
    model = workspace.activities.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] \
        == [field_short(key) for key in ACTIVITY_FIELDS]
    assert column_texts(model, "type") == {type_text(t) for t in ActivityType}
    assert column_texts(model, "value") == {short_label(v) for v in ValueClass}
    assert column_texts(model, "action") - {""} == {label(a) for a in ImprovementAction}
    assert column_texts(model, "time_source") - {""} == {label(s) for s in TimeSource}
    fields = workspace.tupa.fields
    assert combo_texts(fields["kind"]) == [label(k) for k in ProcedureKind]
    assert combo_texts(fields["calificacion"]) == [label(c) for c in Calificacion]
    assert combo_texts(fields["plazo_unit"]) == [label(u) for u in PlazoUnit]
    assert column_texts(workspace.requirements.model, "kind") == \
        {label(k) for k in RequirementKind}
    assert workspace.badge.text() == label(VersionKind.AS_IS)
    workspace.tabs.setCurrentIndex(COSTS)  # a hidden tab is laid out when shown
    costs = workspace.costs.browser.toPlainText()
    assert [e for e in CostElement if label(e) not in costs or explanation(e) not in costs] == []

    header = window.document.read(procedure_header, workspace.procedure)
    proposal = next(v for v in header.versions if v.kind is VersionKind.TO_BE)
    workspace.show_version(proposal.uuid)
    assert workspace.badge.text() == label(VersionKind.TO_BE)
    comparison = workspace.comparison
    workspace.tabs.setCurrentWidget(comparison)
    qtbot.waitUntil(lambda: figure_name(COMPARED[-1]) in comparison.text, timeout=10_000)
    # The rows the window shows are the engine's comparison, worded by the vocabulary.
    measured = window.document.read(compare, header.baseline.uuid, proposal.uuid)
    for key in COMPARED:
        row = [figure_name(key), figure_value(key, measured.before.figure(key)),
               figure_value(key, measured.after.figure(key)),
               figure_change(key, measured.changes[key].absolute)]
        assert "\n".join(row) in comparison.text, (key, row)
    # A changed step names its fields with the vocabulary's words.
    assert f"({field_word('minutes')})" in comparison.text

    from ui.screens.entity_settings import EntitySettings
    from ui.screens.form import ChoiceField

    dialog = EntitySettings(window.document, "060101", window)
    qtbot.addWidget(dialog)
    choices = [combo_texts(c) for c in dialog.findChildren(ChoiceField)]
    assert [label(r) for r in Rounding] in choices
