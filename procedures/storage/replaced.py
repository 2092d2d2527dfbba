"""What an import that replaces a procedure changed, field by field, for the history.

`import --replace` writes the file's procedure in place of the stored one. Rows keep
their uuids when the file carries them (a package exported from this database), so
the two can be compared thing by thing: the procedure's TUPA data, each version (by
uuid) and each step (by uuid). Every difference is recorded like an edit (field, old,
new), so an edited package brought back shows in the history as what was edited.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from procedures import snapshots as s
from procedures.changes import activity_label

PROCEDURE_FIELDS = (
    "code", "name", "kind", "calificacion", "plazo", "plazo_unit", "annual_demand",
    "preparation_minutes", "filed_at", "approved_by", "description", "who_may_apply",
    "legal_basis", "channels", "contact", "steps_note", "reconsideration_authority",
    "appeal_authority")
VERSION_FIELDS = ("name", "fee", "calificacion", "plazo", "plazo_unit", "note", "adopted")
ACTIVITY_FIELDS = (
    "description", "unit", "type", "value", "minutes", "probability", "parallel",
    "in_person", "staff", "resources", "action", "note", "time_source", "time_date",
    "time_by")
REQUIREMENT_FIELDS = ("kind", "cost", "legal_basis")


@dataclass(frozen=True, slots=True)
class Difference:
    """One change between the stored procedure and the file's."""

    kind: str  # "procedure" | "version" | "activity" | "requirement"
    uuid: str
    label: str
    action: str  # "update" | "create" | "delete" | "reorder"
    field: str = ""
    old: Any = None
    new: Any = None
    version: str = ""  # uuid of the version it belongs to (in the new procedure)


def differences(before: s.Procedure, after: s.Procedure) -> Iterator[Difference]:
    """Every difference, the procedure's first, then each version's and its steps'."""
    for name in PROCEDURE_FIELDS:
        if getattr(before, name) != getattr(after, name):
            yield Difference("procedure", after.uid, after.name, "update", name,
                             getattr(before, name), getattr(after, name))
    yield from _requirements(before.requirements, after.requirements, after.uid, "")
    old_versions = {v.uid: v for v in before.versions if v.uid}
    new_uids = {v.uid for v in after.versions}
    for version in after.versions:
        old = old_versions.get(version.uid)
        if old is None:
            yield Difference("version", version.uid, version.name, "create", new=version.name,
                             version=version.uid)
            continue
        for name in VERSION_FIELDS:
            if getattr(old, name) != getattr(version, name):
                yield Difference("version", version.uid, old.name, "update", name,
                                 getattr(old, name), getattr(version, name), version.uid)
        if old.requirements is not None or version.requirements is not None:
            yield from _requirements(old.requirements or (), version.requirements or (),
                                     version.uid, version.uid)
        yield from _activities(old, version)
    for version in before.versions:
        if version.uid not in new_uids:
            yield Difference("version", version.uid, version.name, "delete", old=version.name)


def _activities(before: s.Version, after: s.Version) -> Iterator[Difference]:
    old = {a.uid: (index, a) for index, a in enumerate(before.activities) if a.uid}
    new_uids = {a.uid for a in after.activities}
    for index, activity in enumerate(after.activities):
        label = activity_label(index + 1, activity.description)
        found = old.get(activity.uid)
        if found is None:
            yield Difference("activity", activity.uid, label, "create",
                             new=activity.description, version=after.uid)
            continue
        for name in ACTIVITY_FIELDS:
            if getattr(found[1], name) != getattr(activity, name):
                yield Difference("activity", activity.uid, label, "update", name,
                                 getattr(found[1], name), getattr(activity, name), after.uid)
    for index, activity in enumerate(before.activities):
        if activity.uid not in new_uids:
            yield Difference("activity", activity.uid,
                             activity_label(index + 1, activity.description), "delete",
                             old=activity.description, version=after.uid)
    kept_before = [a.uid for a in before.activities if a.uid in new_uids]
    kept_after = [a.uid for a in after.activities if a.uid in old]
    if kept_before != kept_after:
        number = {uid: old[uid][0] + 1 for uid in kept_after}
        yield Difference("version", after.uid, after.name, "reorder", "order",
                         ", ".join(str(number[u]) for u in kept_before),
                         ", ".join(str(number[u]) for u in kept_after), after.uid)


def _requirements(before: tuple[s.Requirement, ...], after: tuple[s.Requirement, ...],
                  owner: str, version: str) -> Iterator[Difference]:
    """Requirements matched by name (a file's requirements carry no uuid)."""
    old = {q.name: q for q in before}
    new_names = {q.name for q in after}
    for requirement in after:
        found = old.get(requirement.name)
        if found is None:
            yield Difference("requirement", requirement.uid, requirement.name, "create",
                             new=requirement.name, version=version)
            continue
        for name in REQUIREMENT_FIELDS:
            if getattr(found, name) != getattr(requirement, name):
                yield Difference("requirement", requirement.uid, requirement.name, "update",
                                 name, getattr(found, name), getattr(requirement, name),
                                 version)
    for requirement in before:
        if requirement.name not in new_names:
            yield Difference("requirement", "", requirement.name, "delete",
                             old=requirement.name, version=version)
