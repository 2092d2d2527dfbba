"""Legal checks on a version, as warnings with the DESIGN §4 codes.

Each message says what is wrong and what the law expects, with the legal reference
taken from `procedures.rules.legal` (never a bare article number). Messages are English
msgids translated into the current language when the check runs.

This module sits below `procedures.metrics` (which attaches these warnings to its
results), so it takes the figures it needs as arguments instead of importing metrics.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Any

from models.codes import ActivityType, Calificacion, PlazoUnit
from procedures.formatting import money
from procedures.i18n import N_, _, current_language, ngettext
from procedures.rules.legal import legal_reference
from procedures.rules.prohibited import prohibited_reason, prohibited_rule
from procedures.rules.scenario import calificacion_of, plazo_of, requirements_of
from procedures.snapshots import Procedure, Version

#: Longest term of a prior-evaluation procedure unless a law says otherwise (DOMAIN §2).
LEGAL_MAX_BUSINESS_DAYS = 30
#: Read once (a member looked up on its class costs more than the test of a step).
_ESPERA = ActivityType.ESPERA
_ZERO = Decimal(0)


class WarningCode(StrEnum):
    FEE_ABOVE_COST = "fee_above_cost"
    FEE_ABOVE_UIT = "fee_above_uit"
    OVER_LEGAL_TERM = "over_legal_term"
    TERM_ABOVE_LEGAL_MAX = "term_above_legal_max"
    MISSING_MINUTES = "missing_minutes"
    MISSING_STAFF = "missing_staff"
    PROHIBITED_REQUIREMENT = "prohibited_requirement"
    MISSING_DEMAND = "missing_demand"


@dataclass(frozen=True, slots=True)
class MetricWarning:
    """A problem found in a version; `activity` is the 1-based row when it concerns one."""

    code: WarningCode
    message: str
    activity: int | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": str(self.code), "message": self.message}
        if self.activity is not None:
            data["activity"] = self.activity
        return data


def term_in_business_days(plazo: int, unit: PlazoUnit) -> int:
    """A term expressed in business days, for the 30-day ceiling.

    Calendar days count 5 business days per week (30 días hábiles = 42 días calendario)
    and a month counts as 30 calendar days; holidays are ignored, so the conversion
    never overstates the term.
    """
    if unit is PlazoUnit.HABILES:
        return plazo
    days = plazo if unit is PlazoUnit.CALENDARIO else plazo * 30
    return days * 5 // 7


def term_text(plazo: int, unit: PlazoUnit) -> str:
    if unit is PlazoUnit.HABILES:
        return ngettext("{n} business day", "{n} business days", plazo).format(n=plazo)
    if unit is PlazoUnit.CALENDARIO:
        return ngettext("{n} calendar day", "{n} calendar days", plazo).format(n=plazo)
    return ngettext("{n} month", "{n} months", plazo).format(n=plazo)


#: Message of each code: what is wrong, then what the law expects ({law}).
MESSAGES: dict[WarningCode, str] = {
    WarningCode.FEE_ABOVE_COST: N_(
        "The fee ({fee}) is above the unit cost of the service ({cost}). The law expects the "
        "fee to be at most the cost determined with the costing methodology ({law})."
    ),
    WarningCode.FEE_ABOVE_UIT: N_(
        "The fee ({fee}) is above one UIT ({uit}). The law expects a fee above one UIT to "
        "have the authorisation of the Ministry of Economy and Finance, MEF ({law})."
    ),
    WarningCode.OVER_LEGAL_TERM: N_(
        "The steps take {duration}, more than the legal term ({term}). The law expects the "
        "municipality to resolve within the term of its TUPA ({law})."
    ),
    WarningCode.TERM_ABOVE_LEGAL_MAX: N_(
        "The legal term ({term}) is above 30 business days. The law expects a "
        "prior-evaluation procedure to be resolved within 30 business days unless a law sets "
        "a longer term ({law})."
    ),
    WarningCode.MISSING_MINUTES: N_(
        "Activity {row} ({description}) has no minutes. Every activity other than a wait "
        "needs its duration before the procedure can be costed ({law})."
    ),
    WarningCode.MISSING_STAFF: N_(
        "Activity {row} ({description}) in unit {unit} has no staff. The costing methodology "
        "charges the staff minutes of every activity, so this step adds no personnel cost "
        "until its staff is entered ({law})."
    ),
    WarningCode.PROHIBITED_REQUIREMENT: N_(
        "The requirement “{name}” may not be demanded: {reason} The law expects: "
        "{expectation} ({law})"
    ),
    WarningCode.MISSING_DEMAND: N_(
        "The yearly demand is 0. The costing methodology spreads the shared costs over the "
        "cases of the year, and the yearly figures need them: enter the number of cases per "
        "year ({law})."
    ),
}


def _warning(code: WarningCode, activity: int | None = None, **values: object) -> MetricWarning:
    return MetricWarning(code, _(MESSAGES[code]).format(**values), activity)


def check_version(
    procedure: Procedure,
    version: Version,
    *,
    unit_cost: Decimal,
    business_days: int,
    uit: Decimal | None,
) -> tuple[MetricWarning, ...]:
    """All warnings of `version`, in the order of the DESIGN §4 code list."""
    return (
        *_fee_warnings(version.fee, unit_cost, uit),
        *_term_warnings(procedure, version, business_days),
        *_activity_warnings(version),
        *_requirement_warnings(procedure, version),
        *_demand_warnings(procedure),
    )


def fee_above_cost(fee: Decimal, unit_cost: Decimal) -> bool:
    """The fee may not exceed the cost of the service (the first warning of a version)."""
    return fee > unit_cost


def _fee_warnings(fee: Decimal, unit_cost: Decimal, uit: Decimal | None) -> list[MetricWarning]:
    found = []
    if fee_above_cost(fee, unit_cost):
        law = f"{legal_reference('fee_limits')}; {legal_reference('costing')}"
        found.append(
            _warning(WarningCode.FEE_ABOVE_COST, fee=money(fee), cost=money(unit_cost), law=law)
        )
    if uit is not None and fee > uit:
        found.append(_warning(WarningCode.FEE_ABOVE_UIT, fee=money(fee), uit=money(uit),
                              law=legal_reference("fee_limits")))
    return found


def _term_warnings(
    procedure: Procedure, version: Version, business_days: int
) -> tuple[MetricWarning, ...]:
    plazo, unit = plazo_of(procedure, version)
    if plazo is None:
        return ()
    return _worded_terms(plazo, unit, calificacion_of(procedure, version), business_days,
                         current_language())


@lru_cache(maxsize=4096)
def _worded_terms(plazo: int, unit: PlazoUnit, calificacion: Calificacion, business_days: int,
                  language: str) -> tuple[MetricWarning, ...]:
    """The term warnings of a version, worded in `language` (the current one): a
    municipality's versions share a few dozen terms, so each is worded once."""
    found: list[MetricWarning] = []
    if unit is PlazoUnit.HABILES and business_days > plazo:
        found.append(
            _warning(
                WarningCode.OVER_LEGAL_TERM,
                duration=term_text(business_days, PlazoUnit.HABILES),
                term=term_text(plazo, unit),
                law=legal_reference("term_binding"),
            )
        )
    if calificacion.is_prior_evaluation and (
        term_in_business_days(plazo, unit) > LEGAL_MAX_BUSINESS_DAYS
    ):
        found.append(
            _warning(
                WarningCode.TERM_ABOVE_LEGAL_MAX,
                term=term_text(plazo, unit),
                law=legal_reference("max_term"),
            )
        )
    return tuple(found)


def _activity_warnings(version: Version) -> list[MetricWarning]:
    """missing_minutes for every row first, then missing_staff (the DESIGN order)."""
    missing_minutes: list[MetricWarning] = []
    missing_staff: list[MetricWarning] = []
    law = legal_reference("costing")
    row = 0
    for activity in version.activities:
        row += 1
        if activity.type is _ESPERA:
            continue
        if activity.minutes == _ZERO:
            missing_minutes.append(
                _warning(
                    WarningCode.MISSING_MINUTES, row, row=row,
                    description=activity.description, law=law,
                )
            )
        if activity.unit is not None and not activity.staff:
            missing_staff.append(
                _warning(
                    WarningCode.MISSING_STAFF,
                    row,
                    row=row,
                    description=activity.description,
                    unit=activity.unit,
                    law=law,
                )
            )
    return missing_minutes + missing_staff


def _requirement_warnings(procedure: Procedure, version: Version) -> list[MetricWarning]:
    language = current_language()
    found = []
    for requirement in requirements_of(procedure, version):
        warning = _prohibited_warning(requirement.name, language)
        if warning is not None:
            found.append(warning)
    return found


@lru_cache(maxsize=8192)
def _prohibited_warning(name: str, language: str) -> MetricWarning | None:
    """The warning of a requirement worded `name`, in `language` (the current one); a
    region repeats a few hundred wordings, so each is worded once."""
    rule = prohibited_rule(name)
    if rule is None:
        return None
    return _warning(
        WarningCode.PROHIBITED_REQUIREMENT,
        name=name,
        reason=_(rule.reason),
        expectation=_(rule.expectation),
        law=legal_reference(rule.law),
    )


def _demand_warnings(procedure: Procedure) -> list[MetricWarning]:
    if procedure.annual_demand > 0:
        return []
    return [_warning(WarningCode.MISSING_DEMAND, law=legal_reference("costing"))]


__all__ = [
    "LEGAL_MAX_BUSINESS_DAYS",
    "MetricWarning",
    "WarningCode",
    "check_version",
    "prohibited_reason",
    "prohibited_rule",
]
