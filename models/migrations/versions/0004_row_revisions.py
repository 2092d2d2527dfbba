"""row revisions

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 18:30:00

A counter on every row a person edits (models/revisions.py): a window remembers the
revision of what it shows, and an edit of a row changed meanwhile by someone else is
refused instead of silently overwriting it. Rows written before start at 0.
"""

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

TABLES = ("entity", "non_working_day", "unit", "position", "resource", "procedure",
          "version", "requirement", "activity")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("revision", sa.BigInteger(), nullable=False,
                                       server_default="0"))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("revision")
