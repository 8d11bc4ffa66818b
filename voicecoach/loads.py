"""Loads written like ``10 kg`` or ``12.5 lb``: read as (amount, unit) and written back, so
progression can add to them. Pure."""

from __future__ import annotations

import re

_LOAD = re.compile(r"^\s*(\d{1,6}(?:\.\d{1,3})?)\s*([^\W\d][\w ]{0,19}?)?\s*$")


def parse_load(text: str) -> tuple[float, str] | None:
    """(amount, unit) of a load like ``10 kg`` (unit "" for a bare number), or None when
    it is not a number with a unit (``red band``)."""
    found = _LOAD.match(text)
    if found is None:
        return None
    return float(found.group(1)), (found.group(2) or "").strip()


def load_text(amount: float, unit: str) -> str:
    """``12.5 kg``: the amount to at most two decimals, without trailing zeros."""
    return f"{round(amount, 2):g} {unit}".strip()
