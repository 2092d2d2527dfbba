"""Every mapped table, importable from one place (and registered on `Base.metadata`)."""

from models.access import EntityGrant
from models.base import Base
from models.catalogue import (
    Activity,
    ActivityResource,
    ActivityStaff,
    Procedure,
    ProcedureLink,
    Requirement,
    Version,
)
from models.figures import VersionFigures
from models.organisation import Entity, NonWorkingDay, Position, Resource, ResourceUnit, Unit
from models.reference import ChangeLog, DatabaseInfo, ReferenceValue

__all__ = [
    "Activity",
    "ActivityResource",
    "ActivityStaff",
    "Base",
    "ChangeLog",
    "DatabaseInfo",
    "Entity",
    "EntityGrant",
    "NonWorkingDay",
    "Position",
    "Procedure",
    "ProcedureLink",
    "ReferenceValue",
    "Requirement",
    "Resource",
    "ResourceUnit",
    "Unit",
    "Version",
    "VersionFigures",
]
