"""Simplification suggestions with their measured effect, and the to-be they produce.

`suggest` runs the rules of `procedures.rules.simplify` (activities, calificación) and
`procedures.rules.remedies` (requirements), then measures each proposal by applying it
to a copy of the version and recomputing the metrics at the same allocation rates (a
what-if at today's rates). `apply_suggestions` turns the chosen ones into a new to-be
version that keeps the identity of every activity through `based_on`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from uuid import uuid4

from models.codes import VersionKind
from procedures.errors import ConflictError
from procedures.formatting import money
from procedures.i18n import LANGUAGES, N_, _, translations
from procedures.metrics import AllocationRates, Metrics, compute_metrics
from procedures.rules.drafts import Context, Draft, SuggestionCode
from procedures.rules.edits import identified
from procedures.rules.legal import legal_reference
from procedures.rules.remedies import prohibited_requirements
from procedures.rules.simplify import ACTIVITY_RULES
from procedures.snapshots import Entity, Procedure, ReferenceValues, Version

Measure = Callable[[Version], Metrics]


@dataclass(frozen=True, slots=True)
class Effect:
    """after − before per case (negative = less), plus the yearly soles."""

    activities: int
    minutes: Decimal
    effort_minutes: Decimal
    lead_time_minutes: Decimal
    business_days: int
    unit_cost: Decimal
    citizen_visits: Decimal
    citizen_hours: Decimal
    entity_cost_yearly: Decimal
    citizen_cost_yearly: Decimal

    @classmethod
    def between(cls, before: Metrics, after: Metrics) -> Effect:
        return cls(
            activities=after.activities - before.activities,
            minutes=after.total_minutes - before.total_minutes,
            effort_minutes=after.effort_minutes - before.effort_minutes,
            lead_time_minutes=after.lead_time_minutes - before.lead_time_minutes,
            business_days=after.business_days - before.business_days,
            unit_cost=after.cost.unit_cost - before.cost.unit_cost,
            citizen_visits=after.citizen.visits - before.citizen.visits,
            citizen_hours=(after.citizen.minutes - before.citizen.minutes) / 60,
            entity_cost_yearly=after.yearly.entity_cost - before.yearly.entity_cost,
            citizen_cost_yearly=after.yearly.citizen_cost - before.yearly.citizen_cost,
        )


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One proposal: `apply(version)` returns the changed copy; `effect` is measured.

    `activities` are the uids it touches (row stand-ins "row-N" when the version has no
    uids); `requirements` the uids (or names) of the requirements it touches.
    """

    code: SuggestionCode
    title: str
    reason: str
    activities: tuple[str, ...]
    effect: Effect
    apply: Callable[[Version], Version] = field(compare=False, repr=False)
    requirements: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Stable identifier of this proposal on this version (code + what it touches)."""
        return ":".join((self.code.value, *self.activities, *self.requirements))


def suggest(
    entity: Entity,
    procedure: Procedure,
    version: Version,
    rates: AllocationRates,
    reference: ReferenceValues | None = None,
) -> tuple[Suggestion, ...]:
    """Every applicable proposal for `version`, each with its measured effect."""
    ctx = Context(entity, procedure, identified(version))

    def measure(candidate: Version) -> Metrics:
        return compute_metrics(entity, procedure, candidate, rates, reference)

    drafts = [draft for rule in ACTIVITY_RULES for draft in rule(ctx)]
    drafts += prohibited_requirements(ctx)
    before = measure(version)
    found = [_measured(draft, before, measure(draft.apply(version))) for draft in drafts]
    found += _lower_fee(version, drafts, before, measure)
    return tuple(found)


def _measured(draft: Draft, before: Metrics, after: Metrics) -> Suggestion:
    return Suggestion(
        code=draft.code,
        title=draft.title,
        reason=draft.reason,
        activities=draft.activities,
        effect=Effect.between(before, after),
        apply=draft.apply,
        requirements=draft.requirements,
    )


def _lower_fee(
    version: Version, drafts: list[Draft], before: Metrics, measure: Measure
) -> list[Suggestion]:
    """Fee above the unit cost now, or after all the other proposals -> the new cost.

    Applied last by `apply_suggestions`, so the fee follows the cost of the final
    version. When the fee is only above the cost after the other proposals, the effect
    is measured on top of them.
    """

    def lower(candidate: Version) -> Version:
        cost = measure(candidate).cost.unit_cost
        return replace(candidate, fee=cost) if candidate.fee > cost else candidate

    law = f"{legal_reference('fee_limits')}; {legal_reference('costing')}"
    if version.fee > before.cost.unit_cost:
        base, base_metrics = version, before
        reason = _(
            "The fee ({fee}) is above the unit cost of the service ({cost}). The fee may not "
            "exceed the cost of the service ({law})."
        ).format(fee=money(version.fee), cost=money(before.cost.unit_cost), law=law)
    else:
        base = version
        for draft in drafts:
            base = draft.apply(base)
        base_metrics = measure(base)
        if version.fee <= base_metrics.cost.unit_cost:
            return []
        reason = _(
            "After the other proposed changes the unit cost falls to {cost}, below the fee "
            "({fee}). The fee must follow the cost of the service ({law})."
        ).format(fee=money(version.fee), cost=money(base_metrics.cost.unit_cost), law=law)
    after = measure(lower(base))
    title = _(LOWER_FEE_TITLE).format(cost=money(after.cost.unit_cost))
    effect = Effect.between(base_metrics, after)
    return [Suggestion(SuggestionCode.LOWER_FEE, title, reason, (), effect, lower)]


#: The title of the lower-the-fee proposal, which quotes a figure of its day.
LOWER_FEE_TITLE = N_("Lower the fee to the unit cost ({cost})")


def current_note(note: str, unit_cost: Decimal) -> str:
    """A proposal's note with its "lower the fee" line restated at `unit_cost`.

    The note keeps the titles of the suggestions the proposal was made from; the one
    that lowers the fee names the cost of that day, which later edits change. Shown
    again, it names the proposal's cost now (in either language it was written in).
    """
    lines = []
    for line in note.splitlines():
        for lang in LANGUAGES:
            template = translations(lang).gettext(LOWER_FEE_TITLE)
            pattern = re.escape(template).replace(re.escape("{cost}"), r"S/\s?[\d,.]+")
            if re.fullmatch(pattern, line.strip()):
                line = _(LOWER_FEE_TITLE).format(cost=money(unit_cost))
                break
        lines.append(line)
    return "\n".join(lines)


def apply_suggestions(
    procedure: Procedure, version: Version, suggestions: Iterable[Suggestion], new_name: str
) -> Version:
    """A new to-be version of `procedure` with the chosen `suggestions` applied.

    Activities get new uids and keep their identity through `based_on` (the source
    activity's uid); changed requirements get new uids. The fee is lowered last, after
    every other change. Raises ConflictError when `new_name` is taken.
    """
    if procedure.version(new_name) is not None:
        raise ConflictError(
            _("The procedure already has a version named “{name}”.").format(name=new_name)
        )
    chosen = sorted(suggestions, key=lambda s: s.code is SuggestionCode.LOWER_FEE)
    result = version
    for suggestion in chosen:
        result = suggestion.apply(result)
    source_uids = {a.uid for a in version.activities if a.uid}
    activities = tuple(
        replace(a, uid=str(uuid4()), based_on=a.uid if a.uid in source_uids else "")
        for a in result.activities
    )
    requirements = result.requirements
    if requirements is not None:
        requirements = tuple(replace(r, uid=str(uuid4())) for r in requirements)
    return replace(
        result,
        name=new_name,
        kind=VersionKind.TO_BE,
        based_on=version.name,
        activities=activities,
        requirements=requirements,
        adopted=False,
        note="\n".join(s.title for s in chosen),
        uid=str(uuid4()),
    )
