"""Every mapped table, importable from one place (and registered on `Base.metadata`)."""

from models.base import Base
from models.catalogue import (
    Activity,
    ActivityResource,
    ActivityStaff,
    Procedure,
    Requirement,
    Version,
)
from models.figures import VersionFigures
from models.organisation import Entity, NonWorkingDay, Position, Resource, ResourceUnit, Unit
from models.reference import ChangeLog, ReferenceValue

__all__ = [
    "Activity",
    "ActivityResource",
    "ActivityStaff",
    "Base",
    "ChangeLog",
    "Entity",
    "NonWorkingDay",
    "Position",
    "Procedure",
    "ReferenceValue",
    "Requirement",
    "Resource",
    "ResourceUnit",
    "Unit",
    "Version",
    "VersionFigures",
]
