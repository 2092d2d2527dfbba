"""Reading a package a chunk at a time gives what reading it whole gives: the same values,
the same syntax errors (reason, line, column), the same snapshots and problems."""

from __future__ import annotations

import io
import json
import os
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from models.codes import CostElement
from procedures.errors import InputError
from procedures.exchange import json_stream
from procedures.exchange.fields import ObjectReader, ProblemLog
from procedures.exchange.json_stream import (
    Element,
    JsonSyntaxError,
    Member,
    ValueTooLarge,
    Whole,
    read_members,
)
from procedures.exchange.package_fast import FastActivities
from procedures.exchange.package_read import _activity, decode_json, parse_package_text
from procedures.rules.activity import Codes
from tests.conftest import EXAMPLE
from tests.procedures.builders import english_messages

_english = english_messages()

FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
EXAMPLE_TEXT = EXAMPLE.read_text("utf-8")


def streamed(text: str, chunk: int) -> Any:
    """The document rebuilt from `read_members` (entities element by element)."""
    document: dict[str, Any] = {}
    whole: list[Any] = []
    for event in read_members(io.StringIO(text), frozenset({"entities"}), chunk=chunk):
        if isinstance(event, Whole):  # read on: what follows it is checked too
            whole.append(event.value)
        elif isinstance(event, Member):
            document[event.key] = event.value
        else:
            assert isinstance(event, Element) and event.position == len(document[event.key])
            document[event.key].append(event.value)
    return whole[0] if whole else document


def outcome(text: str, chunk: int | None) -> tuple[str, Any]:
    try:
        return ("value", json.loads(text) if chunk is None else streamed(text, chunk))
    except json.JSONDecodeError as error:
        return ("error", (error.msg, error.lineno, error.colno))
    except JsonSyntaxError as error:
        return ("error", (error.reason, error.line, error.column))


@FUZZ
@given(st.integers(0, len(EXAMPLE_TEXT)), st.text(max_size=6), st.booleans(),
       st.sampled_from([7, 64, 1000]))
@example(len(EXAMPLE_TEXT), "", True, 7)  # whole, in tiny chunks
@example(0, " ", False, 7)
@example(100, ",", False, 64)
@example(len(EXAMPLE_TEXT) - 3, ",", False, 64)  # a trailing comma in the object
def test_a_stream_reads_what_json_loads_reads(where: int, junk: str, cut: bool,
                                              chunk: int) -> None:
    text = EXAMPLE_TEXT[:where] if cut else EXAMPLE_TEXT[:where] + junk + EXAMPLE_TEXT[where:]
    assert outcome(text, chunk) == outcome(text, None)


COMPACT_TEXT = json.dumps(json.loads(EXAMPLE_TEXT), ensure_ascii=False)  # one line


@FUZZ
@given(st.booleans(), st.floats(0, 1), st.text(max_size=6), st.booleans(),
       st.sampled_from([7, 64, 1000]), st.sampled_from([1, 16, 200]))
@example(True, 0.5, "}", False, 7, 1)
@example(False, 0.9, "x", False, 7, 16)
@example(False, 0.0, "0", False, 7, 1)  # a document that is not an object, then more
def test_forgetting_the_text_read_gives_the_same_values_and_errors(
        compact: bool, share: float, junk: str, cut: bool, chunk: int, min_drop: int) -> None:
    """With the text behind forgotten as soon as possible (after each element, and
    before reading more onto it), the values and the errors' lines and columns are
    those `json.loads` gives for the whole text (one line or many)."""
    from unittest import mock

    whole = COMPACT_TEXT if compact else EXAMPLE_TEXT
    where = int(share * len(whole))
    text = whole[:where] if cut else whole[:where] + junk + whole[where:]
    with mock.patch.object(json_stream, "MIN_DROP", min_drop):
        assert outcome(text, chunk) == outcome(text, None)


@pytest.mark.parametrize("text", [
    "", "   ", "[1, 2]", '"x"', "{}", '{"a": 1}  x', '{"entities": []}', '{"entities": [}',
    '{"entities": [1,]}', '{"a": 1,}', '{"a" 1}', '{"a": 1 "b": 2}', '{"entities": 5}',
    '{"a": 12345678}', '{"entities": [{"x": "\\u00e1"}, {"y": "abc', "{\n\n  \"a\": tru",
])
def test_small_documents_in_tiny_chunks(text: str) -> None:
    for chunk in (1, 2, 3, 5):
        assert outcome(text, chunk) == outcome(text, None)


def test_a_long_document_is_forgotten_as_it_is_read() -> None:
    """Errors far into a file keep their line and column when the text before them has
    been dropped from memory."""
    body = ",\n".join(json.dumps({"n": i, "text": "á" * 50}) for i in range(20_000))
    text = '{"entities": [\n' + body + ',\n{"broken": tru}\n]}'
    assert outcome(text, 4096) == outcome(text, None)
    assert outcome(text, 4096)[1][1] > 20_000  # the line number of the last element


@pytest.mark.parametrize("big", [0, 7, 150, 299])
def test_the_values_limit_counts_each_element_once_read_and_dropped(
        big: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The separators held are counted from the last count (the text decoded since is
    taken off, the text read since added), across drops of the text before: the one
    element over the limit is the one refused, wherever it is, and every count equals
    a fresh count of the text held; the cheaper bound asked first is never below it."""
    monkeypatch.setattr(json_stream, "MIN_DROP", 64)
    counts: list[tuple[int, int]] = []
    bounds: list[tuple[int, int]] = []
    held = json_stream._Text._held_separators
    at_most = json_stream._Text._separators_at_most

    def checked(self: Any, start: int) -> int:
        found = held(self, start)
        counts.append((found, self._separators(start, len(self.text))))
        return found

    def bounded(self: Any, start: int) -> int:
        found = at_most(self, start)
        bounds.append((found, self._separators(start, len(self.text))))
        return found

    monkeypatch.setattr(json_stream._Text, "_held_separators", checked)
    monkeypatch.setattr(json_stream._Text, "_separators_at_most", bounded)
    elements = [{"n": i, "v": [1] * (40 if i == big else 3)} for i in range(300)]
    text = json.dumps({"entities": elements, "after": [1, 2]})
    read = []
    with pytest.raises(ValueTooLarge) as raised:
        for event in read_members(io.StringIO(text), frozenset({"entities"}), chunk=97,
                                  max_values=30):
            read.append(event)
    assert (raised.value.key, raised.value.index, raised.value.values) == ("entities", big, True)
    assert [event.value for event in read if isinstance(event, Element)] == elements[:big]
    assert counts and all(found == fresh for found, fresh in counts)
    assert all(found >= fresh for found, fresh in bounds)
    assert any(found > fresh for found, fresh in bounds)  # a bound, not always exact


CODES = Codes.from_items({"TD", "DU", "OT"}, {"TMP", "SDU"},
                         {"A4": CostElement.MATERIAL_FUNGIBLE,
                          "LUZ": CostElement.COSTOS_FIJOS}.items())
junk = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=5, min_value=-2, max_value=20),
    st.text(max_size=8), st.lists(st.integers(), max_size=2),
    st.sampled_from(["", " TD ", "TD", "XX", "citizen", "operacion", "VA", "0.2", "1.5",
                     "-1", "0", "2026-02-30", "2026-01-15", "TMP", "A4", "LUZ", "eliminar",
                     "medido"]),
)
ACTIVITY_KEYS = ["description", "unit", "citizen", "type", "value", "minutes", "probability",
                 "parallel", "in_person", "staff", "resources", "action", "note",
                 "time_source", "time_date", "time_by", "id", "based_on"]
BASE = {"description": "Revisar", "unit": "TD", "type": "revision", "value": "CONTROL",
        "minutes": 10, "staff": [{"position": "TMP", "count": 1}],
        "resources": [{"resource": "A4", "qty": 2}], "id": "x-1"}


@FUZZ
@given(st.lists(st.tuples(st.sampled_from([*ACTIVITY_KEYS, "staff.0.position", "staff.0.count",
                                           "resources.0.resource", "resources.0.qty",
                                           "delete"]), junk), max_size=4))
@example([("minutes", -1)])
@example([("minutes", "1e999")])
@example([("minutes", float("nan"))])
@example([("minutes", True)])
@example([("delete", "minutes")])
@example([("probability", "1.5")])
@example([("probability", 0)])
@example([("probability", "0.25")])
@example([("staff.0.count", 0)])
@example([("staff.0.count", "2")])
@example([("staff.0.position", " SDU ")])
@example([("resources.0.qty", -1)])
@example([("resources.0.resource", "LUZ")])
@example([("unit", "XX")])
@example([("citizen", True)])
@example([("citizen", True), ("delete", "unit")])
@example([("citizen", True), ("delete", "unit"), ("in_person", True)])
@example([("in_person", True)])
@example([("type", "operation")])
@example([("value", None)])
@example([("time_date", "2026-02-30")])
@example([("time_date", "2026-01-15"), ("time_source", "medido")])
@example([("description", "  ")])
@example([("action", "borrar")])
@example([("note", 5)])
@example([("staff", {})])
@example([("id", 7)])
@example([("parallel", "sí")])
@example([("staff", [1])])
@example([("minutes", Decimal("10.555"))])  # more decimals than the column keeps
@example([("minutes", 10**11)])  # above the bound of minutes
@example([("minutes", float("inf"))])
@example([("probability", Decimal("0.00001"))])
@example([("staff.0.count", Decimal("0.00001"))])
@example([("resources.0.qty", Decimal("1.12345"))])
@example([("description", "a\x00b")])
@example([("description", "x" * 40_000)])
@example([("time_by", "x" * 201)])
@example([("id", "x" * 37)])
@example([("based_on", "x" * 37)])
@example([("note", "\ud800")])
def test_the_quick_reader_agrees_with_the_careful_one(edits: list[tuple[str, Any]]) -> None:
    """Whatever the quick reader takes, the careful one takes without a word, as the same
    activity (bounds and the activity rule included); numbers come as the package
    reader decodes them (Decimal, NaN and huge ones as `BadNumber`)."""
    item = json.loads(json.dumps(BASE))
    for key, value in edits:
        if key == "delete":
            item.pop(str(value), None)
        elif "." in key:
            field, index, name = key.split(".")
            if isinstance(item.get(field), list) and item[field]:
                element = item[field][int(index)]
                if isinstance(element, dict):
                    element[name] = value
        else:
            item[key] = value
    item = decode_json(json.dumps(item, default=str))
    quick = FastActivities().activity(item, CODES)
    log = ProblemLog("x.json")
    careful = _activity(ObjectReader(item, "a", log), CODES)
    if quick is not None:
        assert not log.problems, log.problems
        assert quick == careful
    else:
        assert log.problems, f"the quick reader refused a right activity: {item}"


def _edited(edits: list[tuple[str, Any]]) -> Any:
    item = json.loads(json.dumps(BASE))
    for key, value in edits:
        if key == "delete":
            item.pop(str(value), None)
        elif "." in key:
            field, index, name = key.split(".")
            if isinstance(item.get(field), list) and item[field]:
                element = item[field][int(index)]
                if isinstance(element, dict):
                    element[name] = value
        else:
            item[key] = value
    return decode_json(json.dumps(item, default=str))


edit_lists = st.lists(st.tuples(st.sampled_from([*ACTIVITY_KEYS, "staff.0.position",
                                                 "staff.0.count", "resources.0.qty",
                                                 "delete"]), junk), max_size=3)


@FUZZ
@given(st.lists(edit_lists, min_size=1, max_size=8))
def test_one_quick_reader_agrees_with_the_careful_one_over_many_activities(
        edits: list[list[tuple[str, Any]]]) -> None:
    """One reader for many activities, as for a municipality: what it remembers of the
    texts, numbers and uses it has seen (right or wrong) never changes what it takes,
    whichever came first; each activity is read twice."""
    quick_reader = FastActivities()
    for item in [_edited(one) for one in edits] * 2:
        quick = quick_reader.activity(item, CODES)
        log = ProblemLog("x.json")
        careful = _activity(ObjectReader(item, "a", log), CODES)
        if quick is not None:
            assert not log.problems, log.problems
            assert quick == careful
        else:
            assert log.problems, f"the quick reader refused a right activity: {item}"


def test_every_problem_of_the_example_is_found_through_the_careful_reader() -> None:
    data = json.loads(EXAMPLE_TEXT)
    activity = data["entities"][0]["procedures"][0]["versions"][0]["activities"][2]
    activity.update(minutes="diez", staff=[{"position": "ZZ"}])
    with pytest.raises(InputError) as caught:
        parse_package_text(json.dumps(data), "x.json")
    assert [str(p) for p in caught.value.problems] == [
        "x.json: entities[0].procedures[0].versions[0].activities[2].minutes: "
        "expected a number, found 'diez'",
        "x.json: entities[0].procedures[0].versions[0].activities[2].staff[0].position: "
        "unknown position 'ZZ'"]


def _wrapper_text(data: bytes) -> tuple[str, str]:
    try:
        return ("text", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig").read())
    except UnicodeDecodeError:
        return ("error", "")


def _file_text(data: bytes, size: int) -> tuple[str, str]:
    from procedures.exchange.package_read import _Utf8File

    stream = _Utf8File(io.BufferedReader(io.BytesIO(data)))  # type: ignore[arg-type]
    pieces = []
    try:
        while piece := stream.read(size):
            pieces.append(piece)
    except UnicodeDecodeError:
        return ("error", "")
    assert stream.read(size) == ""  # and it stays at the end
    return ("text", "".join(pieces))


@FUZZ
@given(st.lists(st.one_of(st.text(max_size=5), st.sampled_from(["\r\n", "\r", "\n", "á", "—",
                                                               "\U0001f600"])), max_size=12),
       st.booleans(), st.binary(max_size=2), st.integers(0, 40), st.sampled_from([1, 2, 3, 7, -1]))
@example(["a\r", "\nb"], True, b"", 0, 1)  # a line end cut between two reads
@example(["á"], False, b"\xff", 1, 1)  # not UTF-8
@example([], True, b"", 0, 1)  # only the BOM
def test_the_file_is_decoded_as_a_text_wrapper_decodes_it(parts: list[str], bom: bool,
                                                          junk: bytes, where: int,
                                                          size: int) -> None:
    """`read_package_file`'s decoding: the text `TextIOWrapper(encoding="utf-8-sig")`
    reads (BOM dropped, universal newlines, a character cut between reads), or the
    same refusal of bytes that are not UTF-8, whatever the size of each read."""
    data = ("\ufeff" if bom else "").encode() + "".join(parts).encode()
    data = data[:where] + junk + data[where:]
    assert _file_text(data, size) == _wrapper_text(data)


REQUIREMENT = {"name": "Copia del plano", "kind": "especifico", "cost": "0.30", "id": "r-1"}
REQUIREMENT_KEYS = ["name", "kind", "cost", "legal_basis", "id"]


@FUZZ
@given(st.lists(st.lists(st.tuples(st.sampled_from([*REQUIREMENT_KEYS, "delete"]), junk),
                         max_size=3), min_size=1, max_size=6))
@example([[("kind", "general"), ("cost", 5)]])
@example([[("kind", "GENERAL")], [("cost", "-1")], [("cost", "0.001")], [("name", "  ")]])
@example([[("name", 7)], [("legal_basis", "a\x00b")], [("id", "x" * 37)], [("delete", "name")]])
def test_the_quick_requirements_are_the_careful_ones(
        edits: list[list[tuple[str, Any]]]) -> None:
    """A procedure's requirements read with the quick reader: the same requirements and
    the same problems (their paths included) as read by the careful one alone."""
    from procedures.exchange.package_read import _requirements

    items: list[Any] = []
    for one in edits:
        item: Any = dict(REQUIREMENT)
        for key, value in one:
            if key == "delete":
                item.pop(str(value), None)
            else:
                item[key] = value
        items.append(item)
    items.append(5)  # not an object
    data = decode_json(json.dumps({"requirements": items * 2}, default=str))
    found = []
    for quick in (FastActivities(), None):
        log = ProblemLog("x.json")
        read = _requirements(ObjectReader(data, "entities[0].procedures[1]", log), quick)
        found.append((read, [str(problem) for problem in log.problems]))
    assert found[0] == found[1]


PROCEDURE = {"code": "PA-01", "name": "Licencia", "kind": "procedimiento",
             "calificacion": "previa_positivo", "plazo": 15, "plazo_unit": "habiles",
             "annual_demand": 120, "preparation_minutes": 30, "filed_at": "TD",
             "approved_by": "DU", "id": "p-1", "requirements": [REQUIREMENT],
             "versions": [{"name": "Actual", "kind": "as_is", "activities": [BASE]}]}
PROCEDURE_KEYS = ["code", "name", "kind", "calificacion", "plazo", "plazo_unit",
                  "annual_demand", "preparation_minutes", "filed_at", "approved_by",
                  "description", "who_may_apply", "legal_basis", "channels", "contact",
                  "steps_note", "reconsideration_authority", "appeal_authority", "id",
                  "standard_code", "same_as"]


@FUZZ
@given(st.lists(st.tuples(st.sampled_from([*PROCEDURE_KEYS, "delete"]), junk), max_size=4))
@example([("plazo", "15")])  # a whole number as text: the careful reader takes it
@example([("plazo", 3651)])
@example([("annual_demand", True)])
@example([("filed_at", "XX")])
@example([("approved_by", " DU ")])
@example([("kind", "tramite")])
@example([("preparation_minutes", "12.5")])
@example([("standard_code", "PA-01")])
@example([("same_as", ["060101/PA-01"])])
@example([("delete", "code")])
@example([("appeal_authority", "x" * 201)])
def test_a_procedure_read_the_quick_way_is_read_the_careful_way(
        edits: list[tuple[str, Any]]) -> None:
    """A procedure's own fields read the quick way: the same procedure and the same
    problems, in the same order, as the careful reader alone gives."""
    from procedures.exchange.package_read import _procedure

    item: Any = json.loads(json.dumps(PROCEDURE))
    for key, value in edits:
        if key == "delete":
            item.pop(str(value), None)
        else:
            item[key] = value
    item = decode_json(json.dumps(item, default=str))
    found = []
    for quick in (FastActivities(), None):
        log = ProblemLog("x.json")
        read = _procedure(ObjectReader(item, "entities[0].procedures[3]", log), CODES, quick)
        found.append((read, [str(problem) for problem in log.problems]))
    assert found[0] == found[1]
