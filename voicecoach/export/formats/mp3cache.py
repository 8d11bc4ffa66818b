"""Encoded islands kept between exports: an island's frames (CBR, no bit reservoir, so
they stand alone) and the decoded peak (dB) of each sound in it, under a key made of what
the island holds: its sounds' samples and their distances in frames, and the bitrate.
Sounds start on the frame grid (``mix.GRID``), so the same clip (or the same "3, 2, 1")
anywhere in any session is the same island, encoded once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

import numpy as np

from voicecoach.audio.mix import Sound


class Digests:
    """sha1 of each distinct sample array, worked out once per array."""

    def __init__(self) -> None:
        self.known: dict[int, tuple[np.ndarray, str]] = {}

    def __call__(self, samples: np.ndarray) -> str:
        hit = self.known.get(id(samples))
        if hit is None or hit[0] is not samples:
            data = np.ascontiguousarray(samples, np.float32).tobytes()
            hit = self.known[id(samples)] = (samples, hashlib.sha1(data).hexdigest())
        return hit[1]


def island_key(sounds: list[Sound], j0: int, frame: int, bitrate: int,
               digest: Digests) -> str:
    """What an island starting at frame ``j0`` holds, as a file-name-safe key."""
    parts = [f"{bitrate}"] + [f"{digest(s.samples)}@{s.at - j0 * frame}" for s in sounds]
    return hashlib.sha1("|".join(parts).encode()).hexdigest()


class FrameCache:
    """Islands on disk under ``folder`` (``KEY.mp3f`` frames, ``KEY.json`` peaks). A
    damaged or missing entry is a miss; a cache that cannot be written costs time only."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def get(self, key: str) -> tuple[bytes, list[float]] | None:
        if self.folder is None:
            return None
        try:
            peaks = json.loads((self.folder / f"{key}.json").read_text())["peaks"]
            return (self.folder / f"{key}.mp3f").read_bytes(), [float(p) for p in peaks]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, frames: bytes, peaks: list[float]) -> None:
        if self.folder is None:
            return
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            for name, data in ((f"{key}.mp3f", frames),
                               (f"{key}.json", json.dumps({"peaks": peaks}).encode())):
                tmp = self.folder / f".{name}.{os.getpid()}.tmp"
                tmp.write_bytes(data)
                os.replace(tmp, self.folder / name)
