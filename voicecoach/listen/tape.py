"""VOICECOACH_LISTEN_RECORD: the listener's input kept on disk, to be read again offline
through `hearing.Ear` and `listen.Spotter` (times in monotonic seconds)."""

from __future__ import annotations

import os
import pickle

import numpy as np


class Tape:
    """What the listener heard and was told was played, kept in ``folder``: mic.raw (the
    microphone's int16 samples) and played.pkl (pickled ``(due, int16 block)`` pairs, and
    ``(t0, None)`` when the microphone's first sample was heard). Flushed every block:
    the listener ends by being terminated."""

    def __init__(self, folder: str) -> None:
        os.makedirs(folder, exist_ok=True)
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
