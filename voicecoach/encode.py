"""ffmpeg lookup and errors, and the WAV writer (16-bit mono PCM at ``clip.RATE``)."""

from __future__ import annotations

import contextlib
import platform
import shutil
import subprocess
import wave
from pathlib import Path
from typing import IO

from voicecoach.clip import RATE
from voicecoach.errors import AudioError

FFMPEG_HINT = {"Darwin": "brew install ffmpeg"}.get(platform.system(),
                                                    "sudo apt-get install ffmpeg")


def ffmpeg() -> str:
    exe = shutil.which("ffmpeg")
    if exe is None:
        raise AudioError(f"MP3 export needs ffmpeg (install it: {FFMPEG_HINT}) or use --format wav")
    return exe


def ffmpeg_failure(proc: subprocess.Popen[bytes], name: str) -> AudioError:
    """The one-line error for an ffmpeg that failed writing ``name``."""
    err = b""
    if proc.stderr:
        with contextlib.suppress(OSError, ValueError):
            err = proc.stderr.read()
    proc.wait()
    last = err.decode(errors="replace").strip().splitlines()[-1:] or ["no message"]
    if "No space left" in last[0]:
        return AudioError(f"disk full while writing {name}")
    return AudioError(f"ffmpeg could not write {name}: {last[0]}")


class WavWriter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.file: IO[bytes] = path.open("wb")
        self.wav = wave.open(self.file, "wb")  # noqa: SIM115
        self.wav.setnchannels(1)
        self.wav.setsampwidth(2)
        self.wav.setframerate(RATE)

    def write(self, pcm: bytes) -> None:
        try:
            self.wav.writeframesraw(pcm)
        except OSError as exc:
            raise AudioError(os_problem(exc, self.path)) from None

    def finish(self) -> None:
        try:
            self.wav.close()
            self.file.close()
        except OSError as exc:
            raise AudioError(os_problem(exc, self.path)) from None

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self.wav.close()
        with contextlib.suppress(OSError):
            self.file.close()


def os_problem(exc: OSError, path: Path) -> str:
    if exc.errno == 28:
        return f"disk full while writing {path.name}"
    return f"cannot write {path}: {exc.strerror or exc}"
