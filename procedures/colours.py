"""The colours that carry meaning, as hex strings, for the screen and for paper alike.

A step's colour says its ASME type (operation, review, transport, wait, storage): the
flowchart on screen, the PDF's flowchart, their legends and the table's symbols all take
it from here, so a clerk reads one diagram the way they read the other. Qt makes
QColors of these strings, ReportLab its own colours.
"""

from __future__ import annotations

from models.codes import ActivityType, ValueClass

#: The line and symbol colour of each ASME type.
ASME_COLOURS: dict[ActivityType, str] = {
    ActivityType.OPERACION: "#2E7D32",
    ActivityType.REVISION: "#1565C0",
    ActivityType.TRASLADO: "#EF6C00",
    ActivityType.ESPERA: "#C62828",
    ActivityType.ARCHIVO: "#6A1B9A",
}
#: Light fills of the same hues, for the boxes of the flowchart.
ASME_FILLS: dict[ActivityType, str] = {
    ActivityType.OPERACION: "#E8F5E9",
    ActivityType.REVISION: "#E3F2FD",
    ActivityType.TRASLADO: "#FFF3E0",
    ActivityType.ESPERA: "#FFEBEE",
    ActivityType.ARCHIVO: "#F3E5F5",
}
#: The value classes (VA, control, no value) in the tables.
VALUE_COLOURS: dict[ValueClass, str] = {
    ValueClass.VA: "#2E7D32",
    ValueClass.CONTROL: "#1B4F72",
    ValueClass.SVA: "#9E9E9E",
}
