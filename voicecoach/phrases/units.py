"""Units and symbols in a text, in words for the voice: "2 x 32 kg" is spoken "2 times
32 kilos", "102.5 kg/side" "102 point 5 kilos per side", "2.5 seconds" "2 point 5 seconds", in the
pack's language. Only what
follows a number is read as a unit, so words ("x-band", "right/left") stay as they are.
The written text is never changed; this makes the spoken one. Pure."""

from __future__ import annotations

import re
from collections.abc import Callable

from voicecoach.phrases.template import Value

Part = Callable[..., str]     # a pack's ``part(key, **values)``

_NUMBER = r"(?<![\w.,])(\d+)(?:[.,](\d+))?"
_UNIT = re.compile(_NUMBER + r"\s*(kgs?|lbs?)\b(\s*/\s*(?=[^\W\d_]))?", re.IGNORECASE)
_TIMES = re.compile(_NUMBER + r"\s*[x×]\s*(?=\d)", re.IGNORECASE)
_PER = re.compile(_NUMBER + r"\s*/\s*(?=[^\W\d_])")
_DECIMAL = re.compile(r"(?<![\w.,])(\d+)[.,](\d{1,2})(?!\d|[.,]\d)")
_KEYS = {"kg": "unit_kg", "kgs": "unit_kg", "lb": "unit_lb", "lbs": "unit_lb"}


def _value(part: Part, whole: str, fraction: str | None) -> Value:
    """A number as the unit's template takes it: a whole number, or decimals in words
    (each digit after the point said alone, as people read them)."""
    if fraction is not None and len(fraction) == 3:  # 1,000 or 1.000: thousands
        whole, fraction = whole + fraction, None
    if fraction is None or not fraction.strip("0"):
        return int(whole)
    return part("unit_decimal", whole=whole, fraction=" ".join(fraction.rstrip("0")))


def _number(part: Part, m: re.Match[str]) -> str:
    value = _value(part, m.group(1), m.group(2))
    return str(value)


def spoken(text: str, part: Part) -> str:
    """``text`` with the units and symbols after numbers in words (``part`` renders the
    pack's unit_* templates)."""
    if not any(c.isdigit() for c in text):
        return text

    def unit(m: re.Match[str]) -> str:
        said = part(_KEYS[m.group(3).lower()], value=_value(part, m.group(1), m.group(2)))
        return said + (" " + part("unit_per") + " " if m.group(4) else "")

    text = _UNIT.sub(unit, text)
    text = _TIMES.sub(lambda m: f"{_number(part, m)} {part('unit_times')} ", text)
    text = _PER.sub(lambda m: f"{_number(part, m)} {part('unit_per')} ", text)
    return _DECIMAL.sub(lambda m: _number(part, m), text)
