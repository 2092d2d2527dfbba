"""the municipality's logo

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 18:30:00

The reports printed a placeholder shield: the entity now keeps its own logo, the bytes
of a PNG or JPEG file (checked when set), or nothing.
"""

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('entity', sa.Column('logo', sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('entity') as batch:
        batch.drop_column('logo')
