"""Shared set-up of the editing tests: the worked example imported into a database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from models import tables as t
from procedures.services.imports import import_package
from tests.conftest import EXAMPLE


@dataclass(frozen=True)
class Loaded:
    db: object
    procedure: str  # uuid
    version: str  # uuid of the as-is version

    def session(self):  # type: ignore[no-untyped-def]
        return self.db.session()  # type: ignore[attr-defined]

    def write(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        """Run one editing call in its own unit of work, as the window does."""
        with self.session() as session, session.begin():
            return fn(session, *args, **kwargs)

    def read(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        with self.session() as session:
            return fn(session, *args, **kwargs)


def load_into(db: object) -> Loaded:
    """Import the worked example into `db`; name its procedure and as-is version."""
    with db.session() as session, session.begin():  # type: ignore[attr-defined]
        import_package(session, EXAMPLE)
    with db.session() as session:  # type: ignore[attr-defined]
        procedure = session.scalar(select(t.Procedure).where(t.Procedure.code == "PA-07"))
        return Loaded(db, procedure.uuid, procedure.versions[0].uuid)


def change_count(loaded: Loaded) -> int:
    with loaded.session() as session:
        return session.scalar(select(func.count()).select_from(t.ChangeLog))
