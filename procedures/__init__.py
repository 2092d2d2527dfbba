"""The domain core: pure Python, no Qt. Calculators, rules, services, files, reports."""
