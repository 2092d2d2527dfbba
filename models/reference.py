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


class DatabaseInfo(Base):
    """Facts about the database itself; "id" names it (a uuid made when it was created or
    migrated to 0005), so that a package says which database it left (issue #14)."""

    __tablename__ = "database_info"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), default="")


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
    # What changed, as it was named at the time (migration 0005): the procedure and
    # version it belongs to (uuid and readable label), the object's own label (a step's
    # number and description, a requirement's name, a unit's code), the field's code and
    # its old and new values as bounded text. Rows written before 0005 leave them empty.
    field: Mapped[str] = mapped_column(String(80), default="", server_default="")
    old_value: Mapped[str] = mapped_column(Text, default="", server_default="")
    new_value: Mapped[str] = mapped_column(Text, default="", server_default="")
    object_label: Mapped[str] = mapped_column(String(300), default="", server_default="")
    procedure_uuid: Mapped[str] = mapped_column(String(36), default="", server_default="",
                                                index=True)
    procedure_label: Mapped[str] = mapped_column(String(300), default="", server_default="")
    version_uuid: Mapped[str] = mapped_column(String(36), default="", server_default="")
    version_label: Mapped[str] = mapped_column(String(100), default="", server_default="")
