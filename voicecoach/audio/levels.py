"""Level a session's sounds: speech gained to ``TARGET_LUFS`` integrated (BS.1770, worked
out from each clip's energy curve and where it is placed), true peaks limited under a
ceiling; tones at their own fixed level. Gains in dB; times in seconds.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import numpy as np

from voicecoach.audio import loudness
from voicecoach.audio.bed import MUSIC_LEVEL, SPEECH_CEILING, BedPlan
from voicecoach.audio.clip import RATE, Clip
from voicecoach.audio.mix import Bed, Sound, on_grid
from voicecoach.audio.tones import tone
from voicecoach.plan.timeline import Cue, Timeline

TARGET_LUFS = -16.0
# What files measure (ffmpeg ebur128) differs from this meter by -0.4 LU (MP3 at 96 kbit/s)
# to +0.2 LU (WAV) on the seed routines: well inside ±1 LU, so no trim.
# True-peak ceiling (dBTP) before encoding. MP3's reconstruction overshoots, ~1.3 dB at
# 96 kbit/s on the seed routines and more where speech is limited hard; the exporter
# measures each file and lowers the ceiling when it is not enough.
CEILING_DBTP = -1.5   # the default; each output format says its own (formats.Format)
LOWPASS = 9000.0               # Hz: speech keeps its clarity; the codec keeps its peaks
MAX_GAIN_DB = 30.0             # espeak-ng needs ~15 dB; never pump up noise past this
LOUDEST_BED = 0.0              # LU from the speech: the automatic bed never passes this
_T = TypeVar("_T")
_R = TypeVar("_R")


WORKERS = min(2, os.cpu_count() or 1)   # threads: numpy lets go of the GIL in the heavy parts


def _each(fn: Callable[[_T], _R], items: list[_T]) -> list[_R]:
    """``fn`` of every item, ``WORKERS`` at a time."""
    if len(items) < 2 or WORKERS < 2:
        return [fn(x) for x in items]
    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(fn, items))


class Leveller:
    """The levelled sounds of one session: speech gained to ``TARGET_LUFS`` integrated with
    peaks limited under ``CEILING``; tones at their own fixed level."""

    def __init__(self, timeline: Timeline, clip_for: Callable[[str], Clip],
                 ceiling: float = CEILING_DBTP, ceilings: Mapping[str, float] | None = None,
                 known_db: float | None = None, music: BedPlan | None = None,
                 music_level: float | None = None, known_speech: float | None = None,
                 store: Path | None = None, target: float = TARGET_LUFS) -> None:
        """``known_db``, ``known_speech``: the speech gain and loudness found before for
        this very timeline, voice and music (live play keeps them, so it starts at once);
        else read from ``store`` (a folder) if measured there before for the very same
        clips, cues, ceilings and music; else measured (and kept in ``store``). With
        ``music`` the bed sits ``music_level`` LU from the speech between cues (None:
        automatic, see ``_bed_level``). ``target``: the loudness (LUFS) to level to, by
        this meter (an encoder that takes some level off asks for that much more)."""
        self.target = target
        if music is not None:  # the ducked bed adds to the speech's peaks
            ceiling = min(ceiling, SPEECH_CEILING)
        self.ceilings = dict(ceilings or {})
        self.music, self.wanted_level = music, music_level
        self.music_level = MUSIC_LEVEL if music_level is None else music_level
        self.whole_lufs = self.target
        self.bed: Bed | None = None        # the music itself, once decoded (bed.MusicBed)
        self.speech_lufs = self.target
        self.speech_meter: loudness.Meter | None = None
        self.default_ceiling = ceiling
        texts = sorted({c.spoken for c in timeline.cues if c.kind == "speech"})
        self.clips: dict[tuple[str, str], np.ndarray] = {
            ("tone", t): (tone(t).samples / loudness.FULL_SCALE).astype(np.float32)
            for t in {c.text for c in timeline.cues if c.kind == "tone"}}
        self._clip_for = clip_for
        self._late: dict[str, threading.Lock] = {}
        self._ahead: threading.Thread | None = None
        if known_db is not None and store is None and (music is None or known_speech is not None):
            # levels known (live play, from the second time on): a clip is levelled when it
            # is first placed, or before by ``ahead``, so play starts at once
            self.db, self.speech_lufs = known_db, known_speech or TARGET_LUFS
            self._late = {t: threading.Lock() for t in texts}
            return
        raw = dict(zip(texts, _each(lambda t: _lowpassed(clip_for(t)), texts)))
        starts: dict[tuple[str, str], list[int]] = {}
        for c in timeline.cues:
            starts.setdefault((c.kind, c.spoken), []).append(round(c.start * RATE))
        length = round(timeline.duration * RATE) + RATE
        peaks = dict(zip(texts, _each(lambda t: loudness.oversampled_peaks(raw[t], RATE),
                                      texts)))

        def envelope(t: str, db: float) -> np.ndarray | float:
            return loudness.envelope(peaks[t], 10 ** (db / 20), 10 ** (self.ceiling(t) / 20),
                                     len(raw[t]), RATE)

        kept = _Kept(store, timeline, raw, self) if store is not None else None
        if known_db is None and kept is not None and (found := kept.read()) is not None:
            known_db, known_speech, self.music_level = found
            self.wanted_level = self.music_level
        if known_db is not None and (music is None or known_speech is not None):
            self.db, self.speech_lufs = known_db, known_speech or self.target
        else:
            self.db = self._measure(texts, raw, starts, length, peaks)
            if kept is not None:
                kept.write()
        self._raw, self._envelope = raw, envelope
        limited = _each(lambda t: (raw[t] * envelope(t, self.db)).astype(np.float32), texts)
        self.clips.update({("speech", t): x for t, x in zip(texts, limited)})

    def _levelled(self, text: str) -> np.ndarray:
        """The text's clip limited at the known gain, made once (whoever asks first)."""
        with self._late[text]:
            if ("speech", text) not in self.clips:
                self.clips[("speech", text)] = _limited(_lowpassed(self._clip_for(text)),
                                                        self.db, self.ceiling(text))
        return self.clips[("speech", text)]

    def ahead(self, cues: list[Cue]) -> None:
        """Level the clips not levelled yet in the order ``cues`` says them, in a thread,
        ahead of the playhead (a cue placed before its turn is levelled when placed)."""
        order = [c.spoken for c in cues if c.kind == "speech" and c.spoken in self._late]
        if order:
            self._ahead = threading.Thread(target=lambda: [self._levelled(t) for t in
                                                           dict.fromkeys(order)], daemon=True)
            self._ahead.start()

    def lower(self, over: Mapping[str, float]) -> None:
        """Lower these clips' ceilings by so many dB and limit them again at the same
        gain (the codec overshot there); nothing else changes."""
        for text, db in over.items():
            self.ceilings[text] = self.ceiling(text) - db
            self.clips[("speech", text)] = (self._raw[text] * self._envelope(text, self.db)
                                            ).astype(np.float32)

    def _measure(self, texts: list[str], raw: dict[str, np.ndarray],
                 starts: dict[tuple[str, str], list[int]], length: int,
                 peaks: dict[str, np.ndarray]) -> float:
        """The speech gain (dB) that makes the session ``target``."""
        tones = loudness.Meter(length, RATE)
        for key, x in self.clips.items():
            tones.add(loudness.energy_curve(loudness.weighted(x, RATE)), starts[key])
        # Each clip's energy under any gain, and the blocks each of its placings reaches
        def prepare(t: str) -> tuple[loudness.Energy, np.ndarray]:
            y = loudness.weighted(raw[t], RATE).astype(np.float32)
            k, a, b = tones.blocks(len(y), starts[("speech", t)])
            return loudness.Energy(y, len(raw[t]), RATE, np.concatenate([a, b])), k

        prepared = dict(zip(texts, _each(prepare, texts)))

        def level(db: float) -> float:
            """Integrated loudness with speech at ``db`` gain, limited."""
            meter = loudness.Meter(length, RATE)
            meter.acc += tones.acc
            for t in texts:
                energy, k = prepared[t]
                at = energy.at(peaks[t], 10 ** (db / 20), 10 ** (self.ceiling(t) / 20))
                meter.add_blocks(k, at[len(k):] - at[:len(k)])
            self.speech_meter = meter
            return meter.lufs()

        # Limiting costs loudness, more the harder it works: find the gain by secant steps.
        db, lufs = 0.0, level(0.0)
        at = db                                   # the gain ``lufs`` was measured at
        if texts and np.isfinite(lufs):
            before = (db, lufs)
            db = self.target - lufs
            for _ in range(8):
                lufs, at = level(db), db
                if abs(lufs - self.target) < 0.1:
                    break
                slope = (lufs - before[1]) / (db - before[0])
                before = (db, lufs)
                db = min(MAX_GAIN_DB, db + (self.target - lufs) / max(slope, 0.1))
                if db == at:                      # capped: as loud as it gets
                    break
        self.speech_lufs = lufs if at == db else level(db)
        if self.music is not None and self.speech_meter and np.isfinite(self.speech_lufs):
            self.music_level = self._bed_level(self.speech_meter)
        return db

    def _bed_level(self, speech: loudness.Meter) -> float:
        """The bed's level between cues (LU from the speech): ``music_level`` if given;
        else ``MUSIC_LEVEL``, raised (to ``LOUDEST_BED`` at most) while the whole mix
        would measure under ``target``: the speech is limited, so
        where it is sparse only the music can bring the track to its loudness."""
        bed = self._bed_blocks(speech)

        def whole(rel: float) -> float:
            power = 10 ** ((self.speech_lufs + rel + 0.691) / 10)
            acc = speech.acc + power * speech.n * bed
            self.whole_lufs = loudness.integrated(acc[acc > 0] / speech.n)
            return self.whole_lufs

        if self.wanted_level is not None:
            whole(self.wanted_level)
            return self.wanted_level
        low, high = MUSIC_LEVEL, LOUDEST_BED
        if whole(low) >= self.target or whole(high) < self.target:
            return low if self.whole_lufs >= self.target else high
        for _ in range(20):  # bisection: the whole rises with the bed
            mid = (low + high) / 2
            low, high = (mid, high) if whole(mid) < self.target else (low, mid)
        whole(high)
        return high

    def _bed_blocks(self, meter: loudness.Meter) -> np.ndarray:
        """The music's mean squared gain in each of the meter's blocks."""
        assert self.music is not None
        per_hop = self.music.power(meter.hop)
        k = meter.n // meter.hop
        csum = np.concatenate([[0.0], np.cumsum(per_hop)])
        blocks = (csum[k:] - csum[:-k]) / k if len(per_hop) >= k else np.zeros(0)
        out = np.zeros(len(meter.acc))
        out[:min(len(out), len(blocks))] = blocks[:len(out)]
        return out

    @property
    def bed_lufs(self) -> float:
        """The music's loudness between cues."""
        return self.speech_lufs + self.music_level

    def key(self, timeline: Timeline, raw: Mapping[str, np.ndarray]) -> str:
        """What the measured levels depend on, as a digest."""
        h = hashlib.sha1(json.dumps([[(c.start, c.kind, c.spoken) for c in timeline.cues],
                                     sorted(self.ceilings.items()), self.default_ceiling,
                                     self.wanted_level, self.target]).encode())
        for t in sorted(raw):
            h.update(raw[t].tobytes())
        if self.music is not None:
            h.update(json.dumps([[str(tr.path), tr.samples] for tr in self.music.tracks]
                                ).encode())
        return h.hexdigest()

    def levelled(self, samples: np.ndarray) -> np.ndarray:
        """A clip (int16) outside the plan at the session's speech level, limited alike."""
        return _limited(loudness.lowpass(samples / loudness.FULL_SCALE, RATE, LOWPASS),
                        self.db, self.default_ceiling)

    def ceiling(self, text: str) -> float:
        """The true-peak ceiling (dBTP) of the text's clip."""
        return self.ceilings.get(text, self.default_ceiling)

    def sound(self, cue: Cue, offset: float = 0.0, grid: int = 1) -> Sound:
        """The cue's levelled samples, placed relative to ``offset`` seconds, at the
        nearest sample on a grid of ``grid`` samples (live and WAV: 1, exact; MP3: a
        frame, ``mix.GRID``, at most half a frame off the plan)."""
        at = on_grid(cue.start - offset, grid)
        if cue.kind == "speech" and cue.spoken in self._late:  # a cue ends with its clip
            return Sound.late(at, round((cue.end - cue.start) * RATE),
                              lambda: self._levelled(cue.spoken))
        return Sound(at, self.clips[(cue.kind, cue.spoken)])


def _lowpassed(clip: Clip) -> np.ndarray:
    """The clip (full scale 1) without the top of the band: the MP3 encoder drops it, and
    what it drops from limited speech comes back as overshoot; taken off first, it cannot."""
    return loudness.lowpass(clip.samples / loudness.FULL_SCALE, RATE, LOWPASS).astype(np.float32)


def _limited(x: np.ndarray, db: float, ceiling: float) -> np.ndarray:
    """``x`` gained by ``db`` with its true peaks limited under ``ceiling`` dBTP."""
    env = loudness.envelope(loudness.oversampled_peaks(x, RATE), 10 ** (db / 20),
                            10 ** (ceiling / 20), len(x), RATE)
    out: np.ndarray = (x * env).astype(np.float32)
    return out


class _Kept:
    """A session's measured levels, kept in a folder under their key."""

    def __init__(self, folder: Path, timeline: Timeline, raw: Mapping[str, np.ndarray],
                 leveller: Leveller) -> None:
        self.path = folder / f"{leveller.key(timeline, raw)}.json"
        self.leveller = leveller

    def read(self) -> tuple[float, float, float] | None:
        try:
            data = json.loads(self.path.read_text())
            return float(data["db"]), float(data["speech"]), float(data["bed"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self) -> None:
        lv = self.leveller
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"db": lv.db, "speech": lv.speech_lufs,
                                       "bed": lv.music_level}))
            os.replace(tmp, self.path)
