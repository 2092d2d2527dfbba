"""MCD cost (DOMAIN §4): the worked example to the cent in both modes, and hand cases."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from models.codes import CostElement, Rounding
from procedures.errors import InputError
from procedures.metrics import (
    allocation_rates,
    compute_metrics,
    cost_per_minute,
    portfolio_minutes,
)
from procedures.rules.edits import without
from procedures.snapshots import Position, Resource, Unit
from tests.procedures.builders import (
    D,
    act,
    english_messages,
    entity,
    measure,
    procedure,
    rates_of,
    version,
    worked_example,
)

_english = english_messages()


def test_worked_example_sut_rounding() -> None:
    cost = measure(*worked_example(Rounding.SUT)).cost
    assert cost.personal == D("31.90")
    assert cost.material_fungible == D("0.65")
    assert cost.servicio_identificable == D("10.00")
    assert cost.material_no_fungible == 0
    assert cost.servicios_terceros == 0
    assert cost.depreciacion == D("1.53")
    assert cost.costos_fijos == D("1.84")
    assert cost.unit_cost == D("45.92")


def test_worked_example_exact_rounding() -> None:
    # Hand computation with full precision:
    #   personal 45 × 24000/172800 + 135 × 30000/172800 + 10 × 54000/172800
    #          = 6.25 + 23.4375 + 3.125 = 32.8125 -> 32.81
    #   costos fijos 0.012 × 45 + 0.009 × 145 = 1.845 -> 1.85 (a true half cent, rounded up)
    #   depreciación 0.010 × 45 + 0.0075 × 145 = 1.5375 -> 1.54
    #   unit cost 32.8125 + 0.65 + 10 + 1.845 + 1.5375 = 46.845 -> 46.85
    cost = measure(*worked_example(Rounding.EXACT)).cost
    assert cost.unrounded[CostElement.PERSONAL] == D("32.8125")
    assert cost.unrounded[CostElement.COSTOS_FIJOS] == D("1.845")
    assert cost.unrounded[CostElement.DEPRECIACION] == D("1.5375")
    assert (cost.personal, cost.costos_fijos, cost.depreciacion) == (
        D("32.81"),
        D("1.85"),
        D("1.54"),
    )
    assert (cost.material_fungible, cost.servicio_identificable) == (D("0.65"), D("10.00"))
    assert cost.unit_cost == D("46.85")  # shown elements add up to 46.86: one cent apart


def test_worked_example_cost_in_json() -> None:
    data = measure(*worked_example()).to_json()
    assert data["cost"] == {
        "personal": "31.90",
        "material_fungible": "0.65",
        "servicio_identificable": "10.00",
        "material_no_fungible": "0.00",
        "servicios_terceros": "0.00",
        "depreciacion": "1.53",
        "costos_fijos": "1.84",
        "unit_cost": "45.92",
    }
    assert data["fee"] == "45.90"
    assert data["fee_pct_uit"] == 0.83  # 45.90 / 5500 × 100 = 0.8345


def test_cost_per_minute_is_truncated_in_sut_mode_only() -> None:
    sut, _, _ = worked_example(Rounding.SUT)
    exact, _, _ = worked_example(Rounding.EXACT)
    by_code = {p.code: p for p in sut.positions}
    assert cost_per_minute(by_code["TMP"], sut.settings) == D("0.13")  # 0.13888…
    assert cost_per_minute(by_code["TDU"], sut.settings) == D("0.17")  # 0.17361…
    assert cost_per_minute(by_code["SDU"], sut.settings) == D("0.31")  # 0.3125
    assert cost_per_minute(by_code["SDU"], exact.settings) == D("0.3125")
    custom = replace(sut.settings, hours_per_day=D(6), days_per_month=D(22))
    assert cost_per_minute(by_code["TDU"], custom) == D("0.31")  # 2500 / 7920 = 0.3156…


def test_detail_lines_explain_every_amount() -> None:
    cost = measure(*worked_example()).cost
    staff = {line.position: line for line in cost.staff}
    assert (staff["TMP"].cost_per_minute, staff["TMP"].minutes, staff["TMP"].amount) == (
        D("0.13"),
        D(45),
        D("5.85"),
    )
    assert staff["TDU"].amount == D("22.95") and staff["SDU"].amount == D("3.10")
    resources = {line.resource: line for line in cost.resources}
    assert (resources["A4"].quantity, resources["A4"].amount) == (D(5), D("0.15"))
    assert resources["FOLDER"].amount == D("0.50") and resources["MOV"].amount == D("10.00")
    allocated = {(line.rate.resource, line.rate.unit): line for line in cost.allocated}
    light_td = allocated[("LUZ", "TD")]
    assert light_td.rate.yearly_cost == D(18000)
    assert light_td.rate.share == D("0.1")
    assert light_td.rate.factor == D("0.80")
    assert light_td.rate.tupa_cost == D(1440)
    assert light_td.rate.yearly_minutes == D(120000)
    assert light_td.rate.rate == D("0.012")
    assert (light_td.minutes, light_td.amount) == (D(45), D("0.54"))
    pcs_du = allocated[("PC", "DU")]
    assert pcs_du.rate.yearly_cost == D(7500)
    assert (pcs_du.rate.tupa_cost, pcs_du.rate.rate, pcs_du.amount) == (
        D(1125),
        D("0.0075"),
        D("1.0875"),
    )
    assert set(allocated) == {("LUZ", "TD"), ("LUZ", "DU"), ("PC", "TD"), ("PC", "DU")}


def test_portfolio_and_yearly_minutes_of_the_example() -> None:
    example, _, _ = worked_example()
    portfolio = portfolio_minutes(example.procedures)
    assert portfolio == {"TD": D(45 * 240), "DU": D(145 * 240)}
    rates = allocation_rates(example, portfolio)
    assert rates.yearly_minutes == {"DU": D(150000), "OT": D(0), "TD": D(120000)}
    assert all(line.rate == 0 for line in rates.for_unit("OT"))  # no minutes, factor 0


def test_entity_without_procedures_costs_at_the_given_rates() -> None:
    example, proc, as_is = worked_example()
    rates = rates_of(example)
    bare = replace(example, procedures=())
    assert compute_metrics(bare, proc, as_is, rates).cost == measure(example, proc, as_is).cost


def test_to_be_version_is_costed_at_the_as_is_rates() -> None:
    example, proc, as_is = worked_example()
    to_be = without(as_is, {as_is.activities[2].uid})  # carry the file by hand: gone
    cost = compute_metrics(example, proc, to_be, rates_of(example)).cost
    # TD now works 30 min: fijos 0.012×30 + 1.305 = 1.665 -> 1.66;
    # depreciación 0.010×30 + 1.0875 = 1.3875 -> 1.38; personal 3.90 + 22.95 + 3.10.
    assert cost.personal == D("29.95")
    assert cost.costos_fijos == D("1.66")
    assert cost.depreciacion == D("1.38")
    assert cost.unit_cost == D("43.64")


def _toner_entity(**settings: object):
    """Element 4 with a staff driver: A 1, B 3 (share 0.25 / 0.75), factor A 1, B 0.5."""
    proc = procedure(
        version(
            act("a", "A", minutes=30, staff=(("P", 1),)),
            act("b", "B", minutes=20, staff=(("P", 1),)),
            act("waits in B", "B", "espera", "SVA", 500),
        ),
        demand=100,
    )
    toner = Resource(
        "TONER",
        "Tóner",
        CostElement.MATERIAL_NO_FUNGIBLE,
        annual_cost=D(1200),
        driver="staff",
        driver_values=(("A", D(1)), ("B", D(3))),
        tupa_factor=(("A", D(1)), ("B", D("0.5"))),
    )
    return entity(
        positions=(Position("P", "Técnico", "A", D(17280)),),
        resources=(toner,),
        units=(Unit("A", "A"), Unit("B", "B")),
        procedures=(proc,),
        **settings,
    ), proc


def test_allocated_element_by_driver_factor_and_portfolio_minutes() -> None:
    # Portfolio: A 3,000 min, B 2,000 min (the wait uses no resources).
    # A: 1200 × 0.25 × 1 = 300 / 3000 = 0.10 per min × 30 = 3.00
    # B: 1200 × 0.75 × 0.5 = 450 / 2000 = 0.225 per min × 20 = 4.50
    ent, proc = _toner_entity()
    cost = measure(ent, proc, proc.versions[0]).cost
    assert cost.material_no_fungible == D("7.50")
    assert cost.personal == D("5.00")  # 17280 / 12 / 14400 = 0.10 per minute × 50 minutes
    assert cost.unit_cost == D("12.50")


def test_other_tupa_minutes_join_the_denominator() -> None:
    ent, proc = _toner_entity()
    ent = replace(ent, units=(Unit("A", "A", D(3000)), Unit("B", "B")))
    # A: 300 / (3000 + 3000) = 0.05 × 30 = 1.50; B unchanged 4.50
    assert measure(ent, proc, proc.versions[0]).cost.material_no_fungible == D("6.00")


def test_zero_driver_values_missing_factor_and_empty_units_cost_nothing() -> None:
    ent, proc = _toner_entity()
    toner = ent.resources[0]
    no_driver = replace(toner, driver_values=(("A", D(0)), ("B", D(0))))
    no_factor = replace(toner, tupa_factor=(("A", D(1)),))  # B missing -> 0
    only_c = replace(toner, driver_values=(("C", D(5)),))  # unit C does no TUPA work
    v = proc.versions[0]
    assert measure(replace(ent, resources=(no_driver,)), proc, v).cost.material_no_fungible == 0
    assert measure(replace(ent, resources=(no_factor,)), proc, v).cost.material_no_fungible == D(
        "3.00"
    )
    assert measure(replace(ent, resources=(only_c,)), proc, v).cost.material_no_fungible == 0


def test_exact_ties_survive_the_divisions() -> None:
    # r = 1 / 9 per minute (yearly minutes 8.91 + 0.09); 8.91 minutes -> exactly 0.99.
    # Rounded decimal division gives 0.1111… × 8.91 = 0.98999…, which truncates to 0.98.
    proc = procedure(version(act("a", "A", minutes="8.91", staff=(("P", 1),))), demand=1)
    light = Resource(
        "LUZ",
        "Luz",
        CostElement.COSTOS_FIJOS,
        annual_cost=D(1),
        driver_values=(("A", D(1)),),
        tupa_factor=(("A", D(1)),),
    )
    ent = entity(
        positions=(Position("P", "P", "A", D(0)),),
        resources=(light,),
        units=(Unit("A", "A", D("0.09")),),
        procedures=(proc,),
    )
    assert measure(ent, proc, proc.versions[0]).cost.costos_fijos == D("0.99")


def test_headcount_probability_and_direct_quantities() -> None:
    a4 = Resource("A4", "Papel", CostElement.MATERIAL_FUNGIBLE, unit_cost=D("0.03"))
    light = Resource("LUZ", "Luz", CostElement.COSTOS_FIJOS, annual_cost=D(1000))
    v = version(
        act(
            "two people, half the cases",
            "A",
            minutes=10,
            probability="0.5",
            staff=(("P", 2),),
            resources=(("A4", 3), ("LUZ", 1)),
        ),
    )
    proc = procedure(v)
    sut = entity(positions=(Position("P", "P", "A", D(24000)),), resources=(a4, light))
    cost = measure(sut, proc, v).cost
    assert cost.personal == D("1.30")  # 2 × 10 × 0.5 × 0.13
    assert cost.material_fungible == D("0.04")  # 3 × 0.5 × 0.03 = 0.045, truncated
    assert cost.costos_fijos == 0  # an allocated resource on a row is only a mark
    exact = replace(sut, settings=replace(sut.settings, rounding=Rounding.EXACT))
    cost = measure(exact, proc, v).cost
    assert cost.personal == D("1.39")  # 10 × 24000/172800 = 1.3888…
    assert cost.material_fungible == D("0.05")  # 0.045 half up


def test_unknown_codes_are_input_errors_naming_the_activity() -> None:
    v = version(act("a", "A", staff=(("NOPE", 1),)), act("b", "A", resources=(("GONE", 1),)))
    with pytest.raises(InputError) as raised:
        measure(entity(), procedure(v), v)
    paths = [problem.location.path for problem in raised.value.problems]
    assert paths == ["activities[0].staff", "activities[1].resources"]
    assert "NOPE" in str(raised.value) and "GONE" in str(raised.value)


def test_yearly_entity_cost_and_hours() -> None:
    yearly = measure(*worked_example()).yearly
    assert yearly.cases == 240
    assert yearly.entity_cost == D("45.92") * 240 == D("11020.80")
    assert yearly.entity_hours == Decimal(190 * 240) / 60 == 760
