"""The words the coach says, behind one interface: a ``PhrasePack`` per language. The
planner and the player take a pack; nothing else spells out a sentence. Durations are
seconds. A pack is templates (``phrases/<code>.py``: a ``GRAMMAR``, ``TEMPLATES`` for every
key of ``keys.KEYS`` and the play screen's words, ``SCREEN``, for every key of
``keys.SCREEN_KEYS``); a new language is one such module and one line in ``_MODULES``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from voicecoach.errors import VoicecoachError
from voicecoach.model import Exercise
from voicecoach.phrases import de, en, es, fr, it, nl, pt
from voicecoach.phrases.pack import Pack
from voicecoach.phrases.template import Value


class PhrasePack(Protocol):
    """Every sentence of the coach, in one language."""

    language: str
    templates: dict[str, str]
    HALFWAY: str
    TEN_LEFT: str
    LAST_SET: str
    BREATHE_IN: str
    BREATHE_OUT: str
    READY: str
    PRESS_SPACE: str
    SAY_READY: str
    STOP_AGAIN: str
    DONE_MINIMAL: str
    HOLD: str
    RELEASE: str
    LAST_ROUND: str

    def text(self, key: str, **values: Value) -> str:
        """Any template by its key, as a sentence."""

    def shown(self, key: str, **values: object) -> str:
        """What the terminal shows while playing (``SCREEN``), never said."""

    def duration(self, seconds: float) -> str: ...

    def exact(self, seconds: float) -> str:
        """A duration as the routine wrote it (whole seconds, not rounded to 5 s)."""

    def spoken(self, text: str) -> str:
        """The text as the voice says it: units and symbols in words."""

    def count(self, n: int) -> str: ...

    def tempo(self, phases: int) -> tuple[str, ...]:
        """The word said at the start of each phase of a tempo with that many phases."""

    def session_start(self, routine: str, session: str, moves: int, rounds: int,
                      minutes: int) -> str: ...

    def session_minimal(self, session: str) -> str: ...

    def equipment(self, items: list[str]) -> str: ...

    def block(self, name: str) -> str: ...

    def round_of(self, number: int, rounds: int) -> str: ...

    def block_rounds(self, name: str, rounds: int) -> str: ...

    def handover(self, name: str) -> str: ...

    def get_ready(self, name: str, load: str | None, minimal: bool) -> str: ...

    def time_left(self, seconds: float) -> str: ...

    def chapter(self, title: str, round: int, rounds: int) -> str: ...

    def summary(self, ex: Exercise) -> str: ...

    def next_up(self, name: str, load: str | None, minimal: bool) -> str: ...

    def side(self, name: str) -> str: ...

    def switch(self, name: str, minimal: bool) -> str: ...

    def rest(self, seconds: float, minimal: bool, exact: bool = False) -> str: ...

    def set_of(self, number: int, sets: int) -> str: ...

    def session_end(self, seconds: float, minimal: bool) -> str: ...


_MODULES = (en, de, fr, es, it, pt, nl)
PACKS: dict[str, Pack] = {m.GRAMMAR.code: Pack(m.GRAMMAR, m.TEMPLATES, m.SCREEN)
                          for m in _MODULES}
ENGLISH = PACKS["en"]


def breath_words() -> tuple[str, ...]:
    """Every word a routine may write breaths with ('6 breaths', '6 respiraciones'): each
    pack's ``breath_words``, longest first (for a regular expression)."""
    found = {w.strip() for p in PACKS.values() for w in p.templates["breath_words"].split("|")}
    return tuple(sorted(found - {""}, key=lambda w: (-len(w), w)))


def pack(language: str, overrides: Mapping[str, str] | None = None) -> Pack:
    """The phrase pack of a language code (``de``), with a routine's own templates."""
    try:
        found = PACKS[language.strip().lower()]
    except KeyError:
        known = ", ".join(sorted(PACKS))
        raise VoicecoachError(f"no phrases for language '{language}' (there are: {known})") \
            from None
    return found.with_templates(overrides or {})
