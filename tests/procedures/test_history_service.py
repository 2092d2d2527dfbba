"""The change history: every kind of change records who, what, field, old and new in
its own transaction, and a change can be reverted (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from models import tables as t
from models.codes import TimeSource
from procedures import snapshots as s
from procedures.change_words import field_text, history_json, new_words, old_words
from procedures.errors import ConflictError, InputError
from procedures.i18n import use_language
from procedures.services import activities as ea
from procedures.services import entities as ee
from procedures.services import procedures as ep
from procedures.services import reference as er
from procedures.services import versions as ev
from procedures.services.history import Change, changes, revert_change
from procedures.services.imports import import_package
from tests.conftest import EXAMPLE
from tests.procedures.editing_support import Loaded, load_into


@pytest.fixture
def loaded(any_db: object) -> Loaded:
    return load_into(any_db)


def newest(loaded: Loaded, procedure: str = "") -> Change:
    return loaded.read(changes, "060101", procedure)[0]


def is_server(loaded: Loaded) -> bool:
    return loaded.db.engine.dialect.name == "postgresql"  # type: ignore[attr-defined]


def test_a_fee_change_records_old_and_new_in_its_procedure_and_version(loaded: Loaded) -> None:
    loaded.write(ev.update_version, loaded.version, "fee", Decimal("50"), "ana")
    change = newest(loaded, "PA-07")
    assert (change.kind, change.field, change.old, change.new) == ("version", "fee", "45.90",
                                                                    "50")
    assert (change.procedure, change.version) == ("PA-07", "Actual")
    assert change.who == ("postgres" if is_server(loaded) else "ana")
    row = history_json([change])[0]
    assert list(row) == ["when", "who", "entity", "procedure", "version", "what", "field",
                         "old", "new"]
    assert (row["field"], row["old"], row["new"]) == ("fee", "45.90", "50.00")


def test_the_server_records_its_own_user_not_the_name_the_app_gives(loaded: Loaded) -> None:
    if not is_server(loaded):
        pytest.skip("PostgreSQL only")
    loaded.write(ev.update_version, loaded.version, "note", "x", "someone else")
    with loaded.session() as session:
        user = session.scalar(text("SELECT current_user"))
    assert newest(loaded).who == user


def test_each_kind_of_step_edit_records_its_field(loaded: Loaded) -> None:
    uuids = loaded.read(ea.activity_uuids, loaded.version)
    loaded.write(ea.update_activity, uuids[2], "time_source", TimeSource.INTERVIEW, "ana")
    change = newest(loaded)
    assert (change.kind, change.field, change.old, change.new) == (
        "activity", "time_source", "", "interview")
    assert change.object_uuid == uuids[2] and change.object_label.startswith("3. ")
    with use_language("es"):
        assert field_text(change) == "Origen del tiempo"
        assert new_words(change) == "Entrevista"
        assert "time_source" not in change.summary  # the sentence names the field in words
    loaded.write(ea.update_activity, uuids[2], "time_date", date(2026, 5, 4), "ana")
    assert newest(loaded).new == "2026-05-04"
    loaded.write(ea.set_staff, uuids[1], [], "ana")
    loaded.write(ea.update_activity, uuids[1], "unit", None, "ana")
    change = newest(loaded)
    assert (change.field, change.old, change.new) == ("unit", "TD", "")
    with use_language("es"):
        assert new_words(change) == "Ciudadano"
    loaded.write(ea.set_staff, uuids[3], [s.StaffUse("TMP", Decimal(2))], "ana")
    change = newest(loaded)
    assert (change.field, change.new) == ("staff", "TMP×2")
    loaded.write(ea.update_activity, uuids[4], "parallel", True, "ana")
    with use_language("en"):
        assert (old_words(newest(loaded)), new_words(newest(loaded))) == ("No", "Yes")


def test_inserts_deletes_and_reorders_are_recorded_one_by_one(loaded: Loaded) -> None:
    blank = ea.blank_activity("TD")
    new = loaded.write(ea.insert_activities, loaded.version, 0, [blank, blank], "ana")
    found = loaded.read(changes, "060101", "PA-07")
    assert [(c.action, c.object_uuid) for c in found[:2]] == [("create", new[1]),
                                                            ("create", new[0])]
    loaded.write(ea.delete_activities, list(new), "ana")
    found = loaded.read(changes, "060101", "PA-07")
    assert {(c.action, c.object_uuid, c.old) for c in found[:2]} == {
        ("delete", new[0], blank.description), ("delete", new[1], blank.description)}
    order = loaded.read(ea.activity_uuids, loaded.version)
    loaded.write(ea.reorder_activities, loaded.version, [order[1], order[0], *order[2:]], "ana")
    change = newest(loaded)
    assert (change.field, change.old[:7], change.new[:7]) == ("order", "1, 2, 3", "2, 1, 3")


def test_procedure_requirement_entity_and_item_changes(loaded: Loaded) -> None:
    loaded.write(ep.update_procedure, loaded.procedure, "plazo", 10, "ana")
    assert (newest(loaded).field, newest(loaded).old, newest(loaded).new) == ("plazo", "15",
                                                                               "10")
    loaded.write(ep.update_procedure, loaded.procedure, "annual_demand", 0, "ana")
    assert newest(loaded).new == "0"
    owner = loaded.read(ep.requirement_owner, loaded.version)
    first = loaded.read(ep.owner_requirements, owner)[0]
    loaded.write(ep.update_requirement, first.uid, "cost", Decimal("3.50"), "ana")
    change = newest(loaded, "PA-07")
    assert (change.kind, change.field, change.new, change.procedure) == (
        "requirement", "cost", "3.50", "PA-07")
    loaded.write(ee.update_entity, "060101", "travel_fare", Decimal("7"), "ana")
    change = newest(loaded)
    assert (change.kind, change.field, change.old, change.new) == (
        "entity", "travel_fare", "6.00", "7")
    with use_language("es"):
        assert field_text(change) == "Pasaje por viaje (S/)"
        assert new_words(change) == "7.00"
    with loaded.session() as session:
        luz = session.scalar(select(t.Resource.uuid).where(t.Resource.code == "LUZ"))
    loaded.write(ee.set_allocation, luz, "TD", "tupa_factor", Decimal("0.5"), "ana")
    change = newest(loaded)
    assert (change.kind, change.field, change.old, change.new) == (
        "resource", "tupa_factor.TD", "0.8000", "0.5")
    with use_language("en"):
        assert field_text(change) == "TUPA factor (Resources) of TD"


def test_reference_values_are_recorded_without_a_municipality(loaded: Loaded) -> None:
    loaded.write(er.set_reference, 2031, Decimal("6000"), Decimal("1200"), "ana")
    with loaded.session() as session:
        rows = session.execute(select(t.ChangeLog.field, t.ChangeLog.new_value).where(
            t.ChangeLog.object_kind == "reference_value")).all()
    assert sorted(rows) == [("rmv", "1200"), ("uit", "6000")]


def test_an_import_records_each_procedure_and_the_changed_settings(any_db: object) -> None:
    loaded = load_into(any_db)
    loaded.write(ee.update_entity, "060101", "travel_fare", Decimal("9"), "ana")
    with any_db.session() as session, session.begin():  # type: ignore[attr-defined]
        import_package(session, EXAMPLE, replace=True, author="ana")
    found = loaded.read(changes, "060101")
    actions = [(c.kind, c.action, c.field) for c in found]
    assert ("procedure", "import_replace", "") in actions
    assert ("entity", "update", "travel_fare") in actions  # the file's 6.00 came back
    # The example's rows carry no uuids: its version (with its steps) replaces the stored one.
    assert actions.count(("version", "delete", "")) == 1
    assert actions.count(("version", "create", "")) == 1
    fare = next(c for c in found if c.field == "travel_fare" and c.action == "update"
                and c.old.startswith("9"))
    assert fare.new == "6.00"


def test_a_refused_edit_leaves_no_entry(loaded: Loaded) -> None:
    before = len(loaded.read(changes, "060101"))
    with pytest.raises(InputError):
        loaded.write(ev.update_version, loaded.version, "fee", Decimal("-1"), "ana")
    assert len(loaded.read(changes, "060101")) == before


def test_newest_first(loaded: Loaded) -> None:
    for fee in ("46", "47", "48"):
        loaded.write(ev.update_version, loaded.version, "fee", Decimal(fee), "ana")
    found = [c.new for c in loaded.read(changes, "060101", "PA-07") if c.field == "fee"]
    assert found == ["48", "47", "46"]


def test_revert_puts_the_old_value_back_and_its_revert_undoes_it(loaded: Loaded) -> None:
    loaded.write(ev.update_version, loaded.version, "fee", Decimal("50"), "ana")
    change = newest(loaded)
    undo_id = loaded.write(revert_change, change.id, "ana")
    with loaded.session() as session:
        assert session.get_one(t.Version, 1).fee == Decimal("45.90")
        entry = session.get_one(t.ChangeLog, undo_id)
        assert (entry.field, entry.old_value, entry.new_value) == ("fee", "50.00", "45.90")
    loaded.write(revert_change, undo_id, "ana")  # the undo of the revert
    with loaded.session() as session:
        assert session.scalar(select(t.Version.fee).where(
            t.Version.uuid == loaded.version)) == Decimal("50.00")


def test_revert_is_refused_when_changed_since_or_gone(loaded: Loaded) -> None:
    loaded.write(ev.update_version, loaded.version, "fee", Decimal("50"), "ana")
    first = newest(loaded)
    loaded.write(ev.update_version, loaded.version, "fee", Decimal("60"), "ana")
    with pytest.raises(ConflictError, match=re.escape("60.00")):
        loaded.write(revert_change, first.id, "ana")
    uuids = loaded.read(ea.activity_uuids, loaded.version)
    loaded.write(ea.update_activity, uuids[0], "minutes", Decimal(11), "ana")
    minutes = newest(loaded)
    loaded.write(ea.delete_activities, [uuids[0]], "ana")
    with use_language("en"), pytest.raises(ConflictError, match="no longer exists"):
        loaded.write(revert_change, minutes.id, "ana")
    deleted = newest(loaded)
    with use_language("en"), pytest.raises(ConflictError, match="only the change of one"):
        loaded.write(revert_change, deleted.id, "ana")


def test_revert_of_staff_and_of_a_unit_link(loaded: Loaded) -> None:
    uuids = loaded.read(ea.activity_uuids, loaded.version)
    before = loaded.read(ea.version_activities, loaded.version)[3].staff
    loaded.write(ea.set_staff, uuids[3], [s.StaffUse("TMP", Decimal(2))], "ana")
    loaded.write(revert_change, newest(loaded).id, "ana")
    assert loaded.read(ea.version_activities, loaded.version)[3].staff == before
    loaded.write(ep.update_procedure, loaded.procedure, "filed_at", "DU", "ana")
    loaded.write(revert_change, newest(loaded).id, "ana")
    with loaded.session() as session:
        row = session.scalar(select(t.Procedure).where(t.Procedure.uuid == loaded.procedure))
        assert session.get_one(t.Unit, row.filed_at_id).code == "TD"
