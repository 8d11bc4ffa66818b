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
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from voicecoach.audio import loudness
from voicecoach.audio.clip import RATE
from voicecoach.audio.ffmpeg import ffmpeg
from voicecoach.audio.music import MusicError, Track

FORMAT = 1             # bump when decoding or measuring changes what is kept
LIMIT = 1 << 30        # bytes of decoded music kept (~6.7 hours); least recently used go


@dataclass(frozen=True)
class Raw:
    """A decoded track: ``path`` holds s16le mono samples at ``RATE``."""

    path: Path
    lufs: float        # integrated loudness (-inf: silent)
    peak: float        # dBFS, raised slightly for the true peak


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
            os.utime(raw)  # recently used: kept longest
            return Raw(raw, float(info["lufs"]), float(info["peak"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _decode(self, track: Track, key: str) -> Raw:
        """Decoded into the cache folder, or (that folder unusable) the temporary one."""
        if self.folder is not None and _writable(self.folder):
            with contextlib.suppress(MusicError, OSError):
                raw, lufs, peak, crc = self._decode_into(self.folder, track, key)
                info = {"bytes": raw.stat().st_size, "crc": crc, "lufs": lufs, "peak": peak}
                tmp = self.folder / f".{key}.{os.getpid()}.{threading.get_ident()}.json"
                with contextlib.suppress(OSError):
                    tmp.write_text(json.dumps(info))
                    os.replace(tmp, self.folder / f"{key}.json")
                self._prune()
                return Raw(raw, lufs, peak)
        raw, lufs, peak, _ = self._decode_into(self.tmp, track, key)
        return Raw(raw, lufs, peak)

    def _decode_into(self, folder: Path, track: Track,
                     key: str) -> tuple[Path, float, float, int]:
        part = folder / f".{key}.{os.getpid()}.{threading.get_ident()}.part"
        try:
            proc = subprocess.run([ffmpeg(), "-v", "error", "-nostdin", "-i", str(track.path),
                                   "-map", "0:a:0", "-vn", "-ac", "1", "-ar", str(RATE),
                                   "-f", "s16le", "-y", str(part)], capture_output=True,
                                  text=True, errors="replace")
            if proc.returncode != 0 or not part.exists() or part.stat().st_size == 0:
                why = (proc.stderr.strip().splitlines() or ["no audio"])[-1]
                raise MusicError(f"cannot decode {track.path}: {why}")
            lufs, peak, crc = measure(part)
            raw = folder / f"{key}.raw"
            os.replace(part, raw)
            return raw, lufs, peak, crc
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
                for old in (p, p.with_suffix(".json")):
                    with contextlib.suppress(OSError):
                        old.unlink()
                total -= size

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def _writable(folder: Path) -> bool:
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
    return os.access(folder, os.W_OK)


def measure(raw: Path, chunk: int = 10 * RATE, every: int = 2) -> tuple[float, float, int]:
    """Integrated loudness (LUFS, from every ``every``-th chunk of ``chunk`` samples), peak
    (dBFS, slightly raised for the true peak) and CRC-32 of a raw s16 mono file."""
    pre = RATE // 2
    powers, top, crc = [], 0.0, 0
    with raw.open("rb") as f:
        k = 0
        while data := f.read(2 * chunk):
            crc = zlib.crc32(data, crc)
            x = np.frombuffer(data[:len(data) // 2 * 2], "<i2") / loudness.FULL_SCALE
            top = max(top, float(np.abs(x).max(initial=0.0)))
            if k % every == 0 and len(x) > RATE:
                y = loudness.weighted(x, RATE, tail=0.0)[:len(x)]
                curve = loudness.energy_curve(y[pre:] if k else y)
                n, hop = int(loudness.BLOCK * RATE), int(loudness.HOP * RATE)
                starts = np.arange(0, len(curve) - n, hop)
                powers.append((curve[starts + n] - curve[starts]) / n)
            k += 1
    lufs = loudness.integrated(np.concatenate(powers)) if powers else -np.inf
    peak = 20 * np.log10(max(top, 1e-6)) + 0.5
    return float(lufs), float(peak), crc
