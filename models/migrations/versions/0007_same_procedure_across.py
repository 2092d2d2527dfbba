"""the same procedure across municipalities

Revision ID: 0007
Revises: 0002
Create Date: 2026-12-03 18:30:00

A procedure may carry the code of a standardized procedure (the catalogue in
resources/data), and two procedures of different municipalities may be linked by hand as
the same one (issue #13): the benchmark finds a procedure in every municipality by them.
"""

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('standard_code', sa.String(length=30), nullable=True))
        batch_op.create_index(batch_op.f('ix_procedure_standard_code'), ['standard_code'],
                              unique=False)
    op.create_table(
        'procedure_link',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('first_id', sa.Integer(), nullable=False),
        sa.Column('second_id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.CheckConstraint('first_id < second_id', name=op.f('ck_procedure_link_ordered_pair')),
        sa.ForeignKeyConstraint(['first_id'], ['procedure.id'],
                                name=op.f('fk_procedure_link_first_id_procedure'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['second_id'], ['procedure.id'],
                                name=op.f('fk_procedure_link_second_id_procedure'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_procedure_link')),
        sa.UniqueConstraint('first_id', 'second_id',
                            name=op.f('uq_procedure_link_first_id_second_id')),
        sa.UniqueConstraint('uuid', name=op.f('uq_procedure_link_uuid')),
    )
    with op.batch_alter_table('procedure_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_procedure_link_first_id'), ['first_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_procedure_link_second_id'), ['second_id'],
                              unique=False)


def downgrade() -> None:
    op.drop_table('procedure_link')
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_procedure_standard_code'))
        batch_op.drop_column('standard_code')
