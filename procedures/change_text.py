"""What changed between two versions, in words: the steps (removed, merged, added,
changed), the requirements and each side's legal warnings — one wording for the window,
the terminal and the comparison PDF.

A step number always says whose table it is ("paso 5 de Actual"): the two sides number
their steps apart, and "5" alone sent a reader to the wrong row.
"""

from __future__ import annotations

from dataclasses import dataclass

from procedures.i18n import _, ngettext
from procedures.metrics import Comparison, Metrics
from procedures.vocabulary import fields_text, procedure_word


@dataclass(frozen=True, slots=True)
class Line:
    """One change: `kind` is removed | merged | added | changed (the colour it gets)."""

    kind: str
    text: str


def step(version: str, row: int) -> str:
    """'paso 5 de Actual'."""
    return _("step {n} of {version}").format(n=row, version=version)


def step_lines(comparison: Comparison) -> list[Line]:
    """Every changed step of both sides, each numbered in its own side's table."""
    before, after = comparison.from_name, comparison.to_name
    lines = [Line("removed", _("Removed, {step}: {text}").format(
        step=step(before, ref.row), text=ref.description)) for ref in comparison.eliminated]
    lines += [Line("merged", _("Merged into another step, {step}: {text}").format(
        step=step(before, ref.row), text=ref.description)) for ref in comparison.merged]
    lines += [Line("added", _("Added, {step}: {text}").format(
        step=step(after, ref.row), text=ref.description)) for ref in comparison.added]
    lines += [Line("changed", _("Changed, {step} (was {old}): {text} ({fields})").format(
        step=step(after, change.row), old=step(before, change.before_row),
        text=change.description, fields=fields_text(change.fields)))
        for change in comparison.changed]
    return lines


def step_summary(comparison: Comparison) -> str:
    """'1 paso eliminado, 2 fusionados, 0 añadidos, 12 modificados' (plural forms)."""
    counts = (
        ngettext("{n} step removed", "{n} steps removed", len(comparison.eliminated)),
        ngettext("{n} merged", "{n} merged", len(comparison.merged)),
        ngettext("{n} added", "{n} added", len(comparison.added)),
        ngettext("{n} changed", "{n} changed", len(comparison.changed)),
    )
    sizes = (len(comparison.eliminated), len(comparison.merged), len(comparison.added),
             len(comparison.changed))
    return ", ".join(text.format(n=n) for text, n in zip(counts, sizes, strict=True))


def requirement_lines(comparison: Comparison) -> list[Line]:
    changes = comparison.requirements
    lines = [Line("removed", _("Requirement removed: {name}").format(name=r.name))
             for r in changes.removed]
    lines += [Line("added", _("Requirement added: {name}").format(name=r.name))
              for r in changes.added]
    lines += [Line("changed", _("Requirement changed: {name} ({fields})").format(
        name=new.name, fields=", ".join(procedure_word(f) for f in fields)))
        for _old, new, fields in changes.changed]
    return lines


def warning_lines(metrics: Metrics) -> list[str]:
    """A side's warnings, those about one step prefixed with its number."""
    return [(_("step {n}: ").format(n=w.activity) if w.activity else "") + w.message
            for w in metrics.warnings]


def warnings_title(version: str, count: int) -> str:
    return ngettext("{version}: {n} legal warning", "{version}: {n} legal warnings",
                    count).format(version=version, n=count)
