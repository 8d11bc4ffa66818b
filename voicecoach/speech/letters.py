"""Letters a voice cannot say, made sayable before synthesis (the written text is kept for
display): an English voice (flite, festival, espeak-ng's English) says ASCII only, so
"Ährenstretch", "Pliés" or "ßüñ" are transliterated ("Ahrenstretch", "Plies", "ssun") by
anyascii; a voice of another language keeps the Latin letters its language writes (Latin-1
and Latin Extended-A) and gets the rest transliterated. Compatibility forms are unfolded
first ("ǅ" is "Dž"). Other scripts never get here: ``validate`` refuses them where they are
written (``routine.problems.foreign_script``).
"""

from __future__ import annotations

import unicodedata

_KEPT = 0x17F          # the end of Latin Extended-A: what espeak-ng's languages read


def sayable(text: str, ascii_only: bool) -> str:
    """``text`` with every letter, mark or number the voice cannot say transliterated
    (``ascii_only``: anything beyond ASCII; else anything beyond Latin Extended-A)."""
    if text.isascii():
        return text
    from anyascii import anyascii  # its tables load importlib.resources: not for ASCII

    text = unicodedata.normalize("NFKC", text)
    top = 0x7F if ascii_only else _KEPT
    return "".join(anyascii(c) if ord(c) > top and unicodedata.category(c)[0] in "LMN"
                   else c for c in text)


def ascii_only(engine: str, voice: str) -> bool:
    """Whether the voice says ASCII letters only: every flite and festival voice here is
    English, and so are espeak-ng's default and ``en…`` voices."""
    return engine != "pyttsx3" or not voice or voice.startswith("en")
