"""VOICECOACH_LISTEN_RECORD: the listener's input kept on disk (`Tape`), and read again
offline through `hearing.Ear` and a `Spotter` (`replay`). Times in monotonic seconds."""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import Iterator
from typing import Protocol

import numpy as np

from voicecoach.listen.echo import MIC_RATE
from voicecoach.listen.hearing import Ear, Sound

BLOCK = MIC_RATE // 20   # samples the listener reads at a time (50 ms)
LEAD = 1.0   # seconds before it is due that a played block reaches the listener on replay
             # (the player sends each one as it queues it, up to its buffer ahead)


class Tape:
    """What the listener heard and was told was played, kept in ``folder``: mic.raw (the
    microphone's int16 samples), played.pkl (pickled ``(due, int16 block)`` pairs, and
    ``(t0, None)`` when the microphone's first sample was heard) and listener.json (the
    language, the session's words, the played audio's rate). Flushed every block: the
    listener ends by being terminated."""

    def __init__(self, folder: str, language: str, words: list[str], played_rate: int) -> None:
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "listener.json"), "w", encoding="utf-8") as out:
            json.dump({"language": language, "words": words, "played_rate": played_rate}, out)
        self.mic = open(os.path.join(folder, "mic.raw"), "wb")  # noqa: SIM115
        self.log = open(os.path.join(folder, "played.pkl"), "wb")  # noqa: SIM115
        self.began = False

    def played(self, due: float, block: np.ndarray) -> None:
        pickle.dump((due, block), self.log)

    def heard(self, t0: float, pcm: np.ndarray) -> None:
        if not self.began:
            pickle.dump((t0, None), self.log)
            self.began = True
        self.mic.write(pcm.tobytes())
        self.mic.flush()
        self.log.flush()


class Decides(Protocol):
    def decide(self, sound: Sound) -> str | None: ...


def setup(folder: str) -> dict[str, object]:
    """The tape's listener.json: language, words, played_rate."""
    with open(os.path.join(folder, "listener.json"), encoding="utf-8") as meta:
        out: dict[str, object] = json.load(meta)
    return out


def read(folder: str) -> tuple[float, list[tuple[float, np.ndarray]], np.ndarray]:
    """A tape: when its first sample was heard, the played blocks (due, int16), the
    microphone's int16 samples."""
    items = []
    with open(os.path.join(folder, "played.pkl"), "rb") as log:
        while True:
            try:
                items.append(pickle.load(log))
            except EOFError:
                break
    t0 = next(due for due, block in items if block is None)
    mic = np.fromfile(os.path.join(folder, "mic.raw"), np.int16)
    return t0, [(due, block) for due, block in items if block is not None], mic


def replay(folder: str, ear: Ear, spotter: Decides) -> Iterator[tuple[Sound, str | None]]:
    """Each sound ``ear`` finds on the tape in ``folder``, and what ``spotter`` decides on
    it, in the order the listener met them (a played block ``LEAD`` before it is due)."""
    t0, played, mic = read(folder)
    j = 0
    for i in range(0, len(mic) - BLOCK + 1, BLOCK):
        now = t0 + i / MIC_RATE
        while j < len(played) and played[j][0] <= now + LEAD:
            ear.played(played[j][1].astype(np.float32) / 32768, played[j][0])
            j += 1
        for sound in ear.hear(mic[i:i + BLOCK], now):
            yield sound, spotter.decide(sound)
