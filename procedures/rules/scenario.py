"""What a version inherits from its procedure (DESIGN §3: `None` fields inherit)."""

from __future__ import annotations

from models.codes import Calificacion, PlazoUnit
from procedures.snapshots import Procedure, Requirement, Version


def calificacion_of(procedure: Procedure, version: Version) -> Calificacion:
    return version.calificacion if version.calificacion is not None else procedure.calificacion


def plazo_of(procedure: Procedure, version: Version) -> tuple[int | None, PlazoUnit]:
    """The legal term and its unit; the version overrides each part on its own."""
    plazo = version.plazo if version.plazo is not None else procedure.plazo
    unit = version.plazo_unit if version.plazo_unit is not None else procedure.plazo_unit
    return plazo, unit


def requirements_of(procedure: Procedure, version: Version) -> tuple[Requirement, ...]:
    return version.requirements if version.requirements is not None else procedure.requirements
