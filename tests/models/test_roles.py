"""Roles on a shared PostgreSQL database, enforced by the server (issue #14, point 2).

Several real login roles connect to a real server: through the app (services, the
command line) a refused write is one worded message; through plain SQL past the app the
server's row-level security holds them to the same rules.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from cli.run import run
from models import access as acc
from models import tables as t
from models.codes import Role
from models.db import Database, open_database
from procedures.services import access
from procedures.services.activities import update_activity
from procedures.services.database import DatabaseProblem, storage_problem
from procedures.services.imports import import_package
from tests.conftest import EXAMPLE, _reset_postgres

pytestmark = pytest.mark.postgres

#: A login without a role: the schema itself is not theirs to see (a server whose public
#: schema is open to all answers "permission denied" instead).
NO_ACCESS = (psycopg.errors.InsufficientPrivilege, psycopg.errors.UndefinedTable)
LOGINS = ("tc_ana_clerk", "tc_carlos_consultant", "tc_vera_viewer", "tc_adan_admin",
          "tc_nadie")


def _url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set (CI sets it to a throwaway server)")
    return url


def _as(url: str, user: str) -> str:
    return make_url(url).set(username=user, password=None).render_as_string(
        hide_password=False)


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _drop_logins(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for login in LOGINS:
            if connection.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                                 {"r": login}):
                connection.execute(text(f"DROP OWNED BY {login}"))
                connection.execute(text(f"DROP ROLE {login}"))
    engine.dispose()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Database]]:
    """A shared database with two municipalities (060101, 060102) and five logins."""
    url = _url()
    _drop_logins(url)
    _reset_postgres(url)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for login in LOGINS:
            connection.execute(text(f"CREATE ROLE {login} LOGIN"))
        connection.execute(text(f"GRANT CREATE ON DATABASE "
                                f"{make_url(url).database} TO tc_adan_admin"))
    engine.dispose()
    package = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    other = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    other["entities"][0]["ubigeo"] = "060102"
    other["entities"][0]["name"] = "Municipalidad Distrital de Asunción"
    second = tmp_path / "asuncion.tramite.json"
    second.write_text(json.dumps(other), encoding="utf-8")
    owner = open_database(url)
    with owner.session() as session, session.begin():
        import_package(session, EXAMPLE)
        import_package(session, second)
    assert package["entities"][0]["ubigeo"] == "060101"
    yield url, owner
    owner.close()
    _reset_postgres(url)
    _drop_logins(url)


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def _first_activity(database: Database, ubigeo: str) -> str:
    with database.session() as session:
        return str(session.scalars(
            select(t.Activity.uuid).join(t.Version).join(t.Procedure).join(t.Entity)
            .where(t.Entity.ubigeo == ubigeo).order_by(t.Activity.id)).first())


def _edit(database: Database, uuid: str, minutes: int) -> None:
    database.transaction(lambda session: update_activity(session, uuid, "minutes", minutes))


def _minutes(database: Database, uuid: str) -> int:
    with database.session() as session:
        return int(session.scalar(select(t.Activity.minutes).where(t.Activity.uuid == uuid)))


def test_a_clerk_changes_what_is_granted_and_reads_the_rest(
        server: tuple[str, Database]) -> None:
    url, owner = server
    code, out, err = _cli("--db", url, "admin", "grant", "tc_ana_clerk", "--role", "clerk",
                          "--entity", "060101")
    assert code == 0, err
    assert "tc_ana_clerk" in out and "1" in out
    own, other = _first_activity(owner, "060101"), _first_activity(owner, "060102")

    ana = open_database(_as(url, "tc_ana_clerk"))
    try:
        standing = access.standing(ana)
        assert standing.access.role is Role.CLERK
        assert standing.ubigeos == ("060101",)
        assert standing.may_edit("060101") and not standing.may_edit("060102")
        assert "060102" in standing.refusal("060102")
        _edit(ana, own, 25)
        assert _minutes(owner, own) == 25
        before = _minutes(owner, other)
        with pytest.raises(acc.WriteRefused) as refused:
            _edit(ana, other, 26)
        worded = storage_problem(refused.value)
        assert isinstance(worded, DatabaseProblem)
        assert "060102" in str(worded)
        assert "nothing was written" in str(worded) or "no se guardó nada" in str(worded)
        assert _minutes(owner, other) == before
        # She reads every municipality.
        with ana.session() as session:
            assert set(session.scalars(select(t.Entity.ubigeo))) >= {"060101", "060102"}
    finally:
        ana.close()


def test_plain_sql_past_the_app_is_held_to_the_same_rules(
        server: tuple[str, Database]) -> None:
    url, owner = server
    assert _cli("--db", url, "admin", "grant", "tc_ana_clerk", "--role", "clerk",
                "--entity", "060101")[0] == 0
    assert _cli("--db", url, "admin", "grant", "tc_vera_viewer", "--role", "viewer")[0] == 0
    with owner.session() as session:
        other = session.scalar(select(t.Entity.id).where(t.Entity.ubigeo == "060102"))
        own = session.scalar(select(t.Entity.id).where(t.Entity.ubigeo == "060101"))
    with psycopg.connect(_libpq(_as(url, "tc_ana_clerk")), autocommit=True) as ana:
        # An UPDATE of a municipality not granted touches nothing.
        changed = ana.execute("UPDATE unit SET name = 'x' WHERE entity_id = %s", (other,))
        assert changed.rowcount == 0
        changed = ana.execute(
            "UPDATE activity SET minutes = 99 WHERE version_id IN (SELECT v.id FROM version v "
            "JOIN procedure p ON p.id = v.procedure_id WHERE p.entity_id = %s)", (other,))
        assert changed.rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            ana.execute("INSERT INTO unit (uuid, entity_id, code, name, other_tupa_minutes) "
                        "VALUES ('u-1', %s, 'ZZ', 'Z', 0)", (other,))
        assert ana.execute("UPDATE reference_value SET uit = 1").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            ana.execute("INSERT INTO reference_value (year, uit, rmv) VALUES (1990, 1, 1)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            ana.execute("INSERT INTO entity_grant (username, entity_id) VALUES "
                        "('tc_ana_clerk', %s)", (other,))
        assert ana.execute("DELETE FROM activity WHERE version_id IN (SELECT v.id FROM "
                           "version v JOIN procedure p ON p.id = v.procedure_id WHERE "
                           "p.entity_id = %s)", (other,)).rowcount == 0
        # Her own municipality she changes.
        assert ana.execute("UPDATE unit SET name = name || '' WHERE entity_id = %s",
                           (own,)).rowcount > 0
    with psycopg.connect(_libpq(_as(url, "tc_vera_viewer")), autocommit=True) as vera:
        assert vera.execute("SELECT count(*) FROM activity").fetchone()[0] > 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            vera.execute("UPDATE unit SET name = 'x'")
    with psycopg.connect(_libpq(_as(url, "tc_nadie")), autocommit=True) as nadie, \
            pytest.raises(NO_ACCESS):
        nadie.execute("SELECT count(*) FROM activity")
    with owner.session() as session:
        assert "x" not in set(session.scalars(select(t.Unit.name)))


def test_a_refused_import_is_one_line_and_exit_2(server: tuple[str, Database],
                                                 tmp_path: Path) -> None:
    url, _owner = server
    assert _cli("--db", url, "admin", "grant", "tc_carlos_consultant", "--role",
                "consultant", "--entity", "060101")[0] == 0
    code, _out, err = _cli("--db", _as(url, "tc_carlos_consultant"), "import", str(EXAMPLE),
                           "--replace")
    assert code == 0, err
    package = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    package["entities"][0]["ubigeo"] = "060102"
    other = tmp_path / "other.tramite.json"
    other.write_text(json.dumps(package), encoding="utf-8")
    code, _out, err = _cli("--db", _as(url, "tc_carlos_consultant"), "import", str(other),
                           "--replace")
    assert code == 2
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and "060102" in err


def test_an_administrator_grants_and_revokes(server: tuple[str, Database]) -> None:
    url, owner = server
    assert _cli("--db", url, "admin", "grant", "tc_adan_admin", "--role", "admin")[0] == 0
    adan = _as(url, "tc_adan_admin")
    code, out, err = _cli("--db", adan, "admin", "grant", "tc_ana_clerk", "--role", "clerk",
                          "--entity", "0601")
    assert code == 0, err
    code, out, _err = _cli("--db", adan, "admin", "list")
    lines = {line.split("\t")[0]: line for line in out.splitlines()}
    assert "060101, 060102" in lines["tc_ana_clerk"]
    # The administrator changes any municipality.
    database = open_database(adan)
    try:
        other = _first_activity(database, "060102")
        _edit(database, other, 31)
    finally:
        database.close()
    assert _minutes(owner, other) == 31
    code, out, _err = _cli("--db", adan, "admin", "revoke", "tc_ana_clerk")
    assert code == 0 and "tc_ana_clerk" in out
    with psycopg.connect(_libpq(_as(url, "tc_ana_clerk")), autocommit=True) as ana, \
            pytest.raises(NO_ACCESS):
        ana.execute("SELECT count(*) FROM unit")


def test_grants_are_worded_when_they_cannot_be_made(server: tuple[str, Database]) -> None:
    url, _owner = server
    cases = [
        (("tc_ana_clerk", "--role", "clerk"), "--entity"),
        (("tc_vera_viewer", "--role", "viewer", "--entity", "060101"), "every"),
        (("nobody_here", "--role", "viewer"), "CREATE ROLE"),
        (("tc_ana_clerk", "--role", "clerk", "--entity", "0699"), "0699"),
        (("tc_ana_clerk", "--role", "clerk", "--entity", "06010"), "06010"),
    ]
    for args, expected in cases:
        code, _out, err = _cli("--lang", "en", "--db", url, "admin", "grant", *args)
        assert code == 2, err
        assert expected in err and "Traceback" not in err
        assert len(err.strip().splitlines()) == 1


def test_a_migration_guards_the_tables_it_adds(server: tuple[str, Database]) -> None:
    url, owner = server
    assert _cli("--db", url, "admin", "grant", "tc_vera_viewer", "--role", "viewer")[0] == 0
    with owner.engine.begin() as connection:
        policies = set(connection.scalars(text(
            "SELECT tablename FROM pg_policies WHERE policyname = 'tramite_write'")))
    assert policies == set(acc.LINKS)
