"""The command line: headless use cases over the same services as the window."""
