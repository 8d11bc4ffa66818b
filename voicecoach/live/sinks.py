"""Where live audio goes: the sound device (sounddevice/PortAudio, whose clock paces play)
or nowhere, paced by a clock (``--output silent``, and fake clocks in tests). Float mono
samples at ``clip.RATE``; times in seconds."""

from __future__ import annotations

from typing import Any

import numpy as np

from voicecoach.audio.clip import RATE
from voicecoach.errors import AudioError
from voicecoach.live.clock import Clock, RealClock

__all__ = ["LATENCY", "NO_DEVICE", "Clock", "ClockSink", "DeviceSink", "RealClock"]

LATENCY = 0.3   # seconds of device buffer: room for a busy machine's slow moment; keys
PRIMED = 0.15   # act within it and a block. Queued before the device starts, so a slow
#                 first moment (imports, the first status line) is no gap in the first cue
NO_DEVICE = "no audio output device ({}); try 'voicecoach export' or --output silent"


class ClockSink:
    """No sound: each block is "heard" when the clock reaches its time. ``ahead`` seconds
    are accepted before the clock has to catch up, like a device's buffer."""

    def __init__(self, clock: Clock, ahead: float = 0.1) -> None:
        self.clock, self.ahead = clock, ahead
        self.t0: float | None = None
        self.written = 0

    def write(self, block: np.ndarray) -> None:
        if self.t0 is None:
            self.t0 = self.clock.now()
        self.written += len(block)
        self.clock.sleep_until(self.t0 + self.written / RATE - self.ahead)

    def played(self) -> int:
        if self.t0 is None:
            return 0
        return min(self.written, int((self.clock.now() - self.t0) * RATE))

    def drain(self) -> None:
        if self.t0 is not None:
            self.clock.sleep_until(self.t0 + self.written / RATE)

    def close(self) -> None:
        pass


class DeviceSink:
    """The default output device through a blocking PortAudio stream."""

    def __init__(self) -> None:
        try:
            import sounddevice as sd
        except OSError as exc:  # the PortAudio library is missing
            raise AudioError(NO_DEVICE.format(exc)) from None
        self.sd = sd
        try:
            self.stream: Any = sd.OutputStream(samplerate=RATE, channels=1, dtype="float32",
                                               latency=LATENCY)
        except Exception as exc:  # PortAudioError, ValueError: no usable device
            raise AudioError(NO_DEVICE.format(_first_line(exc))) from None
        self.latency = float(self.stream.latency)
        self.t0: float | None = None
        self.written = 0
        self.primer: list[np.ndarray] = []   # the first blocks, held until there are enough

    def write(self, block: np.ndarray) -> None:
        block = np.ascontiguousarray(block, np.float32).reshape(-1, 1)
        self.written += len(block)
        if self.t0 is None:
            # started once PRIMED seconds are queued (rendering them takes milliseconds): a
            # stream started on one block underruns if the next one is late at all
            self.primer.append(block)
            if self.written >= PRIMED * RATE:
                self._start()
            return
        self.stream.write(block)

    def _start(self) -> None:
        self.stream.start()
        self.t0 = float(self.stream.time) + self.latency
        self.stream.write(np.concatenate(self.primer or [np.zeros((0, 1), np.float32)]))
        self.primer = []

    def played(self) -> int:
        if self.t0 is None:
            return 0
        return max(0, min(self.written, int((self.stream.time - self.t0) * RATE)))

    def drain(self) -> None:
        if self.t0 is None and self.primer:  # less than PRIMED seconds in all
            self._start()
        if self.t0 is not None:
            self.stream.stop()  # a stop (not an abort) plays out what is queued

    def close(self) -> None:
        try:
            self.stream.abort()
            self.stream.close()
        except Exception:
            pass


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
