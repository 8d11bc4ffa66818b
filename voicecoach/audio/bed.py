"""The music bed: tracks laid end to end with ~3 s equal-power crossfades, repeated to the
session's length and faded out at its end, each at the bed's loudness, and ducked under
every cue: the timeline says where cues are, so the music is already down when one starts.

Positions in samples at ``clip.RATE``; levels in dB and LUFS. ``BedPlan`` is pure (where
each track plays, how loud the bed is over time); ``MusicBed`` decodes the tracks it needs,
one ffmpeg each, to temporary raw files (two hours of music are never held in memory) and
renders any range, so export segments and the live player read the same bed.
"""

from __future__ import annotations

import bisect
import concurrent.futures
import contextlib
import math
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from voicecoach.audio import loudness
from voicecoach.audio.clip import RATE
from voicecoach.audio.decoded import FRAME, DecodedMusic
from voicecoach.audio.music import Track
from voicecoach.plan.timeline import Timeline

XFADE = 3.0            # s: crossfade between tracks
FADE_IN = 1.0          # s: the music's very start
FADE_OUT = 6.0         # s: the session's end
DUCK_DB = -15.0        # dB under every cue (the goal is at least 12)
ATTACK = 0.15          # s: going down, finished ``LEAD`` before the cue
LEAD = 0.05            # s
RELEASE = 0.5          # s: coming back up after the cue
BED_PEAK = -2.5        # dBTP: a track is limited (smoothly) under this
MUSIC_LEVEL = -10.0    # LU: the bed between cues, relative to the speech
MIX_PEAK = -1.0        # dBTP: speech and the ducked bed under it, added
# dBTP: the speech's ceiling over music, so the ducked bed under it keeps the sum in MIX_PEAK
SPEECH_CEILING = 20 * math.log10(10 ** (MIX_PEAK / 20) - 10 ** ((BED_PEAK + DUCK_DB) / 20))
CONTROL = 64           # samples between the points where the ducking gain is worked out


@dataclass(frozen=True)
class Slot:
    """One play of a track: ``at`` (session sample), ``length`` samples, faded in over
    ``fade_in`` and out over ``fade_out`` samples (equal power)."""

    track: int
    at: int
    length: int
    fade_in: int
    fade_out: int


def schedule(tracks: list[Track], total: int) -> list[Slot]:
    """Tracks in order, again and again, crossfaded, until ``total`` samples are covered."""
    slots: list[Slot] = []
    at, i = 0, 0
    while at < total and tracks:
        n = tracks[i % len(tracks)].samples
        xf = min(round(XFADE * RATE), n // 3, slots[-1].length // 3 if slots else n)
        if slots:
            prev = slots[-1]
            at = prev.at + prev.length - xf
            slots[-1] = Slot(prev.track, prev.at, prev.length, prev.fade_in, xf)
        slots.append(Slot(i % len(tracks), at, n, xf if slots else min(round(FADE_IN * RATE),
                                                                       n // 3), 0))
        at += n
        i += 1
    return slots


class Ducking:
    """The bed's gain under the cues: ``DUCK_DB`` from ``LEAD`` before each cue to its end,
    ramped over ``ATTACK`` before and ``RELEASE`` after (in dB, linearly); cues closer than
    the ramps stay down in between, so nothing pumps."""

    def __init__(self, cues: list[tuple[int, int]]) -> None:
        lead, attack = round(LEAD * RATE), round(ATTACK * RATE)
        release = round(RELEASE * RATE)
        merged: list[list[int]] = []
        for a, b in sorted(cues):
            a -= lead
            if merged and a - attack <= merged[-1][1] + release:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.spans = [(a, b) for a, b in merged]
        self.starts = [a - attack for a, _ in self.spans]
        self.attack, self.release = attack, release

    def db(self, t: np.ndarray) -> np.ndarray:
        """Gain (dB) at the ascending samples ``t``."""
        out = np.zeros(len(t))
        if not len(t):
            return out
        first = max(0, bisect.bisect_right(self.starts, int(t[0])) - 1)
        for a, b in self.spans[first:bisect.bisect_right(self.starts, int(t[-1]))]:
            lo, hi = np.searchsorted(t, [a - self.attack, b + self.release])
            shape = np.interp(t[lo:hi], [a - self.attack, a, b, b + self.release],
                              [0.0, DUCK_DB, DUCK_DB, 0.0])
            np.minimum(out[lo:hi], shape, out=out[lo:hi])
        return out


_STEPS = (np.arange(CONTROL) / CONTROL).astype(np.float32)


def _ramp(pos: np.ndarray, length: int) -> np.ndarray:
    """Equal-power fade-in gain at positions ``pos`` of a ramp ``length`` long."""
    out: np.ndarray = np.sin(0.5 * np.pi * np.clip(pos / max(length, 1), 0.0, 1.0))
    return out.astype(np.float32)


class BedPlan:
    """Where each track plays in a session of ``total`` samples and the bed's gain over
    time (fades and ducking), before any music is decoded: what levelling needs."""

    def __init__(self, tracks: list[Track], total: int, cues: list[tuple[int, int]]) -> None:
        self.tracks, self.total = tracks, total
        self.slots = schedule(tracks, total)
        self.starts = [s.at for s in self.slots]
        self.ducking = Ducking(cues)
        self.fade_out = min(round(FADE_OUT * RATE), total // 4)

    def gain(self, lo: int, hi: int, step: int = 1) -> np.ndarray:
        """Linear gain of the bed at samples ``lo, lo + step, …`` below ``hi``: ducking
        (worked out every ``CONTROL`` samples, interpolated), the music's first fade-in
        and the session's fade-out (crossfades keep the power)."""
        if step == 1:
            g = self._ducked(lo, hi)
        elif step < CONTROL:
            # on a fixed grid, so any cut into blocks gives the same samples
            t = np.arange(lo, hi, step)
            coarse = np.arange(lo - lo % CONTROL, hi + CONTROL, CONTROL)
            g = np.interp(t, coarse, 10 ** (self.ducking.db(coarse) / 20)).astype(np.float32)
        else:
            g = (10 ** (self.ducking.db(np.arange(lo, hi, step)) / 20)).astype(np.float32)

        def first(at: int) -> int:  # the index of the first sample at or after ``at``
            return min(len(g), max(0, -(-(at - lo) // step)))

        tail = first(self.total - self.fade_out)
        if tail < len(g):
            g[tail:] *= _ramp(self.total - np.arange(lo + tail * step, hi, step), self.fade_out)
        head = first(self.slots[0].fade_in) if self.slots else 0
        if head:
            g[:head] *= _ramp(np.arange(lo, lo + head * step, step, dtype=np.float64),
                              self.slots[0].fade_in)
        return g

    def _ducked(self, lo: int, hi: int) -> np.ndarray:
        """The ducking gain of every sample in ``[lo, hi)``: worked out on the fixed grid
        of ``CONTROL`` samples and interpolated linearly between its points (as
        ``np.interp`` would, without its search), only where it moves."""
        base = lo - lo % CONTROL
        coarse = (10 ** (self.ducking.db(np.arange(base, hi + CONTROL, CONTROL)) / 20)
                  ).astype(np.float32)
        rise = np.diff(coarse)
        out = np.repeat(coarse[:-1], CONTROL)
        moving = np.flatnonzero(rise)
        if moving.size:
            rows = out.reshape(-1, CONTROL)
            rows[moving] += rise[moving, None] * _STEPS[None, :]
        return out[lo - base:hi - base]

    def power(self, hop: int) -> np.ndarray:
        """Mean squared gain over each ``hop`` samples of the session."""
        step = max(1, hop // 20)
        per = hop // step * step                  # samples a hop covers, on the steps
        piece = per * 10_000                      # worked out a piece at a time
        parts = [np.square(self.gain(lo, min(lo + piece, self.total // per * per), step)
                           .astype(np.float64)).reshape(-1, per // step).mean(axis=1)
                 for lo in range(0, self.total // per * per, piece)]
        out: np.ndarray = np.concatenate(parts) if parts else np.zeros(0)
        return out

    def used(self, lo: int = 0, hi: int | None = None) -> list[Track]:
        """The tracks heard in ``[lo, hi)``, in order of first play, each once."""
        hi = self.total if hi is None else hi
        seen: dict[int, Track] = {}
        for s in self.slots:
            if s.at < hi and s.at + s.length > lo:
                seen.setdefault(s.track, self.tracks[s.track])
        return list(seen.values())


def plan_for(timeline: Timeline, tracks: list[Track]) -> BedPlan:
    """The bed of a whole session, ducked under all its cues."""
    return BedPlan(tracks, round(timeline.duration * RATE),
                   [(round(c.start * RATE), round(c.end * RATE)) for c in timeline.cues])


@dataclass(frozen=True)
class Decoded:
    raw: Path
    gain: np.ndarray   # linear, per ``decoded.FRAME``: to the bed's loudness, limited

    def at(self, offset: int, n: int) -> np.ndarray:
        """The gain at the track's samples ``[offset, offset + n)`` (eased between the
        frames' centres)."""
        first = max(0, offset // FRAME - 1)
        g = self.gain[first:(offset + n) // FRAME + 2]
        if not len(g):
            return np.ones(n, np.float32)
        centres = (np.arange(first, first + len(g)) + 0.5) * FRAME
        out: np.ndarray = np.interp(np.arange(offset, offset + n), centres, g)
        return out.astype(np.float32)


class MusicBed:
    """The bed of ``plan`` at ``lufs`` between cues, rendered from tracks decoded to raw
    s16 files (``decoded.DecodedMusic``: kept in ``store``, a folder, between runs if
    given). Decoding runs ahead in the background, ``workers`` tracks at a time:
    ``prefetch`` tracks beyond the one playing, or all that ``prepare`` is told of."""

    def __init__(self, plan: BedPlan, lufs: float, workers: int = 1,
                 prefetch: int = 1, store: Path | None = None) -> None:
        self.plan, self.lufs, self.prefetch = plan, lufs, prefetch
        self.music = DecodedMusic(store)
        self.pool = concurrent.futures.ThreadPoolExecutor(workers)
        self.jobs: dict[int, concurrent.futures.Future[Decoded]] = {}
        self.lock = threading.Lock()
        self.fds: dict[int, int] = {}

    def start(self, tracks: range | list[int]) -> None:
        """Decode these tracks now, in the background, in this order."""
        with self.lock:
            for i in tracks:
                if i not in self.jobs:
                    self.jobs[i] = self.pool.submit(self._decode, i)

    def prepare(self, spans: list[tuple[int, int]]) -> None:
        """``spans`` will be read side by side, each from its start: decode the tracks
        they play, taking each span's next track in turn."""
        runs = [[s.track for s in self.plan.slots if s.at < hi and s.at + s.length > lo]
                for lo, hi in spans]
        self.start([run[k] for k in range(max(map(len, runs), default=0))
                    for run in runs if k < len(run)])

    def decoded(self, i: int) -> Decoded:
        self.start([i, *[(i + k) % len(self.plan.tracks) for k in range(1, self.prefetch + 1)]])
        return self.jobs[i].result()

    def _decode(self, i: int) -> Decoded:
        """The track decoded, with the gain that brings it to the bed's loudness, limited
        (smoothly) where its peaks would pass ``BED_PEAK``: music with a wide range of
        peak to loudness (or stereo that loses loudness in mono) reaches it too."""
        raw = self.music.get(self.plan.tracks[i])
        assert raw.frames is not None
        gain = loudness.level_frames(raw.frames[0], raw.frames[1], self.lufs,
                                     10 ** (BED_PEAK / 20), FRAME, RATE)
        return Decoded(raw.path, gain.astype(np.float32))

    def block(self, lo: int, hi: int) -> np.ndarray:
        """Float samples ``[lo, hi)`` of the bed."""
        out = np.zeros(max(0, hi - lo), np.float32)
        a0, b0 = max(lo, 0), min(hi, self.plan.total)
        if a0 >= b0:
            return out
        slots = self.plan.slots
        # a slot overlaps only its neighbours (crossfades are under a third of a track)
        first = max(0, bisect.bisect_right(self.plan.starts, a0) - 2)
        filled = lo                               # ``out`` is silence from here on
        for s in slots[first:bisect.bisect_left(self.plan.starts, b0)]:
            a, b = max(a0, s.at), min(b0, s.at + s.length)
            if a >= b:
                continue
            # into ``out`` itself where nothing is yet (all but crossfades)
            x = out[a - lo:b - lo] if a >= filled else np.zeros(b - a, np.float32)
            self._read(s.track, a - s.at, x)
            if s is not slots[0] and a - s.at < s.fade_in:  # the first is in plan.gain
                n = min(b, s.at + s.fade_in) - a
                x[:n] *= _ramp(np.arange(a - s.at, a - s.at + n), s.fade_in)
            if s.fade_out and b - s.at > s.length - s.fade_out:
                k = max(a, s.at + s.length - s.fade_out) - a
                x[k:] *= _ramp(s.length - np.arange(a + k - s.at, b - s.at), s.fade_out)
            if a < filled:
                out[a - lo:b - lo] += x
            filled = max(filled, b)
        out[a0 - lo:b0 - lo] *= self.plan.gain(a0, b0)
        return out

    def _read(self, track: int, offset: int, out: np.ndarray) -> None:
        """``len(out)`` samples from ``offset`` of the decoded track at its gain, into
        ``out`` (silence, left as it is past the track's end)."""
        decoded = self.decoded(track)
        raw = decoded.raw
        with self.lock:
            fd = self.fds.get(track)
            if fd is None:
                fd = self.fds[track] = os.open(raw, os.O_RDONLY)
        data = os.pread(fd, 2 * len(out), 2 * offset)
        n = len(data) // 2
        np.multiply(np.frombuffer(data[:2 * n], "<i2"), np.float32(1 / 32768), out=out[:n])
        out[:n] *= decoded.at(offset, n)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        for fd in self.fds.values():
            with contextlib.suppress(OSError):
                os.close(fd)
        self.music.close()
