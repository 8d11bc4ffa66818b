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
FADE = 0.01            # seconds of raised-cosine fade at each end of a clip
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
    or 16 kHz engine never aliases into the result). The one place rates are converted.

    Output sample ``q * up + r`` is phase ``r`` of block ``q``, and every block reads the
    same ``width`` input samples, ``down`` further on: so the filter bank is one matrix
    and the whole clip one matrix product (BLAS), a block of rows at a time."""
    if clip.rate == rate or len(clip.samples) == 0:
        return Clip(clip.samples, rate)
    g = gcd(clip.rate, rate)
    up, down = rate // g, clip.rate // g
    matrix, lead = _block_matrix(up, down)
    width = matrix.shape[1]
    n = len(clip.samples) * up // down
    blocks = -(-n // up)
    x = np.zeros(lead + blocks * down + width)
    x[lead:lead + len(clip.samples)] = clip.samples
    windows = np.lib.stride_tricks.sliding_window_view(x, width)[::down][:blocks]
    out = np.empty(blocks * up)
    step = 256  # blocks at a time, to bound memory
    for lo in range(0, blocks, step):
        out[lo * up:(lo + step) * up] = (windows[lo:lo + step] @ matrix.T).ravel()
    return Clip(np.clip(np.round(out[:n]), -32768, 32767).astype(np.int16), rate)


@lru_cache(maxsize=8)
def _block_matrix(up: int, down: int) -> tuple[np.ndarray, int]:
    """The polyphase bank as one ``up`` x ``width`` matrix: row ``r`` holds phase ``r``'s
    taps where its input samples fall in a block's window; and how many samples of
    silence go before the input so that block 0's window starts where its taps do."""
    bank, k = _polyphase(up, down)
    r = np.arange(up)
    first = r * down // up                  # the input sample each phase is nearest after
    matrix = np.zeros((up, int(first[-1]) + len(k)))
    cols = first[:, None] + np.arange(len(k))[None, :]
    matrix[np.repeat(r, len(k)), cols.ravel()] = bank[r * down % up].ravel()
    return matrix, -int(k[0])


def gain(clip: Clip, factor: float | None) -> Clip:
    """The clip scaled by ``factor`` (a voice's volume, 0–1); None or 1 leaves it as it is."""
    if factor is None or factor == 1.0:
        return clip
    return Clip(np.clip(np.round(clip.samples * factor), -32768, 32767).astype(np.int16),
                clip.rate)
