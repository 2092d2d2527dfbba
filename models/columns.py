"""Column types for enumerated codes: VARCHAR with a CHECK, values as written in files."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum


def code_enum(enum_cls: type[StrEnum], name: str) -> Enum:
    """Store a StrEnum by its value (the file/CLI code), checked by the database."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum_cls),
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
