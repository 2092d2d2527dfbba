"""change history: field, old and new values, and what was changed as named then

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 18:30:00

Every change-log entry now says which field changed, from what to what, and names the
procedure, the version and the object as they were called at the time (uuid and
label), so that the history reads well after later renames and deletions. Rows written
before carry a summary sentence only; for one-field edits the sentence held the field's
code ("Se modificó time_source de la actividad 3"), which is copied into `field` here so
that the history shows the field in words.

It also gives the database an identity (`database_info`, key "id": a uuid), which a
package records as the database it left, with the newest change of each municipality
then: the state a later merge starts from (issue #14, point 1).
"""

import re
import uuid

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

COLUMNS = (
    ("field", sa.String(80)),
    ("old_value", sa.Text()),
    ("new_value", sa.Text()),
    ("object_label", sa.String(300)),
    ("procedure_uuid", sa.String(36)),
    ("procedure_label", sa.String(300)),
    ("version_uuid", sa.String(36)),
    ("version_label", sa.String(100)),
)
#: The sentences of one-field edits before 0005, in Spanish and English.
_OLD_SENTENCE = re.compile(r"^(?:Se modificó|Changed) ([a-z_]+) (?:de|del|of) ")


def upgrade() -> None:
    connection = op.get_bind()
    inspector = sa.inspect(connection)
    # A database stamped back to an older revision may have them already (tests do that).
    present = {column["name"] for column in inspector.get_columns("change_log")}
    for name, kind in COLUMNS:
        if name not in present:
            op.add_column("change_log", sa.Column(name, kind, nullable=False,
                                                  server_default=""))
    if "database_info" not in inspector.get_table_names():
        op.create_table(
            "database_info",
            sa.Column("key", sa.String(40), nullable=False),
            sa.Column("value", sa.String(200), nullable=False),
            sa.PrimaryKeyConstraint("key", name=op.f("pk_database_info")),
        )
        op.bulk_insert(sa.table("database_info", sa.column("key"), sa.column("value")),
                       [{"key": "id", "value": str(uuid.uuid4())}])
    if "ix_change_log_procedure_uuid" not in {
            index["name"] for index in inspector.get_indexes("change_log")}:
        op.create_index("ix_change_log_procedure_uuid", "change_log", ["procedure_uuid"])
    rows = connection.execute(sa.text(
        "SELECT id, summary FROM change_log WHERE action = 'update' AND field = ''")).all()
    for row_id, summary in rows:
        found = _OLD_SENTENCE.match(summary or "")
        if found:
            connection.execute(sa.text("UPDATE change_log SET field = :f WHERE id = :i"),
                               {"f": found[1], "i": row_id})


def downgrade() -> None:
    op.drop_table("database_info")
    op.drop_index("ix_change_log_procedure_uuid", table_name="change_log")
    with op.batch_alter_table("change_log") as batch:
        for name, _kind in reversed(COLUMNS):
            batch.drop_column(name)
