"""Optimistic concurrency for the editing services: refuse an edit of a row that someone
else changed since the screen showed it (models/revisions.py keeps the counters).

An editing service takes `expected`, the `revision` the caller last saw of the row
(None: no check, as imports and the demo write). When the row's counter differs, the
edit is refused with `ChangedMeanwhile`: who changed the row and when (read from the
change log, `storage.write.log_change`), and the value the field holds now, so the
screen shows the data as it is and offers the person's value again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import tables as t
from models.revisions import RevisionMixin
from procedures import snapshots as s
from procedures.cells import uses_text
from procedures.errors import ChangedMeanwhile
from procedures.formatting import smart_number
from procedures.i18n import _
from procedures.vocabulary import label

#: Longest text quoted in a refusal (the field itself may hold pages).
QUOTE = 80


def revision_of(session: Session, table: type[RevisionMixin], uuid: str) -> int | None:
    """The row's counter now (None when the row is gone)."""
    column: Any = table.revision
    return session.scalar(select(column).where(column.table.c.uuid == uuid))


def value_text(value: Any) -> str:
    """A field's value as a person reads it in a refusal."""
    if value is None or value == "" or value == ():
        return _("(empty)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, StrEnum):
        return label(value)
    if isinstance(value, Decimal | int):
        return smart_number(value, 4)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, tuple) and all(isinstance(u, s.StaffUse | s.ResourceUse)
                                        for u in value):
        return uses_text([(u.position, u.count) if isinstance(u, s.StaffUse)
                          else (u.resource, u.qty) for u in value])
    text = " ".join(str(value).split())
    return f"«{text[:QUOTE]}…»" if len(text) > QUOTE else f"«{text}»"


def last_change(session: Session, uuids: Sequence[str]) -> t.ChangeLog | None:
    """The newest change-log entry about any of `uuids` (the row, then its owner)."""
    for uuid in uuids:
        if not uuid:
            continue
        entry = session.scalar(select(t.ChangeLog).where(t.ChangeLog.object_uuid == uuid)
                               .order_by(t.ChangeLog.id.desc()).limit(1))
        if entry is not None:
            return entry
    return None


def _when(at: datetime | None) -> str:
    if at is None:
        return ""
    # SQLite's CURRENT_TIMESTAMP is UTC without a zone; PostgreSQL's now() has one.
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone().strftime("%d/%m/%Y %H:%M")


def check_unchanged(session: Session, row: RevisionMixin, expected: int | None, path: str,
                    fresh: Any, refused: Any = None, owners: Sequence[str] = (),
                    not_done: str = "") -> None:
    """Refuse (ChangedMeanwhile at `path`) when `row` is no longer at revision `expected`.

    `fresh` is the edited field's value now; `refused` the value that was not saved;
    `owners` uuids whose log entries also speak of this row (an import logs on the
    municipality); `not_done` says what was not done when it is not a value (a delete)."""
    if expected is None or row.revision == expected:
        return
    raise changed_meanwhile(session, [getattr(row, "uuid", ""), *owners], path, fresh,
                            refused, not_done)


def changed_meanwhile(session: Session, uuids: Sequence[str], path: str, fresh: Any,
                      refused: Any = None, not_done: str = "") -> ChangedMeanwhile:
    """The refusal of an edit of something changed since it was shown (`uuids`: whose
    change-log entries say who changed it)."""
    entry = last_change(session, uuids)
    value = value_text(fresh)
    if entry is not None and entry.author:
        said = _("{who} changed it on {when} ({what}) after you opened it; it is now "
                 "{value}.").format(who=entry.author, when=_when(entry.at),
                                    what=entry.summary, value=value)
    elif entry is not None:
        said = _("it was changed in another window or session on {when} ({what}) after "
                 "you opened it; it is now {value}.").format(when=_when(entry.at),
                                                             what=entry.summary, value=value)
    else:
        said = _("it was changed in another window or session after you opened it; it is "
                 "now {value}.").format(value=value)
    if not_done:
        said += " " + not_done
    elif refused is not None:
        said += " " + _("Your value {value} was not saved: type it again if it should "
                        "replace the new one.").format(value=value_text(refused))
    return ChangedMeanwhile(path, said, fresh, refused)
