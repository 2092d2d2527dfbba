"""`measurement.measure` (the window's figures after every edit) reads one version and
reuses the municipality's as-is minutes while its stored figures say the rates did not
move: it must still equal a measurement from scratch after every kind of change."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from models import tables as t
from models.codes import ALLOCATED_ELEMENTS, ActivityType, VersionKind
from models.db import open_database
from procedures.services import activities as ea
from procedures.services import entities as es
from procedures.services import measurement
from procedures.services.measurement import measure, procedure_context
from tests.procedures.test_stored_figures import Region


@pytest.fixture
def region(tmp_path: Path) -> Iterator[Region]:
    made = Region(tmp_path / "region.sqlite")
    yield made
    made.db.close()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per read of a municipality's as-is steps."""
    done: list[int] = []
    original = measurement.as_is_portfolio

    def counting(session: Any, entity_id: int) -> Any:
        done.append(entity_id)
        return original(session, entity_id)

    monkeypatch.setattr(measurement, "as_is_portfolio", counting)
    measurement._PORTFOLIOS.clear()
    return done


def versions_of(region: Region, ubigeo: str) -> list[tuple[str, str, VersionKind]]:
    """(procedure uuid, version uuid, kind) of every version of one municipality."""
    with region.db.session() as session:
        return [(p, v, k) for p, v, k in session.execute(
            select(t.Procedure.uuid, t.Version.uuid, t.Version.kind)
            .join(t.Version, t.Version.procedure_id == t.Procedure.id)
            .join(t.Entity, t.Entity.id == t.Procedure.entity_id)
            .where(t.Entity.ubigeo == ubigeo).order_by(t.Version.id))]


def assert_fresh(region: Region, ubigeo: str) -> None:
    """Every version's `measure` equals the engine over a procedure loaded whole."""
    with region.db.session() as session:
        for procedure, version, _kind in versions_of(region, ubigeo):
            quick = measure(session, version)
            context = procedure_context(session, procedure)
            whole = next(v for v in context.procedure.versions if v.uid == version)
            assert quick.version == whole
            assert quick.metrics == context.measure(whole).metrics
            assert quick.rates.lines == context.rates.lines  # names and shown rates too
            assert quick.entity == context.entity


def test_nothing_changed_reads_the_as_is_steps_once(region: Region, reads: list[int]) -> None:
    ubigeo = region.ubigeos[0]
    assert_fresh(region, ubigeo)
    assert len(set(reads)) == 1 and reads.count(reads[0]) == 1 + len(versions_of(region, ubigeo))
    reads.clear()
    with region.db.session() as session:
        for _procedure, version, _kind in versions_of(region, ubigeo):
            measure(session, version)
    assert reads == []


@pytest.mark.parametrize("kind", ["as-is minutes", "to-be minutes", "resource cost",
                                  "resource name", "unit minutes", "position cost",
                                  "as-is type"])
def test_measure_follows_every_change_that_reaches_the_rates(
        region: Region, reads: list[int], kind: str) -> None:
    ubigeo = region.ubigeos[0]
    rows = versions_of(region, ubigeo)
    to_be = next(v for _p, v, k in rows if k is VersionKind.TO_BE)
    with region.db.session() as session:
        for _procedure, version, _kind in rows:
            measure(session, version)  # the minutes are now known
        before = measure(session, to_be)
    with region.db.session() as session:
        allocated = session.scalar(select(t.Resource.uuid).join(t.Entity).where(
            t.Entity.ubigeo == ubigeo,
            t.Resource.element.in_(ALLOCATED_ELEMENTS)))
        unit = session.scalar(select(t.Unit.uuid).join(t.Entity).where(t.Entity.ubigeo == ubigeo))
        position = session.scalar(select(t.Position.uuid).join(t.Entity)
                                  .where(t.Entity.ubigeo == ubigeo))
        # An as-is step that counts in the portfolio: in a unit, not a wait, with demand.
        step = session.scalar(
            select(t.Activity.uuid).join(t.Version).join(t.Procedure).join(t.Entity)
            .where(t.Entity.ubigeo == ubigeo, t.Version.kind == VersionKind.AS_IS,
                   t.Activity.unit_id.is_not(None), t.Activity.type != ActivityType.ESPERA,
                   t.Procedure.annual_demand > 0).order_by(t.Activity.id))
    if kind == "as-is minutes":
        region.write(ea.update_activity, step, "minutes", Decimal(950))
    elif kind == "as-is type":
        region.write(ea.update_activity, step, "type", "espera")
    elif kind == "to-be minutes":
        region.write(ea.update_activity, region.read(ea.activity_uuids, to_be)[0], "minutes",
                     Decimal(950))
    elif kind == "resource cost":
        region.write(es.update_item, "resource", allocated, "annual_cost", Decimal("98765.43"))
    elif kind == "resource name":
        region.write(es.update_item, "resource", allocated, "name", "Local renombrado")
    elif kind == "unit minutes":
        region.write(es.update_item, "unit", unit, "other_tupa_minutes", Decimal(123456))
    else:
        region.write(es.update_item, "position", position, "annual_cost", Decimal("77777"))
    assert_fresh(region, ubigeo)
    with region.db.session() as session:
        after = measure(session, to_be)
    # The change reached what the window shows (assert_fresh: exactly as from scratch).
    if kind == "resource name":
        assert any(line.resource_name == "Local renombrado" for line in after.rates.lines)
    elif kind == "position cost":
        assert after.entity != before.entity and after.rates == before.rates
    elif kind == "to-be minutes":
        assert after.version != before.version and after.rates == before.rates
    else:
        assert after.rates != before.rates


def test_a_change_by_another_process_is_seen(region: Region, tmp_path: Path,
                                             reads: list[int]) -> None:
    ubigeo = region.ubigeos[0]
    rows = versions_of(region, ubigeo)
    as_is = next(v for _p, v, k in rows if k is VersionKind.AS_IS)
    to_be = next(v for _p, v, k in rows if k is VersionKind.TO_BE)
    with region.db.session() as session:
        before = measure(session, to_be).rates
    other = open_database(tmp_path / "region.sqlite")  # another engine, as another window
    try:
        with other.session() as session, session.begin():
            step = session.scalar(
                select(t.Activity.uuid).join(t.Version)
                .where(t.Version.uuid == as_is, t.Activity.unit_id.is_not(None),
                       t.Activity.type != ActivityType.ESPERA).order_by(t.Activity.id))
            ea.update_activity(session, step, "minutes", Decimal(990))
    finally:
        other.close()
    assert_fresh(region, ubigeo)
    with region.db.session() as session:
        assert measure(session, to_be).rates != before


def test_an_as_is_edit_measured_in_its_own_version_reads_only_that_version(
        region: Region, reads: list[int]) -> None:
    ubigeo = region.ubigeos[0]
    rows = versions_of(region, ubigeo)
    with region.db.session() as session:
        for _procedure, version, _kind in rows:
            measure(session, version)
        step, as_is = session.execute(
            select(t.Activity.uuid, t.Version.uuid).join(t.Version).join(t.Procedure)
            .join(t.Entity)
            .where(t.Entity.ubigeo == ubigeo, t.Version.kind == VersionKind.AS_IS,
                   t.Activity.unit_id.is_not(None), t.Activity.type != ActivityType.ESPERA,
                   t.Procedure.annual_demand > 0).order_by(t.Activity.id)).first()
        before = measure(session, as_is).rates
    reads.clear()
    region.write(ea.update_activity, step, "minutes", Decimal(975))
    with region.db.session() as session:
        after = measure(session, as_is)
    assert reads == []  # its procedure's part came from the steps just read
    assert after.rates != before
    assert_fresh(region, ubigeo)


def test_as_is_edits_in_two_procedures_are_both_seen(region: Region,
                                                      reads: list[int]) -> None:
    ubigeo = region.ubigeos[0]
    with region.db.session() as session:
        for _procedure, version, _kind in versions_of(region, ubigeo):
            measure(session, version)
        steps = session.execute(
            select(t.Procedure.uuid, t.Version.uuid, t.Activity.uuid)
            .join(t.Version, t.Version.procedure_id == t.Procedure.id)
            .join(t.Activity, t.Activity.version_id == t.Version.id).join(t.Entity)
            .where(t.Entity.ubigeo == ubigeo, t.Version.kind == VersionKind.AS_IS,
                   t.Activity.unit_id.is_not(None), t.Activity.type != ActivityType.ESPERA,
                   t.Procedure.annual_demand > 0).order_by(t.Activity.id)).all()
    first = steps[0]
    second = next(row for row in steps if row[0] != first[0])
    region.write(ea.update_activity, first[2], "minutes", Decimal(960))
    region.write(ea.update_activity, second[2], "minutes", Decimal(970))
    with region.db.session() as session:
        quick = measure(session, first[1])  # its own part is fresh, the other's is not
        context = procedure_context(session, first[0])
        assert quick.rates == context.rates
        assert quick.metrics == context.measure(quick.version).metrics
