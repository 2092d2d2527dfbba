"""Fixing a prohibited requirement: drop it, replace it by a sworn statement, or ask for
a single copy (the remedy of its category in `procedures.rules.prohibited`).

Requirement texts are TUPA content, which is written in Spanish whatever the language
of the interface, so the replacement wording below is Spanish data, not a UI message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from procedures.formatting import round_money
from procedures.i18n import _
from procedures.rules.drafts import Context, Draft, SuggestionCode
from procedures.rules.legal import legal_reference
from procedures.rules.prohibited import ProhibitedRule, Remedy, prohibited_reason, prohibited_rule
from procedures.rules.scenario import requirements_of
from procedures.snapshots import ZERO, Requirement, Version

SWORN_STATEMENT_NAME = "Declaración jurada (en lugar de: {name})"

_NUMBERS = {
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "duplicado": 2,
    "triplicado": 3,
    "cuadruplicado": 4,
}
_ONE = {"copias": "una copia", "ejemplares": "un ejemplar", "juegos": "un juego"}
_COUNTED = re.compile(
    r"\(?\b(dos|tres|cuatro|cinco|[2-9])\b\)?\s+(copias|ejemplares|juegos)\b", re.IGNORECASE
)
_BY_COPIES = re.compile(r"\s*\bpor (duplicado|triplicado|cuadruplicado)\b", re.IGNORECASE)
_MORE_THAN_ONE = re.compile(r"\bm[aá]s de una copia\b", re.IGNORECASE)


def single_copy(text: str) -> tuple[str, int | None]:
    """'Dos copias del plano' -> ('Una copia del plano', 2); copies None when unknown."""
    copies: int | None = None

    def one(match: re.Match[str]) -> str:
        nonlocal copies
        word = match.group(1).lower()
        copies = int(word) if word.isdigit() else _NUMBERS[word]
        return _ONE[match.group(2).lower()]

    def drop(match: re.Match[str]) -> str:
        nonlocal copies
        copies = _NUMBERS[match.group(1).lower()]
        return ""

    result = _COUNTED.sub(one, text)
    result = _BY_COPIES.sub(drop, result)
    result = _MORE_THAN_ONE.sub("una copia", result).strip()
    if text[:1].isupper():
        result = result[:1].upper() + result[1:]
    return result, copies


def remedied(requirement: Requirement, rule: ProhibitedRule) -> Requirement | None:
    """The lawful replacement of `requirement`, or None when it is simply dropped."""
    law = str(legal_reference(rule.law))
    if rule.remedy is Remedy.DROP:
        return None
    if rule.remedy is Remedy.SWORN_STATEMENT:
        name = SWORN_STATEMENT_NAME.format(name=requirement.name)
        return replace(requirement, name=name, cost=ZERO, legal_basis=law)
    name, copies = single_copy(requirement.name)
    cost = round_money(requirement.cost / copies) if copies else requirement.cost
    return replace(requirement, name=name, cost=cost, legal_basis=law)


def _key(requirement: Requirement) -> str:
    return requirement.uid or requirement.name


def _fixed(ctx: Context, key: str, rule: ProhibitedRule) -> Callable[[Version], Version]:
    def edit(version: Version) -> Version:
        fixed = []
        for requirement in requirements_of(ctx.procedure, version):
            if _key(requirement) == key:
                new = remedied(requirement, rule)
                if new is not None:
                    fixed.append(new)
            else:
                fixed.append(requirement)
        return replace(version, requirements=tuple(fixed))

    return edit


def prohibited_requirements(ctx: Context) -> list[Draft]:
    """One draft per requirement whose wording is prohibited (DOMAIN §2)."""
    drafts = []
    for requirement in requirements_of(ctx.procedure, ctx.version):
        rule = prohibited_rule(requirement.name)
        if rule is None:
            continue
        if rule.remedy is Remedy.DROP:
            title = _("Stop asking for “{name}”")
        elif rule.remedy is Remedy.SWORN_STATEMENT:
            title = _("Replace “{name}” by a sworn statement")
        else:
            title = _("Ask for a single copy of “{name}”")
        drafts.append(
            Draft(
                SuggestionCode.PROHIBITED_REQUIREMENT,
                title.format(name=requirement.name),
                prohibited_reason(requirement.name) or "",
                (),
                _fixed(ctx, _key(requirement), rule),
                requirements=(_key(requirement),),
            )
        )
    return drafts
