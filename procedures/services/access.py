"""Who may do what on a shared database: the user's role, grants and their words.

The server enforces the roles (models/access.py: row-level security); this module is
how the command line and the window ask for them and say them. On a personal SQLite
file the one who opens it may do everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import access as acc
from models import tables as t
from models.codes import Role
from models.db import Database
from procedures.errors import DomainError
from procedures.i18n import _, ngettext
from procedures.vocabulary import label

Access = acc.Access
Member = acc.Member


class AccessRefused(DomainError):
    """A grant that cannot be made, or a write the user's role does not allow."""


def role_word(role: Role) -> str:
    return label(role)


def access_of(database: Database) -> Access:
    """The connected user's role and what they may write."""
    with database.engine.connect() as connection:
        return acc.current_access(connection)


@dataclass(frozen=True)
class Standing:
    """What the window shows of the user: who, as what, and which municipalities."""

    access: Access
    #: Ubigeos the user may edit (empty for an administrator: all of them).
    ubigeos: tuple[str, ...]

    def may_edit(self, ubigeo: str) -> bool:
        return self.access.editable is None or ubigeo in self.ubigeos

    def words(self) -> str:
        """One line for the status bar."""
        access = self.access
        if not access.enforced:
            return ""
        who = _("{user}: {role}").format(user=access.user, role=role_word(access.role))
        if access.role is Role.ADMIN:
            return who
        if not access.writes:
            return who + " — " + _("reads every municipality, changes none")
        return who + " — " + ngettext(
            "changes {n} municipality, reads the rest", "changes {n} municipalities, reads the "
            "rest", len(self.ubigeos)).format(n=len(self.ubigeos))

    def refusal(self, ubigeo: str) -> str:
        """Why an action on `ubigeo` is disabled (empty when it is allowed)."""
        if self.may_edit(ubigeo):
            return ""
        return refused_words(self.access, ubigeo)


def standing(database: Database) -> Standing:
    """The user's standing (a personal file: its owner, who may do everything)."""
    if database.is_sqlite:
        return Standing(acc.Access(user="", role=Role.ADMIN, editable=None), ())
    access = access_of(database)
    if access.editable is None:
        return Standing(access, ())
    with database.session() as session:
        ubigeos = tuple(session.scalars(select(t.Entity.ubigeo).where(
            t.Entity.id.in_(access.editable)).order_by(t.Entity.ubigeo)))
    return Standing(access, ubigeos)


def refused_words(access: Access, ubigeo: str | None) -> str:
    """Why the user's role does not let them write there."""
    role = role_word(access.role)
    if not access.writes:
        return _("Your role ({role}) lets you read, not change; nothing was written.").format(
            role=role)
    if ubigeo is None:
        return _("Only an administrator changes what every municipality shares (such as "
                 "the UIT of a year); nothing was written.")
    return _("Your role ({role}) lets you change only the municipalities granted to you, "
             "and {ubigeo} is not one of them; nothing was written. An administrator can "
             "grant it.").format(role=role, ubigeo=ubigeo)


def words_for(error: BaseException) -> str | None:
    """The words for a write the user's role refused (the app's check or the server's)."""
    if isinstance(error, acc.WriteRefused):
        return refused_words(error.access, error.ubigeo)
    original = getattr(error, "orig", None) or error
    if getattr(original, "sqlstate", None) == "42501":
        return _("The server refused the change: your role does not allow it here; "
                 "nothing was written.")
    return None


# ---- Administration ----------------------------------------------------------------------

def _require_server(database: Database) -> None:
    if database.is_sqlite:
        raise AccessRefused(_("Roles exist only on a shared PostgreSQL database; a SQLite "
                              "file belongs to whoever opens it."))


def _problem(problem: acc.AccessProblem) -> AccessRefused:
    words = {
        "bad_user": _("{name} is not a valid user name."),
        "unknown_user": _("There is no login named {name} on this server; the server's "
                          "administrator creates it first (CREATE ROLE … LOGIN)."),
        "unguarded_table": _("The table {name} has no access rule; nothing was granted."),
    }
    return AccessRefused(words.get(problem.code, "{name}").format(name=problem.subject))


def _entity_ids(session: Session, codes: Sequence[str]) -> list[int]:
    found: list[int] = []
    for code in codes:
        code = code.strip()
        if not code.isdigit() or len(code) not in (2, 4, 6):
            raise AccessRefused(_("{code} is not a ubigeo (6 digits), a province (4) or a "
                                  "department (2).").format(code=code))
        ids = list(session.scalars(select(t.Entity.id).where(
            t.Entity.ubigeo.startswith(code)).order_by(t.Entity.ubigeo)))
        if not ids:
            raise AccessRefused(_("There is no municipality under {code} in this "
                                  "database.").format(code=code))
        found.extend(ids)
    return found


def grant(database: Database, user: str, role: Role, codes: Sequence[str]) -> str:
    """Give `user` the `role` (and, for clerks and consultants, the municipalities under
    `codes`); the line that says what was done."""
    _require_server(database)
    if role in acc.GRANTED_ROLES and not codes:
        raise AccessRefused(_("A {role} needs the municipalities they may change "
                              "(--entity UBIGEO…).").format(role=role_word(role)))
    if role not in acc.GRANTED_ROLES and codes:
        raise AccessRefused(_("A {role} is not given municipalities: they read, or change, "
                              "every one.").format(role=role_word(role)))

    def work(session: Session) -> str:
        connection = session.connection()
        try:
            if not acc.installed(connection):
                acc.install(connection, t.Base.metadata.tables)
            ids = _entity_ids(session, codes)
            acc.grant(connection, user, role, ids)
        except acc.AccessProblem as problem:
            raise _problem(problem) from None
        if role in acc.GRANTED_ROLES:
            return ngettext("{user} is now {role} and may change {n} municipality.",
                            "{user} is now {role} and may change {n} municipalities.",
                            len(set(ids))).format(user=user, role=role_word(role),
                                                  n=len(set(ids)))
        return _("{user} is now {role}.").format(user=user, role=role_word(role))

    return database.transaction(work)


def revoke(database: Database, user: str) -> str:
    _require_server(database)

    def work(session: Session) -> str:
        try:
            had = acc.revoke(session.connection(), user)
        except acc.AccessProblem as problem:
            raise _problem(problem) from None
        if had:
            return _("{user} no longer has a role here.").format(user=user)
        return _("{user} had no role here.").format(user=user)

    return database.transaction(work)


def members(database: Database) -> list[Member]:
    _require_server(database)
    with database.engine.connect() as connection:
        return acc.members(connection)
