"""Storage mapping: snapshots read from rows and written back (the only door to `models`)."""
