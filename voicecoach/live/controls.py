"""What steers live play: keys and spoken commands both become a `Command`. A key is a
one-letter string (' ' pause/go on, n next, p back, r repeat, m missed, q stop); a command
heard by
the microphone is a `Command` with ``heard`` set, so the player acknowledges it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from voicecoach.audio.clip import RATE

# what each command does: pause, resume (also ends an until_done wait), toggle (space),
# next / back (chapters), done (ends an until_done wait), repeat (the last cue), stop,
# missed (the exercise playing could not be finished: progression takes no step from it)
COMMANDS = ("pause", "resume", "toggle", "next", "back", "done", "repeat", "stop", "missed")
KEYS = {" ": "toggle", "n": "next", "p": "back", "r": "repeat", "q": "stop", "m": "missed"}


@dataclass(frozen=True)
class Command:
    name: str             # one of COMMANDS
    heard: bool = False   # said (and spotted), not pressed


class Controls(Protocol):
    interactive: bool     # someone can answer an until_done wait

    def read(self) -> str | Command | None:
        """A key pressed or a command heard since the last call, or None; never waits."""


class Source(Protocol):
    def read(self) -> str | None:
        """A command name heard since the last call, or None; never waits."""


class KeysAndVoice:
    """Keys (read first) and a spoken-command source together; always interactive, since
    "coach ready" can end an until_done wait."""

    interactive = True

    def __init__(self, keys: Controls, voice: Source) -> None:
        self.keys, self.voice = keys, voice

    def read(self) -> str | Command | None:
        key = self.keys.read()
        if key is not None:
            return key
        name = self.voice.read()
        return Command(name, heard=True) if name else None


def command_for(got: str | Command) -> Command | None:
    """A key as a command (None for a key that does nothing)."""
    if isinstance(got, Command):
        return got
    name = KEYS.get(got)
    return Command(name) if name else None


def ack_tone() -> np.ndarray:
    """The acknowledgement of a spoken command: a soft two-note chime, 0.16 s, peak 0.12."""
    t = np.arange(round(0.08 * RATE)) / RATE
    ramp = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.01)  # 10 ms fades: no clicks
    notes = [np.sin(2 * np.pi * f * t) * ramp for f in (660.0, 990.0)]
    out: np.ndarray = (np.concatenate(notes) * 0.12).astype(np.float32)
    return out
