"""Alembic configured in code: upgrade to head, report the current revision."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine, backup: Callable[[], object] | None = None) -> bool:
    """Migrate to the newest revision; call `backup` first when there is work to do.

    Returns True when a migration ran.
    """
    current = current_revision(engine)
    if current == head_revision():
        return False
    if backup is not None and current is not None:
        backup()
    command.upgrade(alembic_config(engine), "head")
    return True
