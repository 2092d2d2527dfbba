"""Frozen dataclasses that cross layers and threads.

Calculators read these and never a `Session`; services build them from storage and the
package importer builds them from files. Money, minutes and ratios are `Decimal` so that
every figure is exact to the cent. Collections are tuples so a snapshot is hashable and
safe to hand to a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

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

ZERO = Decimal(0)
ONE = Decimal(1)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Settings:
    """Calculation settings of one entity (DESIGN §2, DOMAIN §4–§6).

    `uit` overrides the reference UIT of `year` when set.
    """

    year: int = 2026
    hours_per_day: Decimal = Decimal(8)
    days_per_month: Decimal = Decimal(30)
    minutes_per_working_day: int = 480
    rounding: Rounding = Rounding.SUT
    citizen_hour_value: Decimal = Decimal("5.43")
    travel_minutes: Decimal = Decimal(60)
    travel_fare: Decimal = Decimal("6.00")
    uit: Decimal | None = None
    #: The municipality's logo, the bytes of a PNG or JPEG file (procedures.logo).
    logo: bytes | None = None


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    name: str
    other_tupa_minutes: Decimal = ZERO
    uid: str = ""
    #: The row's counter when it was read (models/revisions.py): what an edit expects.
    #: Not part of the value: two snapshots of the same data are equal whatever it is.
    revision: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Position:
    code: str
    name: str
    unit: str | None
    annual_cost: Decimal
    uid: str = ""
    #: The row's counter when it was read (models/revisions.py): what an edit expects.
    #: Not part of the value: two snapshots of the same data are equal whatever it is.
    revision: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Resource:
    """A priced resource; which amounts matter depends on `element`.

    Direct elements use `unit_cost`; allocated ones use `annual_cost`, or for
    depreciation `quantity × acquisition_cost × rate`. `driver_values` and
    `tupa_factor` map unit codes to values.
    """

    code: str
    name: str
    element: CostElement
    unit_cost: Decimal | None = None
    annual_cost: Decimal | None = None
    quantity: Decimal | None = None
    acquisition_cost: Decimal | None = None
    rate: Decimal | None = None
    driver: str = ""
    driver_values: tuple[tuple[str, Decimal], ...] = ()
    tupa_factor: tuple[tuple[str, Decimal], ...] = ()
    uid: str = ""
    #: The row's counter when it was read (models/revisions.py): what an edit expects.
    #: Not part of the value: two snapshots of the same data are equal whatever it is.
    revision: int = field(default=0, compare=False)

    @property
    def yearly_cost(self) -> Decimal:
        """Annual cost `C_e` of an allocated resource (DOMAIN §4)."""
        if self.element is CostElement.DEPRECIACION:
            return (self.quantity or ZERO) * (self.acquisition_cost or ZERO) * (self.rate or ZERO)
        return self.annual_cost or ZERO


@dataclass(frozen=True, slots=True)
class StaffUse:
    position: str
    count: Decimal = ONE


@dataclass(frozen=True, slots=True)
class ResourceUse:
    resource: str
    qty: Decimal = ONE


@dataclass(frozen=True, slots=True)
class Activity:
    """One row of the Tabla ASME-VM.

    `unit` is None for the citizen lane. `based_on` is the uid of the activity this one
    was copied from (a to-be keeps the identity of its as-is activity, so comparisons
    match by identity, not by position).
    """

    description: str
    unit: str | None
    type: ActivityType
    value: ValueClass
    minutes: Decimal = ZERO
    probability: Decimal = ONE
    parallel: bool = False
    in_person: bool = False
    staff: tuple[StaffUse, ...] = ()
    resources: tuple[ResourceUse, ...] = ()
    action: ImprovementAction | None = None
    note: str = ""
    time_source: TimeSource | None = None
    time_date: date | None = None
    time_by: str = ""
    uid: str = ""
    based_on: str = ""
    #: The row's counter when it was read (models/revisions.py): what an edit expects.
    #: Not part of the value: two snapshots of the same data are equal whatever it is.
    revision: int = field(default=0, compare=False)

    @property
    def citizen(self) -> bool:
        return self.unit is None


@dataclass(frozen=True, slots=True)
class Requirement:
    name: str
    kind: RequirementKind = RequirementKind.GENERAL
    cost: Decimal = ZERO
    legal_basis: str = ""
    uid: str = ""
    #: The row's counter when it was read (models/revisions.py): what an edit expects.
    #: Not part of the value: two snapshots of the same data are equal whatever it is.
    revision: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Version:
    """A scenario of a procedure; `None` fields inherit the procedure's values."""

    name: str
    kind: VersionKind
    fee: Decimal = ZERO
    activities: tuple[Activity, ...] = ()
    calificacion: Calificacion | None = None
    plazo: int | None = None
    plazo_unit: PlazoUnit | None = None
    requirements: tuple[Requirement, ...] | None = None
    based_on: str = ""
    adopted: bool = False
    note: str = ""
    uid: str = ""
    #: The row's counter when it was read (models/revisions.py): what an edit expects.
    #: Not part of the value: two snapshots of the same data are equal whatever it is.
    revision: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Procedure:
    """A TUPA procedure with its versions (the first as-is version is the baseline)."""

    code: str
    name: str
    kind: ProcedureKind = ProcedureKind.PROCEDIMIENTO
    calificacion: Calificacion = Calificacion.PREVIA_POSITIVO
    plazo: int | None = None
    plazo_unit: PlazoUnit = PlazoUnit.HABILES
    annual_demand: int = 0
    preparation_minutes: Decimal = ZERO
    filed_at: str | None = None
    approved_by: str | None = None
    requirements: tuple[Requirement, ...] = ()
    versions: tuple[Version, ...] = ()
    description: str = ""
    who_may_apply: str = ""
    legal_basis: str = ""
    channels: str = ""
    contact: str = ""
    steps_note: str = ""
    reconsideration_authority: str = ""
    appeal_authority: str = ""
    uid: str = ""
    #: The row's counter when it was read (models/revisions.py): what an edit expects.
    #: Not part of the value: two snapshots of the same data are equal whatever it is.
    revision: int = field(default=0, compare=False)
    #: Code of the standardized procedure it is (procedures.standard.catalogue), or None.
    standard_code: str | None = None
    #: The same procedure in other municipalities, linked by a clerk: "UBIGEO/CODE".
    same_as: tuple[str, ...] = ()

    @property
    def as_is(self) -> Version | None:
        return next((v for v in self.versions if v.kind is VersionKind.AS_IS), None)

    def version(self, name: str) -> Version | None:
        return next((v for v in self.versions if v.name == name), None)


@dataclass(frozen=True, slots=True)
class NonWorkingDay:
    day: date
    name: str = ""


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a package's municipality came from and the state it left in: the id of the
    database it was exported from and the newest change-log entry of the municipality
    there (0: none yet). `based_on` lists the (database, last change) it had itself been
    imported from before, newest first, so a merge finds the common state across several
    round trips and laptops."""

    database: str
    last_change: int = 0
    based_on: tuple[tuple[str, int], ...] = ()
    #: Who changed what in the exporting database since the municipality came to it
    #: (one per object and field, the latest): the file's side of a merge's conflicts.
    changes: tuple[OriginChange, ...] = ()


@dataclass(frozen=True, slots=True)
class OriginChange:
    """One field (or object, `field` "") the exporting database changed since the
    municipality came to it: who and when last. `uid` is the object's uuid (for a
    unit, position or resource, which travel without one, its code); `version` the
    version it belongs to, if any."""

    kind: str
    uid: str
    field: str
    who: str
    at: str
    version: str = ""
    procedure: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """A municipality with its organisation, resources and (optionally) procedures."""

    ubigeo: str
    name: str
    kind: EntityKind
    settings: Settings = field(default_factory=Settings)
    units: tuple[Unit, ...] = ()
    positions: tuple[Position, ...] = ()
    resources: tuple[Resource, ...] = ()
    procedures: tuple[Procedure, ...] = ()
    non_working_days: tuple[NonWorkingDay, ...] = ()
    province: str = ""
    address: str = ""
    office_hours: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    reference_url: str = ""
    uid: str = ""
    #: The row's counter when it was read (models/revisions.py): what an edit expects.
    #: Not part of the value: two snapshots of the same data are equal whatever it is.
    revision: int = field(default=0, compare=False)
    origin: Origin | None = None


@dataclass(frozen=True, slots=True)
class ReferenceValues:
    """UIT and RMV of one year (DOMAIN §7)."""

    year: int
    uit: Decimal
    rmv: Decimal


def slot_builder(cls: type[T]) -> Callable[..., T]:
    """A function that makes `cls(...)` of a frozen slots dataclass (its fields by
    position or name, defaults as declared) at about half the cost: the generated
    `__init__` sets each field through `object.__setattr__` (a frozen class refuses the
    plain way), this one through the field's slot descriptor. The object is the same
    (equal, same hash and repr); for readers that make millions of them (a region's
    package: near a million activities). Only for classes without `__post_init__` or
    default factories (the snapshots' activity), else TypeError."""
    found = fields(cls)  # type: ignore[arg-type]
    if (hasattr(cls, "__post_init__") or not hasattr(cls, "__slots__")
            or any(f.default_factory is not MISSING or f.name.startswith("_") or not f.init
                   for f in found)):
        raise TypeError(f"{cls.__name__} cannot be built from its slots")
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    parameters, lines = [], []
    for f in found:
        namespace[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        if f.default is MISSING:
            parameters.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            parameters.append(f"{f.name}=_default_{f.name}")
        lines.append(f"    _set_{f.name}(self, {f.name})\n")
    source = (f"def build({', '.join(parameters)}):\n    self = _new(_cls)\n"
              + "".join(lines) + "    return self\n")
    exec(source, namespace)  # as `dataclasses` makes `__init__`
    build: Callable[..., T] = namespace["build"]
    build.__qualname__ = f"slot_builder({cls.__name__})"
    return build
