"""Alembic configured in code: upgrade to head, report the current revision.

The whole upgrade is one transaction (SQLite's DDL is transactional too), so a migration
that stops half-way — an error, a killed process — leaves the database as it was.

Importing Alembic (and every SQL dialect it knows) costs a quarter of a second or more
at every start; the revisions the program knows are read from the scripts' text
(`script_revisions`) and a database already at the newest revision is recognised with
plain SQL (`schema_is_current`), so Alembic is imported only when there is a migration
to run (or a test asks it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

#: The migration scripts (tests point it at a copy with one more revision).
MIGRATIONS = Path(__file__).with_name("migrations")
_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=(.*)$", re.MULTILINE)
_QUOTED = re.compile(r"""['"]([^'"]+)['"]""")


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def script_revisions() -> tuple[frozenset[str], frozenset[str]]:
    """Every revision of the migration scripts and the newest ones (those no script names
    as its `down_revision`), read from the scripts' text as Alembic would find them, not
    imported."""
    found: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        for key, value in _REVISION_LINE.findall(script.read_text(encoding="utf-8")):
            (found if key == "revision" else parents).update(_QUOTED.findall(value))
    return frozenset(found), frozenset(found - parents)


def head_revision() -> str:
    (head,) = script_revisions()[1]  # one line of migrations: one head
    return head


def revisions() -> frozenset[str]:
    """Every revision this program has a script for (an unknown one is from a newer
    version of the program: revisions are never deleted)."""
    return script_revisions()[0]


def schema_is_current(engine: Engine) -> bool:
    """True when the database's `alembic_version` holds exactly the newest revision
    (plain SQL: no Alembic)."""
    from sqlalchemy.exc import DBAPIError

    heads = script_revisions()[1]
    try:
        with engine.connect() as connection:
            found = {row[0] for row in connection.exec_driver_sql(
                "SELECT version_num FROM alembic_version")}
    except DBAPIError:  # no such table: a new or foreign database
        return False
    return bool(heads) and found == heads


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine, backup: Callable[[], object] | None = None) -> bool:
    """Migrate to the newest revision; call `backup` first when there is work to do
    on a database that has a schema already.

    Returns True when a migration ran.
    """
    if schema_is_current(engine):
        return False
    from alembic import command

    current = current_revision(engine)
    if current == head_revision():
        return False
    if backup is not None and current is not None:
        backup()
    command.upgrade(alembic_config(engine), "head")
    return True
