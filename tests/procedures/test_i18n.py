"""The Spanish catalogue: complete, compiled, and faithful to the English msgids.

Spanish is the default language of the window and the reports, so every message must
be translated, keep the placeholders the code fills in, the markup the reports render
and the menu accelerators; the compiled .mo must be the one the .po gives.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import cache

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from models.codes import ActivityType
from procedures.i18n import _, ngettext, translations, use_language
from procedures.rules.compliance import MESSAGES
from procedures.vocabulary import WORDS
from tools.i18n import compiled_bytes, mo_path, po_path
from tools.i18n import untranslated as untranslated_ids

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w-]*)[^<>]*?(/?)\s*>")
ENTITY = re.compile(r"&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")


@cache
def catalog() -> Catalog:
    with po_path("es").open("rb") as stream:
        return read_po(stream, locale="es")


def messages() -> list[Message]:
    return [message for message in catalog() if message.id]


def pairs() -> list[tuple[str, str, str]]:
    """(label, source, translation) for every form of every message.

    A plural entry pairs msgstr[0] with the msgid and every other form with the
    msgid_plural."""
    out = []
    for message in messages():
        if message.pluralizable:
            singular, plural = message.id[0], message.id[1]
            for index, text in enumerate(message.string):
                out.append((f"{singular!r}[{index}]", singular if index == 0 else plural, text))
        else:
            out.append((repr(message.id), message.id, message.string))
    return out


def tags(text: str) -> list[tuple[str, str]]:
    """The markup tags in order, as ("open" | "close" | "empty", name)."""
    found = []
    for closing, name, empty in TAG.findall(text):
        kind = "close" if closing else "empty" if empty or name.lower() == "br" else "open"
        found.append((kind, name.lower()))
    return found


def nested(found: list[tuple[str, str]]) -> bool:
    stack: list[str] = []
    for kind, name in found:
        if kind == "open":
            stack.append(name)
        elif kind == "close" and (not stack or stack.pop() != name):
            return False
    return not stack


def accelerators(text: str) -> int:
    """How many `&` mark a keyboard accelerator (not an HTML entity, not `&&`)."""
    bare = ENTITY.sub("", text).replace("&&", "")
    return len(re.findall(r"&(?=\S)", bare))


# -- loading and translating ----------------------------------------------------------


def test_the_spanish_catalogue_loads_through_procedures_i18n() -> None:
    spanish = translations("es")
    assert spanish.info().get("language") == "es"
    assert spanish.gettext("Warnings") == "Advertencias"


def test_spanish_translates_warnings_labels_and_report_titles() -> None:
    with use_language("es"):
        assert _("Technical sheet") == "Ficha técnica"
        assert _("Guide for residents") == "Guía para el ciudadano"
        assert _("Unit cost") == "Costo unitario"
        assert _(WORDS[ActivityType.REVISION]) == "Revisión"
        warning = _(next(iter(MESSAGES.values())))
        assert "derecho de tramitación" in warning and "{fee}" in warning
        assert ngettext("{n} business day", "{n} business days", 1).format(n=1) == "1 día hábil"
        assert ngettext("{n} business day", "{n} business days", 5).format(n=5) == \
            "5 días hábiles"
        assert _("Change {field} of activity {row}").format(field=_("minutes"), row=3) == \
            "Cambiar minutos de la actividad 3"


def test_english_returns_the_msgids() -> None:
    with use_language("en"):
        assert _("Technical sheet") == "Technical sheet"
        assert _(WORDS[ActivityType.REVISION]) == "Review"
        assert ngettext("{n} business day", "{n} business days", 5) == "{n} business days"
    with use_language("es"):
        assert _("Technical sheet") == "Ficha técnica"


# -- faithfulness of every entry ------------------------------------------------------


def test_no_entry_is_untranslated_or_fuzzy() -> None:
    assert not catalog().fuzzy, "the header is still marked fuzzy"
    assert untranslated_ids("es") == []
    for message in messages():
        strings = message.string if message.pluralizable else (message.string,)
        assert not message.fuzzy, message.id
        assert all(s.strip() for s in strings), message.id
        if message.pluralizable:
            assert len(strings) == catalog().num_plurals, message.id


def test_placeholders_are_the_same_in_msgid_and_msgstr() -> None:
    wrong = [label for label, source, text in pairs()
             if set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(text))]
    assert wrong == []


def test_markup_is_kept_and_balanced() -> None:
    wrong = []
    for label, source, text in pairs():
        want, got = tags(source), tags(text)
        same_tags = Counter(want) == Counter(got) and (nested(got) or not nested(want))
        same_entities = Counter(ENTITY.findall(source)) == Counter(ENTITY.findall(text))
        if not (same_tags and same_entities):
            wrong.append(label)
    assert wrong == []


def test_accelerators_spaces_and_line_breaks_are_kept() -> None:
    wrong = []
    for label, source, text in pairs():
        if accelerators(source) != accelerators(text):
            wrong.append(f"{label}: accelerator")
        if source[:1].isspace() != text[:1].isspace() or \
                source[-1:].isspace() != text[-1:].isspace():
            wrong.append(f"{label}: leading/trailing space")
        if source.count("\n") != text.count("\n") or source.count(";;") != text.count(";;"):
            wrong.append(f"{label}: line breaks or filter separators")
    assert wrong == []


def test_menu_accelerators_differ_within_the_menu_bar() -> None:
    bar = ["&File", "&Edit", "&Procedure", "&Municipality", "&Tools", "&Help"]
    with use_language("es"):
        keys = [re.search(r"&(\w)", _(title)).group(1).lower() for title in bar]  # type: ignore[union-attr]
    assert len(set(keys)) == len(keys), keys


def test_words_of_one_code_list_stay_distinct() -> None:
    """Cells are read back from these words (in either language): two codes of one
    list may not share a Spanish word."""
    by_kind: dict[type, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    with use_language("es"):
        for code, msgid in WORDS.items():
            by_kind[type(code)][_(msgid).casefold()].append(code.value)
    clashes = {kind.__name__: words for kind, words in by_kind.items()
               for word, codes in words.items() if len(codes) > 1}
    assert clashes == {}


# -- the compiled file ----------------------------------------------------------------


def test_the_mo_file_is_what_compiling_the_po_gives() -> None:
    assert mo_path("es").read_bytes() == compiled_bytes("es"), \
        "run `uv run python -m tools.i18n compile`"


def test_plural_forms_follow_the_header() -> None:
    spanish = translations("es")
    assert spanish.ngettext("{n} warning", "{n} warnings", 1) == "{n} advertencia"
    assert spanish.ngettext("{n} warning", "{n} warnings", 0) == "{n} advertencias"
    assert spanish.ngettext("{n} warning", "{n} warnings", 1_000_000) == "{n} advertencias"
