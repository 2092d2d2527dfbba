"""Guía del trámite: real PDFs from the worked example and the demo, read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLE
from tests.procedures.test_reports_pdf import (
    DEMO,
    assert_sound,
    build,
    db_fixture,
    page_texts,
    pages,
    spanish_has,
    text,
)

example_db = db_fixture(EXAMPLE)
demo_db = db_fixture(DEMO)


def test_guide_of_the_worked_example_in_english(example_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "guide.pdf"
    message = build(example_db, out, "guide", procedure="PA-07", lang="en")
    assert str(out) in message and "1 page" in message
    body = text(out)
    assert "Certificado de posesión" in body
    assert "S/ 45.90" in body
    assert "15 business days" in body
    # 27 Nov 2026 + 15 business days (8 and 9 Dec are holidays) -> 22 Dec 2026.
    assert "22/12/2026" in body and "December 22, 2026" in body
    assert "Solicitud dirigida al alcalde" in body
    assert "Documento que acredite la posesión" in body
    assert "Trámite Documentario" in body  # where it is filed
    assert "Reconsideración" in body and "Apelación" in body
    assert "A copy of your DNI" in body  # what may not be asked for
    assert pages(out) == 1
    assert_sound(out, tmp_path)


def test_guide_of_a_demo_procedure(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "guide.pdf"
    build(demo_db, out, "guide", procedure="PA-01", lang="en")
    body = text(out)
    assert "Licencia de funcionamiento" in body
    assert "S/ 89.90" in body
    assert "4 business days" in body
    assert "03/12/2026" in body  # 27 Nov + 4 business days
    # The resident's own steps (citizen lane) in order, with the in-person mark.
    first = body.index("Pagar el derecho de trámite en Caja (in person)")
    assert first < body.index("Recoger la licencia de funcionamiento en Mesa de Partes")
    # Requirements flagged by the engine's prohibited check are explained.
    assert "Copia simple del DNI del solicitante" in body
    assert "the application only states the DNI number" in body
    assert "Jr. Cruz de Piedra" in body and "Lunes a viernes" in body
    assert "mesadepartes@municaj.gob.pe" in body
    assert 1 <= pages(out) <= 2
    raw = out.read_bytes()
    assert b"FormXob.tc_qr_" in raw, "the QR code form is missing"
    assert "gob.pe/municaj" in body
    assert_sound(out, tmp_path)


def test_guide_without_reference_url_has_no_qr(example_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "guide.pdf"
    build(example_db, out, "guide", procedure="PA-07", lang="en")
    assert b"FormXob.tc_qr_" not in out.read_bytes()


def test_large_print_is_bigger_and_may_take_more_pages(demo_db: Path, tmp_path: Path) -> None:
    normal = tmp_path / "normal.pdf"
    large = tmp_path / "large.pdf"
    build(demo_db, normal, "guide", procedure="PA-01", lang="en")
    build(demo_db, large, "guide", procedure="PA-01", lang="en", large_print=True)
    assert pages(large) > pages(normal)
    assert text(large).count("S/ 89.90") >= 1
    assert_sound(large, tmp_path)


def test_guide_in_spanish(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "guia.pdf"
    build(demo_db, out, "guide", procedure="PA-05", lang="es")
    body = text(out)
    assert "Certificado de numeración de predio" in body
    assert "S/ 35.00" in body
    assert "4 de diciembre de 2026" in body  # long dates follow the language already
    if not spanish_has("{n} business day"):
        pytest.skip("the Spanish catalogue does not translate the report strings yet")
    assert "5 días hábiles" in body
    assert all("business day" not in page for page in page_texts(out))
