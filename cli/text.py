"""Plain-text rendering of metrics and comparisons for the terminal (es-PE numbers)."""

from __future__ import annotations

from models.codes import ActivityType, ValueClass
from procedures.formatting import money, number
from procedures.i18n import _
from procedures.metrics import Comparison, Metrics
from procedures.services.measurement import Measured
from procedures.vocabulary import (
    LISTED,
    fields_text,
    figure_name,
    figure_value,
    short_label,
    type_text,
)

WIDTH = 34


def _line(label: str, value: str) -> str:
    return f"  {label:<{WIDTH}} {value}\n"


def metrics_lines(metrics: Metrics) -> list[tuple[str, str]]:
    """(name, value) pairs in reading order, shared by metrics and comparison output."""
    return [(figure_name(key), figure_value(key, metrics.figure(key))) for key in LISTED]


def metrics_text(measured: Measured) -> str:
    metrics = measured.metrics
    head = f"{measured.procedure.code} — {measured.procedure.name}\n"
    head += _("{entity} · version: {version}").format(
        entity=measured.entity.name, version=measured.version.name) + "\n\n"
    body = "".join(_line(label, value) for label, value in metrics_lines(metrics))
    types = "  ".join(f"{type_text(t)} {metrics.by_type[t]}" for t in ActivityType)
    values = "  ".join(f"{short_label(v)} {metrics.by_value[v]}" for v in ValueClass)
    body += "\n  " + types + "\n  " + values + "\n"
    if metrics.warnings:
        body += "\n" + _("Warnings") + ":\n"
        for warning in metrics.warnings:
            where = _("activity {row}: ").format(row=warning.activity) if warning.activity else ""
            body += f"  ! {where}{warning.message}\n"
    return head + body


def comparison_text(comparison: Comparison) -> str:
    before = dict(metrics_lines(comparison.before))
    after = metrics_lines(comparison.after)
    title = _("{before} → {after}").format(before=comparison.from_name, after=comparison.to_name)
    out = title + "\n\n"
    out += f"  {'':<{WIDTH}} {comparison.from_name:>16} {comparison.to_name:>16}\n"
    for label, value in after:
        out += f"  {label:<{WIDTH}} {before[label]:>16} {value:>16}\n"
    savings = comparison.savings
    out += "\n" + _("Yearly savings") + ":\n"
    out += _line(_("Municipality"), f"{money(savings.entity_cost)} · "
                 + _("{hours} staff hours").format(hours=number(savings.entity_hours, 1)))
    out += _line(_("Residents"), f"{money(savings.citizen_cost)} · "
                 + _("{hours} hours").format(hours=number(savings.citizen_hours, 1)))
    out += "\n" + _("Activities: {added} added, {removed} removed, {changed} changed").format(
        added=len(comparison.added), removed=len(comparison.removed),
        changed=len(comparison.changed)) + "\n"
    for ref in comparison.removed:
        out += f"  − {ref.row}. {ref.description}\n"
    for ref in comparison.added:
        out += f"  + {ref.row}. {ref.description}\n"
    for change in comparison.changed:
        out += f"  ~ {change.row}. {change.description} ({fields_text(change.fields)})\n"
    return out

