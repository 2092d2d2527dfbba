"""Requirements a municipality may not demand, recognised from their Spanish wording.

DOMAIN §2 lists them: documents the municipality issued or holds, information other
entities hold (RENIEC, SUNARP, SUNAT), copies of the DNI, certified or notarised copies,
police/criminal/judicial records, birth certificates, more than one copy, proof of
payments already made to the same entity. Requirements are free text typed by clerks,
so the patterns are matched on a folded form (no accents, lower case, single spaces).
A requirement that already is a *declaración jurada* is never flagged: it is what the law
asks for instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from procedures.i18n import N_, _
from procedures.rules.legal import legal_reference
from procedures.text import fold


class Remedy(StrEnum):
    """What the simplification does with a prohibited requirement."""

    DROP = "drop"
    SWORN_STATEMENT = "sworn_statement"
    SINGLE_COPY = "single_copy"


@dataclass(frozen=True, slots=True)
class ProhibitedRule:
    """One category of prohibited requirement; `reason` and `expectation` are msgids."""

    key: str
    pattern: re.Pattern[str]
    reason: str
    expectation: str
    remedy: Remedy
    law: str


def _rule(key: str, pattern: str, reason: str, expectation: str, remedy: Remedy, law: str):
    return ProhibitedRule(key, re.compile(pattern), reason, expectation, remedy, law)


# Order matters: the first match wins ("copia legalizada del DNI" is a DNI copy).
PROHIBITED_RULES: tuple[ProhibitedRule, ...] = (
    _rule(
        "issued_by_entity",
        r"\bno adeudo\b|\blicencia (municipal )?anterior\b"
        r"|\bcopia de la (licencia|autorizacion|resolucion) (de funcionamiento|de edificacion"
        r"|municipal|anterior)\b|\bresolucion (municipal )?anterior\b"
        r"|\b(emitid|expedid|otorgad)[oa]s? por (esta|la (propia )?)municipalidad\b",
        N_("the municipality issued this document itself or already holds it."),
        N_(
            "the municipality looks it up in its own records; the applicant may only be asked "
            "for its number or date."
        ),
        Remedy.DROP,
        "prohibited_documents",
    ),
    _rule(
        "payment_proof",
        r"\b(recibo|comprobante|constancia|boleta|ticket)s? de(l)? pago\b"
        r"|\bvouchers?\b|\bbouchers?\b",
        N_("it proves a payment already made to the same municipality."),
        N_("the applicant only states the receipt number and the date of payment."),
        Remedy.DROP,
        "prohibited_documents",
    ),
    _rule(
        "identity_copy",
        r"\b(copia|fotocopia|cop|fotoc)s?\b\.?.*?(\bdni\b|\bd\.\s?n\.\s?i\b"
        r"|\bdocumentos? (nacional(es)? )?de identidad\b|\bcarne(t|s|ts)? de extranjeria\b"
        r"|\bc\.\s?e\.?(?=[\s,;)]|$))",
        N_("identity is checked against RENIEC's records."),
        N_("the application only states the DNI number."),
        Remedy.DROP,
        "prohibited_documents",
    ),
    _rule(
        "records_certificate",
        r"\bantecedentes (policiales|penales|judiciales)\b|\bcertificados? de antecedentes\b",
        N_("police, criminal and judicial records are held by other public entities."),
        N_("a sworn statement is accepted and the municipality checks the records itself."),
        Remedy.SWORN_STATEMENT,
        "prohibited_documents",
    ),
    _rule(
        "birth_certificate",
        r"\b(partida|acta|certificado|cert\.|certif\.)s? de nacimiento\b",
        N_("birth records are held by RENIEC."),
        N_("the municipality obtains the information from RENIEC."),
        Remedy.DROP,
        "prohibited_documents",
    ),
    _rule(
        "registry_certificate",
        r"\bvigencias? de poder(es)?\b|\bcopias? literal(es)?\b"
        r"|\b(certificado|cert\.|certif\.)s? (literal|registral)(es)?\b"
        r"|\bpartidas? registral(es)?\b|\bsunarp\b",
        N_("registry information (powers of attorney, entries) is held by SUNARP."),
        N_(
            "a sworn statement with the registry entry number is accepted and the municipality "
            "checks SUNARP itself."
        ),
        Remedy.SWORN_STATEMENT,
        "prohibited_documents",
    ),
    _rule(
        "tax_record",
        r"\b(ficha|constancia|reporte|copia|consulta)\b(\s+\w+){0,4}\s+ruc\b|\bsunat\b",
        N_("taxpayer data is held by SUNAT."),
        N_("the application only states the RUC number."),
        Remedy.DROP,
        "prohibited_documents",
    ),
    _rule(
        "certified_copy",
        r"\b(legalizad|fedatead|autenticad)[oa]s?\b|\blegaliz\.|\bnotarial(es|mente)?\b"
        r"|\bcertificad[oa]s? (por|ante) notario\b|\bcopias? certificadas?\b"
        # An original where a simple copy must be accepted; showing one (exhibir) or
        # the entity's own form filled in is not demanding it.
        r"|^(?!.*\b(exhib|a la vista|mostrar|formulario|solicitud)).*\boriginal(es)?\b",
        N_("originals and certified, notarised or authenticated copies may not be "
           "demanded."),
        N_("a simple copy with a sworn statement of authenticity is accepted."),
        Remedy.SWORN_STATEMENT,
        "substitute_documents",
    ),
    _rule(
        "several_copies",
        r"\bmas de una copia\b|\b(dos|tres|cuatro|cinco|0?[2-9])\s+(copias|ejemplares|juegos)\b"
        r"|\(\s*0?[2-9]\s*\)\s*(copias|ejemplares|juegos)\b"
        r"|\bpor (duplicado|triplicado|cuadruplicado)\b",
        N_("more than one copy of the same document may not be demanded."),
        N_("a single copy is enough."),
        Remedy.SINGLE_COPY,
        "prohibited_documents",
    ),
)

_SWORN_STATEMENT = re.compile(r"^declaracion jurada\b")


@lru_cache(maxsize=8192)
def prohibited_rule(text: str) -> ProhibitedRule | None:
    """The category a requirement's wording falls in, or None when it may be demanded.

    Cached: a region repeats a few hundred wordings over 35,000 procedures."""
    folded = fold(text)
    if not folded or _SWORN_STATEMENT.match(folded):
        return None
    return next((rule for rule in PROHIBITED_RULES if rule.pattern.search(folded)), None)


def prohibited_reason(text: str) -> str | None:
    """Why a requirement may not be demanded and what the law expects, for inline flags.

    Translated into the current language; None when the wording looks lawful.
    """
    rule = prohibited_rule(text)
    if rule is None:
        return None
    return _("It may not be demanded: {reason} The law expects: {expectation} ({law})").format(
        reason=_(rule.reason), expectation=_(rule.expectation), law=legal_reference(rule.law)
    )
