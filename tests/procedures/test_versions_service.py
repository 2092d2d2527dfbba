"""Versions: proposals copy with identity, rename, fee, adoption, delete/restore."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models.codes import Calificacion, VersionKind
from procedures.errors import InputError
from procedures.services import activities as ea
from procedures.services import measurement
from procedures.services import queries as eq
from procedures.services import versions as ev
from tests.procedures.builders import english_messages
from tests.procedures.editing_support import Loaded, load_into

_english = english_messages()


@pytest.fixture
def loaded(any_db: object) -> Loaded:
    return load_into(any_db)


def test_a_proposal_copies_with_new_uuids_based_on_the_source(loaded: Loaded) -> None:
    name = loaded.read(ev.proposal_name, loaded.procedure)
    assert name == "Proposal 1"
    new = loaded.write(ev.create_proposal, loaded.version, name)
    source = loaded.read(ea.version_activities, loaded.version)
    copy = loaded.read(ea.version_activities, new)
    assert [a.description for a in copy] == [a.description for a in source]
    assert [a.based_on for a in copy] == [a.uid for a in source]
    assert not set(a.uid for a in copy) & set(a.uid for a in source)
    assert copy[0].staff == source[0].staff
    header = loaded.read(eq.procedure_header, loaded.procedure)
    item = header.version(new)
    assert item.kind is VersionKind.TO_BE and item.based_on == "Actual"
    assert loaded.read(ev.proposal_name, loaded.procedure) == "Proposal 2"


def test_the_comparison_sees_the_proposal_change(loaded: Loaded) -> None:
    new = loaded.write(ev.create_proposal, loaded.version, "Simplificada")
    wait = loaded.read(ea.activity_uuids, new)[3]
    loaded.write(ea.delete_activities, [wait])
    comparison = loaded.read(measurement.compare, loaded.version, new)
    assert len(comparison.removed) == 1
    assert comparison.after.lead_time_minutes < comparison.before.lead_time_minutes


def test_names_are_unique_and_not_empty(loaded: Loaded) -> None:
    new = loaded.write(ev.create_proposal, loaded.version, "B")
    with pytest.raises(InputError, match="already a version"):
        loaded.write(ev.rename_version, new, "Actual")
    with pytest.raises(InputError, match="needs a name"):
        loaded.write(ev.create_proposal, loaded.version, "  ")
    assert loaded.write(ev.rename_version, new, "Digital") == "B"


def test_fee_and_overrides(loaded: Loaded) -> None:
    assert loaded.write(ev.update_version, loaded.version, "fee", Decimal("30.00")) == Decimal(
        "45.90"
    )
    assert (
        loaded.write(ev.update_version, loaded.version, "calificacion", Calificacion.AUTOMATICA)
        is None
    )
    with pytest.raises(InputError) as raised:
        loaded.write(ev.update_version, loaded.version, "fee", Decimal(-1))
    assert raised.value.problems[0].location.path == "version.fee"



def test_a_proposal_gets_its_own_requirements_and_can_drop_them(loaded: Loaded) -> None:
    from procedures.errors import NotFoundError
    from procedures.services import procedures as ep

    new = loaded.write(ev.create_proposal, loaded.version, "Menos requisitos")
    shared = loaded.read(ep.owner_requirements, ("procedure", loaded.procedure))
    assert loaded.read(ep.requirement_owner, new) == ("procedure", loaded.procedure)
    copy = loaded.read(ev.procedure_requirements_copy, new)
    assert [q.name for q in copy] == [q.name for q in shared] and not any(q.uid for q in copy)
    assert loaded.write(ev.set_own_requirements, new, copy) is None
    assert loaded.read(ep.requirement_owner, new) == ("version", new)
    own = loaded.read(ep.owner_requirements, ("version", new))
    assert [q.name for q in own] == [q.name for q in shared]
    assert not {q.uid for q in own} & {q.uid for q in shared}
    loaded.write(ep.delete_requirement, own[0].uid)
    # The engine measures the proposal with its own, shorter list; the procedure's stays.
    assert len(loaded.read(ep.owner_requirements, ("procedure", loaded.procedure))) \
        == len(shared)
    previous = loaded.write(ev.set_own_requirements, new, None)
    assert [q.uid for q in previous] == [q.uid for q in own[1:]]
    assert loaded.read(ep.requirement_owner, new) == ("procedure", loaded.procedure)
    # The undo writes the same rows back (same uuids).
    assert loaded.write(ev.set_own_requirements, new, previous) is None
    assert [q.uid for q in loaded.read(ep.owner_requirements, ("version", new))] \
        == [q.uid for q in previous]
    with pytest.raises(NotFoundError, match="the version no longer exists"):
        loaded.write(ev.set_own_requirements, "no-such-uuid", None)


def test_overrides_inherit_when_empty(loaded: Loaded) -> None:
    from models.codes import PlazoUnit

    new = loaded.write(ev.create_proposal, loaded.version, "Plazo corto")
    assert loaded.write(ev.update_version, new, "plazo", 5) is None
    assert loaded.write(ev.update_version, new, "plazo_unit", PlazoUnit.CALENDARIO) is None
    assert loaded.write(ev.update_version, new, "plazo", None) == 5
    with pytest.raises(InputError) as raised:
        loaded.write(ev.update_version, new, "plazo", -3)
    assert raised.value.problems[0].location.path == "version.plazo"

def test_adoption_is_exclusive_and_undoable(loaded: Loaded) -> None:
    a = loaded.write(ev.create_proposal, loaded.version, "A")
    b = loaded.write(ev.create_proposal, loaded.version, "B")
    loaded.write(ev.set_adopted, a)
    previous = loaded.write(ev.set_adopted, b)
    versions = {
        v.uuid: v.adopted for v in loaded.read(eq.procedure_header, loaded.procedure).versions
    }
    assert versions == {loaded.version: False, a: False, b: True}
    loaded.write(ev.restore_adoption, previous)
    versions = {
        v.uuid: v.adopted for v in loaded.read(eq.procedure_header, loaded.procedure).versions
    }
    assert versions[a] and not versions[b]


def test_delete_and_restore_keep_uuids_and_links(loaded: Loaded) -> None:
    a = loaded.write(ev.create_proposal, loaded.version, "A")
    b = loaded.write(ev.create_proposal, a, "B")
    rows = loaded.read(ea.version_activities, a)
    removed = loaded.write(ev.delete_version, a)
    assert removed.dependants == (b,)
    assert loaded.read(eq.procedure_header, loaded.procedure).version(b).based_on == ""
    loaded.write(ev.restore_version, removed)
    header = loaded.read(eq.procedure_header, loaded.procedure)
    assert header.version(a).based_on == "Actual"
    assert header.version(b).based_on == "A"
    assert loaded.read(ea.version_activities, a) == rows


def test_the_baseline_cannot_be_deleted(loaded: Loaded) -> None:
    with pytest.raises(InputError, match="baseline"):
        loaded.write(ev.delete_version, loaded.version)
