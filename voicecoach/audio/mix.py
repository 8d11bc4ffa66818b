"""The one function that places sounds: every sound starts at its sample on a silent bed
(or on a music bed), block by block (positions in samples at ``clip.RATE``). Export renders
whole files with it and live play renders 50 ms blocks with it; nothing is appended,
nothing beyond a block is held.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

import numpy as np

from voicecoach.audio.clip import RATE

CHUNK = 10 * RATE              # samples per rendered chunk
GRID = 576                     # samples: an MP3 frame at RATE. MP3 export puts sounds on
                               # this grid (13 ms at most off plan) to join cached frames


def on_grid(seconds: float, grid: int = 1) -> int:
    """The sample nearest ``seconds`` on a grid of ``grid`` samples."""
    return round(seconds * RATE / grid) * grid


class Sound:
    """A placed sound: its first sample ``at`` and ``size`` float samples (full scale 1).
    The samples may be made only when first placed (``Sound.late``): live play starts
    while the later clips are still being levelled."""

    __slots__ = ("_make", "_samples", "at", "size")

    def __init__(self, at: int, samples: np.ndarray) -> None:
        self.at, self.size = at, len(samples)
        self._samples: np.ndarray | None = samples
        self._make: Callable[[], np.ndarray] | None = None

    @classmethod
    def late(cls, at: int, size: int, make: Callable[[], np.ndarray]) -> Sound:
        """A sound of ``size`` samples that ``make`` makes when they are first needed."""
        sound = cls(at, np.zeros(0, np.float32))
        sound.size, sound._samples, sound._make = size, None, make
        return sound

    @property
    def samples(self) -> np.ndarray:
        if self._samples is None:
            assert self._make is not None
            made = self._make()
            if len(made) != self.size:  # held to the length it was placed with
                made = np.pad(made[:self.size], (0, max(0, self.size - len(made))))
            self._samples = made
        return self._samples


class Bed(Protocol):
    """What sounds are placed on when it is not silence (the music, ducked)."""

    def block(self, lo: int, hi: int) -> np.ndarray:
        """Float samples ``[lo, hi)`` of the bed, in session samples (before 0: silence)."""

    def prepare(self, spans: list[tuple[int, int]]) -> None:
        """``spans`` will be read side by side, each from its start: get ready for them."""


class Placement:
    """Sounds ordered by their first sample, to render any range ``[lo, hi)`` quickly,
    on ``bed`` (read ``offset`` samples later: a track that starts mid-session)."""

    def __init__(self, sounds: Sequence[Sound], bed: Bed | None = None,
                 offset: int = 0) -> None:
        self.sounds = sorted(sounds, key=lambda s: s.at)
        self.starts = [s.at for s in self.sounds]
        self.longest = max((s.size for s in self.sounds), default=0)
        self.bed, self.offset = bed, offset

    def prepare(self, spans: list[tuple[int, int]]) -> None:
        """``spans`` (``[lo, hi)``) will be rendered side by side: the bed gets ready."""
        if self.bed is not None:
            self.bed.prepare([(lo + self.offset, hi + self.offset) for lo, hi in spans])

    def block(self, lo: int, hi: int, dtype: type = np.float64) -> np.ndarray:
        """Samples ``[lo, hi)`` of the bed with every sound that reaches into it added."""
        if self.bed is None:
            bed: np.ndarray = np.zeros(hi - lo, dtype)
        else:
            bed = self.bed.block(lo + self.offset, hi + self.offset).astype(dtype, copy=False)
        first = bisect.bisect_left(self.starts, lo - self.longest)
        for s in self.sounds[first:bisect.bisect_left(self.starts, hi)]:
            a, b = max(lo, s.at), min(hi, s.at + s.size)
            if a < b:
                bed[a - lo:b - lo] += s.samples[a - s.at:b - s.at]
        return bed


def samples_in(start: float, end: float) -> int:
    return round(end * RATE) - round(start * RATE)


def render(sounds: list[Sound], total: int, chunk: int = CHUNK,
           placed: Placement | None = None) -> Iterator[bytes]:
    """s16le PCM of ``total`` samples with ``sounds`` placed (or ``placed``: sounds on a
    bed), ``chunk`` samples at a time."""
    return mix(sounds, [(0, total)], chunk, placed)


def mix(sounds: list[Sound], spans: list[tuple[int, int]],
        chunk: int = CHUNK, placed: Placement | None = None) -> Iterator[bytes]:
    """s16le PCM of the sample ranges ``spans`` (ascending, ``[lo, hi)``; before 0 is
    silence) one after another, in chunks of at most ``chunk`` samples."""
    for bed in beds(sounds, spans, chunk, placed):
        yield to_pcm(bed)


def to_pcm(bed: np.ndarray) -> bytes:
    x: np.ndarray = bed * bed.dtype.type(32767)
    np.rint(x, out=x)
    np.clip(x, -32768, 32767, out=x)
    return x.astype("<i2").tobytes()


def beds(sounds: list[Sound], spans: list[tuple[int, int]],
         chunk: int = CHUNK, placed: Placement | None = None) -> Iterator[np.ndarray]:
    """Float samples of ``spans`` with ``sounds`` placed, ``chunk`` samples at a time."""
    placed = placed or Placement(sounds)
    for lo, hi in spans:
        for a in range(lo, hi, chunk):
            yield placed.block(a, min(hi, a + chunk))
