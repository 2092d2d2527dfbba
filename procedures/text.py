"""Text compared the way people read it: without accents, case or extra spaces."""

from __future__ import annotations

import re
import unicodedata

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
#: A text beginning with one of these is a formula to a spreadsheet ("=HYPERLINK(…)").
FORMULA_PREFIXES = ("=", "+", "-", "@")


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


def is_risky(value: str) -> bool:
    """Whether a spreadsheet would take `value` for a formula (formula injection)."""
    return value.startswith(FORMULA_PREFIXES)


def escape_for_spreadsheet(value: str) -> str:
    """`value` as typed text for a spreadsheet: an apostrophe before a formula-like
    text, which Excel and LibreOffice read as "this is text" (the same escaping as the
    quote prefix of our .xlsx cells)."""
    return "'" + value if is_risky(value) else value


def unescape_from_spreadsheet(value: str) -> str:
    """The inverse of `escape_for_spreadsheet` (a pasted "'=x" is the text "=x")."""
    return value[1:] if value.startswith("'") and is_risky(value[1:]) else value
