"""Speech: phrases to clips with pyttsx3 (espeak-ng on Linux), through the clip cache.

Clip lengths are seconds. pyttsx3 is imported only when a clip must be made.
"""

from __future__ import annotations

import functools
import platform
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from voicecoach.errors import SpeechError
from voicecoach.model import Voice
from voicecoach.settings import cache_key
from voicecoach.speech.cache import FORMAT as CLIP_FORMAT
from voicecoach.speech.cache import ClipCache

if TYPE_CHECKING:
    from voicecoach.audio.clip import Clip

DEFAULT_VOICE = Voice(voice=None, rate=170, volume=1.0)
INSTALL_HINT = {
    "Linux": "sudo apt-get install espeak-ng",
    "Darwin": "brew install espeak-ng",
}


@dataclass(frozen=True)
class VoiceInfo:
    id: str
    name: str
    languages: tuple[str, ...]


class Synthesizer(Protocol):
    """Makes one clip per phrase; ``engine`` names the engine and its version."""

    engine: str

    def synthesize(self, text: str, voice: Voice) -> Clip: ...

    def voices(self) -> list[VoiceInfo]: ...


@functools.lru_cache(maxsize=1)
def engine_version() -> str:
    """'espeak-ng 1.51' and the like, cheaply (no engine start-up)."""
    if platform.system() == "Linux" or shutil.which("espeak-ng"):
        exe = shutil.which("espeak-ng")
        if not exe:
            raise SpeechError(
                f"no speech engine found (install espeak-ng: {INSTALL_HINT['Linux']})")
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False)
        version = next((w for w in out.stdout.split() if w[:1].isdigit()), "unknown")
        return f"espeak-ng {version}"
    return f"pyttsx3 {platform.system()} {platform.release()}"


class Pyttsx3Synthesizer:
    """pyttsx3 behind the Synthesizer interface: one worker process per voice setting."""

    def __init__(self) -> None:
        self.engine = engine_version()
        self._workers: dict[Voice, Any] = {}
        self._voices: list[VoiceInfo] | None = None

    def voices(self) -> list[VoiceInfo]:
        if self._voices is None:
            from voicecoach.speech.engines.pyttsx3_engine import list_voices, start_engine

            self._voices = [VoiceInfo(*v) for v in list_voices(start_engine())]
        return self._voices

    def resolve(self, wanted: str) -> str:
        from voicecoach.speech.engines.pyttsx3_engine import resolve

        return resolve([(v.id, v.name, v.languages) for v in self.voices()], wanted)

    def synthesize(self, text: str, voice: Voice) -> Clip:
        import numpy as np

        from voicecoach.audio.clip import RATE, Clip, resample
        from voicecoach.speech.engines.pyttsx3_engine import Worker

        if voice not in self._workers:
            self._workers[voice] = Worker(voice)
        rate, frames = self._workers[voice].say(text)
        return resample(Clip(np.frombuffer(frames, dtype="<i2").copy(), rate), RATE)

    def close(self) -> None:
        for worker in self._workers.values():
            worker.close()
        self._workers.clear()


class Speech:
    """Phrases → trimmed clips at ``RATE`` for one voice, cached on disk and in memory."""

    def __init__(self, cache: ClipCache, voice: Voice,
                 synthesizer: Synthesizer | None = None) -> None:
        self.cache = cache
        self.voice = voice.over(DEFAULT_VOICE)
        self._synth = synthesizer
        self._lengths: dict[str, float] = {}
        self.made = 0  # clips synthesized (cache misses), for reports and tests

    @property
    def synth(self) -> Synthesizer:
        if self._synth is None:
            self._synth = Pyttsx3Synthesizer()
        return self._synth

    def engine(self) -> str:
        """The engine and its version (part of every cache key)."""
        return self._synth.engine if self._synth is not None else engine_version()

    def _key(self, text: str) -> str:
        return cache_key(self.engine(), self.voice, "clip", CLIP_FORMAT, text)

    def _make(self, key: str, text: str) -> Clip:
        from voicecoach.audio.clip import trim

        clip = trim(self.synth.synthesize(text, self.voice))
        if clip.seconds == 0:
            raise SpeechError(f"the speech engine made only silence for {text!r}")
        self.cache.put(key, clip)
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
        for text in texts:
            self.length(text)
