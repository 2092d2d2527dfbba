"""Reference values by year and the change log."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Money


class ReferenceValue(Base):
    """UIT and RMV of a year (DOMAIN §7); a new UIT is set every December."""

    __tablename__ = "reference_value"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    uit: Mapped[Decimal] = mapped_column(Money)
    rmv: Mapped[Decimal] = mapped_column(Money)


class ChangeLog(Base):
    """Who changed what and when: accountability is the point of the project."""

    __tablename__ = "change_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    author: Mapped[str] = mapped_column(String(100), default="")
    entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entity.id", ondelete="SET NULL"), index=True
    )
    object_kind: Mapped[str] = mapped_column(String(40))
    object_uuid: Mapped[str] = mapped_column(String(36), default="")
    action: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text, default="")
