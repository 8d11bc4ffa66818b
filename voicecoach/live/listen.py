"""Spoken commands, offline, with pocketsphinx (no dictation, nothing downloaded): a
keyword spotter listens for the wake word "coach" in the default microphone's audio
(16 kHz mono); each time it fires, the audio around it (``BEFORE`` seconds before,
``AFTER`` after) is decoded with a small grammar: "coach" and a command, or any of some
filler words (the session's own words among them). A command is taken only when the
grammar's best reading has "coach" followed by a command; the coach's own voice and
music read as filler.

Times in seconds; audio is signed 16-bit at ``MIC_RATE``.
"""

from __future__ import annotations

import os
import queue
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from voicecoach.errors import VoicecoachError

MIC_RATE = 16000
WAKE = "coach"
# what is said after the wake word -> command (every word is in the model's dictionary)
PHRASES = {"pause": "pause", "go on": "resume", "resume": "resume", "next": "next",
           "back": "back", "go back": "back", "done": "done", "repeat": "repeat",
           "stop": "stop"}
# words the rest of what the microphone hears can be read as (plus the session's words)
FILLER = (
    "a", "the", "and", "to", "of", "in", "it", "is", "on", "up", "down", "one", "two",
    "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "thirty",
    "seconds", "rest", "set", "sets", "side", "left", "right", "switch", "hold",
    "breathe", "now", "last", "halfway", "squat", "plank", "bridge", "bird", "dog",
    "stretch", "get", "ready", "work", "session", "complete", "good", "keep", "your",
    "hips", "knee", "slowly", "minutes", "more", "with", "for",
)
THRESHOLD = 1e-30   # wake-word spotting threshold (a likelihood ratio: lower fires more)
BEFORE, AFTER = 1.0, 0.8   # seconds of audio decoded around the wake word
APART = 0.25        # wake words closer than this share one decoding
QUIET = 1.5         # after a command is taken, nothing more is for this long
MODELS = {"en": "en-us"}   # language -> the model shipped in pocketsphinx's wheel
NO_MIC = "no microphone to listen to ({}); play without --listen"


class ListenError(VoicecoachError):
    """Listening cannot start: no input device, no recogniser, or no model for the language."""


def model_for(language: str) -> str:
    """The pocketsphinx model directory for ``language`` (e.g. "en", "en-GB")."""
    base = re.split("[-_]", language)[0].lower()
    if base not in MODELS:
        raise ListenError(f"no speech recognition model for language '{language}' "
                          f"(--listen knows: {', '.join(sorted(MODELS))})")
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


class Spotter:
    """``feed`` 16 kHz s16 audio; it returns the commands decided in that audio (each one
    ``AFTER`` seconds after its wake word). ``words``: more filler (the session's cues)."""

    def __init__(self, language: str = "en", threshold: float = THRESHOLD,
                 words: Iterable[str] = ()) -> None:
        from pocketsphinx import Decoder

        model = model_for(language)
        config = {"hmm": os.path.join(model, "en-us"), "samprate": MIC_RATE,
                  "dict": os.path.join(model, "cmudict-en-us.dict"), "loglevel": "FATAL"}
        self.wake = Decoder(keyphrase=WAKE, kws_threshold=threshold, **config)
        self.grammar = Decoder(**config)
        said = {w for text in words for w in re.findall(r"[a-z']+", text.lower())}
        filler = sorted(w for w in set(FILLER) | said
                        if w != WAKE and self.grammar.lookup_word(w) is not None)
        commands = " | ".join(PHRASES)
        self.grammar.add_jsgf_string("commands", (
            f"#JSGF V1.0; grammar commands; public <s> = <w>* {WAKE} <c> <w>* | <w>+;\n"
            f"<c> = {commands};\n<w> = {' | '.join(filler)};"))
        self.grammar.activate_search("commands")
        self.wake.start_utt()
        self.keep = round((BEFORE + AFTER + 1.0) * MIC_RATE)
        self.audio = np.zeros(0, np.int16)
        self.fed = 0                      # samples fed so far
        self.pending: list[int] = []      # sample counts at which to decode
        self.quiet_until = 0              # no command taken before this sample count
        self.wakes = 0                    # times the wake word fired (for the benchmark)

    def feed(self, pcm: bytes) -> list[str]:
        samples = np.frombuffer(pcm, np.int16)
        self.audio = np.concatenate([self.audio, samples])[-self.keep:]
        self.fed += len(samples)
        self.wake.process_raw(pcm, False, False)
        if self.wake.hyp() is not None:
            self.wake.end_utt()
            self.wake.start_utt()
            at = self.fed + round(AFTER * MIC_RATE)
            if not self.pending or at - self.pending[-1] > APART * MIC_RATE:
                self.pending.append(at)
                self.wakes += 1
        taken: list[str] = []
        while self.pending and self.fed >= self.pending[0]:
            span = round((BEFORE + AFTER) * MIC_RATE) + self.fed - self.pending.pop(0)
            said = self._decode(self.audio[-span:])
            if said and self.fed >= self.quiet_until:
                taken.append(said)
                self.quiet_until = self.fed + round(QUIET * MIC_RATE)
        return taken

    def _decode(self, audio: np.ndarray) -> str | None:
        self.grammar.start_utt()
        self.grammar.process_raw(audio.tobytes(), False, True)
        self.grammar.end_utt()
        hyp = self.grammar.hyp()
        words = hyp.hypstr.split() if hyp is not None else []
        if WAKE not in words:
            return None
        after = words[words.index(WAKE) + 1:]
        for n in (2, 1):
            if " ".join(after[:n]) in PHRASES:
                return PHRASES[" ".join(after[:n])]
        return None


def listener_for(cue_texts: Iterable[str], language: str = "en") -> Listener:
    """A listener on the default microphone, its filler including the session's words."""
    return Listener(Spotter(language, words=cue_texts))


class Listener:
    """The default input device, spotted in a thread; ``read`` returns a command heard since
    the last call (never waits)."""

    def __init__(self, spotter: Spotter, device: Any = None) -> None:
        self.spotter = spotter
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
            for cmd in self.spotter.feed(pcm):
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
