"""Regenerate the screenshots in docs/ (the window at 1366 × 768 with the demo data).

    apt-get install -y xvfb libxcb-icccm4 libxcb-keysyms1
    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb \
        uv run python -m tools.screenshots [--out docs] [--lang es]

It loads the Cajamarca demo into a throwaway database, uses throwaway settings (your
own are never touched), and grabs each screen with QWidget.grab(). Without a display it
falls back to the offscreen platform (same pictures, plainer window frame).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QToolTip, QWidget  # noqa: E402

WIDTH, HEIGHT = 1366, 768
MAIN_PROCEDURE = "PA-02"  # Certificado de posesión: a rich, typical step table


def build(out: Path, lang: str) -> list[Path]:
    from models.db import open_database
    from procedures.demo.bootstrap import load_demo
    from procedures.services.activities import update_activity, version_activities
    from procedures.services.measurement import suggestions
    from procedures.services.queries import procedure_index
    from procedures.services.versions import create_from_suggestions
    from ui import dialogs
    from ui.app import create_application, install_language
    from ui.document import Change, Document
    from ui.main_window import MainWindow
    from ui.screens.entity_settings import EntitySettings
    from ui.screens.help import HelpDialog
    from ui.screens.uses_picker import UsesPicker
    from ui.settings import AppSettings
    from ui.undo.versions import SetVersionField

    app = create_application()
    install_language(app, lang)
    work = Path(tempfile.mkdtemp(prefix="tramite-shots-"))
    database = open_database(work / "demo.sqlite")
    with database.session() as session, session.begin():
        load_demo(session)
    document = Document(database, "capturas")
    settings = AppSettings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(document, settings)
    window.setGeometry(0, 0, WIDTH, HEIGHT)
    window.show()
    procedures = document.read(procedure_index)
    chosen = next((p for p in procedures if p.code == MAIN_PROCEDURE), procedures[0])
    # A proposal made from the engine's suggestions, for the comparison.
    offered = document.read(suggestions, _as_is(document, chosen.uuid))
    keys = [s.key for s in offered][:6]
    if keys:
        document.write(create_from_suggestions, chosen.uuid, _as_is(document, chosen.uuid),
                       keys, "Propuesta simplificada" if lang == "es" else "Simplified")
    written: list[Path] = []
    empty_db = open_database(work / "empty.sqlite")
    empty_document = Document(empty_db, "capturas")
    empty_settings = AppSettings(QSettings(str(work / "empty.ini"),
                                           QSettings.Format.IniFormat))

    def grab(widget: QWidget, name: str) -> None:
        path = out / name
        if popups:  # a menu and its tooltip are windows of their own: the screen
            image = app.primaryScreen().grabWindow(0, 0, 0, WIDTH, HEIGHT)
            for popup in popups:
                popup.close()
            popups.clear()
            QToolTip.hideText()
        else:
            image = widget.grab()
        image.save(str(path), "PNG")
        written.append(path)

    def open_main() -> None:
        window.open_procedure(chosen.uuid)
        window.workspace.show_version(_as_is(document, chosen.uuid))
        window.workspace.tabs.setCurrentIndex(2)
        window.workspace.activities.select_rows([4])

    def tab(number: int) -> Callable[[], None]:
        def show() -> None:
            window.workspace.tabs.setCurrentIndex(number)
            if number == 3:
                window.workspace.flow.view.fit()
        return show

    def compare() -> None:
        proposal = window.workspace.header.versions[-1].uuid
        window.workspace.show_version(proposal)
        window.workspace.tabs.setCurrentIndex(6)

    dialog_holder: list[QWidget] = []

    def settings_dialog() -> None:
        for dialog in dialog_holder:
            dialog.close()
        dialog_holder.clear()
        dialog = EntitySettings(document, "060101", window)
        dialog.resize(1160, 640)
        dialog.tabs.setCurrentIndex(2)
        dialog.show()
        dialog_holder.append(dialog)

    empty_holder: list[QWidget] = []

    def empty_window() -> None:
        empty = MainWindow(empty_document, empty_settings)
        empty.setGeometry(0, 0, WIDTH, HEIGHT)
        empty.show()
        empty_holder.append(empty)

    def proposal_tupa() -> None:
        proposal = window.workspace.header.versions[-1].uuid
        window.workspace.show_version(proposal)
        document.push(SetVersionField(document, chosen.uuid, proposal, "plazo", 10))
        window.workspace.tabs.setCurrentIndex(0)

    def proposal_requirements() -> None:
        window.workspace.tabs.setCurrentIndex(1)
        window.workspace.requirements.toggle_own()

    def provenance() -> None:
        window.workspace.show_version(_as_is(document, chosen.uuid))
        window.workspace.tabs.setCurrentIndex(2)
        rows = document.read(version_activities, window.workspace.version)
        sources = ("measured", "interview", "estimate")
        for number, activity in enumerate(rows[:6]):
            document.write(update_activity, activity.uid, "time_source", sources[number % 3])
            document.write(update_activity, activity.uid, "time_date", date(2026, 3, 2 + number))
            document.write(update_activity, activity.uid, "time_by",
                           "R. Chávez" if number % 2 else "M. Quispe")
        document.write(update_activity, rows[1].uid, "note",
                       "Se cronometró en ventanilla, 10 casos" if lang == "es"
                       else "Timed at the counter, 10 cases")
        document.notify(Change(frozenset({"activities"}), procedure=chosen.uuid,
                               version=window.workspace.version))
        columns = window.workspace.activities.columns
        columns.set_visible(["description", "unit", "type", "minutes", "staff", "note",
                             "time_source", "time_date", "time_by"])
        window.workspace.activities.select_rows([1])
        window.workspace.activities.table.scrollToTop()

    def picker() -> None:
        from ui.screens.activity_cells import ask_uses

        columns = window.workspace.activities.columns
        columns.set_visible([*columns.keys[:11]])
        tab = window.workspace.activities
        row = next(n for n, a in enumerate(tab.model.rows) if a.staff)
        tab.select_rows([row])

        def show(parent, title, hint, rows, headers):  # type: ignore[no-untyped-def]
            dialog = UsesPicker(title, hint, rows, headers, window)
            dialog.show()
            dialog_holder.append(dialog)
            return None

        original = dialogs.pick_uses
        dialogs.pick_uses = show
        try:
            ask_uses(window, tab.entity, tab.model.row(row), row, "staff")
        finally:
            dialogs.pick_uses = original

    def help_window() -> None:
        for dialog in dialog_holder:
            dialog.close()
        dialog_holder.clear()
        dialog = HelpDialog(window, window.commands.shortcuts())
        dialog.resize(760, 640)
        dialog.show()
        dialog_holder.append(dialog)

    def report_dialog() -> None:
        for dialog in dialog_holder:
            dialog.close()
        dialog_holder.clear()
        window.navigator.filter_now("")
        window.workspace.show_version(_as_is(document, chosen.uuid))
        dialog = window.print_report()
        dialog_holder.append(dialog)

    def report_preview() -> None:
        dialog_holder.pop().preview_button.click()  # builds on the worker, then shows

    def preview_window() -> QWidget:
        return window.reports.previews()[0]

    def table_tools() -> None:
        """The step table sorted by minutes, filtered by a unit, the replace bar open."""
        window.workspace.show_version(_as_is(document, chosen.uuid))
        window.workspace.tabs.setCurrentIndex(2)
        tab = window.workspace.activities
        tab.columns.set_visible([*tab.columns.keys[:11]])
        tab.filter.column.setCurrentIndex(tab.filter.column.findText(
            tab.model.columns[tab.model.column_of("unit")].header))
        tab.filter.text.setText("DU")
        tab.table.horizontalHeader().setSortIndicator(tab.model.column_of("minutes"),
                                                      Qt.SortOrder.DescendingOrder)
        tab.arrangement.open_replace()
        tab.replace.find_text.setText("expediente")
        tab.replace.replacement.setText("legajo" if lang == "es" else "file")

    def table_tools_done() -> None:
        window.workspace.activities.arrangement.show_all()
        window.workspace.activities.replace.close_bar()

    def flow_edit() -> None:
        """Two steps selected to move together; every unit has its lane (thin when it
        has no step yet)."""
        table_tools_done()
        window.workspace.tabs.setCurrentIndex(3)
        window.workspace.flow.scene.select_rows([3, 4])
        window.workspace.flow.explain_buttons()
        window.workspace.flow.view.setFocus()

    def refused() -> None:
        """A value the rules refuse: the message under the table names the cell."""
        window.workspace.tabs.setCurrentIndex(2)
        tab = window.workspace.activities
        tab.select_rows([2])
        tab.table.setCurrentIndex(tab.view.index(2, tab.view.column_of("minutes")))
        tab.table.setFocus()
        tab.edits.set_field(2, "minutes", Decimal(-5))
        popups.append(QWidget())  # the message beside the cell is a window of its own

    def disabled_menu() -> None:
        """The Procedure menu on the as-is version: what cannot be done says why."""
        window.workspace.activities.show_problem("")
        window.statusBar().clearMessage()
        window.workspace.show_version(_as_is(document, chosen.uuid))
        window.workspace.tabs.setCurrentIndex(2)
        window._update_actions()
        menu = next(a.menu() for a in window.menuBar().actions()
                    if a.menu() and window.commands["delete_version"] in a.menu().actions())
        corner = window.menuBar().actionGeometry(menu.menuAction()).bottomLeft()
        menu.popup(window.menuBar().mapToGlobal(corner))
        action = window.commands["delete_version"]
        menu.setActiveAction(action)
        place = menu.mapToGlobal(menu.actionGeometry(action).center())
        QTimer.singleShot(500, lambda: QToolTip.showText(place + QPoint(40, -30),
                                                          action.toolTip(), menu))
        popups.append(menu)

    popups: list[QWidget] = []

    def whole_screen() -> QWidget:
        return window  # grabbed with what is over it (see grab)

    def search() -> None:
        table_tools_done()
        window.workspace.show_version(_as_is(document, chosen.uuid))
        window.workspace.tabs.setCurrentIndex(2)
        window.navigator.filter_now("licencia")

    steps: list[tuple[Callable[[], None], Callable[[], QWidget], str]] = [
        (open_main, lambda: window, "screenshot-main.png"),
        (tab(0), lambda: window, "screenshot-tupa.png"),
        (tab(1), lambda: window, "screenshot-requirements.png"),
        (flow_edit, lambda: window, "screenshot-flowchart.png"),
        (refused, lambda: window, "screenshot-refused.png"),
        (disabled_menu, whole_screen, "screenshot-disabled.png"),
        (tab(4), lambda: window, "screenshot-costs.png"),
        (tab(5), lambda: window, "screenshot-warnings.png"),
        (compare, lambda: window, "screenshot-comparison.png"),
        (proposal_tupa, lambda: window, "screenshot-tupa-proposal.png"),
        (proposal_requirements, lambda: window, "screenshot-requirements-proposal.png"),
        (provenance, lambda: window, "screenshot-provenance.png"),
        (picker, lambda: dialog_holder[0], "screenshot-picker.png"),
        (help_window, lambda: dialog_holder[0], "screenshot-help.png"),
        (table_tools, lambda: window, "screenshot-table-tools.png"),
        (search, lambda: window, "screenshot-search.png"),
        (settings_dialog, lambda: dialog_holder[0], "screenshot-settings.png"),
        (report_dialog, lambda: dialog_holder[0], "screenshot-report-dialog.png"),
        (report_preview, preview_window, "screenshot-report-preview.png"),
        (empty_window, lambda: empty_holder[0], "screenshot-empty.png"),
    ]

    def run(index: int) -> None:
        if index == len(steps):
            for holder in (dialog_holder, empty_holder):
                for widget in holder:
                    widget.close()
            window.close()
            app.quit()
            return
        prepare, target, name = steps[index]
        prepare()

        def shoot(settled: bool = False) -> None:
            # Wait while the engine is still measuring (results arrive on this thread).
            if document.tasks.busy or window.workspace.figures.pending:
                QTimer.singleShot(200, shoot)
                return
            if not settled:  # what a finished task opened (the preview) paints first
                QTimer.singleShot(400, lambda: shoot(True))
                return
            grab(target(), name)
            QTimer.singleShot(100, lambda: run(index + 1))

        QTimer.singleShot(900, shoot)

    QTimer.singleShot(300, lambda: run(0))
    app.exec()
    document.close()
    empty_document.close()
    return written


def _as_is(document, procedure: str) -> str:  # type: ignore[no-untyped-def]
    from procedures.services.queries import procedure_header

    header = document.read(procedure_header, procedure)
    return header.baseline.uuid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--lang", default="es", choices=("es", "en"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    for path in build(args.out, args.lang):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
