"""stored figures of every version

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 18:30:00

The headline figures of each version (issue #17) are kept in `version_figures` so that
a region's portfolio, a benchmark and the navigator read them instead of measuring
875,000 activities again. The table is created empty here: the figures come from the
engine (`procedures`), which a migration must not import, so the services fill them on
the first open after this migration (`procedures.services.database.open_for_work`), in
one transaction; `db check` reports versions without figures and `db rebuild` computes
them all.
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    exact = sa.String(length=60)
    money = sa.Numeric(precision=12, scale=2)
    op.create_table(
        'version_figures',
        sa.Column('version_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('activities', sa.Integer(), nullable=False),
        sa.Column('business_days', sa.Integer(), nullable=False),
        sa.Column('handoffs', sa.Integer(), nullable=False),
        sa.Column('citizen_visits', exact, nullable=False),
        sa.Column('total_minutes', exact, nullable=False),
        sa.Column('effort_minutes', exact, nullable=False),
        sa.Column('staff_minutes', exact, nullable=False),
        sa.Column('lead_time_minutes', exact, nullable=False),
        sa.Column('va_minutes', exact, nullable=False),
        sa.Column('citizen_minutes', exact, nullable=False),
        sa.Column('unit_cost', money, nullable=False),
        sa.Column('fee', money, nullable=False),
        sa.Column('fee_pct_uit', exact, nullable=True),
        sa.Column('citizen_out_of_pocket', money, nullable=False),
        sa.Column('citizen_cost', money, nullable=False),
        sa.Column('cases', sa.Integer(), nullable=False),
        sa.Column('warnings', sa.Text(), nullable=False),
        sa.Column('direct_costs', sa.Text(), nullable=False),
        sa.Column('unit_minutes', sa.Text(), nullable=False),
        sa.Column('rates_key', sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(['version_id'], ['version.id'],
                                name=op.f('fk_version_figures_version_id_version'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('version_id', name=op.f('pk_version_figures')),
    )


def downgrade() -> None:
    op.drop_table('version_figures')
