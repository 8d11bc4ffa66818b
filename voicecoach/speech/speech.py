"""Speech: phrases to clips through a speech engine plugin and the clip cache.

Clips come from the engine at its own rate and are made uniform here, in one place:
resampled to ``RATE``, trimmed, faded in and out. Lengths are seconds. No engine is started
while every clip asked for is in the cache.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from voicecoach.errors import SpeechError
from voicecoach.model import Voice
from voicecoach.settings import cache_key
from voicecoach.speech.cache import FORMAT as CLIP_FORMAT
from voicecoach.speech.cache import ClipCache
from voicecoach.speech.engines import Synthesizer, VoiceInfo, cores, engine, remembering
from voicecoach.speech.respell import respell
from voicecoach.speech.voices import Choice, choose

T = TypeVar("T")

if TYPE_CHECKING:
    from voicecoach.audio.clip import Clip

__all__ = ["DEFAULT_VOICE", "Speech", "Synthesizer", "VoiceInfo"]

DEFAULT_VOICE = Voice(voice=None, rate=None, volume=1.0)  # voice and rate: the engine's


def guess_length(text: str) -> float:
    """A stand-in length before a clip exists (only for finding which texts are needed)."""
    return 0.3 + 0.06 * len(text)


class Speech:
    """Phrases → trimmed, faded clips at ``RATE`` for one voice, cached on disk and in
    memory. ``synthesizer`` replaces the engine the voice id names (tests)."""

    def __init__(self, cache: ClipCache, voice: Voice,
                 synthesizer: Synthesizer | None = None) -> None:
        self.cache = cache
        self.voice = voice.over(DEFAULT_VOICE)
        self._synth = synthesizer
        self._choice: Choice | None = None
        self._lengths: dict[str, float] = {}
        self._lock = threading.Lock()
        self.made = 0  # clips synthesized (cache misses), for reports and tests

    @property
    def choice(self) -> Choice:
        """The engine and voice that speak (found cheaply: no engine is started; what the
        engine's program printed is kept beside the clips while the program is the same)."""
        if self._choice is None:
            if self._synth is not None:
                self._choice = Choice("custom", self.voice.voice or "", self._synth.engine)
            else:
                with remembering(self.cache.printed):
                    self._choice = choose(self.voice.voice)
        return self._choice

    @property
    def synth(self) -> Synthesizer:
        if self._synth is None:
            with self._lock:
                if self._synth is None:
                    self._synth = engine(self.choice.engine).synthesizer()
        return self._synth

    def _engine_voice(self) -> Voice:
        """The voice setting as the engine takes it: its own voice name, rate, volume."""
        c = self.choice
        return Voice(c.voice or None, self.voice.rate or c.default_rate, self.voice.volume)

    def key_voice(self) -> Voice:
        """The voice as cache keys hold it: the engine-qualified voice that speaks (the
        default resolved) and the rate and volume it speaks at."""
        v = self._engine_voice()
        return Voice(self.choice.id, v.rate, v.volume)

    def engine(self) -> str:
        """The engine and its version (part of every cache key); starts no engine."""
        return self.choice.version

    def said(self, text: str) -> str:
        """What the voice is given for ``text``: letters it cannot say transliterated, then
        the voice's respellings applied."""
        from voicecoach.speech.letters import ascii_only, sayable

        return respell(self.choice.id, sayable(text, ascii_only(self.choice.engine,
                                                                self.choice.voice)))

    def _key(self, text: str) -> str:
        return cache_key(self.engine(), self.key_voice(), "clip", CLIP_FORMAT, self.said(text))

    def _make(self, key: str, text: str) -> Clip:
        from voicecoach.audio.clip import RATE, fade, resample, trim

        clip = fade(trim(resample(self.synth.synthesize(self.said(text), self._engine_voice()),
                                  RATE)))
        if clip.seconds == 0:
            raise SpeechError(f"the speech engine made only silence for {text!r}")
        self.cache.put(key, clip)
        with self._lock:
            self.made += 1
        return clip

    def clip(self, text: str) -> Clip:
        key = self._key(text)
        clip = self.cache.get(key) or self._make(key, text)
        self._lengths[text] = clip.seconds
        return clip

    def length(self, text: str) -> float:
        """Seconds ``text`` lasts when spoken (the audible part)."""
        if text not in self._lengths:
            seconds = self.cache.seconds(self._key(text))
            self._lengths[text] = seconds if seconds is not None else self.clip(text).seconds
        return self._lengths[text]

    def prepare(self, texts: Iterable[str]) -> None:
        """Know the length of every text; the missing clips are made in parallel."""
        missing = []
        for text in dict.fromkeys(texts):
            if text in self._lengths:
                continue
            seconds = self.cache.seconds(self._key(text))
            if seconds is None:
                missing.append(text)
            else:
                self._lengths[text] = seconds
        if len(missing) > 1 and cores() > 1:
            from concurrent.futures import ThreadPoolExecutor  # not needed by a warm plan

            with ThreadPoolExecutor(cores()) as pool:
                # the longest first, so no core waits on one long phrase at the end
                list(pool.map(self.clip, sorted(missing, key=len, reverse=True)))
        else:
            for text in missing:
                self.clip(text)

    def gather(self, run: Callable[[Callable[[str], float]], T]) -> T | None:
        """Make the clips ``run`` will ask for, in parallel: ``run`` is called once with a
        length function that gives the cached length of each text it knows and a guess
        for the others (e.g. a plan compiled once). Returns what ``run`` returned when it
        needed no guess (with a warm cache, that is already the true result), else None."""
        asked: list[str] = []

        def note(text: str) -> float:
            known = self._lengths.get(text)
            if known is None:
                known = self.cache.seconds(self._key(text))
                if known is None:
                    asked.append(text)
                    return guess_length(text)
                self._lengths[text] = known
            return known

        result = run(note)
        if not asked:
            return result
        self.prepare(asked)
        return None
