"""The municipality at a glance: what is mapped and proposed, what it costs, what the law
says, where to start, and what changed lately.

Figures come from `entity_figures` only (the one door the lead can switch to stored
figures); the rest is counting. Read-only; the caller owns the session.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import tables as t
from procedures.priority import Matrix, Point, matrix
from procedures.services.entity_figures import ProcedureFigures, entity_figures
from procedures.storage.read import entity_row

ZERO = Decimal(0)
RECENT = 12


@dataclass(frozen=True, slots=True)
class RecentChange:
    when: datetime
    who: str
    summary: str
    #: The change log's entry (one import writes several alike at the same moment).
    id: int = 0


@dataclass(frozen=True, slots=True)
class Overview:
    ubigeo: str
    name: str
    procedures: tuple[ProcedureFigures, ...]
    without_versions: int  # procedures with no version at all (nothing to measure)
    matrix: Matrix
    warnings: tuple[tuple[str, int], ...]  # (code, procedures), most frequent first
    recent: tuple[RecentChange, ...]

    @property
    def total(self) -> int:
        return len(self.procedures) + self.without_versions

    @property
    def mapped(self) -> int:
        return sum(1 for p in self.procedures if p.mapped)

    @property
    def not_mapped(self) -> int:
        return self.total - self.mapped

    @property
    def with_proposal(self) -> int:
        return sum(1 for p in self.procedures if p.has_proposal)

    @property
    def without_proposal(self) -> int:
        return self.total - self.with_proposal

    @property
    def yearly_cost(self) -> Decimal:
        """Yearly cost to the municipality of its mapped procedures."""
        return sum((p.yearly_entity_cost for p in self.procedures if p.mapped), ZERO)

    @property
    def citizen_hours(self) -> Decimal:
        """Residents' hours a year of its mapped procedures."""
        return sum((p.yearly_citizen_hours for p in self.procedures if p.mapped), ZERO)


def matrix_of(figures: tuple[ProcedureFigures, ...], entity: str = "") -> Matrix:
    """The prioritisation matrix of mapped procedures (those without demand left out)."""
    mapped = [p for p in figures if p.mapped]
    return matrix([Point(p.uuid, p.code, p.name, p.cases, p.citizen_cost, entity)
                   for p in mapped])


def recent_changes(session: Session, entity_id: int, limit: int = RECENT
                   ) -> tuple[RecentChange, ...]:
    rows = session.execute(
        select(t.ChangeLog.at, t.ChangeLog.author, t.ChangeLog.summary, t.ChangeLog.id)
        .where(t.ChangeLog.entity_id == entity_id)
        .order_by(t.ChangeLog.at.desc(), t.ChangeLog.id.desc()).limit(limit)).all()
    return tuple(RecentChange(at, author, summary, entry)
                 for at, author, summary, entry in rows)


def entity_overview(session: Session, ubigeo: str) -> Overview:
    row = entity_row(session, ubigeo)
    figures = entity_figures(session, ubigeo)
    total = session.scalar(select(func.count()).select_from(t.Procedure)
                           .where(t.Procedure.entity_id == row.id)) or 0
    warnings = Counter(code for p in figures for code in set(p.warnings))
    return Overview(
        ubigeo=row.ubigeo, name=row.name, procedures=figures,
        without_versions=total - len(figures), matrix=matrix_of(figures),
        warnings=tuple(sorted(warnings.items(), key=lambda item: (-item[1], item[0]))),
        recent=recent_changes(session, row.id))
