"""Procedures of the TUPA, their versions (scenarios) and the step table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Minutes, Money, Quantity, Ratio, UuidMixin
from models.codes import (
    ActivityType,
    Calificacion,
    ImprovementAction,
    PlazoUnit,
    ProcedureKind,
    RequirementKind,
    TimeSource,
    ValueClass,
    VersionKind,
)
from models.columns import code_enum
from models.organisation import Entity, Position, Resource, Unit


class Procedure(UuidMixin, Base):
    """A procedure or exclusive service listed in the entity's TUPA (DOMAIN §2)."""

    __tablename__ = "procedure"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), index=True)
    #: Order in the TUPA (its row number).
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[ProcedureKind] = mapped_column(
        code_enum(ProcedureKind, "procedure_kind"), default=ProcedureKind.PROCEDIMIENTO
    )
    calificacion: Mapped[Calificacion] = mapped_column(
        code_enum(Calificacion, "calificacion"), default=Calificacion.PREVIA_POSITIVO
    )
    plazo: Mapped[int | None] = mapped_column(Integer, default=None)
    plazo_unit: Mapped[PlazoUnit] = mapped_column(
        code_enum(PlazoUnit, "plazo_unit"), default=PlazoUnit.HABILES
    )
    annual_demand: Mapped[int] = mapped_column(Integer, default=0)
    preparation_minutes: Mapped[Decimal] = mapped_column(Minutes, default=Decimal(0))
    filed_at_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(Text, default="")
    who_may_apply: Mapped[str] = mapped_column(Text, default="")
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    channels: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(Text, default="")
    steps_note: Mapped[str] = mapped_column(Text, default="")
    reconsideration_authority: Mapped[str] = mapped_column(String(200), default="")
    appeal_authority: Mapped[str] = mapped_column(String(200), default="")
    #: Code of the standardized procedure it is (resources/data/standard_procedures.json),
    #: which finds the same procedure in other municipalities.
    standard_code: Mapped[str | None] = mapped_column(String(30), default=None, index=True)

    entity: Mapped[Entity] = relationship()
    filed_at: Mapped[Unit | None] = relationship(foreign_keys=[filed_at_id])
    approved_by: Mapped[Unit | None] = relationship(foreign_keys=[approved_by_id])
    requirements: Mapped[list[Requirement]] = relationship(
        back_populates="procedure",
        cascade="all, delete-orphan",
        order_by="Requirement.position",
        foreign_keys="Requirement.procedure_id",
    )
    versions: Mapped[list[Version]] = relationship(
        back_populates="procedure",
        cascade="all, delete-orphan",
        order_by="Version.position",
        foreign_keys="Version.procedure_id",
    )

    __table_args__ = (
        UniqueConstraint("entity_id", "code"),
        CheckConstraint("annual_demand >= 0", name="demand_not_negative"),
        CheckConstraint("plazo IS NULL OR plazo >= 0", name="plazo_not_negative"),
        CheckConstraint("preparation_minutes >= 0", name="preparation_not_negative"),
    )


class ProcedureLink(UuidMixin, Base):
    """Two procedures of different municipalities that a clerk said are the same.

    The pair is stored once, with `first_id < second_id`, so a link has one row.
    """

    __tablename__ = "procedure_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_id: Mapped[int] = mapped_column(
        ForeignKey("procedure.id", ondelete="CASCADE"), index=True)
    second_id: Mapped[int] = mapped_column(
        ForeignKey("procedure.id", ondelete="CASCADE"), index=True)

    __table_args__ = (
        UniqueConstraint("first_id", "second_id"),
        CheckConstraint("first_id < second_id", name="ordered_pair"),
    )


class Version(UuidMixin, Base):
    """A scenario of a procedure: the as-is one or a to-be proposal.

    Null `calificacion`, `plazo` and `plazo_unit` inherit the procedure's; requirements
    are the version's own only when `overrides_requirements` is set.
    """

    __tablename__ = "version"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(
        ForeignKey("procedure.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[VersionKind] = mapped_column(code_enum(VersionKind, "version_kind"))
    fee: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    calificacion: Mapped[Calificacion | None] = mapped_column(
        code_enum(Calificacion, "version_calificacion"), default=None
    )
    plazo: Mapped[int | None] = mapped_column(Integer, default=None)
    plazo_unit: Mapped[PlazoUnit | None] = mapped_column(
        code_enum(PlazoUnit, "version_plazo_unit"), default=None
    )
    overrides_requirements: Mapped[bool] = mapped_column(Boolean, default=False)
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("version.id", ondelete="SET NULL"))
    adopted: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")

    procedure: Mapped[Procedure] = relationship(
        back_populates="versions", foreign_keys=[procedure_id]
    )
    based_on: Mapped[Version | None] = relationship(remote_side=[id])
    activities: Mapped[list[Activity]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="Activity.position"
    )
    requirements: Mapped[list[Requirement]] = relationship(
        back_populates="version",
        cascade="all, delete-orphan",
        order_by="Requirement.position",
        foreign_keys="Requirement.version_id",
    )

    __table_args__ = (
        UniqueConstraint("procedure_id", "name"),
        CheckConstraint("fee >= 0", name="fee_not_negative"),
        CheckConstraint("plazo IS NULL OR plazo >= 0", name="plazo_not_negative"),
    )


class Requirement(UuidMixin, Base):
    """A requisito of a procedure, or of a version that overrides the procedure's list."""

    __tablename__ = "requirement"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int | None] = mapped_column(
        ForeignKey("procedure.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("version.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[RequirementKind] = mapped_column(
        code_enum(RequirementKind, "requirement_kind"), default=RequirementKind.GENERAL
    )
    cost: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    legal_basis: Mapped[str] = mapped_column(Text, default="")

    procedure: Mapped[Procedure | None] = relationship(
        back_populates="requirements", foreign_keys=[procedure_id]
    )
    version: Mapped[Version | None] = relationship(
        back_populates="requirements", foreign_keys=[version_id]
    )

    __table_args__ = (
        CheckConstraint(
            "(procedure_id IS NULL) != (version_id IS NULL)", name="one_owner"
        ),
        CheckConstraint("cost >= 0", name="cost_not_negative"),
    )


class Activity(UuidMixin, Base):
    """One row of the Tabla ASME-VM; `unit_id` NULL is the citizen lane."""

    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("version.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", deferrable=True, initially="DEFERRED"), index=True
    )
    type: Mapped[ActivityType] = mapped_column(code_enum(ActivityType, "activity_type"))
    value: Mapped[ValueClass] = mapped_column(code_enum(ValueClass, "value_class"))
    minutes: Mapped[Decimal] = mapped_column(Minutes, default=Decimal(0))
    probability: Mapped[Decimal] = mapped_column(Ratio, default=Decimal(1))
    parallel: Mapped[bool] = mapped_column(Boolean, default=False)
    in_person: Mapped[bool] = mapped_column(Boolean, default=False)
    action: Mapped[ImprovementAction | None] = mapped_column(
        code_enum(ImprovementAction, "improvement_action"), default=None
    )
    note: Mapped[str] = mapped_column(Text, default="")
    time_source: Mapped[TimeSource | None] = mapped_column(
        code_enum(TimeSource, "time_source"), default=None
    )
    time_date: Mapped[date | None] = mapped_column(Date, default=None)
    time_by: Mapped[str] = mapped_column(String(200), default="")
    #: uuid of the activity this one was copied from (identity across versions).
    based_on: Mapped[str] = mapped_column(String(36), default="")

    version: Mapped[Version] = relationship(back_populates="activities")
    unit: Mapped[Unit | None] = relationship()
    staff: Mapped[list[ActivityStaff]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", order_by="ActivityStaff.id"
    )
    resources: Mapped[list[ActivityResource]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", order_by="ActivityResource.id"
    )

    __table_args__ = (
        CheckConstraint("minutes >= 0", name="minutes_not_negative"),
        CheckConstraint("probability > 0 AND probability <= 1", name="probability_range"),
    )


class ActivityStaff(Base):
    """Positions working on an activity, with headcount."""

    __tablename__ = "activity_staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    position_id: Mapped[int] = mapped_column(
        ForeignKey("position.id", deferrable=True, initially="DEFERRED")
    )
    count: Mapped[Decimal] = mapped_column(Quantity, default=Decimal(1))

    activity: Mapped[Activity] = relationship(back_populates="staff")
    position: Mapped[Position] = relationship()

    __table_args__ = (CheckConstraint("count > 0", name="count_positive"),)


class ActivityResource(Base):
    """Identifiable resources used by an activity, with quantities."""

    __tablename__ = "activity_resource"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resource.id", deferrable=True, initially="DEFERRED")
    )
    qty: Mapped[Decimal] = mapped_column(Quantity, default=Decimal(1))

    activity: Mapped[Activity] = relationship(back_populates="resources")
    resource: Mapped[Resource] = relationship()

    __table_args__ = (CheckConstraint("qty >= 0", name="qty_not_negative"),)
