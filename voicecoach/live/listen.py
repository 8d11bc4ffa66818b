"""Spoken commands, offline: pocketsphinx spots a short list of key phrases ("coach next")
in the default microphone's audio (16 kHz mono), never open dictation. A command is taken
only when its whole phrase, the wake word "coach" first, scores over its threshold; while the
coach itself is making sound the threshold is raised (``loud_factor``), since the speaker
is heard by the microphone too.

Times in seconds; audio is signed 16-bit at ``MIC_RATE``.
"""

from __future__ import annotations

import os
import queue
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from voicecoach.errors import VoicecoachError

MIC_RATE = 16000
WAKE = "coach"
# command -> the words said after the wake word (every word is in the model's dictionary)
PHRASES: dict[str, tuple[str, ...]] = {
    "pause": ("pause",),
    "resume": ("go on", "resume"),
    "next": ("next",),
    "back": ("back", "go back"),
    "done": ("done",),
    "repeat": ("repeat",),
    "stop": ("stop",),
}
THRESHOLD = 1e-20          # keyword-spotting threshold (a probability ratio: lower takes more)
LOUD_FACTOR = 1.0          # threshold multiplier while the coach is making sound
MODELS = {"en": "en-us"}   # language -> the acoustic model shipped in pocketsphinx's wheel
NO_MIC = "no microphone to listen to ({}); play without --listen"


class ListenError(VoicecoachError):
    """Listening cannot start: no input device, no recogniser, or no model for the language."""


def model_for(language: str) -> str:
    """The pocketsphinx model directory for ``language`` (e.g. "en", "en-GB")."""
    base = language.split("-")[0].split("_")[0].lower()
    if base not in MODELS:
        known = ", ".join(sorted(MODELS))
        raise ListenError(f"no speech recognition model for language '{language}' "
                          f"(--listen knows: {known})")
    try:
        import pocketsphinx
    except ImportError as exc:
        raise ListenError(f"the recogniser is not installed ({exc}); pip install pocketsphinx"
                          ) from None
    return os.path.join(pocketsphinx.get_model_path(), MODELS[base])


@dataclass(frozen=True)
class Heard:
    command: str
    at: float   # monotonic seconds when it was taken


def keyphrases(wake: bool = True) -> dict[str, str]:
    """Key phrase -> command."""
    return {(f"{WAKE} {w}" if wake else w): cmd for cmd, words in PHRASES.items()
            for w in words}


class Spotter:
    """Feeds 16 kHz s16 audio to a keyword-spotting decoder; ``feed`` returns the commands
    whose phrase ended in that audio. ``loud`` raises every threshold by ``loud_factor``."""

    def __init__(self, language: str = "en", threshold: float = THRESHOLD,
                 loud_factor: float = LOUD_FACTOR, wake: bool = True) -> None:
        from pocketsphinx import Decoder

        model = model_for(language)
        self.phrases = keyphrases(wake)
        self.decoders: list[Any] = []
        for factor in sorted({1.0, loud_factor}):
            with tempfile.NamedTemporaryFile("w", suffix=".kws", delete=False) as f:
                for phrase in self.phrases:
                    f.write(f"{phrase} /{threshold * factor:.0e}/\n")
            try:
                dec = Decoder(hmm=os.path.join(model, "en-us"),
                              dict=os.path.join(model, "cmudict-en-us.dict"),
                              kws=f.name, samprate=MIC_RATE, loglevel="FATAL")
            finally:
                os.unlink(f.name)
            dec.start_utt()
            self.decoders.append(dec)
        self.loud_index = len(self.decoders) - 1 if loud_factor > 1.0 else 0

    def feed(self, pcm: bytes, loud: bool = False) -> list[str]:
        found: list[str] = []
        for i, dec in enumerate(self.decoders):
            dec.process_raw(pcm, False, False)
            hyp = dec.hyp()
            if hyp is None:
                continue
            dec.end_utt()
            dec.start_utt()
            if i == (self.loud_index if loud else 0):
                words = hyp.hypstr.strip()
                cmd = self.phrases.get(words)
                if cmd is None:  # several phrases in one hyp: the last one
                    cmd = next((c for p, c in self.phrases.items() if words.endswith(p)), None)
                if cmd:
                    found.append(cmd)
        return found


class Listener:
    """The default input device, spotted in a thread; ``read`` returns a command heard since
    the last call (never waits). ``loud`` (a callable) says whether the coach is sounding."""

    def __init__(self, spotter: Spotter, loud: Callable[[], bool] = lambda: False,
                 device: Any = None) -> None:
        self.spotter, self.loud = spotter, loud
        self.audio: queue.Queue[bytes | None] = queue.Queue()
        self.heard: queue.Queue[Heard] = queue.Queue()
        try:
            import sounddevice as sd

            self.stream: Any = sd.RawInputStream(samplerate=MIC_RATE, channels=1,
                                                 dtype="int16", blocksize=MIC_RATE // 20,
                                                 device=device, callback=self._callback)
        except Exception as exc:  # OSError (no PortAudio), PortAudioError, ValueError
            raise ListenError(NO_MIC.format(_first_line(exc))) from None
        self.thread = threading.Thread(target=self._spot, name="listen", daemon=True)

    def _callback(self, data: Any, frames: int, when: Any, status: Any) -> None:
        self.audio.put(bytes(data))

    def _spot(self) -> None:
        while (pcm := self.audio.get()) is not None:
            for cmd in self.spotter.feed(pcm, self.loud()):
                self.heard.put(Heard(cmd, time.monotonic()))

    def __enter__(self) -> Listener:
        self.thread.start()
        try:
            self.stream.start()
        except Exception as exc:
            self.close()
            raise ListenError(NO_MIC.format(_first_line(exc))) from None
        return self

    def read(self) -> str | None:
        try:
            return self.heard.get_nowait().command
        except queue.Empty:
            return None

    def close(self) -> None:
        try:
            self.stream.abort()
            self.stream.close()
        except Exception:
            pass
        self.audio.put(None)
        self.thread.join(timeout=2)

    def __exit__(self, *exc: object) -> None:
        self.close()


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
