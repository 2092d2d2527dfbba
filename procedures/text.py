"""Text compared the way people read it: without accents, case or extra spaces."""

from __future__ import annotations

import re
import unicodedata

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _unmarked(match: re.Match[str]) -> str:
    return "".join(ch for ch in match.group() if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """'Copia LEGALIZADA  del D.N.I.' -> 'copia legalizada del d.n.i.'; 'Posesión' ->
    'posesion'. For matching, never for showing: Unicode decomposition with every
    combining mark dropped (an ASCII character never is one, so only the non-ASCII
    stretches are looked at character by character)."""
    plain = unicodedata.normalize("NFKD", text)
    if not plain.isascii():
        plain = _NON_ASCII.sub(_unmarked, plain)
    return " ".join(plain.casefold().split())


def search_key(text: str) -> str:
    """`fold` for the navigator's search, where a region's 35,000 procedure names are
    folded at once: after decomposition everything not ASCII is dropped (accents, and
    also signs such as '°' or '—' nobody searches by), which costs a tenth of `fold`.
    Apply it to the query too."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(plain.encode("ascii", "ignore").decode("ascii").split())
