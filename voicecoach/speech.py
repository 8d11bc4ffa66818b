"""Speech: phrases to clips with pyttsx3 (espeak-ng on Linux), through the clip cache.

Clip lengths are seconds. pyttsx3 is imported only when a clip must be made.
"""

from __future__ import annotations

import contextlib
import functools
import io
import platform
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from voicecoach.clipcache import ClipCache
from voicecoach.errors import SpeechError
from voicecoach.model import Voice

if TYPE_CHECKING:
    from voicecoach.clip import Clip

DEFAULT_VOICE = Voice(voice=None, rate=170, volume=1.0)
RETRIES = 4  # pyttsx3 2.99's espeak driver now and then saves an empty file (~1 in 200)
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
        words = out.stdout.split()
        version = next((w for w in words if w[:1].isdigit()), "unknown")
        return f"espeak-ng {version}"
    return f"pyttsx3 {platform.system()} {platform.release()}"


class Pyttsx3Synthesizer:
    """pyttsx3 behind the Synthesizer interface. One phrase per ``runAndWait`` (the espeak
    driver saves only the last of several queued files), its stdout chatter swallowed."""

    def __init__(self) -> None:
        self.engine = engine_version()
        self._tts: Any = None
        self._voices: list[VoiceInfo] | None = None
        self._tmp = Path(tempfile.mkdtemp(prefix="voicecoach-tts-"))

    def _start(self) -> Any:
        if self._tts is None:
            try:
                import pyttsx3

                with contextlib.redirect_stdout(io.StringIO()):
                    self._tts = pyttsx3.init()
            except Exception as exc:  # the drivers raise many kinds
                hint = INSTALL_HINT.get(platform.system(), "install espeak-ng")
                raise SpeechError(f"no speech engine found (install espeak-ng: {hint}; "
                                  f"{type(exc).__name__}: {exc})") from None
        return self._tts

    def voices(self) -> list[VoiceInfo]:
        if self._voices is None:
            found = []
            for v in self._start().getProperty("voices"):
                langs = tuple(x.decode() if isinstance(x, bytes) else str(x)
                              for x in (v.languages or []))
                found.append(VoiceInfo(str(v.id), str(v.name), langs))
            self._voices = found
        return self._voices

    def resolve(self, wanted: str) -> str:
        """An engine voice id for what a routine says: an id, its last part, name or language."""
        w = wanted.casefold()
        voices = self.voices()
        for pick in (
            lambda v: v.id.casefold() == w,
            lambda v: v.id.casefold().rsplit("/", 1)[-1] == w,
            lambda v: v.name.casefold() == w,
            lambda v: w in (lang.casefold() for lang in v.languages),
        ):
            for v in voices:
                if pick(v):
                    return v.id
        raise SpeechError(f"unknown voice '{wanted}' (list them with 'voicecoach voices')")

    def synthesize(self, text: str, voice: Voice) -> Clip:
        from voicecoach.clip import RATE, SILENCE, read_wav, resample

        tts = self._start()
        if voice.voice:
            tts.setProperty("voice", self.resolve(voice.voice))
        if voice.rate:
            tts.setProperty("rate", voice.rate)
        if voice.volume is not None:
            tts.setProperty("volume", voice.volume)
        out = self._tmp / "phrase.wav"
        problem = "no file"
        for _ in range(RETRIES):
            with contextlib.suppress(FileNotFoundError):
                out.unlink()
            with contextlib.redirect_stdout(io.StringIO()):
                tts.save_to_file(text, str(out))
                tts.runAndWait()
            try:
                clip = read_wav(out)
            except (OSError, EOFError, ValueError) as exc:
                problem = str(exc)
                continue
            if clip.peak() > SILENCE:
                return resample(clip, RATE)
            problem = "silence"
        raise SpeechError(f"the speech engine made no audio for {text!r} ({problem})")

    def close(self) -> None:
        shutil.rmtree(self._tmp, ignore_errors=True)


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

    def _key(self, text: str) -> str:
        engine = self._synth.engine if self._synth is not None else engine_version()
        v = self.voice
        return ClipCache.key(engine, v.voice or "", v.rate or 0, v.volume or 0.0, text)

    def _make(self, key: str, text: str) -> Clip:
        from voicecoach.clip import trim

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

