"""Open the database for a command: `--db` starts empty, the default one gets the demo."""

from __future__ import annotations

from models.db import Database, open_database
from procedures.errors import DomainError
from procedures.i18n import _


def open_for_cli(target: str | None) -> Database:
    try:
        db = open_database(target)
    except Exception as error:  # a wrong URL, an unreachable server, a non-database file
        raise DomainError(_("cannot open the database {target}: {error}").format(
            target=target or _("(default)"), error=_short(error))) from None
    if target is None and db.created:
        from procedures.demo.bootstrap import load_demo

        with db.session() as session, session.begin():
            load_demo(session)
    return db


def _short(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
