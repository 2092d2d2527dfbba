"""Export in any supported format (the CLI's and the window's `export`)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from procedures.i18n import ngettext


def export_file(
    session: Session,
    ubigeo: str,
    path: Path,
    fmt: str,
    *,
    procedure: str | None = None,
    version: str | None = None,
) -> str:
    """Write the file and return a sentence saying what was written."""
    if fmt == "json":
        from procedures.services.packages import export_package

        entities = export_package(session, ubigeo, path, procedure)
        count = sum(len(e.procedures) for e in entities)
        return ngettext("Exported {count} procedure to {path}.",
                        "Exported {count} procedures to {path}.", count).format(
            count=count, path=path)
    from procedures.services.step_exports import export_steps

    return export_steps(session, ubigeo, path, fmt, procedure=procedure, version=version)
