"""Procedures and requirements: create, TUPA fields, delete/restore, requirement list."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models.codes import PlazoUnit, RequirementKind, VersionKind
from procedures import snapshots as s
from procedures.errors import InputError
from procedures.services import procedures as ep
from procedures.services import queries as eq
from procedures.services import versions as ev
from tests.conftest import table_dump
from tests.procedures.builders import english_messages
from tests.procedures.editing_support import Loaded, load_into

_english = english_messages()


@pytest.fixture
def loaded(any_db: object) -> Loaded:
    return load_into(any_db)


def test_a_new_procedure_has_an_empty_as_is_version(loaded: Loaded) -> None:
    code = loaded.read(ep.free_code, "060101")
    assert code == "PA-01"
    uuid = loaded.write(ep.create_procedure, "060101", code, "Licencia de funcionamiento")
    header = loaded.read(eq.procedure_header, uuid)
    assert header.name == "Licencia de funcionamiento"
    (version,) = header.versions
    assert version.kind is VersionKind.AS_IS
    with pytest.raises(InputError, match="already a procedure"):
        loaded.write(ep.create_procedure, "060101", "PA-07", "Otro")
    with pytest.raises(InputError, match="cannot be empty"):
        loaded.write(ep.create_procedure, "060101", "PA-99", " ")


def test_tupa_fields(loaded: Loaded) -> None:
    p = loaded.procedure
    assert loaded.write(ep.update_procedure, p, "plazo", 10) == 15
    assert (
        loaded.write(ep.update_procedure, p, "plazo_unit", PlazoUnit.CALENDARIO)
        is PlazoUnit.HABILES
    )
    assert loaded.write(ep.update_procedure, p, "filed_at", "DU") == "TD"
    assert loaded.write(ep.update_procedure, p, "approved_by", None) == "DU"
    assert loaded.write(ep.update_procedure, p, "annual_demand", 300) == 240
    assert loaded.write(ep.update_procedure, p, "code", "PA-08") == "PA-07"
    _entity, procedure = loaded.read(eq.procedure_fields, p)
    assert (procedure.plazo, procedure.filed_at, procedure.approved_by) == (10, "DU", None)
    for field, value in [
        ("annual_demand", -1),
        ("plazo", "diez"),
        ("filed_at", "ZZ"),
        ("preparation_minutes", Decimal(-5)),
    ]:
        with pytest.raises(InputError) as raised:
            loaded.write(ep.update_procedure, p, field, value)
        assert raised.value.problems[0].location.path == f"procedure.{field}"


def test_delete_and_restore_a_procedure(loaded: Loaded) -> None:
    ev_uuid = loaded.write(ev.create_proposal, loaded.version, "Propuesta")
    del ev_uuid
    before = table_dump(loaded.db)
    removed = loaded.write(ep.delete_procedure, loaded.procedure)
    loaded.write(ep.restore_procedure, removed)
    after = table_dump(loaded.db)
    # The same rows come back (ids may differ; uuids and values do not).
    for table in ("procedure", "version", "activity", "requirement"):
        assert _without_ids(after[table]) == _without_ids(before[table]), table


def _without_ids(rows: list[tuple]) -> list[tuple]:
    return sorted(tuple(v for v in row if not v.isdigit()) for row in rows)


def test_requirements_list(loaded: Loaded) -> None:
    owner = loaded.read(ep.requirement_owner, loaded.version)
    assert owner == ("procedure", loaded.procedure)
    first = loaded.read(ep.owner_requirements, owner)
    assert len(first) == 2
    new = loaded.write(
        ep.add_requirement,
        owner,
        0,
        s.Requirement("Copia legalizada del DNI", RequirementKind.ESPECIFICO, Decimal("5.00")),
    )
    listed = loaded.read(ep.owner_requirements, owner)
    assert listed[0].uid == new and len(listed) == 3
    assert loaded.write(ep.update_requirement, new, "cost", Decimal("2.50")) == Decimal("5.00")
    with pytest.raises(InputError) as raised:
        loaded.write(ep.update_requirement, new, "name", "")
    assert raised.value.problems[0].location.path == "requirements[0].name"
    previous = loaded.write(
        ep.reorder_requirements, owner, [listed[1].uid, listed[2].uid, listed[0].uid]
    )
    assert previous == tuple(q.uid for q in listed)
    removed = loaded.write(ep.delete_requirement, new)
    assert removed.row == 2
    loaded.write(ep.restore_requirement, removed)
    assert loaded.read(ep.owner_requirements, owner)[2].uid == new
