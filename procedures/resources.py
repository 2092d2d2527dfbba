"""Where the bundled files live: `resource_path("fonts", "DejaVuSans.ttf")` -> resources/…

One place knows that resources/ sits at the repository root, so no module counts
`parents[...]` from its own depth (which breaks silently when a module moves).
"""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a bundled file or folder under resources/ (not checked to exist)."""
    return RESOURCES.joinpath(*parts)
