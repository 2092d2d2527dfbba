"""Legal checks (DESIGN §4 warning codes) and prohibited requirements (DOMAIN §2)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from models.codes import Calificacion, PlazoUnit
from procedures.metrics import compute_metrics
from procedures.rules.compliance import WarningCode, check_version, term_in_business_days
from procedures.rules.legal import LEGAL_REFERENCES, legal_reference
from procedures.rules.prohibited import prohibited_reason, prohibited_rule
from procedures.snapshots import ReferenceValues, Requirement
from tests.procedures.builders import (
    D,
    act,
    citizen,
    english_messages,
    measure,
    procedure,
    rates_of,
    version,
    worked_example,
)

_english = english_messages()


def _codes(warnings) -> list[str]:
    return [str(w.code) for w in warnings]


def test_worked_example_has_no_warnings() -> None:
    assert measure(*worked_example()).warnings == ()


def test_fee_above_cost_says_what_the_law_expects() -> None:
    ent, proc, v = worked_example()
    metrics = measure(ent, proc, replace(v, fee=D("50.00")))
    [warning] = metrics.warnings
    assert warning.code is WarningCode.FEE_ABOVE_COST and warning.activity is None
    assert "S/ 50.00" in warning.message and "S/ 45.92" in warning.message
    assert "Límites a los derechos de tramitación" in warning.message
    assert warning.to_json() == {"code": "fee_above_cost", "message": warning.message}


def test_fee_above_one_uit_needs_mef_authorisation() -> None:
    found = check_version(
        procedure(demand=0), version(), unit_cost=D(9000), business_days=0, uit=D(5500)
    )
    assert _codes(found) == ["missing_demand"]
    v = version(fee="6000.00")
    found = check_version(procedure(demand=5), v, unit_cost=D(9000), business_days=0, uit=D(5500))
    assert _codes(found) == ["fee_above_uit"]
    assert "MEF" in found[0].message and "S/ 5,500.00" in found[0].message
    assert check_version(procedure(demand=5), v, unit_cost=D(9000), business_days=0, uit=None) == ()


def test_uit_from_settings_or_from_the_reference_of_the_same_year() -> None:
    ent, proc, v = worked_example()
    rates = rates_of(ent)
    assert compute_metrics(ent, proc, v, rates).fee_pct_uit == D("45.90") * 100 / 5500
    no_uit = replace(ent, settings=replace(ent.settings, uit=None))
    assert compute_metrics(no_uit, proc, v, rates).to_json()["fee_pct_uit"] is None
    ref_2026 = ReferenceValues(2026, D(5500), D(1130))
    ref_2025 = ReferenceValues(2025, D(5350), D(1130))
    assert compute_metrics(no_uit, proc, v, rates, ref_2026).to_json()["fee_pct_uit"] == 0.83
    assert compute_metrics(no_uit, proc, v, rates, ref_2025).fee_pct_uit is None


@pytest.mark.parametrize(
    ("plazo", "unit", "expected"),
    [
        (2, PlazoUnit.HABILES, ["over_legal_term"]),
        (3, PlazoUnit.HABILES, []),
        (2, PlazoUnit.CALENDARIO, []),  # only días hábiles are compared with business days
        (None, PlazoUnit.HABILES, []),
    ],
)
def test_over_legal_term(plazo: int | None, unit: PlazoUnit, expected: list[str]) -> None:
    ent, proc, v = worked_example()  # 3 business days
    warnings = measure(ent, replace(proc, plazo=plazo, plazo_unit=unit), v).warnings
    assert _codes(warnings) == expected
    if expected:
        assert "3 business days" in warnings[0].message and "2 business days" in warnings[0].message


def test_version_plazo_overrides_the_procedure() -> None:
    ent, proc, v = worked_example()
    assert _codes(measure(ent, proc, replace(v, plazo=1)).warnings) == ["over_legal_term"]


@pytest.mark.parametrize(
    ("calificacion", "plazo", "unit", "warned"),
    [
        (Calificacion.PREVIA_POSITIVO, 31, PlazoUnit.HABILES, True),
        (Calificacion.PREVIA_NEGATIVO, 30, PlazoUnit.HABILES, False),
        (Calificacion.AUTOMATICA, 45, PlazoUnit.HABILES, False),
        (Calificacion.PREVIA_POSITIVO, 45, PlazoUnit.CALENDARIO, True),  # ≈ 32 días hábiles
        (Calificacion.PREVIA_POSITIVO, 42, PlazoUnit.CALENDARIO, False),  # = 30 días hábiles
        (Calificacion.PREVIA_NEGATIVO, 2, PlazoUnit.MESES, True),
        (Calificacion.PREVIA_POSITIVO, 1, PlazoUnit.MESES, False),
    ],
)
def test_term_above_legal_max(
    calificacion: Calificacion, plazo: int, unit: PlazoUnit, warned: bool
) -> None:
    proc = procedure(demand=1, calificacion=calificacion, plazo=plazo, plazo_unit=unit)
    found = check_version(proc, version(), unit_cost=D(0), business_days=0, uit=None)
    assert _codes(found) == (["term_above_legal_max"] if warned else [])
    if warned:
        assert "30 business days" in found[0].message
        assert (
            "Plazo máximo del procedimiento administrativo de evaluación previa" in found[0].message
        )


def test_term_conversion_to_business_days() -> None:
    assert term_in_business_days(30, PlazoUnit.HABILES) == 30
    assert term_in_business_days(42, PlazoUnit.CALENDARIO) == 30
    assert term_in_business_days(2, PlazoUnit.MESES) == 42


def test_missing_minutes_and_missing_staff_name_the_row() -> None:
    v = version(
        citizen("Presentar", 0),  # row 1: citizen without minutes, no staff needed
        act("Recibir", "TD", minutes=0, staff=(("TMP", 1),)),  # row 2: no minutes
        act("Espera", "DU", "espera", "SVA", 0),  # row 3: waits need neither
        act("Revisar", "DU", minutes=10),  # row 4: no staff
    )
    ent, proc, _ = worked_example()
    warnings = measure(ent, proc, v).warnings
    assert [(str(w.code), w.activity) for w in warnings] == [
        ("missing_minutes", 1),
        ("missing_minutes", 2),
        ("missing_staff", 4),
    ]
    assert warnings[2].to_json()["activity"] == 4
    assert "Activity 4 (Revisar) in unit DU has no staff" in warnings[2].message


def test_one_warning_per_prohibited_requirement_of_the_version() -> None:
    ent, proc, v = worked_example()
    requirements = (
        Requirement("Solicitud dirigida al alcalde"),
        Requirement("Copia del DNI"),
        Requirement("Certificado de antecedentes policiales", cost=D("50.00")),
    )
    warnings = measure(ent, proc, replace(v, requirements=requirements)).warnings
    assert _codes(warnings) == ["prohibited_requirement", "prohibited_requirement"]
    assert "“Copia del DNI”" in warnings[0].message and "RENIEC" in warnings[0].message
    assert "Documentación prohibida de solicitar" in warnings[1].message
    # The procedure's own requirements are lawful: the version above overrode them.
    assert measure(ent, proc, v).warnings == ()


def test_missing_demand() -> None:
    ent, proc, v = worked_example()
    warnings = measure(ent, replace(proc, annual_demand=0), v).warnings
    assert _codes(warnings) == ["missing_demand"]
    assert "cases per year" in warnings[0].message


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Copia del DNI del solicitante", "identity_copy"),
        ("COPIA DEL D.N.I.", "identity_copy"),
        ("Fotocopia simple del Documento Nacional de Identidad", "identity_copy"),
        ("Copia legalizada del DNI", "identity_copy"),
        ("COPIA LEGALIZADA del título de propiedad", "certified_copy"),
        ("Copia fedateada del contrato", "certified_copy"),
        ("Copia notarial de la minuta", "certified_copy"),
        ("Certificado de Antecedentes Policiales", "records_certificate"),
        ("Certificado de antecedentes penales y judiciales", "records_certificate"),
        ("Partida de nacimiento del menor", "birth_certificate"),
        ("Vigencia de poder del representante legal", "registry_certificate"),
        ("Copia literal de dominio expedida por SUNARP", "registry_certificate"),
        ("Ficha RUC", "tax_record"),
        ("Constancia de inscripción en el RUC", "tax_record"),
        ("Constancia de no adeudo municipal", "issued_by_entity"),
        ("Copia de la licencia anterior", "issued_by_entity"),
        ("Copia de la licencia de funcionamiento", "issued_by_entity"),
        ("Recibo de pago del derecho de trámite", "payment_proof"),
        ("Voucher de pago", "payment_proof"),
        ("Dos copias del plano de ubicación", "several_copies"),
        ("Plano de ubicación por duplicado", "several_copies"),
        ("Más de una copia del contrato", "several_copies"),
        ("Memoria descriptiva (3) ejemplares", "several_copies"),
        ("Solicitud dirigida al alcalde", None),
        ("Documento que acredite la posesión", None),
        ("Número de RUC", None),
        ("Indicar el número de DNI", None),
        ("Copia simple del plano", None),
        ("Pago del derecho de trámite", None),
        ("Declaración jurada de no tener antecedentes penales", None),
        ("", None),
        # Real wordings: plurals, originals, abbreviations (issue #12).
        ("Partidas de nacimiento originales", "birth_certificate"),
        ("Actas de nacimiento de los hijos", "birth_certificate"),
        ("Cert. de nacimiento", "birth_certificate"),
        ("Copias del DNI de los propietarios", "identity_copy"),
        ("Fotocopias de los DNI", "identity_copy"),
        ("Copia del carnet de extranjería", "identity_copy"),
        ("Copia del C.E. del representante", "identity_copy"),
        ("Cop. DNI", "identity_copy"),
        ("Copias legalizadas del título", "certified_copy"),
        ("Copias fedateadas de los planos", "certified_copy"),
        ("Copia certificada notarialmente del poder", "certified_copy"),
        ("Copia legaliz. del contrato", "certified_copy"),
        ("Original del certificado de compatibilidad de uso", "certified_copy"),
        ("Contrato de alquiler original", "certified_copy"),
        ("Documentos originales que acrediten la propiedad", "certified_copy"),
        ("Certificados de antecedentes policiales", "records_certificate"),
        ("Certif. de antecedentes penales", "records_certificate"),
        ("Vigencias de poder de los representantes", "registry_certificate"),
        ("Copias literales de las partidas", "registry_certificate"),
        ("Recibos de pago de los arbitrios", "payment_proof"),
        ("Comprobantes de pago del impuesto predial", "payment_proof"),
        ("02 copias del plano", "several_copies"),
        ("Plano de ubicación (02) juegos", "several_copies"),
        # Lawful wordings that look alike.
        ("Exhibir el DNI original", None),
        ("Formulario original de solicitud", None),
        ("Copia simple del documento que acredite la posesión, con declaración jurada de "
         "autenticidad", None),
        ("Declaración jurada de vigencia de poder", None),
        ("Plano de ubicación firmado por ingeniero colegiado", None),
        ("Carta poder simple", None),
    ],
)
def test_prohibited_wording_is_recognised(text: str, rule: str | None) -> None:
    found = prohibited_rule(text)
    assert (found.key if found else None) == rule
    assert (prohibited_reason(text) is None) is (rule is None)


def test_every_prohibited_rule_names_its_legal_basis() -> None:
    from procedures.rules.prohibited import PROHIBITED_RULES

    for rule in PROHIBITED_RULES:
        reference = legal_reference(rule.law)
        assert reference.norm == "TUO de la Ley 27444" and reference.title, rule.key


def test_prohibited_reason_says_why_and_cites_the_norm() -> None:
    reason = prohibited_reason("Copia legalizada del título")
    assert reason is not None
    assert "simple copy with a sworn statement" in reason
    assert str(legal_reference("substitute_documents")) in reason


def test_legal_references_are_norm_and_title_never_bare_numbers() -> None:
    assert str(legal_reference("prohibited_documents")) == (
        "TUO de la Ley 27444, artículo «Documentación prohibida de solicitar»"
    )
    for reference in LEGAL_REFERENCES.values():
        assert reference.title and not re.search(r"\d", reference.title)
        assert not re.search(r"\bart(ículo|\.)\s*\d", str(reference))
