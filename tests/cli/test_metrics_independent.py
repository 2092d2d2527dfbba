"""`main.py metrics --json` against an independent calculation of the DOMAIN formulas.

The reference calculator below is written from DOMAIN §4–§6 alone, with Fractions, on
a case the engine's own tests do not use: two procedures sharing units, probabilities,
a parallel stage, citizen visits, requirement costs, both rounding modes, and a to-be
version costed at the as-is rates.
"""

from __future__ import annotations

import io
import json
import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction as F
from pathlib import Path

import pytest

from cli.run import run

SETTINGS = {"year": 2026, "hours_per_day": 8, "days_per_month": 30,
            "minutes_per_working_day": 480, "citizen_hour_value": "5.43",
            "travel_minutes": 90, "travel_fare": "7.50"}
UNITS = [{"code": "MP", "name": "Mesa de Partes", "other_tupa_minutes": 50000},
         {"code": "RC", "name": "Registro Civil", "other_tupa_minutes": 20000},
         {"code": "AL", "name": "Alcaldía", "other_tupa_minutes": 0}]
POSITIONS = [{"code": "T1", "name": "Técnico", "unit": "MP", "annual_cost": "26000.00"},
             {"code": "R1", "name": "Registrador", "unit": "RC", "annual_cost": "41000.00"},
             {"code": "A1", "name": "Alcalde", "unit": "AL", "annual_cost": "120000.00"}]
RESOURCES = [
    {"code": "A4", "name": "Papel", "element": "material_fungible", "unit_cost": "0.04"},
    {"code": "SOB", "name": "Sobre", "element": "material_fungible", "unit_cost": "0.35"},
    {"code": "COU", "name": "Courier", "element": "servicio_identificable", "unit_cost": "12.50"},
    {"code": "TON", "name": "Tóner", "element": "material_no_fungible", "annual_cost": "3200.00",
     "driver": "impresoras", "driver_values": {"MP": 2, "RC": 1, "AL": 1},
     "tupa_factor": {"MP": "0.90", "RC": "0.70", "AL": "0.10"}},
    {"code": "MAN", "name": "Mantenimiento", "element": "servicios_terceros",
     "annual_cost": "5000.00", "driver": "PCs", "driver_values": {"MP": 3, "RC": 2, "AL": 1},
     "tupa_factor": {"MP": "0.85", "RC": "0.60", "AL": "0.20"}},
    {"code": "PCS", "name": "Computadoras", "element": "depreciacion", "quantity": 6,
     "acquisition_cost": "2800.00", "rate": "0.25", "driver": "PCs",
     "driver_values": {"MP": 3, "RC": 2, "AL": 1},
     "tupa_factor": {"MP": "0.85", "RC": "0.60", "AL": "0.20"}},
    {"code": "LUZ", "name": "Luz", "element": "costos_fijos", "annual_cost": "9600.00",
     "driver": "m2", "driver_values": {"MP": 30, "RC": 45, "AL": 25},
     "tupa_factor": {"MP": "0.75", "RC": "0.55", "AL": "0.05"}},
]


def act(description, unit, kind, value, minutes, **extra):  # type: ignore[no-untyped-def]
    data = {"description": description, "type": kind, "value": value, "minutes": minutes}
    if unit is None:
        data["citizen"] = True
    else:
        data["unit"] = unit
    data.update(extra)
    return data


AS_IS = [
    act("Presentar la solicitud", None, "operacion", "VA", 20, in_person=True),
    act("Revisar requisitos", "MP", "revision", "CONTROL", 12,
        staff=[{"position": "T1", "count": 1}], resources=[{"resource": "A4", "qty": 2}]),
    act("Observación: subsanar", None, "operacion", "SVA", 45, in_person=True,
        probability="0.25"),
    act("Derivar a Registro Civil", "MP", "traslado", "SVA", 18, probability="0.9",
        staff=[{"position": "T1", "count": 1}]),
    act("Espera en bandeja", "RC", "espera", "SVA", 1440),
    act("Buscar la partida", "RC", "operacion", "VA", 35,
        staff=[{"position": "R1", "count": 2}], resources=[{"resource": "A4", "qty": 3}]),
    act("Visto bueno de Alcaldía", "AL", "revision", "CONTROL", 25, parallel=True,
        staff=[{"position": "A1", "count": 1}]),
    act("Enviar por courier", "RC", "traslado", "VA", 10, probability="0.4",
        staff=[{"position": "R1", "count": 1}],
        resources=[{"resource": "COU", "qty": 1}, {"resource": "SOB", "qty": 1}]),
    act("Recoger el documento", None, "operacion", "VA", 15, in_person=True,
        probability="0.6"),
]
TO_BE = [AS_IS[0], AS_IS[1], AS_IS[5], AS_IS[6], AS_IS[7],
         act("Notificación electrónica", "MP", "operacion", "VA", 4,
             staff=[{"position": "T1", "count": 1}])]
OTHER = [
    act("Atender en ventanilla", "MP", "operacion", "VA", 30,
        staff=[{"position": "T1", "count": 1}], resources=[{"resource": "A4", "qty": 1}]),
    act("Firmar", "AL", "revision", "CONTROL", 8, staff=[{"position": "A1", "count": 1}]),
    act("Esperar la firma", "AL", "espera", "SVA", 600),
]
REQUIREMENTS = [{"name": "Solicitud", "kind": "general", "cost": "0.00"},
                {"name": "Copia simple de partida", "kind": "especifico", "cost": "2.50"}]


def package(rounding: str) -> dict:
    return {"format": "tramite-claro-package", "version": 1, "entities": [{
        "ubigeo": "060110", "name": "Municipalidad Distrital de Matara", "kind": "district",
        "settings": {**SETTINGS, "rounding": rounding},
        "units": UNITS, "positions": POSITIONS, "resources": RESOURCES,
        "procedures": [
            {"code": "SE-03", "name": "Copia certificada", "calificacion": "automatica",
             "plazo": 1, "plazo_unit": "habiles", "annual_demand": 800,
             "preparation_minutes": 30, "requirements": REQUIREMENTS,
             "versions": [
                 {"name": "Actual", "kind": "as_is", "fee": "28.00", "activities": AS_IS},
                 {"name": "Propuesta", "kind": "to_be", "fee": "21.00", "activities": TO_BE}]},
            {"code": "PA-11", "name": "Otro trámite", "annual_demand": 150,
             "versions": [{"name": "Actual", "kind": "as_is", "fee": "10.00",
                           "activities": OTHER}]},
        ]}]}


# --- the independent reference calculation (DOMAIN §4–§6) -------------------------------

def q(x) -> F:  # type: ignore[no-untyped-def]
    return F(str(x))


def trunc2(x: F) -> Decimal:
    return (Decimal(math.floor(x * 100)) / 100).quantize(Decimal("0.01"))


def round2(x: F) -> Decimal:
    return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(
        Decimal("0.01"), ROUND_HALF_UP)


def expected(rounding: str, activities: list[dict], fee: str) -> dict:
    sut = rounding == "sut"
    p = {a["description"]: q(a.get("probability", 1)) for a in AS_IS + TO_BE + OTHER}
    divisor = q(8) * 30 * 60
    rate = {}
    for pos in POSITIONS:
        exact = q(pos["annual_cost"]) / 12 / divisor
        rate[pos["code"]] = q(trunc2(exact)) if sut else exact
    # Portfolio yearly minutes per unit: as-is versions only, no waits, × demand + other.
    yearly = {u["code"]: q(u["other_tupa_minutes"]) for u in UNITS}
    for acts, demand in ((AS_IS, 800), (OTHER, 150)):
        for a in acts:
            if "unit" in a and a["type"] != "espera":
                yearly[a["unit"]] += q(a["minutes"]) * p[a["description"]] * demand
    minutes_in = {u["code"]: F(0) for u in UNITS}
    for a in activities:
        if "unit" in a and a["type"] != "espera":
            minutes_in[a["unit"]] += q(a["minutes"]) * p[a["description"]]
    elements = {"personal": F(0), "material_fungible": F(0), "servicio_identificable": F(0),
                "material_no_fungible": F(0), "servicios_terceros": F(0),
                "depreciacion": F(0), "costos_fijos": F(0)}
    prices = {r["code"]: r for r in RESOURCES}
    for a in activities:
        prob, minutes = p[a["description"]], q(a["minutes"])
        for s in a.get("staff", []):
            elements["personal"] += q(s["count"]) * minutes * prob * rate[s["position"]]
        for r in a.get("resources", []):
            res = prices[r["resource"]]
            elements[res["element"]] += q(r["qty"]) * prob * q(res["unit_cost"])
    for res in RESOURCES:
        if "driver_values" not in res:
            continue
        if res["element"] == "depreciacion":
            cost = q(res["quantity"]) * q(res["acquisition_cost"]) * q(res["rate"])
        else:
            cost = q(res["annual_cost"])
        total_driver = sum(q(v) for v in res["driver_values"].values())
        for unit, value in res["driver_values"].items():
            tupa = cost * q(value) / total_driver * q(res["tupa_factor"][unit])
            per_minute = tupa / yearly[unit] if yearly[unit] else F(0)
            elements[res["element"]] += per_minute * minutes_in[unit]
    if sut:
        shown = {k: trunc2(v) for k, v in elements.items()}
        unit_cost = sum(shown.values())
    else:
        shown = {k: round2(v) for k, v in elements.items()}
        unit_cost = round2(sum(elements.values()))
    total = sum(q(a["minutes"]) * p[a["description"]] for a in activities)
    stages: list[F] = []
    for a in activities:
        value = q(a["minutes"]) * p[a["description"]]
        if a.get("parallel") and stages:
            stages[-1] = max(stages[-1], value)
        else:
            stages.append(value)
    lead = sum(stages)
    visits = sum(p[a["description"]] for a in activities if a.get("in_person"))
    citizen_minutes = (sum(q(a["minutes"]) * p[a["description"]] for a in activities
                           if a.get("citizen")) + visits * 90 + 30)
    out_of_pocket = visits * q("7.50") + q("2.50") + q(fee)
    citizen_cost = round2(citizen_minutes / 60 * q("5.43") + out_of_pocket)
    staff_minutes = sum(q(s["count"]) * q(a["minutes"]) * p[a["description"]]
                        for a in activities for s in a.get("staff", []))
    return {
        "cost": {**{k: str(v) for k, v in shown.items()}, "unit_cost": str(unit_cost)},
        "total_minutes": float(total), "lead_time_minutes": float(lead),
        "business_days": math.ceil(lead / 480),
        "citizen_visits": float(visits), "citizen_minutes": float(citizen_minutes),
        "out_of_pocket": str(round2(out_of_pocket)), "citizen_cost": str(citizen_cost),
        "yearly_citizen_cost": str(citizen_cost * 800),
        "staff_minutes": float(staff_minutes),
        "effort_minutes": float(sum(q(a["minutes"]) * p[a["description"]] for a in activities
                                    if not a.get("citizen") and a["type"] != "espera")),
        "entity_hours": float(staff_minutes / 60 * 800),
        "entity_cost": str(unit_cost * 800),
    }


@pytest.mark.parametrize("rounding", ["sut", "exact"])
@pytest.mark.parametrize("version", ["Actual", "Propuesta"])
def test_metrics_match_an_independent_calculation(tmp_path: Path, rounding: str,
                                                  version: str) -> None:
    path = tmp_path / "caso.tramite.json"
    path.write_text(json.dumps(package(rounding), ensure_ascii=False), encoding="utf-8")
    db = str(tmp_path / "w.sqlite")
    assert run(["--db", db, "import", str(path)], io.StringIO(), io.StringIO()) == 0
    out = io.StringIO()
    assert run(["--db", db, "metrics", "--entity", "060110", "--procedure", "SE-03",
                "--version", version, "--json"], out, io.StringIO()) == 0
    got = json.loads(out.getvalue())
    activities, fee = (AS_IS, "28.00") if version == "Actual" else (TO_BE, "21.00")
    want = expected(rounding, activities, fee)
    assert got["cost"] == want["cost"]
    assert got["total_minutes"] == pytest.approx(want["total_minutes"], abs=0.005)
    assert got["lead_time_minutes"] == pytest.approx(want["lead_time_minutes"], abs=0.005)
    assert got["business_days"] == want["business_days"]
    assert got["citizen_visits"] == pytest.approx(want["citizen_visits"], abs=0.005)
    assert got["citizen"]["minutes"] == pytest.approx(want["citizen_minutes"], abs=0.005)
    assert got["citizen"]["out_of_pocket"] == want["out_of_pocket"]
    assert got["citizen"]["cost"] == want["citizen_cost"]
    assert got["yearly"]["citizen_cost"] == want["yearly_citizen_cost"]
    assert got["yearly"]["entity_cost"] == want["entity_cost"]
    assert got["yearly"]["entity_hours"] == pytest.approx(want["entity_hours"], abs=0.005)
    # Minutes of the steps and person-minutes are two figures (one step has two people).
    assert got["effort_minutes"] == pytest.approx(want["effort_minutes"], abs=0.005)
    assert got["staff_minutes"] == pytest.approx(want["staff_minutes"], abs=0.005)
    assert got["staff_minutes"] != got["effort_minutes"]
    assert got["fee"] == fee


def test_rounding_modes_differ_on_this_case() -> None:
    sut = expected("sut", AS_IS, "28.00")["cost"]["unit_cost"]
    exact = expected("exact", AS_IS, "28.00")["cost"]["unit_cost"]
    assert Decimal(sut) < Decimal(exact)
