"""Read a `.tramite.json` package (DESIGN §3) into snapshots, validating everything.

Nothing is written here: the whole file is checked first and every problem is reported
with its JSON path (`entities[0].procedures[2].versions[0].activities[4].unit: unknown
unit 'XX'`). Activities are checked by the activity rule the editor and the step imports
apply (`procedures.rules.activity`), so what the window stores, this reads back. Unknown
fields are ignored, never fatal.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import io
import json
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from models.codes import (
    ActivityType,
    Calificacion,
    CostElement,
    EntityKind,
    ImprovementAction,
    PlazoUnit,
    ProcedureKind,
    RequirementKind,
    Rounding,
    TimeSource,
    ValueClass,
    VersionKind,
)
from procedures.bounds import (
    DAYS_PER_MONTH,
    HOURS_PER_DAY,
    MAX_NUMBER_CHARACTERS,
    MINUTES,
    MINUTES_PER_WORKING_DAY,
    MONEY,
    PLAZO,
    POSITIVE_MONEY,
    POSITIVE_QUANTITY,
    PROBABILITY,
    QUANTITY,
    RATIO,
    SHOWN_CHARACTERS,
    UNIT_PRICE,
    YEAR,
    IntegerBound,
)
from procedures.bounds import FORMAT_VERSION as VERSION_BOUND
from procedures.errors import InputError, Location, Problem, ProblemCode
from procedures.exchange.fields import ObjectReader, ProblemLog
from procedures.exchange.json_stream import (
    Element,
    JsonSyntaxError,
    Member,
    Readable,
    ValueTooLarge,
    read_members,
)
from procedures.exchange.package_fast import FastActivities
from procedures.i18n import N_, _
from procedures.logo import MAX_LOGO_BYTES, logo_problem
from procedures.progress import Progress, no_progress
from procedures.rules.activity import (
    LANE_KINDS,
    UNKNOWN_POSITION,
    UNKNOWN_RESOURCE,
    Codes,
    activity_problems,
)
from procedures.snapshots import (
    Activity,
    Entity,
    NonWorkingDay,
    Origin,
    OriginChange,
    Position,
    Procedure,
    Requirement,
    Resource,
    ResourceUse,
    Settings,
    StaffUse,
    Unit,
    Version,
    slot_builder,
)

FORMAT = "tramite-claro-package"
FORMAT_VERSION = 1
#: The limits of one municipality (one element of `entities`, or any other member of the
#: top-level object): its characters, and its commas and colons. Each JSON value costs
#: memory (a Decimal about 100 bytes), so the count, not the size, keeps a file of tiny
#: values from taking gigabytes. A municipality's 250 procedures of 25 steps need about
#: 150,000 values and 6 MB. The file is read a municipality at a time, so these bound the
#: memory of a package of any number of municipalities.
MAX_PACKAGE_BYTES = 64 * 1024 * 1024
MAX_JSON_VALUES = 2_000_000
#: The whole file: only refuses what cannot be a package (the department's, 140
#: municipalities, is about half a gigabyte).
MAX_FILE_BYTES = 4 * 1024 * 1024 * 1024
ONE = Decimal(1)
ZERO = Decimal(0)
#: `Procedure(...)` at half the cost (`snapshots.slot_builder`): the same object.
_new_procedure = slot_builder(Procedure)

#: Which amounts a resource of each element must carry.
REQUIRED_AMOUNTS: dict[CostElement, tuple[str, ...]] = {
    CostElement.MATERIAL_FUNGIBLE: ("unit_cost",),
    CostElement.SERVICIO_IDENTIFICABLE: ("unit_cost",),
    CostElement.MATERIAL_NO_FUNGIBLE: ("annual_cost",),
    CostElement.SERVICIOS_TERCEROS: ("annual_cost",),
    CostElement.COSTOS_FIJOS: ("annual_cost",),
    CostElement.DEPRECIACION: ("quantity", "acquisition_cost", "rate"),
}


def load_package_file(path: str | Path) -> tuple[Entity, ...]:
    """Read and validate a package file; raise `InputError` listing every problem."""
    return tuple(read_package_file(path))


def read_package_file(path: str | Path, progress: Progress = no_progress) -> Iterator[Entity]:
    """The entities of a package file one by one, each validated, without holding the file.

    The file is read a chunk at a time, so a region's package (half a gigabyte) needs
    the memory of one municipality, and the size limits are a municipality's. Entities
    come as long as nothing is wrong; after the first problem the rest of the file is
    still checked (nothing more comes) and `InputError` lists every problem at the end,
    as for a file read whole: whoever writes what came must do it in a transaction to
    roll back. `progress` gets the bytes read (and may raise `Cancelled`).
    """
    path = Path(path)
    name = path.name
    try:
        if path.is_dir():
            raise InputError(Problem(Location(file=name), _(
                "is a folder, not a file"), ProblemCode.UNREADABLE_FILE))
        size = path.stat().st_size
        raw = path.open("rb")
    except OSError as error:
        raise InputError(Problem(Location(file=name), _("cannot read the file: {error}").format(
            error=error.strerror or error
        ), ProblemCode.UNREADABLE_FILE)) from None
    with raw:
        stream = _Utf8File(raw)
        if size > MAX_FILE_BYTES:
            raise InputError(Problem(Location(file=name), _(
                "the file is too large ({size} MB; at most {limit} MB)").format(
                    size=size // (1024 * 1024), limit=MAX_FILE_BYTES // (1024 * 1024)),
                ProblemCode.TOO_LARGE))
        for entity in _read(stream, name):
            progress(min(raw.tell(), size), size, entity.name)
            yield entity
        progress(size, size, "")


class _Utf8File:
    """The text of a file opened in binary, decoded as `TextIOWrapper(raw,
    encoding="utf-8-sig")` decodes it (the same decoders: a BOM dropped, universal
    newlines) without the wrapper's book-keeping for `tell()` and its exact count of
    characters per read, which cost twice the decoding: each read decodes up to `size`
    bytes (at least one character until the end)."""

    def __init__(self, raw: io.BufferedIOBase) -> None:
        self.raw = raw
        self.decoder = io.IncrementalNewlineDecoder(
            codecs.getincrementaldecoder("utf-8-sig")(), translate=True)
        self.ended = False

    def read(self, size: int = -1, /) -> str:
        while not self.ended:
            data = self.raw.read(size)
            self.ended = not data
            text = self.decoder.decode(data, final=self.ended)
            if text:
                return text
        return ""


class BadNumber:
    """A JSON number the program does not keep: NaN, Infinity, or one with more digits
    than any field holds. It stays in the data as itself, so the reader of the field it
    is in refuses it at its path instead of Python turning it into a float or spending
    minutes on a 5,000-digit integer."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        if len(text) > SHOWN_CHARACTERS:
            text = _("{start}… ({count} characters)").format(start=text[:20],
                                                             count=len(text))
        self.text = text

    def __str__(self) -> str:
        return self.text


def _json_int(text: str) -> int | BadNumber:
    return int(text) if len(text) <= MAX_NUMBER_CHARACTERS else BadNumber(text)


def _json_float(text: str) -> Decimal | BadNumber:
    return Decimal(text) if len(text) <= MAX_NUMBER_CHARACTERS else BadNumber(text)


def json_decoder() -> json.JSONDecoder:
    """Python's JSON parser with numbers kept exact (Decimal) and bounded: the one
    decoder of packages, whole (`decode_json`) or streamed (`json_stream`)."""
    return json.JSONDecoder(parse_float=_json_float, parse_int=_json_int,
                            parse_constant=BadNumber)


def decode_json(text: str) -> Any:
    """`text` decoded by `json_decoder`."""
    return json_decoder().decode(text)


#: The reasons Python's JSON parser gives (`JSONDecodeError.msg`), worded for a person;
#: a reason not listed here is shown as the parser gives it.
JSON_REASONS: dict[str, str] = {
    "Expecting value": N_("a value was expected here"),
    "Expecting property name enclosed in double quotes":
        N_("a field name in double quotes was expected here"),
    "Expecting ',' delimiter": N_("a comma (,) is missing here"),
    "Expecting ':' delimiter": N_("a colon (:) is missing here"),
    "Unterminated string starting at": N_("a text in quotes starts here and is never closed"),
    "Extra data": N_("there is more after the end of the data"),
    "Invalid control character at":
        N_("a text in quotes holds a line break or tab (write it as \\n or \\t)"),
    "Invalid \\escape": N_("a backslash (\\) in a text does not start a valid escape"),
    "Invalid \\uXXXX escape": N_("a \\u escape needs four hexadecimal digits"),
    "Illegal trailing comma before end of object":
        N_("a comma (,) before the closing brace is not allowed"),
    "Illegal trailing comma before end of array":
        N_("a comma (,) before the closing bracket is not allowed"),
}


def json_reason(message: str) -> str:
    """`JSONDecodeError.msg` in the current language (unknown reasons as they are)."""
    reason = JSON_REASONS.get(message)
    return _(reason) if reason else message


def parse_package_text(text: str, file: str = "") -> tuple[Entity, ...]:
    return tuple(_read(_Whole(text), file))


class _Whole:
    """A text already in memory, served whole when small, else a chunk at a time (as a
    file would be, so the limits of a municipality apply the same way)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0

    def read(self, size: int = -1, /) -> str:
        if self.offset == 0 and (size < 0 or size >= len(self.text)):
            self.offset = len(self.text)
            return self.text
        end = len(self.text) if size < 0 else self.offset + size
        piece = self.text[self.offset:end]
        self.offset += len(piece)
        return piece


def _read(stream: Readable, file: str) -> Iterator[Entity]:
    """Validate the package in `stream` member by member (entities one at a time)."""
    check = _Package(file)
    try:
        for event in read_members(stream, frozenset({"entities"}), decoder=json_decoder(),
                                  max_characters=MAX_PACKAGE_BYTES,
                                  max_values=MAX_JSON_VALUES):
            if isinstance(event, Element):
                entity = check.entity(event.position, event.value)
                if entity is not None:
                    yield entity
            elif isinstance(event, Member):
                check.member(event.key, event.value)
            else:
                check.whole(event.value)
    except ValueTooLarge as error:
        where = (_("municipality {number} (entities[{index}])").format(
            number=error.index + 1, index=error.index) if error.index is not None
            else _("field {key!r}").format(key=error.key) if error.key is not None
            else _("the data"))
        message = (_("{where} holds more than {limit} values; split it in smaller packages")
                   .format(where=where, limit=MAX_JSON_VALUES) if error.values
                   else _("{where} is too large (more than {limit} MB)").format(
                       where=where, limit=MAX_PACKAGE_BYTES // (1024 * 1024)))
        raise InputError(Problem(Location(file=file), message, ProblemCode.TOO_LARGE)) from None
    except RecursionError:
        raise InputError(Problem(Location(file=file), _(
            "the data is nested too deeply to be a package"), ProblemCode.UNREADABLE_FILE)
        ) from None
    except JsonSyntaxError as error:
        raise InputError(Problem(
            Location(file=file),
            _("not valid JSON (line {line}, column {column}): {reason}").format(
                line=error.line, column=error.column, reason=json_reason(error.reason)
            ),
            ProblemCode.UNREADABLE_FILE,
        )) from None
    except UnicodeDecodeError:
        raise InputError(Problem(Location(file=file), _("the file is not UTF-8 text"),
                                 ProblemCode.UNREADABLE_FILE)) from None
    check.finish()


def parse_package(data: Any, file: str = "") -> tuple[Entity, ...]:
    """Validate a decoded package; return its entities or raise `InputError`.

    Every activity is read by the careful reader only (`_activity`): this is the
    reference the streamed reader, which takes the usual activity the quick way, is
    held to (the tests feed both the same files)."""
    check = _Package(file, fast=False)
    if not isinstance(data, Mapping):
        check.whole(data)
    entities: list[Entity] = []
    for key, value in data.items():
        check.member(key, value)
        if key == "entities" and isinstance(value, list):
            for index, item in enumerate(value):
                entity = check.entity(index, item)
                if entity is not None:
                    entities.append(entity)
    check.finish()
    return tuple(entities)


class _Package:
    """The checks of one package, fed member by member and entity by entity.

    `format` and `version` usually come first; when either is wrong, that alone is
    reported (the entities are not checked), as when they come after the entities.
    """

    def __init__(self, file: str, fast: bool = True) -> None:
        self.file = file
        self.header: dict[str, Any] = {}
        self.log = ProblemLog(file)  # the entities' problems
        self.seen: dict[str, str] = {}
        self.has_entities = False
        self.activities = FastActivities() if fast else None

    def whole(self, data: Any) -> None:
        """A document that is not an object."""
        log = ProblemLog(self.file)
        ObjectReader(data, "", log)
        log.raise_if_any()

    def member(self, key: str, value: Any) -> None:
        if key != "entities":
            self.header[key] = value
            return
        if value is not None:
            self.has_entities = True
            if not isinstance(value, list):
                self.log.add("entities", _("expected a list"))

    def _header(self, final: bool = True) -> tuple[ProblemLog, bool]:
        """The problems of `format` and `version`, and whether they stop the reading;
        before the end (`final` false) only those of the fields seen so far."""
        log = ProblemLog(self.file)
        if "format" not in self.header and not final:
            return log, False
        if self.header.get("format") != FORMAT:
            log.add("format", _("not a Trámite Claro package (expected format {expected!r})")
                    .format(expected=FORMAT))
            return log, True
        if "version" not in self.header and not final:
            return log, False
        version = ObjectReader(self.header, "", log).integer("version", VERSION_BOUND,
                                                             required=True)
        if version is not None and version > FORMAT_VERSION:
            log.add("version", _(
                "the file uses format version {found}, newer than this program understands "
                "({supported}); update Trámite Claro"
            ).format(found=version, supported=FORMAT_VERSION))
            return log, True
        return log, False

    def entity(self, index: int, item: Any) -> Entity | None:
        """The entity at `entities[index]` if it and everything before it is right."""
        self.has_entities = True
        header, fatal = self._header(final=False)
        if fatal:
            return None  # only the header will be reported; the rest is read for syntax
        path = f"entities[{index}]"
        entity = _entity(ObjectReader(item, path, self.log), self.activities)
        if entity is None:
            return None
        if entity.ubigeo in self.seen:
            self.log.add(f"{path}.ubigeo", _("duplicate ubigeo {code!r} (also at {other})")
                         .format(code=entity.ubigeo, other=self.seen[entity.ubigeo]),
                         ProblemCode.DUPLICATE_CODE)
        self.seen[entity.ubigeo] = path
        return None if self.log or header else entity

    def finish(self) -> None:
        header, fatal = self._header()
        if fatal:
            header.raise_if_any()
        problems = [*header.problems, *self.log.problems]
        if not self.has_entities:
            problems.append(Problem(Location(file=self.file, path="entities"),
                                    _("required field is missing"), ProblemCode.INVALID_VALUE))
        if problems:
            raise InputError(problems)


def _unique(log: ProblemLog, seen: dict[str, str], code: str, path: str, what: str) -> None:
    """Note that `code` is at `path`; a second one is a problem. `what` names the kind
    of code (a msgid, `N_`: translated only for a problem)."""
    if not code:
        return
    if code in seen:
        log.add(path, _("duplicate {what} {code!r} (also at {other})").format(
            what=_(what), code=code, other=seen[code]
        ), ProblemCode.DUPLICATE_CODE)
    else:
        seen[code] = path


def _elements(r: ObjectReader, key: str) -> Iterator[tuple[int, Any]]:
    """(index, element) of a list field, like `ObjectReader.items` but without a path
    for each (the paths are made only for a problem)."""
    value = r.data.get(key)
    if value is None:
        return iter(())
    if not isinstance(value, list):
        r.log.add(r.where(key), _("expected a list"))
        return iter(())
    return enumerate(value)


def _entity(r: ObjectReader, fast: FastActivities | None) -> Entity | None:
    if not r.valid:
        return None
    log = r.log
    ubigeo = r.text("ubigeo", required=True, max_length=6)
    if ubigeo and not (len(ubigeo) == 6 and ubigeo.isdigit()):
        log.add(r.where("ubigeo"), _("an INEI ubigeo has six digits, found {value!r}").format(
            value=ubigeo
        ))
    settings = _settings(ObjectReader(r.data.get("settings", {}), r.where("settings"), log))
    units = _units(r)
    unit_codes = {u.code for u in units}
    positions = _positions(r, unit_codes)
    resources = _resources(r, unit_codes)
    codes = Codes.from_items(unit_codes, (p.code for p in positions),
                             ((res.code, res.element) for res in resources))
    procedures: list[Procedure] = []
    seen: dict[str, str] = {}
    for path, item in r.items("procedures"):
        procedure = _procedure(ObjectReader(item, path, log), codes, fast)
        if procedure is not None:
            _unique(log, seen, procedure.code, f"{path}.code", N_("procedure code"))
            procedures.append(procedure)
    days: list[NonWorkingDay] = []
    seen_days: dict[str, str] = {}
    for path, item in r.items("non_working_days"):
        day_reader = ObjectReader(item, path, log)
        day = day_reader.day("date", required=True)
        if day is not None:
            _unique(log, seen_days, day.isoformat(), f"{path}.date", N_("date"))
            days.append(NonWorkingDay(day=day, name=day_reader.text("name", max_length=200)))
    return Entity(
        ubigeo=ubigeo,
        name=r.text("name", required=True, max_length=200),
        kind=r.choice("kind", EntityKind, required=True, default=EntityKind.DISTRICT),
        settings=settings,
        units=units,
        positions=positions,
        resources=resources,
        procedures=tuple(procedures),
        non_working_days=tuple(days),
        province=r.text("province", max_length=100),
        address=r.text("address"),
        office_hours=r.text("office_hours"),
        phone=r.text("phone", max_length=100),
        email=r.text("email", max_length=200),
        website=r.text("website", max_length=300),
        reference_url=r.text("reference_url", max_length=500),
        origin=_origin(r),
    )


#: A change-log id: far beyond what any database reaches, within a 64-bit integer.
CHANGE_ID = IntegerBound(0, 10**15)


def _objects(r: ObjectReader, key: str) -> Iterator[ObjectReader]:
    """The objects of list `key`; anything else in it is a located problem."""
    for path, item in r.items(key):
        found = ObjectReader(item, path, r.log)
        if found.valid:
            yield found
        else:
            r.log.add(path, _("expected an object"))


def _origin(r: ObjectReader) -> Origin | None:
    """Where the municipality was exported from (optional: packages written before, or by
    hand, have none; they import as before)."""
    if not r.has("origin"):
        return None
    o = ObjectReader(r.data.get("origin"), r.where("origin"), r.log)
    if not o.valid:
        r.log.add(r.where("origin"), _("expected an object"))
        return None
    database = o.text("database", required=True, max_length=36)
    last = o.integer("last_change", CHANGE_ID, default=0)
    based_on = [(earlier.text("database", required=True, max_length=36),
                 earlier.integer("last_change", CHANGE_ID, default=0))
                for earlier in _objects(o, "based_on")]
    changes = [OriginChange(
        kind=change.text("kind", required=True, max_length=30),
        uid=change.text("id", required=True, max_length=300),
        field=change.text("field", max_length=60),
        who=change.text("who", max_length=100),
        at=change.text("at", max_length=40),
        version=change.text("version", max_length=36),
        procedure=change.text("procedure", max_length=36)) for change in _objects(o, "changes")]
    return Origin(database, last, tuple(based_on), tuple(changes)) if database else None


def _settings(r: ObjectReader) -> Settings:
    base = Settings()
    return Settings(
        year=r.integer("year", YEAR, default=base.year),
        hours_per_day=r.decimal("hours_per_day", HOURS_PER_DAY, default=base.hours_per_day),
        days_per_month=r.decimal("days_per_month", DAYS_PER_MONTH,
                                 default=base.days_per_month),
        minutes_per_working_day=r.integer(
            "minutes_per_working_day", MINUTES_PER_WORKING_DAY,
            default=base.minutes_per_working_day),
        rounding=r.choice("rounding", Rounding, default=base.rounding),
        citizen_hour_value=r.decimal("citizen_hour_value", default=base.citizen_hour_value),
        travel_minutes=r.decimal("travel_minutes", MINUTES, default=base.travel_minutes),
        travel_fare=r.decimal("travel_fare", default=base.travel_fare),
        uit=r.decimal("uit", POSITIVE_MONEY),
        logo=_logo(r),
    )


#: Base64 of the largest logo accepted (four characters for every three bytes).
_MAX_LOGO_TEXT = 4 * -(-MAX_LOGO_BYTES // 3)


def _logo(r: ObjectReader) -> bytes | None:
    """The logo, base64 in the package; a bad one is a located problem like any field."""
    if not r.has("logo"):
        return None
    value = r.data["logo"]
    where = r.where("logo")
    if not isinstance(value, str):
        r.log.add(where, _("expected the image as base64 text"))
        return None
    if len(value) > _MAX_LOGO_TEXT:
        r.log.add(where, _("the logo is more than {limit} KB").format(
            limit=MAX_LOGO_BYTES // 1000))
        return None
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        r.log.add(where, _("the logo is not valid base64 text"))
        return None
    problem = logo_problem(data)
    if problem:
        r.log.add(where, problem)
        return None
    return data


def _units(r: ObjectReader) -> tuple[Unit, ...]:
    units: list[Unit] = []
    seen: dict[str, str] = {}
    for path, item in r.items("units"):
        u = ObjectReader(item, path, r.log)
        if not u.valid:
            continue
        code = u.text("code", required=True, max_length=20)
        _unique(r.log, seen, code, f"{path}.code", N_("unit code"))
        units.append(Unit(
            code=code,
            name=u.text("name", required=True, max_length=200),
            other_tupa_minutes=u.decimal("other_tupa_minutes", MINUTES, default=ZERO),
        ))
    return tuple(units)


def _positions(r: ObjectReader, unit_codes: set[str]) -> tuple[Position, ...]:
    positions: list[Position] = []
    seen: dict[str, str] = {}
    for path, item in r.items("positions"):
        p = ObjectReader(item, path, r.log)
        if not p.valid:
            continue
        code = p.text("code", required=True, max_length=20)
        _unique(r.log, seen, code, f"{path}.code", N_("position code"))
        unit = p.text("unit") or None
        if unit and unit not in unit_codes:
            r.log.add(p.where("unit"), _("unknown unit {code!r}").format(code=unit))
        positions.append(Position(
            code=code,
            name=p.text("name", required=True, max_length=200),
            unit=unit,
            annual_cost=p.decimal("annual_cost", MONEY, required=True, default=ZERO),
        ))
    return tuple(positions)


def _resources(r: ObjectReader, unit_codes: set[str]) -> tuple[Resource, ...]:
    resources: list[Resource] = []
    seen: dict[str, str] = {}
    for path, item in r.items("resources"):
        res = ObjectReader(item, path, r.log)
        if not res.valid:
            continue
        code = res.text("code", required=True, max_length=20)
        _unique(r.log, seen, code, f"{path}.code", N_("resource code"))
        element = res.choice("element", CostElement, required=True)
        if element is CostElement.PERSONAL:
            r.log.add(res.where("element"), _(
                "personnel is entered as a position, not as a resource"
            ))
        for key in REQUIRED_AMOUNTS.get(element, ()) if element is not None else ():
            if not res.has(key):
                r.log.add(res.where(key), _("required for a resource of element {element}").format(
                    element=element
                ))
        drivers = []
        for where, unit, value in res.mapping("driver_values"):
            if unit not in unit_codes:
                r.log.add(where, _("unknown unit {code!r}").format(code=unit))
            number = res.check_decimal(value, where, None, QUANTITY)
            if number is not None:
                drivers.append((unit, number))
        factors = []
        for where, unit, value in res.mapping("tupa_factor"):
            if unit not in unit_codes:
                r.log.add(where, _("unknown unit {code!r}").format(code=unit))
            number = res.check_decimal(value, where, None, RATIO)
            if number is not None:
                factors.append((unit, number))
        resources.append(Resource(
            code=code,
            name=res.text("name", required=True, max_length=200),
            element=element or CostElement.MATERIAL_FUNGIBLE,
            unit_cost=res.decimal("unit_cost", UNIT_PRICE),
            annual_cost=res.decimal("annual_cost", MONEY),
            quantity=res.decimal("quantity", QUANTITY),
            acquisition_cost=res.decimal("acquisition_cost", MONEY),
            rate=res.decimal("rate", RATIO),
            driver=res.text("driver", max_length=100),
            driver_values=tuple(drivers),
            tupa_factor=tuple(factors),
        ))
    return tuple(resources)


def _requirements(r: ObjectReader, fast: FastActivities | None,
                  key: str = "requirements") -> tuple[Requirement, ...]:
    requirements = []
    where = r.where(key)
    for index, item in _elements(r, key):
        requirement = None if fast is None else fast.requirement(item)
        if requirement is None:  # something is wrong (or no quick way): the careful reader
            q = ObjectReader(item, f"{where}[{index}]", r.log)
            if not q.valid:
                continue
            requirement = Requirement(
                name=q.text("name", required=True),
                kind=q.choice("kind", RequirementKind, default=RequirementKind.GENERAL),
                cost=q.decimal("cost", MONEY, default=ZERO),
                legal_basis=q.text("legal_basis"),
                uid=q.text("id", max_length=36),
            )
        requirements.append(requirement)
    return tuple(requirements)


def _unit_ref(r: ObjectReader, key: str, codes: Codes) -> str | None:
    code = r.text(key) or None
    if code and code not in codes.units:
        r.log.add(r.where(key), _("unknown unit {code!r}").format(code=code))
    return code


def _procedure(r: ObjectReader, codes: Codes, fast: FastActivities | None
               ) -> Procedure | None:
    if not r.valid:
        return None
    versions: list[Version] = []
    seen: dict[str, str] = {}
    activity_ids: dict[str, tuple[str, int]] = {}
    for path, item in r.items("versions"):
        version = _version(ObjectReader(item, path, r.log), codes, activity_ids, fast)
        if version is not None:
            _unique(r.log, seen, version.name, f"{path}.name", N_("version name"))
            versions.append(version)
    for index, version in enumerate(versions):
        if version.based_on and version.based_on not in seen:
            r.log.add(f"{r.where('versions')}[{index}].based_on",
                      _("unknown version {name!r}").format(name=version.based_on))
    fields = None if fast is None else fast.procedure_fields(r.data, codes)
    if fields is not None:
        return _new_procedure(**fields, requirements=_requirements(r, fast),
                              versions=tuple(versions))
    return Procedure(
        code=r.text("code", required=True, max_length=30),
        name=r.text("name", required=True, max_length=300),
        kind=r.choice("kind", ProcedureKind, default=ProcedureKind.PROCEDIMIENTO),
        calificacion=r.choice("calificacion", Calificacion, default=Calificacion.PREVIA_POSITIVO),
        plazo=r.integer("plazo", PLAZO),
        plazo_unit=r.choice("plazo_unit", PlazoUnit, default=PlazoUnit.HABILES),
        annual_demand=r.integer("annual_demand", default=0),
        preparation_minutes=r.decimal("preparation_minutes", MINUTES, default=ZERO),
        filed_at=_unit_ref(r, "filed_at", codes),
        approved_by=_unit_ref(r, "approved_by", codes),
        requirements=_requirements(r, fast),
        versions=tuple(versions),
        description=r.text("description"),
        who_may_apply=r.text("who_may_apply"),
        legal_basis=r.text("legal_basis"),
        channels=r.text("channels"),
        contact=r.text("contact"),
        steps_note=r.text("steps_note"),
        reconsideration_authority=r.text("reconsideration_authority", max_length=200),
        appeal_authority=r.text("appeal_authority", max_length=200),
        uid=r.text("id", max_length=36),
        standard_code=_standard_code(r),
        same_as=_same_as(r),
    )


def _standard_code(r: ObjectReader) -> str | None:
    """The optional code of a standardized procedure: one of the catalogue's (a v1
    package without it is read as before)."""
    from procedures.standard.catalogue import standard

    code = r.text("standard_code", max_length=30) or None
    if code is not None and standard(code) is None:
        r.log.add(r.where("standard_code"), _(
            "unknown standard procedure {code!r}: not in the catalogue of standardized "
            "procedures").format(code=code))
    return code


_REFERENCE = re.compile(r"\d{6}/[^/\s][^/]{0,29}")


def _same_as(r: ObjectReader) -> tuple[str, ...]:
    """Optional links to the same procedure of other municipalities ("UBIGEO/CODE")."""
    found: list[str] = []
    for path, item in r.items("same_as"):
        if isinstance(item, str) and _REFERENCE.fullmatch(item):
            found.append(item)
        else:
            r.log.add(path, _("expected a procedure as UBIGEO/CODE, e.g. 060101/PA-07"))
    return tuple(found)


def _version(r: ObjectReader, codes: Codes, activity_ids: dict[str, tuple[str, int]],
             fast: FastActivities | None) -> Version | None:
    if not r.valid:
        return None
    activities = []
    where = r.where("activities")
    for index, item in _elements(r, "activities"):
        activity = None if fast is None else fast.activity(item, codes)
        if activity is None:  # something is wrong (or no quick way): the careful reader
            activity = _activity(ObjectReader(item, f"{where}[{index}]", r.log), codes)
        if activity is None:
            continue
        uid = activity.uid
        if uid:
            if uid in activity_ids:
                other, position = activity_ids[uid]
                r.log.add(f"{where}[{index}].id", _("duplicate {what} {code!r} (also at {other})")
                          .format(what=_("activity id"), code=uid,
                                  other=f"{other}[{position}].id"),
                          ProblemCode.DUPLICATE_CODE)
            else:
                activity_ids[uid] = (where, index)
        activities.append(activity)
    return Version(
        name=r.text("name", required=True, max_length=100),
        kind=r.choice("kind", VersionKind, required=True, default=VersionKind.AS_IS),
        fee=r.decimal("fee", MONEY, default=ZERO),
        activities=tuple(activities),
        calificacion=r.choice("calificacion", Calificacion),
        plazo=r.integer("plazo", PLAZO),
        plazo_unit=r.choice("plazo_unit", PlazoUnit),
        requirements=_requirements(r, fast) if r.has("requirements") else None,
        based_on=r.text("based_on", max_length=100),
        adopted=r.boolean("adopted"),
        note=r.text("note"),
        uid=r.text("id", max_length=36),
    )


def _activity(r: ObjectReader, codes: Codes) -> Activity | None:
    if not r.valid:
        return None
    citizen = r.boolean("citizen")
    unit = r.text("unit") or None
    lane_read = True
    if citizen and unit:
        r.log.add(r.where("unit"), _("an activity is either of a unit or of the citizen, not both"))
        lane_read = False
    elif not citizen and not unit:
        r.log.add(r.where("unit"), _("required field is missing (or set \"citizen\": true)"))
        lane_read = False
    staff = []
    for path, item in r.items("staff"):
        s = ObjectReader(item, path, r.log)
        staff.append(StaffUse(
            position=s.text("position", required=True),
            count=s.decimal("count", POSITIVE_QUANTITY, default=ONE),
        ))
    resources = []
    for path, item in r.items("resources"):
        s = ObjectReader(item, path, r.log)
        resources.append(ResourceUse(resource=s.text("resource", required=True),
                                     qty=s.decimal("qty", QUANTITY, default=ONE)))
    activity = Activity(
        description=r.text("description", required=True),
        unit=None if citizen else unit,
        type=r.choice("type", ActivityType, required=True, default=ActivityType.OPERACION),
        value=r.choice("value", ValueClass, required=True, default=ValueClass.VA),
        minutes=r.decimal("minutes", MINUTES, required=True, default=ZERO),
        probability=r.decimal("probability", PROBABILITY, default=ONE),
        parallel=r.boolean("parallel"),
        in_person=r.boolean("in_person"),
        staff=tuple(staff),
        resources=tuple(resources),
        action=r.choice("action", ImprovementAction),
        note=r.text("note"),
        time_source=r.choice("time_source", TimeSource),
        time_date=r.day("time_date"),
        time_by=r.text("time_by", max_length=200),
        uid=r.text("id", max_length=36),
        based_on=r.text("based_on", max_length=36),
    )
    # The rule the editor and the step imports apply; what was reported as missing or
    # contradictory above is not reported again.
    blank = {("staff", i) for i, use in enumerate(staff) if not use.position} | {
        ("resources", i) for i, use in enumerate(resources) if not use.resource}
    for problem in activity_problems(activity, codes):
        if (problem.kind in LANE_KINDS and not lane_read) or (
                (problem.field, problem.item) in blank
                and problem.kind in (UNKNOWN_POSITION, UNKNOWN_RESOURCE)):
            continue
        r.log.add(problem.path(r.path), problem.message)
    return activity
