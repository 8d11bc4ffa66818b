"""Mono 16-bit PCM clips: reading and writing WAV, trimming silence. Lengths in seconds."""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass
from functools import lru_cache
from math import gcd
from pathlib import Path

import numpy as np

RATE = 22_050          # samples per second, everywhere in voicecoach (espeak's own rate)
SILENCE = 200          # |sample| at or below this (about -44 dBFS) counts as silence
PAD = 0.01             # seconds of silence kept around trimmed speech
FADE = 0.005           # seconds of raised-cosine fade at each end of a clip
TAPS = 32              # resampling filter length, in input samples at the lower rate


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


def fade(clip: Clip, seconds: float = FADE) -> Clip:
    """The clip with a raised-cosine fade-in and fade-out of ``seconds`` each: it starts
    and ends at zero, so no clip clicks on or off, whatever its engine did at its edges."""
    n = min(int(seconds * clip.rate), len(clip.samples) // 2)
    if n == 0:
        return clip
    ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(n) / n)  # 0 … just under 1
    x = clip.samples.astype(np.float64)
    x[:n] *= ramp
    x[len(x) - n:] *= ramp[::-1]
    return Clip(np.round(x).astype(np.int16), clip.rate)


@lru_cache(maxsize=8)
def _polyphase(up: int, down: int) -> tuple[np.ndarray, np.ndarray]:
    """Filter bank for resampling by ``up/down``: a Kaiser-windowed sinc low-pass at the
    lower of the two Nyquist frequencies, one row per output phase, and its tap offsets."""
    cut = 0.94 * min(1.0, up / down)        # cutoff relative to the input's Nyquist, with room
                                            # for the filter's transition band
    half = int(np.ceil(TAPS / 2 / cut))     # taps each side, in input samples
    k = np.arange(-half + 1, half + 1)
    phase = np.arange(up)[:, None] / up    # row r: output lies r/up past an input sample
    t = k[None, :] - phase
    bank = cut * np.sinc(cut * t) * np.kaiser(2 * half, 8.0)[None, :]
    bank /= bank.sum(axis=1, keepdims=True)              # unity gain at DC, every phase
    return bank, k


def resample(clip: Clip, rate: int) -> Clip:
    """The clip at ``rate``: windowed-sinc polyphase resampling (band-limited, so a 32 kHz
    or 16 kHz engine never aliases into the result). The one place rates are converted."""
    if clip.rate == rate or len(clip.samples) == 0:
        return Clip(clip.samples, rate)
    g = gcd(clip.rate, rate)
    up, down = rate // g, clip.rate // g
    bank, k = _polyphase(up, down)
    x = clip.samples.astype(np.float64)
    n = len(x) * up // down
    out = np.empty(n)
    step = 65_536  # output samples per block, to bound memory
    pad = len(k)
    xp = np.concatenate([np.zeros(pad), x, np.zeros(pad)])
    for lo in range(0, n, step):
        m = np.arange(lo, min(n, lo + step))
        base = m * down // up
        idx = base[:, None] + k[None, :] + pad
        out[lo:lo + len(m)] = np.einsum("ij,ij->i", xp[idx], bank[m * down % up])
    return Clip(np.clip(np.round(out), -32768, 32767).astype(np.int16), rate)


def gain(clip: Clip, factor: float | None) -> Clip:
    """The clip scaled by ``factor`` (a voice's volume, 0–1); None or 1 leaves it as it is."""
    if factor is None or factor == 1.0:
        return clip
    return Clip(np.clip(np.round(clip.samples * factor), -32768, 32767).astype(np.int16),
                clip.rate)
