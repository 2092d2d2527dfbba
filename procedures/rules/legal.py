"""Legal references as data: norm + article title, never a bare article number.

The TUO of Ley 27444 has been renumbered several times (DOMAIN, preamble), so a message
names the article by its title. Titles are kept in Spanish, as they are cited in Peru.
Edit this table, not the messages, when a norm changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

TUO_27444 = "TUO de la Ley 27444"
MCD = "D.S. 064-2010-PCM"
MSA = "D.S. 007-2011-PCM"


@dataclass(frozen=True, slots=True)
class LegalReference:
    """One citation; `part` says what `title` names (artículo, principio, anexo)."""

    norm: str
    title: str
    part: str = "artículo"

    def __str__(self) -> str:
        if not self.part:  # a whole norm: "D. Leg. 1256, Ley de …"
            return f"{self.norm}, {self.title}"
        return f"{self.norm}, {self.part} «{self.title}»"


LEGAL_REFERENCES: MappingProxyType[str, LegalReference] = MappingProxyType(
    {
        "prohibited_documents": LegalReference(TUO_27444, "Documentación prohibida de solicitar"),
        "substitute_documents": LegalReference(
            TUO_27444, "Presentación de documentos sucedáneos de los originales"
        ),
        "fee": LegalReference(TUO_27444, "Derecho de tramitación"),
        "fee_limits": LegalReference(TUO_27444, "Límites a los derechos de tramitación"),
        "costing": LegalReference(
            MCD,
            "Metodología de Determinación de Costos de los Procedimientos Administrativos",
            "anexo",
        ),
        "simplification": LegalReference(
            MSA, "Metodología de Simplificación Administrativa", "anexo"
        ),
        "term_binding": LegalReference(TUO_27444, "Obligatoriedad de plazos y términos"),
        "max_term": LegalReference(
            TUO_27444, "Plazo máximo del procedimiento administrativo de evaluación previa"
        ),
        "automatic_approval": LegalReference(TUO_27444, "Procedimiento de aprobación automática"),
        "ex_post_control": LegalReference(
            TUO_27444, "Privilegio de controles posteriores", "principio"
        ),
        # Where a resident turns when asked for what the law forbids: a complaint to the
        # entity itself, and Indecopi, which removes bureaucratic barriers.
        "complaint": LegalReference(TUO_27444, "Queja por defectos de tramitación"),
        "barriers": LegalReference(
            "D. Leg. 1256", "Ley de Prevención y Eliminación de Barreras Burocráticas", ""
        ),
        "simplicity": LegalReference(TUO_27444, "Simplicidad", "principio"),
        "speed": LegalReference(TUO_27444, "Celeridad", "principio"),
    }
)


def legal_reference(key: str) -> LegalReference:
    return LEGAL_REFERENCES[key]
