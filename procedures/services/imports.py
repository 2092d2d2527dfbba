"""Import any supported file by its extension (the CLI's and the window's `import`)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from procedures.errors import InputError, Location, Problem
from procedures.i18n import _, ngettext
from procedures.progress import Progress, no_progress


def import_file(
    session: Session,
    path: Path,
    *,
    replace: bool = False,
    entity: str | None = None,
    procedure: str | None = None,
    version: str | None = None,
    create_units: bool = False,
    progress: Progress = no_progress,
) -> str:
    """Import `path` in the caller's transaction; return a sentence saying what was done."""
    suffix = path.suffix.lower()
    if path.name.lower().endswith(".json"):
        from procedures.services.packages import import_package

        summary = import_package(session, path, replace=replace, progress=progress)
        return ngettext(
            "Imported {procedures} procedure ({activities} activities) into {entities}.",
            "Imported {procedures} procedures ({activities} activities) into {entities}.",
            summary.procedures_created + summary.procedures_replaced,
        ).format(
            procedures=summary.procedures_created + summary.procedures_replaced,
            activities=summary.activities,
            entities=", ".join(summary.entities) or "—",
        )
    if suffix in (".xlsx", ".bpmn", ".xml"):
        missing = [name for name, value in (("--entity", entity), ("--procedure", procedure))
                   if not value]
        if missing:
            raise InputError(Problem(Location(file=path.name), _(
                "importing a {kind} file needs {options}").format(
                    kind=suffix, options=" ".join(missing))))
        from procedures.services.step_imports import import_steps

        return import_steps(session, path, entity or "", procedure or "", version,
                            create_units=create_units, progress=progress)
    raise InputError(Problem(Location(file=path.name), _(
        "unknown file type {suffix!r}; use .tramite.json, .xlsx or .bpmn").format(
            suffix=suffix or path.name)))
