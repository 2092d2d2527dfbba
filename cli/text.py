"""Plain-text rendering of metrics and comparisons for the terminal (es-PE numbers)."""

from __future__ import annotations

from decimal import Decimal

from models.codes import ASME_SYMBOLS, COST_ELEMENTS, ActivityType, ValueClass
from procedures.formatting import money, number, percent, smart_number
from procedures.i18n import _
from procedures.labels import activity_type_label, cost_element_label, value_class_label
from procedures.metrics import Comparison, Metrics
from procedures.services.measurement import Measured

WIDTH = 34


def _line(label: str, value: str) -> str:
    return f"  {label:<{WIDTH}} {value}\n"


def _minutes(value: Decimal) -> str:
    return f"{smart_number(value)} min"


def metrics_lines(metrics: Metrics) -> list[tuple[str, str]]:
    """(label, value) pairs in reading order, shared by metrics and comparison output."""
    rows = [
        (_("Activities"), str(metrics.activities)),
        (_("Total minutes"), _minutes(metrics.total_minutes)),
        (_("Staff effort"), _minutes(metrics.effort_minutes)),
        (_("Lead time"), _minutes(metrics.lead_time_minutes)),
        (_("Business days (lead time)"), str(metrics.business_days)),
        (_("Value-added minutes"), _minutes(metrics.va_minutes)),
        (_("Value-added share"), percent(metrics.va_share)),
        (_("Hand-offs between lanes"), str(metrics.handoffs)),
        (_("Citizen visits"), smart_number(metrics.citizen_visits)),
    ]
    for element in COST_ELEMENTS:
        rows.append((cost_element_label(element), money(metrics.cost.element(element))))
    rows += [
        (_("Unit cost"), money(metrics.cost.unit_cost)),
        (_("Fee"), money(metrics.fee)),
        (_("Fee as % of the UIT"), "—" if metrics.fee_pct_uit is None
         else f"{number(metrics.fee_pct_uit, 2)} %"),
        (_("Resident time per case"), _minutes(metrics.citizen.minutes)),
        (_("Resident out-of-pocket per case"), money(metrics.citizen.out_of_pocket)),
        (_("Resident cost per case"), money(metrics.citizen.cost)),
        (_("Cases per year"), number(metrics.yearly.cases)),
        (_("Yearly cost to the municipality"), money(metrics.yearly.entity_cost)),
        (_("Yearly staff hours"), number(metrics.yearly.entity_hours, 1)),
        (_("Yearly resident hours"), number(metrics.yearly.citizen_hours, 1)),
        (_("Yearly cost to residents"), money(metrics.yearly.citizen_cost)),
    ]
    return rows


def metrics_text(measured: Measured) -> str:
    metrics = measured.metrics
    head = f"{measured.procedure.code} — {measured.procedure.name}\n"
    head += _("{entity} · version: {version}").format(
        entity=measured.entity.name, version=measured.version.name) + "\n\n"
    body = "".join(_line(label, value) for label, value in metrics_lines(metrics))
    types = "  ".join(
        f"{ASME_SYMBOLS[t]} {activity_type_label(t)} {metrics.by_type[t]}" for t in ActivityType
    )
    values = "  ".join(f"{value_class_label(v)} {metrics.by_value[v]}" for v in ValueClass)
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
        out += f"  ~ {change.row}. {change.description} ({', '.join(change.fields)})\n"
    return out

