"""Simplification suggestions: rules, measured effects, and the to-be they produce."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from models.codes import ActivityType, Calificacion, ImprovementAction, VersionKind
from procedures.errors import ConflictError
from procedures.rules.remedies import single_copy
from procedures.rules.suggestions import Effect, apply_suggestions, suggest
from procedures.snapshots import Position, Requirement
from tests.procedures.builders import (
    D,
    act,
    citizen,
    english_messages,
    entity,
    measure,
    procedure,
    rates_of,
    version,
    worked_example,
)

_english = english_messages()


def _suggest(ent, proc, v):
    return suggest(ent, proc, v, rates_of(ent))


def _by_key(suggestions):
    return {s.key: s for s in suggestions}


def test_worked_example_proposals() -> None:
    ent, proc, v = worked_example()
    found = _by_key(_suggest(ent, proc, v))
    row = "PA-07/Actual/{}".format
    assert list(found) == [
        f"eliminate_sva:{row(9)}",  # file the receipt (archivo, SVA)
        f"merge_same_unit:{row(1)}:{row(2)}",
        f"merge_same_unit:{row(5)}:{row(6)}",
        f"merge_same_unit:{row(8)}:{row(9)}",
        f"electronic_routing:{row(3)}",
        f"service_level:{row(4)}",
        "lower_fee",
    ]
    # Removing row 9 (TD, 5 min): personal −0.65; fijos 0.012×40 + 1.305 = 1.785 -> 1.78;
    # depreciación 0.010×40 + 1.0875 = 1.4875 -> 1.48; unit cost 45.92 -> 45.16.
    effect = found[f"eliminate_sva:{row(9)}"].effect
    assert (effect.minutes, effect.unit_cost, effect.entity_cost_yearly) == (
        D(-5),
        D("-0.76"),
        D("-182.40"),
    )
    # Electronic routing removes row 3 (TD, 15 min): unit cost 43.64 (see test_costing).
    effect = found[f"electronic_routing:{row(3)}"].effect
    assert (effect.minutes, effect.effort_minutes, effect.unit_cost) == (D(-15), D(-15), D("-2.28"))
    assert effect.entity_cost_yearly == D("-547.20") and effect.business_days == 0
    # A one-day service level for the 960-minute tray: 1150 -> 670 minutes, 3 -> 2 days.
    effect = found[f"service_level:{row(4)}"].effect
    assert (effect.lead_time_minutes, effect.business_days, effect.unit_cost) == (D(-480), -1, 0)
    merge = found[f"merge_same_unit:{row(5)}:{row(6)}"].effect
    assert merge.activities == -1 and merge.minutes == 0 and merge.unit_cost == 0
    # After all the others the cost is 45.92 − 0.76 − 2.28 = 42.88 < fee 45.90.
    fee = found["lower_fee"]
    assert "S/ 42.88" in fee.title and "After the other proposed changes" in fee.reason
    assert fee.effect.citizen_cost_yearly == D("-3.02") * 240


def test_effects_are_measured_by_applying_the_change() -> None:
    ent, proc, v = worked_example()
    before = measure(ent, proc, v)
    for suggestion in _suggest(ent, proc, v):
        if suggestion.code != "lower_fee":
            after = measure(ent, proc, suggestion.apply(v))
            assert suggestion.effect == Effect.between(before, after)


def test_apply_suggestions_builds_a_to_be_that_keeps_identity() -> None:
    ent, proc, v = worked_example()
    found = _by_key(_suggest(ent, proc, v))
    chosen = [
        found["lower_fee"],
        found["electronic_routing:PA-07/Actual/3"],
        found["service_level:PA-07/Actual/4"],
    ]
    to_be = apply_suggestions(proc, v, chosen, "Propuesta")
    assert (to_be.name, to_be.kind, to_be.based_on, to_be.adopted) == (
        "Propuesta",
        VersionKind.TO_BE,
        "Actual",
        False,
    )
    source = {a.uid: a for a in v.activities}
    assert [a.based_on for a in to_be.activities] == [
        f"PA-07/Actual/{n}" for n in (1, 2, 4, 5, 6, 7, 8, 9)
    ]
    for activity in to_be.activities:
        assert uuid.UUID(activity.uid).version == 4 and activity.uid not in source
        assert activity.description == source[activity.based_on].description
    wait = to_be.activities[2]
    assert (wait.minutes, wait.action) == (D(480), ImprovementAction.REDUCIR)
    # The fee goes last, to the cost of the final version (given first on purpose).
    assert to_be.fee == D("43.64") == measure(ent, proc, to_be).cost.unit_cost
    assert measure(ent, proc, to_be).business_days == 2  # 655 minutes
    assert to_be.note.splitlines()[-1].startswith("Lower the fee")
    assert to_be.uid and to_be.uid != v.uid


def test_a_taken_version_name_is_a_conflict() -> None:
    _, proc, v = worked_example()
    with pytest.raises(ConflictError):
        apply_suggestions(proc, v, [], "Actual")


def test_chained_edits_tolerate_activities_already_gone() -> None:
    ent, proc, v = worked_example()
    found = _by_key(_suggest(ent, proc, v))
    eliminate = found["eliminate_sva:PA-07/Actual/9"]
    merge = found["merge_same_unit:PA-07/Actual/8:PA-07/Actual/9"]
    first = merge.apply(eliminate.apply(v))
    assert len(first.activities) == 8 and first.activities[-1].minutes == 10
    second = eliminate.apply(merge.apply(v))
    assert len(second.activities) == 8 and second.activities[-1].minutes == 15  # 10 + 5
    assert second.activities[-1].action is ImprovementAction.FUSIONAR
    assert second.activities[-1].description == "Notificar y entregar; Archivar el cargo"


def test_versions_without_uids_are_handled_by_row() -> None:
    v = version(
        act("Recibir", "TD", "revision", "CONTROL", 10),
        act("Archivar copia", "TD", "archivo", "SVA", 5),
        act("Llevar a DU", "TD", "traslado", "SVA", 15),
        act("Revisar", "DU", "revision", "CONTROL", 10),
    )
    proc = procedure(v)
    found = _by_key(_suggest(entity(), proc, v))
    assert "eliminate_sva:row-2" in found and "electronic_routing:row-3" in found
    to_be = apply_suggestions(proc, v, found.values(), "Propuesta")
    assert [a.description for a in to_be.activities] == ["Recibir", "Revisar"]
    assert all(a.based_on == "" for a in to_be.activities)  # nothing to keep identity with


def test_parallel_reviews_by_different_units() -> None:
    v = version(
        act("Verificar requisitos", "TD", "revision", "CONTROL", 30, uid="a"),
        act("Opinión legal", "AL", "revision", "CONTROL", 60, uid="b"),
        act("Revisar planos", "DU", "revision", "CONTROL", 20, uid="c"),
        act("Emitir", "DU", "operacion", "VA", 10, uid="d"),
    )
    [parallel] = [s for s in _suggest(entity(), procedure(v), v) if s.code == "parallel_reviews"]
    assert parallel.activities == ("a", "b", "c")
    assert (parallel.effect.lead_time_minutes, parallel.effect.minutes) == (D(-50), 0)  # 120 -> 70
    changed = parallel.apply(v)
    assert [a.parallel for a in changed.activities] == [False, True, True, False]


def test_repeated_review_in_another_unit_but_never_a_signature() -> None:
    v = version(
        act("Verificar los requisitos del expediente", "TD", "revision", "CONTROL", 10, uid="a"),
        act("Espera", "DU", "espera", "SVA", 60, uid="w"),
        act("Revisar requisitos del expediente", "DU", "revision", "CONTROL", 15, uid="b"),
        act("Revisar y firmar los requisitos", "GM", "revision", "CONTROL", 5, uid="c"),
    )
    found = [s for s in _suggest(entity(), procedure(v), v) if s.code == "remove_repeated_review"]
    assert [s.activities for s in found] == [("b",)]
    assert "activity 1" in found[0].reason and found[0].effect.minutes == -15


def test_fee_collected_at_filing_saves_a_visit() -> None:
    v = version(
        citizen("Presentar la solicitud", 15, in_person=True),
        citizen("Pagar el derecho en caja", 20, in_person=True, uid="pay"),
        act("Recibir", "TD", minutes=10),
        fee="10.00",
    )
    [pay] = [
        s for s in _suggest(entity(), procedure(v, demand=100), v) if s.code == "fee_at_filing"
    ]
    assert pay.activities == ("pay",)
    # Before: 155 min -> 14.0275 + 22.00 = 36.03; after: 75 min -> 6.7875 + 16.00 = 22.79.
    assert pay.effect.citizen_visits == -1
    assert pay.effect.citizen_hours == D(-80) / 60
    assert pay.effect.citizen_cost_yearly == D("-1324.00")


def test_automatic_approval_only_where_the_rule_allows_it() -> None:
    steps = (
        act("Verificar requisitos", "TD", "revision", "CONTROL", 10),
        act("Espera firma", "TD", "espera", "SVA", 480),
        act("Emitir la constancia", "TD", "operacion", "VA", 15),
    )
    v = version(*steps)
    [auto] = [s for s in _suggest(entity(), procedure(v), v) if s.code == "automatic_approval"]
    assert "no field inspection and no technical or legal report" in auto.reason
    assert auto.effect.business_days == -1  # 505 minutes -> 25
    changed = auto.apply(v)
    assert changed.calificacion is Calificacion.AUTOMATICA
    assert [a.type for a in changed.activities] == [ActivityType.REVISION, ActivityType.OPERACION]
    inspected = version(*steps, act("Inspección ocular del local", "DU", minutes=60))
    negative = procedure(v, calificacion=Calificacion.PREVIA_NEGATIVO)
    automatic = procedure(v, calificacion=Calificacion.AUTOMATICA)
    for proc, candidate in ((procedure(inspected), inspected), (negative, v), (automatic, v)):
        assert "automatic_approval" not in [s.code for s in _suggest(entity(), proc, candidate)]


def test_prohibited_requirements_are_dropped_or_replaced() -> None:
    requirements = (
        Requirement("Solicitud dirigida al alcalde"),
        Requirement("Copia del DNI", cost=D("0.50")),
        Requirement("Copia legalizada del título", cost=D("25.00")),
        Requirement("Dos copias del plano", cost=D("4.00")),
    )
    v = version(act("Recibir", "TD", minutes=10, staff=(("P", 1),)))
    proc = procedure(v, requirements=requirements)
    ent = entity(positions=(Position("P", "P", "TD", D(24000)),))
    found = [s for s in _suggest(ent, proc, v) if s.code == "prohibited_requirement"]
    assert [s.title for s in found] == [
        "Stop asking for “Copia del DNI”",
        "Replace “Copia legalizada del título” by a sworn statement",
        "Ask for a single copy of “Dos copias del plano”",
    ]
    assert [s.effect.citizen_cost_yearly for s in found] == [
        D("-0.50") * 100,
        D("-25.00") * 100,
        D("-2.00") * 100,
    ]
    to_be = apply_suggestions(proc, v, found, "Sin requisitos prohibidos")
    assert [(r.name, r.cost) for r in to_be.requirements] == [
        ("Solicitud dirigida al alcalde", 0),
        ("Declaración jurada (en lugar de: Copia legalizada del título)", 0),
        ("Una copia del plano", D("2.00")),
    ]
    assert measure(ent, proc, to_be).warnings == ()
    assert len({r.uid for r in to_be.requirements}) == 3


def test_single_copy_wording() -> None:
    assert single_copy("Dos copias del plano") == ("Una copia del plano", 2)
    assert single_copy("Plano de ubicación por triplicado") == ("Plano de ubicación", 3)
    assert single_copy("Memoria (3) ejemplares") == ("Memoria un ejemplar", 3)
    assert single_copy("Más de una copia del contrato") == ("Una copia del contrato", None)


def test_lower_fee_when_the_fee_is_above_the_cost_now() -> None:
    ent, proc, v = worked_example()
    expensive = replace(v, fee=D("60.00"))
    [fee] = [s for s in _suggest(ent, proc, expensive) if s.code == "lower_fee"]
    assert "is above the unit cost of the service (S/ 45.92)" in fee.reason
    assert fee.effect.citizen_cost_yearly == (D("45.92") - D("60.00")) * 240
    assert fee.apply(expensive).fee == D("45.92")


def test_no_fee_proposal_when_the_fee_stays_below_the_cost() -> None:
    ent, proc, v = worked_example()
    free = replace(v, fee=D(0))
    assert "lower_fee" not in [s.code for s in _suggest(ent, proc, free)]


def test_short_waits_and_transfers_are_not_eliminated_as_sva() -> None:
    v = version(
        act("Espera corta", "TD", "espera", "SVA", 30),
        act("Llevar", "TD", "traslado", "SVA", 5),
        citizen("Fotocopiar formularios", 20, value="SVA"),
    )
    codes = [(s.code, s.activities) for s in _suggest(entity(), procedure(v), v)]
    assert ("eliminate_sva", ("row-3",)) in codes
    assert all(code != "service_level" for code, _ in codes)
    assert [a for c, a in codes if c == "eliminate_sva"] == [("row-3",)]
