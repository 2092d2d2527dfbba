"""Editing the step table: insert, update, delete/restore, reorder, staff (SQLite + PG)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select

from models import tables as t
from models.codes import ActivityType, ValueClass
from procedures import snapshots as s
from procedures.errors import InputError, NotFoundError
from procedures.services import activities as ea
from tests.conftest import table_dump
from tests.procedures.builders import english_messages
from tests.procedures.editing_support import Loaded, change_count, load_into

_english = english_messages()


@pytest.fixture
def loaded(any_db: object) -> Loaded:
    return load_into(any_db)


def descriptions(loaded: Loaded) -> list[str]:
    return [a.description for a in loaded.read(ea.version_activities, loaded.version)]


def test_rows_come_in_table_order(loaded: Loaded) -> None:
    rows = loaded.read(ea.version_activities, loaded.version)
    assert len(rows) == 9
    assert rows[0].description.startswith("Recibir")
    assert rows[0].staff == (s.StaffUse("TMP", Decimal(1)),)
    assert loaded.read(ea.activity_uuids, loaded.version) == tuple(a.uid for a in rows)


def test_insert_at_a_row_shifts_the_rest(loaded: Loaded) -> None:
    new = s.Activity(
        "Pagar en caja",
        None,
        ActivityType.OPERACION,
        ValueClass.CONTROL,
        Decimal(10),
        in_person=True,
    )
    (uuid,) = loaded.write(ea.insert_activities, loaded.version, 1, [new])
    rows = loaded.read(ea.version_activities, loaded.version)
    assert [a.uid for a in rows].index(uuid) == 1
    assert rows[1].unit is None and rows[1].in_person
    assert len(rows) == 10


def test_insert_refuses_unknown_codes_and_writes_nothing(loaded: Loaded) -> None:
    before = table_dump(loaded.db)
    bad = s.Activity("x", "XX", ActivityType.OPERACION, ValueClass.VA, staff=(s.StaffUse("NOPE"),))
    with pytest.raises(InputError) as raised:
        loaded.write(ea.insert_activities, loaded.version, 0, [bad])
    paths = {p.location.path for p in raised.value.problems}
    assert paths == {"activities[0].unit", "activities[0].staff"}
    assert table_dump(loaded.db) == before


def test_update_returns_the_old_value(loaded: Loaded) -> None:
    uuid = loaded.read(ea.activity_uuids, loaded.version)[3]
    old = loaded.write(ea.update_activity, uuid, "minutes", Decimal(480))
    assert old == Decimal(960)
    assert loaded.read(ea.version_activities, loaded.version)[3].minutes == Decimal(480)
    assert loaded.write(ea.update_activity, uuid, "unit", "TD") == "DU"
    assert (
        loaded.write(ea.update_activity, uuid, "type", ActivityType.ARCHIVO) is ActivityType.ESPERA
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("minutes", Decimal(-1), "cannot be less than 0"),
        ("minutes", Decimal("1.234"), "at most 2 decimals"),
        ("probability", Decimal(0), "must be more than 0"),
        ("probability", Decimal("1.5"), "cannot be more than 1"),
        ("description", "  ", "cannot be empty"),
        ("type", "baile", "not one of the options"),
        ("unit", "XX", "unknown unit 'XX'"),
        ("in_person", True, "only the citizen's steps"),
    ],
)
def test_invalid_values_are_refused_at_the_field(
    loaded: Loaded, field: str, value: object, message: str
) -> None:
    uuid = loaded.read(ea.activity_uuids, loaded.version)[2]
    before = table_dump(loaded.db)
    with pytest.raises(InputError) as raised:
        loaded.write(ea.update_activity, uuid, field, value)
    (problem,) = raised.value.problems
    assert problem.location.path == f"activities[2].{field}"
    assert message in problem.message
    assert table_dump(loaded.db) == before


def test_citizen_lane_needs_no_staff(loaded: Loaded) -> None:
    uuid = loaded.read(ea.activity_uuids, loaded.version)[0]
    with pytest.raises(InputError, match="citizen's steps have no municipal staff") as raised:
        loaded.write(ea.update_activity, uuid, "unit", None)
    assert raised.value.problems[0].location.path == "activities[0].unit"
    old = loaded.write(ea.set_staff, uuid, [])
    assert old == (s.StaffUse("TMP", Decimal(1)),)
    assert loaded.write(ea.update_activity, uuid, "unit", None) == "TD"
    assert loaded.write(ea.update_activity, uuid, "in_person", True) is False


def test_staff_and_resources(loaded: Loaded) -> None:
    uuid = loaded.read(ea.activity_uuids, loaded.version)[4]
    loaded.write(ea.set_staff, uuid, [s.StaffUse("TDU", Decimal(2)), s.StaffUse("SDU")])
    old = loaded.write(ea.set_resources, uuid, [s.ResourceUse("A4", Decimal(3))])
    row = loaded.read(ea.version_activities, loaded.version)[4]
    assert row.staff == (s.StaffUse("TDU", Decimal(2)), s.StaffUse("SDU", Decimal(1)))
    assert row.resources == (s.ResourceUse("A4", Decimal(3)),)
    assert old == (s.ResourceUse("MOV", Decimal(1)),)
    with pytest.raises(InputError, match="unknown position 'ZZ'"):
        loaded.write(ea.set_staff, uuid, [s.StaffUse("ZZ")])


def test_allocated_resources_are_refused_on_a_step(loaded: Loaded) -> None:
    """The rule the package reader applies: an allocated element (LUZ, costos fijos) is
    spread by driver, never attached to a step; the editor refuses it too."""
    uuid = loaded.read(ea.activity_uuids, loaded.version)[4]
    before = table_dump(loaded.db)
    with pytest.raises(InputError, match="'LUZ' is allocated by driver") as raised:
        loaded.write(ea.set_resources, uuid, [s.ResourceUse("A4"), s.ResourceUse("LUZ")])
    assert raised.value.problems[0].location.path == "activities[4].resources"
    blank = ea.blank_activity("TD")
    with pytest.raises(InputError, match="'LUZ' is allocated by driver"):
        loaded.write(ea.insert_activities, loaded.version, 0,
                     [replace(blank, resources=(s.ResourceUse("LUZ"),))])
    assert table_dump(loaded.db) == before


def test_a_row_that_already_breaks_the_rule_can_still_be_edited(loaded: Loaded) -> None:
    """A step stored before the rule (an allocated resource on it) keeps its other cells
    editable; only what an edit breaks is refused."""
    uuid = loaded.read(ea.activity_uuids, loaded.version)[4]
    with loaded.session() as session, session.begin():
        row = session.scalar(select(t.Activity).where(t.Activity.uuid == uuid))
        luz = session.scalar(select(t.Resource).where(t.Resource.code == "LUZ"))
        row.resources.append(t.ActivityResource(resource_id=luz.id, qty=Decimal(1)))
    assert loaded.write(ea.update_activity, uuid, "minutes", Decimal(30)) == Decimal(90)
    with pytest.raises(InputError, match="headcount"):
        loaded.write(ea.set_staff, uuid, [s.StaffUse("TDU", Decimal(0))])


def test_delete_and_restore_give_back_the_same_rows(loaded: Loaded) -> None:
    before = loaded.read(ea.version_activities, loaded.version)
    uuids = [before[1].uid, before[4].uid, before[8].uid]
    removed = loaded.write(ea.delete_activities, uuids)
    assert [r.row for r in removed] == [1, 4, 8]
    assert len(descriptions(loaded)) == 6
    loaded.write(ea.restore_activities, loaded.version, removed)
    assert loaded.read(ea.version_activities, loaded.version) == before


def test_reorder_and_move(loaded: Loaded) -> None:
    order = loaded.read(ea.activity_uuids, loaded.version)
    moved = ea.moved_order(order, [order[5], order[6]], 1)
    assert moved[1:3] == (order[5], order[6])
    previous = loaded.write(ea.reorder_activities, loaded.version, moved)
    assert previous == order
    assert loaded.read(ea.activity_uuids, loaded.version) == moved
    with pytest.raises(InputError):
        loaded.write(ea.reorder_activities, loaded.version, moved[:-1])


def test_moved_order_to_the_end_and_down() -> None:
    order = ("a", "b", "c", "d")
    assert ea.moved_order(order, ["a"], 4) == ("b", "c", "d", "a")
    assert ea.moved_order(order, ["b"], 4) == ("a", "c", "d", "b")
    assert ea.moved_order(order, ["c", "a"], 0) == ("a", "c", "b", "d")
    assert ea.moved_order(order, ["b"], 3) == ("a", "c", "b", "d")


def test_every_edit_is_logged(loaded: Loaded) -> None:
    count = change_count(loaded)
    uuid = loaded.read(ea.activity_uuids, loaded.version)[0]
    loaded.write(ea.update_activity, uuid, "note", "medido el 3/11", author="ana")
    assert change_count(loaded) == count + 1


def test_unknown_row_is_not_found(loaded: Loaded) -> None:
    with pytest.raises(NotFoundError):
        loaded.write(
            ea.update_activity, "00000000-0000-0000-0000-000000000000", "minutes", Decimal(1)
        )
