"""Entity settings, units, positions, resources with allocation, days off, UIT/RMV."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from models.codes import CostElement, Rounding
from procedures import snapshots as s
from procedures.errors import InputError
from procedures.services import entities as ee
from procedures.services import queries as eq
from procedures.services import reference
from tests.procedures.builders import english_messages
from tests.procedures.editing_support import Loaded, load_into

_english = english_messages()


@pytest.fixture
def loaded(any_db: object) -> Loaded:
    return load_into(any_db)

UBIGEO = "060101"


def test_settings(loaded: Loaded) -> None:
    assert loaded.write(ee.update_entity, UBIGEO, "rounding", Rounding.EXACT) is Rounding.SUT
    assert loaded.write(ee.update_entity, UBIGEO, "minutes_per_working_day", 420) == 480
    with pytest.raises(InputError) as raised:
        loaded.write(ee.update_entity, UBIGEO, "hours_per_day", Decimal(0))
    assert raised.value.problems[0].location.path == "entity.hours_per_day"
    assert loaded.read(eq.entity_snapshot, UBIGEO).settings.rounding is Rounding.EXACT


def test_units_in_use_cannot_be_deleted(loaded: Loaded) -> None:
    entity = loaded.read(eq.entity_snapshot, UBIGEO)
    used = next(u for u in entity.units if u.code == "TD")
    with pytest.raises(InputError, match="still used"):
        loaded.write(ee.delete_item, "unit", used.uid)
    uuid = loaded.write(ee.add_item, "unit", UBIGEO, s.Unit("RC", "Registro Civil", Decimal(5000)))
    assert loaded.write(
        ee.update_item, "unit", uuid, "other_tupa_minutes", Decimal(6000)
    ) == Decimal(5000)
    with pytest.raises(InputError, match="already used"):
        loaded.write(ee.update_item, "unit", uuid, "code", "TD")
    removed = loaded.write(ee.delete_item, "unit", uuid)
    loaded.write(ee.restore_item, removed)
    units = {u.code: u for u in loaded.read(eq.entity_snapshot, UBIGEO).units}
    assert units["RC"].uid == uuid and units["RC"].other_tupa_minutes == Decimal(6000)


def test_positions(loaded: Loaded) -> None:
    uuid = loaded.write(
        ee.add_item, "position", UBIGEO, s.Position("CAJ", "Cajero", "TD", Decimal("21600.00"))
    )
    assert loaded.write(ee.update_item, "position", uuid, "unit", "DU") == "TD"
    assert loaded.write(ee.update_item, "position", uuid, "annual_cost", Decimal(24000)) == Decimal(
        "21600.00"
    )
    with pytest.raises(InputError):
        loaded.write(ee.update_item, "position", uuid, "annual_cost", Decimal(-1))
    tmp = next(p for p in loaded.read(eq.entity_snapshot, UBIGEO).positions if p.code == "TMP")
    with pytest.raises(InputError, match="still used"):
        loaded.write(ee.delete_item, "position", tmp.uid)


def test_resources_and_allocation(loaded: Loaded) -> None:
    luz = next(r for r in loaded.read(eq.entity_snapshot, UBIGEO).resources if r.code == "LUZ")
    assert loaded.write(ee.set_allocation, luz.uid, "TD", "driver_value", Decimal(50)) == Decimal(
        40
    )
    assert loaded.write(ee.set_allocation, luz.uid, "TD", "tupa_factor", Decimal("0.9")) == Decimal(
        "0.8"
    )
    with pytest.raises(InputError):
        loaded.write(ee.set_allocation, luz.uid, "TD", "tupa_factor", Decimal("1.5"))
    with pytest.raises(InputError, match="personnel"):
        loaded.write(ee.update_item, "resource", luz.uid, "element", CostElement.PERSONAL)
    luz = next(r for r in loaded.read(eq.entity_snapshot, UBIGEO).resources if r.code == "LUZ")
    assert dict(luz.driver_values)["TD"] == Decimal(50)
    removed = loaded.write(ee.delete_item, "resource", luz.uid)
    loaded.write(ee.restore_item, removed)
    again = next(r for r in loaded.read(eq.entity_snapshot, UBIGEO).resources if r.code == "LUZ")
    assert again == luz


def test_a_resource_steps_use_cannot_become_allocated(loaded: Loaded) -> None:
    """A4 is on three steps: as an allocated element it would break the activity rule,
    and the exported package would not import again."""
    resources = {r.code: r for r in loaded.read(eq.entity_snapshot, UBIGEO).resources}
    with pytest.raises(InputError, match="3 activities use this resource") as raised:
        loaded.write(ee.update_item, "resource", resources["A4"].uid, "element",
                     CostElement.COSTOS_FIJOS)
    assert raised.value.problems[0].location.path == "resource.element"
    assert loaded.write(ee.update_item, "resource", resources["A4"].uid, "element",
                        CostElement.SERVICIO_IDENTIFICABLE) is CostElement.MATERIAL_FUNGIBLE
    # An allocated resource no step uses may change element freely.
    assert loaded.write(ee.update_item, "resource", resources["LUZ"].uid, "element",
                        CostElement.SERVICIOS_TERCEROS) is CostElement.COSTOS_FIJOS


def test_days_off(loaded: Loaded) -> None:
    uuid = loaded.write(ee.add_day, UBIGEO, date(2026, 2, 16), "Carnaval")
    with pytest.raises(InputError, match="already a day off"):
        loaded.write(ee.add_day, UBIGEO, date(2026, 2, 16))
    assert loaded.write(ee.rename_day, uuid, "Lunes de carnaval") == "Carnaval"
    ubigeo, removed = loaded.write(ee.delete_day, uuid)
    loaded.write(ee.add_day, ubigeo, removed.day, removed.name, uid=uuid)
    days = loaded.read(eq.entity_days, UBIGEO)
    assert [(d.uuid, d.name) for d in days if d.day == date(2026, 2, 16)] == [
        (uuid, "Lunes de carnaval")
    ]


def test_reference_values(loaded: Loaded) -> None:
    old = loaded.write(reference.set_reference, 2031, Decimal(6000), Decimal(1300))
    assert old is None
    old = loaded.write(reference.set_reference, 2031, Decimal(6100), Decimal(1300))
    assert old == s.ReferenceValues(2031, Decimal(6000), Decimal(1300))
    with pytest.raises(InputError):
        loaded.write(reference.set_reference, 2031, Decimal(0), Decimal(1300))
    assert loaded.write(reference.delete_reference, 2031).uit == Decimal(6100)
    assert all(r.year != 2031 for r in loaded.read(reference.reference_table))
