"""Every Qt model of the window passes the model tester, before and after it changes,
and emits precise signals when it follows the database."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from models.codes import ActivityType, EntityKind, ValueClass
from procedures import snapshots as s
from procedures.services.queries import EntityItem, ProcedureItem
from ui.item_models.activities import ActivitiesModel, activity_columns
from ui.item_models.navigator import ID_ROLE, KIND_ROLE, NavigatorModel
from ui.item_models.rows import Column, RowsModel
from ui.item_models.suggestions import SuggestionsModel


@dataclass(frozen=True)
class Item:
    key: str
    text: str


def rows_model(**kwargs: Any) -> RowsModel[Item]:
    columns = [Column("key", "Key", lambda i: i.key),
               Column("text", "Text", lambda i: i.text, editable=True)]
    return RowsModel(columns, key=lambda i: i.key, on_edit=lambda *a: True, **kwargs)


def items(*keys: str, text: str = "") -> list[Item]:
    return [Item(k, text or k) for k in keys]


def test_rows_model_follows_inserts_removals_and_moves(qtmodeltester: Any, qtbot: Any) -> None:
    model = rows_model()
    qtmodeltester.check(model)
    model.set_rows(items("a", "b", "c"))
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.set_rows(items("a", "x", "b", "c"))
    assert inserted.args[1:] == [1, 1]
    with qtbot.waitSignal(model.rowsRemoved) as removed:
        model.set_rows(items("a", "x", "c"))
    assert removed.args[1:] == [2, 2]
    persistent = QPersistentModelIndex(model.index(0, 1))
    with qtbot.waitSignal(model.layoutChanged):
        model.set_rows(items("c", "x", "a"))
    assert persistent.row() == 2, "a reorder moves persistent indexes with their rows"
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.set_rows([Item("c", "c"), Item("x", "new"), Item("a", "a")])
    assert (changed.args[0].row(), changed.args[1].row()) == (1, 1)
    qtmodeltester.check(model)
    model.clear()
    assert model.rowCount() == 0


def test_rows_model_resets_for_rows_it_had_none_of(qtmodeltester: Any, qtbot: Any) -> None:
    """Another version or procedure: one reset, not every row removed and inserted."""
    model = rows_model()
    model.set_rows(items("a", "b", "c"))
    removed: list[object] = []
    model.rowsRemoved.connect(lambda *args: removed.append(args))
    with qtbot.waitSignal(model.modelReset):
        model.set_rows(items("x", "y"))
    assert removed == [] and model.rowCount() == 2 and model.row(1) == Item("y", "y")
    qtmodeltester.check(model)


def test_rows_model_with_a_new_row_placeholder(qtmodeltester: Any) -> None:
    appended: list[tuple[str, Any]] = []
    model = rows_model(on_append=lambda key, value: appended.append((key, value)) or True)
    model.set_rows(items("a"))
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.is_placeholder(1)
    assert model.headerData(1, Qt.Orientation.Vertical) == "*"
    assert model.setData(model.index(1, 1), "typed")
    assert appended == [("text", "typed")]
    assert not model.flags(model.index(1, 0)) & Qt.ItemFlag.ItemIsEditable


def _activities() -> tuple[s.Entity, list[s.Activity]]:
    entity = s.Entity("060101", "Municipalidad", EntityKind.PROVINCIAL,
                      units=(s.Unit("TD", "Trámite Documentario"),),
                      positions=(s.Position("TMP", "Técnico", "TD", Decimal(24000)),))
    rows = [s.Activity(f"Paso {n}", "TD" if n % 2 else None, ActivityType.OPERACION,
                       ValueClass.VA, Decimal(n), uid=f"u{n}",
                       staff=(s.StaffUse("TMP"),) if n % 2 else ()) for n in range(1, 6)]
    return entity, rows


def test_activities_model(qtmodeltester: Any) -> None:
    entity, rows = _activities()
    model = ActivitiesModel(activity_columns(entity), on_edit=lambda *a: True,
                            on_append=lambda *a: True, on_move=lambda *a: True)
    qtmodeltester.check(model)
    model.set_rows(rows)
    qtmodeltester.check(model)
    staff = model.column_of("staff")
    assert model.index(0, staff).data() == "TMP"
    assert model.index(0, staff).data(Qt.ItemDataRole.ToolTipRole) == "1 × Técnico"
    assert "Operación" in model.index(0, model.column_of("type")).data()
    in_person = model.column_of("in_person")
    assert model.flags(model.index(1, in_person)) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.flags(model.index(0, in_person)) & Qt.ItemFlag.ItemIsUserCheckable
    model.set_rows([replace(rows[2], minutes=Decimal(99)), *rows[:2], *rows[3:]])
    qtmodeltester.check(model)


def test_activities_model_drops_ask_for_a_move(qtmodeltester: Any) -> None:
    entity, rows = _activities()
    moves: list[tuple[list[str], int]] = []
    model = ActivitiesModel(activity_columns(entity), on_edit=lambda *a: True,
                            on_move=lambda uuids, row: moves.append((uuids, row)) or True)
    model.set_rows(rows)
    data = model.mimeData([model.index(1, 0), model.index(3, 2)])
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex()) is False
    assert moves == [(["u2", "u4"], 0)]
    qtmodeltester.check(model)


def test_steps_view_sorts_and_filters_without_moving_steps(qtmodeltester: Any) -> None:
    from ui.item_models.steps_view import StepsView

    entity, rows = _activities()
    rows = [replace(r, minutes=Decimal(10 - n)) for n, r in enumerate(rows)]
    model = ActivitiesModel(activity_columns(entity), on_edit=lambda *a: True,
                            on_append=lambda *a: True)
    model.set_rows(rows)
    view = StepsView()
    view.setSourceModel(model)
    qtmodeltester.check(view)
    minutes = model.column_of("minutes")
    view.sort(minutes, Qt.SortOrder.AscendingOrder)
    assert [view.source_row(r) for r in range(view.row_count)] == list(
        reversed(range(len(rows))))
    assert view.is_placeholder(view.rowCount() - 1) and view.rearranged
    view.sort(minutes, Qt.SortOrder.DescendingOrder)
    assert view.is_placeholder(view.rowCount() - 1)
    view.set_filter("ciudadano", model.column_of("unit"))
    assert view.row_count == len([r for r in rows if r.unit is None])
    qtmodeltester.check(view)
    assert model.rows == tuple(rows), "the steps keep their order"
    view.set_filter("")
    view.sort(-1)
    assert not view.rearranged and view.source_row(0) == 0


def _navigator(entities: int, procedures: int) -> tuple[NavigatorModel, list[int]]:
    loads: list[int] = []
    listed = [EntityItem(n, f"06{n // 10:02d}{n % 10:02d}", f"Municipalidad {n}",
                         EntityKind.DISTRICT, f"Provincia {n // 10}", procedures)
              for n in range(1, entities + 1)]
    every = [ProcedureItem(e.id, f"{e.id}-{p}", f"PA-{p:03d}",
                           f"Trámite {p} de licencias y certificados {e.id}")
             for e in listed for p in range(procedures)]
    by_entity: dict[int, list[ProcedureItem]] = {}
    for item in every:
        by_entity.setdefault(item.entity_id, []).append(item)

    def load(entity_id: int) -> list[ProcedureItem]:
        loads.append(entity_id)
        return by_entity[entity_id]

    model = NavigatorModel(load, lambda: every)
    model.set_entities(listed)
    return model, loads


def test_navigator_loads_procedures_lazily(qtmodeltester: Any) -> None:
    model, loads = _navigator(12, 3)
    assert model.rowCount() == 2 and model.rowCount(model.index(0, 0)) == 9
    assert loads == [], "nothing is fetched before a municipality is expanded"
    province = model.index(0, 0)
    entity = model.index(0, 0, province)
    assert model.hasChildren(entity) and model.canFetchMore(entity)
    model.fetchMore(entity)
    assert model.rowCount(entity) == 3 and len(loads) == 1
    procedure = model.index(1, 0, entity)
    assert procedure.data(KIND_ROLE) == "procedure"
    assert model.parent(procedure) == entity
    assert model.procedure_at(procedure).code == "PA-001"
    qtmodeltester.check(model)
    index = model.procedure_index(model.entity_at(entity).ubigeo, procedure.data(ID_ROLE))
    assert index == procedure


def test_navigator_filters_a_region_without_loading_lists(qtmodeltester: Any) -> None:
    """Words in any order, accents and case aside; its speed is bench/bench_navigator.py."""
    model, loads = _navigator(140, 250)
    model.set_filter("PA-123")
    model.set_filter("pa-123 licencias 77")
    assert loads == []
    provinces = [model.index(p, 0) for p in range(model.rowCount())]
    entities = [model.index(e, 0, p) for p in provinces for e in range(model.rowCount(p))]
    assert len(entities) == 1
    (procedure,) = [model.index(r, 0, entities[0]) for r in range(model.rowCount(entities[0]))]
    assert procedure.data() == "PA-123 · Trámite 123 de licencias y certificados 77"
    model.set_filter("77  TRÁMITE pa-123 licencías")
    assert model.rowCount() == 1
    model.set_filter("Municipalidad 7")  # a name: whole municipalities, fetched lazily
    assert model.canFetchMore(model.entity_index("060007"))
    model.set_filter("")
    assert model.rowCount() == 15
    qtmodeltester.check(model)


def test_navigator_accents_do_not_matter(qtmodeltester: Any) -> None:
    model, _loads = _navigator(3, 2)
    model.set_filter("TRAMITE 1 de licencias y certificados 2")
    assert model.rowCount() == 1
    qtmodeltester.check(model)


def test_suggestions_model(qtmodeltester: Any) -> None:
    from procedures.rules.drafts import SuggestionCode
    from procedures.rules.suggestions import Effect, Suggestion

    effect = Effect(-1, Decimal(-10), Decimal(-10), Decimal(-480), -1, Decimal(-2), Decimal(0),
                    Decimal(0), Decimal("-480.00"), Decimal(0))
    suggestion = Suggestion(SuggestionCode.ELIMINATE_SVA, "Eliminar la actividad 3", "Porque",
                            ("u3",), effect, lambda v: v)
    model = SuggestionsModel()
    qtmodeltester.check(model)
    model.set_suggestions([suggestion])
    assert "−1 día hábil" in model.index(0, 0).data()
    assert model.setData(model.index(0, 0), Qt.CheckState.Checked.value,
                         Qt.ItemDataRole.CheckStateRole)
    assert model.chosen() == [suggestion]
    qtmodeltester.check(model)
