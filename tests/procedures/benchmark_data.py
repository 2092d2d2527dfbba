"""A small region for the benchmark tests: the example procedure in five municipalities.

Each copy differs where the benchmark must see it: names written with other accents,
case and spaces, a fee, step minutes, an adopted proposal, a standard code, a procedure
with no version; one municipality holds an unrelated procedure only.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLE


def _entity(base: dict[str, Any], ubigeo: str, name: str, kind: str = "district"
            ) -> dict[str, Any]:
    entity = copy.deepcopy(base)
    entity["ubigeo"], entity["name"], entity["kind"] = ubigeo, name, kind
    for procedure in entity["procedures"]:
        procedure.pop("id", None)
        for version in procedure["versions"]:
            version.pop("id", None)
            for activity in version["activities"]:
                activity.pop("id", None)
    return entity


def region_package(path: Path, *, standard: bool = False, celendin_fee: str = "60.00"
                   ) -> Path:
    """Write the package; with `standard`, two copies carry a standard code instead of
    sharing the name."""
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    base = data["entities"][0]
    cajamarca = _entity(base, "060101", "Municipalidad Provincial de Cajamarca", "provincial")
    asuncion = _entity(base, "060102", "Municipalidad Distrital de Asunción")
    asuncion["procedures"][0]["name"] = "  CERTIFICADO DE  POSESION "
    asuncion["procedures"][0]["code"] = "TR-3"
    asuncion["procedures"][0]["versions"][0]["fee"] = "20.00"
    chetilla = _entity(base, "060103", "Municipalidad Distrital de Chetilla")
    chetilla_proc = chetilla["procedures"][0]
    chetilla_proc["versions"][0]["fee"] = "120.00"
    for activity in chetilla_proc["versions"][0]["activities"]:
        activity["minutes"] = float(activity.get("minutes", 0)) * 4
    proposal = copy.deepcopy(chetilla_proc["versions"][0])
    proposal.update(name="Propuesta", kind="to_be", adopted=True, fee="30.00")
    proposal["activities"] = proposal["activities"][:4]
    chetilla_proc["versions"].append(proposal)
    cospan = _entity(base, "060104", "Municipalidad Distrital de Cospán")
    cospan["procedures"][0]["versions"] = []  # listed, not mapped
    encanada = _entity(base, "060105", "Municipalidad Distrital de La Encañada")
    encanada["procedures"][0]["name"] = "Licencia de edificación"
    encanada["procedures"][0]["code"] = "LE-1"
    celendin = _entity(base, "060201", "Municipalidad Provincial de Celendín", "provincial")
    celendin["procedures"][0]["versions"][0]["fee"] = celendin_fee
    if standard:
        for entity, code in ((cajamarca, "LF-045-RB"), (encanada, "LF-045-RB")):
            entity["procedures"][0]["standard_code"] = code
    data["entities"] = [cajamarca, asuncion, chetilla, cospan, encanada, celendin]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
