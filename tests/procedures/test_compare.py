"""As-is vs to-be comparison: figures, identity matching and yearly savings."""

from __future__ import annotations

from dataclasses import replace

from models.codes import VersionKind
from procedures.metrics import FIGURES, Change, compare_metrics
from procedures.metrics.compare import MORE_IS_BETTER, improved
from procedures.rules.edits import updated, without
from tests.procedures.builders import (
    D,
    act,
    english_messages,
    entity,
    measure,
    procedure,
    version,
    worked_example,
)

_english = english_messages()


def _to_be():
    """The example without the hand transfer (row 3) and with a one-day tray (row 4)."""
    ent, proc, v = worked_example()
    to_be = updated(without(v, {"PA-07/Actual/3"}), "PA-07/Actual/4", minutes=D(480))
    to_be = replace(
        to_be,
        name="Propuesta",
        kind=VersionKind.TO_BE,
        activities=tuple(
            replace(a, uid=f"new-{i}", based_on=a.uid) for i, a in enumerate(to_be.activities)
        ),
    )
    return ent, proc, v, to_be


def test_comparison_of_the_worked_example() -> None:
    ent, proc, v, to_be = _to_be()
    comparison = compare_metrics(measure(ent, proc, v), measure(ent, proc, to_be), v, to_be)
    data = comparison.to_json()
    assert set(data) == {"from", "to", "before", "after", "change", "activities", "savings"}
    assert (data["from"], data["to"]) == ("Actual", "Propuesta")
    change = data["change"]
    # 1150 -> 655 minutes; 45.92 -> 43.64 soles; 3 -> 2 business days
    assert change["total_minutes"] == {"absolute": -495, "percent": -43.04}
    assert change["cost"]["unit_cost"] == {"absolute": "-2.28", "percent": -4.97}
    assert change["business_days"] == {"absolute": -1, "percent": -33.33}
    assert change["activities"] == {"absolute": -1, "percent": -11.11}
    assert change["by_type"]["traslado"] == {"absolute": -1, "percent": -100.0}
    assert change["cost"]["material_no_fungible"] == {"absolute": "0.00", "percent": None}
    assert change["fee"] == {"absolute": "0.00", "percent": 0.0}
    assert data["savings"] == {
        "entity_cost": "547.20",  # 2.28 × 240
        "entity_hours": 60,  # 15 staff minutes × 240 / 60
        "citizen_hours": 0,
        "citizen_cost": "0.00",
    }
    assert data["activities"]["removed"] == [
        {
            "description": "Llevar el expediente a Desarrollo Urbano",
            "row": 3,
            "uid": "PA-07/Actual/3",
        }
    ]
    assert data["activities"]["added"] == []
    [changed] = data["activities"]["changed"]
    assert (changed["description"], changed["fields"], changed["row"]) == (
        "El expediente espera en bandeja",
        ["minutes"],
        3,
    )
    assert data["before"]["cost"]["unit_cost"] == "45.92"
    assert data["after"]["cost"]["unit_cost"] == "43.64"


def test_every_numeric_figure_has_a_change() -> None:
    ent, proc, v, to_be = _to_be()
    data = compare_metrics(measure(ent, proc, v), measure(ent, proc, to_be), v, to_be).to_json()
    before = data["before"]
    change = data["change"]
    for key, value in before.items():
        if key == "warnings":
            assert key not in change
        elif isinstance(value, dict):
            assert set(change[key]) == set(value)
        else:
            assert set(change[key]) == {"absolute", "percent"}


def test_activities_match_by_identity_not_position() -> None:
    a = act("A", "TD", uid="a")
    b = act("B", "TD", uid="b")
    c = act("C", "DU", uid="c")
    before = version(a, b, c)
    ent, proc = entity(), procedure(before)
    # Same uids in another order: nothing added, removed or changed.
    swapped = version(c, a, b, name="Reordenada")
    comparison = compare_metrics(
        measure(ent, proc, before), measure(ent, proc, swapped), before, swapped
    )
    assert (comparison.added, comparison.removed, comparison.changed) == ((), (), ())
    # A new activity in B's place is an addition plus a removal, not a change of B.
    replaced = version(a, act("B2", "TD", uid="x"), replace(c, uid="c2", based_on="c"))
    comparison = compare_metrics(
        measure(ent, proc, before), measure(ent, proc, replaced), before, replaced
    )
    assert [r.uid for r in comparison.added] == ["x"]
    assert [r.uid for r in comparison.removed] == ["b"]
    assert comparison.changed == ()  # c2 is a copy of c with the same content


def test_steps_without_identity_match_by_description() -> None:
    """A proposal imported from Excel has new uids and no `based_on`: its steps still
    meet their as-is selves by description (accents, case and spaces aside), in the
    same unit first; only what is really new or gone is added or removed."""
    before = version(act("Revisar el expediente", "TD", uid="r1"),
                     act("Revisar el expediente", "DU", uid="r2"),
                     act("Firmar la resolución", "DU", uid="f"),
                     act("Archivar", "TD", uid="z"))
    ent, proc = entity(), procedure(before)
    imported = version(act("revisar  el EXPEDIENTE", "DU", minutes=5, uid="n1"),
                       act("Firmar la resolucion", "DU", uid="n2"),
                       act("Revisar el expediente", "TD", uid="n3"),
                       act("Notificar", "TD", uid="n4"), name="Desde Excel")
    comparison = compare_metrics(
        measure(ent, proc, before), measure(ent, proc, imported), before, imported)
    assert [r.uid for r in comparison.added] == ["n4"]
    assert [(r.uid, r.row) for r in comparison.removed] == [("z", 4)]
    assert [(c.uid, c.before_uid, c.fields) for c in comparison.changed] == [
        ("n1", "r2", ("description", "minutes")), ("n2", "f", ("description",))]
    # Identity still wins over a description: a copy of r1 keeps r1 even when renamed.
    renamed = version(act("Otra cosa", "TD", uid="k", based_on="r1"),
                      act("Revisar el expediente", "TD", uid="m"))
    comparison = compare_metrics(
        measure(ent, proc, before), measure(ent, proc, renamed), before, renamed)
    assert next((c.uid, c.before_uid) for c in comparison.changed) == ("k", "r1")
    assert [r.uid for r in comparison.removed] == ["f", "z"]


def test_fee_percent_of_uit_missing_on_one_side_gives_no_change() -> None:
    ent, proc, v = worked_example()
    no_uit = replace(ent, settings=replace(ent.settings, uit=None))
    comparison = compare_metrics(measure(ent, proc, v), measure(no_uit, proc, v), v, v)
    assert comparison.to_json()["change"]["fee_pct_uit"] == {"absolute": None, "percent": None}
    assert comparison.changes["fee_pct_uit"].absolute is None


def test_which_changes_are_for_the_better() -> None:
    """Shorter, cheaper, fewer steps is better; a larger value-added share is better."""
    ent, proc, v, to_be = _to_be()
    comparison = compare_metrics(measure(ent, proc, v), measure(ent, proc, to_be), v, to_be)
    verdicts = {key: improved(key, change) for key, change in comparison.changes.items()}
    assert verdicts["total_minutes"] is True and verdicts["cost.unit_cost"] is True
    assert verdicts["va_share"] is True  # 145 of 655 minutes instead of 145 of 1150
    assert verdicts["fee"] is None  # unchanged
    backwards = compare_metrics(measure(ent, proc, to_be), measure(ent, proc, v), to_be, v)
    assert improved("total_minutes", backwards.changes["total_minutes"]) is False
    assert improved("va_share", backwards.changes["va_share"]) is False
    assert improved("va_share", Change(None, None)) is None
    assert set(FIGURES) >= MORE_IS_BETTER
