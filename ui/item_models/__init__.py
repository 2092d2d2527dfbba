"""Qt item models: thin adapters over rows loaded by the services (no queries in data())."""
