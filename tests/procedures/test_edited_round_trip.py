"""A database built and edited through the window's services exports a package that
imports into a fresh database and exports again byte for byte (issue #10, point 6)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from models.codes import (
    ActivityType,
    Calificacion,
    CostElement,
    EntityKind,
    ImprovementAction,
    RequirementKind,
    Rounding,
    TimeSource,
    ValueClass,
)
from models.db import open_database
from procedures import snapshots as s
from procedures.errors import InputError
from procedures.results import Outcome
from procedures.services import activities as ea
from procedures.services import entities as ee
from procedures.services import procedures as ep
from procedures.services import queries as eq
from procedures.services import versions as ev
from procedures.services.exports import export_package
from procedures.services.imports import import_package
from procedures.storage.write import import_entities
from tests.conftest import package_content
from tests.procedures.builders import english_messages
from tests.procedures.editing_support import Loaded

_english = english_messages()
UBIGEO = "060201"
D = Decimal


def _step(description: str, unit: str | None, kind: ActivityType, value: ValueClass,
          minutes: str, **fields: object) -> s.Activity:
    return replace(ea.blank_activity(unit), description=description, type=kind, value=value,
                   minutes=D(minutes), **fields)


def _build(db: Loaded) -> None:
    """What a person does in the window, one unit of work per edit."""
    w = db.write
    w(import_entities, [s.Entity(UBIGEO, "Municipalidad Provincial de Cajabamba",
                                 EntityKind.PROVINCIAL)])
    w(ee.update_entity, UBIGEO, "rounding", Rounding.EXACT)
    w(ee.update_entity, UBIGEO, "travel_fare", D("4.50"))
    w(ee.update_entity, UBIGEO, "uit", D("5500.00"))
    w(ee.update_entity, UBIGEO, "office_hours", "Lunes a viernes, 8:00 a 16:30")
    for code in ("TD", "DU", "TMP"):  # units as the window adds them: code, then name
        w(ee.add_item, "unit", UBIGEO, s.Unit(code=code, name=code))
    units = {u.code: u.uid for u in db.read(eq.entity_snapshot, UBIGEO).units}
    w(ee.update_item, "unit", units["TD"], "name", "Trámite Documentario")
    w(ee.update_item, "unit", units["DU"], "name", "Subgerencia de Desarrollo Urbano")
    w(ee.update_item, "unit", units["DU"], "other_tupa_minutes", D(150000))
    w(ee.update_item, "unit", units["TMP"], "code", "REN")
    w(ee.delete_item, "unit", units["TMP"])
    for code, unit, cost in (("TMP", "TD", "24000"), ("TDU", "DU", "30000"),
                             ("SDU", "DU", "54000")):
        uid = w(ee.add_item, "position", UBIGEO, s.Position(code, code, None, D(0)))
        w(ee.update_item, "position", uid, "unit", unit)
        w(ee.update_item, "position", uid, "annual_cost", D(cost))
        w(ee.update_item, "position", uid, "name", f"Técnico {code}")
    for code in ("A4", "MOV", "LUZ", "PC"):  # resources as the window adds them
        w(ee.add_item, "resource", UBIGEO, s.Resource(code, code, CostElement.MATERIAL_FUNGIBLE,
                                                      unit_cost=D(0)))
    resources = {r.code: r.uid for r in db.read(eq.entity_snapshot, UBIGEO).resources}
    w(ee.update_item, "resource", resources["A4"], "unit_cost", D("0.0325"))
    w(ee.update_item, "resource", resources["MOV"], "element", CostElement.SERVICIO_IDENTIFICABLE)
    w(ee.update_item, "resource", resources["MOV"], "unit_cost", D(10))
    w(ee.update_item, "resource", resources["LUZ"], "element", CostElement.COSTOS_FIJOS)
    w(ee.update_item, "resource", resources["LUZ"], "annual_cost", D(18000))
    w(ee.update_item, "resource", resources["LUZ"], "driver", "m²")
    for unit, driver, factor in (("TD", "40", "0.8"), ("DU", "60", "0.5")):
        w(ee.set_allocation, resources["LUZ"], unit, "driver_value", D(driver))
        w(ee.set_allocation, resources["LUZ"], unit, "tupa_factor", D(factor))
    # Depreciation with only the quantity typed in yet: still exported, still imported.
    w(ee.update_item, "resource", resources["PC"], "element", CostElement.DEPRECIACION)
    w(ee.update_item, "resource", resources["PC"], "quantity", D(10))
    w(ee.set_allocation, resources["PC"], "TD", "driver_value", D(2))
    w(ee.add_day, UBIGEO, date(2026, 2, 16), "Lunes de carnaval")

    procedure = w(ep.create_procedure, UBIGEO, w(ep.free_code, UBIGEO), "Certificado de posesión")
    for field_name, value in (("calificacion", Calificacion.PREVIA_NEGATIVO), ("plazo", 15),
                              ("annual_demand", 240), ("preparation_minutes", D(30)),
                              ("filed_at", "TD"), ("approved_by", "DU"),
                              ("description", "Acredita la posesión de un predio.")):
        w(ep.update_procedure, procedure, field_name, value)
    w(ep.add_requirement, ("procedure", procedure), 0,
      s.Requirement("Solicitud simple", RequirementKind.GENERAL))
    w(ep.add_requirement, ("procedure", procedure), 1,
      s.Requirement("Plano de ubicación", RequirementKind.ESPECIFICO, D("15.00"), "TUPA"))
    as_is = db.read(eq.procedure_header, procedure).versions[0].uuid
    w(ev.update_version, as_is, "fee", D("45.90"))
    steps = [
        _step("Presentar la solicitud", None, ActivityType.OPERACION, ValueClass.CONTROL, "10",
              in_person=True),
        _step("Recibir y revisar", "TD", ActivityType.REVISION, ValueClass.CONTROL, "10",
              staff=(s.StaffUse("TMP"),), resources=(s.ResourceUse("A4"),)),
        _step("Trasladar a DU", "TD", ActivityType.TRASLADO, ValueClass.SVA, "15"),
        _step("Esperar en bandeja", "DU", ActivityType.ESPERA, ValueClass.SVA, "960"),
        _step("Inspección de campo", "DU", ActivityType.OPERACION, ValueClass.VA, "90",
              staff=(s.StaffUse("TDU", D(2)),), resources=(s.ResourceUse("MOV"),),
              time_source=TimeSource.MEASURED, time_date=date(2026, 3, 2), time_by="Ana"),
        _step("Observar el expediente", "DU", ActivityType.REVISION, ValueClass.CONTROL, "20",
              probability=D("0.2"), parallel=True),
    ]
    w(ea.insert_activities, as_is, 0, steps)
    rows = db.read(ea.activity_uuids, as_is)
    w(ea.update_activity, rows[5], "probability", D("0.25"))
    w(ea.update_activity, rows[2], "action", ImprovementAction.ELIMINAR)
    w(ea.update_activity, rows[2], "note", "Se puede digitalizar")
    w(ea.set_staff, rows[5], [s.StaffUse("SDU"), s.StaffUse("TDU", D("0.5"))])
    w(ea.set_resources, rows[4], [s.ResourceUse("MOV"), s.ResourceUse("A4", D(3))])
    w(ea.update_activity, rows[0], "minutes", D("12.5"))
    w(ea.reorder_activities, as_is, ea.moved_order(rows, [rows[3]], 2))
    # Every door refuses an allocated resource on a step, so none reaches the package.
    with pytest.raises(InputError, match="'LUZ' is allocated by driver"):
        w(ea.set_resources, rows[1], [s.ResourceUse("A4"), s.ResourceUse("LUZ")])
    with pytest.raises(InputError, match="activities use this resource"):
        w(ee.update_item, "resource", resources["A4"], "element", CostElement.DEPRECIACION)

    proposal = w(ev.create_proposal, as_is, w(ev.proposal_name, procedure))
    copied = db.read(ea.activity_uuids, proposal)
    w(ea.delete_activities, [copied[2]])
    w(ea.update_activity, copied[4], "unit", "TD")
    w(ea.update_activity, copied[0], "in_person", False)
    w(ev.update_version, proposal, "plazo", 5)
    w(ev.update_version, proposal, "note", "Sin traslado físico")
    w(ev.set_own_requirements, proposal, [s.Requirement("Solicitud simple")])
    w(ev.set_adopted, proposal, True)


def test_an_edited_database_round_trips_byte_for_byte(tmp_path: Path, db_path: Path) -> None:
    first_db = open_database(db_path)
    fresh_path = tmp_path / "fresh.sqlite"
    fresh_path.write_bytes(db_path.read_bytes())
    try:
        edited = Loaded(first_db, "", "")
        _build(edited)
        first = tmp_path / "first.tramite.json"
        edited.read(export_package, UBIGEO, first)
        fresh_db = open_database(fresh_path)
        try:
            fresh = Loaded(fresh_db, "", "")
            summary = fresh.write(import_package, first)
            assert summary.count(Outcome.CREATED) == 1 and summary.activities == 11
            second = tmp_path / "second.tramite.json"
            fresh.read(export_package, UBIGEO, second)
        finally:
            fresh_db.close()
    finally:
        first_db.close()
    assert package_content(second) == package_content(first)
