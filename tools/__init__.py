"""Developer tools: translations, screenshots, Qt type stubs."""
