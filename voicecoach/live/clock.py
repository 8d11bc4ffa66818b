"""The clock live play is paced by (seconds, monotonic), apart from the sinks so that a
command can make one without loading numpy."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float: ...

    def sleep_until(self, t: float) -> None: ...


class RealClock:
    """Monotonic time; waits are to absolute deadlines, so they never add up errors."""

    def now(self) -> float:
        return time.monotonic()

    def sleep_until(self, t: float) -> None:
        delay = t - time.monotonic()
        if delay > 0:
            time.sleep(delay)
