"""Read a step table from a spreadsheet: the SUT's import template or our own ASME-VM
sheet, as .xlsx, .ods or .csv.

Every cell is checked and every problem is reported with its file, sheet, row, column
and the value found; nothing is fixed silently. Units stay as the text found (resolved
against the entity by `procedures.exchange.resolve`). An .xlsx is streamed in read-only
mode, an .ods or .csv read into plain rows (`grid.Grid`) by its own safe reader; any is
refused beyond `MAX_ROWS` activity rows, so a huge file cannot exhaust memory.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TypeVar

from openpyxl.worksheet.worksheet import Worksheet

from models.codes import ActivityType, ImprovementAction, TimeSource, ValueClass
from procedures.bounds import (
    MAX_TEXT,
    MINUTES,
    POSITIVE_QUANTITY,
    PROBABILITY,
    number_problem,
    text_problem,
)
from procedures.errors import Cancelled, InputError, Location, Problem, ProblemCode
from procedures.exchange.grid import Grid
from procedures.exchange.steps import (
    ImportedStep,
    LaneRef,
    StepTable,
    is_citizen,
    is_yes,
    normalise,
    parse_action,
    parse_day,
    parse_number,
    parse_time_source,
    parse_type,
    parse_value,
)
from procedures.exchange.xlsx_columns import HEADER_SCAN_ROWS, ColumnMap, find_header
from procedures.exchange.xlsx_open import EXCEL_ROWS, MAX_ROWS, open_xlsx, refuse
from procedures.i18n import _
from procedures.progress import Progress, no_progress
from procedures.snapshots import ONE, ZERO, ResourceUse, StaffUse

MAX_MINUTES = Decimal(1_000_000_000)
_USE = re.compile(r"^\s*(?:(\d+(?:[.,]\d+)?)\s*[×xX*]\s*)?(.*?)\s*(?:\[([^\]]*)\])?\s*$")
MAX_PROBLEMS = 200
#: Columns looked at for a header: a step table has a few dozen at most.
MAX_HEADER_COLUMNS = 200


_Mark = TypeVar("_Mark", bound=Enum)


class _Log:
    """Problems of one sheet, each with file, sheet, row and column."""

    def __init__(self, file: str, sheet: str) -> None:
        self.file, self.sheet = file, sheet
        self.problems: list[Problem] = []

    def where(self, row: int, column: str = "") -> Location:
        return Location(file=self.file, sheet=self.sheet, row=row, column=column)

    def add(self, where: Location, message: str) -> None:
        self.problems.append(Problem(where, message))


@dataclass
class _Table:
    """A sheet that holds a step table, with what its title block says."""

    sheet: Worksheet | Grid  # an .xlsx read-only sheet (as the stubs type it), or rows
    columns: ColumnMap
    version: str = ""
    procedure: str = ""

    @property
    def title(self) -> str:
        return self.sheet.title


def read_step_workbook(
    path: Path,
    wanted_version: str | None = None,
    progress: Progress = no_progress,
    wanted_procedure: str | None = None,
) -> StepTable:
    """The step table of the workbook at `path` (raise `InputError` listing problems).

    With several step tables (our export has one sheet per version of each procedure)
    the sheet of `wanted_procedure` and `wanted_version` is read, else the first of that
    procedure, else the first sheet of that version name, else the first; the choice is
    noted.
    """
    suffix = path.suffix.lower()
    if suffix in (".ods", ".csv"):
        from procedures.exchange.csv_file import read_csv
        from procedures.exchange.ods_file import read_ods

        grids = read_ods(path) if suffix == ".ods" else [read_csv(path)]
        return _read_sheets(grids, path, wanted_version, progress, wanted_procedure)
    book = open_xlsx(path)
    try:
        return _read_sheets(book.worksheets, path, wanted_version, progress, wanted_procedure)
    except (InputError, Cancelled):
        raise
    except Exception as error:  # openpyxl raises many kinds while streaming a damaged sheet
        raise refuse(path.name, _("cannot read the workbook: {error}").format(
            error=str(error)[:200] or type(error).__name__)) from None
    finally:
        book.close()


def _read_sheets(
    sheets: Sequence[Worksheet | Grid], path: Path, wanted_version: str | None,
    progress: Progress, wanted_procedure: str | None,
) -> StepTable:
    found, problems = _find_tables(sheets, path.name)
    if not found:
        raise InputError(problems or [Problem(Location(file=path.name), _(
            "no sheet has a step table: expected a header row with the columns "
            "Actividad, Unidad_Organica, Duracion, Tipo_Actividad, Tipo_Valor"),
            ProblemCode.NOTHING_TO_IMPORT)])
    chosen = _choose(found, wanted_procedure, wanted_version)
    sheet, columns, version = chosen.sheet, chosen.columns, chosen.version
    notes: list[str] = []
    if len(found) > 1:
        notes.append(_("The workbook has {count} step tables; sheet {sheet!r} was read.")
                     .format(count=len(found), sheet=chosen.title))
    log = _Log(path.name, chosen.title)
    steps = _read_rows(sheet, columns, log, progress)
    return StepTable(steps=steps, source=chosen.title, notes=tuple(notes), version=version,
                     problems=tuple(log.problems))


def _choose(found: list[_Table], procedure: str | None, version: str | None) -> _Table:
    preferences = (
        lambda t: bool(procedure) and t.procedure == procedure and t.version == version,
        lambda t: bool(procedure) and t.procedure == procedure,
        lambda t: bool(version) and not t.procedure and t.version == version,
    )
    for wanted in preferences:
        match = next((table for table in found if wanted(table)), None)
        if match is not None:
            return match
    return found[0]


def _find_tables(sheets: Sequence[Worksheet | Grid], file: str
                 ) -> tuple[list[_Table], list[Problem]]:
    found: list[_Table] = []
    problems: list[Problem] = []
    for sheet in sheets:
        top = [tuple(row) for row in sheet.iter_rows(
            min_row=1, max_row=HEADER_SCAN_ROWS, max_col=MAX_HEADER_COLUMNS,
            values_only=True)]
        columns = find_header(top)
        if columns is None:
            continue
        missing = columns.missing()
        if missing:
            found_names = ", ".join(columns.names.values())
            for name in missing:
                problems.append(Problem(
                    Location(file=file, sheet=sheet.title, row=columns.row),
                    _("required column {name!r} is missing (the header row has: {found})")
                    .format(name=name, found=found_names), ProblemCode.MISSING_FIELD))
            continue
        above = top[: columns.row - 1]
        found.append(_Table(sheet, columns, _title_value(above, ("version", _("Version"))),
                            _title_value(above, ("procedimiento", "procedure",
                                                 _("Procedure")))))
    return found, problems


def _title_value(rows: Sequence[Sequence[object]], labels: tuple[str, ...]) -> str:
    """The value next to a label in our title block ("Versión | Actual")."""
    keys = {normalise(label) for label in labels}
    for cells in rows:
        for index, cell in enumerate(cells[:-1]):
            if normalise(cell) in keys and cells[index + 1] is not None:
                return str(cells[index + 1]).strip()
    return ""


def _read_rows(
    sheet: Worksheet | Grid, columns: ColumnMap, log: _Log, progress: Progress
) -> tuple[ImportedStep, ...]:
    steps: list[ImportedStep] = []
    total = min(getattr(sheet, "max_row", None) or 0, EXCEL_ROWS)
    count = 0
    width = 1 + max([*columns.fields.values(), *columns.types.values(),
                     *columns.values.values(), *columns.names])
    empty = (None,) * width
    for number, cells in enumerate(
        sheet.iter_rows(min_row=columns.row + 1, max_col=width, values_only=True),
        start=columns.row + 1,
    ):
        if number > EXCEL_ROWS:  # a row number no spreadsheet has; openpyxl fills the gap
            raise InputError(Problem(log.where(EXCEL_ROWS), _(
                "the sheet goes on past row {limit}, the last row Excel has").format(
                    limit=EXCEL_ROWS), ProblemCode.TOO_LARGE))
        if cells == empty or not any(value is not None and str(value).strip()
                                     for value in cells):
            continue
        if columns.marks and "number" in columns.fields:
            marker = _get(cells, columns.fields["number"])
            if isinstance(marker, str) and marker.strip() and parse_number(marker) is None:
                break  # the footer of our ASME-VM sheet starts here (a .csv's "1" is no text)
        count += 1
        if count > MAX_ROWS:
            raise InputError(Problem(log.where(number), _(
                "the sheet has more than {limit} activity rows; split it in smaller "
                "files").format(limit=MAX_ROWS), ProblemCode.TOO_LARGE))
        reader = _RowReader(cells, number, columns, log)
        if reader.texts_fit():
            steps.append(reader.step())
        if len(log.problems) >= MAX_PROBLEMS:
            raise InputError(log.problems)  # enough to show; the file needs fixing first
        if count % 1000 == 0:
            progress(number, max(total, number), log.sheet)
    return tuple(steps)


def _get(cells: Sequence[object], index: int) -> object:
    return cells[index] if index < len(cells) else None


class _RowReader:
    """Reads the cells of one row, logging each bad cell with its location."""

    def __init__(self, cells: Sequence[object], row: int, columns: ColumnMap, log: _Log) -> None:
        self.cells, self.row, self.columns, self.log = cells, row, columns, log

    def column(self, index: int) -> str:
        from openpyxl.utils import get_column_letter

        header = self.columns.names.get(index, "")
        return f"{get_column_letter(index + 1)} ({header})" if header else get_column_letter(
            index + 1)

    def where(self, key: str) -> Location:
        return self.log.where(self.row, self.column(self.columns.fields[key]))

    def raw(self, key: str) -> object:
        index = self.columns.fields.get(key)
        return None if index is None else _get(self.cells, index)

    def text(self, key: str) -> str:
        value = self.raw(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def bad(self, key: str, message: str) -> None:
        self.log.add(self.where(key), message)

    def texts_fit(self) -> bool:
        """Whether every cell's text fits a cell of Excel (and can be stored); each
        one that does not is logged at its column."""
        fits = True
        for index, value in enumerate(self.cells):
            if isinstance(value, str) and len(value) > MAX_TEXT:
                self.log.add(self.log.where(self.row, self.column(index)),
                             text_problem(value) or "")
                fits = False
        return fits

    def step(self) -> ImportedStep:
        """The row's step; bad cells are logged and read as neutral values."""
        description = self.text("description")
        if not description:
            self.bad("description", _("the activity has no description"))
        lane = self._lane()
        activity_type, value = self._classes()
        minutes = self._minutes()
        probability = self._probability()
        staff = self._uses("staff")
        resources = self._uses("resources")
        action = self._action()
        time_source, time_date = self._provenance()
        in_person = is_yes(self.raw("in_person")) if "in_person" in self.columns.fields else False
        return ImportedStep(
            description=description,
            lane=lane,
            type=activity_type or ActivityType.OPERACION,
            value=value or ValueClass.VA,
            where=self.log.where(self.row),
            minutes=minutes,
            probability=probability,
            parallel=is_yes(self.raw("parallel")) if "parallel" in self.columns.fields else False,
            in_person=in_person and lane is None,
            staff=tuple(StaffUse(code, qty) for qty, code, _name in staff),
            resources=tuple(ResourceUse(code, qty) for qty, code, _name in resources),
            staff_names=tuple(name for _qty, _code, name in staff),
            resource_names=tuple(name for _qty, _code, name in resources),
            staff_where=self.where("staff") if staff else None,
            resources_where=self.where("resources") if resources else None,
            action=action,
            note=self.text("note"),
            time_source=time_source,
            time_date=time_date,
            time_by=self.text("time_by"),
        )

    def _lane(self) -> LaneRef | None:
        raw = self.raw("unit")
        name = "" if raw is None else str(raw)  # kept as found, for messages
        code = self.text("unit_code")
        if not name.strip() and not code:
            self.bad("unit", _("the unit is missing (write the unit's name, or Ciudadano for "
                               "the citizen)"))
            return None
        if is_citizen(name) and not code:
            return None
        return LaneRef(name=name, where=self.where("unit"), code=code)

    def _classes(self) -> tuple[ActivityType | None, ValueClass | None]:
        if not self.columns.marks:
            raw_type, raw_value = self.raw("type"), self.raw("value")
            activity_type = parse_type(raw_type)
            if activity_type is None:
                self.bad("type", _("unknown activity type {value!r}; expected one of: "
                                   "Operacion, Revision, Traslado, Espera, Archivo").format(
                    value=raw_type if raw_type is not None else ""))
            value = parse_value(raw_value)
            if value is None:
                self.bad("value", _("unknown value class {value!r}; expected one of: VA, "
                                    "Control, SVA").format(
                    value=raw_value if raw_value is not None else ""))
            return activity_type, value
        return (self._mark(self.columns.types, _("type")),
                self._mark(self.columns.values, _("value class")))

    def _mark(self, where: dict[_Mark, int], what: str) -> _Mark | None:
        marked = [member for member, index in where.items()
                  if _get(self.cells, index) not in (None, "")
                  and str(_get(self.cells, index)).strip()]
        if len(marked) == 1:
            return marked[0]
        first = min(where.values())
        location = self.log.where(self.row, self.column(first))
        found = ", ".join(self.columns.names.get(where[m], m.value) for m in marked) or "—"
        self.log.add(location, _("mark exactly one {what} column; found: {found}").format(
            what=what, found=found))
        return None

    def _minutes(self) -> Decimal:
        raw = self.raw("minutes")
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return ZERO  # accepted and flagged later as missing_minutes (DOMAIN §3)
        number = parse_number(raw, strip_unit=True)
        if number is None:
            self.bad("minutes", _("expected a number of minutes, found {value!r}").format(
                value=raw))
            return ZERO
        if number < 0 or number > MAX_MINUTES:
            self.bad("minutes", _("minutes must be between 0 and {limit}, found {value!r}")
                     .format(limit=MAX_MINUTES, value=raw))
            return ZERO
        problem = number_problem(number, MINUTES, raw)
        if problem:
            self.bad("minutes", problem)
            return ZERO
        return number

    def _probability(self) -> Decimal:
        raw = self.raw("probability")
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return ONE
        percent = isinstance(raw, str) and raw.strip().endswith("%")
        number = parse_number(raw.strip().rstrip("%") if isinstance(raw, str) else raw)
        if number is not None and percent:
            number = number / 100
        if number is None or not ZERO < number <= ONE:
            self.bad("probability", _(
                "the probability must be above 0 and at most 1 (or 100 %), found {value!r}")
                .format(value=raw))
            return ONE
        problem = number_problem(number, PROBABILITY, raw)
        if problem:
            self.bad("probability", problem)
            return ONE
        return number

    def _uses(self, key: str) -> list[tuple[Decimal, str, str]]:
        """(quantity, code, name) of each "2 × Name [CODE]" (name "" without a code)."""
        text = self.text(key)
        uses: list[tuple[Decimal, str, str]] = []
        for part in filter(None, (p.strip() for p in text.split(";"))):
            match = _USE.match(part)
            quantity = parse_number(match.group(1)) if match and match.group(1) else ONE
            code = ((match.group(3) or match.group(2)) if match else part).strip()
            if not code or quantity is None or quantity <= 0:
                self.bad(key, _("cannot read {value!r}; write it as \"2 × Name [CODE]\"")
                         .format(value=part))
                continue
            problem = number_problem(quantity, POSITIVE_QUANTITY) or text_problem(code, 20)
            if problem:
                self.bad(key, problem)
                continue
            name = (match.group(2) or "").strip() if match and match.group(3) else ""
            uses.append((quantity, code, name))
        return uses

    def _provenance(self) -> tuple[TimeSource | None, date | None]:
        """Where the minutes come from: measured, interview or estimate; on which day."""
        source = None
        text = self.text("time_source")
        if text:
            source = parse_time_source(text)
            if source is None:
                self.bad("time_source", _("unknown time source {value!r}; expected one of: "
                                          "{allowed}").format(
                    value=text, allowed=", ".join(s.value for s in TimeSource)))
        raw = self.raw("time_date")
        day = None
        if isinstance(raw, datetime):
            day = raw.date()
        elif isinstance(raw, date):
            day = raw
        elif raw is not None and str(raw).strip():
            day = parse_day(str(raw).strip())
            if day is None:
                self.bad("time_date", _("expected a date (dd/mm/yyyy), found {value!r}").format(
                    value=raw))
        return source, day

    def _action(self) -> ImprovementAction | None:
        text = self.text("action")
        if not text:
            return None
        action = parse_action(text)
        if action is None:
            allowed = ", ".join(a.value for a in ImprovementAction)
            self.bad("action", _("unknown improvement action {value!r}; expected one of: "
                                 "{allowed}").format(value=text, allowed=allowed))
        return action
