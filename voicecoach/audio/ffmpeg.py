"""ffmpeg lookup, its MP3 encoder (start it under ``interrupts.held_interrupts``), its
errors, and the WAV writer (16-bit mono PCM at ``clip.RATE``)."""

from __future__ import annotations

import contextlib
import math
import os
import platform
import shutil
import subprocess
import wave
from pathlib import Path
from typing import IO

import numpy as np

from voicecoach.audio.clip import RATE
from voicecoach.errors import AudioError

FFMPEG_HINT = {"Darwin": "brew install ffmpeg"}.get(platform.system(),
                                                    "sudo apt-get install ffmpeg")


def ffmpeg() -> str:
    exe = shutil.which("ffmpeg")
    if exe is None:
        raise AudioError(f"MP3 export needs ffmpeg (install it: {FFMPEG_HINT}) or use --format wav")
    return exe


def encoder(raw: Path, bitrate: int) -> subprocess.Popen[bytes]:
    """An ffmpeg encoding 16-bit mono PCM at ``RATE`` from its stdin to a CBR MP3 at
    ``raw`` (``bitrate`` kbit/s, bit reservoir off, no tags); start it under
    ``interrupts.held_interrupts``."""
    return subprocess.Popen(
        [ffmpeg(), "-hide_banner", "-nostdin", "-loglevel", "error", "-f", "s16le", "-ar",
         str(RATE), "-ac", "1", "-i", "pipe:0", "-c:a", "libmp3lame", "-b:a", f"{bitrate}k",
         "-reservoir", "0", "-id3v2_version", "0", "-write_id3v1", "0", "-f", "mp3", "-y",
         str(raw)], stdin=subprocess.PIPE, stderr=subprocess.PIPE)


def decoded_peaks(path: Path, spans: list[tuple[int, int]], floor_db: float) -> list[float]:
    """Peak (dB) of each sample range ``[lo, hi)`` (ascending by ``lo``) of an audio file
    as ffmpeg decodes it, read in chunks: the true peak where the sample peak passes
    ``floor_db`` (oversampling is the costly part), else the sample peak."""
    floor = 10 ** ((floor_db) / 20)
    from voicecoach.audio import loudness

    proc = subprocess.Popen([ffmpeg(), "-v", "error", "-nostdin", "-i", str(path), "-f",
                             "s16le", "-ac", "1", "-"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)  # its lines are not ours to print
    assert proc.stdout is not None
    peaks = [0.0] * len(spans)
    at, first, tail = 0, 0, np.zeros(0)
    with proc.stdout:
        while chunk := proc.stdout.read(2 * 10 * RATE):
            x = np.concatenate([tail, np.frombuffer(chunk, "<i2") / loudness.FULL_SCALE])
            start, end = at - len(tail), at + len(chunk) // 2
            while first < len(spans) and spans[first][1] <= start:
                first += 1
            for i in range(first, len(spans)):
                lo, hi = spans[i]
                if lo >= end:
                    break
                part = x[max(lo, start) - start:min(hi, end) - start]
                top = float(np.abs(part).max()) if part.size else 0.0
                if top > floor:
                    top = loudness.true_peak(part, RATE)
                peaks[i] = max(peaks[i], top)
            tail, at = x[-RATE:], end  # a second again, so no span is cut in two parts only
    if proc.wait() != 0:
        if disk_full(path):
            raise AudioError(f"disk full while writing {path.name}")
        raise AudioError(f"ffmpeg could not read back {path.name}")
    return [20 * math.log10(max(p, 1e-10)) for p in peaks]


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


def disk_full(path: Path, room: int = 1 << 20) -> bool:
    """Is the disk holding ``path`` (nearly) full? An encoder that ran out of room may
    end without an error, leaving a cut file behind."""
    try:
        st = os.statvfs(path.parent)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < room


def os_problem(exc: OSError, path: Path) -> str:
    if exc.errno == 28:
        return f"disk full while writing {path.name}"
    return f"cannot write {path}: {exc.strerror or exc}"
