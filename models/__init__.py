"""Storage: SQLAlchemy 2 typed tables, engine and sessions, Alembic migrations.

Imports neither Qt nor `procedures/`. Import the submodules you need
(`models.tables`, `models.db`, `models.codes`); this package file stays empty so that
`models.codes` can be used without loading SQLAlchemy.
"""
