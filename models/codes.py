"""Enumerated codes shared by storage, files, the command line and the engine.

The values are the codes written in package files and accepted on the command line
(DESIGN §3); the interface shows translated words for them. They live in `models/`
because storage validates them and the layer rule lets `procedures/` import `models/`
but never the other way round. This module imports nothing but the standard library.
"""

from __future__ import annotations

from enum import StrEnum


class EntityKind(StrEnum):
    PROVINCIAL = "provincial"
    DISTRICT = "district"


class Rounding(StrEnum):
    SUT = "sut"
    EXACT = "exact"


class CostElement(StrEnum):
    """The seven MCD cost elements; personnel is a position, never a resource."""

    PERSONAL = "personal"
    MATERIAL_FUNGIBLE = "material_fungible"
    SERVICIO_IDENTIFICABLE = "servicio_identificable"
    MATERIAL_NO_FUNGIBLE = "material_no_fungible"
    SERVICIOS_TERCEROS = "servicios_terceros"
    DEPRECIACION = "depreciacion"
    COSTOS_FIJOS = "costos_fijos"


#: Elements priced per use (quantity × unit cost) on each activity.
DIRECT_RESOURCE_ELEMENTS = (CostElement.MATERIAL_FUNGIBLE, CostElement.SERVICIO_IDENTIFICABLE)
#: Elements with an annual cost spread over units by a driver and over minutes.
ALLOCATED_ELEMENTS = (
    CostElement.MATERIAL_NO_FUNGIBLE,
    CostElement.SERVICIOS_TERCEROS,
    CostElement.DEPRECIACION,
    CostElement.COSTOS_FIJOS,
)
#: Resource elements, in the order of the MCD (element 2 to 7).
RESOURCE_ELEMENTS = DIRECT_RESOURCE_ELEMENTS + ALLOCATED_ELEMENTS
#: All seven elements in MCD order.
COST_ELEMENTS = (CostElement.PERSONAL, *RESOURCE_ELEMENTS)


class ProcedureKind(StrEnum):
    PROCEDIMIENTO = "procedimiento"
    SERVICIO = "servicio"


class Calificacion(StrEnum):
    AUTOMATICA = "automatica"
    PREVIA_POSITIVO = "previa_positivo"
    PREVIA_NEGATIVO = "previa_negativo"

    @property
    def is_prior_evaluation(self) -> bool:
        return self is not Calificacion.AUTOMATICA


class PlazoUnit(StrEnum):
    HABILES = "habiles"
    CALENDARIO = "calendario"
    MESES = "meses"


class RequirementKind(StrEnum):
    GENERAL = "general"
    ESPECIFICO = "especifico"


class VersionKind(StrEnum):
    AS_IS = "as_is"
    TO_BE = "to_be"


class ActivityType(StrEnum):
    OPERACION = "operacion"
    REVISION = "revision"
    TRASLADO = "traslado"
    ESPERA = "espera"
    ARCHIVO = "archivo"


class ValueClass(StrEnum):
    VA = "VA"
    CONTROL = "CONTROL"
    SVA = "SVA"


class ImprovementAction(StrEnum):
    MANTENER = "mantener"
    ELIMINAR = "eliminar"
    FUSIONAR = "fusionar"
    AUTOMATIZAR = "automatizar"
    REDUCIR = "reducir"
    PARALELIZAR = "paralelizar"
    REASIGNAR = "reasignar"


class TimeSource(StrEnum):
    """Where an activity's minutes come from (provenance, for accountability)."""

    MEASURED = "measured"
    INTERVIEW = "interview"
    ESTIMATE = "estimate"


#: Unicode stand-ins for the five ASME symbols (screens draw real shapes).
ASME_SYMBOLS: dict[ActivityType, str] = {
    ActivityType.OPERACION: "●",
    ActivityType.REVISION: "■",
    ActivityType.TRASLADO: "→",
    ActivityType.ESPERA: "D",
    ActivityType.ARCHIVO: "▼",
}


class Role(StrEnum):
    """What a user of a shared database may do (codes of `admin grant --role`)."""

    ADMIN = "admin"
    CLERK = "clerk"
    CONSULTANT = "consultant"
    VIEWER = "viewer"
