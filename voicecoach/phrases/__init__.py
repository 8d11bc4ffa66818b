"""The words the coach says, behind one interface: a ``PhrasePack`` per language. The
planner and the player take a pack; nothing else spells out a sentence. Durations are
seconds. A new language is one new module here and one line in ``PACKS``."""

from __future__ import annotations

from typing import Protocol

from voicecoach.errors import VoicecoachError
from voicecoach.model import Exercise
from voicecoach.phrases.en import English


class PhrasePack(Protocol):
    """Every sentence of the coach, in one language."""

    language: str
    HALFWAY: str
    TEN_LEFT: str
    LAST_SET: str
    BREATHE_IN: str
    BREATHE_OUT: str
    READY: str
    PRESS_SPACE: str
    DONE_MINIMAL: str
    HOLD: str
    RELEASE: str

    def count(self, n: int) -> str: ...

    def tempo(self, phases: int) -> tuple[str, ...]:
        """The word said at the start of each phase of a tempo with that many phases."""

    def session_start(self, routine: str, session: str, moves: int, rounds: int,
                      minutes: int) -> str: ...

    def equipment(self, items: list[str]) -> str: ...

    def block(self, name: str) -> str: ...

    def round_of(self, number: int, rounds: int) -> str: ...

    def summary(self, ex: Exercise) -> str: ...

    def next_up(self, name: str, load: str | None, minimal: bool) -> str: ...

    def side(self, name: str) -> str: ...

    def switch(self, name: str, minimal: bool) -> str: ...

    def rest(self, seconds: float, minimal: bool) -> str: ...

    def set_of(self, number: int, sets: int) -> str: ...

    def session_end(self, seconds: float, minimal: bool) -> str: ...


ENGLISH = English()
PACKS: dict[str, PhrasePack] = {"en": ENGLISH}


def pack(language: str) -> PhrasePack:
    """The phrase pack of a language code (``en``)."""
    try:
        return PACKS[language]
    except KeyError:
        known = ", ".join(sorted(PACKS))
        raise VoicecoachError(f"no phrases for language '{language}' (there are: {known})") \
            from None
