"""entity grants: the municipalities a clerk or consultant may edit

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-03 18:30:00

On a shared PostgreSQL database, `admin grant USER --role clerk --entity UBIGEO` lists
here the municipalities the user may write; the server's row-level security policies
(models/access.py, installed by `admin grant`) read it. On SQLite the table stays empty.
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('entity_grant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=63), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['entity.id'], name=op.f('fk_entity_grant_entity_id_entity'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entity_grant')),
    sa.UniqueConstraint('username', 'entity_id', name=op.f('uq_entity_grant_username_entity_id'))
    )
    with op.batch_alter_table('entity_grant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entity_grant_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_entity_grant_username'), ['username'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('entity_grant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entity_grant_username'))
        batch_op.drop_index(batch_op.f('ix_entity_grant_entity_id'))
    op.drop_table('entity_grant')
