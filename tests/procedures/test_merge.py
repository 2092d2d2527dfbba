"""`import --merge` (issue #14, point 1): a municipality goes to a second database, both
sides change it (edits through the services and `import --replace` of edited packages),
and the merge keeps both sides' changes and lists exactly the fields both changed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from models import tables as t
from models.db import Database, open_database
from procedures import snapshots as s
from procedures.errors import InputError, ProblemCode
from procedures.services import activities, entities, procedures, versions
from procedures.services.merge import decide
from procedures.storage.read import load_entity
from procedures.storage.three_way import DELETED_IN_DATABASE, DELETED_IN_FILE
from tests.conftest import EXAMPLE
from tests.procedures.builders import english_messages
from tests.procedures.merge_support import (
    bring,
    edit,
    edit_package,
    export,
    merge,
    procedure,
    steps,
)

_english = english_messages()


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "laptop.sqlite")
    yield db
    db.close()


def out_to(office: Database, laptop: Database, tmp_path: Path, name: str = "to") -> None:
    """The office's municipality taken to the laptop."""
    bring(laptop, export(office, tmp_path / f"{name}.tramite.json"))


def both_sides_change(office: Database, laptop: Database, tmp_path: Path) -> Path:
    """The check's scenario: the laptop edits step 1 in the window and brings back an
    edited package of itself (`--replace`: step 2's minutes and the fee); the office
    edits step 1 too (the one field both change), step 3 and the yearly demand."""
    bring(office, EXAMPLE)
    out_to(office, laptop, tmp_path)
    edit(laptop, activities.update_activity, steps(laptop)[0].uid, "minutes", Decimal(15),
         author="juan")

    def edited(entity: dict) -> None:
        version = entity["procedures"][0]["versions"][0]
        version["activities"][1]["minutes"] = 7
        version["fee"] = "52.40"

    package = edit_package(export(laptop, tmp_path / "edited.tramite.json"), edited)
    bring(laptop, package, replace=True, author="juan")
    mine = steps(office)
    edit(office, activities.update_activity, mine[0].uid, "minutes", Decimal(12), author="ana")
    edit(office, activities.update_activity, mine[2].uid, "minutes", Decimal(20), author="ana")
    edit(office, procedures.update_procedure, procedure(office).uid, "annual_demand", 999,
         author="ana")
    return export(laptop, tmp_path / "back.tramite.json")


def minutes(db: Database) -> list[Decimal]:
    return [a.minutes for a in steps(db)]


def test_both_sides_changes_are_kept_and_the_one_field_both_changed_listed(
        any_db: Database, laptop: Database, tmp_path: Path) -> None:
    back = both_sides_change(any_db, laptop, tmp_path)
    result = merge(any_db, back)
    assert minutes(any_db)[:3] == [12, 7, 20]  # the database's 12 stays; 7 and 20 kept
    assert procedure(any_db).versions[0].fee == Decimal("52.40")
    assert procedure(any_db).annual_demand == 999
    [conflict] = result.conflicts
    assert (conflict.procedure, conflict.version, conflict.kind, conflict.field) == (
        "PA-07", "Actual", "activity", "minutes")
    assert conflict.step.startswith("1. ")
    assert (conflict.database, conflict.file, conflict.kept) == ("12.00", "15", "database")
    assert conflict.file_who == "juan" and conflict.file_when
    assert conflict.database_when
    assert result.taken == 2
    # The merge is in the history as a merge, field by field.
    with any_db.session() as session:
        merged = session.execute(select(t.ChangeLog.field, t.ChangeLog.old_value,
                                        t.ChangeLog.new_value)
                                 .where(t.ChangeLog.summary.like("Changed by a merge%"))).all()
    assert ("fee", "45.90", "52.40") in merged and ("minutes", "5.00", "7.00") in merged



def test_a_field_changed_by_import_replace_on_the_laptop_names_who_and_when(
        office: Database, laptop: Database, tmp_path: Path) -> None:
    """The laptop's `import --replace` of an edited package (the office's own file,
    edited by hand) is the laptop's work: the conflict it makes names the laptop's
    person and time, as an edit in the window would."""
    out_to(office, laptop, tmp_path)

    def edited(entity: dict) -> None:
        entity["procedures"][0]["versions"][0]["activities"][0]["minutes"] = 15

    package = edit_package(export(office, tmp_path / "edited.tramite.json"), edited)
    bring(laptop, package, replace=True, author="juan")
    edit(office, activities.update_activity, steps(office)[0].uid, "minutes", Decimal(12),
         author="ana")
    result = merge(office, export(laptop, tmp_path / "back.tramite.json"))
    [conflict] = result.conflicts
    assert (conflict.field, conflict.database, conflict.file) == ("minutes", "12.00", "15")
    assert (conflict.database_who, conflict.file_who) == ("ana", "juan")
    assert conflict.file_when


def test_prefer_file_keeps_the_files_value_and_still_lists_it(
        tmp_path: Path, laptop: Database) -> None:
    office = open_database(tmp_path / "office.sqlite")
    try:
        result = merge(office, both_sides_change(office, laptop, tmp_path), prefer_file=True)
        assert minutes(office)[:3] == [15, 7, 20]
        assert [(c.field, c.kept) for c in result.conflicts] == [("minutes", "file")]
    finally:
        office.close()


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "office.sqlite")
    bring(db, EXAMPLE)
    yield db
    db.close()


def new_step(description: str, like: s.Activity) -> s.Activity:
    return replace(like, description=description, uid="")


def test_deleted_on_one_side_and_changed_on_the_other_is_a_conflict(
        office: Database, laptop: Database, tmp_path: Path) -> None:
    out_to(office, laptop, tmp_path)
    theirs, mine = steps(laptop), steps(office)
    # The laptop deletes steps 4 (the office changes it) and 5 (nobody else touches it)
    # and adds one; the office deletes step 6 (the laptop changes it) and adds one.
    edit(laptop, activities.delete_activities, [theirs[3].uid, theirs[4].uid], author="juan")
    edit(laptop, activities.update_activity, theirs[5].uid, "minutes", Decimal(99),
         author="juan")
    edit(laptop, activities.insert_activities, procedure(laptop).versions[0].uid, 99,
         [new_step("Nuevo en la laptop", theirs[0])], author="juan")
    edit(office, activities.update_activity, mine[3].uid, "minutes", Decimal(44), author="ana")
    edit(office, activities.delete_activities, [mine[5].uid], author="ana")
    edit(office, activities.insert_activities, procedure(office).versions[0].uid, 0,
         [new_step("Nuevo en la oficina", mine[0])], author="ana")
    result = merge(office, export(laptop, tmp_path / "back.tramite.json"))
    names = [a.description for a in steps(office)]
    assert names[0] == "Nuevo en la oficina" and names[-1] == "Nuevo en la laptop"
    assert mine[3].description in names  # changed here, deleted there: kept
    assert mine[4].description not in names  # deleted there, untouched here: deleted
    assert mine[5].description not in names  # deleted here, changed there: stays deleted
    assert sorted((c.deleted, c.step.partition(". ")[2] or c.step) for c in result.conflicts) \
        == sorted([(DELETED_IN_FILE, mine[3].description),
                   (DELETED_IN_DATABASE, mine[5].description)])



def test_a_deletion_conflict_is_decided_either_way_and_back(
        office: Database, laptop: Database, tmp_path: Path) -> None:
    """Theirs: the step the file deleted goes, the one the database deleted comes back
    with the file's changes, in its place and with its uuid; mine puts both back."""
    out_to(office, laptop, tmp_path)
    theirs, mine = steps(laptop), steps(office)
    edit(laptop, activities.delete_activities, [theirs[3].uid], author="juan")
    edit(laptop, activities.update_activity, theirs[5].uid, "minutes", Decimal(99),
         author="juan")
    edit(office, activities.update_activity, mine[3].uid, "minutes", Decimal(44), author="ana")
    edit(office, activities.delete_activities, [mine[5].uid], author="ana")
    result = merge(office, export(laptop, tmp_path / "back.tramite.json"))
    assert {c.deleted for c in result.conflicts} == {DELETED_IN_FILE, DELETED_IN_DATABASE}
    assert all(c.owner == ("version", procedure(office).versions[0].uid)
               for c in result.conflicts)
    with office.session() as session, session.begin():
        assert decide(session, result.conflicts, file_side=True, author="lead") == 2
    after = steps(office)
    assert mine[3].uid not in [a.uid for a in after]
    back = next(a for a in after if a.uid == mine[5].uid)
    assert back.minutes == 99 and after.index(back) == 4  # its place in the file
    with office.session() as session, session.begin():
        assert decide(session, result.conflicts, file_side=False, author="lead") == 2
        assert decide(session, result.conflicts, file_side=False, author="lead") == 0
    again = steps(office)
    assert [a.uid for a in again if a.uid in (mine[3].uid, mine[5].uid)] == [mine[3].uid]
    assert again[3].minutes == 44 and again[3].description == mine[3].description


def test_two_laptops_from_the_same_state_merged_one_after_the_other(
        office: Database, laptop: Database, tmp_path: Path) -> None:
    second = open_database(tmp_path / "second.sqlite")
    try:
        package = export(office, tmp_path / "to.tramite.json")
        bring(laptop, package)
        bring(second, package)
        edit(laptop, activities.update_activity, steps(laptop)[0].uid, "minutes",
             Decimal(11), author="juan")
        edit(second, activities.update_activity, steps(second)[1].uid, "minutes",
             Decimal(22), author="rosa")
        edit(second, versions.update_version, procedure(second).versions[0].uid, "fee",
             Decimal("60.00"), author="rosa")
        first = merge(office, export(laptop, tmp_path / "a.tramite.json"))
        then = merge(office, export(second, tmp_path / "b.tramite.json"))
        assert first.conflicts == () and then.conflicts == ()
        assert minutes(office)[:2] == [11, 22]
        assert procedure(office).versions[0].fee == Decimal("60.00")
    finally:
        second.close()


def test_three_round_trips(office: Database, laptop: Database, tmp_path: Path) -> None:
    out_to(office, laptop, tmp_path)
    for trip, value in enumerate((Decimal(31), Decimal(32), Decimal(33)), start=1):
        edit(laptop, activities.update_activity, steps(laptop)[0].uid, "minutes", value,
             author="juan")
        edit(office, activities.update_activity, steps(office)[1].uid, "minutes",
             Decimal(40 + trip), author="ana")
        back = merge(office, export(laptop, tmp_path / f"back{trip}.tramite.json"))
        assert back.conflicts == ()
        assert minutes(office)[:2] == [value, 40 + trip]
        # The laptop takes the office's work back by a merge too (the office's package
        # says it was based on the laptop's state).
        there = merge(laptop, export(office, tmp_path / f"again{trip}.tramite.json"))
        assert there.conflicts == ()
        assert minutes(laptop)[:2] == [value, 40 + trip]


def test_a_laptop_that_sends_twice_without_taking_the_office_state_back(
        office: Database, laptop: Database, tmp_path: Path) -> None:
    out_to(office, laptop, tmp_path)
    edit(office, activities.update_activity, steps(office)[2].uid, "minutes", Decimal(50),
         author="ana")
    edit(laptop, activities.update_activity, steps(laptop)[0].uid, "minutes", Decimal(15),
         author="juan")
    assert merge(office, export(laptop, tmp_path / "1.tramite.json")).conflicts == ()
    edit(laptop, activities.update_activity, steps(laptop)[0].uid, "minutes", Decimal(16),
         author="juan")
    again = merge(office, export(laptop, tmp_path / "2.tramite.json"))
    assert again.conflicts == ()  # its first change came here already: not the office's
    assert minutes(office)[0] == 16 and minutes(office)[2] == 50


def test_a_package_from_another_database_or_without_origin_is_refused(
        office: Database, tmp_path: Path) -> None:
    other = open_database(tmp_path / "other.sqlite")
    try:
        bring(other, EXAMPLE)
        with pytest.raises(InputError) as refused:
            merge(office, export(other, tmp_path / "other.tramite.json"))
        [problem] = refused.value.problems
        assert problem.code is ProblemCode.NOT_FROM_HERE
        assert "came from another database" in problem.message
        with pytest.raises(InputError) as no_origin:
            merge(office, EXAMPLE)  # a format-1 package as written before: no origin
        assert no_origin.value.codes == {ProblemCode.NOT_FROM_HERE}
        assert "does not say which database" in no_origin.value.problems[0].message
    finally:
        other.close()


def test_replace_keeps_the_identities(office: Database, tmp_path: Path) -> None:
    before = procedure(office)

    def edited(entity: dict) -> None:
        entity["procedures"][0]["versions"][0]["activities"][0]["minutes"] = 77

    bring(office, edit_package(export(office, tmp_path / "e.tramite.json"), edited),
          replace=True)
    after = procedure(office)
    assert after.uid == before.uid
    assert [a.uid for a in after.versions[0].activities] == [
        a.uid for a in before.versions[0].activities]
    with office.session() as session:
        logged = session.execute(select(t.ChangeLog.object_uuid, t.ChangeLog.old_value,
                                        t.ChangeLog.new_value)
                                 .where(t.ChangeLog.field == "minutes")).all()
    assert (before.versions[0].activities[0].uid, "10.00", "77.00") in logged


def test_settings_and_a_renamed_code_merge_too(office: Database, laptop: Database,
                                               tmp_path: Path) -> None:
    from procedures.services import entities

    out_to(office, laptop, tmp_path)
    edit(laptop, procedures.update_procedure, procedure(laptop).uid, "code", "PA-70",
         author="juan")
    edit(laptop, entities.update_entity, "060101", "citizen_hour_value", Decimal("6.10"),
         author="juan")
    edit(office, entities.update_entity, "060101", "travel_minutes", Decimal(45),
         author="ana")
    edit(office, activities.update_activity, steps(office)[0].uid, "minutes", Decimal(13),
         author="ana")
    result = merge(office, export(laptop, tmp_path / "back.tramite.json"))
    assert result.conflicts == ()
    merged = procedure(office, "PA-70")
    assert merged.uid == procedure(laptop, "PA-70").uid
    assert merged.versions[0].activities[0].minutes == 13
    with office.session() as session:
        assert session.scalar(select(t.Procedure.code)) == "PA-70"  # one procedure
        assert session.query(t.Procedure).count() == 1
        row = session.scalar(select(t.Entity))
        assert row is not None
        assert (row.citizen_hour_value, row.travel_minutes) == (Decimal("6.10"), 45)


def test_requirements_travel_with_their_identity(office: Database, laptop: Database,
                                                 tmp_path: Path) -> None:
    out_to(office, laptop, tmp_path)
    mine, theirs = procedure(office).requirements, procedure(laptop).requirements
    assert [q.uid for q in theirs] == [q.uid for q in mine]  # the package's ids kept
    edit(laptop, procedures.update_requirement, theirs[0].uid, "cost", Decimal("3.50"),
         author="juan")
    edit(office, procedures.delete_requirement, mine[1].uid, author="ana")
    result = merge(office, export(laptop, tmp_path / "back.tramite.json"))
    assert result.conflicts == ()
    after = procedure(office).requirements
    assert [q.uid for q in after] == [mine[0].uid, *(q.uid for q in mine[2:])]
    assert after[0].cost == Decimal("3.50")  # deleted here stays deleted; changed there kept


def units(db: Database) -> dict[str, str]:
    with db.session() as session:
        entity = load_entity(session, "060101")
    return {u.code: u.name for u in entity.units}


def add_unit(db: Database, code: str, author: str) -> None:
    edit(db, entities.add_item, "unit", "060101", s.Unit(code, f"Oficina {code}", 0),
         author=author)


def unit_uid(db: Database, code: str) -> str:
    with db.session() as session:
        entity = load_entity(session, "060101")
    return next(u.uid for u in entity.units if u.code == code)


def test_units_deleted_on_one_side_stay_deleted_and_a_changed_one_is_a_conflict(
        office: Database, laptop: Database, tmp_path: Path) -> None:
    """The office's deletion of an unused unit stays (it used to come back), the
    laptop's deletion is carried out, and one changed here but deleted there is kept
    and listed."""
    for code in ("X1", "X2", "X3"):
        add_unit(office, code, "ana")
    out_to(office, laptop, tmp_path)
    edit(office, entities.delete_item, "unit", unit_uid(office, "X1"), author="ana")
    edit(laptop, entities.delete_item, "unit", unit_uid(laptop, "X2"), author="juan")
    edit(laptop, entities.delete_item, "unit", unit_uid(laptop, "X3"), author="juan")
    edit(office, entities.update_item, "unit", unit_uid(office, "X3"), "name",
         "Oficina renombrada", author="ana")
    used = next(iter(units(office)))  # named by steps: never deleted by a merge
    result = merge(office, export(laptop, tmp_path / "back.tramite.json"))
    after = units(office)
    assert "X1" not in after and "X2" not in after
    assert after["X3"] == "Oficina renombrada" and used in after
    [conflict] = result.conflicts
    assert (conflict.kind, conflict.uid, conflict.deleted) == ("unit", "X3", DELETED_IN_FILE)
    with office.session() as session, session.begin():
        assert decide(session, result.conflicts, file_side=True, author="lead") == 1
    assert "X3" not in units(office)
    with office.session() as session, session.begin():
        assert decide(session, result.conflicts, file_side=False, author="lead") == 1
    assert units(office)["X3"] == "Oficina renombrada"


def test_both_sides_reordering_the_steps_differently_is_a_conflict_decided_either_way(
        office: Database, laptop: Database, tmp_path: Path) -> None:
    out_to(office, laptop, tmp_path)
    theirs, mine = steps(laptop), steps(office)
    order = [a.uid for a in mine]
    office_order = [order[1], order[0], *order[2:]]
    laptop_order = [*order[:2], order[3], order[2], *order[4:]]
    edit(office, activities.reorder_activities, procedure(office).versions[0].uid,
         office_order, author="ana")
    edit(laptop, activities.reorder_activities, procedure(laptop).versions[0].uid,
         laptop_order, author="juan")
    result = merge(office, export(laptop, tmp_path / "back.tramite.json"))
    assert [a.uid for a in steps(office)] == office_order  # the database's order stays
    [conflict] = result.conflicts
    assert (conflict.kind, conflict.field, conflict.version) == ("version", "order", "Actual")
    assert conflict.database.startswith("1, 2, 3, 4") and conflict.file.startswith("2, 1, 4, 3")
    assert conflict.database_who == "ana" and conflict.file_who == "juan"
    with office.session() as session, session.begin():
        decide(session, result.conflicts, file_side=True, author="lead")
    assert [a.uid for a in steps(office)] == laptop_order
    with office.session() as session, session.begin():
        decide(session, result.conflicts, file_side=False, author="lead")
    assert [a.uid for a in steps(office)] == office_order
    assert len(theirs) == len(mine)


def test_one_side_reordering_is_no_conflict(
        office: Database, laptop: Database, tmp_path: Path) -> None:
    out_to(office, laptop, tmp_path)
    order = [a.uid for a in steps(office)]
    laptop_order = [order[1], order[0], *order[2:]]
    edit(laptop, activities.reorder_activities, procedure(laptop).versions[0].uid,
         laptop_order, author="juan")
    result = merge(office, export(laptop, tmp_path / "back.tramite.json"))
    assert result.conflicts == ()
    assert [a.uid for a in steps(office)] == laptop_order
