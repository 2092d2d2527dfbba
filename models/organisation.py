"""The municipality and what it works with: units, positions, resources, days off."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Minutes, Money, Quantity, Ratio, UuidMixin
from models.codes import CostElement, EntityKind, Rounding
from models.columns import code_enum
from models.revisions import OwnedByRevised, RevisionMixin


class Entity(RevisionMixin, UuidMixin, Base):
    """A municipality, keyed by its INEI ubigeo, with its calculation settings."""

    __tablename__ = "entity"

    id: Mapped[int] = mapped_column(primary_key=True)
    ubigeo: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[EntityKind] = mapped_column(code_enum(EntityKind, "entity_kind"))
    department: Mapped[str] = mapped_column(String(100), default="")
    province: Mapped[str] = mapped_column(String(100), default="")
    district: Mapped[str] = mapped_column(String(100), default="")
    # Calculation settings (DESIGN §3 "settings").
    year: Mapped[int] = mapped_column(Integer, default=2026)
    hours_per_day: Mapped[Decimal] = mapped_column(Quantity, default=Decimal(8))
    days_per_month: Mapped[Decimal] = mapped_column(Quantity, default=Decimal(30))
    minutes_per_working_day: Mapped[int] = mapped_column(Integer, default=480)
    rounding: Mapped[Rounding] = mapped_column(
        code_enum(Rounding, "rounding"), default=Rounding.SUT
    )
    citizen_hour_value: Mapped[Decimal] = mapped_column(Money, default=Decimal("5.43"))
    travel_minutes: Mapped[Decimal] = mapped_column(Minutes, default=Decimal(60))
    travel_fare: Mapped[Decimal] = mapped_column(Money, default=Decimal("6.00"))
    uit: Mapped[Decimal | None] = mapped_column(Money, default=None)
    # Contact data printed on the guides.
    address: Mapped[str] = mapped_column(Text, default="")
    office_hours: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    reference_url: Mapped[str] = mapped_column(String(500), default="")
    # The municipality's logo as its file's bytes (PNG or JPEG, checked by procedures.logo).
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)

    units: Mapped[list[Unit]] = relationship(
        back_populates="entity", cascade="all, delete-orphan", order_by="Unit.code",
        passive_deletes=True
    )
    positions: Mapped[list[Position]] = relationship(
        back_populates="entity", cascade="all, delete-orphan", order_by="Position.code",
        passive_deletes=True
    )
    resources: Mapped[list[Resource]] = relationship(
        back_populates="entity", cascade="all, delete-orphan", order_by="Resource.code",
        passive_deletes=True
    )
    non_working_days: Mapped[list[NonWorkingDay]] = relationship(
        back_populates="entity", cascade="all, delete-orphan", order_by="NonWorkingDay.day",
        passive_deletes=True
    )

    __table_args__ = (
        CheckConstraint("hours_per_day > 0 AND days_per_month > 0", name="positive_time"),
        CheckConstraint("minutes_per_working_day > 0", name="positive_working_day"),
    )


class NonWorkingDay(RevisionMixin, UuidMixin, Base):
    """A day off of this entity only: public-sector, regional or municipal (DOMAIN §6)."""

    __tablename__ = "non_working_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(200), default="")

    entity: Mapped[Entity] = relationship(back_populates="non_working_days")

    __table_args__ = (UniqueConstraint("entity_id", "day"),)


class Unit(RevisionMixin, UuidMixin, Base):
    """An organisational unit: a swimlane and an activity centre for cost allocation."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    #: Yearly TUPA minutes of this unit's procedures that are not mapped (allocation base).
    other_tupa_minutes: Mapped[Decimal] = mapped_column(Minutes, default=Decimal(0))

    entity: Mapped[Entity] = relationship(back_populates="units")

    __table_args__ = (
        UniqueConstraint("entity_id", "code"),
        CheckConstraint("other_tupa_minutes >= 0", name="other_minutes_not_negative"),
    )


class Position(RevisionMixin, UuidMixin, Base):
    """A job position (cargo) with its full annual cost; personnel is element 1."""

    __tablename__ = "position"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    annual_cost: Mapped[Decimal] = mapped_column(Money)

    entity: Mapped[Entity] = relationship(back_populates="positions")
    unit: Mapped[Unit | None] = relationship()

    __table_args__ = (
        UniqueConstraint("entity_id", "code"),
        CheckConstraint("annual_cost >= 0", name="annual_cost_not_negative"),
    )


class Resource(RevisionMixin, UuidMixin, Base):
    """A priced resource of cost elements 2–7 (DESIGN §3 resource shape)."""

    __revision_children__ = ("allocations",)

    __tablename__ = "resource"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    element: Mapped[CostElement] = mapped_column(code_enum(CostElement, "cost_element"))
    unit_cost: Mapped[Decimal | None] = mapped_column(Quantity, default=None)
    annual_cost: Mapped[Decimal | None] = mapped_column(Money, default=None)
    quantity: Mapped[Decimal | None] = mapped_column(Quantity, default=None)
    acquisition_cost: Mapped[Decimal | None] = mapped_column(Money, default=None)
    rate: Mapped[Decimal | None] = mapped_column(Ratio, default=None)
    driver: Mapped[str] = mapped_column(String(100), default="")

    entity: Mapped[Entity] = relationship(back_populates="resources")
    allocations: Mapped[list[ResourceUnit]] = relationship(
        back_populates="resource", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("entity_id", "code"),
        CheckConstraint(
            "element != 'personal'", name="personnel_is_a_position"
        ),
    )


class ResourceUnit(OwnedByRevised, Base):
    """Driver value and TUPA factor of an allocated resource in one unit."""

    __revision_owner__ = "resource"

    __tablename__ = "resource_unit"

    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True
    )
    driver_value: Mapped[Decimal | None] = mapped_column(Quantity, default=None)
    tupa_factor: Mapped[Decimal | None] = mapped_column(Ratio, default=None)

    resource: Mapped[Resource] = relationship(back_populates="allocations")
    unit: Mapped[Unit] = relationship()

    __table_args__ = (
        CheckConstraint("driver_value IS NULL OR driver_value >= 0", name="driver_not_negative"),
        CheckConstraint(
            "tupa_factor IS NULL OR (tupa_factor >= 0 AND tupa_factor <= 1)", name="factor_ratio"
        ),
    )


__all__ = ["Entity", "NonWorkingDay", "Position", "Resource", "ResourceUnit", "Unit"]
