"""Test helpers that build snapshots by hand.

`load_example` is a deliberately minimal reader of the package file used as a fixture
(the real importer lives in `procedures.exchange.package` and is tested there); it
trusts the file and only maps JSON to the frozen dataclasses.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from models.codes import (
    ActivityType,
    Calificacion,
    CostElement,
    EntityKind,
    PlazoUnit,
    ProcedureKind,
    RequirementKind,
    Rounding,
    ValueClass,
    VersionKind,
)
from procedures.i18n import use_language
from procedures.metrics import AllocationRates, allocation_rates, compute_metrics, portfolio_minutes
from procedures.metrics.results import Metrics
from procedures.snapshots import (
    Activity,
    Entity,
    Position,
    Procedure,
    Requirement,
    Resource,
    ResourceUse,
    Settings,
    StaffUse,
    Unit,
    Version,
)

EXAMPLE = Path(__file__).resolve().parent.parent / "data" / "certificado_posesion.tramite.json"


def english_messages() -> Callable[[], Iterator[None]]:
    """A module-scoped autouse fixture: messages in English (the msgids) whatever
    catalogues exist. Module scope because Hypothesis rejects function-scoped fixtures.

    Use as ``_english = english_messages()`` at the top of a test module.
    """

    @pytest.fixture(autouse=True, scope="module")
    def _english() -> Iterator[None]:
        with use_language("en"):
            yield

    return _english


def D(value: object) -> Decimal:
    return Decimal(str(value))


def _opt(data: dict[str, Any], key: str) -> Decimal | None:
    return D(data[key]) if key in data else None


def _pairs(data: dict[str, Any], key: str) -> tuple[tuple[str, Decimal], ...]:
    return tuple((code, D(value)) for code, value in data.get(key, {}).items())


def _activity(data: dict[str, Any], uid: str) -> Activity:
    return Activity(
        description=data["description"],
        unit=None if data.get("citizen") else data["unit"],
        type=ActivityType(data["type"]),
        value=ValueClass(data["value"]),
        minutes=D(data.get("minutes", 0)),
        probability=D(data.get("probability", 1)),
        parallel=bool(data.get("parallel", False)),
        in_person=bool(data.get("in_person", False)),
        staff=tuple(StaffUse(s["position"], D(s.get("count", 1))) for s in data.get("staff", [])),
        resources=tuple(
            ResourceUse(r["resource"], D(r.get("qty", 1))) for r in data.get("resources", [])
        ),
        uid=uid,
    )


def _requirement(data: dict[str, Any]) -> Requirement:
    return Requirement(
        name=data["name"],
        kind=RequirementKind(data.get("kind", "general")),
        cost=D(data.get("cost", 0)),
    )


def _procedure(data: dict[str, Any]) -> Procedure:
    versions = []
    for version in data.get("versions", []):
        prefix = f"{data['code']}/{version['name']}"
        versions.append(
            Version(
                name=version["name"],
                kind=VersionKind(version["kind"]),
                fee=D(version.get("fee", 0)),
                activities=tuple(
                    _activity(a, f"{prefix}/{i + 1}") for i, a in enumerate(version["activities"])
                ),
                uid=prefix,
            )
        )
    return Procedure(
        code=data["code"],
        name=data["name"],
        kind=ProcedureKind(data.get("kind", "procedimiento")),
        calificacion=Calificacion(data.get("calificacion", "previa_positivo")),
        plazo=data.get("plazo"),
        plazo_unit=PlazoUnit(data.get("plazo_unit", "habiles")),
        annual_demand=int(data.get("annual_demand", 0)),
        preparation_minutes=D(data.get("preparation_minutes", 0)),
        filed_at=data.get("filed_at"),
        approved_by=data.get("approved_by"),
        requirements=tuple(_requirement(r) for r in data.get("requirements", [])),
        versions=tuple(versions),
    )


def _entity(data: dict[str, Any]) -> Entity:
    s = data.get("settings", {})
    settings = Settings(
        year=int(s.get("year", 2026)),
        hours_per_day=D(s.get("hours_per_day", 8)),
        days_per_month=D(s.get("days_per_month", 30)),
        minutes_per_working_day=int(s.get("minutes_per_working_day", 480)),
        rounding=Rounding(s.get("rounding", "sut")),
        citizen_hour_value=D(s.get("citizen_hour_value", "5.43")),
        travel_minutes=D(s.get("travel_minutes", 60)),
        travel_fare=D(s.get("travel_fare", "6.00")),
        uit=_opt(s, "uit"),
    )
    return Entity(
        ubigeo=data["ubigeo"],
        name=data["name"],
        kind=EntityKind(data["kind"]),
        settings=settings,
        units=tuple(
            Unit(u["code"], u["name"], D(u.get("other_tupa_minutes", 0))) for u in data["units"]
        ),
        positions=tuple(
            Position(p["code"], p["name"], p.get("unit"), D(p["annual_cost"]))
            for p in data["positions"]
        ),
        resources=tuple(
            Resource(
                code=r["code"],
                name=r["name"],
                element=CostElement(r["element"]),
                unit_cost=_opt(r, "unit_cost"),
                annual_cost=_opt(r, "annual_cost"),
                quantity=_opt(r, "quantity"),
                acquisition_cost=_opt(r, "acquisition_cost"),
                rate=_opt(r, "rate"),
                driver=r.get("driver", ""),
                driver_values=_pairs(r, "driver_values"),
                tupa_factor=_pairs(r, "tupa_factor"),
            )
            for r in data["resources"]
        ),
        procedures=tuple(_procedure(p) for p in data.get("procedures", [])),
    )


def load_example(path: Path = EXAMPLE) -> Entity:
    """The first entity of a package file, as snapshots."""
    return _entity(json.loads(path.read_text(encoding="utf-8"))["entities"][0])


def worked_example(rounding: Rounding = Rounding.SUT) -> tuple[Entity, Procedure, Version]:
    """DOMAIN §8: Certificado de posesión (entity, procedure, as-is version)."""
    entity = load_example()
    entity = replace(entity, settings=replace(entity.settings, rounding=rounding))
    procedure = entity.procedures[0]
    assert procedure.as_is is not None
    return entity, procedure, procedure.as_is


def rates_of(entity: Entity) -> AllocationRates:
    return allocation_rates(entity, portfolio_minutes(entity.procedures))


def measure(entity: Entity, procedure: Procedure, version: Version) -> Metrics:
    """Metrics of `version` at the rates of `entity`'s own as-is portfolio."""
    return compute_metrics(entity, procedure, version, rates_of(entity))


# -- small builders for hand-computed cases --------------------------------------------


def act(
    description: str = "step",
    unit: str | None = "A",
    type: str = "operacion",
    value: str = "CONTROL",
    minutes: object = 10,
    *,
    probability: object = 1,
    parallel: bool = False,
    in_person: bool = False,
    staff: tuple[tuple[str, object], ...] = (),
    resources: tuple[tuple[str, object], ...] = (),
    uid: str = "",
    based_on: str = "",
) -> Activity:
    return Activity(
        description=description,
        unit=unit,
        type=ActivityType(type),
        value=ValueClass(value),
        minutes=D(minutes),
        probability=D(probability),
        parallel=parallel,
        in_person=in_person,
        staff=tuple(StaffUse(code, D(count)) for code, count in staff),
        resources=tuple(ResourceUse(code, D(qty)) for code, qty in resources),
        uid=uid,
        based_on=based_on,
    )


def citizen(description: str = "resident step", minutes: object = 10, **kwargs: Any) -> Activity:
    return act(
        description,
        None,
        kwargs.pop("type", "operacion"),
        kwargs.pop("value", "VA"),
        minutes,
        **kwargs,
    )


def version(*activities: Activity, name: str = "Actual", fee: object = 0, **kwargs: Any) -> Version:
    kind = kwargs.pop("kind", VersionKind.AS_IS)
    return Version(name=name, kind=kind, fee=D(fee), activities=activities, **kwargs)


def procedure(*versions: Version, code: str = "P-1", demand: int = 100, **kwargs: Any) -> Procedure:
    return Procedure(
        code=code, name=kwargs.pop("name", code), annual_demand=demand, versions=versions, **kwargs
    )


def entity(
    *,
    positions: tuple[Position, ...] = (),
    resources: tuple[Resource, ...] = (),
    units: tuple[Unit, ...] = (),
    procedures: tuple[Procedure, ...] = (),
    **settings: Any,
) -> Entity:
    return Entity(
        ubigeo="060101",
        name="Municipalidad de prueba",
        kind=EntityKind.DISTRICT,
        settings=Settings(**settings),
        units=units,
        positions=positions,
        resources=resources,
        procedures=procedures,
    )
