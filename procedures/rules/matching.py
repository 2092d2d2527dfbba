"""Which units, positions and resources a procedure's versions use, and their match in
another municipality: by code first, else by name (accents, case and spaces aside).

Pure functions over snapshots, shared by the copy service (which creates what has no
match, or what the clerk chose to create) and the window's Copy dialog (which shows the
matches and lets the clerk choose another).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from procedures import snapshots as s
from procedures.rules.activity import ATTACHABLE_ELEMENTS
from procedures.text import fold

#: The kinds of items a copy maps, in the order they are created (a position names its
#: unit, so units come first).
KINDS = ("unit", "position", "resource")


@dataclass(frozen=True, slots=True)
class Item:
    """A unit, position or resource: its code and name (the target's choices)."""

    kind: str
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Need:
    """One item the copied versions use, and what it matches in the target.

    `match` is the target's code ("" when nothing matches: it is created); `how` is
    "code", "name" or "".
    """

    kind: str
    code: str
    name: str
    match: str = ""
    how: str = ""


def used_items(entity: s.Entity, procedure: s.Procedure,
               versions: Sequence[s.Version]) -> tuple[Item, ...]:
    """The source's units (lanes, filed at, approved by), positions and resources that
    `versions` of `procedure` use, in kind order then first use."""
    units: dict[str, None] = {}
    positions: dict[str, None] = {}
    resources: dict[str, None] = {}
    for code in (procedure.filed_at, procedure.approved_by):
        if code:
            units[code] = None
    for version in versions:
        for activity in version.activities:
            if activity.unit is not None:
                units[activity.unit] = None
            for staff in activity.staff:
                positions[staff.position] = None
            for use in activity.resources:
                resources[use.resource] = None
    names = {("unit", u.code): u.name for u in entity.units}
    names.update({("position", p.code): p.name for p in entity.positions})
    names.update({("resource", r.code): r.name for r in entity.resources})
    found: list[Item] = []
    for kind, codes in (("unit", units), ("position", positions), ("resource", resources)):
        found += [Item(kind, code, names.get((kind, code), code)) for code in codes]
    return tuple(found)


def target_items(entity: s.Entity) -> tuple[Item, ...]:
    """Every unit, position and resource of a municipality a step may use (what a need
    may map to): an allocated resource is never on a step (the activity rule), so a
    step's paper is not matched with the municipality's electricity of the same code."""
    return (tuple(Item("unit", u.code, u.name) for u in entity.units)
            + tuple(Item("position", p.code, p.name) for p in entity.positions)
            + tuple(Item("resource", r.code, r.name) for r in entity.resources
                    if r.element in ATTACHABLE_ELEMENTS))


def match_items(needed: Iterable[Item], available: Iterable[Item]) -> tuple[Need, ...]:
    """Each needed item with its match among `available` of the same kind: the same
    code, else the same folded name, else none."""
    by_code: dict[tuple[str, str], str] = {}
    by_name: dict[tuple[str, str], str] = {}
    for item in available:
        by_code.setdefault((item.kind, item.code), item.code)
        by_code.setdefault((item.kind, fold(item.code)), item.code)
        by_name.setdefault((item.kind, fold(item.name)), item.code)
    matched: list[Need] = []
    for item in needed:
        code = by_code.get((item.kind, item.code)) or by_code.get((item.kind, fold(item.code)))
        if code is not None:
            matched.append(Need(item.kind, item.code, item.name, code, "code"))
            continue
        code = by_name.get((item.kind, fold(item.name)))
        matched.append(Need(item.kind, item.code, item.name, code or "",
                            "name" if code else ""))
    return tuple(matched)


def free_code(code: str, taken: set[str], limit: int = 20) -> str:
    """`code`, or `code-2`, `code-3`… when the target uses it for something else."""
    if code not in taken:
        return code
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = code[:limit - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        number += 1
