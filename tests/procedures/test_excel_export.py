"""The Excel export, recalculated by LibreOffice: the cost workbook's live formulas give
the app's figures in both rounding modes, no cell holds an error, text that looks like
a formula stays text, and the sheets are formatted for people."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from models.codes import COST_ELEMENTS
from procedures.services.exports import export_steps
from procedures.services.imports import import_package
from procedures.services.lookup import procedure_uuid, version_uuid
from procedures.services.measurement import compare, procedure_context
from procedures.vocabulary import figure_name
from tests.conftest import EXAMPLE
from tests.procedures.builders import english_messages
from tests.procedures.xlsx_recalc import error_cells, recalculated_values, rows_by_key

_english = english_messages()

RISKY = ("=SUM(A1)", "@cmd", "+51 976 000 000", "-descuento")


def example_package(tmp_path: Path, rounding: str = "sut") -> Path:
    """The worked example plus a to-be version that uses every feature of a step table."""
    data = json.loads(EXAMPLE.read_text("utf-8"))
    entity = data["entities"][0]
    entity["settings"]["rounding"] = rounding
    procedure = entity["procedures"][0]
    as_is = procedure["versions"][0]
    to_be = json.loads(json.dumps(as_is))
    to_be.update(name="Propuesta", kind="to_be", based_on="Actual", fee="40.00")
    steps = to_be["activities"]
    steps.insert(0, {"description": RISKY[0], "citizen": True, "in_person": True,
                     "type": "operacion", "value": "VA", "minutes": 20})
    steps[2]["description"] = RISKY[1]
    steps[3].update(description=RISKY[2], probability="0.2", action="eliminar", note=RISKY[3])
    steps[4]["minutes"] = 480
    steps[6]["parallel"] = True
    steps[7].update(parallel=True, probability="0.35")
    steps[5]["staff"] = [{"position": "TDU", "count": 2}]
    steps[8]["resources"] = [{"resource": "A4", "qty": 2.5}, {"resource": "FOLDER", "qty": 1}]
    procedure["versions"].append(to_be)
    path = tmp_path / "example.tramite.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


@pytest.fixture
def rounding() -> str:
    """The entity's rounding mode; tests that check both parametrize it."""
    return "sut"


@pytest.fixture
def db(sqlite_db: object, tmp_path: Path, rounding: str) -> Iterator[object]:
    with sqlite_db.session() as session, session.begin():  # type: ignore[attr-defined]
        import_package(session, example_package(tmp_path, rounding))
    yield sqlite_db


def export(db: object, path: Path, procedure: str | None = "PA-07",
           version: str | None = None) -> Path:
    with db.session() as session:  # type: ignore[attr-defined]
        export_steps(session, "060101", path, "xlsx", procedure=procedure, version=version)
    return path


def money(value: object) -> Decimal:
    assert isinstance(value, int | float), value
    return Decimal(repr(value)).quantize(Decimal("0.01"))


@pytest.mark.slow
@pytest.mark.parametrize("rounding", ["sut", "exact"])
def test_recalculated_costs_equal_the_app(db: object, tmp_path: Path, rounding: str) -> None:
    book = recalculated_values(export(db, tmp_path / "pa07.xlsx"), tmp_path / "lo")
    assert error_cells(book) == []
    summary = rows_by_key(book, "Summary")
    with db.session() as session:  # type: ignore[attr-defined]
        context = procedure_context(session, procedure_uuid(session, "060101", "PA-07"))
        measured = {v.name: context.measure(v).metrics for v in context.procedure.versions}
    for name, metrics in measured.items():
        row = summary[("PA-07", name)]
        shown = [money(value) for value in row[2:2 + len(COST_ELEMENTS)]]
        assert shown == [metrics.cost.element(e) for e in COST_ELEMENTS], name
        assert money(row[9]) == metrics.cost.unit_cost, name
        assert money(row[10]) == metrics.fee
        assert Decimal(repr(row[11])).quantize(Decimal("0.01")) == \
            metrics.fee_pct_uit.quantize(Decimal("0.01"))
        assert money(row[13]) == metrics.yearly.entity_cost
    actual = summary[("PA-07", "Actual")]
    if rounding == "sut":  # the worked example of DOMAIN §8
        assert [money(v) for v in actual[2:10]] == [
            Decimal(x) for x in ("31.90", "0.65", "10.00", "0.00", "0.00", "1.53", "1.84",
                                 "45.92")]
    else:  # exact: 32.8125, 1.5375 and 1.845 round half up; the unit cost from 46.845
        assert [money(v) for v in actual[2:10]] == [
            Decimal(x) for x in ("32.81", "0.65", "10.00", "0.00", "0.00", "1.54", "1.85",
                                 "46.85")]


@pytest.mark.slow
def test_comparison_sheet_recalculates(db: object, tmp_path: Path) -> None:
    book = recalculated_values(export(db, tmp_path / "cmp.xlsx", version="Propuesta"),
                               tmp_path / "lo")
    with db.session() as session:  # type: ignore[attr-defined]
        comparison = compare(session, version_uuid(session, "060101", "PA-07", "Actual"),
                             version_uuid(session, "060101", "PA-07", "Propuesta"))
    rows = {row[0]: row for row in book["Comparison"].iter_rows(min_row=4, values_only=True)}
    unit = rows["Unit cost"]
    assert money(unit[1]) == comparison.before.cost.unit_cost
    assert money(unit[2]) == comparison.after.cost.unit_cost
    assert money(unit[3]) == comparison.after.cost.unit_cost - comparison.before.cost.unit_cost
    lead = rows["Lead time (minutes)"]
    change = comparison.changes["lead_time_minutes"]
    assert Decimal(repr(lead[3])) == change.absolute
    assert Decimal(repr(lead[4])).quantize(Decimal("0.0001")) == \
        (change.percent / 100).quantize(Decimal("0.0001"))
    # A share changes in percentage points (its % of itself would read "+1,370 %").
    share = rows[figure_name("va_share")]
    points = comparison.changes["va_share"].absolute * 100
    assert Decimal(repr(share[3])).quantize(Decimal("0.01")) == points.quantize(Decimal("0.01"))
    assert share[4] == "—"


@pytest.mark.slow
def test_entity_workbook_has_the_inventory(db: object, tmp_path: Path) -> None:
    book = recalculated_values(export(db, tmp_path / "entity.xlsx", procedure=None),
                               tmp_path / "lo")
    assert error_cells(book) == []
    inventory = rows_by_key(book, "Inventory", 1)
    row = inventory[("PA-07",)]
    assert row[1] == "Certificado de posesión" and row[2] == "Actual"
    assert money(row[7]) == Decimal("45.90") and money(row[8]) == Decimal("45.92")
    assert row[9] == 1150 and row[10] == 3
    assert {"PA-07 Actual", "PA-07 Propuesta", "Masters", "Summary"} <= set(book.sheetnames)


@pytest.mark.slow
def test_text_that_looks_like_a_formula_stays_text(db: object, tmp_path: Path) -> None:
    path = export(db, tmp_path / "risky.xlsx")
    written = load_workbook(path)["ASME Propuesta"]
    cells = {cell.value: cell for row in written.iter_rows() for cell in row
             if cell.value in RISKY}
    assert set(cells) == set(RISKY)
    for cell in cells.values():
        assert cell.data_type == "s"
        assert cell.quotePrefix
    recalculated = recalculated_values(path, tmp_path / "lo")["ASME Propuesta"]
    shown = {cell.value for row in recalculated.iter_rows() for cell in row}
    assert set(RISKY) <= shown


def test_sheets_are_formatted_for_people(db: object, tmp_path: Path) -> None:
    book = load_workbook(export(db, tmp_path / "pa07.xlsx"))
    assert book.sheetnames[:2] == ["ASME Actual", "ASME Propuesta"]
    asme = book["ASME Actual"]
    assert asme.freeze_panes == "C6"
    assert asme["A5"].value == "No." and asme["A5"].font.b
    assert asme["F5"].value == "● Operation" and asme["I5"].value == "D Wait"
    assert asme.page_setup.orientation == "landscape"
    assert asme.print_title_rows == "$5:$5"
    assert asme.column_dimensions["B"].width == 40
    assert asme.row_dimensions[5].height == 45
    assert [asme.cell(6 + n, 1).value for n in range(9)] == list(range(1, 10))
    assert asme["G6"].value == "X"  # activity 1 is a revision
    footer = [row for row in asme.iter_rows(min_row=15, max_row=16, values_only=True)]
    assert footer[0][0] == "Total" and footer[0][5] == "=COUNTA(F6:F14)"
    assert footer[1][4] == "=SUMPRODUCT(E6:E14,N6:N14)"
    summary = book["Summary"]
    assert summary.freeze_panes == "C5"
    assert summary["J5"].number_format == '"S/ "#,##0.00'
    assert summary["J5"].value == "=SUM(C5:I5)"
    masters = book["Masters"]
    assert masters["G11"].value == "=TRUNC(ROUND(E11/F11,9),2)"
    assert masters["B5"].value == "=B3*B4*60"


@pytest.mark.slow
def test_asme_footer_recalculates(db: object, tmp_path: Path) -> None:
    book = recalculated_values(export(db, tmp_path / "pa07.xlsx"), tmp_path / "lo")
    sheet = book["ASME Propuesta"]
    rows = list(sheet.iter_rows(values_only=True))
    counts, minutes = rows[-2], rows[-1]
    with db.session() as session:  # type: ignore[attr-defined]
        context = procedure_context(session, procedure_uuid(session, "060101", "PA-07"))
        metrics = context.measure(context.procedure.version("Propuesta")).metrics
    assert Decimal(repr(minutes[4])) == metrics.total_minutes
    assert list(counts[5:10]) == list(metrics.by_type.values())
    assert list(counts[10:13]) == list(metrics.by_value.values())
    assert Decimal(repr(minutes[10])).quantize(Decimal("0.01")) == metrics.va_minutes


DEMO = EXAMPLE.parent.parent.parent / "resources" / "demo" / "cajamarca.tramite.json"


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["sut", "exact"])
def test_demo_municipality_recalculates_to_the_app(sqlite_db: object, tmp_path: Path,
                                                   mode: str) -> None:
    """Eight procedures using all seven cost elements, drivers over three units."""
    data = json.loads(DEMO.read_text("utf-8"))
    data["entities"] = [e for e in data["entities"] if e["ubigeo"] == "060101"]
    data["entities"][0]["settings"]["rounding"] = mode
    package = tmp_path / "demo.tramite.json"
    package.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with sqlite_db.session() as session, session.begin():  # type: ignore[attr-defined]
        import_package(session, package)
    book = recalculated_values(export(sqlite_db, tmp_path / "demo.xlsx", procedure=None),
                               tmp_path / "lo")
    assert error_cells(book) == []
    summary = rows_by_key(book, "Summary")
    with sqlite_db.session() as session:  # type: ignore[attr-defined]
        for procedure in data["entities"][0]["procedures"]:
            uuid = procedure_uuid(session, "060101", procedure["code"])
            context = procedure_context(session, uuid)
            version = context.procedure.as_is
            metrics = context.measure(version).metrics
            row = summary[(procedure["code"], version.name)]
            assert [money(v) for v in row[2:10]] == [
                *(metrics.cost.element(e) for e in COST_ELEMENTS), metrics.cost.unit_cost]
            assert all(metrics.cost.element(e) > 0 for e in COST_ELEMENTS[3:])


def edit_minutes(db: object, path: Path, version: str, number: int, minutes: int) -> Path:
    """Set the minutes of activity `number` of `version` in the workbook (the Actividades
    sheet, as a person would in LibreOffice) and in the database (as the app would)."""
    book = load_workbook(path)
    sheet = book["Activities"]
    (row,) = [r for r in sheet.iter_rows(min_row=4)
              if r[1].value == version and r[2].value == number]
    row[7].value = minutes
    edited = path.with_name("edited-" + path.name)
    book.save(edited)
    from sqlalchemy import select

    from models import tables as t

    with db.session() as session, session.begin():  # type: ignore[attr-defined]
        found = session.scalars(select(t.Version).where(t.Version.name == version)).one()
        ordered = sorted(found.activities, key=lambda a: a.position)
        ordered[number - 1].minutes = Decimal(minutes)
    return edited


@pytest.mark.slow
@pytest.mark.parametrize(("version", "number"), [("Actual", 2), ("Propuesta", 6)])
def test_an_edited_minute_recalculates_to_the_app(db: object, tmp_path: Path, version: str,
                                                  number: int) -> None:
    """Allocation minutes are formulas too: an as-is minute moves every rate, so the
    to-be's unit cost follows it to the cent, as in the app."""
    edited = edit_minutes(db, export(db, tmp_path / "pa07.xlsx"), version, number, 37)
    book = recalculated_values(edited, tmp_path / "lo")
    assert error_cells(book) == []
    summary = rows_by_key(book, "Summary")
    with db.session() as session:  # type: ignore[attr-defined]
        context = procedure_context(session, procedure_uuid(session, "060101", "PA-07"))
        for candidate in context.procedure.versions:
            metrics = context.measure(candidate).metrics
            row = summary[("PA-07", candidate.name)]
            assert [money(v) for v in row[2:10]] == [
                *(metrics.cost.element(e) for e in COST_ELEMENTS), metrics.cost.unit_cost], \
                candidate.name
def test_amount_columns_are_wide_enough_for_their_totals(db: object, tmp_path: Path) -> None:
    """A bold total of S/ 99,999.9999 in a 14-wide column showed ### in LibreOffice."""
    from procedures.exchange.cost_direct import DETAIL_FORMAT
    from procedures.exchange.xlsx_style import MONEY_FORMAT

    samples = {DETAIL_FORMAT: "S/ 99,999.9999", MONEY_FORMAT: "S/ 99,999.99"}
    book = load_workbook(export(db, tmp_path / "pa07.xlsx"))
    checked = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                sample = samples.get(cell.number_format)
                if sample is None or cell.value is None:
                    continue
                needed = len(sample) * (1.15 if cell.font.b else 1.0) + 1.5
                width = sheet.column_dimensions[cell.column_letter].width
                assert width >= needed, (sheet.title, cell.coordinate, width)
                checked += 1
    assert checked > 20
