"""Folding text for search and matching."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from procedures.text import fold, search_key


def _slow(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def test_spanish_words() -> None:
    assert fold("  Certificado de POSESIÓN\tñandú  ") == "certificado de posesion nandu"
    assert fold("Pingüino Ü") == "pinguino u"
    assert fold("e\u0301xito") == "exito"  # a separate combining accent
    assert fold("Straße") == "strasse"


@given(st.text())
def test_the_fast_path_folds_as_unicode_normalisation_does(text: str) -> None:
    assert fold(text) == _slow(text)


def test_search_keys_drop_what_is_not_ascii() -> None:
    assert search_key("Licencia N° 12 — Posesión  ÑAPA") == "licencia n 12 posesion napa"
    assert search_key("posesión") in search_key("Certificado de POSESION")


@given(st.text(alphabet=st.characters(max_codepoint=0x17F)))
def test_search_keys_equal_folds_on_latin_letters(text: str) -> None:
    """Spanish text (Latin-1 and Latin Extended-A) gives the same key either way,
    once the signs that have no letter in them (and non-ASCII spaces) are set aside."""
    letters = "".join(ch for ch in text
                      if fold(ch).isascii() and (ch.isascii() or not ch.isspace()))
    assert search_key(letters) == fold(letters)
