"""`measurement.measured_at_commit`: the stored-figures hook hands the window the
measurement it has just made for a version (the window then does not measure again).
What it hands must equal `measure` after the commit, and it must hand nothing it did
not measure from the version's steps in that very commit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from models import tables as t
from models.codes import ALLOCATED_ELEMENTS, ActivityType, VersionKind
from procedures.services import activities as ea
from procedures.services import entities as es
from procedures.services import figures
from procedures.services import procedures as ps
from procedures.services.measurement import Measured, measure, measured_at_commit
from tests.procedures.test_stored_figures import Region


@pytest.fixture
def region(tmp_path: Path) -> Iterator[Region]:
    made = Region(tmp_path / "region.sqlite")
    yield made
    made.db.close()


def _versions(region: Region, procedure: str) -> tuple[str, str]:
    """(as-is, to-be) version uuids of one procedure."""
    with region.db.session() as session:
        rows = session.execute(
            select(t.Version.uuid, t.Version.kind).join(t.Procedure)
            .where(t.Procedure.uuid == procedure).order_by(t.Version.position)).all()
    as_is = next(uuid for uuid, kind in rows if kind is VersionKind.AS_IS)
    to_be = next(uuid for uuid, kind in rows if kind is VersionKind.TO_BE)
    return as_is, to_be


def _counted_step(region: Region, version: str) -> str:
    """A step that counts in the allocation (a unit's, not a wait)."""
    with region.db.session() as session:
        found = session.scalar(
            select(t.Activity.uuid).join(t.Version)
            .where(t.Version.uuid == version, t.Activity.unit_id.is_not(None),
                   t.Activity.type != ActivityType.ESPERA).order_by(t.Activity.id).limit(1))
    assert found is not None
    return found


def _handed(region: Region, wanted: list[str], edit: Callable[[Any], object]
            ) -> dict[str, Measured]:
    with region.db.session() as session, session.begin():
        found = measured_at_commit(session, wanted)
        edit(session)
        assert found == {}  # filled at the commit, not before
    return found


def _assert_as_measured(region: Region, found: dict[str, Measured]) -> None:
    with region.db.session() as session:
        for uuid, handed in found.items():
            fresh = measure(session, uuid)
            assert handed.version == fresh.version
            assert handed.metrics == fresh.metrics
            assert handed.rates.lines == fresh.rates.lines  # names and shown rates too
            assert handed.rates.yearly_minutes == fresh.rates.yearly_minutes
            assert handed.entity == fresh.entity
            assert handed.procedure == fresh.procedure
            assert handed.reference == fresh.reference
            assert handed == fresh
    assert region.differences() == []


@pytest.mark.parametrize("kind", ["to-be minutes", "as-is minutes", "as-is type",
                                  "to-be staff", "demand", "renamed elsewhere"])
def test_what_the_commit_hands_over_equals_a_measurement_after_it(
        region: Region, kind: str) -> None:
    procedure = region.procedures[1]
    as_is, to_be = _versions(region, procedure)
    wanted = [as_is, to_be]
    if kind == "to-be minutes":
        step = _counted_step(region, to_be)
        found = _handed(region, wanted, lambda s: ea.update_activity(
            s, step, "minutes", Decimal(777)))
        assert set(found) == {to_be}  # the as-is version was not measured again
    elif kind == "as-is minutes":
        step = _counted_step(region, as_is)
        found = _handed(region, wanted, lambda s: ea.update_activity(
            s, step, "minutes", Decimal(951)))
        assert set(found) == {as_is}  # the proposal only re-costed
    elif kind == "as-is type":
        step = _counted_step(region, as_is)
        found = _handed(region, wanted, lambda s: ea.update_activity(s, step, "type", "espera"))
        assert set(found) == {as_is}
    elif kind == "to-be staff":
        step = _counted_step(region, to_be)
        staff = region.read(ea.some_activities, to_be, (step,))[0].staff
        found = _handed(region, wanted, lambda s: ea.set_staff(
            s, step, [type(u)(u.position, u.count + 1) for u in staff]))
        assert set(found) == {to_be}
    elif kind == "renamed elsewhere":
        # Another program renamed an allocated resource (its commit measured the whole
        # municipality again, at the same rates: the digest did not move): the rates
        # handed over carry the new name, not the one this process last computed.
        step = _counted_step(region, to_be)
        region.write(ea.update_activity, step, "minutes", Decimal(700))  # rates known
        with region.db.session() as session, session.begin():
            session.execute(update(t.Resource).where(
                t.Resource.element.in_(ALLOCATED_ELEMENTS)).values(name="Local renombrado"))
        found = _handed(region, wanted, lambda s: ea.update_activity(
            s, step, "minutes", Decimal(701)))
        assert set(found) == {to_be}
        assert "Local renombrado" in {line.resource_name for line in found[to_be].rates.lines}
    else:  # a procedure's field: every version measured again
        found = _handed(region, wanted, lambda s: ps.update_procedure(
            s, procedure, "annual_demand", 4321))
        assert set(found) == {as_is, to_be}
    assert found[next(iter(found))].version.activities  # with the steps, in full
    _assert_as_measured(region, found)


def test_nothing_is_handed_over_that_the_commit_did_not_measure(region: Region) -> None:
    as_is, to_be = _versions(region, region.procedures[1])
    wanted = [as_is, to_be]
    # Another procedure's as-is step: the rates move, these versions are only re-costed.
    other_as_is, _other = _versions(region, region.procedures[2])
    step = _counted_step(region, other_as_is)
    assert _handed(region, wanted, lambda s: ea.update_activity(
        s, step, "minutes", Decimal(1234))) == {}
    # A unit's other minutes: the whole municipality is measured again (not handed).
    with region.db.session() as session:
        unit = session.scalar(select(t.Unit.uuid).join(t.Entity)
                              .where(t.Entity.ubigeo == region.ubigeos[0]))
    assert _handed(region, wanted, lambda s: es.update_item(
        s, "unit", unit, "other_tupa_minutes", Decimal(55555))) == {}
    assert region.differences() == []


def test_the_request_lasts_one_commit_and_goes_with_a_rollback(region: Region) -> None:
    _as_is, to_be = _versions(region, region.procedures[1])
    step = _counted_step(region, to_be)
    with region.db.session() as session:
        with session.begin():
            found = measured_at_commit(session, [to_be])
            ea.update_activity(session, step, "minutes", Decimal(31))
        assert set(found) == {to_be}
        found.clear()
        with session.begin():  # the same session's next commit: not asked
            ea.update_activity(session, step, "minutes", Decimal(32))
        assert found == {} and figures._HANDED not in session.info
        session.begin()
        measured_at_commit(session, [to_be])
        ea.update_activity(session, step, "minutes", Decimal(33))
        session.rollback()
        assert figures._HANDED not in session.info
    assert measure_minutes(region, to_be, step) == Decimal(32)


def measure_minutes(region: Region, version: str, step: str) -> Decimal:
    with region.db.session() as session:
        found = measure(session, version)
    return next(a.minutes for a in found.version.activities if a.uid == step)
