"""What a simplification rule produces before it is measured, and its wording.

Titles and reasons are English msgids declared here with `N_` and translated when a
rule runs; each reason says why, and names the norm or methodology behind it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from procedures.i18n import N_, _
from procedures.rules.edits import identified
from procedures.snapshots import Entity, Procedure, Version


class SuggestionCode(StrEnum):
    ELIMINATE_SVA = "eliminate_sva"
    MERGE_SAME_UNIT = "merge_same_unit"
    REMOVE_REPEATED_REVIEW = "remove_repeated_review"
    PARALLEL_REVIEWS = "parallel_reviews"
    ELECTRONIC_ROUTING = "electronic_routing"
    SERVICE_LEVEL = "service_level"
    PROHIBITED_REQUIREMENT = "prohibited_requirement"
    FEE_AT_FILING = "fee_at_filing"
    AUTOMATIC_APPROVAL = "automatic_approval"
    LOWER_FEE = "lower_fee"


Edit = Callable[[Version], Version]


@dataclass(frozen=True, slots=True)
class Draft:
    code: SuggestionCode
    title: str
    reason: str
    activities: tuple[str, ...]
    apply: Edit
    requirements: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Context:
    entity: Entity
    procedure: Procedure
    version: Version  # with a uid on every activity (edits.identified)

    def rows(self, uids: Sequence[str]) -> str:
        """'3, 4, 5': the 1-based rows of `uids`, for messages."""
        index = {a.uid: row for row, a in enumerate(self.version.activities, start=1)}
        return ", ".join(str(index[uid]) for uid in uids)


def on_identified(edit: Edit) -> Edit:
    """Run `edit` on the version with the uids the rule saw (row stand-ins included)."""
    return lambda version: edit(identified(version))


#: (title, reason) msgids by wording key; `{law}` is filled from `rules.legal`.
TEXTS: dict[str, tuple[str, str]] = {
    "eliminate_sva": (
        N_("Eliminate activity {row}: {description}"),
        N_(
            "It adds no value for the resident (SVA). The simplification methodology removes "
            "such steps unless a norm requires them ({law})."
        ),
    ),
    "merge_same_unit": (
        N_("Merge activities {rows} of unit {unit}"),
        N_(
            "Activities {rows} follow one another in the same unit with the same staff: one "
            "activity and one record, without moving the file between desks ({law})."
        ),
    ),
    "remove_repeated_review": (
        N_("Remove the repeated review in {unit} (activity {row})"),
        N_(
            "Activity {row} ({description}) repeats the review made by {other_unit} in "
            "activity {other_row}: the file is checked once and the next unit relies on that "
            "check ({law})."
        ),
    ),
    "parallel_reviews": (
        N_("Run the reviews of activities {rows} in parallel"),
        N_(
            "Activities {rows} are reviews by different units, one after the other. When "
            "neither needs the other's result they can run at the same time (the file is "
            "shared), so the case waits only for the longest review ({law})."
        ),
    ),
    "electronic_routing": (
        N_("Route the file electronically"),
        N_(
            "Staff carry the file between offices by hand (activities {rows}: {minutes} min "
            "per case). With electronic routing (digital mesa de partes, document management "
            "system) the transfer takes no staff time ({law})."
        ),
    ),
    "service_level": (
        N_("Set a service level for the wait in activity {row}"),
        N_(
            "The file waits {minutes} min ({description}). A service level of at most one "
            "working day ({target} min) for this tray cuts the waiting time ({law})."
        ),
    ),
    "fee_at_filing": (
        N_("Collect the fee at filing (activity {row})"),
        N_(
            "The resident makes a visit only to pay the fee ({description}). Collecting it at "
            "the filing counter or online saves one visit per case ({law})."
        ),
    ),
    "automatic_approval": (
        N_("Change the calificación to aprobación automática"),
        N_(
            "Rule applied: a prior-evaluation procedure with silencio positivo whose steps "
            "include no field inspection and no technical or legal report can be approved on "
            "filing, with checks after approval (fiscalización posterior). The waits of the "
            "file are removed, since the resident no longer waits for an evaluation ({law})."
        ),
    ),
}


def draft(
    key: str,
    code: SuggestionCode,
    activities: tuple[str, ...],
    apply: Edit,
    **values: object,
) -> Draft:
    """A draft worded from `TEXTS[key]`, its activities found by uid at apply time."""
    title, reason = TEXTS[key]
    return Draft(
        code,
        _(title).format(**values),
        _(reason).format(**values),
        activities,
        on_identified(apply),
    )
