"""First-run and demo data: the region's municipalities and the mapped demo procedures."""

from __future__ import annotations

from sqlalchemy.orm import Session

from procedures.i18n import _
from procedures.progress import Progress, no_progress, scaled
from procedures.resources import resource_path
from procedures.results import Outcome

DEMO_PACKAGE = resource_path("demo", "cajamarca.tramite.json")


def load_demo(session: Session, progress: Progress = no_progress) -> str:
    """The 127 municipalities of Cajamarca plus the demo procedures of the provincial one.

    Existing procedures are left alone (the demo never overwrites a user's work).
    """
    from procedures.demo.synthetic import seed_region
    from procedures.exchange.package_read import load_package_file
    from procedures.storage.write import import_entities

    created = seed_region(session, progress=scaled(progress, 0, 20, 100))
    result = import_entities(session, load_package_file(DEMO_PACKAGE), skip_existing=True,
                             file=DEMO_PACKAGE.name, progress=scaled(progress, 20, 80, 100))
    progress(100, 100, "")
    return _("Demo loaded: {entities} municipalities created, {procedures} procedures "
             "mapped.").format(entities=created, procedures=result.count(Outcome.CREATED))


def load_synthetic(
    session: Session,
    municipalities: int,
    procedures: int,
    activities: int,
    *,
    seed: int = 1,
    progress: Progress = no_progress,
) -> str:
    from procedures.demo.synthetic import generate_synthetic

    summary = generate_synthetic(session, municipalities, procedures, activities,
                                 progress=progress, seed=seed)
    return _("Synthetic data: {entities} municipalities, {procedures} procedures, "
             "{activities} activities.").format(
        entities=summary.entities, procedures=summary.procedures,
        activities=summary.activities)
