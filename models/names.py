"""The program's names for the platform's folders (settings, data, logs), in a module of
their own: the log file and the copies' folder need them without the database layer
(SQLAlchemy) being imported."""

from __future__ import annotations

APP_NAME = "TramiteClaro"
APP_AUTHOR = "TramiteClaro"
