"""Copying a procedure into other municipalities: the same steps, costed at the new home."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from models import tables as t
from models.codes import VersionKind
from procedures import snapshots as s
from procedures.errors import InputError, ProblemCode
from procedures.services import copying as ec
from procedures.services.lookup import procedure_uuid
from procedures.services.matching import links_of
from procedures.services.measurement import procedure_context
from procedures.storage.read import load_procedure
from tests.conftest import table_dump
from tests.procedures.builders import english_messages
from tests.procedures.copy_support import EMPTY, NEAR, SOURCE, load

_english = english_messages()


@pytest.fixture
def source(sqlite_db: Any, tmp_path: Path) -> str:
    return load(sqlite_db, tmp_path)


def write(db: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
    with db.session() as session, session.begin():
        return fn(session, *args, **kwargs)


def read(db: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
    with db.session() as session:
        return fn(session, *args, **kwargs)


def steps(version: s.Version) -> list[tuple[Any, ...]]:
    """What a step is, whatever the codes of its lane, staff and resources."""
    return [(a.description, a.citizen, a.type, a.value, a.minutes, a.probability, a.parallel,
             a.in_person, sum(x.count for x in a.staff), sum(x.qty for x in a.resources),
             a.action) for a in version.activities]


def figures(db: Any, ubigeo: str, code: str = "PA-07") -> dict[str, Any]:
    def run(session: Any) -> dict[str, Any]:
        context = procedure_context(session, procedure_uuid(session, ubigeo, code))
        return {v.name: context.measure(v).metrics for v in context.procedure.versions}
    return read(db, run)


def test_a_copy_measures_the_same_steps_at_its_new_homes_rates(sqlite_db: Any,
                                                                 source: str) -> None:
    result = write(sqlite_db, ec.copy_procedure, source, [NEAR, EMPTY])
    assert [t_.ubigeo for t_ in result.targets] == [NEAR, EMPTY]
    _e, original = read(sqlite_db, load_procedure, SOURCE, "PA-07")
    for ubigeo in (NEAR, EMPTY):
        _entity, copied = read(sqlite_db, load_procedure, ubigeo, "PA-07")
        assert [v.name for v in copied.versions] == ["Actual", "Propuesta"]
        for before, after in zip(original.versions, copied.versions, strict=True):
            assert steps(after) == steps(before)
            assert after.fee == before.fee and after.kind is before.kind
        # the proposal is still based on the as-is, step by step (identity kept)
        as_is, proposal = copied.versions
        assert proposal.based_on == "Actual"
        assert [a.based_on for a in proposal.activities] == [a.uid for a in as_is.activities]
        assert copied.requirements == tuple(
            s.Requirement(q.name, q.kind, q.cost, q.legal_basis, uid=c.uid)
            for q, c in zip(original.requirements, copied.requirements, strict=True))
    # matched by code (TD, TMP, A4) and by name (DU -> OBR, TDU -> T1); the rest created
    _near, near_copy = read(sqlite_db, load_procedure, NEAR, "PA-07")
    lanes = {(a.description, a.unit) for a in near_copy.versions[0].activities}
    originals = {(a.description, a.unit) for a in original.versions[0].activities}
    mapping = {"TD": "TD", "DU": "OBR", None: None}
    assert lanes == {(d, mapping.get(u, u)) for d, u in originals}
    near = result.targets[0]
    assert {(c.kind, c.code) for c in near.created} == {
        ("position", "SDU"), ("resource", "FOLDER"), ("resource", "MOV-2")} - _unused(original)
    # its MOV is an allocated cost: the steps' MOV is created beside it, never mapped on it
    assert {(c.code, c.source_code) for c in near.created if c.kind == "resource"} >= {
        ("MOV-2", "MOV")}
    empty = result.targets[1]
    assert {(c.kind, c.code) for c in empty.created} == {
        ("unit", "TD"), ("unit", "DU"), ("position", "TMP"), ("position", "TDU"),
        ("position", "SDU"), ("resource", "A4"), ("resource", "FOLDER"),
        ("resource", "MOV")} - _unused(original)
    # costs: the empty municipality got the source's positions and resources (said so),
    # but none of its allocated resources -> the same direct costs, no allocated ones
    at_source, at_empty, at_near = (figures(sqlite_db, u)["Actual"]
                                    for u in (SOURCE, EMPTY, NEAR))
    for element in ("personal", "material_fungible", "servicio_identificable"):
        assert getattr(at_empty.cost, element) == getattr(at_source.cost, element)
    assert at_source.cost.costos_fijos > 0 and at_source.cost.depreciacion > 0
    assert at_empty.cost.costos_fijos == 0 and at_empty.cost.depreciacion == 0
    # the near one pays its own front-desk clerk half as much: a lower personnel cost
    assert 0 < at_near.cost.personal < at_source.cost.personal
    assert (at_near.citizen.hour_value, at_source.citizen.hour_value) == (Decimal("4.00"),
                                                                          Decimal("5.43"))
    # the figures the result carries are those of the new home
    assert near.figures[0].unit_cost == at_near.cost.unit_cost


def _unused(procedure: s.Procedure) -> set[tuple[str, str]]:
    used = {("unit", a.unit) for v in procedure.versions for a in v.activities if a.unit}
    used |= {("unit", u) for u in (procedure.filed_at, procedure.approved_by) if u}
    used |= {("position", x.position) for v in procedure.versions for a in v.activities
             for x in a.staff}
    used |= {("resource", x.resource) for v in procedure.versions for a in v.activities
             for x in a.resources}
    every = {("unit", c) for c in ("TD", "DU")} | {("position", c) for c in
                                                   ("TMP", "TDU", "SDU")}
    every |= {("resource", c) for c in ("A4", "FOLDER", "MOV")}
    return every - used


def test_copies_have_new_uuids_and_a_trace(sqlite_db: Any, source: str) -> None:
    write(sqlite_db, ec.copy_procedure, source, [EMPTY], author="ana")
    _e, original = read(sqlite_db, load_procedure, SOURCE, "PA-07")
    _e, copied = read(sqlite_db, load_procedure, EMPTY, "PA-07")

    def uids(p: s.Procedure) -> set[str]:
        return ({p.uid} | {v.uid for v in p.versions}
                | {a.uid for v in p.versions for a in v.activities}
                | {q.uid for q in p.requirements})
    assert not uids(original) & uids(copied)
    with sqlite_db.session() as session:
        trace = session.scalar(select(t.ChangeLog.summary).where(
            t.ChangeLog.action == "copy", t.ChangeLog.object_uuid == copied.uid))
    assert trace == "Copied from PA-07 of Municipalidad Provincial de Cajamarca (060101)"
    with sqlite_db.session() as session:
        assert links_of(session, [original.uid]) == {original.uid: ["060103/PA-07"]}


def test_an_existing_procedure_is_refused_everywhere_unless_replacing(sqlite_db: Any,
                                                                       source: str) -> None:
    write(sqlite_db, ec.copy_procedure, source, [NEAR])
    before = table_dump(sqlite_db)
    with pytest.raises(InputError) as refused:
        write(sqlite_db, ec.copy_procedure, source, [EMPTY, NEAR])
    assert [str(p) for p in refused.value.problems] == [
        "060102: Municipalidad Distrital de Asunción already has a procedure PA-07 "
        "(Certificado de posesión)"]
    assert refused.value.codes == {ProblemCode.EXISTING_PROCEDURE}
    assert table_dump(sqlite_db) == before  # not even the empty one was written
    with pytest.raises(InputError, match="no entity with ubigeo 069999"):
        write(sqlite_db, ec.copy_procedure, source, ["069999"])
    with pytest.raises(InputError, match="copied from"):
        write(sqlite_db, ec.copy_procedure, source, [SOURCE])
    assert table_dump(sqlite_db) == before


def test_replacing_keeps_what_belongs_to_the_target(sqlite_db: Any, source: str) -> None:
    write(sqlite_db, ec.copy_procedure, source, [NEAR])

    def set_own(session: Any) -> None:
        row = session.scalar(select(t.Procedure).join(t.Entity).where(
            t.Entity.ubigeo == NEAR, t.Procedure.code == "PA-07"))
        row.annual_demand, row.contact, row.position = 77, "Mesa de partes de Asunción", 1
    write(sqlite_db, set_own)
    result = write(sqlite_db, ec.copy_procedure, source, [NEAR], replace=True)
    (near,) = result.targets
    assert near.replaced_procedure is not None and not near.created  # SDU exists now
    _e, copied = read(sqlite_db, load_procedure, NEAR, "PA-07")
    assert (copied.annual_demand, copied.contact) == (77, "Mesa de partes de Asunción")
    with sqlite_db.session() as session:
        assert session.scalar(select(func.count()).select_from(t.Procedure).join(t.Entity)
                              .where(t.Entity.ubigeo == NEAR)) == 2
    # a new copy leaves the demand for the clerk, and says so
    fresh = write(sqlite_db, ec.copy_procedure, source, [EMPTY])
    assert fresh.targets[0].demand_left and fresh.source_demand == 240
    _e, empty_copy = read(sqlite_db, load_procedure, EMPTY, "PA-07")
    assert (empty_copy.annual_demand, empty_copy.contact) == (0, "")
    assert "missing_demand" in fresh.targets[0].figures[0].warnings


def test_the_clerks_mapping_is_used_and_checked(sqlite_db: Any, source: str) -> None:
    plan = read(sqlite_db, ec.copy_plan, source, [NEAR])
    (near,) = plan.targets
    how = {(n.kind, n.code): (n.match, n.how) for n in near.needs}
    assert how[("unit", "TD")] == ("TD", "code")
    assert how[("unit", "DU")] == ("OBR", "name")
    assert how[("position", "TDU")] == ("T1", "name")
    assert how[("position", "SDU")] == ("", "")
    mapping = {"position": {"SDU": "T1", "TDU": ec.CREATE}}
    with pytest.raises(InputError, match="'NOPE'"):
        write(sqlite_db, ec.copy_procedure, source,
              [ec.CopyTarget(NEAR, {"unit": {"DU": "NOPE"}})])
    result = write(sqlite_db, ec.copy_procedure, source, [ec.CopyTarget(NEAR, mapping)])
    created = [(c.kind, c.code) for c in result.targets[0].created]
    assert [c for c in created if c[0] != "resource"] == [("position", "TDU")]
    _e, copied = read(sqlite_db, load_procedure, NEAR, "PA-07")
    staff = {x.position for a in copied.versions[0].activities for x in a.staff}
    assert "SDU" not in staff and {"T1", "TDU"} <= staff


def test_one_version_into_an_existing_procedure_and_into_a_new_one(sqlite_db: Any,
                                                                    source: str) -> None:
    write(sqlite_db, ec.copy_procedure, source, [NEAR], version="Actual")
    _e, only = read(sqlite_db, load_procedure, NEAR, "PA-07")
    assert [(v.name, v.kind) for v in only.versions] == [("Actual", VersionKind.AS_IS)]
    result = write(sqlite_db, ec.copy_procedure, source, [NEAR, EMPTY], version="Propuesta")
    near, empty = result.targets
    assert not near.new_procedure and empty.new_procedure
    _e, near_copy = read(sqlite_db, load_procedure, NEAR, "PA-07")
    assert [v.name for v in near_copy.versions] == ["Actual", "Propuesta"]
    assert near_copy.versions[1].based_on == "Actual"
    _e, empty_copy = read(sqlite_db, load_procedure, EMPTY, "PA-07")
    # a proposal alone comes with an empty as-is version for the clerk to map
    assert [(v.name, v.kind, len(v.activities)) for v in empty_copy.versions] == [
        ("Current", VersionKind.AS_IS, 0), ("Propuesta", VersionKind.TO_BE, 9)]
    with pytest.raises(InputError, match="already has a version 'Propuesta'"):
        write(sqlite_db, ec.copy_procedure, source, [NEAR], version="Propuesta")
    with pytest.raises(InputError, match="baseline"):
        write(sqlite_db, ec.copy_procedure, source, [NEAR], version="Actual", replace=True)
    again = write(sqlite_db, ec.copy_procedure, source, [NEAR], version="Propuesta",
                  replace=True)
    assert again.targets[0].replaced_version is not None
    with pytest.raises(InputError, match="no version 'Nada'"):
        write(sqlite_db, ec.copy_procedure, source, [NEAR], version="Nada")


def _state(db: Any) -> dict[str, list[tuple]]:
    """Every table but the change log, without row ids (an undo's rows get new ones) and
    row revisions (a write's counter, not data)."""
    from sqlalchemy import select

    from models.tables import Base

    dump: dict[str, list[tuple]] = {}
    with db.engine.connect() as connection:
        for name, table in Base.metadata.tables.items():
            columns = [c for c in table.columns if c.name != "revision"]
            dump[name] = sorted(tuple(map(repr, row))
                                for row in connection.execute(select(*columns)).all())
    dump.pop("change_log")
    state = {name: sorted(row[1:] for row in rows) for name, rows in dump.items()}
    state["procedure_link"] = [("link",)] * len(state["procedure_link"])  # new ids, uuid
    return state


def test_undo_and_redo_of_a_copy_that_replaced_and_created(sqlite_db: Any,
                                                           source: str) -> None:
    write(sqlite_db, ec.copy_procedure, source, [NEAR], version="Actual")
    before = _state(sqlite_db)
    result = write(sqlite_db, ec.copy_procedure, source, [NEAR, EMPTY], replace=True)
    after = _state(sqlite_db)
    undone = [write(sqlite_db, ec.undo_copy, target) for target in reversed(result.targets)]
    assert _state(sqlite_db) == before
    for target, removed in zip(result.targets, reversed(undone), strict=True):
        write(sqlite_db, ec.redo_copy, target, removed)
    state = _state(sqlite_db)
    # the same rows again, by uuid (ids of the join tables aside)
    assert {k: len(v) for k, v in state.items()} == {k: len(v) for k, v in after.items()}
    for table in ("procedure", "version", "activity", "unit", "position", "resource"):
        assert state[table] == after[table], table


def test_a_cancelled_copy_of_many_writes_nothing(sqlite_db: Any, source: str) -> None:
    from procedures.errors import Cancelled

    before = table_dump(sqlite_db)
    seen: list[str] = []

    def progress(done: int, total: int, message: str = "") -> None:
        seen.append(message)
        if done == 1:
            raise Cancelled()
    with pytest.raises(Cancelled):
        write(sqlite_db, ec.copy_procedure, source, [NEAR, EMPTY], progress=progress)
    assert seen == [NEAR, EMPTY]  # the first target was written, then Cancel
    assert table_dump(sqlite_db) == before
