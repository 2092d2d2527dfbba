"""Excel and BPMN step tables imported from the window into the open version: through
File > Import and the background-task helper. The rows appear in the table, Ctrl+Z
removes them (the message says so), and a refused file lists its located problems."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

from procedures.i18n import _, ngettext
from tests.conftest import ROOT
from tests.ui.helpers import activity_rows
from tests.ui.test_versions import open_example

SUT_HEADER = ["Actividad", "Unidad_Organica", "Duracion", "Tipo_Actividad", "Tipo_Valor"]
#: The BPMN MIWG reference model A.1.0 (three tasks, no lanes): in the test data when
#: copied there, else in the project's shared folder beside the repository.
BPMN_A10 = next((folder / "interop" / "bpmn" / "reference" / "A.1.0.bpmn"
                 for folder in (ROOT / "tests" / "data", ROOT.parent / "shared")
                 if (folder / "interop" / "bpmn" / "reference" / "A.1.0.bpmn").exists()),
                ROOT.parent / "shared" / "interop" / "bpmn" / "reference" / "A.1.0.bpmn")


def workbook(path: Path, rows: list[list[Any]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Actividades"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def import_through_the_menu(qtbot: Any, window: Any, answers: Any, path: Path) -> None:
    answers.will("open_file", str(path))
    window.commands["import"].trigger()  # File > Import… (Ctrl+I)
    qtbot.waitUntil(lambda: not window.document.tasks.busy, timeout=20_000)
    if window.workspace.procedure:
        qtbot.waitUntil(lambda: not window.workspace.figures.pending, timeout=10_000)


def shown(window: Any) -> list[str]:
    model = window.workspace.activities.model
    return [model.row(r).description for r in range(model.row_count)]


def test_an_excel_step_table_goes_into_the_open_version(qtbot: Any, window: Any,
                                                        answers: Any, tmp_path: Path) -> None:
    open_example(window)
    path = workbook(tmp_path / "pasos.xlsx", [
        SUT_HEADER,
        ["Sellar el certificado", "TD", 2, "Operacion", "VA"],
        ["Esperar la firma", "DU", 90, "Espera", "SVA"],
    ])
    stack = window.document.stack
    answers.will("options", 1)  # the version has steps: add the file's after them
    import_through_the_menu(qtbot, window, answers, path)
    qtbot.waitUntil(lambda: "Esperar la firma" in shown(window), timeout=20_000)
    ((_name, args),) = [a for a in answers.asked if a[0] == "options"]
    assert "9" in args[2] and args[3] == [_("Replace"), _("Add after them")]
    assert shown(window)[-2:] == ["Sellar el certificado", "Esperar la firma"]
    rows = activity_rows(window)
    assert len(rows) == 11 and rows[-1][1:] == ("DU", "espera", "SVA", 90)
    message = window.statusBar().currentMessage()
    assert _("Ctrl+Z removes the imported rows.") in message
    assert stack.undoText() == _("Import {file}").format(file="pasos.xlsx")
    imported = [a for a in window.workspace.activities.model.rows][-2:]
    stack.undo()
    assert len(activity_rows(window)) == 9 and "Sellar el certificado" not in shown(window)
    stack.redo()
    again = window.workspace.activities.model.rows[-2:]
    assert [a.uid for a in again] == [a.uid for a in imported], "the same rows come back"


def test_replacing_the_steps_of_the_open_version_is_one_undo_step(
        qtbot: Any, window: Any, answers: Any, tmp_path: Path) -> None:
    """Importing the same table twice never doubles it: asked, the person replaces the
    version's steps; Ctrl+Z brings the old ones back (same rows), Ctrl+Y the file's."""
    open_example(window)
    before = [a.uid for a in window.workspace.activities.model.rows]
    path = workbook(tmp_path / "pasos.xlsx", [
        SUT_HEADER,
        ["Sellar el certificado", "TD", 2, "Operacion", "VA"],
        ["Esperar la firma", "DU", 90, "Espera", "SVA"],
    ])
    for _time in range(2):  # twice: the second time replaces the first time's rows
        answers.will("options", 0)  # Replace
        import_through_the_menu(qtbot, window, answers, path)
        qtbot.waitUntil(lambda: shown(window) == ["Sellar el certificado",
                                                  "Esperar la firma"], timeout=20_000)
    assert ngettext("They replace the {count} step the version had.",
                    "They replace the {count} steps the version had.", 2).format(count=2) \
        in window.statusBar().currentMessage()
    stack = window.document.stack
    stack.undo()
    assert len(shown(window)) == 2
    stack.undo()
    assert [a.uid for a in window.workspace.activities.model.rows] == before
    stack.redo()
    assert shown(window) == ["Sellar el certificado", "Esperar la firma"]


def test_a_bpmn_model_goes_into_a_proposal(qtbot: Any, window: Any, answers: Any) -> None:
    open_example(window)
    assert window.workspace.new_proposal("Desde BPMN")
    answers.will("inform", None)  # what the diagram had that a table cannot hold
    answers.will("options", 1)  # the proposal has the as-is steps: add after them
    import_through_the_menu(qtbot, window, answers, BPMN_A10)
    qtbot.waitUntil(lambda: "Task 3" in shown(window), timeout=20_000)
    assert shown(window)[-3:] == ["Task 1", "Task 2", "Task 3"]
    ((_name, args),) = [a for a in answers.asked if a[0] == "inform"]
    assert "Desde BPMN" in args[2] and _("Ctrl+Z removes the imported rows.") in args[2]
    assert window.workspace.version == window.workspace.header.versions[-1].uuid
    window.document.stack.undo()
    assert len(activity_rows(window)) == 9


def test_a_refused_file_lists_its_located_problems(qtbot: Any, window: Any, answers: Any,
                                                   tmp_path: Path) -> None:
    open_example(window)
    path = workbook(tmp_path / "malo.xlsx", [
        SUT_HEADER,
        ["Recibir", "TD", "mucho", "Operacion", "VA"],
        ["Revisar", "Oficina que no existe", 5, "Revision", "CONTROL"],
    ])
    count = window.document.stack.count()
    answers.will("error", None)
    import_through_the_menu(qtbot, window, answers, path)
    ((_name, args),) = [a for a in answers.asked if a[0] == "error"]
    _parent, title, text, details = args
    assert title == _("Import")
    assert text.startswith(ngettext("Nothing was imported: {file} has {n} problem.",
                                    "Nothing was imported: {file} has {n} problems.", 2).format(
        file="malo.xlsx", n=2))
    assert "malo.xlsx: Actividades: " in details and "Oficina que no existe" in details
    assert len(details.splitlines()) == 2
    assert len(activity_rows(window)) == 9 and window.document.stack.count() == count


def test_a_package_import_says_it_cannot_be_undone(qtbot: Any, empty_window: Any,
                                                   answers: Any) -> None:
    from tests.conftest import EXAMPLE

    import_through_the_menu(qtbot, empty_window, answers, EXAMPLE)
    assert _("A package import is not undone with Ctrl+Z.") in \
        empty_window.statusBar().currentMessage()
    assert not empty_window.document.stack.canUndo()


def test_units_the_municipality_lacks_can_be_created(qtbot: Any, window: Any, answers: Any,
                                                     tmp_path: Path) -> None:
    from procedures.services.queries import entity_snapshot

    open_example(window)
    path = workbook(tmp_path / "catastro.xlsx", [
        SUT_HEADER,
        ["Verificar en el catastro", "Oficina de Catastro", 20, "Revision", "CONTROL"],
    ])
    answers.will("ask", True)  # "Create them and import?"
    answers.will("options", 1)  # the version has steps: add after them
    answers.will("inform", None)  # what was done: one activity, one unit created
    import_through_the_menu(qtbot, window, answers, path)
    qtbot.waitUntil(lambda: "Verificar en el catastro" in shown(window), timeout=20_000)
    ((_name, args),) = [a for a in answers.asked if a[0] == "ask"]
    assert "Oficina de Catastro" in args[2]
    ((_name, args),) = [a for a in answers.asked if a[0] == "inform"]
    assert "Oficina de Catastro" in args[2]
    units = window.document.read(entity_snapshot, "060101").units
    created = [u for u in units if u.name == "Oficina de Catastro"]
    assert len(created) == 1 and activity_rows(window)[-1][1] == created[0].code
    window.document.stack.undo()
    assert "Verificar en el catastro" not in shown(window)
    names = [u.name for u in window.document.read(entity_snapshot, "060101").units]
    assert "Oficina de Catastro" not in names, "the undo removes the unit it created"
    window.document.stack.redo()
    units = window.document.read(entity_snapshot, "060101").units
    assert [u for u in units if u.name == "Oficina de Catastro"] == created
    assert activity_rows(window)[-1][1] == created[0].code


def package(path: Path, change: Any) -> Path:
    """The worked example's package, changed by `change(entity)`."""
    import json

    from tests.conftest import EXAMPLE

    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    change(data["entities"][0])
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_duplicate_unit_code_is_not_offered_a_replace(qtbot: Any, window: Any,
                                                        answers: Any, tmp_path: Path) -> None:
    """The file's procedure exists too, but replacing would not fix a duplicate code: the
    window lists the problem and asks nothing (it branches on the problem's kind)."""
    path = package(tmp_path / "doble.tramite.json",
                   lambda entity: entity["units"].append(dict(entity["units"][0])))
    answers.will("error", None)
    import_through_the_menu(qtbot, window, answers, path)
    assert [name for name, _args in answers.asked] == ["open_file", "error"]
    ((_name, args),) = [a for a in answers.asked if a[0] == "error"]
    unit = _("Unit {n}").format(n=4) + " › " + _("Code (Units)")
    assert unit in args[3] and "TD" in args[3] and "units[3]" not in args[3], args[3]


def test_an_existing_procedure_is_offered_a_replace(qtbot: Any, window: Any, answers: Any,
                                                    tmp_path: Path) -> None:
    from procedures.services.queries import procedure_index

    path = package(tmp_path / "otra.tramite.json",
                   lambda entity: entity["procedures"][0].update(name="Constancia nueva"))
    answers.will("existing_procedures", "replace")
    import_through_the_menu(qtbot, window, answers, path)
    qtbot.waitUntil(lambda: not window.document.tasks.busy, timeout=20_000)
    ((_name, args),) = [a for a in answers.asked if a[0] == "existing_procedures"]
    overlap = args[1]
    assert overlap.new == () and overlap.existing == ("PA-07 Constancia nueva (060101)",)
    names = [p.name for p in window.document.read(procedure_index)]
    assert names == ["Constancia nueva"]
    message = window.statusBar().currentMessage()
    assert _("A package import is not undone with Ctrl+Z.") in message and "060101" in message


def test_keep_mine_adds_only_the_new_procedures(qtbot: Any, window: Any, answers: Any,
                                               tmp_path: Path) -> None:
    from procedures.services.queries import procedure_index

    def change(entity: dict) -> None:
        first = entity["procedures"][0]
        first["name"] = "Constancia nueva"
        entity["procedures"].append({**first, "code": "PA-99", "name": "Otro trámite",
                                     "id": "", "versions": []})

    path = package(tmp_path / "mas.tramite.json", change)
    answers.will("existing_procedures", "keep")
    import_through_the_menu(qtbot, window, answers, path)
    qtbot.waitUntil(lambda: not window.document.tasks.busy, timeout=20_000)
    ((_name, args),) = [a for a in answers.asked if a[0] == "existing_procedures"]
    assert args[1].new == ("PA-99 Otro trámite (060101)",)
    names = sorted(p.name for p in window.document.read(procedure_index))
    assert names == ["Certificado de posesión", "Otro trámite"], "mine is kept, the new added"


def test_the_existing_procedures_dialog_fits_a_small_screen(qtbot: Any) -> None:
    """60 existing procedures: a scrolling list by name, three answers in the clerk's
    words, within 1366×768."""
    from procedures.services.imports import PackageOverlap
    from ui.screens.package_conflicts import KEEP, PackageConflicts

    names = tuple(f"PA-{n:02} Licencia de funcionamiento para giro número {n} (060101)"
                  for n in range(60))
    dialog = PackageConflicts(PackageOverlap("todo.tramite.json", ("PA-99 Nuevo",), names))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    size = dialog.sizeHint().expandedTo(dialog.size())
    assert size.height() <= 700 and size.width() <= 1300
    assert dialog.names.count() == 60
    assert dialog.names.verticalScrollBar().maximum() > 0, "the list scrolls"
    words = " ".join([dialog.summary.text(), dialog.new.text(), dialog.replace_button.text(),
                      dialog.keep_button.text()])
    assert "60" in dialog.summary.text() and "1" in dialog.new.text()
    assert "--" not in words and "entities[" not in words
    dialog.keep_button.click()
    assert dialog.choice == KEEP


