"""Properties of the engine over generated municipalities (Hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from models.codes import ALLOCATED_ELEMENTS, COST_ELEMENTS, ActivityType, Rounding, ValueClass
from procedures.metrics import allocation_rates, compute_metrics, portfolio_minutes
from procedures.snapshots import (
    Activity,
    Entity,
    Position,
    Procedure,
    Resource,
    ResourceUse,
    StaffUse,
    Unit,
)
from tests.procedures.builders import english_messages, entity, procedure, version

_english = english_messages()

UNITS = ("A", "B", "C")
POSITIONS = ("P1", "P2", "P3")
DIRECT = ("PAPEL", "MOVILIDAD")


def money(low: str, high: str) -> st.SearchStrategy[Decimal]:
    return st.decimals(Decimal(low), Decimal(high), places=2, allow_nan=False)


probabilities = st.sampled_from([Decimal(x) for x in ("1", "1", "0.5", "0.2", "0.33", "0.05")])
minutes = st.one_of(
    st.integers(0, 600).map(Decimal), st.decimals(Decimal(0), Decimal(120), places=1)
)


@st.composite
def activities(draw: st.DrawFn) -> Activity:
    return Activity(
        description="step",
        unit=draw(st.sampled_from((None, *UNITS))),
        type=draw(st.sampled_from(ActivityType)),
        value=draw(st.sampled_from(ValueClass)),
        minutes=draw(minutes),
        probability=draw(probabilities),
        parallel=draw(st.booleans()),
        in_person=draw(st.booleans()),
        staff=tuple(
            StaffUse(code, Decimal(count))
            for code, count in draw(
                st.lists(st.tuples(st.sampled_from(POSITIONS), st.integers(1, 3)), max_size=2)
            )
        ),
        resources=tuple(
            ResourceUse(code, Decimal(qty))
            for code, qty in draw(
                st.lists(
                    st.tuples(st.sampled_from((*DIRECT, "LUZ")), st.integers(0, 5)), max_size=2
                )
            )
        ),
    )


@st.composite
def allocated(draw: st.DrawFn, code: str) -> Resource:
    values = draw(st.tuples(*[st.integers(0, 50) for _ in UNITS]))
    factors = draw(st.tuples(*[money("0", "1") for _ in UNITS]))
    return Resource(
        code,
        code,
        draw(st.sampled_from(ALLOCATED_ELEMENTS)),
        annual_cost=draw(money("0", "100000")),
        quantity=Decimal(draw(st.integers(0, 20))),
        acquisition_cost=draw(money("0", "5000")),
        rate=draw(money("0", "1")),
        driver_values=tuple(zip(UNITS, map(Decimal, values), strict=True)),
        tupa_factor=tuple(zip(UNITS, factors, strict=True)),
    )


@st.composite
def municipalities(draw: st.DrawFn) -> Entity:
    procedures = tuple(
        procedure(
            version(*draw(st.lists(activities(), min_size=1, max_size=8))),
            code=f"P-{index}",
            demand=draw(st.integers(0, 500)),
        )
        for index in range(draw(st.integers(1, 4)))
    )
    return entity(
        positions=tuple(
            Position(code, code, "A", draw(money("1000", "200000"))) for code in POSITIONS
        ),
        resources=(
            Resource("PAPEL", "Papel", COST_ELEMENTS[1], unit_cost=draw(money("0", "5"))),
            Resource("MOVILIDAD", "Movilidad", COST_ELEMENTS[2], unit_cost=draw(money("0", "50"))),
            draw(allocated("LUZ")),
            draw(allocated("PC")),
        ),
        units=tuple(Unit(code, code, Decimal(draw(st.integers(0, 100000)))) for code in UNITS),
        procedures=procedures,
        hours_per_day=draw(st.sampled_from([Decimal(8), Decimal(6), Decimal("7.5")])),
    )


def _with_rounding(ent: Entity, rounding: Rounding) -> Entity:
    return replace(ent, settings=replace(ent.settings, rounding=rounding))


def _rates(ent: Entity):
    return allocation_rates(ent, portfolio_minutes(ent.procedures))


PROPERTIES = settings(max_examples=40, deadline=None)


@PROPERTIES
@given(municipalities(), st.data(), st.sampled_from(Rounding))
def test_removing_an_activity_never_increases_effort_or_cost(
    ent: Entity, data: st.DataObject, rounding: Rounding
) -> None:
    ent = _with_rounding(ent, rounding)
    proc: Procedure = data.draw(st.sampled_from(ent.procedures))
    full = proc.versions[0]
    index = data.draw(st.integers(0, len(full.activities) - 1))
    shorter = replace(full, activities=full.activities[:index] + full.activities[index + 1 :])
    rates = _rates(ent)  # the to-be is costed at the as-is rates
    before = compute_metrics(ent, proc, full, rates)
    after = compute_metrics(ent, proc, shorter, rates)
    assert after.effort_minutes <= before.effort_minutes
    assert after.total_minutes <= before.total_minutes
    assert after.cost.unit_cost <= before.cost.unit_cost
    for element in COST_ELEMENTS:
        assert after.cost.element(element) <= before.cost.element(element)


@PROPERTIES
@given(municipalities())
def test_sut_figures_never_exceed_exact_ones(ent: Entity) -> None:
    sut_entity = _with_rounding(ent, Rounding.SUT)
    exact_entity = _with_rounding(ent, Rounding.EXACT)
    sut_rates, exact_rates = _rates(sut_entity), _rates(exact_entity)
    cent = Decimal("0.01")
    for proc in ent.procedures:
        sut = compute_metrics(sut_entity, proc, proc.versions[0], sut_rates).cost
        exact = compute_metrics(exact_entity, proc, proc.versions[0], exact_rates).cost
        # Truncated cost per minute and truncated elements never exceed the exact values;
        # the allowance is the cent of the exact mode's display rounding.
        assert sut.unit_cost <= exact.unit_cost + cent
        for element in COST_ELEMENTS:
            assert sut.element(element) <= exact.element(element) + cent
            assert sut.unrounded[element] <= exact.unrounded[element]


@PROPERTIES
@given(municipalities(), st.randoms(use_true_random=False), st.sampled_from(Rounding))
def test_figures_do_not_depend_on_the_order_procedures_are_stored(
    ent: Entity, random: object, rounding: Rounding
) -> None:
    ent = _with_rounding(ent, rounding)
    shuffled = list(ent.procedures)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    other = replace(ent, procedures=tuple(shuffled))
    assert portfolio_minutes(ent.procedures) == portfolio_minutes(other.procedures)
    rates, other_rates = _rates(ent), _rates(other)
    assert rates == other_rates
    for proc in ent.procedures:
        v = proc.versions[0]
        assert (
            compute_metrics(ent, proc, v, rates).to_json()
            == compute_metrics(other, proc, v, other_rates).to_json()
        )


@PROPERTIES
@given(municipalities())
def test_json_has_exactly_the_design_keys(ent: Entity) -> None:
    proc = ent.procedures[0]
    data = compute_metrics(ent, proc, proc.versions[0], _rates(ent)).to_json()
    assert list(data) == [
        "activities", "by_type", "by_value", "total_minutes", "effort_minutes",
        "staff_minutes", "lead_time_minutes", "business_days", "va_minutes", "va_share", "handoffs",
        "citizen_visits", "cost", "fee", "fee_pct_uit", "citizen", "yearly", "warnings",
    ]  # fmt: skip
    assert list(data["by_type"]) == ["operacion", "revision", "traslado", "espera", "archivo"]
    assert list(data["by_value"]) == ["VA", "CONTROL", "SVA"]
    assert list(data["cost"]) == [
        "personal", "material_fungible", "servicio_identificable", "material_no_fungible",
        "servicios_terceros", "depreciacion", "costos_fijos", "unit_cost",
    ]  # fmt: skip
    assert list(data["citizen"]) == ["minutes", "visits", "out_of_pocket", "cost"]
    assert list(data["yearly"]) == [
        "cases", "entity_cost", "entity_hours", "citizen_hours", "citizen_cost",
    ]  # fmt: skip
    for value in data["cost"].values():
        assert isinstance(value, str) and len(value.split(".")[1]) == 2
    for warning in data["warnings"]:
        assert set(warning) <= {"code", "message", "activity"}


@PROPERTIES
@given(municipalities(), st.sampled_from(Rounding))
def test_the_stored_figures_path_leaves_out_only_the_detail(ent: Entity,
                                                            rounding: Rounding) -> None:
    """`detail=False` (what the stored figures measure) gives every figure of the full
    measurement; only the display lines of direct and allocated resources and the
    unrounded Decimals are left out."""
    from procedures.services.figures import figures_of

    ent = _with_rounding(ent, rounding)
    rates = _rates(ent)
    for proc in ent.procedures:
        for one in proc.versions:
            full = compute_metrics(ent, proc, one, rates)
            lean = compute_metrics(ent, proc, one, rates, detail=False)
            assert figures_of(lean) == figures_of(full)
            assert lean.to_json()["cost"] == full.to_json()["cost"]
            assert lean.cost.staff == full.cost.staff
            assert lean.cost.staff_minutes == full.cost.staff_minutes
            assert (lean.cost.resources, lean.cost.allocated, lean.cost.unrounded) == ((), (), {})
