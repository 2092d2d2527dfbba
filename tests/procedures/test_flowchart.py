"""The swimlane layout offers empty lanes only when asked (the editor's drop targets), and
the PDF's flowchart carries the same legend as the screen: each step type's name."""

from __future__ import annotations

from pathlib import Path

from models.codes import ActivityType, ValueClass
from procedures.cells import label
from procedures.flowchart import CITIZEN_LANE, EMPTY_LANE_HEIGHT, layout
from procedures.i18n import use_language
from procedures.snapshots import Activity
from tests.procedures.test_reports_pdf import build, example_db, page_texts

__all__ = ["example_db"]  # the module-scoped database fixture, used below


def _steps() -> list[Activity]:
    return [Activity("Recibir", "TD", ActivityType.REVISION, ValueClass.CONTROL),
            Activity("Inspeccionar", "DU", ActivityType.OPERACION, ValueClass.VA)]


def test_empty_lanes_only_when_asked_and_nothing_else_moves() -> None:
    plain = layout(_steps(), {"TD": "Trámite", "DU": "Desarrollo"})
    assert [lane.key for lane in plain.lanes] == ["TD", "DU"]
    offered = layout(_steps(), {"TD": "Trámite", "DU": "Desarrollo"}, "Vecino",
                     empty_lanes=(CITIZEN_LANE, "OT"))
    assert [lane.key for lane in offered.lanes] == [CITIZEN_LANE, "TD", "DU", "OT"]
    assert offered.lanes[0].label == "Vecino"
    # The steps keep their columns; only the lanes below the new one move down.
    shift = offered.lane("TD").top - plain.lane("TD").top
    assert shift == offered.lanes[0].height
    for before, after in zip(plain.nodes, offered.nodes, strict=True):
        assert (before.id, before.x) == (after.id, after.x)
        assert after.y - before.y == shift
    # A lane that has steps is not added twice.
    again = layout(_steps(), {}, empty_lanes=("TD",))
    assert [lane.key for lane in again.lanes] == ["TD", "DU"]
    # Empty lanes are thin: ten units with no step leave the steps' lanes readable.
    many = layout(_steps(), {}, empty_lanes=(CITIZEN_LANE, *(f"U{n}" for n in range(10))))
    assert len(many.lanes) == 13
    assert all(lane.height == EMPTY_LANE_HEIGHT for lane in many.lanes
               if lane.key not in ("TD", "DU"))
    assert many.lane("TD").height == plain.lane("TD").height > 2 * EMPTY_LANE_HEIGHT
    assert many.height < plain.height + 11 * EMPTY_LANE_HEIGHT + 1


def test_the_pdf_flowchart_has_the_legend_of_step_types(example_db: Path,
                                                        tmp_path: Path) -> None:
    for lang in ("es", "en"):
        out = tmp_path / f"sheet-{lang}.pdf"
        build(example_db, out, "sheet", procedure="PA-07", lang=lang)
        with use_language(lang):
            names = [label(kind) for kind in ActivityType]
            caption = "Flowchart" if lang == "en" else "Diagrama de flujo"
        flow_pages = [page for page in page_texts(out) if caption in page]
        assert flow_pages, lang
        for page in flow_pages:
            assert all(name in page for name in names), (lang, page[:200])
