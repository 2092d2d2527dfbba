"""Alembic environment: the engine comes from `config.attributes` (set in code).

The whole upgrade runs in one transaction (`transactional_ddl`, which SQLite supports
too), begun as a writer (`BEGIN IMMEDIATE` on SQLite, see models.db): a migration that
stops half-way leaves the database as it was. On SQLite, foreign keys are off while
tables are rebuilt (SQLite's own procedure for schema changes: dropping a rebuilt
parent table would otherwise cascade into its children) and checked before the commit.
"""

from alembic import context
from sqlalchemy import text

from models.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # outside any transaction, where the pragma takes effect
            connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
        connection.execution_options(tramite_writer=True)
        try:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=sqlite,
                compare_type=True,
                transactional_ddl=True,
            )
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    broken = connection.execute(text("PRAGMA foreign_key_check")).all()
                    if broken:
                        raise RuntimeError(f"the migration broke foreign keys: {broken[:5]}")
            connection.commit()
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys = ON")


run_migrations_online()
