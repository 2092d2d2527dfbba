"""`snapshots.slot_builder`: the readers' cheaper way to make a snapshot gives the very
object the class's own constructor gives."""

from __future__ import annotations

import inspect
import pickle
from dataclasses import FrozenInstanceError, dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.codes import ActivityType, ImprovementAction, TimeSource, ValueClass
from procedures.snapshots import (
    Activity,
    Entity,
    Requirement,
    ResourceUse,
    StaffUse,
    Version,
    slot_builder,
)

texts = st.text(max_size=6)
numbers = st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=0,
                      max_value=10**6)
activity_values = st.fixed_dictionaries({
    "description": texts, "unit": st.none() | texts,
    "type": st.sampled_from(ActivityType), "value": st.sampled_from(ValueClass),
    "minutes": numbers, "probability": numbers, "parallel": st.booleans(),
    "in_person": st.booleans(),
    "staff": st.lists(st.builds(StaffUse, texts, numbers), max_size=2).map(tuple),
    "resources": st.lists(st.builds(ResourceUse, texts, numbers), max_size=2).map(tuple),
    "action": st.none() | st.sampled_from(ImprovementAction), "note": texts,
    "time_source": st.none() | st.sampled_from(TimeSource),
    "time_date": st.none() | st.dates(date(2000, 1, 1), date(2100, 1, 1)),
    "time_by": texts, "uid": texts, "based_on": texts, "revision": st.integers(0, 9)})
NAMES = [f.name for f in fields(Activity)]


def same(built: Any, made: Any) -> None:
    assert type(built) is type(made)
    assert built == made and hash(built) == hash(made) and repr(built) == repr(made)
    for name in (f.name for f in fields(made)):  # `revision` is not compared by ==
        assert getattr(built, name) is getattr(made, name)
    assert pickle.loads(pickle.dumps(built)) == made


@settings(max_examples=60, deadline=None)
@given(activity_values, st.integers(0, len(NAMES)), st.booleans())
def test_a_built_activity_is_the_constructed_one(values: dict[str, Any], given_count: int,
                                                 by_name: bool) -> None:
    """Any leading fields given (by position or by name), the others left to their
    defaults: the same object as `Activity(...)` with the same arguments."""
    build = slot_builder(Activity)
    names = NAMES[:max(given_count, 4)]  # the first four have no default
    arguments = [values[name] for name in names]
    if by_name:
        keywords = dict(zip(names, arguments, strict=True))
        same(build(**keywords), Activity(**keywords))
    else:
        same(build(*arguments), Activity(*arguments))


def test_a_built_snapshot_is_frozen_and_takes_the_constructors_arguments() -> None:
    build = slot_builder(Activity)
    built = build("Revisar", "TD", ActivityType.REVISION, ValueClass.CONTROL)
    with pytest.raises(FrozenInstanceError):
        built.unit = "OT"  # type: ignore[misc]
    assert [p.name for p in inspect.signature(build).parameters.values()] == NAMES
    with pytest.raises(TypeError):
        build("Revisar", "TD", ActivityType.REVISION)  # a field without default missing
    with pytest.raises(TypeError):
        build("Revisar", "TD", ActivityType.REVISION, ValueClass.VA, color="red")
    for cls, arguments in ((StaffUse, ("P1",)), (ResourceUse, ("A4", Decimal(2))),
                           (Requirement, ("DNI",)), (Version, ("Actual", "as_is"))):
        same(slot_builder(cls)(*arguments), cls(*arguments))


def test_classes_it_cannot_build_are_refused() -> None:
    """A default factory (Entity's settings) or a `__post_init__` would be skipped."""
    @dataclass(frozen=True, slots=True)
    class Checked:
        value: int

        def __post_init__(self) -> None:
            raise ValueError

    @dataclass(frozen=True)
    class Plain:  # no slots
        value: int

    @dataclass(frozen=True, slots=True)
    class Listed:
        values: list[int] = field(default_factory=list)

    for cls in (Entity, Checked, Plain, Listed):
        with pytest.raises(TypeError):
            slot_builder(cls)
