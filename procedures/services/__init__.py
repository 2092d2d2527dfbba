"""Use cases by noun over a Session: one module per thing a person works on."""

# Stored figures follow every commit: the hook is registered before any service writes.
from procedures.services import figures as _figures  # noqa: F401
