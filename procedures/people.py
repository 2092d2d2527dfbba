"""Who is working: the name a personal database records its changes under."""

from __future__ import annotations

import getpass


def login_name() -> str:
    """The operating system's login name ("" when it cannot be told): the default of the
    person's name in Preferences, and the author of command-line changes on a file."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
