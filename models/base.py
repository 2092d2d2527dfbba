"""Declarative base with a naming convention, stable UUIDs and column helpers."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import ClassVar

from sqlalchemy import MetaData, Numeric, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Money in soles: exact to the cent (DESIGN §2). Never float.
Money = Numeric(12, 2)
#: Minutes, allowing fractions of a minute.
Minutes = Numeric(12, 2)
#: Probabilities, TUPA factors, depreciation rates: 0..1 with four decimals.
Ratio = Numeric(7, 4)
#: Quantities and driver values (sheets of paper, m², PCs, headcount).
Quantity = Numeric(14, 4)


def new_uuid() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict] = {Decimal: Money}


class UuidMixin:
    """A stable identifier on every row, so data carried between databases can merge."""

    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)


class ExactDecimal(TypeDecorator[Decimal]):
    """A `Decimal` of any scale kept exactly, as its text (SQLite's NUMERIC affinity
    would turn 10-decimal sums into floats)."""

    impl = String(60)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        return None if value is None else str(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)
