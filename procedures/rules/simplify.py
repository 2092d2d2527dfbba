"""Simplification rules on activities and calificación (DOMAIN §3, research §1.5).

Each rule reads a version (with uids, see `edits.identified`) and returns drafts: what
to change, why, and a pure `apply(version) -> Version`. `procedures.rules.suggestions`
measures every draft by applying it and recomputing the metrics.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from decimal import Decimal
from functools import partial

from models.codes import ActivityType, Calificacion, ImprovementAction, ValueClass
from procedures.formatting import smart_number
from procedures.i18n import _
from procedures.rules.drafts import Context, Draft, SuggestionCode, draft
from procedures.rules.edits import merged, updated, without
from procedures.rules.legal import legal_reference
from procedures.rules.scenario import calificacion_of
from procedures.snapshots import ZERO, Activity, Version
from procedures.text import fold


def _rows(ctx: Context) -> Iterator[tuple[int, Activity]]:
    return enumerate(ctx.version.activities, start=1)


def eliminate_sva(ctx: Context) -> list[Draft]:
    """Each SVA operation, review or filing step (waits and transfers have own rules)."""
    kinds = (ActivityType.OPERACION, ActivityType.REVISION, ActivityType.ARCHIVO)
    law = legal_reference("simplification")
    return [
        draft(
            "eliminate_sva",
            SuggestionCode.ELIMINATE_SVA,
            (a.uid,),
            partial(without, uids={a.uid}),
            row=row,
            description=a.description,
            law=law,
        )
        for row, a in _rows(ctx)
        if a.value is ValueClass.SVA and a.type in kinds
    ]


def _signature(activity: Activity) -> tuple[tuple[str, object], ...]:
    return tuple(sorted((s.position, s.count) for s in activity.staff))


def _joins(run: list[Activity], activity: Activity) -> bool:
    """Whether `activity` continues a run of one unit, probability and staff."""
    if not run or activity.parallel or activity.unit != run[0].unit:
        return False
    if activity.probability != run[0].probability:
        return False
    doing = [a for a in run if a.type is not ActivityType.TRASLADO]
    return (
        activity.type is ActivityType.TRASLADO
        or not doing
        or _signature(activity) == _signature(doing[0])
    )


def _merge_groups(activities: Sequence[Activity]) -> list[list[Activity]]:
    """Runs of consecutive non-wait activities of one unit, same probability and staff.

    Transfers may sit inside a run (the merge drops them) but not at its ends: a
    transfer at the end carries the file to the next unit.
    """
    groups: list[list[Activity]] = []
    run: list[Activity] = []

    def close() -> None:
        while run and run[-1].type is ActivityType.TRASLADO:
            run.pop()
        while run and run[0].type is ActivityType.TRASLADO:
            run.pop(0)
        if sum(a.type is not ActivityType.TRASLADO for a in run) >= 2:
            groups.append(list(run))

    for activity in activities:
        mergeable = activity.unit is not None and activity.type is not ActivityType.ESPERA
        if mergeable and _joins(run, activity):
            run.append(activity)
        else:
            close()
            run = [activity] if mergeable else []
    close()
    return groups


def merge_same_unit(ctx: Context) -> list[Draft]:
    law = legal_reference("simplification")
    drafts = []
    for group in _merge_groups(ctx.version.activities):
        uids = tuple(a.uid for a in group)
        rows = ctx.rows(uids)
        note = _("Merges activities {rows}").format(rows=rows)
        drafts.append(
            draft(
                "merge_same_unit",
                SuggestionCode.MERGE_SAME_UNIT,
                uids,
                partial(merged, uids=uids, note=note),
                rows=rows,
                unit=group[0].unit,
                law=law,
            )
        )
    return drafts


_CHECK_WORDS = re.compile(r"^(revis|verific|evalu|calific|examin|control|valid|comprob|chequ)")
_DECISION_WORDS = re.compile(r"\b(firm|aprob|resol|emit|autoriz|otorg|suscrib|vis[ao]r?\b)")
_STOPWORDS = frozenset(
    {
        *("para", "desde", "sobre", "segun", "entre", "como", "cada", "este", "esta"),
        *("estos", "estas", "unos", "unas", "otro", "otra", "caso", "casos", "previa"),
    }
)


def _topic(description: str) -> frozenset[str]:
    """Significant words of a description; every checking verb counts as one word."""
    words = set()
    for word in re.findall(r"[a-z0-9]+", fold(description)):
        if _CHECK_WORDS.match(word):
            words.add("<check>")
        elif len(word) >= 4 and word not in _STOPWORDS:
            words.add(word)
    return frozenset(words)


def remove_repeated_review(ctx: Context) -> list[Draft]:
    """A review that repeats, in another unit, what an earlier review checked.

    Repetition is judged from the wording: at least half of the significant words in
    common (checking verbs are synonyms). Decisions (sign, approve, resolve, issue) and
    VA reviews are never proposed for removal.
    """
    law = legal_reference("simplicity")
    reviews = [
        (row, a, _topic(a.description))
        for row, a in _rows(ctx)
        if a.type is ActivityType.REVISION and a.unit is not None
    ]
    drafts = []
    for index, (row, a, words) in enumerate(reviews):
        if a.value is ValueClass.VA or _DECISION_WORDS.search(fold(a.description)):
            continue
        earlier = [
            (other_row, other)
            for other_row, other, other_words in reviews[:index]
            if other.unit != a.unit
            and words
            and 2 * len(words & other_words) >= len(words | other_words)
        ]
        if not earlier:
            continue
        other_row, other = earlier[0]
        drafts.append(
            draft(
                "remove_repeated_review",
                SuggestionCode.REMOVE_REPEATED_REVIEW,
                (a.uid,),
                partial(without, uids={a.uid}),
                row=row,
                unit=a.unit,
                description=a.description,
                other_unit=other.unit,
                other_row=other_row,
                law=law,
            )
        )
    return drafts


def _review_chains(activities: Sequence[Activity]) -> list[list[Activity]]:
    """Runs of consecutive entity reviews, each by a unit not yet in the run."""
    chains: list[list[Activity]] = []
    chain: list[Activity] = []
    for a in (*activities, None):
        is_review = a is not None and a.type is ActivityType.REVISION and a.unit is not None
        review = a if is_review else None
        if review is not None and chain and review.unit not in {b.unit for b in chain}:
            chain.append(review)
            continue
        if len(chain) >= 2 and not all(b.parallel for b in chain[1:]):
            chains.append(chain)
        chain = [review] if review is not None else []
    return chains


def parallel_reviews(ctx: Context) -> list[Draft]:
    """Consecutive reviews by different units -> one parallel stage."""
    law = legal_reference("speed")
    drafts = []
    for chain in _review_chains(ctx.version.activities):
        uids = tuple(a.uid for a in chain)

        def edit(v: Version, later: tuple[str, ...] = uids[1:]) -> Version:
            for uid in later:
                v = updated(v, uid, parallel=True, action=ImprovementAction.PARALELIZAR)
            return v

        drafts.append(
            draft(
                "parallel_reviews",
                SuggestionCode.PARALLEL_REVIEWS,
                uids,
                edit,
                rows=ctx.rows(uids),
                law=law,
            )
        )
    return drafts


def electronic_routing(ctx: Context) -> list[Draft]:
    """All hand transfers of the file inside the municipality, as one decision."""
    transfers = [
        a for a in ctx.version.activities if a.type is ActivityType.TRASLADO and a.unit is not None
    ]
    if not transfers:
        return []
    uids = tuple(a.uid for a in transfers)
    minutes = sum((a.minutes * a.probability for a in transfers), ZERO)
    return [
        draft(
            "electronic_routing",
            SuggestionCode.ELECTRONIC_ROUTING,
            uids,
            lambda v: without(v, set(uids)),
            rows=ctx.rows(uids),
            minutes=smart_number(minutes),
            law=legal_reference("speed"),
        )
    ]


def service_level(ctx: Context) -> list[Draft]:
    """Waits longer than one working day -> a service level of one working day."""
    target = ctx.entity.settings.minutes_per_working_day
    law = legal_reference("speed")

    def edit(v: Version, uid: str) -> Version:
        return updated(v, uid, minutes=Decimal(target), action=ImprovementAction.REDUCIR)

    return [
        draft(
            "service_level",
            SuggestionCode.SERVICE_LEVEL,
            (a.uid,),
            partial(edit, uid=a.uid),
            row=row,
            minutes=smart_number(a.minutes),
            description=a.description,
            target=target,
            law=law,
        )
        for row, a in _rows(ctx)
        if a.type is ActivityType.ESPERA and a.minutes > target
    ]


_PAYMENT = re.compile(r"\b(pag(ar|o|a)|abon(ar|o|a)|cancelar (el )?derecho|caja|tesoreria)\b")


def fee_at_filing(ctx: Context) -> list[Draft]:
    """A resident's in-person step that is only paying the fee -> paid at filing."""
    law = legal_reference("simplicity")
    return [
        draft(
            "fee_at_filing",
            SuggestionCode.FEE_AT_FILING,
            (a.uid,),
            partial(without, uids={a.uid}),
            row=row,
            description=a.description,
            law=law,
        )
        for row, a in _rows(ctx)
        if a.unit is None and a.in_person and _PAYMENT.search(fold(a.description))
    ]


_TECHNICAL = re.compile(
    r"inspecci|visita (de campo|tecnica|ocular)|verificacion (de|en) campo|constatacion"
    r"|informe (tecnico|legal)|opinion (tecnica|legal)|evaluacion tecnica|dictamen|peritaje"
    r"|\bitse\b"
)


def automatic_approval(ctx: Context) -> list[Draft]:
    """Rule: previa_positivo + no field inspection and no technical or legal report.

    Silencio negativo is kept for matters the law protects (it is the exception), so only
    procedures with silencio positivo are proposed. Applying it sets the calificación to
    automática and removes the waits of the file (approved on filing).
    """
    if calificacion_of(ctx.procedure, ctx.version) is not Calificacion.PREVIA_POSITIVO:
        return []
    entity_steps = [a for a in ctx.version.activities if a.unit is not None]
    if not entity_steps or any(_TECHNICAL.search(fold(a.description)) for a in entity_steps):
        return []
    waits = tuple(a.uid for a in ctx.version.activities if a.type is ActivityType.ESPERA)
    law = f"{legal_reference('automatic_approval')}; {legal_reference('ex_post_control')}"

    def edit(v: Version) -> Version:
        return replace(without(v, set(waits)), calificacion=Calificacion.AUTOMATICA)

    return [draft("automatic_approval", SuggestionCode.AUTOMATIC_APPROVAL, waits, edit, law=law)]


#: Rules on activities and calificación, in the order suggestions are listed.
ACTIVITY_RULES: tuple[Callable[[Context], list[Draft]], ...] = (
    eliminate_sva,
    merge_same_unit,
    remove_repeated_review,
    parallel_reviews,
    electronic_routing,
    service_level,
    fee_at_filing,
    automatic_approval,
)
