"""Alembic configured in code: upgrade to head, report the current revision.

The whole upgrade is one transaction (SQLite's DDL is transactional too), so a migration
that stops half-way — an error, a killed process — leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

#: The migration scripts (tests point it at a copy with one more revision).
MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None
    return head


def revisions() -> frozenset[str]:
    """Every revision this program has a script for (an unknown one is from a newer
    version of the program: revisions are never deleted)."""
    return frozenset(script.revision for script in _scripts().walk_revisions())


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine, backup: Callable[[], object] | None = None) -> bool:
    """Migrate to the newest revision; call `backup` first when there is work to do
    on a database that has a schema already.

    Returns True when a migration ran.
    """
    current = current_revision(engine)
    if current == head_revision():
        return False
    if backup is not None and current is not None:
        backup()
    command.upgrade(alembic_config(engine), "head")
    return True
