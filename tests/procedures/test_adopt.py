"""A procedure started from the catalogue of standardized procedures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from models.codes import Calificacion, VersionKind
from procedures.errors import NotFoundError
from procedures.services import adopt as ea
from procedures.services import queries as eq
from procedures.standard.catalogue import load_catalogue
from tests.procedures.builders import english_messages
from tests.procedures.copy_support import EMPTY, NEAR, load

_english = english_messages()


def test_adopting_fills_what_the_norm_fixes_and_leaves_the_steps(sqlite_db: Any,
                                                                 tmp_path: Path) -> None:
    load(sqlite_db, tmp_path)
    entry = next(e for e in load_catalogue() if e.plazo is not None)
    with sqlite_db.session() as session, session.begin():
        uuid = ea.adopt_standard(session, EMPTY, entry.code, author="ana")
    with sqlite_db.session() as session:
        _entity, procedure = eq.procedure_fields(session, uuid)
    assert (procedure.code, procedure.name) == ("PA-01", entry.name)
    assert procedure.legal_basis == entry.legal_basis
    assert (procedure.calificacion, procedure.plazo, procedure.plazo_unit) == (
        entry.calificacion, entry.plazo, entry.plazo_unit)
    assert [(q.name, q.kind) for q in procedure.requirements] == [
        (q.name, q.kind) for q in entry.requirements]
    assert procedure.standard_code == entry.code
    (version,) = procedure.versions
    assert version.kind is VersionKind.AS_IS and version.activities == ()
    # a term no source states stays empty, never guessed
    unknown = next(e for e in load_catalogue() if e.plazo is None)
    with sqlite_db.session() as session, session.begin():
        other = ea.adopt_standard(session, EMPTY, unknown.code, "LF-1")
    with sqlite_db.session() as session:
        _entity, procedure = eq.procedure_fields(session, other)
    assert procedure.plazo is None and procedure.calificacion in Calificacion
    with sqlite_db.session() as session:
        choices = ea.standard_choices(session, EMPTY)
    assert {c.existing for c in choices if c.entry.code in (entry.code, unknown.code)} == {
        "PA-01", "LF-1"}
    with pytest.raises(NotFoundError), sqlite_db.session() as session:
        ea.adopt_standard(session, NEAR, "NO-SUCH")
