"""The product's vocabulary: the word for every code, the name and format of every figure
and the name of every field — one table read by the window, the reports, the workbooks
and the command line.

Codes stay stable in files and on the command line (DESIGN §3); people read these words
instead. The tables hold English msgids, translated when asked for, so a language change
needs no rebuild. Spanish legal terms keep their Spanish names in English (STYLE §14):
TUPA, UIT, días hábiles, silencio positivo and silencio negativo. Warning codes have no
word of their own: their sentence is `procedures.rules.compliance.MESSAGES`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum, StrEnum

from models.codes import (
    ASME_SYMBOLS,
    ActivityType,
    Calificacion,
    CostElement,
    EntityKind,
    ImprovementAction,
    PlazoUnit,
    ProcedureKind,
    RequirementKind,
    Role,
    Rounding,
    TimeSource,
    ValueClass,
    VersionKind,
)
from procedures.formatting import (
    hours_minutes,
    minus_number,
    percent,
    signed,
    signed_money,
    signed_smart,
    smart_number,
)
from procedures.i18n import LANGUAGES, N_, _, ngettext, translations

# ---- Codes ------------------------------------------------------------------------------

#: The word for every code (English msgids, translated on use).
WORDS: dict[StrEnum, str] = {
    ActivityType.OPERACION: N_("Operation"),
    ActivityType.REVISION: N_("Review"),
    ActivityType.TRASLADO: N_("Transfer"),
    ActivityType.ESPERA: N_("Wait"),
    ActivityType.ARCHIVO: N_("Filing"),
    ValueClass.VA: N_("Value added"),
    ValueClass.CONTROL: N_("Control"),
    ValueClass.SVA: N_("No value added"),
    ImprovementAction.MANTENER: N_("Keep"),
    ImprovementAction.ELIMINAR: N_("Eliminate"),
    ImprovementAction.FUSIONAR: N_("Merge"),
    ImprovementAction.AUTOMATIZAR: N_("Automate"),
    ImprovementAction.REDUCIR: N_("Reduce"),
    ImprovementAction.PARALELIZAR: N_("Run in parallel"),
    ImprovementAction.REASIGNAR: N_("Reassign"),
    Calificacion.AUTOMATICA: N_("Automatic approval"),
    Calificacion.PREVIA_POSITIVO: N_("Prior evaluation, silencio positivo"),
    Calificacion.PREVIA_NEGATIVO: N_("Prior evaluation, silencio negativo"),
    PlazoUnit.HABILES: N_("días hábiles"),
    PlazoUnit.CALENDARIO: N_("calendar days"),
    PlazoUnit.MESES: N_("months"),
    ProcedureKind.PROCEDIMIENTO: N_("Administrative procedure"),
    ProcedureKind.SERVICIO: N_("Exclusive service"),
    RequirementKind.GENERAL: N_("General"),
    RequirementKind.ESPECIFICO: N_("Specific"),
    VersionKind.AS_IS: N_("Current (as-is)"),
    VersionKind.TO_BE: N_("Proposal"),
    EntityKind.PROVINCIAL: N_("Provincial"),
    EntityKind.DISTRICT: N_("District"),
    Rounding.SUT: N_("SUT (truncate to the cent)"),
    Rounding.EXACT: N_("Exact (round at the end)"),
    CostElement.PERSONAL: N_("Direct staff"),
    CostElement.MATERIAL_FUNGIBLE: N_("Consumable material"),
    CostElement.SERVICIO_IDENTIFICABLE: N_("Identifiable services"),
    CostElement.MATERIAL_NO_FUNGIBLE: N_("Non-consumable material"),
    CostElement.SERVICIOS_TERCEROS: N_("Third-party services"),
    CostElement.DEPRECIACION: N_("Depreciation and amortisation"),
    CostElement.COSTOS_FIJOS: N_("Fixed costs"),
    TimeSource.MEASURED: N_("Measured"),
    TimeSource.INTERVIEW: N_("Interview"),
    TimeSource.ESTIMATE: N_("Estimate"),
    Role.ADMIN: N_("administrator"),
    Role.CLERK: N_("municipal clerk"),
    Role.CONSULTANT: N_("consultant"),
    Role.VIEWER: N_("read only"),
}

#: Where a narrow column (the value column of the step table, on screen, in print and
#: in the workbook) needs fewer letters: the method's own acronyms, alike in every
#: language, so they are not translated.
SHORT_WORDS: dict[StrEnum, str] = {
    ValueClass.VA: "VA",
    ValueClass.CONTROL: "CONTROL",
    ValueClass.SVA: "SVA",
}

#: The words of the SUT's activity template (`importacionASME.xlsx`), which the SUT reads
#: as they are: never translated, without accents.
SUT_WORDS: dict[StrEnum, str] = {
    ActivityType.OPERACION: "Operacion",
    ActivityType.REVISION: "Revision",
    ActivityType.TRASLADO: "Traslado",
    ActivityType.ESPERA: "Espera",
    ActivityType.ARCHIVO: "Archivo",
    ValueClass.VA: "VA",
    ValueClass.CONTROL: "Control",
    ValueClass.SVA: "SVA",
}
#: The citizen's lane in the SUT's template.
SUT_CITIZEN = "Ciudadano"

#: What each ASME symbol and value class means (tooltips, help) and how each cost element
#: is obtained (the cost tables on screen and on paper).
EXPLANATIONS: dict[StrEnum, str] = {
    ActivityType.OPERACION: N_("● Operation: something is done or produced (a form is "
                               "filled in, a report is written, a licence is printed)."),
    ActivityType.REVISION: N_("■ Review: something is checked (requirements, a plan, a "
                              "signature). Checks are control, rarely value for the citizen."),
    ActivityType.TRASLADO: N_("→ Transfer: a file or a person moves from one place to "
                              "another. Usually no value added."),
    ActivityType.ESPERA: N_("D Wait: the file waits in a tray or a queue. It adds time, not "
                            "cost, and is the first candidate to cut."),
    ActivityType.ARCHIVO: N_("▼ Filing: the file or a copy is filed or stored."),
    ValueClass.VA: N_("VA, value added: the citizen would pay for this step; it brings "
                      "them closer to what they asked for."),
    ValueClass.CONTROL: N_("CONTROL: the citizen gains nothing, but the law or the "
                           "municipality needs the step (a check, a signature)."),
    ValueClass.SVA: N_("SVA, no value added: neither the citizen nor the law needs it. "
                       "A candidate for elimination."),
    # How each cost element of a case is obtained (MCD, D.S. 064-2010-PCM).
    CostElement.PERSONAL: N_("person-minutes (activity minutes × headcount) × cost per "
                             "minute of each position"),
    CostElement.MATERIAL_FUNGIBLE: N_("quantity used × unit cost"),
    CostElement.SERVICIO_IDENTIFICABLE: N_("quantity used × unit cost"),
    CostElement.MATERIAL_NO_FUNGIBLE: N_("allocated: rate per minute of the unit × minutes"),
    CostElement.SERVICIOS_TERCEROS: N_("allocated: rate per minute of the unit × minutes"),
    CostElement.DEPRECIACION: N_("allocated: rate per minute of the unit × minutes"),
    CostElement.COSTOS_FIJOS: N_("allocated: rate per minute of the unit × minutes"),
    # The standard sentences of the TUPA sheet (R.S.G.P. 005-2018-PCM-SGP).
    Calificacion.AUTOMATICA: N_("Approved on filing, once the requirements are complete "
                                "(aprobación automática)."),
    Calificacion.PREVIA_POSITIVO: N_("Prior evaluation: if the entity does not answer within "
                                     "the term, the request is approved (silencio "
                                     "administrativo positivo)."),
    Calificacion.PREVIA_NEGATIVO: N_("Prior evaluation: if the entity does not answer within "
                                     "the term, the applicant may take the request as denied "
                                     "and appeal (silencio administrativo negativo)."),
}

#: The citizen's lane (an activity without a unit), in every step table and diagram.
CITIZEN = N_("Citizen")


def label(code: StrEnum | None) -> str:
    """The word for a code in the current language ('' for None)."""
    return _(WORDS[code]) if code is not None else ""


def every_label(code: StrEnum) -> set[str]:
    """The word for `code` in every language: what a file written in any of them holds."""
    return {translations(lang).gettext(WORDS[code]) for lang in LANGUAGES}


def short_label(code: StrEnum | None) -> str:
    """The word for a narrow column: the acronym where there is one, else `label`."""
    if code is None:
        return ""
    return SHORT_WORDS.get(code) or label(code)


def sut_word(code: StrEnum) -> str:
    """The SUT template's word for a type or value class ("Operacion", "Control")."""
    return SUT_WORDS[code]


def explanation(code: StrEnum) -> str:
    return _(EXPLANATIONS[code])


def type_text(code: ActivityType) -> str:
    """'● Operación': the ASME symbol and the word."""
    return f"{ASME_SYMBOLS[code]} {label(code)}"


def citizen_label() -> str:
    return _(CITIZEN)


# ---- Figures (the `metrics` keys of DESIGN §4) ------------------------------------------


class Measure(Enum):
    """What a figure counts, which says how its value and its change are written."""

    COUNT = "count"
    DAYS = "days"
    MINUTES = "minutes"
    HOURS = "hours"
    VISITS = "visits"
    MONEY = "money"
    SHARE = "share"  # a fraction, shown as % (its change in percentage points)
    PERCENT = "percent"  # already a percentage (the fee as % of the UIT)


@dataclass(frozen=True, slots=True)
class FigureName:
    msgid: str
    measure: Measure


def _figure_names() -> dict[str, FigureName]:
    def f(msgid: str, measure: Measure) -> FigureName:
        return FigureName(msgid, measure)

    names = {"activities": f(N_("Activities"), Measure.COUNT)}
    names |= {f"by_type.{t.value}": f(N_("Activities of type {type}"), Measure.COUNT)
              for t in ActivityType}
    names |= {f"by_value.{v.value}": f(N_("Activities of value {value}"), Measure.COUNT)
              for v in ValueClass}
    names |= {
        "total_minutes": f(N_("Total minutes"), Measure.MINUTES),
        "effort_minutes": f(N_("Activity minutes"), Measure.MINUTES),
        "staff_minutes": f(N_("Staff person-minutes"), Measure.MINUTES),
        "lead_time_minutes": f(N_("Lead time (minutes)"), Measure.MINUTES),
        "business_days": f(N_("Business days"), Measure.DAYS),
        "va_minutes": f(N_("Value-added minutes"), Measure.MINUTES),
        "va_share": f(N_("Value-added share"), Measure.SHARE),
        "handoffs": f(N_("Hand-offs between units"), Measure.COUNT),
        "citizen_visits": f(N_("Citizen visits"), Measure.VISITS),
    }
    names |= {f"cost.{e.value}": f(WORDS[e], Measure.MONEY) for e in CostElement}
    names |= {
        "cost.unit_cost": f(N_("Unit cost"), Measure.MONEY),
        "fee": f(N_("Fee"), Measure.MONEY),
        "fee_pct_uit": f(N_("Fee as % of the UIT"), Measure.PERCENT),
        "citizen.minutes": f(N_("Citizen minutes"), Measure.MINUTES),
        "citizen.visits": f(N_("Citizen visits (burden)"), Measure.VISITS),
        "citizen.out_of_pocket": f(N_("Citizen out-of-pocket cost"), Measure.MONEY),
        "citizen.cost": f(N_("Citizen cost per case"), Measure.MONEY),
        "yearly.cases": f(N_("Cases per year"), Measure.COUNT),
        "yearly.entity_cost": f(N_("Yearly cost to the municipality"), Measure.MONEY),
        "yearly.entity_hours": f(N_("Yearly staff person-hours"), Measure.HOURS),
        "yearly.citizen_hours": f(N_("Yearly citizen hours"), Measure.HOURS),
        "yearly.citizen_cost": f(N_("Yearly citizen cost"), Measure.MONEY),
    }
    return names


#: Name and measure of every figure, by its dotted JSON key.
FIGURE_NAMES: dict[str, FigureName] = _figure_names()

#: The figures a comparison of two versions shows, in reading order (window and PDF).
COMPARED: tuple[str, ...] = (
    "activities", "total_minutes", "effort_minutes", "staff_minutes", "lead_time_minutes",
    "business_days",
    "va_share", "handoffs", "citizen_visits", "cost.unit_cost", "fee", "fee_pct_uit",
    "citizen.minutes", "citizen.out_of_pocket", "citizen.cost", "yearly.entity_cost",
    "yearly.entity_hours", "yearly.citizen_hours", "yearly.citizen_cost",
)

#: The figures of one version in the terminal, in reading order.
LISTED: tuple[str, ...] = (
    "activities", "total_minutes", "effort_minutes", "staff_minutes", "lead_time_minutes",
    "business_days",
    "va_minutes", "va_share", "handoffs", "citizen_visits",
    *(f"cost.{e.value}" for e in CostElement), "cost.unit_cost", "fee", "fee_pct_uit",
    "citizen.minutes", "citizen.out_of_pocket", "citizen.cost", "yearly.cases",
    "yearly.entity_cost", "yearly.entity_hours", "yearly.citizen_hours", "yearly.citizen_cost",
)


def figure_name(key: str) -> str:
    """'Costo unitario' for "cost.unit_cost"; by_type and by_value name their code."""
    group, _dot, leaf = key.partition(".")
    name = _(FIGURE_NAMES[key].msgid)
    if group == "by_type":
        return name.format(type=label(ActivityType(leaf)))
    if group == "by_value":
        return name.format(value=short_label(ValueClass(leaf)))
    return name


def figure_value(key: str, value: Decimal | int | None) -> str:
    """A figure as screens and paper write it: S/ 1,234.50, 1,150 (minutes), 12.6 %.

    A negative value (a saving that is a loss) reads −S/ 25.50 or −450, with the
    typographic minus, never babel's hyphen.
    """
    if value is None:
        return "—"
    measure = FIGURE_NAMES[key].measure
    if measure is Measure.MONEY:
        return signed_money(Decimal(value))
    if measure is Measure.SHARE:
        return percent(value)
    if measure is Measure.PERCENT:
        return f"{minus_number(value, 2)} %"
    if measure in (Measure.COUNT, Measure.DAYS):
        return minus_number(value)
    if measure is Measure.HOURS:
        return minus_number(value, 1)
    return signed_smart(value, 1, plus=False)


def figure_change(key: str, value: Decimal | int | None) -> str:
    """A change of a figure with its sign, written like the figure: +S/ 3.10, −20
    (minutes, as "145" and "125" beside it), +1.5 (hours, as "6,175.0"), and a share or
    a percentage in percentage points (+2.5 pp)."""
    if value is None:
        return "—"
    measure = FIGURE_NAMES[key].measure
    if measure is Measure.MONEY:
        return signed_money(Decimal(value), plus=True)
    if measure is Measure.SHARE:
        return f"{signed(Decimal(value) * 100, 1)} pp"
    if measure is Measure.PERCENT:
        return f"{signed(value, 2)} pp"
    if measure in (Measure.COUNT, Measure.DAYS):
        return signed(value, 0)
    if measure is Measure.HOURS:
        return signed(value, 1)
    return signed_smart(value, 1)


def percent_change(key: str, value: Decimal | None) -> str:
    """The change relative to the first side: +12.5 %. A share or a percentage changes
    in percentage points only (its change column), so it has none: "0.7 % → 10.3 %" is
    "+9.6 pp", not "+1,370 %"."""
    if value is None or FIGURE_NAMES[key].measure in (Measure.SHARE, Measure.PERCENT):
        return "—"
    return f"{signed(value, 1)} %"


#: The yearly savings of a comparison (before − after, positive = saved): their names,
#: and the figure whose formatter writes each.
SAVINGS: dict[str, tuple[str, str]] = {
    "entity_cost": (N_("Saved by the municipality per year"), "yearly.entity_cost"),
    "entity_hours": (N_("Staff person-hours freed per year"), "yearly.entity_hours"),
    "citizen_hours": (N_("Residents' hours saved per year"), "yearly.citizen_hours"),
    "citizen_cost": (N_("Saved by the residents per year"), "yearly.citizen_cost"),
}


def saving_name(key: str) -> str:
    return _(SAVINGS[key][0])


def saving_value(key: str, value: Decimal) -> str:
    """A saving as its figure is written (a loss with the typographic minus)."""
    return figure_value(SAVINGS[key][1], value)


def rounding_name(rounding: Rounding) -> str:
    """The line under rounded parts that makes them add up to their printed total."""
    if rounding is Rounding.SUT:
        return _("Rounding (SUT: the element is truncated to the cent)")
    return _("Rounding (exact: rounded to the cent once, at the end)")


def travel_name(visits: Decimal) -> str:
    """'Viajes (1 visita)', 'Viajes (2.2 visitas)': the plural follows the number."""
    whole = visits == visits.to_integral_value()
    return ngettext("Travel ({visits} visit)", "Travel ({visits} visits)",
                    int(visits) if whole else 2).format(visits=smart_number(visits))


def wait_text(minutes: Decimal | int, minutes_per_day: int = 480) -> str:
    """A wait as a reader counts it: '45 min', '2 h 30 min'; from a whole working day
    on, in business days ('3 días hábiles' for 1,440 minutes, not '24 h': DOMAIN §6
    counts 480 working minutes a day)."""
    value = Decimal(minutes)
    if minutes_per_day <= 0 or value < minutes_per_day:
        return hours_minutes(value)
    days = value / minutes_per_day
    text = smart_number(days, 1)
    whole = days == days.to_integral_value()
    return ngettext("{n} business day", "{n} business days",
                    int(days) if whole else 2).format(n=text)


# ---- Fields -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldName:
    """A field as a column header (`name`, `short` in a narrow column) and inside a
    sentence (`word`: "Cambiar minutos de la actividad 4", "minutes, staff")."""

    name: str
    word: str
    short: str = ""


#: The fields of an activity (a row of the Tabla ASME-VM), in the step table's order.
ACTIVITY_FIELDS: dict[str, FieldName] = {
    "description": FieldName(N_("Activity"), N_("description")),
    "unit": FieldName(N_("Unit"), N_("unit")),
    "type": FieldName(N_("Type"), N_("type")),
    "value": FieldName(N_("Value"), N_("value")),
    "minutes": FieldName(N_("Minutes"), N_("minutes"), N_("Min.")),
    "probability": FieldName(N_("Probability"), N_("probability"), N_("Cases")),
    "parallel": FieldName(N_("Parallel"), N_("parallel"), N_("Par.")),
    "in_person": FieldName(N_("In person"), N_("in person")),
    "staff": FieldName(N_("Staff"), N_("staff")),
    "resources": FieldName(N_("Resources"), N_("resources")),
    "action": FieldName(N_("Improvement action"), N_("improvement action"), N_("Improvement")),
    "note": FieldName(N_("Note"), N_("note")),
    "time_source": FieldName(N_("Time source"), N_("time source"), N_("Source")),
    "time_date": FieldName(N_("Time taken on"), N_("date of the time"), N_("Taken on")),
    "time_by": FieldName(N_("Time taken by"), N_("who took the time"), N_("Taken by")),
}

#: Words of the fields of a procedure (its TUPA data, which a version may override) and
#: of its requirements, inside sentences: "Cambiar plazo legal del procedimiento".
PROCEDURE_FIELDS: dict[str, str] = {
    "code": N_("code"), "name": N_("name"), "kind": N_("kind"),
    "calificacion": N_("calificación"), "plazo": N_("legal term"),
    "plazo_unit": N_("unit of the legal term"), "annual_demand": N_("yearly demand"),
    "preparation_minutes": N_("preparation time"), "filed_at": N_("where it is filed"),
    "approved_by": N_("who approves"), "description": N_("description"),
    "who_may_apply": N_("who may apply"), "legal_basis": N_("legal basis"),
    "channels": N_("channels"), "contact": N_("contact"), "steps_note": N_("notes"),
    "reconsideration_authority": N_("reconsideration authority"),
    "appeal_authority": N_("appeal authority"), "cost": N_("cost"), "fee": N_("fee"),
    "note": N_("note"), "standard_code": N_("standardized procedure"),
}


def field_name(key: str) -> str:
    """An activity field as a column header: 'Minutos'."""
    return _(ACTIVITY_FIELDS[key].name)


def field_short(key: str) -> str:
    """An activity field as a narrow column's header: 'Min.'."""
    field = ACTIVITY_FIELDS[key]
    return _(field.short or field.name)


def field_word(key: str) -> str:
    """An activity field inside a sentence: 'minutos' (an unknown key as it is)."""
    field = ACTIVITY_FIELDS.get(key)
    return _(field.word) if field else key


def fields_text(keys: tuple[str, ...] | list[str]) -> str:
    """'minutos, personal': the changed fields of an activity."""
    return ", ".join(field_word(key) for key in keys)


def procedure_word(key: str) -> str:
    """A procedure's or version's field inside a sentence: 'plazo legal'."""
    return _(PROCEDURE_FIELDS[key]) if key in PROCEDURE_FIELDS else key


#: Where a location path (`procedures.errors.Location.path`, rows taken out) points -> the
#: screen's title of that field (msgids): problems and the change history name fields so.
FIELD_TITLES: dict[str, str] = {
    # The requirements table.
    "requirements.name": N_("Requirement"),
    "requirements.kind": N_("Kind"),
    "requirements.cost": N_("Cost to the citizen"),
    "requirements.legal_basis": N_("Legal basis"),
    # The TUPA data form.
    "procedure.code": N_("Code"),
    "procedure.name": N_("Name"),
    "procedure.kind": N_("Kind"),
    "procedure.calificacion": N_("Calificación"),
    "procedure.plazo": N_("Legal term (plazo)"),
    "procedure.plazo_unit": N_("Legal term (plazo)"),
    "procedure.annual_demand": N_("Yearly demand (cases)"),
    "procedure.preparation_minutes": N_("Citizen's preparation"),
    "procedure.filed_at": N_("Filed at"),
    "procedure.approved_by": N_("Approved by"),
    "procedure.reconsideration_authority": N_("Reconsideration"),
    "procedure.appeal_authority": N_("Appeal"),
    "version": N_("Version"),
    "version.name": N_("Name of the version"),
    "version.fee": N_("Fee (S/)"),
    "version.calificacion": N_("Calificación"),
    "version.plazo": N_("Legal term (plazo)"),
    "version.plazo_unit": N_("Legal term (plazo)"),
    # The municipality settings: its pages and their columns or fields.
    "unit.code": N_("Code (Units)"),
    "unit.name": N_("Name (Units)"),
    "unit.other_tupa_minutes": N_("Other TUPA minutes a year (Units)"),
    "position.code": N_("Code (Positions)"),
    "position.name": N_("Name (Positions)"),
    "position.unit": N_("Unit (Positions)"),
    "position.annual_cost": N_("Annual cost (Positions)"),
    "resource.code": N_("Code (Resources)"),
    "resource.name": N_("Name (Resources)"),
    "resource.element": N_("Cost element (Resources)"),
    "resource.unit_cost": N_("Unit cost (Resources)"),
    "resource.annual_cost": N_("Annual cost (Resources)"),
    "resource.quantity": N_("Qty. (Resources)"),
    "resource.acquisition_cost": N_("Purchase (Resources)"),
    "resource.rate": N_("Rate (Resources)"),
    "resource.driver": N_("Driver (Resources)"),
    "resource.driver_value": N_("Driver value (Resources)"),
    "resource.tupa_factor": N_("TUPA factor (Resources)"),
    "non_working_day.day": N_("Date (Days off)"),
    "non_working_day.name": N_("Why (Days off)"),
    "entity.name": N_("Name"),
    "entity.kind": N_("Kind"),
    "entity.year": N_("Year of the costs"),
    "entity.hours_per_day": N_("Working hours a day"),
    "entity.days_per_month": N_("Working days a month (costing)"),
    "entity.minutes_per_working_day": N_("Minutes of a working day (terms)"),
    "entity.rounding": N_("Rounding"),
    "entity.citizen_hour_value": N_("Value of an hour of the citizen (S/)"),
    "entity.travel_minutes": N_("Minutes of a trip to the office"),
    "entity.travel_fare": N_("Fare of a trip (S/)"),
    "entity.uit": N_("UIT of the year (S/, empty: the reference table)"),
    "settings": N_("Settings of the municipality"),
}

#: Titles of fields that the history names and no form shows under a location path.
_CHANGE_TITLES: dict[str, str] = {
    "procedure.description": N_("What it is for"),
    "procedure.who_may_apply": N_("Who may apply"),
    "procedure.legal_basis": N_("Legal basis"),
    "procedure.channels": N_("Channels"),
    "procedure.contact": N_("Contact"),
    "procedure.steps_note": N_("Notes"),
    "requirements.order": N_("Order of the requirements"),
    "version.note": N_("Note"),
    "version.adopted": N_("Adopted"),
    "version.overrides_requirements": N_("Own list of requirements"),
    "version.activities": N_("Number of activities"),
    "version.order": N_("Order of the activities"),
    "entity.kind": N_("Kind"),
    "entity.origin": N_("Came from (database and change)"),
    "entity.address": N_("Address"),
    "entity.office_hours": N_("Office hours"),
    "entity.phone": N_("Phone"),
    "entity.email": N_("Email"),
    "entity.website": N_("Website"),
    "entity.reference_url": N_("Reference link"),
    "non_working_day.name": N_("Why (Days off)"),
    "reference_value.uit": N_("UIT"),
    "reference_value.rmv": N_("RMV"),
}
#: Which path prefix names a kind of changed object's fields.
_KIND_PATHS = {"requirement": "requirements"}


def change_field_title(kind: str, field: str) -> str:
    """A changed field in words, as the screen titles it ("Minutos", "Tasa (S/)",
    "Factor TUPA (Recursos) de TD"); "" when no field is named."""
    if not field:
        return ""
    if kind == "activity" and field in ACTIVITY_FIELDS:
        return field_name(field)
    base, _dot, unit = field.partition(".")
    if base == "requirements_order":
        kind, base = "requirement", "order"
    key = f"{_KIND_PATHS.get(kind, kind)}.{base}"
    msgid = FIELD_TITLES.get(key) or _CHANGE_TITLES.get(key)
    if msgid:
        words = _(msgid)
    elif base in PROCEDURE_FIELDS:
        words = procedure_word(base)
        words = words[:1].upper() + words[1:]
    else:
        words = base.replace("_", " ")
    return _("{field} of {unit}").format(field=words, unit=unit) if unit else words
#: The kind of a legal warning, as a list of kinds names it (the overview, the portfolio).
WARNING_KINDS: dict[str, str] = {
    "fee_above_cost": N_("Fee above the cost"),
    "fee_above_uit": N_("Fee above one UIT"),
    "over_legal_term": N_("Takes longer than its legal term"),
    "term_above_legal_max": N_("Term above the legal maximum"),
    "missing_minutes": N_("Steps without minutes"),
    "missing_staff": N_("Steps without staff"),
    "prohibited_requirement": N_("Requirements the law forbids"),
    "missing_demand": N_("No yearly demand"),
}


def warning_kind(code: str) -> str:
    """'Fee above the cost' for "fee_above_cost" (an unknown code as it is)."""
    return _(WARNING_KINDS[code]) if code in WARNING_KINDS else code
