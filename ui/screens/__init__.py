"""Screens: the navigator, the procedure workspace and its tabs, dialogs."""
