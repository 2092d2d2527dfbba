"""Text compared the way people read it: without accents, case or extra spaces."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """'Copia LEGALIZADA  del D.N.I.' -> 'copia legalizada del d.n.i.'; 'Posesión' ->
    'posesion'. For searching and matching, never for showing."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())
