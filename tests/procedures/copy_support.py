"""Three municipalities for the copy tests: the worked example's (the source, with a
proposal), one that has some of its units and positions under other codes or costs, and
an empty one."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from models import tables as t
from procedures.services import versions as ev
from procedures.services.imports import import_package
from tests.conftest import EXAMPLE

SOURCE, NEAR, EMPTY = "060101", "060102", "060103"


def package() -> dict[str, Any]:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    source = data["entities"][0]
    near = {
        "ubigeo": NEAR, "name": "Municipalidad Distrital de Asunción", "kind": "district",
        "settings": {**source["settings"], "citizen_hour_value": "4.00"},
        # TD by code (another name), urban development by name (another code)
        "units": [{"code": "TD", "name": "Mesa de Partes", "other_tupa_minutes": 5000},
                  {"code": "OBR", "name": "SUBGERENCIA DE DESARROLLO URBANO",
                   "other_tupa_minutes": 2000}],
        # the clerk of the front desk costs half; the technician is matched by name
        "positions": [{"code": "TMP", "name": "Técnica de mesa", "unit": "TD",
                       "annual_cost": "12000.00"},
                      {"code": "T1", "name": "Tecnico de Desarrollo Urbano", "unit": "OBR",
                       "annual_cost": "20000.00"}],
        # A4 by code; MOV is its electricity (allocated): never on a step, not matched
        "resources": [{"code": "A4", "name": "Papel", "element": "material_fungible",
                       "unit_cost": "0.05"},
                      {"code": "MOV", "name": "Energía", "element": "costos_fijos",
                       "annual_cost": "1000.00", "driver": "m2",
                       "driver_values": {"TD": 10}, "tupa_factor": {"TD": "0.5"}}],
        "procedures": [{"code": "PA-01", "name": "Otro trámite", "annual_demand": 10,
                        "versions": [{"name": "Actual", "kind": "as_is"}]}],
    }
    empty = {"ubigeo": EMPTY, "name": "Municipalidad Distrital de Chetilla",
             "kind": "district", "settings": copy.deepcopy(source["settings"])}
    data["entities"] += [near, empty]
    return data


def load(db: Any, tmp_path: Path) -> str:
    """Import the three municipalities, add a proposal to the source; its uuid."""
    path = tmp_path / "three.tramite.json"
    path.write_text(json.dumps(package(), ensure_ascii=False), encoding="utf-8")
    with db.session() as session, session.begin():
        import_package(session, path)
        procedure = session.scalar(select(t.Procedure).join(t.Entity).where(
            t.Entity.ubigeo == SOURCE, t.Procedure.code == "PA-07"))
        assert procedure is not None
        ev.create_proposal(session, procedure.versions[0].uuid, "Propuesta")
        return procedure.uuid
