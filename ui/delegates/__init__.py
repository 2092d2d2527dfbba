"""Cell editors (delegates) that parse and check typed text before storing it."""
