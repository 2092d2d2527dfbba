"""Tests, mirroring the packages: procedures, models, ui, cli."""
