"""What a version inherits from its procedure (DESIGN §3: `None` fields inherit), and
which version is the baseline and which is in force.

`baseline_of` and `in_force` take any versions with a kind and an adopted flag (the
snapshots, or the window's version list), so the window and the reports cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from models.codes import Calificacion, PlazoUnit, VersionKind
from procedures.snapshots import Procedure, Requirement, Version


class Scenario(Protocol):
    @property
    def kind(self) -> VersionKind: ...

    @property
    def adopted(self) -> bool: ...


S = TypeVar("S", bound=Scenario)


def baseline_of(versions: Sequence[S]) -> S | None:
    """The first as-is version (else the first one): what costs and comparisons start
    from."""
    return next((v for v in versions if v.kind is VersionKind.AS_IS),
                versions[0] if versions else None)


def in_force(versions: Sequence[S]) -> S | None:
    """The version in force: the adopted one (the last, when a file marks several),
    else the baseline."""
    adopted = [v for v in versions if v.adopted]
    return adopted[-1] if adopted else baseline_of(versions)


def calificacion_of(procedure: Procedure, version: Version) -> Calificacion:
    return version.calificacion if version.calificacion is not None else procedure.calificacion


def plazo_of(procedure: Procedure, version: Version) -> tuple[int | None, PlazoUnit]:
    """The legal term and its unit; the version overrides each part on its own."""
    plazo = version.plazo if version.plazo is not None else procedure.plazo
    unit = version.plazo_unit if version.plazo_unit is not None else procedure.plazo_unit
    return plazo, unit


def requirements_of(procedure: Procedure, version: Version) -> tuple[Requirement, ...]:
    return version.requirements if version.requirements is not None else procedure.requirements
