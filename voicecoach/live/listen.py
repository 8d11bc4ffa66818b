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
import re
from collections.abc import Iterable
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
THRESHOLD = 1e-20   # wake-word spotting threshold (a likelihood ratio: lower fires more)
BEFORE, AFTER = 1.0, 0.8   # seconds of audio decoded around the wake word
HMMS = 500         # active HMMs a frame in the grammar search: bounds its time in noise
CMN = "batch"      # cepstral mean of each decoded window (a live mean lags in noise)
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
        self.grammar = Decoder(maxhmmpf=HMMS, bestpath=False, cmn=CMN, **config)
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
    model_for(language)  # a language without a model fails here, before anything starts
    return Listener(language, list(cue_texts))


class Listener:
    """The default input device, spotted in a child process (the decoder holds the GIL
    for a whole decoding, which would starve the player's writes); ``read`` returns a
    command heard since the last call and never waits."""

    def __init__(self, language: str, words: list[str], device: Any = None) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(target=_listen, args=(child, language, words, device),
                                name="voicecoach-listen", daemon=True)

    def __enter__(self) -> Listener:
        self.proc.start()
        if not self.conn.poll(60):
            self.close()
            raise ListenError("the recogniser did not start within a minute")
        kind, text = self.conn.recv()
        if kind == "error":
            self.close()
            raise ListenError(text)
        return self

    def read(self) -> str | None:
        try:
            if self.conn.poll():
                kind, text = self.conn.recv()
                return str(text) if kind == "heard" else None
        except (EOFError, OSError):
            pass
        return None

    def close(self) -> None:
        if self.proc.is_alive():
            self.proc.terminate()
        self.proc.join(timeout=5)

    def __exit__(self, *exc: object) -> None:
        self.close()


def _listen(conn: Any, language: str, words: list[str], device: Any) -> None:
    """The child: ("ready", "") or ("error", message) first, then ("heard", command)s."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the player's to handle
    try:
        spotter = Spotter(language, words=words)
        import sounddevice as sd

        stream = sd.RawInputStream(samplerate=MIC_RATE, channels=1, dtype="int16",
                                   blocksize=MIC_RATE // 20, device=device)
        stream.start()
    except ListenError as exc:
        conn.send(("error", str(exc)))
        return
    except Exception as exc:  # OSError (no PortAudio), PortAudioError, ValueError
        conn.send(("error", NO_MIC.format(_first_line(exc))))
        return
    conn.send(("ready", ""))
    while True:
        data, _ = stream.read(MIC_RATE // 20)
        for command in spotter.feed(bytes(data)):
            conn.send(("heard", command))


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
