"""Use cases by noun over a Session: one module per thing a person works on."""
