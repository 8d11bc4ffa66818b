"""Respellings per voice: words a voice says so that a listener mishears them, written the
way that voice says them right (flite rms's "Session" is heard as "smash", its "Sessian"
as "session"). The engine gets the respelled text; what is shown never changes. Each
entry was kept because it lowered the recogniser's word error rate over the shipped
routines' cue texts (``scripts/bench voices``) and sounds the same or better to a person.
Pure: no I/O."""

from __future__ import annotations

import re
from functools import cache

# voice id → word (lower case, as written) → how that voice should read it
RESPELLINGS: dict[str, dict[str, str]] = {
    "flite:rms": {
        "session": "sessian",
    },
}


@cache
def _pattern(voice: str) -> re.Pattern[str] | None:
    words = RESPELLINGS.get(voice)
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def _like(written: str, respelled: str) -> str:
    """The respelling in the written word's case: 'Session' → 'Sessian'."""
    if written.isupper() and len(written) > 1:
        return respelled.upper()
    return respelled[:1].upper() + respelled[1:] if written[:1].isupper() else respelled


def respell(voice: str, text: str) -> str:
    """``text`` as the engine of ``voice`` (an engine-qualified id) should get it."""
    pattern = _pattern(voice)
    if pattern is None:
        return text
    table = RESPELLINGS[voice]
    return pattern.sub(lambda m: _like(m.group(), table[m.group().lower()]), text)
