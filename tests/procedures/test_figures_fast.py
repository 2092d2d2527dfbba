"""Stored figures at speed (issue #17): a package's new municipalities measured from the
file as it streams (no read-back), an as-is step re-costing its municipality from the
stored rows in integer arithmetic — and the result still equal to a fresh computation."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from models import tables as t
from models.codes import ALLOCATED_ELEMENTS, COST_ELEMENTS
from models.db import open_database
from procedures.demo.synthetic import generate_synthetic
from procedures.errors import InputError
from procedures.metrics import stored
from procedures.services import activities as ea
from procedures.services import entities as es
from procedures.services import figures as fs
from procedures.services import versions as vs
from procedures.services.imports import import_package
from procedures.storage import read as storage_read
from tests.procedures.test_package_region import region_package


def _no_read_back(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("the figures were measured by reading the steps back")


def test_new_municipalities_are_measured_from_the_file(
        any_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three new municipalities: stored without `measure_entities`, equal to a fresh
    computation; then a file merged into one of them is measured at commit."""
    with monkeypatch.context() as patched:
        patched.setattr(fs, "measure_entities", _no_read_back)
        with any_db.session() as session, session.begin():
            result = import_package(session, region_package(tmp_path / "r.tramite.json"))
    assert result.entities_created == ("060101", "060102", "060201")
    with any_db.session() as session:
        versions = session.scalars(select(t.Version.id)).all()
        assert len(fs.stored_figures(session, versions)) == len(versions) > 20
        assert fs.check_figures(session) == []
    # Into an existing municipality (replace): its rates count its other procedures, so
    # it is measured again at commit (the read-back), and still right.
    with any_db.session() as session, session.begin():
        entity_id = session.scalar(select(t.Entity.id).where(t.Entity.ubigeo == "060102"))
        session.execute(t.Procedure.__table__.update().where(
            t.Procedure.entity_id == entity_id, t.Procedure.code == "PA-07").values(
            code="OWN-1"))
    called: list[Any] = []
    original = fs.measure_entities

    def counting(session: Any, ubigeos: list[str], *args: Any) -> Any:
        called.append(list(ubigeos))
        return original(session, ubigeos, *args)

    monkeypatch.setattr(fs, "measure_entities", counting)
    with any_db.session() as session, session.begin():
        import_package(session, region_package(tmp_path / "one.tramite.json", ("060102",)),
                       replace=True)
    assert called == [["060102"]]
    with any_db.session() as session:
        assert fs.check_figures(session) == []


def test_a_failed_import_stores_no_figures(sqlite_db: Any, tmp_path: Path) -> None:
    """The figures written on the way go with the rollback of a refused file."""
    package = region_package(tmp_path / "r.tramite.json")
    data = json.loads(package.read_text(encoding="utf-8"))
    data["entities"][2]["procedures"][0]["versions"][0]["activities"][0]["minutes"] = -1
    package.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError), sqlite_db.session() as session, session.begin():
        import_package(session, package)
    with sqlite_db.session() as session:
        assert session.scalars(select(t.VersionFigures.version_id)).all() == []
        assert session.scalars(select(t.Version.id)).all() == []


class Municipality:
    """One synthetic municipality of 30 procedures, a few with a proposal."""

    def __init__(self, path: Path, rounding: str) -> None:
        self.db = open_database(path)
        with self.db.session() as session, session.begin():
            generate_synthetic(session, 1, 30, 8, seed=11)
        with self.db.session() as session:
            self.ubigeo = session.scalars(select(t.Entity.ubigeo)).one()
            as_is = session.scalars(select(t.Version.uuid).order_by(t.Version.id)).all()
        with self.db.session() as session, session.begin():
            es.update_entity(session, self.ubigeo, "rounding", rounding)
        for uuid in as_is[:5]:
            with self.db.session() as session, session.begin():
                vs.create_proposal(session, uuid, "Propuesta")
        self.as_is = as_is

    def costs(self) -> dict[int, Decimal]:
        with self.db.session() as session:
            return dict(session.execute(select(t.VersionFigures.version_id,
                                               t.VersionFigures.unit_cost)).all())

    def differences(self) -> list[Any]:
        with self.db.session() as session:
            return fs.check_figures(session)


@pytest.mark.parametrize("rounding", ["sut", "exact"])
def test_as_is_edits_re_cost_every_version_exactly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rounding: str) -> None:
    """Each as-is edit (minutes, probability, a step deleted, the type) moves the rates
    of its municipality; every version's stored figures then equal a fresh computation,
    and the rates came from the stored rows, not from reading every as-is step."""
    place = Municipality(tmp_path / "m.sqlite", rounding)
    try:
        assert place.differences() == []
        before = place.costs()
        monkeypatch.setattr(storage_read, "as_is_portfolio", _no_read_back)
        edits: list[tuple[int, int, str, Any]] = [
            (0, 1, "minutes", Decimal("240")), (3, 0, "probability", Decimal("0.35")),
            (7, 2, "minutes", Decimal("0.5")), (0, 1, "minutes", Decimal("3")),
            (12, 4, "type", "espera"), (20, 3, "minutes", Decimal("1234.75"))]
        for version, row, field_name, value in edits:
            with place.db.session() as session:
                uuid = ea.activity_uuids(session, place.as_is[version])[row]
            with place.db.session() as session, session.begin():
                ea.update_activity(session, uuid, field_name, value)
            assert place.differences() == []
        with place.db.session() as session:
            uuid = ea.activity_uuids(session, place.as_is[9])[0]
        with place.db.session() as session, session.begin():
            ea.delete_activities(session, [uuid])
        assert place.differences() == []
        after = place.costs()
        # The edits reached procedures they did not touch (so re-costing happened).
        with place.db.session() as session:
            touched = set(session.scalars(select(t.Version.id).where(t.Version.uuid.in_(
                [place.as_is[i] for i in (0, 3, 7, 9, 12, 20)]))))
        assert any(after[v] != before[v] for v in after if v not in touched)
    finally:
        place.db.close()


_MINUTES = st.decimals(min_value=Decimal("0.000001"), max_value=Decimal("100000"),
                       places=6, allow_nan=False, allow_infinity=False)
_DIRECT = st.fractions(min_value=0, max_value=10_000, max_denominator=10**6)


@pytest.fixture(scope="module")
def rates(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The allocation rates of a synthetic municipality (a few units, several elements)."""
    from procedures.metrics import allocation_rates, portfolio_minutes
    from procedures.storage.read import load_entity

    db = open_database(tmp_path_factory.mktemp("rates") / "r.sqlite")
    try:
        with db.session() as session, session.begin():
            generate_synthetic(session, 1, 12, 6, seed=5)
        with db.session() as session:
            ubigeo = session.scalars(select(t.Entity.ubigeo)).one()
            entity = load_entity(session, ubigeo, procedures=True)
    finally:
        db.close()
    found = allocation_rates(entity, portfolio_minutes(entity.procedures))
    assert found.by_element
    return found


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(minutes=st.lists(_MINUTES, min_size=0, max_size=8),
       direct=st.lists(_DIRECT, min_size=0, max_size=3), exact=st.booleans(),
       fee=st.decimals(min_value=0, max_value=500, places=2))
def test_the_integer_re_costing_equals_the_fraction_one(
        rates: Any, minutes: list[Decimal], direct: list[Fraction], exact: bool,
        fee: Decimal) -> None:
    """`_Recoster` (unreduced integer pairs) gives `recost`'s unit cost, to the cent."""
    units = [*sorted(rates.by_element), "NONE"]  # a unit without rates too
    elements = [e for e in COST_ELEMENTS if e not in ALLOCATED_ELEMENTS]
    unit_minutes = json.dumps({units[i % len(units)]: f"{value:f}"
                               for i, value in enumerate(minutes)}, sort_keys=True)
    direct_costs = json.dumps({elements[i % len(elements)].value: str(value)
                               for i, value in enumerate(direct) if value}, sort_keys=True)
    figures = fs.Figures(
        activities=1, business_days=1, handoffs=0, citizen_visits=Decimal(1),
        total_minutes=Decimal(1), effort_minutes=Decimal(1), staff_minutes=Decimal(1),
        lead_time_minutes=Decimal(1), va_minutes=Decimal(0), citizen_minutes=Decimal(0),
        unit_cost=Decimal(0), fee=fee, fee_pct_uit=None, citizen_out_of_pocket=Decimal(0),
        citizen_cost=Decimal(0), cases=1, warnings=(), direct_costs=direct_costs,
        unit_minutes=unit_minutes)
    expected = stored.recost(figures, rates, exact).unit_cost
    assert fs._Recoster(rates, exact).unit_cost(direct_costs, unit_minutes) == expected


def test_raw_rows_read_the_very_values_sqlalchemy_gives(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bulk reading converts SQLite's rows with SQLAlchemy's processors, once per distinct
    value: the snapshots are the same down to each Decimal's scale (their repr)."""
    from procedures.storage import bulk_read

    db = open_database(tmp_path / "r.sqlite")
    try:
        with db.session() as session, session.begin():
            generate_synthetic(session, 2, 6, 9, seed=7)
        with db.session() as session:
            ubigeos = list(session.scalars(select(t.Entity.ubigeo)))

            def read() -> list[str]:
                return [repr(entity) for lean in (False, True)
                        for entity in bulk_read.iter_entities(session, ubigeos, lean=lean)]

            quick = read()
            monkeypatch.setattr(bulk_read, "_rows", lambda execute, query, raw=True: [
                tuple(row) for row in execute(query)])
            assert read() == quick
            assert "Decimal('" in quick[0]
    finally:
        db.close()
