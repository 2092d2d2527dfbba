"""Standardized procedures (the catalogue shipped in resources/) and matching the same
procedure across municipalities."""
