"""A merge's conflicts and summary in words (the command line's lines, the window's
dialog): DESIGN §5's one line per conflict — procedure, version, step, field, the
database's value then the file's, each with who and when — and a summary line."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from procedures.change_words import value_words
from procedures.i18n import _, ngettext
from procedures.storage.three_way import DELETED_IN_DATABASE, Conflict
from procedures.vocabulary import change_field_title


class MergeSummary(Protocol):
    @property
    def taken(self) -> int: ...

    @property
    def prefer_file(self) -> bool: ...

    @property
    def conflicts(self) -> tuple[Conflict, ...]: ...


def place_text(conflict: Conflict) -> str:
    """"PA-07 «Certificado de posesión» · versión Actual · paso 3 «Revisar»"."""
    parts = []
    if conflict.procedure:
        parts.append(f"{conflict.procedure} «{conflict.procedure_name}»")
    elif conflict.kind in ("unit", "position", "resource"):
        parts.append(_("{kind} {code}").format(kind=kind_text(conflict.kind),
                                               code=conflict.uid))
    else:
        parts.append(_("municipality {ubigeo}").format(ubigeo=conflict.ubigeo))
    if conflict.version:
        parts.append(_("version {name}").format(name=conflict.version))
    if conflict.step and conflict.kind == "activity":
        number, dot, description = conflict.step.partition(". ")
        parts.append(_("step {number} «{description}»").format(number=number,
                                                               description=description)
                     if dot and number.isdigit()
                     else _("step «{description}»").format(description=conflict.step))
    elif conflict.step and conflict.kind == "requirement":
        parts.append(_("requirement «{name}»").format(name=conflict.step))
    return " · ".join(parts)


def kind_text(kind: str) -> str:
    return {"unit": _("unit"), "position": _("position"), "resource": _("resource")}.get(
        kind, kind)


def _local(when: str) -> str:
    try:
        moment = datetime.fromisoformat(when)
    except ValueError:
        return when.replace("T", " ")[:16]
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


def stamp_text(who: str, when: str) -> str:
    """" (ana, 01/12/2026 10:00)" in local time (as the history shows it), or "" when
    neither is known; a time stored without its zone is UTC."""
    when = _local(when)
    inside = ", ".join(p for p in (who, when) if p)
    return f" ({inside})" if inside else ""


def field_words(conflict: Conflict) -> str:
    return change_field_title(conflict.kind, conflict.field)


def side_value(conflict: Conflict, text: str) -> str:
    return value_words(conflict.kind, conflict.field, text) or "—"


def conflict_line(conflict: Conflict) -> str:
    """One conflict on one line (the database's side first, then the file's)."""
    database = stamp_text(conflict.database_who, conflict.database_when)
    file = stamp_text(conflict.file_who, conflict.file_when)
    if conflict.deleted:
        if conflict.deleted == DELETED_IN_DATABASE:
            sides = _("database: deleted{stamp}").format(stamp=database) + " · " + _(
                "file: changed{stamp}").format(stamp=file)
        else:
            sides = _("database: changed{stamp}").format(stamp=database) + " · " + _(
                "file: deleted{stamp}").format(stamp=file)
        return _("conflict: {place}: {sides}").format(place=place_text(conflict), sides=sides)
    return _("conflict: {place} · {field}: database {mine}{mine_stamp} · file "
             "{theirs}{theirs_stamp}").format(
        place=place_text(conflict), field=field_words(conflict),
        mine=side_value(conflict, conflict.database), mine_stamp=database,
        theirs=side_value(conflict, conflict.file), theirs_stamp=file)


def summary_line(result: MergeSummary) -> str:
    """"merged: 5 changes from the file, 1 conflict (the database's value was kept)"."""
    taken = ngettext("{count} change from the file", "{count} changes from the file",
                     result.taken).format(count=result.taken)
    count = len(result.conflicts)
    conflicts = ngettext("{count} conflict", "{count} conflicts", count).format(count=count)
    if not count:
        return _("merged: {taken}, {conflicts}").format(taken=taken, conflicts=conflicts)
    kept = _("the file's value was kept") if result.prefer_file \
        else _("the database's value was kept")
    return _("merged: {taken}, {conflicts} ({kept})").format(taken=taken,
                                                            conflicts=conflicts, kept=kept)
