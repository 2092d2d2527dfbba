"""Extract, update and compile the gettext catalogues with Babel.

    uv run python -m tools.i18n extract   # scan the code into resources/i18n/tramite.pot
    uv run python -m tools.i18n update    # merge the template into each language's .po
    uv run python -m tools.i18n compile   # .po -> .mo (the files the program loads)
    uv run python -m tools.i18n all       # the three in order
    uv run python -m tools.i18n check     # exit 1 if a message is untranslated or a .mo is stale
    uv run python -m tools.i18n set es FILE.json   # fill msgstr from {"msgid": "msgstr"}
"""

from __future__ import annotations

import json
import sys
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from procedures.resources import resource_path

ROOT = Path(__file__).resolve().parent.parent
I18N = resource_path("i18n")
TEMPLATE = I18N / "tramite.pot"
SOURCES = ("procedures", "ui", "cli")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "tr": None}
TRANSLATED = ("es",)


def po_path(lang: str) -> Path:
    return I18N / lang / "LC_MESSAGES" / "tramite.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


def extract() -> Catalog:
    catalog = Catalog(project="Trámite Claro", charset="utf-8")
    for folder in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",),
        ):
            catalog.add(message, None, [(f"{folder}/{filename}", lineno)],
                        auto_comments=comments, context=context)
    I18N.mkdir(parents=True, exist_ok=True)
    with TEMPLATE.open("wb") as stream:
        write_po(stream, catalog, width=100, omit_header=False, sort_output=True)
    return catalog


def update() -> None:
    with TEMPLATE.open("rb") as stream:
        template = read_po(stream)
    for lang in TRANSLATED:
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as stream:
                catalog = read_po(stream, locale=lang)
        else:
            catalog = Catalog(locale=lang, project="Trámite Claro", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        with path.open("wb") as stream:
            write_po(stream, catalog, width=100, sort_output=True, ignore_obsolete=True)


def compiled_bytes(lang: str) -> bytes:
    with po_path(lang).open("rb") as stream:
        catalog = read_po(stream, locale=lang)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> None:
    for lang in TRANSLATED:
        mo_path(lang).write_bytes(compiled_bytes(lang))


def untranslated(lang: str) -> list[str]:
    with po_path(lang).open("rb") as stream:
        catalog = read_po(stream, locale=lang)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def check() -> int:
    status = 0
    template = extract()
    for lang in TRANSLATED:
        with po_path(lang).open("rb") as stream:
            catalog = read_po(stream, locale=lang)
        absent = [m.id for m in template if m.id and m.id not in catalog]
        for message_id in absent:
            print(f"{lang}: not in the catalogue: {message_id!r}")
        for message_id in untranslated(lang):
            print(f"{lang}: untranslated: {message_id!r}")
        if absent or untranslated(lang):
            status = 1
        if not mo_path(lang).exists() or mo_path(lang).read_bytes() != compiled_bytes(lang):
            print(f"{lang}: {mo_path(lang)} is stale; run `python -m tools.i18n compile`")
            status = 1
    return status


def set_translations(lang: str, mapping: dict[str, str]) -> list[str]:
    """Fill the msgstr of the given msgids; returns the msgids not in the catalogue."""
    path = po_path(lang)
    with path.open("rb") as stream:
        catalog = read_po(stream, locale=lang)
    unknown = []
    for message_id, text in mapping.items():
        message = catalog.get(message_id)
        if message is None:
            unknown.append(message_id)
            continue
        message.string = text
        message.flags.discard("fuzzy")
    with path.open("wb") as stream:
        write_po(stream, catalog, width=100, sort_output=True, ignore_obsolete=True)
    return unknown


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "all"
    if command == "extract":
        extract()
    elif command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "all":
        extract()
        update()
        compile_all()
    elif command == "check":
        return check()
    elif command == "set" and len(argv) == 3:
        mapping = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        for message_id in set_translations(argv[1], mapping):
            print(f"not in the catalogue: {message_id!r}")
        compile_all()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
