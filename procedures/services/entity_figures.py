"""The one door through which the overview reads the figures of a municipality's
procedures (the version in force of each).

The stored figures (`version_figures`), read by the same query as the portfolio
(`storage.in_force`); while some are not stored yet (a database being filled) the whole
municipality is measured by the engine instead (loaded in bulk, allocation rates once).
Every reader gets a tuple of `ProcedureFigures`, whatever produced them.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from models.codes import VersionKind
from procedures.errors import NotFoundError
from procedures.headline import ProcedureFigures, from_metrics
from procedures.i18n import _
from procedures.storage.bulk_read import iter_entities
from procedures.storage.in_force import NotStored, entities_under, in_force_under
from procedures.storage.read import reference_values

__all__ = ["ProcedureFigures", "entity_figures"]


def entity_figures(session: Session, ubigeo: str) -> tuple[ProcedureFigures, ...]:
    """The figures of every procedure of `ubigeo` that has a version, in TUPA order: the
    stored ones (`version_figures`); measured by the engine while some are not stored."""
    if not ubigeo.isdigit() or len(ubigeo) != 6 or not entities_under(session, ubigeo):
        raise NotFoundError(_("there is no entity with ubigeo {ubigeo}").format(ubigeo=ubigeo))
    stored = [figures for _entity, figures in in_force_under(session, ubigeo)]
    if any(isinstance(figures, NotStored) for figures in stored):
        return _measured(session, ubigeo)
    return tuple(figures for figures in stored if isinstance(figures, ProcedureFigures))


def _measured(session: Session, ubigeo: str) -> tuple[ProcedureFigures, ...]:
    from procedures.services.reports import measure_loaded  # ReportLab: only when needed

    entity = next(iter_entities(session, [ubigeo]), None)
    if entity is None:
        raise NotFoundError(_("there is no entity with ubigeo {ubigeo}").format(ubigeo=ubigeo))
    measured = measure_loaded(entity, reference_values(session, entity.settings.year))
    return tuple(from_metrics(
        procedure.uid, procedure.code, procedure.name, version.name,
        any(v.kind is VersionKind.TO_BE for v in procedure.versions), metrics)
        for procedure, version, metrics in measured.rows)
