"""Helpers of the merge tests: an office and a laptop database, packages between them,
edits through the services as a named person."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from models.db import Database
from procedures import snapshots as s
from procedures.services.exports import export_package
from procedures.services.imports import import_package
from procedures.services.merge import MergeResult, merge_package
from procedures.storage.read import load_entity

UBIGEO = "060101"


def export(db: Database, path: Path) -> Path:
    with db.session() as session:
        export_package(session, UBIGEO, path)
    return path


def bring(db: Database, path: Path, *, replace: bool = False, author: str = "") -> None:
    with db.session() as session, session.begin():
        import_package(session, path, replace=replace, author=author)


def merge(db: Database, path: Path, *, prefer_file: bool = False,
          author: str = "lead") -> MergeResult:
    with db.session() as session, session.begin():
        return merge_package(session, path, prefer_file=prefer_file, author=author)


def procedure(db: Database, code: str = "PA-07") -> s.Procedure:
    with db.session() as session:
        entity = load_entity(session, UBIGEO, procedures=True)
    return next(p for p in entity.procedures if p.code == code)


def steps(db: Database) -> tuple[s.Activity, ...]:
    return procedure(db).versions[0].activities


def edit(db: Database, change: Callable[..., Any], *args: Any, author: str) -> None:
    """One edit through an editing service, as `author`."""
    with db.session() as session, session.begin():
        change(session, *args, author=author)


def edit_package(path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """Change the package's first municipality by hand (what an edited file is)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document["entities"][0])
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path
