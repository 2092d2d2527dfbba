"""One translation mechanism for the interface, the reports and the command line.

Messages are written in English in the code and marked with `_()` (or `N_()` where the
text is only declared and translated later); gettext catalogues in
`resources/i18n/<lang>/LC_MESSAGES/tramite.po` are extracted and compiled with Babel
(`python -m procedures.i18n_tools`). Spanish is the default language.

The current language is a context variable, so a worker thread or a report can use
another language than the window (`with use_language("en"): ...`).
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from procedures.resources import resource_path

DOMAIN = "tramite"
LOCALE_DIR = resource_path("i18n")
LANGUAGES = ("es", "en")
#: Each language named in itself, as choosers show it.
LANGUAGE_NAMES = {"es": "Español", "en": "English"}
DEFAULT_LANGUAGE = "es"

_default_language = DEFAULT_LANGUAGE
_current: ContextVar[str | None] = ContextVar("tramite_language", default=None)


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of `lang` (English is the source language)."""
    if lang == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang])


def normalise_language(lang: str | None) -> str:
    code = (lang or DEFAULT_LANGUAGE).lower().replace("-", "_").split("_")[0]
    if code not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGUAGES)}")
    return code


def set_default_language(lang: str) -> None:
    """Set the process-wide language (the window's language, the CLI's --lang)."""
    global _default_language
    _default_language = normalise_language(lang)


def current_language() -> str:
    return _current.get() or _default_language


@contextmanager
def use_language(lang: str | None) -> Iterator[str]:
    """Translate in `lang` inside the block (this thread/context only)."""
    code = normalise_language(lang) if lang else current_language()
    token = _current.set(code)
    try:
        yield code
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """Translate `message` into the current language."""
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translations(current_language()).pgettext(context, message)


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it now."""
    return message
