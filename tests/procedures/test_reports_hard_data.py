"""The printed reports on hard but realistic data, read back as a reviewer reads them.

A generated district with nine units with long names, a procedure of 60 activities
across every lane, 30 long requirements (many that the law forbids), a fee above
S/ 1,000, a one-day procedure and a proposal that costs the municipality more. Each
test checks one thing the page showed wrong: blank pages between flowchart parts, cut
lane names, words broken inside table cells, "1 business days".
"""

from __future__ import annotations

import json
import re
import subprocess
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest

from procedures.formatting import money, smart_number
from tests.procedures.test_reports_pdf import Word, build, make_db, page_texts, text, words

UBIGEO = "060419"
UNITS = [
    ("MP", "Mesa de Partes y Trámite Documentario"),
    ("SGDU", "Subgerencia de Desarrollo Urbano, Catastro y Habilitaciones Urbanas"),
    ("AL", "Oficina de Asesoría Jurídica y Asuntos Legales"),
    ("TES", "Tesorería"),
    ("ALC", "Alcaldía"),
    ("GM", "Gerencia Municipal"),
    ("DC", "Defensa Civil y Gestión del Riesgo de Desastres"),
    ("SG", "Secretaría General"),
    ("REN", "Rentas y Administración Tributaria"),
]
TYPES = [("operacion", "VA"), ("revision", "CONTROL"), ("traslado", "SVA"),
         ("espera", "SVA"), ("archivo", "SVA")]
BIG_FEE = "12345.60"


def _activity(index: int, lane: str | None) -> dict[str, object]:
    kind, value = TYPES[index % 5]
    if lane is None and kind == "espera":
        kind, value = "operacion", "VA"
    activity: dict[str, object] = {
        "description": f"Paso {index + 1}: revisar el expediente, ¿está completo? ¡Año, niño!",
        "type": kind, "value": value, "minutes": 960 if kind == "espera" else 15 + index % 4 * 10,
    }
    if lane is None:
        activity.update(citizen=True, in_person=True)
    else:
        activity["unit"] = lane
        if kind != "espera":
            activity["staff"] = [{"position": f"P{lane}", "count": 1}]
    if index % 11 == 5:
        activity["parallel"] = True
    if index % 13 == 7:
        activity["probability"] = "0.35"
    return activity


def _long_procedure() -> dict[str, object]:
    lanes = [code for code, _name in UNITS]
    activities = [_activity(i, None if i % 12 == 0 else lanes[(i // 2) % len(lanes)])
                  for i in range(60)]
    requirements = [{"name": f"Copia del DNI del solicitante n.º {i + 1}, autenticada por "
                             "fedatario de la municipalidad, con firma y huella digital, "
                             "¿y del cónyuge?", "kind": "general", "cost": "0"}
                    for i in range(30)]
    return {
        "code": "PA-01", "name": ("Licencia de edificación en la modalidad C con evaluación "
                                  "previa del proyecto por la Comisión Técnica, ¿con ampliación?"),
        "kind": "procedimiento", "calificacion": "previa_negativo", "plazo": 25,
        "plazo_unit": "habiles", "annual_demand": 36, "filed_at": "MP", "approved_by": "SGDU",
        "requirements": requirements,
        "versions": [{"name": "Actual", "kind": "as_is", "fee": BIG_FEE,
                      "activities": activities}],
    }


def _short_procedures() -> list[dict[str, object]]:
    current = [
        {"id": "00000000-0000-4000-8000-000000000001", "description": "Presentar solicitud",
         "citizen": True, "in_person": True, "type": "operacion", "value": "VA", "minutes": 10},
        {"id": "00000000-0000-4000-8000-000000000002", "description": "Revisar requisitos",
         "unit": "MP", "type": "revision", "value": "CONTROL", "minutes": 10,
         "staff": [{"position": "PMP", "count": 1}]},
    ]
    proposal = [{key: value for key, value in activity.items() if key != "id"}
                | {"based_on": activity["id"]} for activity in current]
    proposal.append({"description": "Inspección técnica adicional", "unit": "SGDU",
                     "type": "revision", "value": "CONTROL", "minutes": 90,
                     "action": "automatizar", "staff": [{"position": "PSGDU", "count": 2}]})
    return [{
        "code": "PA-03", "name": "Licencia de funcionamiento (¡riesgo medio!)",
        "kind": "procedimiento", "calificacion": "automatica", "plazo": 4,
        "plazo_unit": "habiles", "annual_demand": 150, "filed_at": "MP", "approved_by": "REN",
        "requirements": [{"name": "Solicitud simple", "kind": "general", "cost": "0"}],
        "versions": [
            {"name": "Actual", "kind": "as_is", "fee": "86.40", "activities": current},
            {"name": "Propuesta simplificada 2026", "kind": "to_be", "fee": "98.70",
             "based_on": "Actual", "activities": proposal}],
    }]


def package() -> dict[str, object]:
    return {"format": "tramite-claro-package", "version": 1, "entities": [{
        "ubigeo": UBIGEO, "name": "Municipalidad Distrital de Chalamarca", "kind": "district",
        "settings": {"year": 2026, "uit": "5500.00", "citizen_hour_value": "5.43",
                     "travel_minutes": 180, "travel_fare": "15.00"},
        "units": [{"code": code, "name": name, "other_tupa_minutes": 0} for code, name in UNITS],
        "positions": [{"code": f"P{code}", "name": f"Técnico de {name}", "unit": code,
                       "annual_cost": "30000.00"} for code, name in UNITS],
        "resources": [{"code": "LUZ", "name": "Energía eléctrica", "element": "costos_fijos",
                       "annual_cost": "9000.00", "driver": "m2",
                       "driver_values": {code: 20 for code, _name in UNITS},
                       "tupa_factor": {code: "0.50" for code, _name in UNITS}}],
        "procedures": [_long_procedure(), *_short_procedures()],
    }]}


@pytest.fixture(scope="module")
def hard_db(tmp_path_factory: pytest.TempPathFactory, _migrated_template: Path) -> Path:
    directory = tmp_path_factory.mktemp("hard")
    path = directory / "hard.tramite.json"
    path.write_text(json.dumps(package(), ensure_ascii=False), encoding="utf-8")
    return make_db(directory, _migrated_template, path)


def _raw_lines(path: Path) -> list[str]:
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return raw.splitlines()


@pytest.fixture(scope="module")
def long_sheet(hard_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sheet") / "sheet.pdf"
    build(hard_db, out, "sheet", UBIGEO, procedure="PA-01", lang="es")
    return out


def test_flowchart_parts_follow_each_other_without_blank_pages(long_sheet: Path) -> None:
    parts: dict[int, int] = {}
    for page, content in enumerate(page_texts(long_sheet), start=1):
        for match in re.finditer(r"\(parte (\d+) de (\d+)\)", content):
            parts[int(match.group(1))] = page
    assert len(parts) > 1
    numbers = sorted(parts)
    for before, after in pairwise(numbers):
        assert parts[after] - parts[before] <= 1, parts


def test_flowchart_lane_names_are_whole_and_inside_their_header(long_sheet: Path) -> None:
    pages = page_texts(long_sheet)
    first = next(number for number, content in enumerate(pages, start=1)
                 if "(parte 1 de" in content)
    parts = " ".join(content for content in pages if "(parte " in content)
    for _code, name in UNITS:  # ten lanes take two pages of whole lanes, never a cut name
        assert name in parts, name
    on_page = [word for word in words(long_sheet) if word.page == first]
    left = min(word.x0 for word in on_page if word.text == "Ciudadano")
    label_words = {part for _code, name in UNITS for part in name.split()}
    first_node = min(word.x0 for word in on_page if re.fullmatch(r"Paso", word.text))
    for word in on_page:
        if word.text in label_words and word.x0 < left + 5:  # a word of a lane header
            assert word.x1 < first_node and word.x1 - left <= 80, word


def test_asme_table_keeps_lane_and_total_minutes_whole(long_sheet: Path) -> None:
    activities = _long_procedure()["versions"][0]["activities"]  # type: ignore[index]
    total = sum(Decimal(str(a["minutes"])) * Decimal(str(a.get("probability", "1")))
                for a in activities)
    content = text(long_sheet)
    assert smart_number(total) in content
    assert not re.search(r"\bCiudada\b", content)


def test_one_business_day_is_singular(hard_db: Path, tmp_path: Path) -> None:
    for lang, expected, wrong in (("es", "1 día hábil", "1 días hábiles"),
                                  ("en", "1 business day", "1 business days")):
        out = tmp_path / f"sheet-{lang}.pdf"
        build(hard_db, out, "sheet", UBIGEO, procedure="PA-03", lang=lang)
        first = page_texts(out)[0]
        assert expected in first and wrong not in first


def test_large_print_guide_with_many_forbidden_requirements(hard_db: Path,
                                                            tmp_path: Path) -> None:
    """The box of forbidden requirements splits across pages and no page is left half empty."""
    out = tmp_path / "guide.pdf"
    build(hard_db, out, "guide", UBIGEO, procedure="PA-01", lang="es", large_print=True)
    content = text(out)
    for number in range(1, 31):  # named once: told not to bring it, never ticked
        assert content.count(f"Copia del DNI del solicitante n.º {number},") == 1, number
    assert "Los requisitos aún no figuran" not in content
    by_page: dict[int, list[float]] = {}
    height = 842.0
    for word in words(out):
        height = word.height
        if 90 < word.y1 < word.height - 70:  # between the running header and the footer
            by_page.setdefault(word.page, []).append(word.y1)
    last = max(by_page)
    for page, bottoms in by_page.items():
        if page != last:
            assert max(bottoms) > height * 0.7, (page, max(bottoms))


def test_tupa_fee_and_portfolio_amounts_are_not_broken(hard_db: Path, tmp_path: Path) -> None:
    tupa = tmp_path / "tupa.pdf"
    build(hard_db, tupa, "tupa", UBIGEO, lang="es")
    assert money(Decimal(BIG_FEE), symbol=False) in text(tupa)
    # Its share of the UIT (224.47 %) in the index's narrow "% UIT" column: one word.
    share = (Decimal(BIG_FEE) / Decimal("5500") * 100).quantize(Decimal("0.01"))
    assert str(share) in [w.text for w in words(tupa)]
    portfolio = tmp_path / "portfolio.pdf"
    build(hard_db, portfolio, "portfolio", UBIGEO[:4], lang="es")
    lines = _raw_lines(portfolio)
    assert not [line for line in lines if line.rstrip().endswith("S/")]
    content = text(portfolio)
    assert "1 municipalidad · 2 procedimientos" in content
    assert "Procedimientos" in content.split()


def test_comparison_names_versions_whole_and_signs_a_loss(hard_db: Path,
                                                          tmp_path: Path) -> None:
    out = tmp_path / "comparison.pdf"
    build(hard_db, out, "comparison", UBIGEO, procedure="PA-03",
          version="Propuesta simplificada 2026", lang="es")
    first = page_texts(out)[0]
    assert "S/ -" not in first
    assert re.search(r"−S/ [\d,]+\.\d\d", first)
    for word in first.split():
        stem = word.rstrip("…")
        assert stem == word or len(stem) >= 4, word  # cut names end in an ellipsis
    assert not re.search(r"\bsimpli\b", first)


def test_improvements_name_the_version_whole(hard_db: Path, tmp_path: Path) -> None:
    """The version's name wraps in its own column; it was cut to "Propuesta " (10 chars)."""
    out = tmp_path / "comparison.pdf"
    build(hard_db, out, "comparison", UBIGEO, procedure="PA-03",
          version="Propuesta simplificada 2026", lang="es")
    page = next(number for number, content in enumerate(page_texts(out), start=1)
                if "Mejoras aplicadas" in content)
    on_page = [word for word in words(out) if word.page == page]
    heading = next(word for word in on_page if word.text == "Mejoras")
    step = next(word for word in on_page if word.text == "Inspección" and word.y0 > heading.y1)
    assert "Automatizar" in {word.text for word in on_page}
    before_step = {word.text for word in on_page
                   if word.x1 <= step.x0 and step.y0 - 1 <= word.y0 < step.y0 + 40}
    assert {"Propuesta", "simplificada", "2026", "3"} <= before_step, before_step
    assert heading.page == step.page  # the heading does not end a page alone


def test_allocated_costs_continue_aligned_and_titled(long_sheet: Path) -> None:
    """Split by columns, the allocated costs' second part says it continues the first and
    starts at the same left edge (it was centred and untitled)."""
    pages = page_texts(long_sheet)
    assert any("Costos asignados (elementos 4 a 7) (continuación)" in page for page in pages)
    resources = [word for word in words(long_sheet) if word.text == "Recurso"]
    assert len(resources) >= 2
    assert max(word.x0 for word in resources) - min(word.x0 for word in resources) < 1


def test_hours_lost_carry_the_same_minus_as_money(hard_db: Path, tmp_path: Path) -> None:
    """The proposal adds 2 × 90 staff minutes for 150 cases: 450 staff person-hours are
    lost a year, written "−450.0" (as the yearly figure in the table) like "−S/ 5,838.00"
    beside it (it printed "-450")."""
    out = tmp_path / "comparison.pdf"
    build(hard_db, out, "comparison", UBIGEO, procedure="PA-03",
          version="Propuesta simplificada 2026", lang="es")
    first = page_texts(out)[0]
    assert "−450.0" in first.split()
    assert not re.search(r"(?<![\w/])-\d", first)


def _resident_package(extra_requirements: int) -> dict[str, object]:
    """A district with its contacts and a short service, as SE-02 of the review: the
    guide fills one page all but its contacts; each extra requirement adds a line."""
    steps = [("Recibir el expediente, verificar que esté completo y foliado, y registrar en el "
              "sistema de trámite documentario con número correlativo (paso 1, año, niño)", None),
             ("Revisar los requisitos", "MP"), ("Emitir la constancia", "SGDU"),
             ("Firmar la constancia", "ALC"), ("Archivar copia", "MP")]
    activities = [{"description": text, "type": "operacion", "value": "VA", "minutes": 10}
                  | ({"citizen": True, "in_person": True} if unit is None else {"unit": unit})
                  for text, unit in steps]
    requirements = [{"name": "Solicitud simple dirigida al alcalde, ¿con firma?",
                     "kind": "general", "cost": "0"},
                    {"name": "Declaración jurada de posesión pacífica", "kind": "general",
                     "cost": "0"}]
    requirements += [{"name": f"Constancia del teniente gobernador n.º {n + 1}",
                      "kind": "general", "cost": "0"} for n in range(extra_requirements)]
    entity = package()["entities"][0]  # type: ignore[index]
    return {"format": "tramite-claro-package", "version": 1, "entities": [entity | {
        "address": "Jr. Túpac Amaru s/n, Plaza de Armas, Chalamarca — Chota, Cajamarca",
        "office_hours": ("Lunes a viernes de 8:00 a 13:00 y de 14:30 a 17:30; sábados "
                         "(¡solo mesa de partes!) de 9:00 a 12:00"),
        "phone": "076-555-0101", "email": "mesadepartes@munichalamarca.gob.pe",
        "website": "https://www.munichalamarca.gob.pe",
        "procedures": [{
            "code": "SE-02", "kind": "servicio", "calificacion": "automatica", "plazo": 1,
            "name": ("Constancia de posesión para fines de electrificación rural "
                     "(niños y señoras)"),
            "plazo_unit": "habiles", "annual_demand": 480, "filed_at": "MP",
            "approved_by": "SGDU", "requirements": requirements,
            "versions": [{"name": "Actual", "kind": "as_is", "fee": "0.00",
                          "activities": activities}]}]}]}


def _body_fill(path: Path, page: int) -> float:
    """How far down the page's body frame its words reach (0 top, 1 bottom)."""
    from procedures.reports.styles import FOOTER_HEIGHT, HEADER_HEIGHT, MARGIN

    on_page = [word for word in words(path) if word.page == page]
    top = MARGIN + HEADER_HEIGHT
    bottom = on_page[0].height - MARGIN - FOOTER_HEIGHT
    lowest = max(word.y1 for word in on_page if top < word.y0 and word.y1 < bottom + 2)
    return (lowest - top) / (bottom - top)


@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize("extra", range(0, 8))
def test_guide_never_ends_with_a_few_lines(extra: int, large_print: bool, tmp_path: Path,
                                           _migrated_template: Path) -> None:
    """A guide that almost fits a page stays on one; else its last page is not a stub
    (SE-02 printed a second page with only its three contact rows)."""
    path = tmp_path / "resident.tramite.json"
    path.write_text(json.dumps(_resident_package(extra), ensure_ascii=False), encoding="utf-8")
    db = make_db(tmp_path, _migrated_template, path)
    out = tmp_path / "guide.pdf"
    build(db, out, "guide", UBIGEO, procedure="SE-02", lang="es", large_print=large_print)
    count = len(page_texts(out))
    if extra == 0 and not large_print:
        assert count == 1
    if count > 1:
        assert _body_fill(out, count) > 0.2, (count, _body_fill(out, count))


def _flowchart_words(sheet: Path) -> list[list[Word]]:
    """The words of each flowchart page of `sheet`."""
    numbers = {number for number, content in enumerate(page_texts(sheet), start=1)
               if re.search(r"\(parte \d+ de \d+\)", content)}
    by_page: dict[int, list[Word]] = {number: [] for number in sorted(numbers)}
    for word in words(sheet):
        if word.page in by_page:
            by_page[word.page].append(word)
    return list(by_page.values())


def test_flowchart_shares_stay_clear_of_the_next_box(long_sheet: Path) -> None:
    """"35 %" ended under the box it leads to; it now ends before the box's left edge
    (the box number sits 6 points plus its symbol right of that edge)."""
    checked = 0
    for on_page in _flowchart_words(long_sheet):
        for label, sign in pairwise(on_page):
            if sign.text != "%" or not label.text.isdigit():
                continue
            middle = (sign.y0 + sign.y1) / 2
            numbers = [word for word in on_page if word.text.isdigit() and word is not label
                       and word.x0 > label.x0 and abs((word.y0 + word.y1) / 2 - middle) < 12]
            if numbers:
                box_number = min(numbers, key=lambda word: word.x0)
                assert sign.x1 <= box_number.x0 - 9, (label, box_number)
                checked += 1
    assert checked


def test_small_flowchart_boxes_show_two_lines(long_sheet: Path) -> None:
    """Ten lanes make the diagram small; its boxes showed one line ("Paso 1: revisar…")."""
    steps = 0
    for on_page in _flowchart_words(long_sheet):
        for step in (word for word in on_page if word.text == "Paso"):
            steps += 1
            below = [word for word in on_page if word.y0 > step.y1 - 1
                     and word.y0 < step.y1 + 8 and step.x0 - 25 < word.x0 < step.x0 + 30
                     and not re.fullmatch(r"[\d.,]+|min|h", word.text)]
            assert below, step
    assert steps >= 10, "the flowchart's boxes were not found"
