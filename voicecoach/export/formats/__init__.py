"""Output formats behind one seam: a format writes one track's audio (and its tags) to a
file. The exporter picks one by name from ``FORMATS``; a new format is one new module here
and one line in ``_MODULES``. Positions in samples at ``clip.RATE``; levels in dB.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from voicecoach.audio.mix import Placement, Sound
from voicecoach.export.tags import TrackInfo

_MODULES = {"mp3": "voicecoach.export.formats.mp3", "wav": "voicecoach.export.formats.wav"}
NAMES = tuple(_MODULES)


@dataclass(frozen=True)
class TrackAudio:
    """What one file holds: ``sounds`` placed from the file's first sample, on the music
    bed of ``placed`` if the session has music, ``total`` samples in all."""

    sounds: list[Sound]
    total: int
    placed: Placement
    bitrate: int          # kbit/s, for lossy formats
    peak_floor: float | None = None  # dB: measure decoded peaks above this (None: don't)
    cache: Path | None = None        # a folder where encoded frames are kept, if any

    @property
    def music(self) -> bool:
        return self.placed.bed is not None


class Format(Protocol):
    name: str
    ceiling: float        # dBTP the speech is limited to before this format's encoding
    loss: float           # dB this format's encoding takes off the level (levelled for)
    grid: int             # samples: sounds start on this grid (1: exactly on the plan)

    def check_tools(self) -> None:
        """Raise ``AudioError`` before any work if a program this format needs is missing."""

    def write(self, audio: TrackAudio, path: Path,
              progress: Callable[[int], None]) -> list[float]:
        """Write the audio to ``path``; returns each sound's peak (dB) as decoded when
        ``audio.peak_floor`` is given and the format can overshoot, else ``[]``."""

    def tag(self, path: Path, info: TrackInfo) -> None:
        """Write titles, chapters and lyrics into the file, if the format has tags."""


def get(name: str) -> Format:
    """The format called ``name`` (one of ``NAMES``)."""
    try:
        module = importlib.import_module(_MODULES[name])
    except KeyError:
        raise ValueError(f"unknown format {name!r} (known: {', '.join(NAMES)})") from None
    fmt: Format = module.FORMAT
    return fmt
