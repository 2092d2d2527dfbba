"""Legal checks (`compliance`) and simplification proposals (`suggestions`).

Kept free of imports on purpose: `procedures.metrics` imports `rules.compliance`, and
`rules.suggestions` imports `procedures.metrics`, so this package must not pull either.
"""
