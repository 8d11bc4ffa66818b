"""pyttsx3 itself, and a worker process that owns one configured engine.

pyttsx3 keeps one engine per process, and changing its voice or rate once it has spoken is
not reliable (with 2.99's espeak driver, about a third of later clips came out at the old
rate in our measurements). So each voice configuration gets its own worker process, set up
once; clips come back over a pipe as 16-bit mono samples.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

from voicecoach.errors import SpeechError
from voicecoach.model import Voice

# pyttsx3 2.99's espeak driver now and then saves an empty file (~1 in 200): retry.
RETRIES = 4
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

    def say(self, text: str) -> tuple[int, bytes]:
        """(sample rate, 16-bit mono samples) of ``text``, one phrase per run: the espeak
        driver saves only the last of several queued files, and prints for each."""
        import wave

        out = self.tmp / "phrase.wav"
        problem = "no file"
        for _ in range(RETRIES):
            with contextlib.suppress(FileNotFoundError):
                out.unlink()
            with contextlib.redirect_stdout(io.StringIO()):
                self.tts.save_to_file(text, str(out))
                self.tts.runAndWait()
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
        with contextlib.suppress(OSError):
            if self._proc.stdin:
                self._proc.stdin.close()
        try:
            self._proc.wait(2)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()


def main() -> None:
    """Worker entry point: protocol on the real stdout, anything printed goes to stderr."""
    protocol = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    voice = Voice(**json.loads(sys.argv[1]))
    serve(voice, sys.stdin.buffer, protocol)


if __name__ == "__main__":
    main()
