"""What the speaker played, lined up with what the microphone hears: each played block
comes with the monotonic time it is due at the speaker, and a cross-correlation of the two
keeps them in step (the player's idea of its latency can be off by tenths of a second).

Times in seconds; the microphone's audio is int16 at ``MIC_RATE``.
"""

from __future__ import annotations

import numpy as np

MIC_RATE = 16000
LEAD = 0.08          # what was played is fed to the canceller this much before its echo (a
                     # late speaker, after an underrun, stays inside its 0.256 s tail)
SEARCH = 1.0         # the echo is looked for this far either side of where it is expected
NEAR = 0.3           # ... and once it has been found, this far
SURE = 0.1           # a lag this large is taken only when two looks in a row agree


class Echo:
    """What the speaker played, at ``rate``, resampled onto the microphone's samples."""

    KEEP = 20.0   # seconds of what was played that are kept

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self.audio = np.zeros(round(2 * self.KEEP * rate), np.float32)
        self.size = 0                          # samples in ``audio``
        self.base = 0                          # index of audio[0] in the played stream
        self.t0: float | None = None           # when played sample 0 is at the speaker
        self.shift = 0.0                       # correction found by correlation (s)
        self.seen: float | None = None         # the lag the last look found

    def played(self, block: np.ndarray, due: float) -> None:
        """``block`` (floats) reaches the speaker at monotonic time ``due``."""
        if self.t0 is None:
            self.t0 = due
        if self.size + len(block) > len(self.audio):   # keep the last KEEP seconds
            drop = self.size - round(self.KEEP * self.rate)
            self.audio[:self.size - drop] = self.audio[drop:self.size]
            self.size, self.base = self.size - drop, self.base + drop
        self.audio[self.size:self.size + len(block)] = block
        self.size += len(block)

    def at(self, start: float, n: int, lead: float = LEAD) -> np.ndarray:
        """``n`` samples at MIC_RATE of what plays from monotonic time ``start + lead``
        (zeros where nothing is known), as int16."""
        out = np.zeros(n, np.float32)
        if self.t0 is None:
            return out.astype(np.int16)
        first = (start + lead + self.shift - self.t0) * self.rate - self.base
        idx = first + np.arange(n) * (self.rate / MIC_RATE)
        lo = max(0, int(idx[0]))
        hi = min(self.size - 1, int(idx[-1]) + 2)
        ok = (idx >= 0) & (idx < self.size - 1)
        if ok.any() and hi > lo:
            out[ok] = np.interp(idx[ok] - lo, np.arange(hi - lo), self.audio[lo:hi])
        return np.clip(out * 32767, -32768, 32767).astype(np.int16)

    def align(self, heard: np.ndarray, start: float, search: float = SEARCH,
              confirm: bool = True) -> float | None:
        """Correct the timing from ``heard`` (int16 at MIC_RATE from monotonic ``start``,
        a second or more): the lag of the strongest correlation within ``search``
        seconds, if it is clear and taken. With ``confirm``, a lag over ``SURE`` is only
        taken when the look before found it too (the coach's counts repeat every second:
        one look can be fooled)."""
        ref = self.at(start, len(heard), lead=0.0).astype(np.float64)
        mic = heard.astype(np.float64)
        if np.sqrt(np.mean(ref ** 2)) < 300 or np.sqrt(np.mean(mic ** 2)) < 100:
            return None
        n = 1 << (2 * len(mic) - 1).bit_length()
        spec = np.fft.rfft(mic, n) * np.conj(np.fft.rfft(ref, n))
        xc = np.fft.irfft(spec / (np.abs(spec) + 1e-9), n)   # phase transform: a sharp peak
        reach = round(search * MIC_RATE)
        lags = np.concatenate([xc[-reach:], xc[:reach + 1]])
        best = int(np.argmax(lags))
        if lags[best] < 6 * np.std(lags):
            return None
        lag = (best - reach) / MIC_RATE          # the echo comes this much later than thought
        seen, self.seen = self.seen, lag
        if confirm and abs(lag) > SURE and (seen is None or abs(seen - lag) > 0.01):
            return None
        if abs(lag) > 0.02:
            self.shift -= lag
            self.seen = None
        return lag
