"""Values of the change history as text: what `log_change` stores as old and new.

The text is language-free (codes, ISO dates, decimals as stored) so that the history
reads the same in any language and a revert can read the value back: the words a
person sees are put on at display time (`procedures.change_words`). Texts are bounded:
a value longer than `MAX_CHANGE_TEXT` is kept cut, ending in `CUT_MARK`, and such a
change cannot be reverted (the whole old text is not known any more).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from procedures import snapshots as s

MAX_CHANGE_TEXT = 2000
CUT_MARK = "…"
TRUE, FALSE = "true", "false"


def value_text(value: Any) -> str:
    """One value as the history stores it ("" for nothing)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = TRUE if value else FALSE
    elif isinstance(value, Enum):
        text = str(value.value)
    elif isinstance(value, Decimal):
        text = format(value, "f")
    elif isinstance(value, datetime | date):
        text = value.isoformat()
    elif isinstance(value, tuple | list):
        text = uses_text(value)
    else:
        text = str(value)
    return bounded(text)


def uses_text(uses: Iterable[Any]) -> str:
    """Staff or resources of a step: "TMP×1, AUX×2"."""
    parts = []
    for use in uses:
        if isinstance(use, s.StaffUse):
            parts.append(f"{use.position}×{format(use.count.normalize(), 'f')}")
        elif isinstance(use, s.ResourceUse):
            parts.append(f"{use.resource}×{format(use.qty.normalize(), 'f')}")
        else:
            parts.append(str(use))
    return ", ".join(parts)


def activity_label(position: int, description: str) -> str:
    """A step as the history names it: "3. Recibir y verificar requisitos"."""
    return f"{position}. {description}"


def order_text(numbers: Iterable[int]) -> str:
    """An order of rows by their former numbers: "2, 1, 3"."""
    return bounded(", ".join(str(n) for n in numbers))


def bounded(text: str, limit: int = MAX_CHANGE_TEXT) -> str:
    """`text` within `limit` characters (cut ones end in CUT_MARK)."""
    return text if len(text) <= limit else text[:limit - 1] + CUT_MARK


def is_cut(text: str) -> bool:
    return len(text) >= MAX_CHANGE_TEXT and text.endswith(CUT_MARK)


def staff_from_text(text: str) -> tuple[s.StaffUse, ...]:
    """The inverse of `uses_text` for staff (ValueError when it cannot be read)."""
    return tuple(s.StaffUse(code, count) for code, count in _pairs(text))


def resources_from_text(text: str) -> tuple[s.ResourceUse, ...]:
    return tuple(s.ResourceUse(code, qty) for code, qty in _pairs(text))


def _pairs(text: str) -> list[tuple[str, Decimal]]:
    pairs = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        code, sep, number = part.rpartition("×")
        if not sep or not code:
            raise ValueError(part)
        pairs.append((code, Decimal(number)))
    return pairs
