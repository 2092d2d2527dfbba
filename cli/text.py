"""Plain-text rendering of metrics and comparisons for the terminal (es-PE numbers)."""

from __future__ import annotations

from models.codes import ActivityType, ValueClass
from procedures.change_text import (
    requirement_lines,
    step_lines,
    step_summary,
    warning_lines,
    warnings_title,
)
from procedures.i18n import _
from procedures.metrics import Comparison, Metrics
from procedures.services.measurement import Measured
from procedures.standard.benchmark import (
    COLUMNS,
    Benchmark,
    cell_text,
    column_title,
    statistic_text,
)
from procedures.vocabulary import (
    LISTED,
    SAVINGS,
    figure_change,
    figure_name,
    figure_value,
    percent_change,
    saving_name,
    saving_value,
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
        for text in warning_lines(metrics):
            body += f"  ! {text}\n"
    return head + body


def comparison_text(comparison: Comparison) -> str:
    """Both sides, the change and its % of every figure; savings; what changed in the
    steps and the requirements; each side's legal warnings (procedures.change_text)."""
    before, after = comparison.before, comparison.after
    title = _("{before} → {after}").format(before=comparison.from_name, after=comparison.to_name)
    out = title + "\n\n"
    out += (f"  {'':<{WIDTH}} {comparison.from_name:>16} {comparison.to_name:>16} "
            f"{_('Change'):>14} {'%':>9}\n")
    for key in LISTED:
        change = comparison.changes[key]
        out += (f"  {figure_name(key):<{WIDTH}} {figure_value(key, before.figure(key)):>16} "
                f"{figure_value(key, after.figure(key)):>16} "
                f"{figure_change(key, change.absolute):>14} "
                f"{percent_change(key, change.percent):>9}\n")
    out += "\n" + _("Yearly savings") + ":\n"
    for key in SAVINGS:
        out += _line(saving_name(key), saving_value(key, getattr(comparison.savings, key)))
    out += "\n" + _("Steps: {summary}").format(summary=step_summary(comparison)) + "\n"
    marks = {"removed": "−", "merged": "⊕", "added": "+", "changed": "~"}
    for line in step_lines(comparison):
        out += f"  {marks[line.kind]} {line.text}\n"
    requirements = requirement_lines(comparison)
    if requirements:
        out += "\n" + _("Requirements") + ":\n"
        for line in requirements:
            out += f"  {marks[line.kind]} {line.text}\n"
    for name, metrics in ((comparison.from_name, before), (comparison.to_name, after)):
        found = warning_lines(metrics)
        out += "\n" + warnings_title(name, len(found)) + "\n"
        for text in found:
            out += f"  ! {text}\n"
    return out


def benchmark_text(result: Benchmark) -> str:
    """The benchmark as a terminal table: one municipality a row, sorted by unit cost,
    then the median and the best quartile; * marks the best quartile of unit cost,
    ! an outlier (the figures it is in are named below the table)."""
    ref = result.reference
    out = f"{ref.code} — {ref.name}\n"
    out += _("{entity} · across {scope}: {n} municipalities measured").format(
        entity=ref.entity, scope=result.scope, n=len(result.rows)) + "\n\n"
    keys = [k for k in COLUMNS if k != "version"]
    table = [[column_title(k) for k in keys]]
    for row in result.rows:
        mark = ("*" if "unit_cost" in row.best else " ") + ("!" if row.outliers else " ")
        table.append([f"{mark} {cell_text(row, k)}" if k == "entity" else cell_text(row, k)
                      for k in keys])
    for title, values in ((_("Median"), result.median), (_("Best quartile"), result.quartile)):
        table.append([f"  {title}"] + [statistic_text(k, values[k]) if k in values else ""
                                       for k in keys[1:]])
    widths = [max(len(line[i]) for line in table) for i in range(len(keys))]
    widths[0] = min(widths[0], 44)
    for line in table:
        first = line[0] if len(line[0]) <= widths[0] else line[0][:widths[0] - 1] + "…"
        out += "  " + first.ljust(widths[0]) + "".join(
            f"  {cell:>{width}}" for cell, width in zip(line[1:], widths[1:], strict=True)
        ).rstrip() + "\n"
    out += "\n" + _("* best quartile of unit cost   ! outlier") + "\n"
    for row in result.rows:
        if row.outliers:
            names = ", ".join(column_title(k) for k in COLUMNS if k in row.outliers)
            out += "  ! " + _("{entity}: {figures}").format(entity=row.match.entity,
                                                          figures=names) + "\n"
        if row.over_term:
            out += "  ! " + _("{entity}: {days} business days, above the legal term").format(
                entity=row.match.entity, days=row.figures.business_days) + "\n"
    for match in result.not_mapped:
        out += "  " + _("{entity}: {code} has no version to measure").format(
            entity=match.entity, code=match.code) + "\n"
    return out
