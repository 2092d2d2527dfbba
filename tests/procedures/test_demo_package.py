"""The demo package `resources/demo/cajamarca.tramite.json` is internally consistent.

Checked on the raw JSON, independently of the importer, so a broken demo is caught even
when the importer is being changed: the shape of DESIGN §3, valid codes, every referenced
code declared, numbers in range, one as-is version per procedure, three to-be proposals.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest

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

PACKAGE = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cajamarca.tramite.json"

DIRECT = {CostElement.MATERIAL_FUNGIBLE, CostElement.SERVICIO_IDENTIFICABLE}
ANNUAL = {CostElement.MATERIAL_NO_FUNGIBLE, CostElement.SERVICIOS_TERCEROS,
          CostElement.COSTOS_FIJOS}
#: Requirements the demo deliberately keeps so the legal checks have something to flag.
PROHIBITED_MARKERS = ("copia simple del dni", "antecedentes policiales", "copia legalizada",
                      "partida de nacimiento", "recibo de pago")


@pytest.fixture(scope="module")
def package() -> dict[str, Any]:
    return json.loads(PACKAGE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def entity(package: dict[str, Any]) -> dict[str, Any]:
    assert len(package["entities"]) == 1
    return package["entities"][0]


def money(value: Any, places: int = 2) -> Decimal:
    """Money and ratios are strings holding exact decimals."""
    assert isinstance(value, str), f"{value!r} should be a string"
    try:
        number = Decimal(value)
    except InvalidOperation:
        pytest.fail(f"{value!r} is not a decimal")
    assert number.is_finite() and number >= 0
    assert -number.as_tuple().exponent <= places, f"{value!r} has too many decimals"
    return number


def quantity(value: Any) -> Decimal:
    assert not isinstance(value, bool)
    number = Decimal(value) if isinstance(value, int | str) else None
    assert number is not None and number >= 0, f"bad quantity {value!r}"
    return number


def versions(entity: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(p, v) for p in entity["procedures"] for v in p["versions"]]


def test_header_and_entity(package: dict[str, Any], entity: dict[str, Any]) -> None:
    assert package["format"] == "tramite-claro-package"
    assert package["version"] == 1
    assert entity["ubigeo"] == "060101"
    assert entity["name"] == "Municipalidad Provincial de Cajamarca"
    assert EntityKind(entity["kind"]) is EntityKind.PROVINCIAL
    settings = entity["settings"]
    assert settings["year"] == 2026
    assert Rounding(settings["rounding"]) is Rounding.SUT
    assert money(settings["citizen_hour_value"]) == Decimal("5.43")
    assert money(settings["travel_fare"]) > 0
    assert isinstance(settings["travel_minutes"], int) and settings["travel_minutes"] > 0
    assert settings["minutes_per_working_day"] == 480
    days = [date.fromisoformat(d["date"]) for d in entity["non_working_days"]]
    assert date(2026, 1, 2) in days and date(2026, 2, 16) in days
    assert all(d["name"] for d in entity["non_working_days"])


def test_codes_are_unique(entity: dict[str, Any]) -> None:
    for key in ("units", "positions", "resources", "procedures"):
        codes = [item["code"] for item in entity[key]]
        assert len(codes) == len(set(codes)), key
    for procedure in entity["procedures"]:
        names = [v["name"] for v in procedure["versions"]]
        assert len(names) == len(set(names)), procedure["code"]


def test_organisation(entity: dict[str, Any]) -> None:
    units = {u["code"] for u in entity["units"]}
    assert {"TD", "GDU", "SDU", "GDE", "RC", "SAT", "DC", "AJ", "CAJ", "AL", "OT"} <= units
    for unit in entity["units"]:
        assert isinstance(unit["other_tupa_minutes"], int) and unit["other_tupa_minutes"] >= 0
    for position in entity["positions"]:
        assert position["unit"] in units
        assert Decimal(15_000) <= money(position["annual_cost"]) <= Decimal(120_000)


def test_resources_cover_all_six_elements(entity: dict[str, Any]) -> None:
    units = {u["code"] for u in entity["units"]}
    elements = set()
    for resource in entity["resources"]:
        element = CostElement(resource["element"])
        elements.add(element)
        assert element is not CostElement.PERSONAL
        if element in DIRECT:
            assert money(resource["unit_cost"]) > 0
            assert "driver_values" not in resource
            continue
        if element in ANNUAL:
            assert money(resource["annual_cost"]) > 0
        else:
            assert quantity(resource["quantity"]) > 0
            assert money(resource["acquisition_cost"]) > 0
            assert 0 < money(resource["rate"], places=4) <= 1
        assert resource["driver"]
        assert set(resource["driver_values"]) == units, resource["code"]
        assert set(resource["tupa_factor"]) == units, resource["code"]
        assert sum(quantity(v) for v in resource["driver_values"].values()) > 0
        for factor in resource["tupa_factor"].values():
            assert 0 <= money(factor, places=4) <= 1
    assert elements == set(CostElement) - {CostElement.PERSONAL}


def test_procedures(entity: dict[str, Any]) -> None:
    units = {u["code"] for u in entity["units"]}
    procedures = entity["procedures"]
    assert len(procedures) >= 6
    for procedure in procedures:
        code = procedure["code"]
        assert code.startswith("PA-" if procedure["kind"] == "procedimiento" else "SE-")
        ProcedureKind(procedure["kind"])
        Calificacion(procedure["calificacion"])
        PlazoUnit(procedure["plazo_unit"])
        assert isinstance(procedure["plazo"], int) and procedure["plazo"] >= 0
        if Calificacion(procedure["calificacion"]).is_prior_evaluation:
            assert procedure["plazo"] <= 30, code
        assert isinstance(procedure["annual_demand"], int) and procedure["annual_demand"] > 0
        assert isinstance(procedure["preparation_minutes"], int)
        assert procedure["filed_at"] in units and procedure["approved_by"] in units
        for field in ("description", "who_may_apply", "legal_basis", "channels", "contact",
                      "steps_note", "reconsideration_authority", "appeal_authority"):
            assert procedure[field].strip(), f"{code}.{field}"
        _check_requirements(procedure["requirements"])
        kinds = [VersionKind(v["kind"]) for v in procedure["versions"]]
        assert kinds.count(VersionKind.AS_IS) == 1, code
        assert kinds[0] is VersionKind.AS_IS
    with_to_be = [p["code"] for p in procedures
                  if any(v["kind"] == "to_be" for v in p["versions"])]
    assert len(with_to_be) == 3


def _check_requirements(requirements: list[dict[str, Any]]) -> None:
    assert requirements
    for requirement in requirements:
        assert requirement["name"].strip()
        RequirementKind(requirement["kind"])
        money(requirement["cost"])


def test_versions_and_activities(entity: dict[str, Any]) -> None:
    units = {u["code"] for u in entity["units"]}
    positions = {p["code"]: p["unit"] for p in entity["positions"]}
    resources = {r["code"]: CostElement(r["element"]) for r in entity["resources"]}
    for procedure, version in versions(entity):
        where = f"{procedure['code']}/{version['name']}"
        money(version["fee"])
        for key, enum in (("calificacion", Calificacion), ("plazo_unit", PlazoUnit)):
            if key in version:
                enum(version[key])
        if "requirements" in version:
            _check_requirements(version["requirements"])
        activities = version["activities"]
        if version["kind"] == "as_is":
            assert 12 <= len(activities) <= 30, where
        assert not activities[0].get("parallel"), where
        for index, activity in enumerate(activities):
            at = f"{where}#{index + 1}"
            assert activity["description"].strip(), at
            kind = ActivityType(activity["type"])
            ValueClass(activity["value"])
            assert isinstance(activity["minutes"], int) and activity["minutes"] >= 0, at
            if kind is not ActivityType.ESPERA:
                assert activity["minutes"] > 0, at
            if "probability" in activity:
                assert 0 < money(activity["probability"], places=4) <= 1, at
            if "action" in activity:
                ImprovementAction(activity["action"])
            if "time_source" in activity:
                TimeSource(activity["time_source"])
                date.fromisoformat(activity["time_date"])
            citizen = activity.get("citizen", False)
            assert citizen != ("unit" in activity), at
            if citizen:
                assert "staff" not in activity and "resources" not in activity, at
            else:
                assert activity["unit"] in units, at
                assert not activity.get("in_person"), at
                # Staff on every entity step except waits (no false missing_staff warning).
                assert bool(activity.get("staff")) == (kind is not ActivityType.ESPERA), at
            for staff in activity.get("staff", []):
                assert positions[staff["position"]] == activity["unit"], at
                assert quantity(staff["count"]) > 0
            for use in activity.get("resources", []):
                assert resources[use["resource"]] in DIRECT, at
                assert quantity(use["qty"]) > 0


def test_as_is_versions_show_every_feature(entity: dict[str, Any]) -> None:
    for procedure, version in versions(entity):
        if version["kind"] != "as_is":
            continue
        activities = version["activities"]
        where = procedure["code"]
        assert any(a.get("citizen") and a.get("in_person") for a in activities), where
        assert any(a.get("citizen") and not a.get("in_person") for a in activities), where
        assert any(a["type"] == "espera" for a in activities), where
        assert any(a["type"] == "traslado" for a in activities), where
        assert any(a["type"] == "revision" for a in activities), where
        assert any(a["type"] == "archivo" for a in activities), where
        assert any(Decimal(a.get("probability", "1")) < 1 for a in activities), where
        assert any(a.get("parallel") for a in activities), where
        assert {a["value"] for a in activities} == {"VA", "CONTROL", "SVA"}, where


def test_to_be_versions_copy_the_as_is(entity: dict[str, Any]) -> None:
    for procedure in entity["procedures"]:
        as_is = procedure["versions"][0]
        ids = {a["id"] for a in as_is["activities"] if "id" in a}
        for version in procedure["versions"][1:]:
            assert version["kind"] == "to_be"
            assert version["based_on"] == as_is["name"]
            based = [a["based_on"] for a in version["activities"] if "based_on" in a]
            assert based and set(based) <= ids
            assert len(based) == len(set(based))
            sva = sum(a["value"] == "SVA" for a in version["activities"])
            assert sva < sum(a["value"] == "SVA" for a in as_is["activities"])
            # The proposal drops the requirements the law forbids.
            names = " ".join(r["name"].lower() for r in version["requirements"])
            assert not any(marker in names for marker in PROHIBITED_MARKERS)
        for value in ids:
            uuid.UUID(value)


def test_demo_keeps_prohibited_requirements_and_sane_fees(entity: dict[str, Any]) -> None:
    names = [r["name"].lower() for p in entity["procedures"] for r in p["requirements"]]
    flagged = [marker for marker in PROHIBITED_MARKERS if any(marker in n for n in names)]
    assert len(flagged) >= 3
    fees = {(p["code"], v["name"]): money(v["fee"]) for p, v in versions(entity)}
    assert fees[("PA-06", "Actual")] == 0  # inscripción de nacimiento: gratuita por ley
    assert all(fee < Decimal("5500") for fee in fees.values())


def test_the_importer_accepts_it() -> None:
    package_read = pytest.importorskip("procedures.exchange.package_read")
    (entity,) = package_read.load_package_file(PACKAGE)
    assert entity.ubigeo == "060101"
    assert len(entity.procedures) >= 6
