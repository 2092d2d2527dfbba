"""What an import did, as data (per procedure, per unit), and the one sentence saying it.

The importers return an `ImportResult` instead of words, so the window learns what was
written (the rows to undo, the units created) without looking at the database again;
`describe` turns it into the lines the command line prints and the status bar shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from procedures.i18n import _, ngettext


class Outcome(StrEnum):
    """What became of one procedure of the file."""

    CREATED = "created"  # new in the database
    REPLACED = "replaced"  # the database's one was deleted and the file's written
    SKIPPED = "skipped"  # the database had it and it was left as it was
    STEPS_ADDED = "steps_added"  # a step table's activities appended to one version


@dataclass(frozen=True, slots=True)
class ProcedureResult:
    """One procedure the import touched (or left alone)."""

    entity: str  # the ubigeo
    code: str
    uuid: str
    outcome: Outcome
    versions: tuple[str, ...] = ()  # uuids of the versions written or appended to
    activities: int = 0  # activities written
    #: A step table only: the rows appended (an undo removes them), the version's name
    #: and whether that version was created for them.
    activity_uuids: tuple[str, ...] = ()
    version: str = ""
    version_created: bool = False
    steps_replaced: int = 0  # the version's steps the file's replaced


@dataclass(frozen=True, slots=True)
class CreatedUnit:
    """A unit the import added to a municipality."""

    entity: str
    uuid: str
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Everything one import wrote, in the file's order."""

    file: str = ""
    procedures: tuple[ProcedureResult, ...] = ()
    entities: tuple[str, ...] = ()  # ubigeos of the file's municipalities
    entities_created: tuple[str, ...] = ()  # those new in the database
    units_created: tuple[CreatedUnit, ...] = ()
    #: Said to the person as they are: a sheet chosen among several, a unit read
    #: loosely, what a diagram had that a step table cannot hold.
    notes: tuple[str, ...] = ()

    def count(self, *outcomes: Outcome) -> int:
        return sum(1 for p in self.procedures if p.outcome in outcomes)

    @property
    def activities(self) -> int:
        return sum(p.activities for p in self.procedures)


def describe(result: ImportResult) -> str:
    """What was done, first line a summary (the status bar's), then one line per note."""
    steps = [p for p in result.procedures if p.outcome is Outcome.STEPS_ADDED]
    lines = [_steps_line(p) for p in steps]
    if not steps:
        written = result.count(Outcome.CREATED, Outcome.REPLACED)
        line = ngettext(
            "Imported {procedures} procedure ({activities} activities) into {entities}.",
            "Imported {procedures} procedures ({activities} activities) into {entities}.",
            written,
        ).format(procedures=written, activities=result.activities,
                 entities=", ".join(result.entities) or "—")
        skipped = result.count(Outcome.SKIPPED)
        if skipped:
            line += " " + ngettext(
                "{count} procedure the database had already was left as it was.",
                "{count} procedures the database had already were left as they were.",
                skipped).format(count=skipped)
        lines.append(line)
    return "\n".join([*lines, *result.notes])


def _steps_line(procedure: ProcedureResult) -> str:
    text = ngettext(
        "Imported {count} activity into {procedure} / {version}.",
        "Imported {count} activities into {procedure} / {version}.", procedure.activities,
    ).format(count=procedure.activities, procedure=procedure.code, version=procedure.version)
    if procedure.version_created:
        text += " " + _("The version was created as a to-be proposal.")
    if procedure.steps_replaced:
        text += " " + ngettext("They replace the {count} step the version had.",
                               "They replace the {count} steps the version had.",
                               procedure.steps_replaced).format(count=procedure.steps_replaced)
    return text
