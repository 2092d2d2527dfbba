"""Read a `.tramite.json` package (DESIGN §3) into snapshots, validating everything.

Nothing is written here: the whole file is checked first and every problem is reported
with its JSON path (`entities[0].procedures[2].versions[0].activities[4].unit: unknown
unit 'XX'`). Activities are checked by the activity rule the editor and the step imports
apply (`procedures.rules.activity`), so what the window stores, this reads back. Unknown
fields are ignored, never fatal.
"""

from __future__ import annotations

import json
import re
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
)
from procedures.bounds import FORMAT_VERSION as VERSION_BOUND
from procedures.errors import InputError, Location, Problem, ProblemCode
from procedures.exchange.fields import ObjectReader, ProblemLog
from procedures.i18n import N_, _
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
    Position,
    Procedure,
    Requirement,
    Resource,
    ResourceUse,
    Settings,
    StaffUse,
    Unit,
    Version,
)

FORMAT = "tramite-claro-package"
FORMAT_VERSION = 1
MAX_PACKAGE_BYTES = 64 * 1024 * 1024
#: Commas and colons a file may have: each JSON value costs memory (a Decimal about 100
#: bytes), so this, not the size on disk, keeps a file of tiny values from taking
#: gigabytes. A municipality's 250 procedures of 25 steps need about 150,000.
MAX_JSON_VALUES = 2_000_000
ONE = Decimal(1)
ZERO = Decimal(0)

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
    path = Path(path)
    name = path.name
    try:
        if path.is_dir():
            raise InputError(Problem(Location(file=name), _(
                "is a folder, not a file"), ProblemCode.UNREADABLE_FILE))
        size = path.stat().st_size
        if size > MAX_PACKAGE_BYTES:
            raise InputError(Problem(Location(file=name), _(
                "the file is too large ({size} MB; at most {limit} MB)").format(
                    size=size // (1024 * 1024), limit=MAX_PACKAGE_BYTES // (1024 * 1024)),
                ProblemCode.TOO_LARGE))
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InputError(Problem(Location(file=name), _("cannot read the file: {error}").format(
            error=error.strerror or error
        ), ProblemCode.UNREADABLE_FILE)) from None
    except UnicodeDecodeError:
        raise InputError(Problem(Location(file=name), _("the file is not UTF-8 text"),
                                 ProblemCode.UNREADABLE_FILE)) from None
    return parse_package_text(text, name)


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


def decode_json(text: str) -> Any:
    """Python's JSON parser with numbers kept exact (Decimal) and bounded."""
    return json.loads(text, parse_float=_json_float, parse_int=_json_int,
                      parse_constant=BadNumber)


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
    values = text.count(",") + text.count(":")
    if values > MAX_JSON_VALUES:
        raise InputError(Problem(Location(file=file), _(
            "the file holds more than {limit} values; split it in smaller packages").format(
                limit=MAX_JSON_VALUES), ProblemCode.TOO_LARGE))
    try:
        data = decode_json(text)
    except RecursionError:
        raise InputError(Problem(Location(file=file), _(
            "the data is nested too deeply to be a package"), ProblemCode.UNREADABLE_FILE)
        ) from None
    except json.JSONDecodeError as error:
        raise InputError(Problem(
            Location(file=file),
            _("not valid JSON (line {line}, column {column}): {reason}").format(
                line=error.lineno, column=error.colno, reason=json_reason(error.msg)
            ),
            ProblemCode.UNREADABLE_FILE,
        )) from None
    return parse_package(data, file)


def parse_package(data: Any, file: str = "") -> tuple[Entity, ...]:
    """Validate a decoded package; return its entities or raise `InputError`."""
    log = ProblemLog(file)
    root = ObjectReader(data, "", log)
    if not root.valid:
        log.raise_if_any()
    if root.data.get("format") != FORMAT:
        log.add("format", _("not a Trámite Claro package (expected format {expected!r})").format(
            expected=FORMAT
        ))
        log.raise_if_any()
    version = root.integer("version", VERSION_BOUND, required=True)
    if version is not None and version > FORMAT_VERSION:
        log.add("version", _(
            "the file uses format version {found}, newer than this program understands "
            "({supported}); update Trámite Claro"
        ).format(found=version, supported=FORMAT_VERSION))
        log.raise_if_any()
    entities: list[Entity] = []
    seen: dict[str, str] = {}
    for path, item in root.items("entities"):
        entity = _entity(ObjectReader(item, path, log))
        if entity is None:
            continue
        if entity.ubigeo in seen:
            log.add(f"{path}.ubigeo", _("duplicate ubigeo {code!r} (also at {other})").format(
                code=entity.ubigeo, other=seen[entity.ubigeo]
            ), ProblemCode.DUPLICATE_CODE)
        seen[entity.ubigeo] = path
        entities.append(entity)
    if not root.has("entities"):
        log.add("entities", _("required field is missing"))
    log.raise_if_any()
    return tuple(entities)


def _unique(log: ProblemLog, seen: dict[str, str], code: str, path: str, what: str) -> None:
    if not code:
        return
    if code in seen:
        log.add(path, _("duplicate {what} {code!r} (also at {other})").format(
            what=what, code=code, other=seen[code]
        ), ProblemCode.DUPLICATE_CODE)
    else:
        seen[code] = path


def _entity(r: ObjectReader) -> Entity | None:
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
        procedure = _procedure(ObjectReader(item, path, log), codes)
        if procedure is not None:
            _unique(log, seen, procedure.code, f"{path}.code", _("procedure code"))
            procedures.append(procedure)
    days: list[NonWorkingDay] = []
    seen_days: dict[str, str] = {}
    for path, item in r.items("non_working_days"):
        day_reader = ObjectReader(item, path, log)
        day = day_reader.day("date", required=True)
        if day is not None:
            _unique(log, seen_days, day.isoformat(), f"{path}.date", _("date"))
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
    )


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
    )


def _units(r: ObjectReader) -> tuple[Unit, ...]:
    units: list[Unit] = []
    seen: dict[str, str] = {}
    for path, item in r.items("units"):
        u = ObjectReader(item, path, r.log)
        if not u.valid:
            continue
        code = u.text("code", required=True, max_length=20)
        _unique(r.log, seen, code, f"{path}.code", _("unit code"))
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
        _unique(r.log, seen, code, f"{path}.code", _("position code"))
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
        _unique(r.log, seen, code, f"{path}.code", _("resource code"))
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


def _requirements(r: ObjectReader, key: str = "requirements") -> tuple[Requirement, ...]:
    requirements = []
    for path, item in r.items(key):
        q = ObjectReader(item, path, r.log)
        if not q.valid:
            continue
        requirements.append(Requirement(
            name=q.text("name", required=True),
            kind=q.choice("kind", RequirementKind, default=RequirementKind.GENERAL),
            cost=q.decimal("cost", MONEY, default=ZERO),
            legal_basis=q.text("legal_basis"),
        ))
    return tuple(requirements)


def _unit_ref(r: ObjectReader, key: str, codes: Codes) -> str | None:
    code = r.text(key) or None
    if code and code not in codes.units:
        r.log.add(r.where(key), _("unknown unit {code!r}").format(code=code))
    return code


def _procedure(r: ObjectReader, codes: Codes) -> Procedure | None:
    if not r.valid:
        return None
    versions: list[Version] = []
    seen: dict[str, str] = {}
    activity_ids: dict[str, str] = {}
    for path, item in r.items("versions"):
        version = _version(ObjectReader(item, path, r.log), codes, activity_ids)
        if version is not None:
            _unique(r.log, seen, version.name, f"{path}.name", _("version name"))
            versions.append(version)
    for index, version in enumerate(versions):
        if version.based_on and version.based_on not in seen:
            r.log.add(f"{r.where('versions')}[{index}].based_on",
                      _("unknown version {name!r}").format(name=version.based_on))
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
        requirements=_requirements(r),
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


def _version(r: ObjectReader, codes: Codes, activity_ids: dict[str, str]) -> Version | None:
    if not r.valid:
        return None
    activities = []
    for path, item in r.items("activities"):
        activity = _activity(ObjectReader(item, path, r.log), codes)
        if activity is not None:
            _unique(r.log, activity_ids, activity.uid, f"{path}.id", _("activity id"))
            activities.append(activity)
    return Version(
        name=r.text("name", required=True, max_length=100),
        kind=r.choice("kind", VersionKind, required=True, default=VersionKind.AS_IS),
        fee=r.decimal("fee", MONEY, default=ZERO),
        activities=tuple(activities),
        calificacion=r.choice("calificacion", Calificacion),
        plazo=r.integer("plazo", PLAZO),
        plazo_unit=r.choice("plazo_unit", PlazoUnit),
        requirements=_requirements(r) if r.has("requirements") else None,
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
