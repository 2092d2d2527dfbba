"""Stored headline figures of every version (issue #17): what a portfolio, a benchmark
and the navigator show without measuring again.

The rows are derived data, rewritten by the services in the same transaction as every
change that affects them (`procedures.services.figures`); `db rebuild` recomputes them
and `db check` compares them with a fresh computation. Money is `Numeric(12, 2)`; the
per-case sums that yearly figures multiply (`staff_minutes`, `citizen_minutes`, …) are
kept as exact decimal text, so a figure read back is the very `Decimal` the engine gave.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, ExactDecimal, Money


class VersionFigures(Base):
    """One version's figures, as measured at its entity's allocation rates."""

    __tablename__ = "version_figures"

    version_id: Mapped[int] = mapped_column(
        ForeignKey("version.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    activities: Mapped[int] = mapped_column(Integer)
    business_days: Mapped[int] = mapped_column(Integer)
    handoffs: Mapped[int] = mapped_column(Integer)
    citizen_visits: Mapped[Decimal] = mapped_column(ExactDecimal)
    total_minutes: Mapped[Decimal] = mapped_column(ExactDecimal)
    effort_minutes: Mapped[Decimal] = mapped_column(ExactDecimal)
    staff_minutes: Mapped[Decimal] = mapped_column(ExactDecimal)
    lead_time_minutes: Mapped[Decimal] = mapped_column(ExactDecimal)
    va_minutes: Mapped[Decimal] = mapped_column(ExactDecimal)
    citizen_minutes: Mapped[Decimal] = mapped_column(ExactDecimal)
    unit_cost: Mapped[Decimal] = mapped_column(Money)
    fee: Mapped[Decimal] = mapped_column(Money)
    fee_pct_uit: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)
    citizen_out_of_pocket: Mapped[Decimal] = mapped_column(Money)
    citizen_cost: Mapped[Decimal] = mapped_column(Money)
    #: The yearly demand the yearly figures were multiplied by.
    cases: Mapped[int] = mapped_column(Integer)
    #: Warning codes in the engine's order, separated by spaces (duplicates kept).
    warnings: Mapped[str] = mapped_column(Text, default="")
    #: Exact totals of the elements no allocation reaches (personnel, direct resources),
    #: as JSON {element: "p/q"}, and the expected minutes per unit, as JSON {unit:
    #: "minutes"}: with them a change of the rates re-costs the version without its steps.
    direct_costs: Mapped[str] = mapped_column(Text, default="{}")
    unit_minutes: Mapped[str] = mapped_column(Text, default="{}")
    #: Digest of the entity's allocation rates these figures were costed at: a change
    #: that moves the rates makes every figure with another digest stale.
    rates_key: Mapped[str] = mapped_column(String(40), default="")


__all__ = ["VersionFigures"]
