"""Words for the codes: what the window, the reports and the command line show.

Codes stay stable in files and on the command line (DESIGN §3); people read these
translated labels instead. Domain terms keep their Spanish legal names in every language
where Peruvian law names them (TUPA, UIT, silencio positivo).
"""

from __future__ import annotations

from models.codes import (
    ActivityType,
    Calificacion,
    CostElement,
    EntityKind,
    ImprovementAction,
    PlazoUnit,
    ProcedureKind,
    RequirementKind,
    Rounding,
    TimeSource,
    ValueClass,
    VersionKind,
)
from procedures.i18n import N_, _

_ACTIVITY_TYPES = {
    ActivityType.OPERACION: N_("Operation"),
    ActivityType.REVISION: N_("Review"),
    ActivityType.TRASLADO: N_("Transfer"),
    ActivityType.ESPERA: N_("Wait"),
    ActivityType.ARCHIVO: N_("Filing"),
}
_ACTIVITY_TYPE_HELP = {
    ActivityType.OPERACION: N_("● Operation: does or produces something (write, register, "
                               "sign, inspect in the field)."),
    ActivityType.REVISION: N_("■ Review: checks or verifies documents or data."),
    ActivityType.TRASLADO: N_("→ Transfer: moves a file or a person between places or units."),
    ActivityType.ESPERA: N_("D Wait: the file waits (in a tray, for a signature, for the "
                            "citizen). Uses no resources."),
    ActivityType.ARCHIVO: N_("▼ Filing: files or stores a document."),
}
_VALUE_CLASSES = {
    ValueClass.VA: N_("VA (citizen)"),
    ValueClass.CONTROL: N_("Control (entity)"),
    ValueClass.SVA: N_("SVA (no value)"),
}
_VALUE_CLASS_HELP = {
    ValueClass.VA: N_("Value added: produces or decides what the citizen asked for. Keep it."),
    ValueClass.CONTROL: N_("Control: needed by the entity or the law, but the citizen would not "
                           "pay for it. Reduce, merge, automate or check afterwards."),
    ValueClass.SVA: N_("No value added: waits, transfers, repeated checks, filing. Candidate "
                       "for elimination."),
}
_COST_ELEMENTS = {
    CostElement.PERSONAL: N_("Direct staff"),
    CostElement.MATERIAL_FUNGIBLE: N_("Consumable material"),
    CostElement.SERVICIO_IDENTIFICABLE: N_("Identifiable services"),
    CostElement.MATERIAL_NO_FUNGIBLE: N_("Non-consumable material"),
    CostElement.SERVICIOS_TERCEROS: N_("Third-party services"),
    CostElement.DEPRECIACION: N_("Depreciation and amortisation"),
    CostElement.COSTOS_FIJOS: N_("Fixed costs"),
}
_CALIFICACION = {
    Calificacion.AUTOMATICA: N_("Automatic approval"),
    Calificacion.PREVIA_POSITIVO: N_("Prior evaluation — silencio positivo"),
    Calificacion.PREVIA_NEGATIVO: N_("Prior evaluation — silencio negativo"),
}
_PLAZO_UNITS = {
    PlazoUnit.HABILES: N_("días hábiles"),
    PlazoUnit.CALENDARIO: N_("calendar days"),
    PlazoUnit.MESES: N_("months"),
}
_PROCEDURE_KINDS = {
    ProcedureKind.PROCEDIMIENTO: N_("Administrative procedure"),
    ProcedureKind.SERVICIO: N_("Exclusive service"),
}
_REQUIREMENT_KINDS = {
    RequirementKind.GENERAL: N_("General"),
    RequirementKind.ESPECIFICO: N_("Specific"),
}
_VERSION_KINDS = {VersionKind.AS_IS: N_("Current (as-is)"), VersionKind.TO_BE: N_("Proposal")}
_ENTITY_KINDS = {EntityKind.PROVINCIAL: N_("Provincial"), EntityKind.DISTRICT: N_("District")}
_ROUNDING = {
    Rounding.SUT: N_("SUT (truncate to the cent)"),
    Rounding.EXACT: N_("Exact (round at the end)"),
}
_ACTIONS = {
    ImprovementAction.MANTENER: N_("Keep"),
    ImprovementAction.ELIMINAR: N_("Eliminate"),
    ImprovementAction.FUSIONAR: N_("Merge"),
    ImprovementAction.AUTOMATIZAR: N_("Automate"),
    ImprovementAction.REDUCIR: N_("Reduce"),
    ImprovementAction.PARALELIZAR: N_("Run in parallel"),
    ImprovementAction.REASIGNAR: N_("Reassign"),
}
_TIME_SOURCES = {
    TimeSource.MEASURED: N_("Measured"),
    TimeSource.INTERVIEW: N_("Interview"),
    TimeSource.ESTIMATE: N_("Estimate"),
}


def activity_type_label(value: ActivityType) -> str:
    return _(_ACTIVITY_TYPES[value])


def activity_type_help(value: ActivityType) -> str:
    return _(_ACTIVITY_TYPE_HELP[value])


def value_class_label(value: ValueClass) -> str:
    return _(_VALUE_CLASSES[value])


def value_class_help(value: ValueClass) -> str:
    return _(_VALUE_CLASS_HELP[value])


def cost_element_label(value: CostElement) -> str:
    return _(_COST_ELEMENTS[value])


def calificacion_label(value: Calificacion) -> str:
    return _(_CALIFICACION[value])


def plazo_unit_label(value: PlazoUnit) -> str:
    return _(_PLAZO_UNITS[value])


def procedure_kind_label(value: ProcedureKind) -> str:
    return _(_PROCEDURE_KINDS[value])


def requirement_kind_label(value: RequirementKind) -> str:
    return _(_REQUIREMENT_KINDS[value])


def version_kind_label(value: VersionKind) -> str:
    return _(_VERSION_KINDS[value])


def entity_kind_label(value: EntityKind) -> str:
    return _(_ENTITY_KINDS[value])


def rounding_label(value: Rounding) -> str:
    return _(_ROUNDING[value])


def action_label(value: ImprovementAction) -> str:
    return _(_ACTIONS[value])


def time_source_label(value: TimeSource) -> str:
    return _(_TIME_SOURCES[value])


def citizen_lane_label() -> str:
    return _("Citizen")
