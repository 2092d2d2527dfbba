"""Row revisions: a counter on every row a person edits, for optimistic concurrency.

A window remembers the `revision` of what it shows; an edit names it, and the edit is
refused when the row's counter has moved since (another window, another clerk, an
import). The counter goes up by one on every flush that changes the row's own columns
(its place in a list, `position`, aside: renumbering after an insert is not an edit of
the row) or the rows it owns (an activity's staff and resources, a resource's values
per unit). SQLAlchemy's `version_id_col` puts the counter in the WHERE clause of every
UPDATE and DELETE, so two transactions that read the same revision cannot both write
(PostgreSQL: the second one gets `StaleDataError`, which is run again and then refused).

A new row starts at the time of its creation in milliseconds, not at 1: a row deleted
and written again with the same uuid (an undone delete, `import --replace`) never comes
back with a counter a window saw before.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import BigInteger, event, inspect
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column

#: Columns whose change is not an edit of the row (its place in its list).
NOT_AN_EDIT = frozenset({"position", "revision"})


def first_revision() -> int:
    """The counter of a new row: its creation time in milliseconds."""
    return time.time_ns() // 1_000_000


class RevisionMixin:
    """A `revision` counter checked by SQLAlchemy on every UPDATE and DELETE."""

    #: Collections whose change counts as an edit of this row.
    __revision_children__: tuple[str, ...] = ()

    revision: Mapped[int] = mapped_column(BigInteger, default=first_revision,
                                          server_default="0")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.revision,  # type: ignore[attr-defined]
                "version_id_generator": False}


class OwnedByRevised:
    """A row owned by a `RevisionMixin` row (`__revision_owner__`: the relationship)."""

    __revision_owner__: str = ""


def _edited(obj: Any) -> bool:
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        if attr.key not in NOT_AN_EDIT and state.attrs[attr.key].history.has_changes():
            return True
    return any(state.attrs[name].history.has_changes()
               for name in type(obj).__revision_children__)


def _bump(obj: Any, bumped: set[int]) -> None:
    if obj is None or id(obj) in bumped or inspect(obj).pending:
        return
    bumped.add(id(obj))
    obj.revision = (obj.revision or 0) + 1


def revised(session: Session) -> dict[str, int]:
    """uuid -> revision of every row this session wrote so far (after a flush), when its
    `info["track_revisions"]` is set: what a window knows it left, so that its own next
    edit or undo is not taken for someone else's."""
    return {obj.uuid: obj.revision for obj in session.info.get("revised", {}).values()
            if obj.revision is not None}


@event.listens_for(Session, "before_flush")
def _count_edits(session: Session, _context: Any, _instances: Any) -> None:
    bumped: set[int] = set()
    # Only a window's edits ask what they wrote (`track_revisions`): an import must not
    # keep every row it writes alive until its session ends.
    track = bool(session.info.get("track_revisions"))
    written = session.info.setdefault("revised", {}) if track else {}
    for obj in list(session.new):
        if track and isinstance(obj, RevisionMixin):
            written[id(obj)] = obj
    for obj in list(session.dirty):
        if isinstance(obj, RevisionMixin) and _edited(obj):
            _bump(obj, bumped)
    for group in (session.new, session.dirty, session.deleted):
        for obj in list(group):
            if isinstance(obj, OwnedByRevised) and obj.__revision_owner__:
                owner = getattr(obj, obj.__revision_owner__, None)
                if owner is not None and owner not in session.deleted:
                    _bump(owner, bumped)
    for obj in list(session.dirty):
        if id(obj) in bumped:
            written[id(obj)] = obj
