"""Loudness (ITU-R BS.1770 / EBU R128) and peak control for clips, with numpy.

Levels are in LUFS and dBFS/dBTP; times in seconds. Clips are measured once each, and a
session's integrated loudness is worked out from the clips it places (silence between them
is gated out by BS.1770 anyway), so levelling never needs the whole session in memory.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

BLOCK = 0.4       # gating block, seconds
HOP = 0.1         # 75 % overlap
ABSOLUTE_GATE = -70.0
RELATIVE_GATE = -10.0
FULL_SCALE = 32768.0
MAX_GAIN_DB = 24.0  # what ``level_frames`` gives a quiet sound at most


@lru_cache(maxsize=64)
def _k_weighting(size: int, rate: int) -> np.ndarray:
    """Complex response of the K-weighting filter (shelf, then high-pass) at the bins of a
    ``size``-point real FFT; coefficients for any sample rate as in pyloudnorm."""
    z = np.exp(-1j * 2 * np.pi * np.fft.rfftfreq(size, 1 / rate) / rate)

    def biquad(b: tuple[float, float, float], a: tuple[float, float, float]) -> np.ndarray:
        h: np.ndarray = (b[0] + b[1] * z + b[2] * z * z) / (a[0] + a[1] * z + a[2] * z * z)
        return h

    gain, q, fc = 3.99984385397, 0.7071752369554193, 1681.9744509555319
    big_a = 10 ** (gain / 40)
    w0 = 2 * math.pi * fc / rate
    alpha, cos = math.sin(w0) / (2 * q), math.cos(w0)
    sq = 2 * math.sqrt(big_a) * alpha
    shelf = biquad(
        (big_a * ((big_a + 1) + (big_a - 1) * cos + sq),
         -2 * big_a * ((big_a - 1) + (big_a + 1) * cos),
         big_a * ((big_a + 1) + (big_a - 1) * cos - sq)),
        ((big_a + 1) - (big_a - 1) * cos + sq, 2 * ((big_a - 1) - (big_a + 1) * cos),
         (big_a + 1) - (big_a - 1) * cos - sq))
    q, fc = 0.5003270373253953, 38.13547087613982
    w0 = 2 * math.pi * fc / rate
    alpha, cos = math.sin(w0) / (2 * q), math.cos(w0)
    highpass = biquad(((1 + cos) / 2, -(1 + cos), (1 + cos) / 2),
                      (1 + alpha, -2 * cos, 1 - alpha))
    response: np.ndarray = shelf * highpass
    return response


def lowpass(x: np.ndarray, rate: int, cutoff: float, width: float = 1000.0) -> np.ndarray:
    """``x`` without what lies above ``cutoff`` Hz (a linear-phase ramp ``width`` Hz wide)."""
    size = 1 << max(0, len(x) + rate // 50 - 1).bit_length()
    f = np.fft.rfftfreq(size, 1 / rate)
    ramp = np.clip((cutoff + width / 2 - f) / width, 0.0, 1.0)
    y: np.ndarray = np.fft.irfft(np.fft.rfft(x, size) * ramp, size)[:len(x)]
    return y


def weighted(x: np.ndarray, rate: int, tail: float = 0.05) -> np.ndarray:
    """``x`` (float, full scale 1) through the K-weighting filter, with ``tail`` seconds of
    the filter's ringing after it."""
    n = len(x) + int(tail * rate)
    size = 1 << max(0, n - 1).bit_length()
    y: np.ndarray = np.fft.irfft(np.fft.rfft(x, size) * _k_weighting(size, rate), size)[:n]
    return y


def energy_curve(y: np.ndarray, gain: np.ndarray | float = 1.0) -> np.ndarray:
    """Cumulative energy, starting at 0, of K-weighted samples ``y`` times ``gain`` (a
    number, or a per-sample envelope that is held at its last value over the tail). A slow
    envelope commutes with the filter closely enough to measure a limited clip this way."""
    if isinstance(gain, np.ndarray) and len(gain) < len(y):
        gain = np.concatenate([gain, np.full(len(y) - len(gain), gain[-1] if len(gain) else 1)])
    curve = np.empty(len(y) + 1)
    curve[0] = 0.0
    np.cumsum(np.square(y * gain, dtype=np.float64), out=curve[1:])
    return curve


class Meter:
    """Integrated loudness of sounds placed at sample offsets, added one sound (and all its
    placings) at a time from its energy curve, so only one curve need exist at once.
    Sounds never overlap, so a block's energy is the sum of each sound's part in it."""

    def __init__(self, samples: int, rate: int) -> None:
        self.n, self.hop = int(BLOCK * rate), int(HOP * rate)
        self.acc = np.zeros(samples // self.hop + 2)

    def add(self, curve: np.ndarray, starts: list[int]) -> None:
        """The sound of energy ``curve`` placed at each of ``starts``: every block it
        reaches gets its energy there (all placings at once)."""
        k, a, b = self.blocks(len(curve) - 1, starts)
        self.add_blocks(k, curve[b] - curve[a])

    def blocks(self, length: int, starts: list[int]) -> tuple[np.ndarray, ...]:
        """For a sound ``length`` samples long at each of ``starts``: each block it
        reaches, and where that block starts and ends in the sound (clipped to it)."""
        at = np.asarray(starts, dtype=np.int64)
        first = np.maximum(0, -(-(at - self.n + 1) // self.hop))
        count = np.maximum(0, np.minimum(len(self.acc), (at + length - 1) // self.hop + 1)
                           - first)
        ends = np.cumsum(count)
        total = int(ends[-1]) if len(ends) else 0
        k = np.repeat(first - ends + count, count) + np.arange(total)  # each run's blocks
        at = np.repeat(at, count)
        return (k, np.clip(k * self.hop - at, 0, length),
                np.clip(k * self.hop + self.n - at, 0, length))

    def add_blocks(self, k: np.ndarray, energy: np.ndarray) -> None:
        if len(k):
            self.acc += np.bincount(k, energy, len(self.acc))

    def lufs(self) -> float:
        return integrated(self.acc[self.acc > 0] / self.n)


def integrated(powers: np.ndarray) -> float:
    """Gated integrated loudness (LUFS) of a sequence of block powers."""
    def lufs(z: np.ndarray | float) -> np.ndarray | float:
        return -0.691 + 10 * np.log10(np.maximum(z, 1e-20))

    loud = powers[lufs(powers) > ABSOLUTE_GATE]
    if loud.size == 0:
        return -math.inf
    gate = float(lufs(loud.mean())) + RELATIVE_GATE
    kept = loud[lufs(loud) > gate]
    return float(lufs(kept.mean()))


def frames_lufs(energy: np.ndarray, frame: int, rate: int) -> float:
    """Integrated loudness (LUFS) of K-weighted energies summed per ``frame`` samples (a
    whole number of frames to a hop)."""
    hop, block = round(HOP * rate) // frame, round(BLOCK * rate) // frame
    if len(energy) < block:
        return -math.inf
    csum = np.concatenate([[0.0], np.cumsum(energy, dtype=np.float64)])
    starts = np.arange(0, len(energy) - block + 1, hop)
    return integrated((csum[starts + block] - csum[starts]) / (block * frame))


def smooth_limit(peaks: np.ndarray, gain: float, ceiling: float,
                 radius: int = 10) -> np.ndarray:
    """Per-frame gain: ``gain``, lowered where a frame's peak would pass ``ceiling``,
    smoothly: the least gain within ``radius`` frames, averaged over ``radius - 1`` frames
    each side, so no frame (nor a point between two frames' centres) passes the ceiling
    and the gain moves over ~2 × ``radius`` frames (for music: no audible pumping)."""
    need = np.minimum(1.0, ceiling / np.maximum(peaks * gain, 1e-12))
    if not len(need) or need.min() >= 1.0:
        return np.full(len(peaks), gain)
    least = np.lib.stride_tricks.sliding_window_view(
        np.pad(need, radius, constant_values=1.0), 2 * radius + 1).min(axis=1)
    h = radius - 1
    csum = np.concatenate([[0.0], np.cumsum(np.pad(least, h, mode="edge"))])
    out: np.ndarray = gain * (csum[2 * h + 1:] - csum[:-(2 * h + 1)]) / (2 * h + 1)
    return out


def level_frames(energy: np.ndarray, peaks: np.ndarray, lufs: float, ceiling: float,
                 frame: int, rate: int) -> np.ndarray:
    """The per-frame gain (``smooth_limit``) that brings a sound of per-frame K-weighted
    ``energy`` and oversampled ``peaks`` to ``lufs`` with its peaks under ``ceiling``
    (linear): limiting costs loudness, so the gain is found by secant steps."""
    def measured(db: float) -> tuple[np.ndarray, float]:
        g = smooth_limit(peaks, 10 ** (db / 20), ceiling)
        return g, frames_lufs(energy * np.square(g), frame, rate)

    start = frames_lufs(energy, frame, rate)
    if not np.isfinite(start):
        return np.ones(len(energy))
    before, db = (0.0, start), lufs - start
    g, got = measured(db)
    for _ in range(8):
        if abs(got - lufs) < 0.05:
            break
        slope = max((got - before[1]) / (db - before[0]) if db != before[0] else 1.0, 0.1)
        before, db = (db, got), min(MAX_GAIN_DB, db + (lufs - got) / slope)
        g, got = measured(db)
    return g


@lru_cache(maxsize=1)
def _interpolators(taps: int = 16) -> np.ndarray:
    """Windowed-sinc filters for the samples a quarter, half and three quarters between."""
    k = np.arange(-taps // 2 + 1, taps // 2 + 1)
    rows = [np.sinc(k - p) * np.kaiser(taps, 6.0) for p in (0.25, 0.5, 0.75)]
    return np.array([r / r.sum() for r in rows])


def oversampled_peaks(x: np.ndarray, rate: int, frame: int = 0) -> np.ndarray:
    """|x| (float, full scale 1) 4× oversampled, reduced to its maximum per ``frame``
    samples (0: 5 ms). It scales with gain, so it is worked out once per clip."""
    n = len(x)
    if n == 0:
        return np.zeros(0)
    frame = frame or max(1, int(0.005 * rate))
    frames = -(-n // frame)
    up = np.abs(x)
    for h in _interpolators():
        # between x[i] and x[i+1] lies the filter centred there
        between = np.convolve(x, h[::-1], mode="full")[len(h) // 2:][:n]
        up = np.maximum(up, np.abs(between))
    padded = np.concatenate([up, np.zeros(frames * frame - n)]).reshape(frames, frame)
    peaks: np.ndarray = padded.max(axis=1)
    return peaks


def true_peak(x: np.ndarray, rate: int) -> float:
    """Peak of ``x`` (float, full scale 1) 4× oversampled."""
    peaks = oversampled_peaks(x, rate)
    return float(peaks.max()) if peaks.size else 0.0


def envelope(peaks: np.ndarray, gain: float, ceiling: float, n: int,
             rate: int) -> np.ndarray | float:
    """Per-sample gain for ``n`` samples: ``gain``, lowered where the oversampled peak would
    pass ``ceiling`` (per 5 ms frame, spread ±15 ms, eased between frames)."""
    spread = _reduction(peaks, gain, ceiling)
    if spread is None:
        return gain
    centers = (np.arange(len(spread)) + 0.5) * max(1, int(0.005 * rate))
    out: np.ndarray = gain * np.interp(np.arange(n), centers, spread)
    return out


def _reduction(peaks: np.ndarray, gain: float, ceiling: float) -> np.ndarray | None:
    """The limiter's reduction (≤ 1) at each frame's centre, or None where none is needed."""
    if not peaks.size or peaks.max() * gain <= ceiling:
        return None
    reduce = np.minimum(1.0, ceiling / np.maximum(peaks * gain, 1e-12))
    padded = np.concatenate([np.ones(3), reduce, np.ones(3)])
    spread: np.ndarray = np.lib.stride_tricks.sliding_window_view(padded, 7).min(axis=1)
    return spread


class Energy:
    """``energy_curve`` of K-weighted samples ``y`` (the first ``n`` the clip's, the rest
    its filter's ringing) under ``envelope`` at any gain, at the samples ``wanted`` only.
    The envelope is linear between knots the clip fixes (0, its frames' centres, ``n - 1``;
    held after), so sums of y², y²·u and y²·u² (u: samples past the knot before) are kept,
    per segment between knots and up to each wanted sample: a gain then costs a few
    operations a frame, not a pass over every sample, and nothing per sample is held."""

    def __init__(self, y: np.ndarray, n: int, rate: int, wanted: np.ndarray) -> None:
        frame = max(1, int(0.005 * rate))
        self.centers = (np.arange(-(-n // frame)) + 0.5) * frame
        self.inside = int(np.searchsorted(self.centers, n - 1, side="right"))
        self.n = n
        knots = np.concatenate([[0.0], self.centers[:self.inside], [n - 1.0]])
        i = np.arange(len(y))
        first = np.searchsorted(i, knots)                  # each segment's first sample
        self.width = np.diff(knots)
        y2 = np.square(y, dtype=np.float64)
        u = i - knots[np.searchsorted(knots, i, side="right") - 1]
        self.k = np.searchsorted(first, wanted, side="right") - 1
        self.sums, self.part = [], []
        for p in (0, 1, 2):
            q = np.concatenate([[0.0], np.cumsum(y2 * u ** p)])
            self.sums.append(np.diff(q[np.append(first, len(y))]))
            self.part.append(q[wanted] - q[first[self.k]])
            if p == 0:
                self.plain = q[wanted]

    def at(self, peaks: np.ndarray, gain: float, ceiling: float) -> np.ndarray:
        """The cumulative energy before each wanted sample, limited at ``gain``."""
        spread = _reduction(peaks, gain, ceiling)
        if spread is None:
            plain: np.ndarray = gain * gain * self.plain
            return plain
        end = np.interp(self.n - 1, self.centers, spread)
        e = gain * np.concatenate([spread[:1], spread[:self.inside], [end]])
        d = np.zeros(len(e))
        wide = self.width > 0
        d[:-1][wide] = np.diff(e)[wide] / self.width[wide]
        s0, s1, s2 = self.sums
        cum = np.concatenate([[0.0], np.cumsum(e * e * s0 + 2 * e * d * s1 + d * d * s2)])
        k, (p0, p1, p2) = self.k, self.part
        out: np.ndarray = (cum[k] + e[k] ** 2 * p0 + 2 * e[k] * d[k] * p1 + d[k] ** 2 * p2)
        return out
