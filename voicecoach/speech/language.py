"""Which installed voice speaks a language: the one place a language becomes a voice id
(engine-qualified, ``pyttsx3:de``). The voices are every installed engine's (the engine
registry, ``speech.engines``); espeak-ng through pyttsx3 speaks every pack's language."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from voicecoach.errors import SpeechError
from voicecoach.speech.engines import FALLBACK, MODULES, VoiceInfo, engine


def _norm(code: str) -> str:
    return code.strip().casefold().replace("_", "-")


def pick(wanted: Sequence[str], voices: Sequence[VoiceInfo]) -> VoiceInfo | None:
    """The first voice speaking the first language of ``wanted`` (``pt-br``, ``pt``…) that
    any voice speaks exactly; else the first voice of a variant of it (``fr`` → ``fr-be``)."""
    for code in map(_norm, wanted):
        for v in voices:
            if code in map(_norm, v.languages):
                return v
    for code in map(_norm, wanted):
        base = code.split("-")[0]
        for v in voices:
            if any(_norm(lang).split("-")[0] == base for lang in v.languages):
                return v
    return None


def _installed() -> list[VoiceInfo]:
    """Every installed engine's voices, in the registry's order."""
    from voicecoach.speech.voices import check_engine

    check_engine()  # espeak-ng without its data would end the process: one Error line
    found: list[VoiceInfo] = []
    for name in MODULES:
        eng = engine(name)
        if eng.available():
            found += eng.voices()
    return found


def voice_for(language: str, name: str, wanted: Sequence[str],
              installed: Callable[[], list[VoiceInfo]] | None = None) -> str:
    """The id of an installed voice that speaks ``language`` (named ``name``), trying the
    voice languages ``wanted`` in order; a one-line SpeechError when none does."""
    found = pick(wanted, (installed or _installed)())
    if found is None:
        raise SpeechError(f"no installed voice speaks {name} ({language}); espeak-ng speaks "
                          f"it ({engine(FALLBACK).install}), or give --voice (see "
                          "'voicecoach voices')")
    return found.id
