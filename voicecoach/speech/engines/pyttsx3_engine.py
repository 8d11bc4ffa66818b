"""pyttsx3 itself, and a worker process that owns one configured engine.

pyttsx3 keeps one engine per process, and changing its voice or rate once it has spoken is
not reliable (with 2.99's espeak driver, about a third of later clips came out at the old
rate in our measurements). So each voice configuration gets its own worker process, set up
once; clips come back over a pipe as 16-bit mono samples.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from voicecoach.errors import SpeechError
from voicecoach.model import Voice
from voicecoach.speech.engines import Pool, VoiceInfo, cores, stop

if TYPE_CHECKING:
    from voicecoach.audio.clip import Clip

# pyttsx3 2.99's espeak driver now and then saves an empty file (~1 in 200): retry.
RETRIES = 4
# The longest one phrase may take to synthesise on a busy machine, seconds.
SYNTH_TIMEOUT = 60.0
RATE = 170  # words per minute when none is asked for (espeak's own 175 is a little fast)
INSTALL_HINT = {"Linux": "sudo apt-get install espeak-ng", "Darwin": "brew install espeak-ng"}


def start_engine() -> Any:
    from voicecoach.speech.voices import check_engine

    check_engine()  # without its data espeak-ng would end the process with its own line
    try:
        import pyttsx3

        with contextlib.redirect_stdout(io.StringIO()):
            return pyttsx3.init()
    except Exception as exc:  # the drivers raise many kinds
        hint = INSTALL_HINT.get(platform.system(), "install espeak-ng")
        raise SpeechError(f"no speech engine found (install espeak-ng: {hint}; "
                          f"{type(exc).__name__}: {exc})") from None


def list_voices(tts: Any) -> list[tuple[str, str, tuple[str, ...]]]:
    found = []
    for v in tts.getProperty("voices"):
        langs = tuple(x.decode() if isinstance(x, bytes) else str(x) for x in (v.languages or []))
        found.append((str(v.id), str(v.name), langs))
    return found


def resolve(voices: list[tuple[str, str, tuple[str, ...]]], wanted: str) -> str:
    """An engine voice id for what a routine says: an id, its last part, name or language."""
    w = wanted.casefold()
    for pick in (
        lambda v: v[0].casefold() == w,
        lambda v: v[0].casefold().rsplit("/", 1)[-1] == w,
        lambda v: v[1].casefold() == w,
        lambda v: w in (lang.casefold() for lang in v[2]),
    ):
        for v in voices:
            if pick(v):
                return v[0]
    raise SpeechError(f"unknown voice '{wanted}' (list them with 'voicecoach voices')")


class Engine:
    """One pyttsx3 engine, configured once. Use it in its own process (see Worker)."""

    def __init__(self, voice: Voice) -> None:
        self.tts = start_engine()
        if voice.voice:
            self.tts.setProperty("voice", resolve(list_voices(self.tts), voice.voice))
        if voice.rate:
            self.tts.setProperty("rate", voice.rate)
        if voice.volume is not None:
            self.tts.setProperty("volume", voice.volume)
        self.tmp = Path(tempfile.mkdtemp(prefix="voicecoach-tts-"))
        # runAndWait() of the espeak driver returns 10 ms after it queues the phrase, not when
        # espeak's own thread has finished it: the file is whole once this event is set.
        self._finished = threading.Event()
        self.tts.connect("finished-utterance", lambda **_: self._finished.set())

    def say(self, text: str) -> tuple[int, bytes]:
        """(sample rate, 16-bit mono samples) of ``text``, one phrase per run: the espeak
        driver saves only the last of several queued files, and prints for each."""
        import wave

        out = self.tmp / "phrase.wav"
        problem = "no file"
        for _ in range(RETRIES):
            with contextlib.suppress(FileNotFoundError):
                out.unlink()
            self._finished.clear()
            with contextlib.redirect_stdout(io.StringIO()):
                self.tts.save_to_file(text, str(out))
                self.tts.runAndWait()
                if not self._finished.wait(SYNTH_TIMEOUT):
                    raise SpeechError(f"the speech engine did not finish {text!r} "
                                      f"in {SYNTH_TIMEOUT:.0f} s")
            try:
                with wave.open(str(out), "rb") as w:
                    if w.getsampwidth() != 2 or w.getnchannels() != 1:
                        raise ValueError("expected 16-bit mono")
                    frames, rate = w.readframes(w.getnframes()), w.getframerate()
            except (OSError, EOFError, ValueError, wave.Error) as exc:
                problem = str(exc)
                continue
            if frames:
                return rate, frames
            problem = "empty file"
        raise SpeechError(f"the speech engine made no audio for {text!r} ({problem})")

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def serve(voice: Voice, inp: BinaryIO, out: BinaryIO) -> None:
    """The worker's loop: a JSON line per phrase in; a JSON header line and samples out."""
    def reply(header: dict[str, Any], payload: bytes = b"") -> None:
        out.write(json.dumps(header).encode() + b"\n" + payload)
        out.flush()

    try:
        engine = Engine(voice)
    except SpeechError as exc:
        reply({"error": str(exc)})
        return
    reply({"ready": True})
    try:
        for line in inp:
            try:
                rate, frames = engine.say(json.loads(line))
            except SpeechError as exc:
                reply({"error": str(exc)})
            else:
                reply({"rate": rate, "bytes": len(frames)}, frames)
    finally:
        engine.close()


class Worker:
    """A child process with one configured engine; ``say`` asks it for a phrase."""

    def __init__(self, voice: Voice) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", __name__, json.dumps(dataclasses.asdict(voice))],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        header = self._header()
        if "error" in header:
            self.close()
            raise SpeechError(header["error"])

    def _header(self) -> dict[str, Any]:
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            raise SpeechError("the speech engine stopped unexpectedly")
        header: dict[str, Any] = json.loads(line)
        return header

    def say(self, text: str) -> tuple[int, bytes]:
        assert self._proc.stdin is not None and self._proc.stdout is not None
        try:
            self._proc.stdin.write(json.dumps(text).encode() + b"\n")
            self._proc.stdin.flush()
        except BrokenPipeError:
            raise SpeechError("the speech engine stopped unexpectedly") from None
        header = self._header()
        if "error" in header:
            raise SpeechError(header["error"])
        frames = self._proc.stdout.read(header["bytes"])
        return int(header["rate"]), frames

    def close(self) -> None:
        stop(self._proc)


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


class Pyttsx3:
    """The portable engine: espeak-ng on Linux, SAPI5 on Windows, NSSpeechSynthesizer on
    macOS. Voices are listed by starting pyttsx3 (about a tenth of a second)."""

    name = "pyttsx3"
    licence = "pyttsx3: MPL-2.0; espeak-ng: GPL-3.0+"
    install = "pip (a dependency); apt-get install espeak-ng; brew install espeak-ng"
    default_rate: int | None = RATE

    def __init__(self) -> None:
        self._raw: list[tuple[str, str, tuple[str, ...]]] | None = None

    def available(self) -> bool:
        try:
            engine_version()
        except SpeechError:
            return False
        return True

    def version(self) -> str:
        return engine_version()

    def _listed(self) -> list[tuple[str, str, tuple[str, ...]]]:
        if self._raw is None:
            self._raw = list_voices(start_engine())
        return self._raw

    def voices(self) -> list[VoiceInfo]:
        rate = 22_050 if platform.system() == "Linux" else 0
        return [VoiceInfo("pyttsx3", f"pyttsx3:{i.rsplit('/', 1)[-1]}", name, langs, "", rate)
                for i, name, langs in self._listed()]

    def resolve(self, wanted: str) -> str:
        """The id as asked (the worker resolves it to the driver's own id); an unknown one
        is an error here, against the listed voices."""
        if wanted:
            resolve(self._listed(), wanted)
        return wanted

    def synthesizer(self) -> Pyttsx3Synthesizer:
        return Pyttsx3Synthesizer()


class Pyttsx3Synthesizer:
    """pyttsx3 behind the Synthesizer interface: worker processes per voice setting (one
    per core at most), clips at the driver's own rate."""

    def __init__(self) -> None:
        self.engine = engine_version()
        self._pools: dict[Voice, Pool[Worker]] = {}
        self._lock = threading.Lock()

    def voices(self) -> list[VoiceInfo]:
        return ENGINE.voices()

    def resolve(self, wanted: str) -> str:
        tts = start_engine()
        return resolve(list_voices(tts), wanted)

    def synthesize(self, text: str, voice: Voice) -> Clip:
        import numpy as np

        from voicecoach.audio.clip import Clip

        voice = Voice(voice.voice or None, voice.rate or RATE, voice.volume)
        with self._lock:
            if voice not in self._pools:
                self._pools[voice] = Pool(lambda: Worker(voice), cores(), Worker.close)
            pool = self._pools[voice]
        with pool.worker() as worker:
            rate, frames = worker.say(text)
        return Clip(np.frombuffer(frames, dtype="<i2").copy(), rate)

    def close(self) -> None:
        for pool in self._pools.values():
            pool.close()
        self._pools.clear()


ENGINE = Pyttsx3()


def main() -> None:
    """Worker entry point: protocol on the real stdout, anything printed goes to stderr."""
    protocol = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    voice = Voice(**json.loads(sys.argv[1]))
    serve(voice, sys.stdin.buffer, protocol)


if __name__ == "__main__":
    main()
