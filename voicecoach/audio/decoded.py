"""Music decoded for the bed: one ffmpeg a track writes raw s16 mono at ``clip.RATE`` to a
file (two hours of music are never held in memory), which is then measured (BS.1770
loudness, peak). Kept between runs in the cache folder (``music/``) under the track's
path, size and modification time, with the measures and a CRC of the samples: music heard
before is not decoded again. A cache entry that is cut or damaged is decoded again; a
cache that cannot be written costs time only. Levels in LUFS and dB.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from voicecoach.audio import loudness
from voicecoach.audio.clip import RATE
from voicecoach.audio.ffmpeg import ffmpeg
from voicecoach.audio.music import MusicError, Track

FORMAT = 2             # bump when decoding or measuring changes what is kept
FRAME = RATE // 210    # samples (105, 4.8 ms): a BS.1770 hop is 21 frames, a block 84
LIMIT = 1 << 30        # bytes of decoded music kept (~6.7 hours); least recently used go


@dataclass(frozen=True)
class Raw:
    """A decoded track: ``path`` holds s16le mono samples at ``RATE``."""

    path: Path
    lufs: float        # integrated loudness (-inf: silent)
    peak: float        # dBFS, raised slightly for the true peak
    frames: np.ndarray | None = field(default=None, compare=False)  # per FRAME: [K-weighted
    # energy, oversampled peak]


class DecodedMusic:
    """Tracks decoded on request, from ``folder`` (the cache's ``music/``) when decoded
    there before, else by ffmpeg (and kept there). ``close`` removes what was decoded
    outside the cache."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.tmp = Path(tempfile.mkdtemp(prefix="voicecoach-music-"))
        self.used: set[str] = set()
        self.lock = threading.Lock()

    def get(self, track: Track) -> Raw:
        key = self.key(track)
        with self.lock:
            self.used.add(key)
        return self._kept(key) or self._decode(track, key)

    def key(self, track: Track) -> str:
        try:
            st = track.path.stat()
            where: list[object] = [str(track.path.resolve()), st.st_size, st.st_mtime_ns]
        except OSError:  # ffmpeg will say what is wrong with it
            where = [str(track.path)]
        return hashlib.sha1(json.dumps([*where, RATE, FORMAT]).encode()).hexdigest()

    def _kept(self, key: str) -> Raw | None:
        if self.folder is None:
            return None
        raw = self.folder / f"{key}.raw"
        try:
            info = json.loads((self.folder / f"{key}.json").read_text())
            with raw.open("rb") as f:
                crc = 0
                while data := f.read(1 << 20):
                    crc = zlib.crc32(data, crc)
            if crc != info["crc"] or raw.stat().st_size != info["bytes"]:
                return None
            frames = np.load(self.folder / f"{key}.npy")
            os.utime(raw)  # recently used: kept longest
            return Raw(raw, float(info["lufs"]), float(info["peak"]), frames)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _decode(self, track: Track, key: str) -> Raw:
        """Decoded into the cache folder, or (that folder unusable) the temporary one."""
        if self.folder is not None and _writable(self.folder):
            with contextlib.suppress(MusicError, OSError):
                raw, lufs, peak, crc, frames = self._decode_into(self.folder, track, key)
                info = {"bytes": raw.stat().st_size, "crc": crc, "lufs": lufs, "peak": peak}
                tmp = self.folder / f".{key}.{os.getpid()}.{threading.get_ident()}"
                with contextlib.suppress(OSError):
                    with open(f"{tmp}.npy", "wb") as f:
                        np.save(f, frames)
                    os.replace(f"{tmp}.npy", self.folder / f"{key}.npy")
                    Path(f"{tmp}.json").write_text(json.dumps(info))
                    os.replace(f"{tmp}.json", self.folder / f"{key}.json")
                self._prune()
                return Raw(raw, lufs, peak, frames)
        raw, lufs, peak, _, frames = self._decode_into(self.tmp, track, key)
        return Raw(raw, lufs, peak, frames)

    def _decode_into(self, folder: Path, track: Track,
                     key: str) -> tuple[Path, float, float, int, np.ndarray]:
        part = folder / f".{key}.{os.getpid()}.{threading.get_ident()}.part"
        try:
            proc = subprocess.run([ffmpeg(), "-v", "error", "-nostdin", "-i", str(track.path),
                                   "-map", "0:a:0", "-vn", "-ac", "1", "-ar", str(RATE),
                                   "-f", "s16le", "-y", str(part)], capture_output=True,
                                  text=True, errors="replace")
            if proc.returncode != 0 or not part.exists() or part.stat().st_size == 0:
                why = (proc.stderr.strip().splitlines() or ["no audio"])[-1]
                raise MusicError(f"cannot decode {track.path}: {why}")
            lufs, peak, crc, frames = measure(part)
            raw = folder / f"{key}.raw"
            os.replace(part, raw)
            return raw, lufs, peak, crc, frames
        finally:
            with contextlib.suppress(OSError):
                part.unlink()

    def _prune(self) -> None:
        """Remove the least recently used tracks while more than ``LIMIT`` bytes are kept
        (never one this run uses)."""
        assert self.folder is not None
        with contextlib.suppress(OSError):
            for part in self.folder.glob(".*.part"):  # left by a run that was killed
                if time.time() - part.stat().st_mtime > 3600:
                    part.unlink()
            kept = [(p.stat().st_mtime, p.stat().st_size, p) for p in self.folder.glob("*.raw")]
            total = sum(size for _, size, _ in kept)
            for _, size, p in sorted(kept):
                if total <= LIMIT:
                    break
                if p.stem in self.used:
                    continue
                for old in (p, p.with_suffix(".json"), p.with_suffix(".npy")):
                    with contextlib.suppress(OSError):
                        old.unlink()
                total -= size

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def _writable(folder: Path) -> bool:
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
    return os.access(folder, os.W_OK)


def measure(raw: Path, chunk: int = 10 * RATE) -> tuple[float, float, int, np.ndarray]:
    """Integrated loudness (LUFS), peak (dBFS, slightly raised for the true peak), CRC-32
    and the per-``FRAME`` K-weighted energy and oversampled peak (``frames``, 2 rows) of a
    raw s16 mono file, read ``chunk`` samples (a multiple of ``FRAME``) at a time."""
    pre = RATE // 2                   # the filter settles on what came before a chunk
    energy, peaks, top, crc = [], [], 0.0, 0
    before = np.zeros(0)
    with raw.open("rb") as f:
        while data := f.read(2 * chunk):
            crc = zlib.crc32(data, crc)
            x = np.frombuffer(data[:len(data) // 2 * 2], "<i2") / loudness.FULL_SCALE
            top = max(top, float(np.abs(x).max(initial=0.0)))
            n = -(-len(x) // FRAME) * FRAME
            y = loudness.weighted(np.concatenate([before, x]), RATE, tail=0.0)[len(before):]
            y2 = np.concatenate([np.square(y[:len(x)]), np.zeros(n - len(x))])
            energy.append(y2.reshape(-1, FRAME).sum(axis=1))
            peaks.append(loudness.oversampled_peaks(x, RATE, FRAME))
            before = x[-pre:]
    frames = (np.array([np.concatenate(energy), np.concatenate(peaks)], np.float32)
              if energy else np.zeros((2, 0), np.float32))
    peak = 20 * np.log10(max(top, 1e-6)) + 0.5
    return loudness.frames_lufs(frames[0], FRAME, RATE), float(peak), crc, frames

