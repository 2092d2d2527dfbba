"""How each cell of the step table is typed (parsers and choices) and how its staff and
resources are picked from a list: what the *Actividades* tab hands to its delegate and
to its picker, kept apart from the tab's editing commands.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QWidget

from models.codes import ActivityType, ImprovementAction, TimeSource, ValueClass
from procedures import snapshots as s
from procedures.cells import (
    parse_choice,
    parse_day,
    parse_probability,
    parse_unit,
    parse_uses,
    probability_text,
)
from procedures.durations import parse_minutes
from procedures.formatting import smart_number
from procedures.i18n import _
from procedures.vocabulary import citizen_label, label, short_label, type_text
from ui import dialogs
from ui.delegates.cells import CellEditor
from ui.screens.uses_picker import resource_rows, staff_rows

#: The columns whose value is chosen in the picker (F4, Enter, double-click).
PICKED = ("staff", "resources")


def _description(text: str) -> str:
    if not text.strip():
        raise ValueError(_("describe the activity"))
    return text.strip()


def activity_editors(columns: Sequence[Any], entity: s.Entity) -> dict[int, CellEditor]:
    """The parser (and offered words) of every typed column, by column number."""
    units = {u.code: u.name for u in entity.units}
    positions = {p.code: p.name for p in entity.positions}
    resources = {r.code: r.name for r in entity.resources}
    minutes_per_day = entity.settings.minutes_per_working_day
    by_key = {
        "description": CellEditor(_description),
        "unit": CellEditor(lambda t: parse_unit(t, units),
                           lambda: [citizen_label(), *(f"{c} · {n}" for c, n in units.items())]),
        "type": CellEditor(lambda t: parse_choice(ActivityType, t),
                           lambda: [type_text(t) for t in ActivityType]),
        "value": CellEditor(lambda t: parse_choice(ValueClass, t),
                            lambda: [short_label(v) for v in ValueClass]),
        "minutes": CellEditor(lambda t: parse_minutes(t, minutes_per_day),
                              shown=lambda v: _("{minutes} min").format(
                                  minutes=smart_number(v))),
        "probability": CellEditor(parse_probability, shown=probability_text),
        "staff": CellEditor(lambda t: parse_uses(t, positions),
                            lambda: [f"{c} · {n}" for c, n in positions.items()]),
        "resources": CellEditor(lambda t: parse_uses(t, resources),
                                lambda: [f"{c} · {n}" for c, n in resources.items()]),
        "action": CellEditor(lambda t: parse_choice(ImprovementAction, t, optional=True),
                             lambda: [label(a) for a in ImprovementAction]),
        "note": CellEditor(str.strip),
        "time_source": CellEditor(lambda t: parse_choice(TimeSource, t, optional=True),
                                  lambda: [label(x) for x in TimeSource]),
        "time_date": CellEditor(parse_day),
        "time_by": CellEditor(str.strip),
    }
    return {number: by_key[c.key] for number, c in enumerate(columns) if c.key in by_key}


def ask_uses(parent: QWidget, entity: s.Entity, activity: s.Activity, row: int,
             key: str) -> tuple[tuple[str, Decimal], ...] | None:
    """Open the picker of `key` ("staff" or "resources") for `activity`; the new list,
    or None when cancelled."""
    if key == "staff":
        current = [(x.position, x.count) for x in activity.staff]
        return dialogs.pick_uses(
            parent, _("Staff of activity {row}").format(row=row + 1),
            _("Who does “{activity}”, and how many people.").format(
                activity=activity.description),
            staff_rows(entity, activity.unit, current),
            (_("Unit"), _("Cost"), _("Headcount")))
    current = [(x.resource, x.qty) for x in activity.resources]
    return dialogs.pick_uses(
        parent, _("Resources of activity {row}").format(row=row + 1),
        _("What “{activity}” uses, and how much of it.").format(
            activity=activity.description),
        resource_rows(entity, current), (_("Cost element"), _("Cost"), _("Quantity")))
