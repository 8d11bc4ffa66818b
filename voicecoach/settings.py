"""Everything a run is configured by, declared once: each range and choice lives here, and
the CLI's options, the routine's ``voice:`` checks and the JSON schema take them from here.

Pure: no click, no I/O. Durations in seconds, rates in words per minute, volume 0.1 to 1.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from voicecoach.model import Verbosity as Verbosity
from voicecoach.model import Voice
from voicecoach.phrases import PACKS

RATE_RANGE = (80, 450)              # words per minute
VOLUME_RANGE = (0.1, 1.0)    # 0 would be silence: refused where it is written
BITRATE_RANGE = (32, 320)           # kbit/s, MP3
VERBOSITIES: tuple[Verbosity, ...] = get_args(Verbosity)
Format = Literal["mp3", "wav"]
FORMATS: tuple[Format, ...] = get_args(Format)
Split = Literal["session", "exercise"]
SPLITS: tuple[Split, ...] = get_args(Split)
Output = Literal["device", "silent"]
OUTPUTS: tuple[Output, ...] = get_args(Output)
DEFAULT_BITRATE = 96
LANGUAGES: tuple[str, ...] = tuple(sorted(PACKS))   # phrase packs: en, de, fr…
MUSIC_LEVEL_RANGE = (-40.0, 0.0)    # LU from the speech
CALENDAR_WEEKS_RANGE = (1, 104)     # voicecoach calendar --weeks
CALENDAR_WEEKS = 4                  # without the program's schedule.weeks
PORT_RANGE = (0, 65535)            # serve: 0 lets the system choose a free port
DEFAULT_PORT = 8765


@dataclass(frozen=True)
class Settings:
    """One run's settings: the voice (None = the routine's, then the engine's default), how
    much is said, the output options of export and play, and the coach's language."""

    voice: Voice = field(default_factory=Voice)
    verbosity: Verbosity = "normal"
    format: Format = "mp3"
    bitrate: int = DEFAULT_BITRATE
    split: Split = "session"
    output: Output = "device"
    listen: bool = False      # play: spoken commands from the microphone
    language: str | None = None     # None: the routine's, else English
    music: Path | None = None       # file, folder or playlist (None: the routine's music:)
    shuffle: bool = False
    music_level: float | None = None  # LU from the speech (None: automatic)

    def with_voice(self, base: Voice) -> Settings:
        """These settings, the voice falling back to ``base`` where unset (the command
        line wins over the routine)."""
        return dataclasses.replace(self, voice=self.voice.over(base))


def cache_key(engine: str, voice: Voice, *parts: object) -> str:
    """The one way cache keys are made: the engine (with its version), every voice setting
    that changes the sound, and what is cached (a phrase, a timeline…). Hex SHA-256."""
    import hashlib
    import json

    blob = json.dumps([engine, voice.voice or "", voice.rate or 0,
                       round(voice.volume or 0.0, 4), *parts])
    return hashlib.sha256(blob.encode()).hexdigest()
