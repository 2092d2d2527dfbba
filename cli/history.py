"""`history --entity UBIGEO [--procedure CODE] [--json]`: who changed what, when, old → new."""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from procedures.i18n import _
from procedures.services.history import Change

EXIT_OK = 0


def cmd_history(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from cli.database import open_for_cli
    from procedures.change_words import history_json
    from procedures.services.history import changes

    db = open_for_cli(args.db)
    try:
        with db.session() as session:
            found = changes(session, args.entity, args.procedure or "")
    finally:
        db.close()
    if args.json:
        json.dump(history_json(found), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(history_text(found))
    return EXIT_OK


def history_text(found: tuple[Change, ...]) -> str:
    """Two lines an entry: when, who and what; then the field with old → new."""
    from procedures.change_words import field_text, new_words, old_words, what_text

    if not found:
        return _("No change has been recorded.") + "\n"
    lines = []
    for change in found:
        place = " · ".join(p for p in (change.procedure, change.version, what_text(change)) if p)
        when = change.when.astimezone().strftime("%d/%m/%Y %H:%M")
        lines.append(f"{when}  {change.who or '—'}  {place}")
        if change.field:
            detail = (f"{field_text(change)}: {old_words(change) or '—'} → "
                      f"{new_words(change) or '—'}")
        else:  # an addition, a deletion, an import: its sentence says it
            detail = change.summary or field_text(change)
        lines.append(f"    {detail}")
    return "\n".join(lines) + "\n"
