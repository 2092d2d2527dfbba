"""The portfolio's one query (`storage.in_force`) on SQLite and PostgreSQL: the version
in force of each procedure (an adopted proposal included) with its stored figures, equal
to what the engine gives for the same versions."""

from __future__ import annotations

from sqlalchemy import text

from models.codes import VersionKind
from models.db import Database
from procedures.demo.bootstrap import load_demo
from procedures.headline import from_metrics
from procedures.services.portfolio import portfolio_rows
from procedures.services.reports import measure_entity

DEMO = "060101"


def test_stored_rows_are_the_engines_figures_of_the_version_in_force(any_db: Database) -> None:
    with any_db.session() as session, session.begin():
        load_demo(session)
    with any_db.engine.begin() as connection:  # behind the services: the rule must follow
        connection.execute(text(
            "UPDATE version SET adopted = TRUE WHERE id = (SELECT min(v.id) FROM version v"
            " JOIN procedure p ON p.id = v.procedure_id JOIN entity e ON e.id = p.entity_id"
            f" WHERE e.ubigeo = '{DEMO}' AND v.kind = 'to_be')"))
    with any_db.session() as session:
        [entity] = portfolio_rows(session, DEMO)
        measured = measure_entity(session, DEMO)
        expected = tuple(from_metrics(
            procedure.uid, procedure.code, procedure.name, version.name,
            any(v.kind is VersionKind.TO_BE for v in procedure.versions), metrics)
            for procedure, version, metrics in measured.rows)
        province = portfolio_rows(session, DEMO[:4])
        code, name = session.execute(text(
            "SELECT p.code, v.name FROM version v JOIN procedure p ON p.id = v.procedure_id"
            " WHERE v.adopted")).one()
    assert entity.rows == expected
    assert any(row.has_proposal for row in entity.rows)
    assert [row.version for row in entity.rows if row.code == code] == [name], \
        "the adopted proposal is the version in force"
    assert province[0].rows == entity.rows and len(province) > 1
    assert all(not other.rows for other in province[1:]), "the seeded ones have no procedures"
