"""Mono 16-bit PCM clips: reading and writing WAV, trimming silence. Lengths in seconds."""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

RATE = 22_050          # samples per second, everywhere in voicecoach (espeak's own rate)
SILENCE = 200          # |sample| at or below this (about -44 dBFS) counts as silence
PAD = 0.01             # seconds of silence kept around trimmed speech


@dataclass(frozen=True)
class Clip:
    """Mono int16 samples at ``rate`` samples per second."""

    samples: np.ndarray
    rate: int = RATE

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate

    def peak(self) -> int:
        return int(np.abs(self.samples.astype(np.int32)).max(initial=0))


def read_wav(data: bytes | Path) -> Clip:
    """Decode a WAV file (any channel count, 16-bit) into a mono clip."""
    src = io.BytesIO(data) if isinstance(data, bytes) else str(data)
    with wave.open(src, "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError(f"expected 16-bit WAV, got {8 * w.getsampwidth()}-bit")
        frames = w.readframes(w.getnframes())
        channels, rate = w.getnchannels(), w.getframerate()
    samples = np.frombuffer(frames, dtype="<i2")
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1).astype(np.int16)
    return Clip(samples.copy(), rate)


def wav_bytes(clip: Clip) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(clip.rate)
        w.writeframes(clip.samples.astype("<i2").tobytes())
    return out.getvalue()


def trim(clip: Clip) -> Clip:
    """Cut leading and trailing silence, keeping ``PAD`` seconds each side."""
    loud = np.flatnonzero(np.abs(clip.samples.astype(np.int32)) > SILENCE)
    if loud.size == 0:
        return Clip(clip.samples[:0], clip.rate)
    pad = int(PAD * clip.rate)
    start = max(0, int(loud[0]) - pad)
    end = min(len(clip.samples), int(loud[-1]) + 1 + pad)
    return Clip(clip.samples[start:end], clip.rate)


def resample(clip: Clip, rate: int) -> Clip:
    """Linear-interpolation resampling (engines other than espeak may differ in rate)."""
    if clip.rate == rate or len(clip.samples) == 0:
        return Clip(clip.samples, rate)
    n = round(len(clip.samples) * rate / clip.rate)
    x = np.linspace(0, len(clip.samples) - 1, n)
    out = np.interp(x, np.arange(len(clip.samples)), clip.samples.astype(np.float64))
    return Clip(out.round().astype(np.int16), rate)
