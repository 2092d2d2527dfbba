"""The step table's model: activities of one version, as `procedures.snapshots.Activity`.

Columns, words and tooltips come from `editing_tabular` (the same words the clipboard
uses). Rows can be dragged to a new place: `on_move(uuids, row)` receives the drop, and
the drop itself changes nothing (the undo command does, and the model follows).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from models.codes import ActivityType, ValueClass
from procedures import snapshots as s
from procedures.cells import day_text, flag_text, probability_text, unit_text, uses_text
from procedures.formatting import hours_minutes, smart_number
from procedures.i18n import _
from procedures.vocabulary import explanation, field_short, label, short_label, type_text
from ui.item_models.rows import Column, RowsModel

AnyIndex = QModelIndex | QPersistentModelIndex
MIME_TYPE = "application/x-tramite-activities"
VALUE_COLORS = {ValueClass.VA: QColor("#1e7d4f"), ValueClass.CONTROL: QColor("#2c5d8a"),
                ValueClass.SVA: QColor("#b03a2e")}
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter
#: Columns a person shows when needed (hidden at first): the note and where the time
#: comes from. Accountability needs them; typing a table does not.
OPTIONAL_COLUMNS = ("note", "time_source", "time_date", "time_by")


def _staff(a: s.Activity) -> list[tuple[str, Any]]:
    return [(x.position, x.count) for x in a.staff]


def _resources(a: s.Activity) -> list[tuple[str, Any]]:
    return [(x.resource, x.qty) for x in a.resources]


def activity_columns(entity: s.Entity) -> list[Column[s.Activity]]:
    """The Tabla ASME-VM columns, with names from `entity` in the tooltips."""
    units = {u.code: u.name for u in entity.units}
    positions = {p.code: p.name for p in entity.positions}
    resources = {r.code: r.name for r in entity.resources}

    def names(uses: list[tuple[str, Any]], known: dict[str, str]) -> str | None:
        lines = [f"{smart_number(count, 4)} × {known.get(code, code)}" for code, count in uses]
        return "\n".join(lines) or None

    type_help = "\n".join(explanation(t) for t in ActivityType)
    value_help = "\n".join(explanation(v) for v in ValueClass)
    return [
        Column("description", field_short("description"), lambda a: a.description, editable=True,
               placeholder=_("Type here to add an activity…"),
               tooltip=lambda a: f"{a.description}\n\n{a.note}" if a.note else a.description),
        Column("unit", field_short("unit"), lambda a: unit_text(a.unit),
               tooltip=lambda a: units.get(a.unit, a.unit) if a.unit else
               _("The citizen (the applicant)"), editable=True,
               header_tooltip=_("The unit that does the step (its swimlane), or the citizen")),
        Column("type", field_short("type"), lambda a: type_text(a.type),
               edit=lambda a: label(a.type),
               tooltip=lambda a: explanation(a.type), header_tooltip=type_help, editable=True),
        Column("value", field_short("value"), lambda a: short_label(a.value),
               tooltip=lambda a: explanation(a.value), header_tooltip=value_help,
               editable=True, align=CENTER, foreground=lambda a: VALUE_COLORS[a.value]),
        Column("minutes", field_short("minutes"), lambda a: smart_number(a.minutes),
               tooltip=lambda a: hours_minutes(a.minutes), editable=True, align=RIGHT,
               header_tooltip=_("Minutes the step takes. Type 90, 1h30 or 2d (working days)"),
               foreground=lambda a: QColor("#b9770e") if not a.minutes
               and a.type is not ActivityType.ESPERA else None, sort=lambda a: a.minutes),
        Column("probability", field_short("probability"), lambda a: probability_text(a.probability),
               editable=True, align=RIGHT, sort=lambda a: a.probability,
               header_tooltip=_("Share of the cases that go through this step "
                                "(100 % = every case)")),
        Column("parallel", field_short("parallel"), lambda a: flag_text(a.parallel),
               checked=lambda a: a.parallel, editable=True, sort=lambda a: a.parallel,
               align=CENTER, header_tooltip=_("Parallel: happens at the same time as the "
                                              "step before (shares its stage)")),
        Column("in_person", field_short("in_person"), lambda a: flag_text(a.in_person),
               checked=lambda a: a.in_person, sort=lambda a: a.in_person,
               editable=lambda a: a.unit is None, align=CENTER,
               header_tooltip=_("The citizen must come to the office for this step")),
        Column("staff", field_short("staff"), lambda a: uses_text(_staff(a)),
               tooltip=lambda a: names(_staff(a), positions), editable=lambda a: a.unit is not None,
               header_tooltip=_("Positions doing the step: a code, or 2×CODE for two "
                                "people; separate several with commas")),
        Column("resources", field_short("resources"), lambda a: uses_text(_resources(a)),
               tooltip=lambda a: names(_resources(a), resources), editable=True,
               header_tooltip=_("Identifiable resources: CODE or 3×CODE (3 sheets)")),
        Column("action", field_short("action"), lambda a: label(a.action), editable=True,
               header_tooltip=_("What the redesign does with this step")),
        Column("note", field_short("note"), lambda a: a.note.replace("\n", " "),
               edit=lambda a: a.note,
               tooltip=lambda a: a.note or None, editable=True,
               header_tooltip=_("A remark on the step: why it exists, what to improve")),
        Column("time_source", field_short("time_source"), lambda a: label(a.time_source),
               editable=True, header_tooltip=_("Where the minutes come from: measured, "
                                                "an interview or an estimate")),
        Column("time_date", field_short("time_date"), lambda a: day_text(a.time_date),
               sort=lambda a: a.time_date.isoformat() if a.time_date else "",
               editable=True, align=RIGHT, header_tooltip=_("When the time was measured or "
                                                            "asked (dd/mm/yyyy)")),
        Column("time_by", field_short("time_by"), lambda a: a.time_by, editable=True,
               header_tooltip=_("Who measured or asked the time")),
    ]


class ActivitiesModel(RowsModel[s.Activity]):
    """Activities keyed by uuid; drag and drop moves rows through `on_move`."""

    def __init__(self, columns: Sequence[Column[s.Activity]], *,
                 on_edit: Callable[[Any, str, Any], bool] | None = None,
                 on_append: Callable[[str, Any], bool] | None = None,
                 on_move: Callable[[list[str], int], bool] | None = None,
                 parent: Any = None) -> None:
        super().__init__(columns, key=lambda a: a.uid, on_edit=on_edit, on_append=on_append,
                         parent=parent)
        self.on_move = on_move

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid() and i.row() < self.row_count})
        data = QMimeData()
        data.setData(MIME_TYPE, QByteArray("\n".join(str(self.key(r)) for r in rows).encode()))
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: AnyIndex) -> bool:
        return data.hasFormat(MIME_TYPE) and action == Qt.DropAction.MoveAction

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: AnyIndex) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent) or self.on_move is None:
            return False
        uuids = [u for u in bytes(data.data(MIME_TYPE).data()).decode().split("\n") if u]
        target = row if row >= 0 else (parent.row() if parent.isValid() else self.row_count)
        self.on_move(uuids, min(target, self.row_count))
        # False: the view must not remove the dragged rows; the move already happened.
        return False
