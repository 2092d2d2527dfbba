"""Stored figures (issue #17): written in the same transaction as every change that
affects them, equal to a fresh computation after any sequence of edits."""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from models import tables as t
from models.db import open_database
from procedures import snapshots as s
from procedures.demo.synthetic import generate_synthetic
from procedures.errors import DomainError
from procedures.services import activities as ea
from procedures.services import entities as es
from procedures.services import procedures as ps
from procedures.services import reference as rs
from procedures.services import versions as vs
from procedures.services.figures import (
    Figures,
    check_figures,
    figures_of,
    rebuild_figures,
    refresh_figures,
    stored_figures,
)
from procedures.services.imports import import_package
from procedures.services.measurement import measure
from tests.conftest import EXAMPLE


class Region:
    """Two small synthetic municipalities, each procedure with a to-be version."""

    def __init__(self, path: Path) -> None:
        self.db = open_database(path)
        with self.db.session() as session, session.begin():
            generate_synthetic(session, 2, 4, 6, seed=3)
        with self.db.session() as session:
            self.versions = list(session.scalars(select(t.Version.uuid).order_by(t.Version.id)))
        for uuid in self.versions:
            self.write(vs.create_proposal, uuid, "Propuesta")
        with self.db.session() as session:
            self.versions = list(session.scalars(select(t.Version.uuid).order_by(t.Version.id)))
            self.procedures = list(session.scalars(select(t.Procedure.uuid)
                                                   .order_by(t.Procedure.id)))
            self.ubigeos = list(session.scalars(select(t.Entity.ubigeo).order_by(t.Entity.id)))

    def write(self, fn: Any, *args: Any) -> Any:
        with self.db.session() as session, session.begin():
            return fn(session, *args)

    def read(self, fn: Any, *args: Any) -> Any:
        with self.db.session() as session:
            return fn(session, *args)

    def activity(self, version: int, row: int) -> str | None:
        uuids = self.read(ea.activity_uuids, self.versions[version % len(self.versions)])
        return uuids[row % len(uuids)] if uuids else None

    def item(self, kind: type[Any], index: int) -> str:
        rows = self.read(lambda session: list(session.scalars(
            select(kind.uuid).order_by(kind.id))))
        return rows[index % len(rows)]

    def stored(self) -> dict[int, Figures]:
        with self.db.session() as session:
            ids = list(session.scalars(select(t.Version.id)))
            return stored_figures(session, ids)

    def differences(self) -> list[Any]:
        return self.read(check_figures)


@pytest.fixture
def region(tmp_path: Path) -> Any:
    made = Region(tmp_path / "region.sqlite")
    yield made
    made.db.close()


def test_an_import_stores_the_figures_metrics_gives(tmp_path: Path) -> None:
    db = open_database(tmp_path / "a.sqlite")
    try:
        with db.session() as session, session.begin():
            import_package(session, EXAMPLE)
        with db.session() as session:
            version = session.scalars(select(t.Version)).one()
            stored = stored_figures(session, [version.id])[version.id]
            fresh = measure(session, version.uuid).metrics
            assert stored == figures_of(fresh)
            assert stored.yearly == fresh.yearly
            assert stored.unit_cost == fresh.cost.unit_cost and stored.unit_cost > 0
            assert check_figures(session) == []
    finally:
        db.close()


def test_the_generator_and_every_proposal_have_figures(region: Region) -> None:
    stored = region.stored()
    assert len(stored) == len(region.versions) == 16
    assert region.differences() == []


def test_an_as_is_step_moves_the_unit_cost_of_other_procedures(region: Region) -> None:
    """Allocation: the as-is minutes of one procedure change every rate of the entity."""
    before = region.stored()
    uuid = region.activity(0, 1)
    region.write(ea.update_activity, uuid, "minutes", Decimal(900))
    after = region.stored()
    changed = {vid for vid in after if after[vid].unit_cost != before[vid].unit_cost}
    assert len(changed) > 2  # its own version and others of the same entity
    assert region.differences() == []


def test_a_reference_uit_reaches_the_entities_of_its_year(region: Region) -> None:
    with region.db.session() as session:
        year = session.scalar(select(t.Entity.year))
        row = session.get(t.ReferenceValue, year)
        rmv = row.rmv if row else Decimal(1130)
    region.write(rs.set_reference, year, Decimal("1.00"), rmv)
    stored = region.stored()
    assert all("fee_above_uit" in f.warnings for f in stored.values() if f.fee > 1)
    assert any(f.fee > 1 for f in stored.values())
    assert region.differences() == []


def test_a_figure_changed_behind_the_services_is_found_and_rebuilt(region: Region) -> None:
    with region.db.engine.begin() as connection:
        connection.execute(text("UPDATE version_figures SET unit_cost = unit_cost + 1 "
                                "WHERE version_id = (SELECT min(version_id) FROM "
                                "version_figures)"))
        connection.execute(text("DELETE FROM version_figures WHERE version_id = "
                                "(SELECT max(version_id) FROM version_figures)"))
    found = region.differences()
    assert [d.fields for d in found] == [("unit_cost",), ()]
    with region.db.session() as session, session.begin():
        assert rebuild_figures(session) == len(region.versions)
    assert region.differences() == []


def test_a_rolled_back_edit_leaves_the_figures(region: Region) -> None:
    before = region.stored()
    with region.db.session() as session:
        with session.begin():
            ea.update_activity(session, region.activity(0, 0), "minutes", Decimal(700))
            session.flush()
            session.rollback()
        with session.begin():  # the next unit of work does not refresh the rolled back one
            pass
    assert region.stored() == before
    assert region.differences() == []


def test_refresh_of_named_versions_writes_only_them(region: Region) -> None:
    with region.db.session() as session, session.begin():
        ids = list(session.scalars(select(t.Version.id).limit(2)))
        assert refresh_figures(session, version_ids=ids) == 2
        assert session.scalar(select(func.count()).select_from(t.VersionFigures)) == 16


# ---- Any sequence of edits ------------------------------------------------------------------

_MINUTES = st.decimals(min_value=0, max_value=2000, places=2)
_EDITS = st.one_of(
    st.tuples(st.just("minutes"), st.integers(0, 99), st.integers(0, 99), _MINUTES),
    st.tuples(st.just("probability"), st.integers(0, 99), st.integers(0, 99),
              st.sampled_from([Decimal("0.25"), Decimal("0.5"), Decimal(1)])),
    st.tuples(st.just("espera"), st.integers(0, 99), st.integers(0, 99), st.booleans()),
    st.tuples(st.just("insert"), st.integers(0, 99), st.integers(0, 99), _MINUTES),
    st.tuples(st.just("delete"), st.integers(0, 99), st.integers(0, 99), st.none()),
    st.tuples(st.just("reverse"), st.integers(0, 99), st.none(), st.none()),
    st.tuples(st.just("staff"), st.integers(0, 99), st.integers(0, 99),
              st.sampled_from([Decimal(1), Decimal(2), Decimal("0.5")])),
    st.tuples(st.just("setting"), st.integers(0, 1),
              st.sampled_from(["hours_per_day", "citizen_hour_value", "travel_fare", "uit",
                               "rounding", "minutes_per_working_day"]), st.integers(1, 20)),
    st.tuples(st.just("position"), st.integers(0, 99), st.none(),
              st.decimals(min_value=0, max_value=90000, places=2)),
    st.tuples(st.just("unit"), st.integers(0, 99), st.none(), _MINUTES),
    st.tuples(st.just("factor"), st.integers(0, 99), st.none(),
              st.sampled_from([Decimal(0), Decimal("0.3"), Decimal(1), None])),
    st.tuples(st.just("reference"), st.none(), st.none(),
              st.decimals(min_value=1, max_value=9000, places=2)),
    st.tuples(st.just("holiday"), st.integers(0, 1), st.integers(1, 28), st.none()),
    st.tuples(st.just("fee"), st.integers(0, 99), st.none(),
              st.decimals(min_value=0, max_value=9000, places=2)),
    st.tuples(st.just("plazo"), st.integers(0, 99), st.none(),
              st.one_of(st.none(), st.integers(0, 60))),
    st.tuples(st.just("demand"), st.integers(0, 99), st.none(), st.integers(0, 5000)),
    st.tuples(st.just("requirement"), st.integers(0, 99), st.none(),
              st.decimals(min_value=0, max_value=90, places=2)),
    st.tuples(st.just("drop_version"), st.integers(0, 99), st.none(), st.none()),
    st.tuples(st.just("drop_procedure"), st.integers(0, 99), st.none(), st.none()),
)


def _apply(region: Region, edit: tuple[Any, ...]) -> None:
    kind, a, b, value = edit
    if kind in ("minutes", "probability"):
        uuid = region.activity(a, b)
        if uuid:
            region.write(ea.update_activity, uuid, kind, value)
    elif kind == "espera":
        uuid = region.activity(a, b)
        if uuid:
            row = region.read(lambda session: session.scalar(
                select(t.Activity).where(t.Activity.uuid == uuid)))
            if row.unit_id is not None:
                region.write(ea.update_activity, uuid, "type", "espera" if value else "operacion")
    elif kind == "insert":
        version = region.versions[a % len(region.versions)]
        unit = region.read(lambda session: session.scalar(select(t.Unit.code).join(
            t.Procedure, t.Procedure.entity_id == t.Unit.entity_id).join(
            t.Version, t.Version.procedure_id == t.Procedure.id).where(
            t.Version.uuid == version).order_by(t.Unit.id)))
        activity = s.Activity("Nuevo paso", unit, "operacion", "CONTROL", value)
        region.write(ea.insert_activities, version, b, [activity])
    elif kind == "delete":
        uuid = region.activity(a, b)
        if uuid:
            region.write(ea.delete_activities, [uuid])
    elif kind == "reverse":
        version = region.versions[a % len(region.versions)]
        order = region.read(ea.activity_uuids, version)
        region.write(ea.reorder_activities, version, tuple(reversed(order)))
    elif kind == "staff":
        uuid = region.activity(a, b)
        if uuid:
            row = region.read(lambda session: session.scalar(
                select(t.Activity).where(t.Activity.uuid == uuid)))
            if row.unit_id is not None:
                code = region.read(lambda session: session.scalar(
                    select(t.Position.code).join(t.Unit, t.Unit.entity_id == t.Position.entity_id)
                    .where(t.Unit.id == row.unit_id).order_by(t.Position.id)))
                region.write(ea.set_staff, uuid, [s.StaffUse(code, value)])
    elif kind == "setting":
        ubigeo = region.ubigeos[a]
        new = {"hours_per_day": Decimal(value % 12 + 1), "citizen_hour_value": Decimal(value),
               "travel_fare": Decimal(value) / 4, "uit": Decimal(value * 300),
               "rounding": "exact" if value % 2 else "sut",
               "minutes_per_working_day": value * 40}[b]
        region.write(es.update_entity, ubigeo, b, new)
    elif kind == "position":
        region.write(es.update_item, "position", region.item(t.Position, a), "annual_cost",
                     value)
    elif kind == "unit":
        region.write(es.update_item, "unit", region.item(t.Unit, a), "other_tupa_minutes",
                     value)
    elif kind == "factor":
        resource = region.item(t.Resource, a)
        code = region.read(lambda session: session.scalar(
            select(t.Unit.code).join(t.Resource, t.Resource.entity_id == t.Unit.entity_id)
            .where(t.Resource.uuid == resource).order_by(t.Unit.id)))
        region.write(es.set_allocation, resource, code, "tupa_factor", value)
    elif kind == "reference":
        region.write(rs.set_reference, 2026, value, Decimal(1130))
    elif kind == "holiday":
        with contextlib.suppress(DomainError):  # the same day twice is refused
            region.write(es.add_day, region.ubigeos[a], date(2026, 5, b), "Feriado local")
    elif kind == "fee":
        region.write(vs.update_version, region.versions[a % len(region.versions)], "fee", value)
    elif kind == "plazo":
        region.write(vs.update_version, region.versions[a % len(region.versions)], "plazo",
                     value)
    elif kind == "demand":
        region.write(ps.update_procedure, region.procedures[a % len(region.procedures)],
                     "annual_demand", value)
    elif kind == "requirement":
        owner = ("procedure", region.procedures[a % len(region.procedures)])
        region.write(ps.add_requirement, owner, 0, s.Requirement("Copia simple", cost=value))
    elif kind == "drop_version":
        uuid = region.versions[a % len(region.versions)]
        kind_of = region.read(lambda session: session.scalar(
            select(t.Version.kind).where(t.Version.uuid == uuid)))
        if kind_of is not None and str(kind_of) == "to_be":
            region.write(vs.delete_version, uuid)
            region.versions.remove(uuid)
    elif kind == "drop_procedure" and len(region.procedures) > 2:
        # the as-is portfolio loses a procedure: the entity's rates move
        region.write(ps.delete_procedure, region.procedures.pop(a % len(region.procedures)))
        with region.db.session() as session:
            region.versions = list(session.scalars(select(t.Version.uuid)
                                                   .order_by(t.Version.id)))


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=st.lists(_EDITS, min_size=1, max_size=8))
def test_after_any_edits_stored_figures_equal_a_fresh_computation(
    tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[Any, ...]],
) -> None:
    region = Region(tmp_path_factory.mktemp("edits") / "region.sqlite")
    try:
        for edit in edits:
            _apply(region, edit)
        assert region.differences() == []
    finally:
        region.db.close()


def test_deleting_a_procedure_re_costs_the_rest_of_its_entity(region: Region) -> None:
    before = region.stored()
    region.write(ps.delete_procedure, region.procedures[0])
    after = region.stored()
    assert len(after) == len(before) - 2  # its as-is and its proposal went with it
    assert any(after[vid].unit_cost != before[vid].unit_cost for vid in after)
    assert region.differences() == []


def test_in_force_figures_are_what_the_portfolio_measures(region: Region) -> None:
    """The stored read gives, for every procedure, the figures of the version the
    reports choose (`measure_entity`), measured afresh."""
    from procedures.services.figures import in_force_figures
    from procedures.services.reports import measure_entity

    proposal = region.versions[-1]  # a proposal adopted: it is the one in force
    region.write(vs.set_adopted, proposal, True)
    with region.db.session() as session:
        stored = in_force_figures(session, "99")
        fresh = [(ubigeo, procedure.code, version.name, figures_of(metrics))
                 for ubigeo in region.ubigeos
                 for procedure, version, metrics in measure_entity(session, ubigeo).rows]
    assert [(r.ubigeo, r.code, r.version, r.figures) for r in stored] == fresh
    assert "Propuesta" in {r.version for r in stored}
