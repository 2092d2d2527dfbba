"""Databases at other schema revisions than this version's, for the tests.

`with_extra_revision(folder)` copies the migration scripts and adds one revision
(`0002test`, after this version's head) that rebuilds the `procedure` table — the kind
of change that, done carelessly on SQLite, cascades into the child tables — so a file
made by the real head is an *older* database for a program that knows the copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import models.migrate

EXTRA = "0002test"
_SCRIPT = '''"""test: a note on every procedure (rebuilds the table on SQLite)"""

import sqlalchemy as sa
from alembic import op

revision = "0002test"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("procedure", recreate="always") as batch:
        batch.add_column(sa.Column("test_note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("procedure") as batch:
        batch.drop_column("test_note")
'''


def with_extra_revision(folder: Path) -> Path:
    """A copy of the migrations with one more revision; returns its folder."""
    target = folder / "migrations"
    if not target.exists():
        shutil.copytree(models.migrate.MIGRATIONS, target,
                        ignore=shutil.ignore_patterns("__pycache__"))
        (target / "versions" / "0002_test_note.py").write_text(
            _SCRIPT.replace("{head}", models.migrate.head_revision()), encoding="utf-8")
    return target


def set_revision(path: Path, revision: str) -> None:
    """Stamp a SQLite file with `revision` (as a newer program would have left it)."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        connection.commit()
    finally:
        connection.close()
