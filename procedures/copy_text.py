"""The words of a copy: one line per target, then one line per thing created there.

The command line prints them and the window shows them after a copy, so both say the
same: what was copied where, what was created (and from which figure of the source),
and the copy's figures measured at its new home.
"""

from __future__ import annotations

from procedures.formatting import money, number
from procedures.i18n import _, ngettext
from procedures.services.copying import CopyResult, CreatedItem, TargetResult


def _created(item: CreatedItem, source: str) -> str:
    if item.kind == "unit":
        return _("created unit {code} {name}").format(code=item.code, name=item.name)
    if item.kind == "position":
        return _("created position {code} {name} (annual cost {amount}, as in {source}: "
                 "check it)").format(code=item.code, name=item.name,
                                     amount=money(item.amount), source=source)
    return _("created resource {code} {name} (unit cost {amount}, as in {source}: "
             "check it)").format(code=item.code, name=item.name, amount=money(item.amount),
                                 source=source)


def target_lines(result: CopyResult, target: TargetResult) -> list[str]:
    """The lines of one target: what it got, what was created, its figures."""
    if target.version_uuid and not target.new_procedure:
        what = _("version {version} added to {code}").format(
            version=result.versions[0], code=target.code)
        if target.replaced_version is not None:
            what = _("version {version} of {code} replaced").format(
                version=result.versions[0], code=target.code)
    elif target.replaced_procedure is not None:
        what = _("{code} {name} replaced").format(code=target.code, name=result.name)
    else:
        what = _("{code} {name} created").format(code=target.code, name=result.name)
    lines = [f"{target.ubigeo} {target.entity_name}: {what}"]
    lines += ["  " + _created(item, result.source_ubigeo) for item in target.created]
    for figures in target.figures:
        fee = money(figures.fee) if figures.fee > 0 else _("free")
        line = "  " + ngettext(
            "{version}: {n} step, unit cost {cost} at its rates, fee {fee}",
            "{version}: {n} steps, unit cost {cost} at its rates, fee {fee}",
            figures.activities).format(version=figures.name, n=figures.activities,
                                       cost=money(figures.unit_cost), fee=fee)
        if figures.warnings:
            line += " — " + _("warnings: {codes}").format(codes=", ".join(figures.warnings))
        lines.append(line)
    if target.demand_left:
        lines.append("  " + _("yearly demand not copied ({cases} cases a year in {source}): "
                              "enter this municipality's own").format(
            cases=number(result.source_demand), source=result.source_ubigeo))
    return lines


def copy_lines(result: CopyResult) -> list[str]:
    """A summary line, then the lines of every target."""
    created = sum(len(t.created) for t in result.targets)
    lines = [ngettext("{code} copied into {n} municipality",
                      "{code} copied into {n} municipalities",
                      len(result.targets)).format(code=result.code, n=len(result.targets))
             + "; " + ngettext("{n} item created", "{n} items created", created).format(
                 n=created)]
    for target in result.targets:
        lines += target_lines(result, target)
    return lines
