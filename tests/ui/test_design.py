"""What a new clerk sees at 1366 × 768: titles read whole, empty screens say what to do,
messages are not cut off, and the Spanish window shows no English words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableView,
    QTabWidget,
    QToolButton,
)

from procedures.i18n import _
from procedures.services.queries import procedure_index
from tests.ui.conftest import wait_figures
from ui.screens.workspace import COSTS

ROOT = Path(__file__).resolve().parents[2]
#: The header's padding in the style sheet (`QHeaderView::section`: 6 px each side).
HEADER_PADDING = 12


def clipped_headers(table: QTableView) -> list[str]:
    """Titles of the visible columns that do not fit their section (bold, as shown)."""
    header = table.horizontalHeader()
    font = QFont(header.font())
    font.setWeight(QFont.Weight.DemiBold)
    metrics = QFontMetrics(font)
    model = table.model()
    clipped = []
    for column in range(header.count()):
        if header.isSectionHidden(column):
            continue
        text = str(model.headerData(column, Qt.Orientation.Horizontal))
        if metrics.horizontalAdvance(text) + HEADER_PADDING > header.sectionSize(column):
            clipped.append(f"{table.objectName()}: {text} ({header.sectionSize(column)} px)")
    return clipped


def open_example(window: Any) -> str:
    uuid = window.document.read(procedure_index)[0].uuid
    assert window.open_procedure(uuid)
    return uuid


def test_settings_tables_show_whole_column_titles(qtbot: Any, window: Any) -> None:
    from ui.screens.entity_settings import EntitySettings

    dialog = EntitySettings(window.document, "060101", window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    clipped = []
    for number in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(number)
        for table in dialog.tabs.currentWidget().findChildren(QTableView):
            if table.objectName().endswith("_table"):
                clipped += clipped_headers(table)
    assert clipped == []
    # The dialog fits a 1366 × 768 screen.
    assert dialog.width() <= 1366 and dialog.height() <= 700


def test_workspace_tables_show_whole_column_titles(qtbot: Any, window: Any) -> None:
    open_example(window)
    for number, table in ((1, window.workspace.requirements.table),
                          (2, window.workspace.activities.table)):
        window.workspace.tabs.setCurrentIndex(number)
        assert clipped_headers(table) == []


def test_days_off_calendar_shows_every_week(qtbot: Any, window: Any) -> None:
    from ui.screens.entity_settings import EntitySettings

    dialog = EntitySettings(window.document, "060101", window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.days)
    qtbot.waitExposed(dialog)
    month = dialog.days.calendar.findChild(QTableView)
    assert month.verticalHeader().length() <= month.viewport().height()


def test_settings_first_page_groups_calculation_and_contact(qtbot: Any, window: Any) -> None:
    from ui.screens.entity_settings import EntitySettings

    dialog = EntitySettings(window.document, "060101", window)
    qtbot.addWidget(dialog)
    boxes = dialog.tabs.widget(0).findChildren(QGroupBox)
    assert [b.title() for b in boxes] == [_("Calculation of costs and terms"),
                                          _("The municipality (for the citizen's guide)"),
                                          _("Logo (printed on every report)")]
    assert dialog.fields["address"].parent() is boxes[1]
    assert dialog.fields["year"].parent() is boxes[0]


def test_dialog_buttons_carry_no_stock_icons(qtbot: Any) -> None:
    """Our icons are line drawings; the platform's glossy OK/Cancel icons are not used."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel
                               | QDialogButtonBox.StandardButton.Close)
    qtbot.addWidget(buttons)
    assert all(button.icon().isNull() for button in buttons.buttons())


def test_a_long_status_message_is_not_cut_off(qtbot: Any, window: Any) -> None:
    open_example(window)
    wait_figures(qtbot, window)
    bar = window.statusBar()
    labels = window.figure_labels
    assert all(label.isVisible() and label.text() for label in labels.values())
    message = "Demostración cargada: 127 municipalidades creadas, 8 procedimientos mapeados."
    bar.showMessage(message, 8000)
    qtbot.wait(50)  # the bar lays its widgets out again
    shown = [w for w in bar.findChildren(QLabel) + bar.findChildren(QToolButton)
             if w.isVisible() and w.parent() is bar]
    left = min(w.x() for w in shown)
    assert bar.fontMetrics().horizontalAdvance(message) < left
    bar.clearMessage()
    assert all(label.isVisible() for label in labels.values())
    # A short message leaves the figures where they are.
    bar.showMessage("Listo.", 8000)
    assert all(label.isVisible() for label in labels.values())


def test_status_bar_names_the_database_file(window: Any, example_db: Path) -> None:
    label = window.status_figures.database
    assert label.text() == example_db.name
    assert str(example_db) in label.toolTip()


def test_navigator_tells_a_new_user_what_to_do(empty_window: Any) -> None:
    navigator = empty_window.navigator
    assert navigator.count.text() == _("No municipalities yet: import a package (Ctrl+I) "
                                       "or load the demo data (File menu).")
    assert navigator.count.isVisible()


def test_search_placeholder_reads_whole(window: Any) -> None:
    search = window.navigator.search
    buttons = sorted((b for b in search.findChildren(QToolButton)), key=lambda b: b.x())
    room = search.width() - sum(b.width() for b in buttons) - 2 * 6
    assert search.fontMetrics().horizontalAdvance(search.placeholderText()) <= room
    assert "Ctrl+F" in search.toolTip()


def test_a_search_without_results_does_not_widen_the_panel(qtbot: Any, window: Any) -> None:
    navigator = window.navigator
    before = navigator.width()
    navigator.filter_now("no existe nada así")
    qtbot.wait(50)
    assert navigator.count.text() == _("Nothing matches. Try fewer letters.")
    assert navigator.width() == before


def test_municipality_tooltip_counts_in_singular(window: Any) -> None:
    from ui.item_models.navigator import KIND_ROLE

    model = window.navigator.model
    province = model.index(0, 0)
    entity = next(model.index(row, 0, province) for row in range(model.rowCount(province))
                  if model.index(row, 0, province).data(KIND_ROLE) == "entity")
    tip = entity.data(Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("· 1 procedimiento")


def test_costs_of_a_version_without_activities_say_what_to_do(qtbot: Any, window: Any) -> None:
    from ui.undo.procedures import CreateProcedure

    command = CreateProcedure(window.document, "060101", "PA-99", "Constancia nueva")
    assert window.document.push(command)
    assert window.open_procedure(command.uuid)
    wait_figures(qtbot, window)
    window.workspace.tabs.setCurrentIndex(COSTS)  # a hidden tab is laid out when shown
    text = window.workspace.costs.browser.toPlainText()
    assert _("The costs appear here once the version has activities with minutes, staff "
             "and resources.") in text
    assert "S/ 0.00" not in text


def _english_msgids() -> set[str]:
    """English words of ours whose Spanish is different (a shown one was not translated)."""
    path = ROOT / "resources" / "i18n" / "es" / "LC_MESSAGES" / "tramite.po"
    with path.open("rb") as stream:
        catalog = read_po(stream, locale="es")
    found = set()
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            if msgid and msgid not in strings and len(msgid) > 3:
                found.add(msgid.replace("&", ""))
    return found


def _shown_texts(root: Any) -> set[str]:
    texts: set[str] = set()
    for widget in [root, *root.findChildren(QLabel), *root.findChildren(QAbstractButton),
                   *root.findChildren(QLineEdit), *root.findChildren(QGroupBox)]:
        for getter in ("text", "toolTip", "placeholderText", "title", "windowTitle"):
            value = getattr(widget, getter, None)
            if callable(value):
                texts.add(str(value()))
    for tabs in root.findChildren(QTabWidget):
        texts.update(tabs.tabText(n) for n in range(tabs.count()))
    for table in root.findChildren(QTableView):
        model = table.model()
        if model is not None:
            texts.update(str(model.headerData(c, Qt.Orientation.Horizontal))
                         for c in range(model.columnCount()))
    for action in root.actions():
        texts.update((action.text(), action.toolTip(), action.statusTip()))
    return {t.replace("&", "").strip() for t in texts if t}


def test_the_spanish_window_shows_no_english(qtbot: Any, window: Any) -> None:
    from ui.screens.entity_settings import EntitySettings

    open_example(window)
    wait_figures(qtbot, window)
    english = _english_msgids()
    dialog = EntitySettings(window.document, "060101", window)
    qtbot.addWidget(dialog)
    shown = _shown_texts(window) | _shown_texts(dialog)
    assert sorted(shown & english) == []


def test_a_refused_file_lists_its_problems_as_bullets(answers: Any) -> None:
    from procedures.errors import InputError, Location, Problem
    from ui.file_ops import problems_dialog

    error = InputError([Problem(Location(file="malo.tramite.json", path="entities[0].kind"),
                                "valor desconocido"),
                        Problem(Location(file="malo.tramite.json", path="entities[0].units"),
                                "falta")])
    answers.will("error", None)
    problems_dialog(None, "Importar", "malo.tramite.json", error)
    ((_name, (_parent, _title, text, details)),) = answers.asked
    # The place named as the screen names it, never the file's internal path.
    assert text.splitlines()[2:] == ["• Municipalidad 1 › Tipo: valor desconocido",
                                     "• Municipalidad 1 › Unidades: falta"]
    assert details.splitlines()[0] == \
        "malo.tramite.json: Municipalidad 1 › Tipo: valor desconocido"


def _legend_shown(flow: Any) -> bool:
    """The flowchart's colour legend lies whole in the scene and in the visible area."""
    view, legend = flow.view, flow.scene.legend.sceneBoundingRect()
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    return flow.scene.sceneRect().contains(legend) and shown.contains(legend)


def test_flowchart_legend_reads_whole(qtbot: Any, window: Any) -> None:
    from models.codes import ASME_SYMBOLS, ActivityType
    from procedures.vocabulary import label

    open_example(window)
    workspace = window.workspace
    workspace.tabs.setCurrentIndex(3)
    flow = workspace.flow
    qtbot.waitUntil(lambda: flow.view.isVisible())
    texts = [item.text() for item in flow.scene.legend.childItems() if hasattr(item, "text")]
    # By step type, as the printed sheet: each type's symbol and name.
    assert texts == [text for t in ActivityType for text in (ASME_SYMBOLS[t], label(t))]
    # Above the lanes, not over them.
    assert flow.scene.legend.sceneBoundingRect().bottom() <= 0
    assert _legend_shown(flow), "default zoom"
    flow.view.fit()
    assert _legend_shown(flow), "fit, whole diagram"
    # A narrow view: fit shows the lanes' full height from the start.
    from ui.flowchart.view import FlowTab

    narrow = FlowTab()
    qtbot.addWidget(narrow)
    narrow.resize(600, 500)
    narrow.show()
    qtbot.waitExposed(narrow)
    narrow.show_activities(workspace.activities.model.rows, {})
    assert _legend_shown(narrow), "default zoom, narrow"
    narrow.view.fit()
    assert narrow.view.horizontalScrollBar().maximum() > 0  # it scrolls sideways
    assert _legend_shown(narrow), "fit, lanes' height"


def test_numeric_column_titles_align_right(qapp: Any) -> None:
    from PySide6.QtGui import QTextDocument

    from ui.screens import html

    document = QTextDocument()
    document.setHtml(html.page(html.table(["Concepto", "Ahorro anual"],
                                          [["Horas", "260"]], numeric=(1,))))

    def alignment(text: str) -> Qt.AlignmentFlag:
        return document.find(text).blockFormat().alignment()

    assert alignment("Ahorro anual") & Qt.AlignmentFlag.AlignRight
    assert alignment("260") & Qt.AlignmentFlag.AlignRight
    assert not alignment("Concepto") & Qt.AlignmentFlag.AlignRight


def test_warnings_tab_title_counts_at_the_end(qtbot: Any, window: Any) -> None:
    from procedures.i18n import use_language
    from ui.screens.workspace import WARNINGS, warnings_title

    assert warnings_title(2) == "Advertencias y sugerencias (2)"
    assert warnings_title(1) == "Advertencias y sugerencias (1)"
    assert warnings_title(0) == "Advertencias y sugerencias"
    with use_language("en"):
        assert warnings_title(2) == "Warnings and suggestions (2)"
    open_example(window)
    measured = wait_figures(qtbot, window)
    assert window.workspace.tabs.tabText(WARNINGS) == warnings_title(
        len(measured.metrics.warnings))


def test_help_shows_symbols_and_values_before_keys(qtbot: Any, window: Any) -> None:
    from ui.screens.help import HelpDialog

    dialog = HelpDialog(window, window.commands.shortcuts())
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    symbols, values = text.index(_("The five ASME symbols")), text.index(_("Value classes"))
    keys = text.index(_("What they do"))
    assert symbols < values < keys
    assert text.index("Control+N") > values
