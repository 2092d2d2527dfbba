"""no allocated resource on a step

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 15:00:00

Steps carry only identifiable resources (MCD elements 2-3, DOMAIN §4); the shared
elements 4-7 reach a step through allocation by minutes. Early versions of the editor
let an allocated resource be attached to a step: it counted nowhere, and it made the
database export packages that the reader rightly refuses. Those links are removed.
"""

from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

ALLOCATED = ("material_no_fungible", "servicios_terceros", "depreciacion", "costos_fijos")


def upgrade() -> None:
    codes = ", ".join(f"'{code}'" for code in ALLOCATED)
    op.execute(
        "DELETE FROM activity_resource WHERE resource_id IN "
        f"(SELECT id FROM resource WHERE element IN ({codes}))"
    )


def downgrade() -> None:
    pass  # the links carried no figure; there is nothing to restore
