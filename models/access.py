"""Roles on a shared PostgreSQL database, enforced by the server (row-level security).

Four group roles hold the rights: `tramite_viewer` reads everything; `tramite_clerk`
and `tramite_consultant` read everything and write the municipalities granted to them
(rows of `entity_grant`); `tramite_admin` writes everything and grants. The owner of
the tables (who created and migrates the schema) is an administrator too. A login is
a member of one group. Every table carries two policies: anyone reads, and a write
must concern a municipality the user may edit — checked by the server on every row,
so a plain SQL session past the app is held to the same rules.

A SQLite file has no roles: it is its owner's alone. A server where the roles were
never installed behaves as before (everyone writes everything).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    Connection,
    Engine,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from models.base import Base
from models.codes import Role

GROUPS: Mapping[Role, str] = {
    Role.ADMIN: "tramite_admin",
    Role.CLERK: "tramite_clerk",
    Role.CONSULTANT: "tramite_consultant",
    Role.VIEWER: "tramite_viewer",
}
#: Roles that write only the municipalities granted to them.
GRANTED_ROLES = frozenset({Role.CLERK, Role.CONSULTANT})
WRITERS = (Role.ADMIN, Role.CLERK, Role.CONSULTANT)


class EntityGrant(Base):
    """A municipality a clerk or consultant may edit."""

    __tablename__ = "entity_grant"
    __table_args__ = (UniqueConstraint("username", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(63), index=True)
    entity_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("entity.id", ondelete="CASCADE"), index=True)


#: How each table's rows belong to a municipality: "id" (the entity itself), a column
#: holding `entity.id`, a (column, parent table) pair to follow, or None for a table
#: shared by every municipality (only administrators write it). Every table of the
#: schema must be listed (a test checks it), so a new table cannot be left unguarded.
LINKS: Mapping[str, str | tuple[str, str] | None] = {
    "entity": "id",
    "non_working_day": "entity_id",
    "unit": "entity_id",
    "position": "entity_id",
    "resource": "entity_id",
    "resource_unit": ("resource_id", "resource"),
    "procedure": "entity_id",
    "version": ("procedure_id", "procedure"),
    "requirement": ("procedure_id", "procedure"),
    "activity": ("version_id", "version"),
    "activity_staff": ("activity_id", "activity"),
    "activity_resource": ("activity_id", "activity"),
    "change_log": "entity_id",
    "reference_value": None,
    "entity_grant": None,
    "database_info": None,
    "procedure_link": ("first_id", "procedure"),
    "version_figures": ("version_id", "version"),
}


def entity_expression(table: str, alias: str = "", depth: int = 0) -> str | None:
    """SQL giving the `entity.id` of a row of `table` (its columns prefixed by `alias`)."""
    link = LINKS[table]
    prefix = f"{alias}." if alias else ""
    if link is None:
        return None
    if isinstance(link, str):
        return f"{prefix}{link}"
    column, parent = link
    inner = f"tramite_{depth + 1}"
    return (f"(SELECT {entity_expression(parent, inner, depth + 1)} FROM {parent} {inner} "
            f"WHERE {inner}.id = {prefix}{column})")


#: Tables outside the rules: Alembic's own bookkeeping (read by all, written by the owner).
UNGUARDED = frozenset({"alembic_version"})

_FUNCTIONS = """
CREATE OR REPLACE FUNCTION tramite_is_admin() RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT pg_has_role(current_user, 'tramite_admin', 'MEMBER')
      OR EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema()
                 AND tablename = 'entity' AND tableowner = current_user)
$$;
CREATE OR REPLACE FUNCTION tramite_may_edit(entity integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT tramite_is_admin() OR (entity IS NOT NULL
     AND (pg_has_role(current_user, 'tramite_clerk', 'MEMBER')
          OR pg_has_role(current_user, 'tramite_consultant', 'MEMBER'))
     AND EXISTS (SELECT 1 FROM entity_grant g
                 WHERE g.username = current_user AND g.entity_id = entity))
$$;
"""

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.@-]{0,62}$")


class AccessProblem(Exception):
    """A grant that cannot be made as asked (`code` says why, `subject` names what)."""

    def __init__(self, code: str, subject: str = "") -> None:
        super().__init__(f"{code}: {subject}")
        self.code = code
        self.subject = subject


class WriteRefused(Exception):
    """The user's role does not let them write this municipality's data (nothing written)."""

    def __init__(self, access: Access, ubigeo: str | None) -> None:
        super().__init__(
            f"{access.user} ({access.role.value}) may not write {ubigeo or 'shared data'}")
        self.access = access
        #: The municipality (None: data shared by all, such as the UIT of a year).
        self.ubigeo = ubigeo


@dataclass(frozen=True)
class Access:
    """Who the connected user is and what they may write."""

    user: str
    role: Role
    #: Entity ids they may write; None: every one (administrator).
    editable: frozenset[int] | None
    #: False on a personal file or a server without roles installed.
    enforced: bool = False

    def may_edit(self, entity_id: int | None) -> bool:
        if self.editable is None:
            return True
        return entity_id is not None and entity_id in self.editable

    @property
    def writes(self) -> bool:
        return self.role in WRITERS


def is_postgres(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"


def installed(connection: Connection) -> bool:
    """Whether this server database has its roles set up."""
    if not is_postgres(connection):
        return False
    return bool(connection.scalar(text(
        "SELECT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'tramite_may_edit')"
        " AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tramite_admin')")))


def install(connection: Connection, tables: Iterable[str]) -> None:
    """Create the groups, their rights and every table's policies (idempotent).

    Run by the owner of the tables: `admin grant` does it first, and a migration of a
    server where the roles exist runs it again so new tables are guarded at once."""
    for group in GROUPS.values():
        connection.execute(text(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :g) THEN "
            f"CREATE ROLE {group} NOLOGIN; END IF; END $$".replace(":g", f"'{group}'")))
    connection.execute(text(_FUNCTIONS))
    everyone = ", ".join(GROUPS.values())
    writers = ", ".join(GROUPS[role] for role in WRITERS)
    connection.execute(text(f"GRANT USAGE ON SCHEMA {_schema(connection)} TO {everyone}"))
    for table in sorted(UNGUARDED):
        connection.execute(text(f"GRANT SELECT ON {table} TO {everyone}"))
    for table in sorted(set(tables) - UNGUARDED):
        if table not in LINKS:
            raise AccessProblem("unguarded_table", table)
        expression = entity_expression(table)
        rule = "tramite_is_admin()" if expression is None else f"tramite_may_edit({expression})"
        connection.execute(text(f"GRANT SELECT ON {table} TO {everyone}"))
        connection.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {table} TO {writers}"))
        connection.execute(text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
        connection.execute(text(f"DROP POLICY IF EXISTS tramite_read ON {table}"))
        connection.execute(text(f"DROP POLICY IF EXISTS tramite_write ON {table}"))
        connection.execute(text(f"CREATE POLICY tramite_read ON {table} FOR SELECT USING (true)"))
        connection.execute(text(
            f"CREATE POLICY tramite_write ON {table} FOR ALL USING ({rule}) WITH CHECK ({rule})"))
    connection.execute(text(
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {_schema(connection)} "
        f"TO {writers}"))


def _schema(connection: Connection) -> str:
    return str(connection.scalar(text("SELECT current_schema()")))


def current_access(connection: Connection) -> Access:
    """The connected user's role and the municipalities they may write."""
    if not is_postgres(connection):
        return Access(user="", role=Role.ADMIN, editable=None)
    user = str(connection.scalar(text("SELECT current_user")))
    if not installed(connection):
        return Access(user=user, role=Role.ADMIN, editable=None)
    role = role_of(connection, user)
    if role is Role.ADMIN:
        return Access(user=user, role=role, editable=None, enforced=True)
    editable: frozenset[int] = frozenset()
    if role in GRANTED_ROLES:
        editable = frozenset(int(row[0]) for row in connection.execute(text(
            "SELECT entity_id FROM entity_grant WHERE username = current_user")))
    return Access(user=user, role=role, editable=editable, enforced=True)


def role_of(connection: Connection, user: str) -> Role:
    """The role of `user` (viewer when they belong to no group: they may still read)."""
    if connection.scalar(text(
            "SELECT rolsuper FROM pg_roles WHERE rolname = :u"), {"u": user}):
        return Role.ADMIN
    if connection.scalar(text(
            "SELECT tableowner = :u FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename = 'entity'"), {"u": user}):
        return Role.ADMIN
    for role in (Role.ADMIN, Role.CLERK, Role.CONSULTANT, Role.VIEWER):
        if connection.scalar(text("SELECT pg_has_role(:u, :g, 'MEMBER')"),
                             {"u": user, "g": GROUPS[role]}):
            return role
    return Role.VIEWER


def check_user(connection: Connection, user: str) -> None:
    """Refuse a name that is not a login of this server."""
    if not _NAME.match(user):
        raise AccessProblem("bad_user", user)
    if not connection.scalar(text(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :u AND rolcanlogin)"),
            {"u": user}):
        raise AccessProblem("unknown_user", user)


def grant(connection: Connection, user: str, role: Role, entity_ids: Iterable[int]) -> None:
    """Make `user` a member of `role`'s group (only that one) and add the grants."""
    check_user(connection, user)
    quoted = _quoted(connection, user)
    for other in GROUPS.values():
        connection.execute(text(
            f"DO $$ BEGIN IF pg_has_role('{_literal(user)}', '{other}', 'USAGE') THEN "
            f"REVOKE {other} FROM {quoted}; END IF; END $$"))
    options = " WITH ADMIN OPTION" if role is Role.ADMIN else ""
    connection.execute(text(f"GRANT {GROUPS[role]} TO {quoted}"))
    if role is Role.ADMIN:
        # An administrator grants the other groups in turn.
        for other in (Role.CLERK, Role.CONSULTANT, Role.VIEWER):
            connection.execute(text(f"GRANT {GROUPS[other]} TO {quoted}{options}"))
    if role not in GRANTED_ROLES:
        connection.execute(text("DELETE FROM entity_grant WHERE username = :u"), {"u": user})
        return
    for entity_id in entity_ids:
        connection.execute(text(
            "INSERT INTO entity_grant (username, entity_id) VALUES (:u, :e) "
            "ON CONFLICT (username, entity_id) DO NOTHING"), {"u": user, "e": entity_id})


def revoke(connection: Connection, user: str) -> bool:
    """Take every role and grant from `user`; whether they had any."""
    check_user(connection, user)
    quoted = _quoted(connection, user)
    had = False
    for group in GROUPS.values():
        if connection.scalar(text("SELECT pg_has_role(:u, :g, 'USAGE')"),
                             {"u": user, "g": group}):
            connection.execute(text(f"REVOKE {group} FROM {quoted}"))
            had = True
    deleted = connection.execute(text("DELETE FROM entity_grant WHERE username = :u"),
                                 {"u": user})
    return had or bool(deleted.rowcount)


@dataclass(frozen=True)
class Member:
    """A login of the server with its role and its grants (ubigeos)."""

    user: str
    role: Role
    ubigeos: tuple[str, ...]


def members(connection: Connection) -> list[Member]:
    """Every login that belongs to one of the groups, by name."""
    rows = connection.execute(text(
        "SELECT DISTINCT r.rolname FROM pg_roles r JOIN pg_auth_members m ON m.member = r.oid "
        "JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = ANY(:groups) AND r.rolcanlogin "
        "ORDER BY r.rolname"), {"groups": list(GROUPS.values())})
    found: list[Member] = []
    for (user,) in rows:
        ubigeos = tuple(str(u) for (u,) in connection.execute(text(
            "SELECT e.ubigeo FROM entity_grant g JOIN entity e ON e.id = g.entity_id "
            "WHERE g.username = :u ORDER BY e.ubigeo"), {"u": user}))
        found.append(Member(user=str(user), role=role_of(connection, str(user)), ubigeos=ubigeos))
    return found


def _quoted(connection: Connection, name: str) -> str:
    return str(connection.scalar(text("SELECT quote_ident(:n)"), {"n": name}))


def _literal(name: str) -> str:
    return name.replace("'", "''")


# The app's own check, before the server's: a refused write is one worded message, and
# an UPDATE the server's policy would silently skip (0 rows) never reaches it.

#: How long a database's answer to "who may write what" is reused (every write asks).
ACCESS_SECONDS = 30.0


def guard(sessions: sessionmaker[Any]) -> None:
    """Check every flush of `sessions` against the connected user's rights."""
    # Shared by the sessions (their `info` is a shallow copy of this one).
    sessions.kw.setdefault("info", {})["access_cache"] = {}
    event.listen(sessions, "before_flush", _before_flush)
    event.listen(sessions, "after_flush", _after_flush)


def session_access(session: Session) -> Access:
    """The user's access: looked up at most every `ACCESS_SECONDS` per database, not on
    every write (a grant made meanwhile is the server's to enforce until then)."""
    cache = session.info.setdefault("access_cache", {})
    found = cache.get("access")
    if found is None or time.monotonic() - cache["at"] > ACCESS_SECONDS:
        found = current_access(session.connection())
        cache.update(access=found, at=time.monotonic())
    return cast(Access, found)


def _before_flush(session: Session, _context: object, _instances: object) -> None:
    # Rows that exist already: as they are now, before the flush changes or deletes them.
    _check(session, [*session.dirty, *session.deleted])


def _after_flush(session: Session, _context: object) -> None:
    # New rows: their keys are known once written (the transaction is still open).
    _check(session, list(session.new))


def _check(session: Session, objects: list[object]) -> None:
    if not objects:
        return
    access = session_access(session)
    if access.editable is None:
        return
    cache: dict[tuple[str, int], int | None] = {}
    for obj in objects:
        table = getattr(getattr(obj, "__table__", None), "name", None)
        if table is None or table in UNGUARDED:
            continue
        entity_id = _entity_of(session, table, obj, cache)
        if not access.may_edit(entity_id):
            ubigeo = None if entity_id is None else session.execute(
                text("SELECT ubigeo FROM entity WHERE id = :id"), {"id": entity_id}).scalar()
            raise WriteRefused(access, None if ubigeo is None else str(ubigeo))


def _entity_of(session: Session, table: str, obj: object,
               cache: dict[tuple[str, int], int | None]) -> int | None:
    link = LINKS.get(table)
    if link is None:
        return None
    if isinstance(link, str):
        value = getattr(obj, link)
        return None if value is None else int(value)
    column, parent = link
    parent_id = getattr(obj, column)
    if parent_id is None:
        return None
    key = (parent, int(parent_id))
    if key not in cache:
        found = session.execute(text(
            f"SELECT {entity_expression(parent, 'r')} FROM {parent} r WHERE r.id = :id"),
            {"id": parent_id}).scalar()
        cache[key] = None if found is None else int(found)
    return cache[key]


def reguard(engine: Engine) -> None:
    """After a migration, guard the tables it added (when the roles are set up here and
    the one migrating owns the tables)."""
    from models import tables  # every table registered on the metadata

    with engine.begin() as connection:
        if installed(connection) and role_of(connection, str(
                connection.scalar(text("SELECT current_user")))) is Role.ADMIN:
            install(connection, tables.Base.metadata.tables)
